import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { openTable, TableError } from './readTable.ts';
import { sniffFile } from './sniffFile.ts';

const dir = mkdtempSync(join(tmpdir(), 'puente-sniff-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A workbook as Excel saves it, with one sheet of a catalog. */
async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Catalog').addRows([
    ['sku', 'title'],
    ['A1', 'USB-C cable'],
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A Word document: a ZIP, but not a workbook. */
async function wordDocument(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>');
  zip.file('word/document.xml', '<w:document/>');
  return zip.generateAsync({ type: 'nodebuffer' });
}

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb0043', 'hex');
const webp = Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(24, 7)]);
/** Bytes of a compiled program: every value from 0 to 255, over and over. */
const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256));

describe('sniffFile: what a file is, by its content', () => {
  it.each([
    ['a CSV', 'c.csv', Buffer.from('sku,title\nA1,Cable\n'), 'csv'],
    [
      'Excel’s "Unicode text" (UTF-16LE, no byte order mark)',
      'u.txt',
      Buffer.from('sku\ttitle\nA1\tCable\n', 'utf16le'),
      'csv',
    ],
    ['a GB18030 CSV', 'g.csv', Buffer.from('534b552cb1eacce20a', 'hex'), 'csv'],
    ['a PDF renamed .csv', 'scan.csv', Buffer.from('%PDF-1.5\n%âãÏÓ\n1 0 obj\n'), 'pdf'],
    ['a PNG screenshot', 'shot.csv', png, 'image'],
    ['a JPEG photo', 'photo.csv', jpeg, 'image'],
    ['a GIF', 'anim.csv', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image'],
    ['a WEBP', 'pic.csv', webp, 'image'],
    ['an old .xls workbook', 'old.csv', Buffer.from('d0cf11e0a1b11ae1000000000000', 'hex'), 'xls'],
    ['a program', 'tool.csv', binary, 'binary'],
    ['an empty file', 'empty.csv', Buffer.alloc(0), 'empty'],
    ['a byte order mark and nothing else', 'bom.csv', Buffer.from([0xef, 0xbb, 0xbf]), 'empty'],
  ])('%s is %s', async (_what, name, content, kind) => {
    expect(await sniffFile(file(name, content))).toBe(kind);
  });

  it('tells a workbook from another ZIP', async () => {
    expect(await sniffFile(file('book.csv', await workbook()))).toBe('xlsx');
    expect(await sniffFile(file('letter.xlsx', await wordDocument()))).toBe('zip');
  });
});

describe('openTable refuses what is not a table, saying what it is', () => {
  const refusal = async (path: string) => {
    const error = await openTable(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TableError);
    return error as TableError;
  };

  it('a PDF named .csv is not read as a CSV with the header "%PDF-1.5"', async () => {
    const e = await refusal(file('catalog.csv', Buffer.from('%PDF-1.5\n1 0 obj\n')));
    expect(e.problem).toEqual({ code: 'not_a_table', kind: 'pdf' });
    expect(e.say('zh', 'catalog.csv')).toBe(
      'catalog.csv：这不是 CSV 或 Excel 文件（是 PDF 文件）：请把表格导出为 CSV 或 XLSX',
    );
    expect(e.say('es', 'catalog.csv')).toBe(
      'catalog.csv: no es un archivo CSV ni de Excel (es un PDF): exporta la tabla como CSV o XLSX',
    );
  });

  it('a Word document named .xlsx, an image and an empty file each get their own words', async () => {
    expect((await refusal(file('cat.xlsx', await wordDocument()))).say('en', 'cat.xlsx')).toBe(
      'cat.xlsx: this is not a CSV or Excel file (it is a ZIP archive): export the table as CSV or XLSX',
    );
    expect((await refusal(file('cat2.csv', png))).problem).toEqual({ code: 'not_a_table', kind: 'image' });
    expect((await refusal(file('none.csv', ''))).say('zh', 'none.csv')).toBe(
      'none.csv：文件是空的（没有任何行）：请重新导出表格',
    );
  });

  it('reads a workbook by its content, whatever its name says', async () => {
    const table = await openTable(file('export.csv', await workbook()));
    expect(table.headers).toEqual(['sku', 'title']);
    expect(table.describe).toBe('xlsx, sheet "Catalog"');
  });
});
