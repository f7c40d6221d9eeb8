import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type Notice, noticeMessage } from '../../i18n/notices.ts';
import { cellText, detectEncoding, openTable, type TableRow } from './readTable.ts';

const dir = mkdtempSync(join(tmpdir(), 'puente-read-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string, options = {}) {
  const table = await openTable(path, options);
  const rows: TableRow[] = [];
  for await (const batch of table.rows) rows.push(...batch);
  return { headers: table.headers, rows, describe: table.describe };
}

const catalog = (n: number) =>
  `sku,title\n${Array.from({ length: n }, (_, i) => `S${i + 1},Item ${i + 1}`).join('\n')}\n`;

describe('openTable on CSV', () => {
  it.each([1, 499, 500, 501, 1000, 1001, 2345])(
    'reads every one of %i rows, across batch boundaries',
    async (n) => {
      const { rows } = await readAll(file(`n${n}.csv`, catalog(n)));
      expect(rows).toHaveLength(n);
      expect(rows[0]).toEqual({ row: 2, values: ['S1', 'Item 1'] });
      expect(rows.at(-1)).toEqual({ row: n + 1, values: [`S${n}`, `Item ${n}`] });
    },
  );

  it('numbers rows as the spreadsheet does, skipping blank lines without renumbering', async () => {
    const { rows } = await readAll(file('blank.csv', 'sku,title\nA,One\n\n,\nB,"Two\nlines"\nC,Three\n'));
    expect(rows.map((r) => [r.row, r.values[0]])).toEqual([
      [2, 'A'],
      [5, 'B'],
      [6, 'C'],
    ]);
  });

  it('finds the delimiter Excel used (comma, semicolon or tab)', async () => {
    const semicolon = await readAll(file('semi.csv', 'sku;title;price\nA;Uno, dos;12.50\n'));
    expect(semicolon.rows[0]?.values).toEqual(['A', 'Uno, dos', '12.50']);
    const tab = await readAll(file('tab.csv', 'sku\ttitle\nA\tOne\n'));
    expect(tab.rows[0]?.values).toEqual(['A', 'One']);
  });

  it('strips a UTF-8 byte order mark from the first header', async () => {
    const { headers } = await readAll(file('bom.csv', `\uFEFF${catalog(1)}`));
    expect(headers).toEqual(['sku', 'title']);
  });

  it('reads GB18030 (GBK) as Excel on Chinese Windows saves it', async () => {
    // "标题,价格\n数据线,25" in GB18030.
    const gbk = Buffer.from('b1eacce22cbcdbb8f10acafdbeddcfdf2c32350a', 'hex');
    const { headers, rows, describe } = await readAll(file('gbk.csv', gbk));
    expect(headers).toEqual(['标题', '价格']);
    expect(rows[0]?.values).toEqual(['数据线', '25']);
    expect(describe).toContain('gb18030');
  });

  it('reads CRLF, LF and lone CR mixed in one file as line ends, every row kept', async () => {
    const { rows } = await readAll(file('mixed.csv', 'sku,title\r\nA,One\nB,Two\rC,Three\r\nD,Four\n'));
    expect(rows.map((r) => [r.row, ...r.values])).toEqual([
      [2, 'A', 'One'],
      [3, 'B', 'Two'],
      [4, 'C', 'Three'],
      [5, 'D', 'Four'],
    ]);
  });

  it('reads Latin-1 / Windows-1252 Spanish from Excel right, and says which encoding it used', async () => {
    // Windows-1252 bytes: á 0xE1, ñ 0xF1, curly quotes 0x93 and 0x94.
    const bytes = Buffer.from('sku,title\nCH-1,Cargador rápido\nNI-2,Muñeca \x93niño\x94\n', 'latin1');
    const { rows, describe } = await readAll(file('latin1.csv', bytes));
    expect(rows.map((r) => r.values[1])).toEqual(['Cargador rápido', 'Muñeca “niño”']);
    expect(rows.every((r) => r.problem === undefined)).toBe(true);
    expect(describe).toContain('windows-1252');
    const table = await openTable(join(dir, 'latin1.csv'));
    expect(table.encodingWarning).toMatch(/read as windows-1252 \(detected, not UTF-8\)/);
    expect((await openTable(file('plain.csv', catalog(1)))).encodingWarning).toBeUndefined();
  });

  it('finds an accent far down a long ASCII file', async () => {
    const long = `${catalog(5000)}X-1,Cargador rápido\n`;
    const { rows } = await readAll(file('late.csv', Buffer.from(long, 'latin1')));
    expect(rows.at(-1)?.values).toEqual(['X-1', 'Cargador rápido']);
  });

  it('reads UTF-16LE and UTF-16BE with a byte order mark', async () => {
    const text = '\uFEFFsku\ttitle\r\nCH-1\tCargador rápido\r\n';
    const le = await readAll(file('le.csv', Buffer.from(text, 'utf16le')));
    expect(le.headers).toEqual(['sku', 'title']);
    expect(le.rows).toEqual([{ row: 2, values: ['CH-1', 'Cargador rápido'] }]);
    const be = await readAll(file('be.csv', Buffer.from(text, 'utf16le').swap16()));
    expect(be.rows).toEqual([{ row: 2, values: ['CH-1', 'Cargador rápido'] }]);
    expect(be.describe).toContain('utf-16be');
  });

  it('makes undecodable bytes a row problem naming the column, not U+FFFD stored', async () => {
    const bad = Buffer.concat([
      Buffer.from('sku,title\nA,Good\nB,Bad '),
      Buffer.from([0xff]),
      Buffer.from('\nC,Good too\n'),
    ]);
    const { rows } = await readAll(file('bad.csv', bad), { encoding: 'utf-8' });
    expect(rows.map((r) => [r.row, r.problem])).toEqual([
      [2, undefined],
      [3, expect.stringMatching(/^column 2: bytes that are not utf-8 text/)],
      [4, undefined],
    ]);
    // Worded again in the user's language where a person reads it.
    const notice = rows[1]?.problemNotice as Notice;
    expect(noticeMessage(notice, 'zh')).toMatch(/^第 2 列：有不是 utf-8 文本的字节/);
    expect(noticeMessage(notice, 'es')).toMatch(/^columna 2: hay bytes que no son texto utf-8/);
  });

  it('marks a last row cut inside a quote or short of columns as a problem, and a missing line end as a warning', async () => {
    const quote = await readAll(file('cut-quote.csv', 'sku,title,price\nA,One,1\nB,"Two is cu'));
    expect(quote.rows.map((r) => [r.row, r.problem?.slice(0, 40)])).toEqual([
      [2, undefined],
      [3, 'the file ends inside a quoted field that'],
    ]);
    const short = await readAll(file('cut-short.csv', 'sku,title,price\nA,One,1\nB,Tw'));
    expect(short.rows[1]?.problem).toMatch(/^the file ends in this row, after 2 of 3 columns/);
    const cut = short.rows[1]?.problemNotice as Notice;
    expect(noticeMessage(cut, 'zh')).toBe('文件在本行结束，只有 3 列中的 2 列：文件似乎不完整，本行未导入');
    expect(noticeMessage(cut, 'es')).toMatch(/^el archivo termina en esta fila, después de 2 de 3 columnas/);
    const noEnd = await readAll(file('no-end.csv', 'sku,title,price\nA,One,1\nB,Two,2'));
    expect(noEnd.rows[1]).toMatchObject({ row: 3, values: ['B', 'Two', '2'] });
    expect(noEnd.rows[1]?.warning).toMatch(/^the last row has no line end/);
    expect(
      (await readAll(file('ends.csv', 'sku,title,price\nB,Two,2\r\n'))).rows[0]?.warning,
    ).toBeUndefined();
  });

  it('reports a missing file by name', async () => {
    await expect(openTable(join(dir, 'nope.csv'))).rejects.toThrow(/nope\.csv: file not found/);
  });
});

describe('detectEncoding', () => {
  it('takes UTF-8 when the bytes decode as UTF-8, even cut mid-character', () => {
    const utf8 = Buffer.from('标题,价格', 'utf8');
    expect(detectEncoding(utf8)).toBe('utf-8');
    expect(detectEncoding(utf8.subarray(0, 4))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('b1eacce2', 'hex'))).toBe('gb18030');
  });

  it('reads a byte order mark, and UTF-16 without one by its NULs', () => {
    expect(detectEncoding(Buffer.from('fffe7300', 'hex'))).toBe('utf-16le');
    expect(detectEncoding(Buffer.from('feff0073', 'hex'))).toBe('utf-16be');
    expect(detectEncoding(Buffer.from('sku,title\nA,Cargador rápido\n', 'utf16le'))).toBe('utf-16le');
  });
});

describe('openTable on XLSX', () => {
  it('reads the first sheet or the one named, with cell values as text', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['read me']);
    const sheet = workbook.addWorksheet('Catalog');
    sheet.addRow(['sku', 'title', 'price']);
    sheet.addRow(['A', { richText: [{ text: 'Rich ' }, { text: 'title' }] }, 12.5]);
    sheet.addRow([]);
    sheet.addRow(['B', 'Formula', { formula: '200*1.15', result: 229.99999999999997 }]);
    const path = join(dir, 'book.xlsx');
    await workbook.xlsx.writeFile(path);

    expect((await readAll(path)).headers).toEqual(['read me']);
    const { rows } = await readAll(path, { sheet: 'Catalog' });
    expect(rows).toEqual([
      { row: 2, values: ['A', 'Rich title', '12.5'] },
      { row: 4, values: ['B', 'Formula', '230'] },
    ]);
    expect((await readAll(path, { sheet: '2' })).rows).toHaveLength(2);
    await expect(openTable(path, { sheet: 'Missing' })).rejects.toThrow(
      /no sheet "Missing" \(sheets: Notes, Catalog\)/,
    );
  });

  it('turns every kind of cell into the text a person sees', () => {
    expect(cellText(0.1 + 0.2)).toBe('0.3');
    expect(cellText(true)).toBe('true');
    expect(cellText(new Date('2026-04-01T00:00:00Z'))).toBe('2026-04-01');
    expect(cellText({ text: 'link', hyperlink: 'https://example.com' })).toBe('link');
    expect(cellText(null)).toBe('');
  });
});
