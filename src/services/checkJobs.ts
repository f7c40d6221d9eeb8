import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { formatChunk } from '../channels/spreadsheet/formatResults.ts';
import { openTable, TableError } from '../channels/spreadsheet/readTable.ts';
import { createWriter } from '../channels/spreadsheet/resultWriters.ts';
import { missingColumns, readHeader } from '../domain/catalog/catalogColumns.ts';
import type { Fit } from '../domain/fit/assessFit.ts';
import { parseRate } from '../domain/money/money.ts';
import type { Policy } from '../domain/policy/policy.ts';
import type { Reason } from '../domain/policy/reasons.ts';
import { type FileProblem, fileProblemMessage } from '../i18n/fileProblems.ts';
import { fitReason, type Lang, reasonMessage } from '../i18n/messages.ts';
import {
  type CheckJobRow,
  checkJobOptions,
  checkJobOrganization,
  checkResults,
  insertCheckJob,
  insertCheckResults,
  updateCheckJob,
} from '../store/checkJobs.ts';
import type { Store } from '../store/openDatabase.ts';
import { now } from '../store/transaction.ts';
import { CatalogChecker, type CheckResult, CheckSummary, DuplicateSkus } from './checkCatalog.ts';
import { todayInMexico, usdMxnOn } from './fxRates.ts';
import { loadFitConfig, loadPolicy } from './loadConfig.ts';

/**
 * Catalog checks run for the web: an upload is checked in the background, batch by batch, and each
 * result is stored with its reasons as data, so the dashboard can page and filter them and read
 * them — or export them — in any language. Progress is on the job row, for any server to report.
 */

export interface CheckJobOptions {
  policy: string;
  usdMxn: string | null;
}

/** A result as stored: as checked (English text), plus its reasons and fit as data to re-render. */
interface StoredResult {
  result: CheckResult;
  title: string;
  reasons: Reason[];
  fit: Fit;
}

/** The job's upload, kept beside the data so the check can run after the request has been answered. */
export const uploadPath = (uploadDir: string, jobId: string, fileName: string) =>
  join(uploadDir, `${jobId}${extname(fileName).toLowerCase()}`);

export async function createCheckJob(
  store: Store,
  job: { id?: string; organizationId: string; fileName: string; actor: string; options: CheckJobOptions },
): Promise<string> {
  const id = job.id ?? randomUUID();
  const at = now();
  await insertCheckJob(store, {
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
  });
  return id;
}

// Checks run one after another: a burst of uploads queues instead of sharing the CPU with requests.
let queue: Promise<void> = Promise.resolve();

/** Queues the check of an uploaded file; `onProgress` hears of every stored batch. */
export function scheduleCheck(
  store: Store,
  jobId: string,
  file: string,
  onProgress?: () => void,
): Promise<void> {
  const run = queue.then(() => runCheckJob(store, jobId, file, onProgress));
  queue = run;
  return run;
}

/** Checks a catalog file already on disk (the demo's): copied where uploads live, then run to the end. */
export async function checkFileNow(
  store: Store,
  job: { organizationId: string; file: string; actor: string; uploadDir: string; options: CheckJobOptions },
): Promise<string> {
  const id = randomUUID();
  const copy = uploadPath(job.uploadDir, id, job.file);
  await mkdir(job.uploadDir, { recursive: true });
  await copyFile(job.file, copy);
  await createCheckJob(store, { ...job, id, fileName: basename(job.file) });
  await scheduleCheck(store, id, copy);
  return id;
}

const RESULT_BATCH = 500;

/** Checks the file and stores every result; the job ends `done` or `failed` with a message. */
async function runCheckJob(
  store: Store,
  jobId: string,
  file: string,
  onProgress?: () => void,
): Promise<void> {
  try {
    const options = JSON.parse(await checkJobOptions(store, jobId)) as CheckJobOptions;
    await updateCheckJob(store, jobId, { status: 'running' });
    const policy = await loadPolicy(options.policy);
    // Without a rate of its own, a check converts at the seller's USD/MXN rate of the day (`puente fx`).
    const usdMxn = options.usdMxn
      ? parseRate(options.usdMxn, 'USD', 'MXN')
      : (await usdMxnOn(store, await checkJobOrganization(store, jobId), todayInMexico()))?.exchangeRate;
    const table = await openTable(file);
    const header = readHeader(table.headers);
    if (header.missing.length)
      throw new TableError(
        { code: 'missing_columns', missing: missingColumns(header), found: table.headers },
        file,
      );
    const checker = new CatalogChecker(
      { policy, merchant: undefined, usdMxn: usdMxn ?? undefined, fit: await loadFitConfig(), lang: 'en' },
      header,
    );
    const duplicates = new DuplicateSkus(header.columns.sku);
    let done = 0;
    for await (const rows of table.rows) {
      const stored = rows.map(({ row, values }) => {
        const result = checker.check({ row, values, duplicateOf: duplicates.firstRowOf(values, row) });
        const last = checker.last as NonNullable<typeof checker.last>;
        return { result, title: last.title, reasons: last.reasons, fit: last.fit } satisfies StoredResult;
      });
      for (let i = 0; i < stored.length; i += RESULT_BATCH) {
        await insertCheckResults(
          store,
          stored.slice(i, i + RESULT_BATCH).map((s) => ({
            job_id: jobId,
            row: s.result.row,
            sku: s.result.sku,
            title: s.title,
            verdict: s.result.verdict,
            category: s.result.category,
            reason_codes: ` ${[...new Set(s.reasons.map((x) => x.code))].join(' ')} `,
            result: JSON.stringify(s),
          })),
        );
      }
      done += rows.length;
      const { done: read, total } = table.progress();
      // CSV progress is in bytes: the number of rows is estimated from the share of the file read.
      const estimate = total && read ? Math.max(done, Math.round((done * total) / read)) : null;
      await updateCheckJob(store, jobId, { rows_done: done, rows_total: estimate });
      onProgress?.();
      // Let requests in between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await updateCheckJob(store, jobId, {
      status: 'done',
      rows_done: done,
      rows_total: done,
      summary: JSON.stringify(checker.summary.toJSON()),
    });
  } catch (e) {
    await updateCheckJob(store, jobId, { status: 'failed', error: storedFailure(e, file) });
  }
  onProgress?.();
}

/**
 * Why a check failed, stored as data (`{"problem": …}`) so that each reader gets it in their
 * language, naming the file as they uploaded it. The upload's path on the server never appears.
 */
function storedFailure(e: unknown, file: string): string {
  const problem: FileProblem =
    e instanceof TableError
      ? e.problem
      : { code: 'check_failed', detail: String((e as Error)?.message ?? e).replaceAll(file, basename(file)) };
  return JSON.stringify({ problem });
}

/**
 * A failed job's error in `lang`. An error stored as plain text, before problems were data, is
 * shown as it is, with the upload's path on the server (…/uploads/<job id>.csv) put as the file's name.
 */
export function failureMessage(error: string, lang: Lang, fileName: string): string {
  let stored: { problem?: FileProblem } | null = null;
  try {
    stored = JSON.parse(error) as { problem?: FileProblem } | null;
  } catch {}
  if (stored?.problem) return fileProblemMessage(stored.problem, lang, fileName);
  return error.replace(/\S*uploads[\\/][0-9a-f-]{36}\.\w+/g, fileName);
}

/** A stored result in the reader's language, as the API shows it. */
export function renderResult(stored: string, lang: Lang, policy: Policy) {
  const s = JSON.parse(stored) as StoredResult;
  return {
    row: s.result.row,
    sku: s.result.sku,
    title: s.title,
    verdict: s.result.verdict,
    category: s.result.category,
    reasons: s.reasons.map((x) => ({ code: x.code, message: reasonMessage(x, lang, policy), fact: x.fact })),
    fit: { grade: s.fit.grade, flags: s.fit.flags, reason: fitReason(s.fit, lang) },
    priceMxn: s.result.price_mxn,
  };
}

const EXPORT_PAGE = 2000;

/**
 * The report of a finished job in `lang`, written to `outFile` from the stored results (the same
 * XLSX or CSV `puente check` writes), without checking the catalog again.
 */
export async function exportCheck(
  store: Store,
  job: CheckJobRow,
  o: { lang: Lang; format: 'xlsx' | 'csv'; outFile: string },
): Promise<void> {
  const { lang, format } = o;
  const policy = await loadPolicy((JSON.parse(job.options) as CheckJobOptions).policy);
  const out = format === 'csv' ? createWriteStream(o.outFile) : new PassThrough();
  const writer = await createWriter({
    format,
    out,
    outFile: o.outFile,
    policy,
    lang,
    color: false,
    source: { file: job.file_name, checkedAt: new Date(job.created_at) },
  });
  const summary = new CheckSummary();
  let after: number | null = null;
  for (;;) {
    const rows = await checkResults(store, job.id, { after, limit: EXPORT_PAGE });
    if (rows.length === 0) break;
    const results = rows.map((r) => {
      const s = JSON.parse(r.result) as StoredResult;
      const result: CheckResult = {
        ...s.result,
        reasons: s.reasons.map((x) => ({
          code: x.code,
          message: reasonMessage(x, lang, policy),
          fact: x.fact,
        })),
        fit: { ...s.result.fit, reason: fitReason(s.fit, lang) },
      };
      summary.add(result);
      return result;
    });
    const text = format === 'csv' ? formatChunk(results, 'csv', { lang, policy }) : '';
    await writer.write({ text, results });
    after = (rows[rows.length - 1] as { row: number }).row;
  }
  await writer.finish(summary);
  if (format === 'csv') {
    out.end();
    await finished(out);
  }
}
