import { randomUUID } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { openTable } from '../channels/spreadsheet/readTable.ts';
import { readHeader } from '../domain/catalog/catalogColumns.ts';
import type { Fit } from '../domain/fit/assessFit.ts';
import { parseRate } from '../domain/money/money.ts';
import type { Reason } from '../domain/policy/reasons.ts';
import { fitReason, type Lang, reasonMessage } from '../i18n/messages.ts';
import type { Store } from '../store/openDatabase.ts';
import { inTransaction, now } from '../store/transaction.ts';
import { CatalogChecker, DuplicateSkus } from './checkCatalog.ts';
import { loadFitConfig, loadPolicy } from './loadConfig.ts';

/**
 * A catalog check run for the web: the upload is checked in the background, batch by batch, and
 * each result is stored with its reasons as data so the dashboard can page, filter and show them
 * in the reader's language. Progress is kept on the job row for any server process to report.
 */

export interface CheckJobOptions {
  policy: string;
  usdMxn: string | null;
}

/** A result as stored: reasons and fit as data, rendered per request language by `renderResult`. */
export interface StoredResult {
  row: number;
  sku: string;
  title: string;
  verdict: string;
  category: string | null;
  reasons: Reason[];
  fit: Fit;
  priceMxn: number | null;
}

/** Checks a catalog file already on disk (the demo's): copied where uploads live, then run to the end. */
export async function checkFileNow(
  store: Store,
  job: { organizationId: string; file: string; actor: string; uploadDir: string; options: CheckJobOptions },
): Promise<string> {
  const id = await createCheckJob(store, { ...job, fileName: basename(job.file) });
  await mkdir(job.uploadDir, { recursive: true });
  const copy = join(job.uploadDir, `${id}${extname(job.file).toLowerCase()}`);
  await copyFile(job.file, copy);
  await runCheckJob(store, id, copy);
  return id;
}

export async function createCheckJob(
  store: Store,
  job: { organizationId: string; fileName: string; actor: string; options: CheckJobOptions },
): Promise<string> {
  const id = randomUUID();
  const at = now();
  await store.db
    .insertInto('check_jobs')
    .values({
      id,
      organization_id: job.organizationId,
      file_name: job.fileName,
      status: 'queued',
      rows_done: 0,
      rows_total: null,
      summary: null,
      error: null,
      options: JSON.stringify(job.options),
      actor: job.actor,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

const RESULT_BATCH = 500;

/** Checks the file and stores every result; the job ends `done` or `failed` with a message. */
export async function runCheckJob(
  store: Store,
  jobId: string,
  file: string,
  onProgress?: () => void,
): Promise<void> {
  const job = await store.db
    .selectFrom('check_jobs')
    .selectAll()
    .where('id', '=', jobId)
    .executeTakeFirstOrThrow();
  const options = JSON.parse(job.options) as CheckJobOptions;
  const setStatus = (
    change: Partial<{
      status: 'running' | 'done' | 'failed';
      rows_done: number;
      rows_total: number | null;
      summary: string;
      error: string;
    }>,
  ) =>
    store.db
      .updateTable('check_jobs')
      .set({ ...change, updated_at: now() })
      .where('id', '=', jobId)
      .execute();
  try {
    await setStatus({ status: 'running' });
    const policy = await loadPolicy(options.policy);
    const usdMxn = options.usdMxn ? parseRate(options.usdMxn, 'USD', 'MXN') : undefined;
    const table = await openTable(file);
    const header = readHeader(table.headers);
    if (header.missing.length)
      throw new Error(
        `missing required column ${header.missing.join(', ')}; headers found: ${table.headers.join(', ') || '(none)'}`,
      );
    const checker = new CatalogChecker(
      { policy, merchant: undefined, usdMxn: usdMxn ?? undefined, fit: await loadFitConfig(), lang: 'en' },
      header.columns,
    );
    const duplicates = new DuplicateSkus(header.columns.sku);
    let done = 0;
    for await (const rows of table.rows) {
      const stored: StoredResult[] = [];
      for (const { row, values } of rows) {
        const r = checker.check({ row, values, duplicateOf: duplicates.firstRowOf(values, row) });
        const last = checker.last as NonNullable<typeof checker.last>;
        stored.push({
          row,
          sku: r.sku,
          title: last.title,
          verdict: r.verdict,
          category: r.category,
          reasons: last.reasons,
          fit: last.fit,
          priceMxn: r.price_mxn,
        });
      }
      for (let i = 0; i < stored.length; i += RESULT_BATCH) {
        const part = stored.slice(i, i + RESULT_BATCH);
        await inTransaction(store, (trx) =>
          trx
            .insertInto('check_results')
            .values(
              part.map((r) => ({
                job_id: jobId,
                row: r.row,
                sku: r.sku,
                title: r.title,
                verdict: r.verdict,
                category: r.category,
                reason_codes: ` ${[...new Set(r.reasons.map((x) => x.code))].join(' ')} `,
                result: JSON.stringify(r),
              })),
            )
            .execute(),
        );
      }
      done += rows.length;
      const { done: read, total } = table.progress();
      // CSV progress is in bytes: the total rows is estimated from the share of the file read.
      const estimate = total && read ? Math.max(done, Math.round((done * total) / read)) : null;
      await setStatus({ rows_done: done, rows_total: estimate });
      onProgress?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await setStatus({
      status: 'done',
      rows_done: done,
      rows_total: done,
      summary: JSON.stringify(checker.summary.toJSON()),
    });
  } catch (e) {
    await setStatus({ status: 'failed', error: (e as Error).message });
  }
  onProgress?.();
}

export function renderResult(r: StoredResult, lang: Lang, policy: Awaited<ReturnType<typeof loadPolicy>>) {
  return {
    row: r.row,
    sku: r.sku,
    title: r.title,
    verdict: r.verdict,
    category: r.category,
    reasons: r.reasons.map((x) => ({ code: x.code, message: reasonMessage(x, lang, policy), fact: x.fact })),
    fit: { grade: r.fit.grade, flags: r.fit.flags, reason: fitReason(r.fit, lang) },
    priceMxn: r.priceMxn,
  };
}
