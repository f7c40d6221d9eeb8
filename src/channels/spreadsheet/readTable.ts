import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
// Type only: ExcelJS takes ~0.4 s to load, so it is imported when an XLSX file is actually read.
import type ExcelJS from 'exceljs';
import { type FileProblem, fileProblemMessage } from '../../i18n/fileProblems.ts';
import type { Lang } from '../../i18n/messages.ts';
import { type Notice, noticeMessage } from '../../i18n/notices.ts';
import { DecodeLines, detectEncoding, sampleOf } from './decodeText.ts';
import { sniffFile } from './sniffFile.ts';

/**
 * Reads a spreadsheet a seller exported (CSV in UTF-8, UTF-16, GB18030/GBK, Windows-1252…, or XLSX)
 * as a header and a stream of rows of text. Rows are numbered as the spreadsheet shows them: the header is row 1.
 * What a file is comes from its content, not its name (sniffFile.ts): a PDF or an image named `.csv`
 * is refused as what it is, and an XLSX named `.csv` is read as the workbook it is.
 * Both readers stream, so a million-row file is read in constant memory.
 */

export interface TableRow {
  row: number;
  values: string[];
  /** Why the row cannot be trusted (undecodable bytes, the file cut inside it): a row error. */
  problem?: string;
  /** The same, for the command line to word in the user's language. */
  problemNotice?: Notice;
  /** Something to check but not refuse, e.g. the last row has no line end. */
  warning?: string;
  /** The same, for the command line to word in the user's language. */
  warningNotice?: Notice;
}

/** A row refused by the reader: the English as its problem, the notice for other languages. */
function setProblem(r: TableRow, notice: Notice): TableRow {
  r.problem = noticeMessage(notice, 'en');
  r.problemNotice = notice;
  return r;
}

export interface Table {
  headers: string[];
  /** The rows after the header, in batches of a few hundred, in file order. */
  rows: AsyncIterable<TableRow[]>;
  /** Work done so far, for a progress bar: bytes read for CSV, rows read for XLSX. */
  progress(): { done: number; total: number | undefined };
  /** How the file was read, e.g. `csv, gb18030, ","` or `xlsx, sheet "Catalog"`. */
  describe: string;
  /** Set when a CSV was read in an encoding other than UTF-8: which one, and why. */
  encodingWarning?: string;
  encodingNotice?: Notice;
}

export interface ReadOptions {
  /** Text encoding of a CSV; detected when absent (byte order mark, UTF-8, else a detector). */
  encoding?: string | undefined;
  /** XLSX sheet, by name or 1-based number; the first sheet when absent. */
  sheet?: string | undefined;
}

export { detectEncoding } from './decodeText.ts';

/** A whole file that cannot be read, and why, as data: said in the user's language at the edge. */
export class TableError extends Error {
  constructor(
    readonly problem: FileProblem,
    readonly file: string,
  ) {
    super(fileProblemMessage(problem, 'en', file));
  }

  /** In `lang`, naming the file `name`: an upload by its own name, never by where the server keeps it. */
  say(lang: Lang, name: string = this.file): string {
    return fileProblemMessage(this.problem, lang, name);
  }
}

export async function openTable(file: string, options: ReadOptions = {}): Promise<Table> {
  const kind = await sniffFile(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'EISDIR') throw new TableError({ code: 'not_found' }, file);
    throw e;
  });
  switch (kind) {
    case 'csv':
      return openCsv(file, options);
    case 'xlsx':
      return openXlsx(file, options);
    case 'empty':
      throw new TableError({ code: 'empty' }, file);
    case 'xls':
      throw new TableError({ code: 'old_xls' }, file);
    default:
      throw new TableError({ code: 'not_a_table', kind }, file);
  }
}

/** The delimiter Excel used: a comma, or a semicolon or tab in some locales' exports. */
function detectDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

async function openCsv(file: string, options: ReadOptions): Promise<Table> {
  const { size } = await stat(file);
  const { head, sample } = await sampleOf(file, size);

  const encoding = (options.encoding ?? detectEncoding(sample)).toLowerCase();
  let firstLine: string;
  try {
    firstLine = new TextDecoder(encoding).decode(head);
  } catch {
    throw new TableError({ code: 'unknown_encoding', encoding }, file);
  }
  const delimiter = detectDelimiter(firstLine.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 1)[0] ?? '');

  let bytesRead = 0;
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  source.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const parser = parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true });
  const text = new DecodeLines(encoding);
  source.on('error', (e: Error) => parser.destroy(e));
  text.on('error', (e: Error) => parser.destroy(e));
  source.pipe(text).pipe(parser);

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
    throw new TableError({ code: 'unreadable_csv', detail: (e as Error).message }, file);
  }
  if (!headers) throw new TableError({ code: 'empty' }, file);
  const width = headers.length;

  async function* rows(): AsyncIterable<TableRow[]> {
    let row = 1;
    const number = (records: string[][]) => {
      const out: TableRow[] = [];
      for (const values of records) {
        row++;
        if (isBlank(values)) continue;
        const r: TableRow = { row, values };
        // TextDecoder puts U+FFFD where bytes do not decode: refuse the row rather than store it.
        const bad = values.findIndex((v) => v.includes('\uFFFD'));
        if (bad >= 0) setProblem(r, { key: 'row_undecodable', params: { column: bad + 1, encoding } });
        out.push(r);
      }
      return out;
    };
    // One batch is held back, so the last row can be marked when the file turns out to be cut.
    let held: TableRow[] = number(pending);
    try {
      for await (const batch of records) {
        if (held.length) yield held;
        held = number(batch);
      }
    } catch (e) {
      if ((e as { code?: string }).code !== 'CSV_QUOTE_NOT_CLOSED')
        throw new TableError(
          { code: 'unreadable_csv', detail: `row ${row + 1}: ${(e as Error).message}` },
          file,
        );
      if (held.length) yield held;
      yield [setProblem({ row: row + 1, values: [] }, { key: 'file_cut_in_quote' })];
      return;
    }
    const last = held.at(-1);
    if (last && !text.endedWithLineEnd && !last.problem) {
      if (last.values.length < width)
        setProblem(last, { key: 'file_cut_in_row', params: { got: last.values.length, width } });
      else {
        const notice: Notice = { key: 'last_row_no_line_end' };
        last.warningNotice = notice;
        last.warning = noticeMessage(notice, 'en');
      }
    }
    if (held.length) yield held;
  }
  const utf8 = encoding === 'utf-8' || encoding === 'utf8';
  const encodingNotice: Notice = {
    key: 'encoding_read_as',
    params: { file, encoding, given: options.encoding ? 1 : 0 },
  };
  return {
    headers,
    rows: rows(),
    progress: () => ({ done: bytesRead, total: size }),
    describe: `csv, ${encoding}, ${JSON.stringify(delimiter)}`,
    ...(utf8
      ? {}
      : {
          encodingWarning: noticeMessage(encodingNotice, 'en'),
          encodingNotice,
        }),
  };
}

const BATCH_SIZE = 500;

function isBlank(values: string[]): boolean {
  for (const v of values) if (v.trim() !== '') return false;
  return true;
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
    if (failure) {
      // The rows read before the failure are whole: hand them over first (a file cut at its end).
      if (batch.length) yield batch;
      throw failure;
    }
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
  if (!sheet) throw new TableError({ code: 'no_sheet', sheet: wanted ?? '', sheets: names }, file);

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
  if (!headerRow) throw new TableError({ code: 'sheet_empty', sheet: sheetName }, file);
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
