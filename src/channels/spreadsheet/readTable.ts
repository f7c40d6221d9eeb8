import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';
// Type only: ExcelJS takes ~0.4 s to load, so it is imported when an XLSX file is actually read.
import type ExcelJS from 'exceljs';

/**
 * Reads a spreadsheet a seller exported (CSV in UTF-8 or GB18030/GBK, or XLSX) as a header and a
 * stream of rows of text. Rows are numbered as the spreadsheet shows them: the header is row 1.
 * Both readers stream, so a million-row file is read in constant memory.
 */

export interface TableRow {
  row: number;
  values: string[];
}

export interface Table {
  headers: string[];
  /** The rows after the header, in batches of a few hundred, in file order. */
  rows: AsyncIterable<TableRow[]>;
  /** Work done so far, for a progress bar: bytes read for CSV, rows read for XLSX. */
  progress(): { done: number; total: number | undefined };
  /** How the file was read, e.g. `csv, gb18030, ","` or `xlsx, sheet "Catalog"`. */
  describe: string;
}

export interface ReadOptions {
  /** Text encoding of a CSV; detected when absent (UTF-8 with or without BOM, else GB18030). */
  encoding?: string | undefined;
  /** XLSX sheet, by name or 1-based number; the first sheet when absent. */
  sheet?: string | undefined;
}

export class TableError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(`${file}: ${message}`);
  }
}

export async function openTable(file: string, options: ReadOptions = {}): Promise<Table> {
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return openXlsx(file, options);
  if (ext === '.xls')
    throw new TableError('old .xls workbooks cannot be read: save it as .xlsx or CSV', file);
  return openCsv(file, options);
}

const SAMPLE_BYTES = 64 * 1024;

/** UTF-8 if the first 64 KiB decode as UTF-8, else GB18030 (a superset of GBK and GB2312). */
export function detectEncoding(sample: Uint8Array): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  try {
    // stream: true tolerates a character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** The delimiter Excel used: a comma, or a semicolon or tab in some locales' exports. */
function detectDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

async function openCsv(file: string, options: ReadOptions): Promise<Table> {
  const size = (
    await stat(file).catch(() => {
      throw new TableError('file not found', file);
    })
  ).size;
  const handle = await open(file, 'r');
  const sample = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
  await handle.read(sample, 0, sample.length, 0);
  await handle.close();

  const encoding = options.encoding ?? detectEncoding(sample);
  let firstLine: string;
  try {
    firstLine = new TextDecoder(encoding).decode(sample);
  } catch {
    throw new TableError(`unknown encoding "${encoding}" (try utf-8 or gb18030)`, file);
  }
  const delimiter = detectDelimiter(firstLine.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '');

  let bytesRead = 0;
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  source.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const parser = parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true });
  // UTF-8 bytes go straight to the parser; other encodings are decoded to text first.
  const utf8 = /^utf-?8$/i.test(encoding);
  const decoded = utf8 ? source : source.pipe(decodeText(encoding));
  decoded.on('error', (e: Error) => parser.destroy(e));
  decoded.pipe(parser);

  const records = batchesOf<string[]>(parser, BATCH_SIZE);
  let pending: string[][] = [];
  let headers: string[] | undefined;
  try {
    // next(), not a for-await with break: breaking would close the generator for the rows after.
    const first = await records.next();
    if (!first.done) {
      headers = first.value[0];
      pending = first.value.slice(1);
    }
  } catch (e) {
    throw new TableError(`not a readable CSV: ${(e as Error).message}`, file);
  }
  if (!headers) throw new TableError('the file is empty', file);

  async function* rows(): AsyncIterable<TableRow[]> {
    let row = 1;
    const number = (records: string[][]) => {
      const out: TableRow[] = [];
      for (const values of records) {
        row++;
        if (!isBlank(values)) out.push({ row, values });
      }
      return out;
    };
    if (pending.length) yield number(pending);
    try {
      for await (const batch of records) yield number(batch);
    } catch (e) {
      throw new TableError(`row ${row + 1}: ${(e as Error).message}`, file);
    }
  }
  return {
    headers,
    rows: rows(),
    progress: () => ({ done: bytesRead, total: size }),
    describe: `csv, ${encoding}, ${JSON.stringify(delimiter)}`,
  };
}

const BATCH_SIZE = 500;

function isBlank(values: string[]): boolean {
  for (const v of values) if (v.trim() !== '') return false;
  return true;
}

/** A stream transform from bytes in `encoding` to text (TextDecoder knows GB18030, Shift_JIS…). */
function decodeText(encoding: string): Transform {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    decodeStrings: true,
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

/**
 * Reads an object stream in arrays of up to `size` items: one await per batch instead of one per
 * row, which matters at a million rows.
 */
async function* batchesOf<T>(stream: Readable, size: number): AsyncGenerator<T[]> {
  let failure: Error | undefined;
  stream.on('error', (e) => {
    failure = e;
  });
  let batch: T[] = [];
  while (true) {
    while (batch.length < size) {
      const item = stream.read() as T | null;
      if (item === null) break;
      batch.push(item);
    }
    if (failure) throw failure;
    const ended = stream.readableEnded || stream.destroyed;
    // The parser buffers only a few records: gather across reads until the batch is full.
    if (batch.length === size || (ended && batch.length > 0)) {
      yield batch;
      batch = [];
      continue;
    }
    if (ended) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('readable', done);
        stream.off('end', done);
        stream.off('error', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('readable', done);
      stream.on('end', done);
      stream.on('error', done);
      stream.on('close', done);
    });
  }
}

/** Text of an ExcelJS cell value: numbers as written, rich text joined, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // Excel shows at most 15 significant digits: a price computed as =200*1.15 is stored as
  // 229.99999999999997 and shown, and meant, as 230.
  if (typeof value === 'number') return String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  return '';
}

async function openXlsx(file: string, options: ReadOptions): Promise<Table> {
  await stat(file).catch(() => {
    throw new TableError('file not found', file);
  });
  const { default: Excel } = await import('exceljs');
  const reader = new Excel.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const wanted = options.sheet;
  let index = 0;
  let sheet: AsyncIterable<ExcelJS.Row> | undefined;
  let sheetName = '';
  const names: string[] = [];
  for await (const ws of reader as AsyncIterable<
    AsyncIterable<ExcelJS.Row> & { name?: string; id?: number }
  >) {
    index++;
    const name = ws.name ?? `Sheet${index}`;
    names.push(name);
    if (wanted === undefined || wanted === name || wanted === String(index)) {
      sheet = ws;
      sheetName = name;
      break;
    }
    // Skip this sheet's rows to reach the next one.
    for await (const _ of ws) {
    }
  }
  if (!sheet) throw new TableError(`no sheet "${wanted}" (sheets: ${names.join(', ')})`, file);

  const iterator = sheet[Symbol.asyncIterator]();
  const toValues = (r: ExcelJS.Row) => {
    const raw = r.values as ExcelJS.CellValue[];
    const values: string[] = [];
    for (let i = 1; i < raw.length; i++) values.push(cellText(raw[i]).trim());
    return values;
  };
  let headerRow: ExcelJS.Row | undefined;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    if (toValues(next.value).some(Boolean)) {
      headerRow = next.value;
      break;
    }
  }
  if (!headerRow) throw new TableError(`sheet "${sheetName}" is empty`, file);
  let rowsRead = 0;
  async function* rows(): AsyncIterable<TableRow[]> {
    let batch: TableRow[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      rowsRead++;
      const values = toValues(next.value);
      if (values.some(Boolean)) batch.push({ row: next.value.number, values });
      if (batch.length === BATCH_SIZE) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }
  return {
    headers: toValues(headerRow),
    rows: rows(),
    progress: () => ({ done: rowsRead, total: undefined }),
    describe: `xlsx, sheet "${sheetName}"`,
  };
}
