/**
 * End-to-end tests of the `puente` command line: each test runs the real binary
 * (`node bin/puente.js …`) on real files and reads what it prints or writes, as a seller would.
 * Each command line runs once, in a `beforeAll`, and its output is shared by the tests below it.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = (name: string) => `test/fixtures/catalogs/${name}`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in the repository root and resolves with its exit code and output, whatever the code. */
function exec(command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  // A fixed locale: `--lang` defaults to the language of LANG/LC_ALL.
  const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', ...extraEnv };
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: root, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

/**
 * `puente …args`, through the file npm links as the `puente` bin. Runs each distinct command line
 * once: the tests that read the same output share one run.
 */
const runs = new Map<string, Promise<Run>>();
function puente(...args: string[]): Promise<Run> {
  const key = JSON.stringify(args);
  let run = runs.get(key);
  if (!run) {
    run = exec(process.execPath, ['bin/puente.js', ...args]);
    runs.set(key, run);
  }
  return run;
}

interface Result {
  row: number;
  sku: string;
  verdict: string;
  category: string | null;
  reasons: { code: string; message: string; fact: string | null }[];
  fit: { grade: string };
  price_mxn: number | null;
  evidence: string[];
}

const ndjson = (text: string): Result[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Result);

function bySku(results: Result[], sku: string): Result {
  const found = results.filter((r) => r.sku === sku);
  expect(found, `exactly one result for ${sku}`).toHaveLength(1);
  return found[0] as Result;
}

const codes = (r: Result) => r.reasons.map((x) => x.code);

/** examples/catalog.csv as a spreadsheet shows it: the header is row 1, data from row 2. */
const exampleRows = parse(readFileSync(join(root, 'examples/catalog.csv')), { columns: true }) as Record<
  string,
  string
>[];
const usdSkus = exampleRows.filter((r) => r.currency === 'USD').map((r) => r.sku as string);

let out: string;
beforeAll(() => {
  out = mkdtempSync(`${tmpdir()}/puente-`);
});
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('puente check examples/catalog.csv --format ndjson --usd-mxn 18.25', () => {
  let run: Run;
  let results: Result[];
  beforeAll(async () => {
    run = await puente('check', 'examples/catalog.csv', '--format', 'ndjson', '--usd-mxn', '18.25');
    results = ndjson(run.stdout);
  });

  it('exits 0 and prints one JSON object per data row, in input order, numbered as spreadsheet rows', () => {
    expect(run.code).toBe(0);
    expect(results).toHaveLength(exampleRows.length);
    expect(results.map((r) => r.sku)).toEqual(exampleRows.map((r) => r.sku));
    expect(results.map((r) => r.row)).toEqual(exampleRows.map((_, i) => i + 2));
    expect(results[0]?.row).toBe(2);
  });

  it('gives every row the fields row, sku, verdict, category, reasons, fit and one of the four verdicts', () => {
    for (const r of results) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(['row', 'sku', 'verdict', 'category', 'reasons', 'fit']),
      );
      expect(['allowed', 'needs_invitation', 'blocked', 'invalid']).toContain(r.verdict);
      expect(Array.isArray(r.reasons)).toBe(true);
    }
  });

  it('blocks HM-MSC-031, a vape listed under "Home", as a prohibited category [P7]', () => {
    const vape = bySku(results, 'HM-MSC-031');
    expect(vape).toMatchObject({ row: 71, verdict: 'blocked', category: 'vape' });
    expect(vape.reasons).toContainEqual(expect.objectContaining({ code: 'PROHIBITED_CATEGORY', fact: 'P7' }));
  });

  it('allows 3C-PRJ-001 at exactly the 3,500.00 MXN cap', () => {
    const projector = bySku(results, '3C-PRJ-001');
    expect(projector).toMatchObject({ row: 84, verdict: 'allowed', price_mxn: 350000, reasons: [] });
  });

  it('blocks 3C-AUD-009 at 3,500.01 MXN, one centavo over the cap [P9]', () => {
    const headphones = bySku(results, '3C-AUD-009');
    expect(headphones).toMatchObject({ row: 85, verdict: 'blocked', price_mxn: 350001 });
    expect(headphones.reasons).toEqual([
      {
        code: 'ITEM_PRICE_OVER_CAP',
        fact: 'P9',
        message: 'Item price 3,500.01 MXN is over the 3,500.00 MXN cap per item.',
      },
    ]);
  });

  it('blocks 3C-KBD-009: 219.00 USD × 18.25 = 3,996.75 MXN, over the cap [P9]', () => {
    const keyboard = bySku(results, '3C-KBD-009');
    expect(keyboard).toMatchObject({ row: 86, verdict: 'blocked', price_mxn: 399675 });
    expect(keyboard.reasons).toEqual([
      {
        code: 'ITEM_PRICE_OVER_CAP',
        fact: 'P9',
        message: 'Item price 3,996.75 MXN is over the 3,500.00 MXN cap per item.',
      },
    ]);
  });

  it('reports AC-EYE-009, priced in EUR, as invalid data', () => {
    const sunglasses = bySku(results, 'AC-EYE-009');
    expect(sunglasses).toMatchObject({ row: 99, verdict: 'invalid', price_mxn: null });
    expect(sunglasses.reasons).toContainEqual(
      expect.objectContaining({ code: 'INVALID_FIELD', fact: null, message: expect.stringContaining('EUR') }),
    );
  });

  it('reports PT-APP-009, with an empty title, as invalid and says the title is the problem', () => {
    const bandana = bySku(results, 'PT-APP-009');
    expect(bandana).toMatchObject({ row: 101, verdict: 'invalid' });
    const invalid = bandana.reasons.filter((x) => x.code === 'INVALID_FIELD');
    expect(invalid).toHaveLength(1);
    expect(invalid[0]?.message).toBe('Title: required, but empty.');
  });

  it('converts USD prices with the rate given: no row asks for a rate', () => {
    expect(results.filter((r) => codes(r).includes('FX_RATE_MISSING'))).toEqual([]);
  });
});

describe('puente check examples/catalog.csv --format ndjson (no --usd-mxn)', () => {
  let run: Run;
  let withoutRate: Result[];
  let withRate: Result[];
  beforeAll(async () => {
    const [a, b] = await Promise.all([
      puente('check', 'examples/catalog.csv', '--format', 'ndjson'),
      puente('check', 'examples/catalog.csv', '--format', 'ndjson', '--usd-mxn', '18.25'),
    ]);
    run = a;
    withoutRate = ndjson(a.stdout);
    withRate = ndjson(b.stdout);
  });

  it('reports every USD row as invalid', () => {
    expect(run.code).toBe(0);
    expect(usdSkus.length).toBeGreaterThan(10);
    for (const sku of usdSkus) expect(bySku(withoutRate, sku).verdict, sku).toBe('invalid');
  });

  it('asks for the rate (FX_RATE_MISSING, P9) on every USD row whose price can be read', () => {
    // 3C-CHG-009's price "12,99 USD" is not a price at all: INVALID_FIELD says so instead.
    const asking = withoutRate.filter((r) => codes(r).includes('FX_RATE_MISSING'));
    expect(asking.map((r) => r.sku)).toEqual(usdSkus.filter((sku) => sku !== '3C-CHG-009'));
    for (const r of asking) {
      expect(r.reasons).toContainEqual(expect.objectContaining({ code: 'FX_RATE_MISSING', fact: 'P9' }));
      expect(r.price_mxn).toBeNull();
    }
    expect(codes(bySku(withoutRate, '3C-KBD-009'))).toEqual(['FX_RATE_MISSING']);
  });

  it('gives the MXN rows the same results as with a rate', () => {
    const mxn = (rs: Result[]) => rs.filter((r) => !usdSkus.includes(r.sku));
    expect(mxn(withoutRate)).toEqual(mxn(withRate));
  });
});

describe('puente check … --merchant <profile>', () => {
  let beauty: Result[];
  let json: {
    policy: { id: string };
    merchant: { status: string; fact: string } | null;
    summary: { rows: number; verdicts: Record<string, number> };
    results: Result[];
  };
  let jsonRun: Run;
  beforeAll(async () => {
    const [a, b] = await Promise.all([
      puente(
        'check',
        'examples/catalog.csv',
        '--usd-mxn',
        '18.25',
        '--merchant',
        'examples/merchant-beauty.json',
      ),
      puente(
        'check',
        'examples/catalog.csv',
        '--usd-mxn',
        '18.25',
        '--merchant',
        'examples/merchant.json',
        '--format',
        'json',
      ),
    ]);
    beauty = ndjson(a.stdout); // not a terminal and no --out: ndjson
    jsonRun = b;
    json = JSON.parse(b.stdout);
  });

  it('allows the beauty rows for a merchant invited to beauty with the COFEPRIS papers', () => {
    expect(bySku(beauty, 'BT-SKN-001')).toMatchObject({ verdict: 'allowed', reasons: [] });
    expect(bySku(beauty, 'BT-MKP-001')).toMatchObject({ verdict: 'allowed', reasons: [] });
  });

  it('keeps the beauty rows at needs_invitation for examples/merchant.json, which has no beauty invitation', () => {
    for (const sku of ['BT-SKN-001', 'BT-MKP-001']) {
      const r = bySku(json.results, sku);
      expect(r.verdict, sku).toBe('needs_invitation');
      expect(codes(r), sku).toContain('INVITATION_REQUIRED');
    }
    // …but examples/merchant.json is invited to toys.age3plus:
    expect(bySku(json.results, 'KD-TOY-001').verdict).toBe('allowed');
  });

  it('--format json prints one JSON document with policy, merchant, summary and results', () => {
    expect(jsonRun.code).toBe(0);
    expect(Object.keys(json).sort()).toEqual(['merchant', 'policy', 'results', 'summary']);
    expect(json.policy.id).toBe('tiktok-us-mx-2026');
    expect(json.merchant).toMatchObject({ status: 'eligible', fact: 'P4' });
  });

  it('--format json: summary.rows is the number of results and the verdict counts add up to it', () => {
    expect(json.results).toHaveLength(exampleRows.length);
    expect(json.summary.rows).toBe(json.results.length);
    expect(Object.keys(json.summary.verdicts).sort()).toEqual([
      'allowed',
      'blocked',
      'invalid',
      'needs_invitation',
    ]);
    const sum = Object.values(json.summary.verdicts).reduce((a, b) => a + b, 0);
    expect(sum).toBe(json.summary.rows);
    for (const [verdict, n] of Object.entries(json.summary.verdicts)) {
      expect(
        json.results.filter((r) => r.verdict === verdict),
        verdict,
      ).toHaveLength(n);
    }
  });
});

describe('puente check examples/catalog.csv --usd-mxn 18.25 --format csv --out <file>.csv', () => {
  let run: Run;
  let rows: Record<string, string>[];
  let header: string[];
  let reference: Result[];
  beforeAll(async () => {
    const file = join(out, 'results.csv');
    const [a, b] = await Promise.all([
      puente('check', 'examples/catalog.csv', '--usd-mxn', '18.25', '--format', 'csv', '--out', file),
      puente('check', 'examples/catalog.csv', '--usd-mxn', '18.25', '--format', 'ndjson'),
    ]);
    run = a;
    reference = ndjson(b.stdout);
    const text = readFileSync(file, 'utf8');
    header = (parse(text, { to: 1 }) as string[][])[0] as string[];
    rows = parse(text, { columns: true }) as Record<string, string>[];
  });

  it('writes the file, not standard output, and says so on standard error', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`wrote ${exampleRows.length} results to ${join(out, 'results.csv')}`);
  });

  it('has a header row, then one row per result, in the same order as ndjson', () => {
    expect(header).toEqual(
      expect.arrayContaining(['row', 'sku', 'verdict', 'category', 'reason_codes', 'facts']),
    );
    expect(header[0]).toBe('row');
    expect(rows).toHaveLength(exampleRows.length);
    expect(rows.map((r) => [Number(r.row), r.sku, r.verdict])).toEqual(
      reference.map((r) => [r.row, r.sku, r.verdict]),
    );
  });

  it('flattens the reasons into codes and facts', () => {
    const vape = rows.find((r) => r.sku === 'HM-MSC-031');
    expect(vape).toMatchObject({
      row: '71',
      verdict: 'blocked',
      reason_codes: 'PROHIBITED_CATEGORY',
      facts: 'P7',
    });
    const projector = rows.find((r) => r.sku === '3C-PRJ-001');
    expect(projector).toMatchObject({ verdict: 'allowed', reason_codes: '', price_mxn_pesos: '3500.00' });
  });
});

describe('puente check examples/catalog.csv --usd-mxn 18.25 --format xlsx --out report.xlsx', () => {
  let run: Run;
  let workbook: ExcelJS.Workbook;
  let results: ExcelJS.Worksheet;
  let columnOf: (name: string) => number;
  beforeAll(async () => {
    const file = join(out, 'report.xlsx');
    run = await puente(
      'check',
      'examples/catalog.csv',
      '--usd-mxn',
      '18.25',
      '--format',
      'xlsx',
      '--out',
      file,
    );
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    results = workbook.getWorksheet('Results') as ExcelJS.Worksheet;
    const header = (results.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    columnOf = (name) => header.indexOf(name) + 1;
  });

  const rowOfSku = (sku: string) => {
    for (let i = 2; i <= results.rowCount; i++) {
      if (results.getRow(i).getCell(columnOf('SKU')).value === sku) return results.getRow(i);
    }
    throw new Error(`${sku} not in Results`);
  };

  it('writes a workbook with the sheets Summary, then Results', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'Results']);
  });

  it('Results has a frozen header row and a filter on it', () => {
    expect(results.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(results.autoFilter).toMatch(/^A1:[A-Z]+1$/);
    expect(columnOf('Verdict')).toBeGreaterThan(0);
  });

  it('Results has one row per catalog row, with the spreadsheet row number of each SKU', () => {
    expect(results.rowCount).toBe(1 + exampleRows.length);
    for (let i = 2; i <= results.rowCount; i++) {
      const row = results.getRow(i);
      expect(row.getCell(columnOf('Row')).value).toBe(i);
      expect(row.getCell(columnOf('SKU')).value).toBe(exampleRows[i - 2]?.sku);
    }
  });

  it('fills every verdict cell with a colour, a different one for allowed and blocked', () => {
    const fill = (row: ExcelJS.Row) => {
      const f = row.getCell(columnOf('Verdict')).fill as ExcelJS.FillPattern;
      expect(f).toMatchObject({ type: 'pattern', pattern: 'solid' });
      return f.fgColor?.argb;
    };
    for (let i = 2; i <= results.rowCount; i++) expect(fill(results.getRow(i))).toMatch(/^[0-9A-F]{8}$/);
    const allowed = rowOfSku('3C-PRJ-001');
    const blocked = rowOfSku('HM-MSC-031');
    expect(allowed.getCell(columnOf('Verdict')).value).toBe('Allowed');
    expect(blocked.getCell(columnOf('Verdict')).value).toBe('Blocked');
    expect(fill(allowed)).not.toBe(fill(blocked));
  });

  it('Summary counts the total rows', () => {
    const summary = workbook.getWorksheet('Summary') as ExcelJS.Worksheet;
    const totals: ExcelJS.CellValue[][] = [];
    summary.eachRow((row) => {
      if (row.getCell(1).value === 'Total') totals.push([row.getCell(1).value, row.getCell(2).value]);
    });
    expect(totals).toEqual([['Total', exampleRows.length]]);
  });
});

describe('puente check on CSVs in other encodings', () => {
  const utf8 = fixture('zh-headers.utf8.csv');
  const utf8Bom = fixture('zh-headers.utf8-bom.csv');
  const gb18030 = fixture('zh-headers.gb18030.csv');
  let runs: Record<'utf8' | 'bom' | 'gb' | 'gbExplicit', Run>;
  let plain: Result[];
  beforeAll(async () => {
    const [a, b, c, d] = await Promise.all([
      puente('check', utf8, '--format', 'ndjson'),
      puente('check', utf8Bom, '--format', 'ndjson'),
      puente('check', gb18030, '--format', 'ndjson'),
      puente('check', gb18030, '--format', 'ndjson', '--encoding', 'gb18030'),
    ]);
    runs = { utf8: a, bom: b, gb: c, gbExplicit: d };
    plain = ndjson(a.stdout);
  });

  it('the fixtures hold the same text: GB18030 bytes that are not valid UTF-8, and UTF-8 with a BOM', () => {
    const text = readFileSync(join(root, utf8), 'utf8');
    expect(text.split('\n')[0]).toBe(
      'SKU,标题,类目,描述,价格,币种,重量(克),长(厘米),宽(厘米),高(厘米),易碎,定制,美国库存',
    );
    const gbBytes = readFileSync(join(root, gb18030));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbBytes)).toThrow();
    expect(new TextDecoder('gb18030').decode(gbBytes)).toBe(text);
    const bomBytes = readFileSync(join(root, utf8Bom));
    expect([...bomBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bomBytes.subarray(3).toString('utf8')).toBe(text);
  });

  it('reads Chinese headers and titles in plain UTF-8', () => {
    expect(runs.utf8.code).toBe(0);
    expect(runs.utf8.stderr).toBe('');
    expect(plain.map((r) => [r.row, r.sku, r.verdict])).toEqual([
      [2, 'ZH-CBL-001', 'allowed'],
      [3, 'ZH-AUD-009', 'blocked'],
      [4, 'ZH-SKN-031', 'needs_invitation'],
      [5, 'ZH-BBY-001', 'blocked'],
      [6, 'ZH-PHC-031', 'invalid'],
      [7, 'ZH-ORG-009', 'invalid'],
      [8, 'ZH-KIT-022', 'allowed'],
    ]);
    expect(bySku(plain, 'ZH-CBL-001').evidence).toContain('title: 数据线');
    expect(bySku(plain, 'ZH-AUD-009').reasons).toContainEqual(
      expect.objectContaining({ code: 'ITEM_PRICE_OVER_CAP' }),
    );
    expect(bySku(plain, 'ZH-BBY-001').reasons).toContainEqual(
      expect.objectContaining({ code: 'PROHIBITED_CATEGORY', fact: 'P7' }),
    );
  });

  it('UTF-8 with a BOM gives the same results', () => {
    expect(runs.bom.code).toBe(0);
    expect(runs.bom.stderr).toBe('');
    expect(ndjson(runs.bom.stdout)).toEqual(plain);
  });

  it('GB18030 (GBK) is detected and gives the same results', () => {
    expect(runs.gb.code).toBe(0);
    // One line says which encoding was used, since it is not UTF-8 (issue 9: never silently).
    expect(runs.gb.stderr).toBe(
      'warning: test/fixtures/catalogs/zh-headers.gb18030.csv: read as gb18030 (detected, not UTF-8): check that accents and names look right, or give --encoding\n',
    );
    expect(ndjson(runs.gb.stdout)).toEqual(plain);
  });

  it('--encoding gb18030 gives the same results', () => {
    expect(runs.gbExplicit.code).toBe(0);
    expect(ndjson(runs.gbExplicit.stdout)).toEqual(plain);
  });
});

describe('puente check <workbook>.xlsx', () => {
  let firstSheet: Run;
  let catalogSheet: Run;
  let catalog: Result[];
  beforeAll(async () => {
    const file = join(out, 'catalog.xlsx');
    const workbook = new ExcelJS.Workbook();
    const first = workbook.addWorksheet('Bestsellers');
    first.addRow(['sku', 'title', 'category', 'price', 'currency']);
    first.addRow(['BS-001', 'USB-C to USB-C Cable 100W, 2m Braided', 'Electronics > Cables', 189, 'MXN']);
    const sheet = workbook.addWorksheet('Catalog');
    sheet.addRow([]); // row 1: blank
    sheet.addRow([]); // row 2: blank
    sheet.addRow(['sku', 'title', 'category', 'price', 'currency', 'weight_g']); // row 3: header
    sheet.addRow(['CT-001', 'Power Bank 10000mAh Slim 22.5W', 'Electronics', 456.5, 'MXN', 210]); // row 4
    sheet.addRow(['CT-002', 'Fruit flavor disposable vape 5000 puffs', 'Home', 399, 'MXN', 250]); // row 5
    sheet.addRow([]); // row 6: blank
    // row 7: one centavo over the 3,500.00 MXN cap
    sheet.addRow([
      'CT-003',
      'Proyector portátil 1080p con Wi-Fi y Bluetooth',
      'Electrónica',
      3500.01,
      'MXN',
      1200,
    ]);
    // row 8: a price computed in the sheet, 200 × 1.15; Excel shows 230.00 (the double is 229.99999999999997)
    sheet.addRow([
      'CT-004',
      'USB-C Cable 1m',
      'Electronics > Cables',
      { formula: '200*1.15', result: 200 * 1.15 },
      'MXN',
      40,
    ]);
    await workbook.xlsx.writeFile(file);

    [firstSheet, catalogSheet] = await Promise.all([
      puente('check', file, '--format', 'ndjson'),
      puente('check', file, '--format', 'ndjson', '--sheet', 'Catalog'),
    ]);
    catalog = ndjson(catalogSheet.stdout);
  });

  it('reads the first sheet by default', () => {
    expect(firstSheet.code).toBe(0);
    expect(ndjson(firstSheet.stdout).map((r) => [r.row, r.sku, r.verdict])).toEqual([
      [2, 'BS-001', 'allowed'],
    ]);
  });

  it('--sheet Catalog reads that sheet, numbering rows as the sheet does (header on row 3, a blank row 6)', () => {
    expect(catalogSheet.code).toBe(0);
    expect(catalog.map((r) => [r.row, r.sku])).toEqual([
      [4, 'CT-001'],
      [5, 'CT-002'],
      [7, 'CT-003'],
      [8, 'CT-004'],
    ]);
  });

  it('reads numeric cells as prices', () => {
    expect(bySku(catalog, 'CT-001')).toMatchObject({ verdict: 'allowed', price_mxn: 45650 });
    expect(bySku(catalog, 'CT-002')).toMatchObject({ verdict: 'blocked', category: 'vape' });
    expect(bySku(catalog, 'CT-003')).toMatchObject({ verdict: 'blocked', price_mxn: 350001 });
    expect(codes(bySku(catalog, 'CT-003'))).toEqual(['ITEM_PRICE_OVER_CAP']);
  });

  it('reads a price computed by a formula (=200*1.15, shown as 230.00) as 230.00 MXN', () => {
    const r = bySku(catalog, 'CT-004');
    expect(r.reasons).toEqual([]);
    expect(r).toMatchObject({ verdict: 'allowed', price_mxn: 23000 });
  });
});

describe('puente check: errors', () => {
  let missingTitle: Run;
  let missingFile: Run;
  let badPrice: Run;
  let badRate: Run;
  let missingTitleZh: Run;
  let pdfEs: Run;
  beforeAll(async () => {
    [missingTitle, missingFile, badPrice, badRate, missingTitleZh, pdfEs] = await Promise.all([
      puente('check', fixture('missing-title.csv'), '--format', 'ndjson'),
      puente('check', fixture('no-such-catalog.csv'), '--format', 'ndjson'),
      puente('check', fixture('bad-price.csv'), '--format', 'ndjson'),
      puente('check', 'examples/catalog.csv', '--format', 'ndjson', '--usd-mxn', 'abc'),
      puente('check', fixture('missing-title.csv'), '--lang', 'zh'),
      puente('check', fixture('invoice-saved-as.csv'), '--lang', 'es'),
    ]);
  });

  it('a CSV without a title column exits 2, names the names it accepts and lists the headers found', () => {
    expect(missingTitle.code).toBe(2);
    expect(missingTitle.stdout).toBe('');
    expect(missingTitle.stderr).toContain(
      'missing-title.csv: no title column (accepted names: title, product name, name, product title, 标题,',
    );
    expect(missingTitle.stderr).toContain('品名, 产品名称, 中文名称');
    expect(missingTitle.stderr).toContain('Headers found: "sku", "product", "price", "currency"');
  });

  it('says it in the user’s language: 缺少“标题”列 with the accepted names', () => {
    expect(missingTitleZh.code).toBe(2);
    expect(missingTitleZh.stderr).toContain(
      'missing-title.csv：缺少“标题”列（可用列名：title、product name、',
    );
    expect(missingTitleZh.stderr).toContain('文件中的列：“sku”、“product”、“price”、“currency”');
  });

  it('a PDF saved as .csv exits 2: not a CSV or Excel file, in Spanish', () => {
    expect(pdfEs.code).toBe(2);
    expect(pdfEs.stderr).toBe(
      'puente: test/fixtures/catalogs/invoice-saved-as.csv: no es un archivo CSV ni de Excel (es un PDF): exporta la tabla como CSV o XLSX\n',
    );
  });

  it('a file that does not exist exits 2 and says so', () => {
    expect(missingFile.code).toBe(2);
    expect(missingFile.stdout).toBe('');
    expect(missingFile.stderr).toBe('puente: test/fixtures/catalogs/no-such-catalog.csv: file not found\n');
  });

  it('a row with price "abc" is invalid, with its row number, and the rows after it still come out', () => {
    expect(badPrice.code).toBe(0);
    const results = ndjson(badPrice.stdout);
    expect(results.map((r) => [r.row, r.sku, r.verdict])).toEqual([
      [2, 'BP-001', 'allowed'],
      [3, 'BP-002', 'invalid'],
      [4, 'BP-003', 'allowed'],
      [5, 'BP-004', 'allowed'],
    ]);
    expect(bySku(results, 'BP-002').reasons).toEqual([
      { code: 'INVALID_FIELD', fact: null, message: 'Price: not a price like 249.00 ("abc").' },
      {
        code: 'PRICE_UNCHECKED',
        fact: 'P9',
        message:
          'The price cannot be read: the caps of 3,500.00 MXN per item and 5,200.00 MXN per order could not be checked.',
      },
    ]);
  });

  it('--usd-mxn abc exits 2 before reading the catalog', () => {
    expect(badRate.code).toBe(2);
    expect(badRate.stdout).toBe('');
    expect(badRate.stderr).toBe('puente: --usd-mxn: "abc" is not a rate such as 18.25\n');
  });
});

describe('puente check-merchant', () => {
  let below: Run;
  let above: Run;
  let json: Run;
  let chinese: Run;
  let outOfRange: Run;
  beforeAll(async () => {
    [below, above, json, chinese, outOfRange] = await Promise.all([
      puente('check-merchant', '--country', 'CN', '--sps', '3.4'),
      puente('check-merchant', '--country', 'CN', '--sps', '3.8'),
      puente('check-merchant', '--country', 'CN', '--sps', '3.8', '--format', 'json'),
      puente('check-merchant', '--country', 'CN', '--sps', '3.4', '--lang', 'zh'),
      puente('check-merchant', '--country', 'CN', '--sps', '9'),
    ]);
  });

  it('--country CN --sps 3.4: not eligible, the minimum is 3.5, exit 1', () => {
    expect(below.code).toBe(1);
    expect(below.stdout).toMatch(
      /^not_eligible: Not eligible: Shop Performance Score 3\.4 is below the minimum 3\.5\. \[P4\] \(tiktok-us-mx-2026 v[\d.]+\)\n$/,
    );
  });

  it('--country CN --sps 3.8: eligible, exit 0', () => {
    expect(above.code).toBe(0);
    expect(above.stdout).toMatch(
      /^eligible: Eligible: SPS 3\.8 ≥ 3\.5\. \[P4\] \(tiktok-us-mx-2026 v[\d.]+\)\n$/,
    );
  });

  it('--format json prints one JSON object', () => {
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      policy: 'tiktok-us-mx-2026',
      status: 'eligible',
      fact: 'P4',
      message: 'Eligible: SPS 3.8 ≥ 3.5.',
    });
  });

  it('--lang zh answers in Chinese', () => {
    expect(chinese.code).toBe(1);
    expect(chinese.stdout).toMatch(/^not_eligible: /);
    expect(chinese.stdout).toContain('不符合条件');
    expect(chinese.stdout).toContain('3.5');
  });

  it('--sps 9 is a usage error: exit 2 like the other usage errors, not the 1 that means "not eligible"', () => {
    expect(outOfRange.stdout).toBe('');
    expect(outOfRange.stderr).toBe('puente: --sps: "9" is not valid: a score from 0 to 5, e.g. 3.8\n');
    expect(outOfRange.code).toBe(2);
  });
});

describe('puente check … | head -1', () => {
  it('stops quietly when the reader of its output goes away', async () => {
    const child = spawn(
      process.execPath,
      ['bin/puente.js', 'check', 'examples/catalog.csv', '--format', 'ndjson'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.destroy(); // the reader is gone before the first row is written
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
  });
});

describe('puente check --lang es / --lang zh', () => {
  let english: Result[];
  let spanish: Result[];
  let chinese: Result[];
  beforeAll(async () => {
    const args = ['check', 'examples/catalog.csv', '--format', 'ndjson', '--usd-mxn', '18.25'];
    const [en, es, zh] = await Promise.all([
      puente(...args),
      puente(...args, '--lang', 'es'),
      puente(...args, '--lang', 'zh'),
    ]);
    [english, spanish, chinese] = [ndjson(en.stdout), ndjson(es.stdout), ndjson(zh.stdout)];
  });

  const message = (results: Result[], sku: string) => bySku(results, sku).reasons[0]?.message;

  it('writes the reasons in Spanish', () => {
    expect(message(spanish, 'HM-MSC-031')).toMatch(/^Prohibido en el programa: /);
    expect(message(spanish, '3C-AUD-009')).toBe(
      'El precio 3,500.01 MXN supera el tope de 3,500.00 MXN por artículo.',
    );
  });

  it('writes the reasons in Chinese', () => {
    expect(message(chinese, 'HM-MSC-031')).toContain('禁售');
    expect(message(chinese, '3C-AUD-009')).toBe('单件价格 3,500.01 MXN 超过单件上限 3,500.00 MXN。');
  });

  it('changes the words only: verdicts, codes and facts are those of English', () => {
    const decisions = (rs: Result[]) =>
      rs.map((r) => [r.sku, r.verdict, r.reasons.map((x) => [x.code, x.fact])]);
    expect(decisions(spanish)).toEqual(decisions(english));
    expect(decisions(chinese)).toEqual(decisions(english));
    expect(message(english, 'HM-MSC-031')).toMatch(/^Prohibited in the program: /);
  });
});

describe('puente --help', () => {
  let help: Run;
  let checkHelp: Run;
  beforeAll(async () => {
    [help, checkHelp] = await Promise.all([
      // The first npx in a fresh checkout installs the package into npx's cache and runs its
      // `prepare` (npm run build) here: it rebuilt dist/web under the browser tests' running
      // servers (their pages then asked for chunks that were gone). The bin needs no build.
      exec('npx', ['--no-install', 'puente', '--help'], { npm_config_ignore_scripts: 'true' }),
      puente('check', '--help'),
    ]);
  });

  it('npx puente --help lists the commands', () => {
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: puente /);
    expect(help.stdout).toMatch(/^ {2}check \[options\] <file> /m);
    expect(help.stdout).toMatch(/^ {2}check-merchant \[options\] /m);
  });

  it('check --help lists its options', () => {
    expect(checkHelp.code).toBe(0);
    expect(checkHelp.stdout).toMatch(/^Usage: puente check \[options\] <file>/);
    for (const option of [
      '--policy <id|file>',
      '--merchant <file>',
      '--usd-mxn <rate>',
      '--format <format>',
      '--out <file>',
      '--lang <lang>',
      '--encoding <name>',
      '--sheet <name|number>',
      '--fit-config <file>',
    ]) {
      expect(checkHelp.stdout).toContain(option);
    }
    // Commander wraps the help at 80 columns: compare with the line breaks undone.
    expect(checkHelp.stdout.replace(/\s+/g, ' ')).toContain(
      '(choices: "table", "json", "ndjson", "csv", "xlsx")',
    );
  });
});
