import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './checkCommand.ts';

/**
 * `puente check --lang zh|es|en --format xlsx|csv`: the report a seller opens speaks the seller's
 * language (sheets, headers, verdicts, reasons, fit flags, summary), keeps ids in their own
 * columns, and `--format csv --lang en` keeps the header scripts read.
 */

const dir = mkdtempSync(join(tmpdir(), 'puente-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The example catalog under the name a 店小秘 export has: the report keeps it whole.
const catalog = join(dir, '店小秘商品导出_20261130.csv');
writeFileSync(catalog, readFileSync('examples/catalog.csv'));

const check = (lang: 'en' | 'zh' | 'es', format: 'xlsx' | 'csv' | 'table', out: string) =>
  runCheck(catalog, { lang, format, out: join(dir, out), usdMxn: '18.25', quiet: true, jobs: 1 });

async function openWorkbook(file: string) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(join(dir, file));
  const [summary, results] = book.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
  const header = (results.getRow(1).values as ExcelJS.CellValue[]).slice(1) as string[];
  const rowOf = (sku: string) => {
    for (let i = 2; i <= results.rowCount; i++) {
      const row = results.getRow(i);
      if (row.getCell(2).value === sku)
        return Object.fromEntries(header.map((h, j) => [h, row.getCell(j + 1).value]));
    }
    throw new Error(`${sku} is not in the results`);
  };
  const summaryRows: ExcelJS.CellValue[][] = [];
  summary.eachRow((row) => {
    summaryRows.push((row.values as ExcelJS.CellValue[]).slice(1));
  });
  return { names: book.worksheets.map((s) => s.name), header, rowOf, summaryRows };
}

describe('puente check --lang zh --format xlsx', () => {
  let book: Awaited<ReturnType<typeof openWorkbook>>;
  beforeAll(async () => {
    await check('zh', 'xlsx', '店小秘商品导出_20261130-合规检查.xlsx');
    book = await openWorkbook('店小秘商品导出_20261130-合规检查.xlsx');
  });

  it('writes the file under its Chinese name', () => {
    expect(readdirSync(dir)).toContain('店小秘商品导出_20261130-合规检查.xlsx');
  });

  it('names its sheets and columns in Chinese', () => {
    expect(book.names).toEqual(['汇总', '检查结果']);
    expect(book.header).toEqual([
      '行号',
      'SKU',
      '结论',
      '类目编号',
      '项目类目',
      '识别出的类目编号',
      '识别置信度',
      '原因代码',
      '原因',
      '规则依据',
      '适配度',
      '适配问题',
      '适配说明',
      '价格（墨西哥比索）',
      '每单最多件数',
    ]);
  });

  it('gives verdicts, reasons and fit flags in the words of the dashboard, ids in their own columns', () => {
    expect(book.rowOf('HM-MSC-031')).toMatchObject({
      结论: '不可售',
      类目编号: 'vape',
      原因代码: 'PROHIBITED_CATEGORY',
      规则依据: 'P7',
      '价格（墨西哥比索）': 399,
    });
    expect(book.rowOf('HM-MSC-031').原因).toMatch(/^项目禁售类目：/);
    expect(book.rowOf('PT-SUP-021')).toMatchObject({
      结论: '可售',
      项目类目: expect.any(String),
      适配问题: '重货',
    });
    expect(book.rowOf('HM-KIT-021').适配问题).toBe('易碎');
  });

  it('sums up in Chinese: the file, when (with its zone), verdicts, reasons and categories', () => {
    const labels = book.summaryRows.map((r) => r[0]);
    expect(labels).toEqual(
      expect.arrayContaining(['项目政策', '生效日期', '文件', '检查时间', '结论', '合计']),
    );
    const at = book.summaryRows.find((r) => r[0] === '检查时间');
    expect(at?.[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(book.summaryRows.find((r) => r[0] === '文件')?.[1]).toBe('店小秘商品导出_20261130.csv');
    const verdicts = Object.fromEntries(
      book.summaryRows.filter((r) => typeof r[1] === 'number').map((r) => [r[0], r[1]]),
    );
    expect(verdicts).toMatchObject({ 可售: 73, 需定邀: 6, 不可售: 17, 数据无效: 4, 合计: 100 });
    expect(book.summaryRows).toContainEqual(['禁售类目', 7, 'PROHIBITED_CATEGORY']);
    expect(book.summaryRows).toContainEqual(['3C数码', 29, 'electronics']);
    // No English label is left in the first column (fit grades are the letters A, B, C).
    for (const [label] of book.summaryRows.slice(1)) expect(String(label)).not.toMatch(/^[a-z ]{2,}$/i);
  });
});

describe('puente check --lang es --format xlsx', () => {
  let book: Awaited<ReturnType<typeof openWorkbook>>;
  beforeAll(async () => {
    await check('es', 'xlsx', 'revisión.xlsx');
    book = await openWorkbook('revisión.xlsx');
  });

  it('speaks Mexican Spanish in sheets, headers, verdicts, reasons and flags', () => {
    expect(book.names).toEqual(['Resumen', 'Resultados']);
    expect(book.header).toContain('Resultado');
    expect(book.header).toContain('Precio (MXN, pesos)');
    const vape = book.rowOf('HM-MSC-031');
    expect(vape).toMatchObject({ Resultado: 'Bloqueado', 'Códigos de motivo': 'PROHIBITED_CATEGORY' });
    expect(vape.Motivos).toMatch(/^Prohibido en el programa/);
    expect(book.rowOf('PT-SUP-022')['Alertas de idoneidad']).toBe('sobredimensionado');
    expect(book.summaryRows).toContainEqual(['Total', 100]);
    expect(book.summaryRows).toContainEqual(['Categoría prohibida', 7, 'PROHIBITED_CATEGORY']);
  });
});

describe('puente check --lang en --format xlsx', () => {
  it('is for a person too: words, not ids, in the verdict and flag columns', async () => {
    await check('en', 'xlsx', 'report.xlsx');
    const book = await openWorkbook('report.xlsx');
    expect(book.names).toEqual(['Summary', 'Results']);
    expect(book.header.slice(0, 3)).toEqual(['Row', 'SKU', 'Verdict']);
    expect(book.rowOf('PT-SUP-021')).toMatchObject({ Verdict: 'Allowed', 'Fit flags': 'heavy' });
    expect(book.summaryRows).toContainEqual(['Needs invitation', 6]);
  });
});

describe('puente check --format csv', () => {
  it('--lang en keeps the header and the ids scripts read, and the price in pesos', async () => {
    await check('en', 'csv', 'results.csv');
    const text = readFileSync(join(dir, 'results.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe(
      'row,sku,verdict,category,category_name,detected,confidence,reason_codes,reasons,facts,fit_grade,fit_flags,fit_reason,price_mxn_pesos,max_units_per_order',
    );
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.sku === 'PT-SUP-021')).toMatchObject({
      verdict: 'allowed',
      fit_flags: 'heavy',
      price_mxn_pesos: '689.00',
    });
  });

  it('--lang zh writes Chinese headers and words, with a byte-order mark for Excel', async () => {
    await check('zh', 'csv', '结果.csv');
    const text = readFileSync(join(dir, '结果.csv'), 'utf8');
    expect(text.startsWith('\uFEFF行号,SKU,结论,')).toBe(true);
    const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.find((r) => r.SKU === 'HM-MSC-031')).toMatchObject({
      结论: '不可售',
      原因代码: 'PROHIBITED_CATEGORY',
      '价格（墨西哥比索）': '399.00',
    });
  });
});

describe('puente check --lang zh --format table', () => {
  it('names verdicts and reasons in Chinese, without reason codes', async () => {
    await check('zh', 'table', 'table.txt');
    const table = readFileSync(join(dir, 'table.txt'), 'utf8');
    expect(table).toMatch(/\n {2}不可售 +17 /);
    expect(table).toMatch(/\n主要原因\n {2}禁售类目 +7\n/);
    expect(table).not.toMatch(/PROHIBITED_CATEGORY|NOT_IN_PILOT/);
  });
});
