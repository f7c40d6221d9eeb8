import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

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
  rows: AsyncIterable<TableRow>;
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
  if (ext === '.xls') throw new TableError('old .xls workbooks cannot be read: save it as .xlsx or CSV', file);
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
  const size = (await stat(file).catch(() => {
    throw new TableError('file not found', file);
  })).size;
  const handle = await open(file, 'r');
  const sample = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
  await handle.read(sample, 0, sample.length, 0);
  await handle.close();

  const encoding = options.encoding ?? detectEncoding(sample);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: false });
  } catch {
    throw new TableError(`unknown encoding "${encoding}" (try utf-8 or gb18030)`, file);
  }
  const firstLine = new TextDecoder(encoding).decode(sample).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = detectDelimiter(firstLine);

  let bytesRead = 0;
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  source.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const parser = parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true });
  (async () => {
    try {
      for await (const chunk of source) {
        const text = decoder.decode(chunk as Buffer, { stream: true });
        if (!parser.write(text)) await new Promise((resolve) => parser.once('drain', resolve));
      }
      parser.end(decoder.decode());
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();

  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const first = await records.next().catch((e: Error) => {
    throw new TableError(`not a readable CSV: ${e.message}`, file);
  });
  if (first.done) throw new TableError('the file is empty', file);
  const headers = first.value;

  async function* rows(): AsyncIterable<TableRow> {
    let row = 1;
    while (true) {
      let next: IteratorResult<string[]>;
      try {
        next = await records.next();
      } catch (e) {
        throw new TableError(`row ${row + 1}: ${(e as Error).message}`, file);
      }
      if (next.done) return;
      row++;
      if (next.value.every((v) => v.trim() === '')) continue;
      yield { row, values: next.value };
    }
  }
  return {
    headers,
    rows: rows(),
    progress: () => ({ done: bytesRead, total: size }),
    describe: `csv, ${encoding}, ${JSON.stringify(delimiter)}`,
  };
}

/** Text of an ExcelJS cell value: numbers as written, rich text joined, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
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
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
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
  for await (const ws of reader as AsyncIterable<AsyncIterable<ExcelJS.Row> & { name?: string; id?: number }>) {
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
  async function* rows(): AsyncIterable<TableRow> {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      rowsRead++;
      const values = toValues(next.value);
      if (values.some(Boolean)) yield { row: next.value.number, values };
    }
  }
  return {
    headers: toValues(headerRow),
    rows: rows(),
    progress: () => ({ done: rowsRead, total: undefined }),
    describe: `xlsx, sheet "${sheetName}"`,
  };
}
