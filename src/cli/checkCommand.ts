import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { SingleBar } from 'cli-progress';
import { type Table, openTable } from '../channels/spreadsheet/readTable.ts';
import { type Format, createWriter } from '../channels/spreadsheet/resultWriters.ts';
import { readHeader } from '../domain/catalog/catalogColumns.ts';
import { parseRate } from '../domain/money/money.ts';
import type { Lang } from '../i18n/messages.ts';
import { CatalogChecker } from '../services/checkCatalog.ts';
import { loadFitConfig, loadMerchant, loadPolicy } from '../services/loadConfig.ts';
import { UsageError } from './usageError.ts';

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
  const usdMxn = o.usdMxn === undefined ? undefined : parseRate(o.usdMxn, 'USD', 'MXN');
  if (o.usdMxn !== undefined && !usdMxn) throw new UsageError(`--usd-mxn: "${o.usdMxn}" is not a rate such as 18.25`);
  const format = o.format ?? defaultFormat(o.out);
  if (format === 'xlsx' && !o.out) throw new UsageError('--format xlsx writes a file: add --out report.xlsx');

  const table = await openTable(file, { encoding: o.encoding, sheet: o.sheet });
  const header = readHeader(table.headers);
  if (header.missing.length) {
    throw new UsageError(
      `${file}: missing required column${header.missing.length > 1 ? 's' : ''} ${header.missing.join(', ')}. ` +
        `Headers found: ${table.headers.map((h) => JSON.stringify(h)).join(', ') || '(none)'}. ` +
        'Accepted names are listed in README.md (Catalog columns).',
    );
  }
  if (header.ignored.length) process.stderr.write(`note: ignored columns ${header.ignored.join(', ')}\n`);

  const out: Writable = o.out && format !== 'xlsx' ? createWriteStream(o.out) : process.stdout;
  const writer = createWriter({ format, out, outFile: o.out, policy, lang: o.lang, color: out === process.stdout && process.stdout.isTTY === true });
  const checker = new CatalogChecker({ policy, merchant, usdMxn, fit, lang: o.lang }, header.columns);
  const progress = startProgress(table);
  try {
    for await (const { row, values } of table.rows) {
      await writer.write(checker.check(values, row));
      progress?.tick();
    }
  } finally {
    progress?.stop();
  }
  await writer.finish(checker.summary);
  if (out !== process.stdout) {
    out.end();
    await finished(out);
  }
  if (o.out) process.stderr.write(`wrote ${checker.summary.rows} results to ${o.out}\n`);
}

/** A progress bar on stderr, only when a person watches it (stderr is a terminal). */
function startProgress(table: Table) {
  if (!process.stderr.isTTY) return undefined;
  const bar = new SingleBar({ stream: process.stderr, format: 'checking {bar} {percentage}% | {value}/{total}', hideCursor: true });
  const { total } = table.progress();
  bar.start(total ?? 0, 0);
  let rows = 0;
  return {
    tick() {
      if (++rows % 5000 === 0) bar.update(table.progress().done);
    },
    stop() {
      bar.update(table.progress().total ?? table.progress().done);
      bar.stop();
    },
  };
}
