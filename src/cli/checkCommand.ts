import { createWriteStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { openTable, type Table, TableError } from '../channels/spreadsheet/readTable.ts';
import { batchOutputFor, createWriter, type Format } from '../channels/spreadsheet/resultWriters.ts';
import { missingColumns, readHeader } from '../domain/catalog/catalogColumns.ts';
import { parseRate } from '../domain/money/money.ts';
import type { Lang } from '../i18n/messages.ts';
import { noticeMessage, warningLine } from '../i18n/notices.ts';
import {
  CheckSummary,
  DuplicateSkus,
  merchantEligibility,
  type RowToCheck,
} from '../services/checkCatalog.ts';
import { type CheckedBatch, inlineRunner, workerRunner } from '../services/checkRunner.ts';
import { fxNotice } from '../services/fxRates.ts';
import { checkDefaults } from '../services/landedCost.ts';
import { loadFitConfig, loadMerchant, loadPolicy } from '../services/loadConfig.ts';
import { openWorkspace } from '../services/organization.ts';
import { DEFAULT_SQLITE_FILE } from '../store/openDatabase.ts';
import { UsageError } from './usageError.ts';
import { wantedOrganizationOption } from './workspace.ts';

export interface CheckOptions {
  policy?: string;
  merchant?: string;
  usdMxn?: string;
  format?: Format;
  out?: string;
  lang: Lang;
  encoding?: string;
  sheet?: string;
  fitConfig?: string;
  jobs?: number;
  /** No notes on stderr (the server runs checks too). */
  quiet?: boolean;
}

/** The format a user most likely wants: a table on a terminal, else by the --out file's extension. */
export function defaultFormat(out: string | undefined): Format {
  const ext = out?.toLowerCase().match(/\.(\w+)$/)?.[1];
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'csv') return 'csv';
  if (ext === 'json') return 'json';
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  return !out && process.stdout.isTTY ? 'table' : 'ndjson';
}

export async function runCheck(file: string, o: CheckOptions): Promise<void> {
  const policy = await loadPolicy(o.policy);
  const merchant = o.merchant ? await loadMerchant(o.merchant, policy) : undefined;
  const fit = await loadFitConfig(o.fitConfig);
  let usdMxn = o.usdMxn === undefined ? undefined : parseRate(o.usdMxn, 'USD', 'MXN');
  if (o.usdMxn !== undefined && !usdMxn)
    throw new UsageError({ key: 'not_a_rate', params: { option: '--usd-mxn', value: o.usdMxn } });
  // With a workspace, --usd-mxn defaults to the rate of the day (`puente fx`), said on stderr, and
  // fit reads the route economics of the SKUs that have cost facts.
  const workspace = await workspaceDefaults();
  if (!usdMxn && workspace?.fx) {
    usdMxn = workspace.fx.exchangeRate;
    if (!o.quiet) process.stderr.write(`${noticeMessage(fxNotice(workspace.fx), o.lang)}\n`);
  }
  const format = o.format ?? defaultFormat(o.out);
  if (format === 'xlsx' && !o.out) throw new UsageError({ key: 'xlsx_needs_out' });

  const table = await openTable(file, { encoding: o.encoding, sheet: o.sheet });
  const header = readHeader(table.headers);
  if (header.missing.length)
    throw new TableError(
      { code: 'missing_columns', missing: missingColumns(header), found: table.headers },
      file,
    );
  if (table.encodingWarning && !o.quiet)
    process.stderr.write(
      `${warningLine({ rows: [], message: table.encodingWarning, notice: table.encodingNotice }, o.lang)}\n`,
    );
  if (header.ignored.length && !o.quiet)
    process.stderr.write(
      `${noticeMessage({ key: 'ignored_columns', params: { columns: header.ignored.join(', ') } }, o.lang)}\n`,
    );

  const out: Writable = o.out && format !== 'xlsx' ? createWriteStream(o.out) : process.stdout;
  const writer = await createWriter({
    format,
    out,
    outFile: o.out,
    policy,
    lang: o.lang,
    color: out === process.stdout && process.stdout.isTTY === true,
    source: { file: basename(file), checkedAt: new Date() },
  });
  const ctx = { policy, merchant, usdMxn, fit, lang: o.lang, economics: workspace?.economics };
  const workers = o.jobs === undefined ? await defaultWorkers(file) : o.jobs > 1 ? o.jobs : 0;
  const setup = {
    ctx,
    layout: { columns: header.columns, units: header.units },
    output: batchOutputFor(format),
  };
  const runner = workers > 0 ? workerRunner(setup, workers) : inlineRunner(setup);
  const summary = new CheckSummary();
  summary.merchant = merchantEligibility(ctx);

  const duplicates = new DuplicateSkus(header.columns.sku);
  const inFlight: Promise<CheckedBatch>[] = [];
  const progress = o.quiet ? undefined : startProgress(table);
  try {
    for await (const rows of table.rows) {
      const batch: RowToCheck[] = rows.map(({ row, values }) => ({
        row,
        values,
        duplicateOf: duplicates.firstRowOf(values, row),
      }));
      inFlight.push(runner.check(batch));
      progress?.tick(batch.length);
      // Keep a few batches per thread in flight; write the oldest, in input order.
      if (inFlight.length > 2 * Math.max(1, workers))
        await writer.write(await (inFlight.shift() as Promise<CheckedBatch>));
    }
    for (const pending of inFlight) await writer.write(await pending);
  } finally {
    progress?.stop();
    for (const part of await runner.finish()) summary.merge(part);
  }
  await writer.finish(summary);
  if (out !== process.stdout) {
    out.end();
    await finished(out);
  }
  if (o.out && !o.quiet)
    process.stderr.write(
      `${noticeMessage({ key: 'results_written', params: { rows: summary.data.rows, file: o.out } }, o.lang)}\n`,
    );
}

/** Below this size a catalog is checked on one thread: starting a worker would cost more than it saves. */
const PARALLEL_FROM_BYTES = 4_000_000;

/**
 * How many worker threads check while the main thread reads and parses the file (0: the main thread
 * checks too). `--jobs 1` keeps everything on one thread; by default a large file gets a worker even
 * on 2 cores: the reading and the checking of a 1M-row catalog then overlap (a two-stage pipeline),
 * while more than one worker on 2 cores only competes with the parser for the cores and costs memory
 * (measured: 2 workers were 1.15–1.5× faster than one thread and took 372 MB instead of 257 MB).
 */
async function defaultWorkers(file: string): Promise<number> {
  const { size } = await stat(file);
  const cores = availableParallelism();
  return size < PARALLEL_FROM_BYTES || cores < 2 ? 0 : Math.min(Math.max(cores - 1, 1), 4);
}

/** A progress bar on stderr, only when a person watches it (stderr is a terminal). */
function startProgress(table: Table) {
  if (!process.stderr.isTTY) return undefined;
  // Loaded only for a person at a terminal (CommonJS, so required where it is needed).
  const { SingleBar } = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'checking {bar} {percentage}% | {value}/{total}',
    hideCursor: true,
  });
  const { total } = table.progress();
  bar.start(total ?? 0, 0);
  let rows = 0;
  return {
    tick(n: number) {
      rows += n;
      if (rows % 5000 < n) bar.update(table.progress().done);
    },
    stop() {
      bar.update(table.progress().total ?? table.progress().done);
      bar.stop();
    },
  };
}

/** The rate of the day and route economics from the workspace, when there is one (never creates one). */
async function workspaceDefaults() {
  if (!process.env.DATABASE_URL && !existsSync(DEFAULT_SQLITE_FILE)) return undefined;
  const { store, org } = await openWorkspace(wantedOrganizationOption());
  try {
    return await checkDefaults(store, org);
  } finally {
    await store.close();
  }
}
