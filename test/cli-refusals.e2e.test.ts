/**
 * The command line's refusals, returns, alert handling and storefront edits, end to end: the real
 * `puente` runs as a child process against a SQLite database seeded here (a small seller with an
 * order shipped and one reserved). Every expected refusal is one line on stderr, in English or
 * Chinese, with the exit code the README documents; only --debug adds a stack trace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseAlert } from '../src/store/alerts.ts';
import { openDatabase, type Store } from '../src/store/openDatabase.ts';
import { reserveOrder, shipOrder } from '../src/store/reservations.ts';
import { receive } from '../src/store/stockLedger.ts';
import { inTransaction } from '../src/store/transaction.ts';
import { type CliRun, runPuente } from './support/cli.ts';
import { seedSeller } from './support/seller.ts';
import { freshStore, type TestStore } from './support/stores.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

let db: TestStore;
const cwd = mkdtempSync(join(tmpdir(), 'puente-refusals-'));
const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', PUENTE_ACTOR: 'cli:tester' };
// Files a seller might hand the imports: a count without a warehouse column, a PDF saved as .csv.
writeFileSync(join(cwd, 'counts.csv'), 'sku,数量\nA,5\n');
writeFileSync(join(cwd, 'orders.csv'), '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
delete env.PUENTE_LANG;

const puente = (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> =>
  runPuente(args, { cwd, env: { ...env, ...extraEnv } });

/** A short-lived connection to read what the command line wrote. */
async function read<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = openDatabase(db.url);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

let skuA: string;
let tx: string;
beforeAll(async () => {
  db = await freshStore('sqlite');
  env.DATABASE_URL = db.url;
  const s = await seedSeller(db);
  skuA = s.sku.A;
  tx = s.tx;
  await receive(db, { organizationId: s.org, skuId: s.sku.A, warehouseId: s.tx, actor: 'test' }, 10);
  const order = (externalId: string, quantity: number) => ({
    organizationId: s.org,
    storefrontId: s.mx,
    externalId,
    paidAt: new Date().toISOString(),
    currency: 'MXN',
    lines: [{ skuId: s.sku.A, quantity, unitPriceMinor: 19_900 }],
    actor: 'test',
  });
  const shipped = await reserveOrder(db, order('MX-1', 3), s.rule);
  await shipOrder(db, shipped.orderId, { carrier: 'UPS', tracking: '1Z1', actor: 'test' });
  await reserveOrder(db, order('MX-2', 1), s.rule);
  await inTransaction(db, (trx) =>
    raiseAlert(trx, {
      organizationId: s.org,
      kind: 'low_stock',
      subject: `sku:${s.sku.B}:${s.tx}`,
      severity: 'warning',
      message: 'B in TX: 0 available',
      data: {},
    }),
  );
}, 60_000);

afterAll(async () => {
  await db.dispose();
  rmSync(cwd, { recursive: true, force: true });
});

const onHandOfA = () =>
  read(async (store) =>
    Number(
      (
        await store.db
          .selectFrom('stock_levels')
          .select('on_hand')
          .where('sku_id', '=', skuA)
          .where('warehouse_id', '=', tx)
          .executeTakeFirstOrThrow()
      ).on_hand,
    ),
  );

describe('puente --version', () => {
  it('prints the package version', async () => {
    expect(await puente(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('expected refusals: one line in the user language, a documented exit code', () => {
  // [what, arguments, exit code, English line, Chinese line]
  const cases: [string, string[], number, string, string][] = [
    [
      'an existing storefront code',
      [
        'storefront',
        'add',
        '--code',
        'TTS-MX',
        '--name',
        'MX',
        '--region',
        'MX',
        '--currency',
        'MXN',
        '--warehouses',
        'TX',
      ],
      4,
      'storefront TTS-MX already exists: change it with puente storefront set TTS-MX',
      '店铺 TTS-MX 已存在：请用 puente storefront set TTS-MX 修改',
    ],
    [
      'an existing warehouse code',
      ['warehouse', 'add', '--code', 'TX', '--name', 'Dallas', '--country', 'US', '--tz', 'America/Chicago'],
      4,
      'warehouse TX already exists (puente warehouse list)',
      '仓库 TX 已存在（puente warehouse list 查看仓库）',
    ],
    [
      'cancelling a shipped order',
      ['cancel', 'MX-1'],
      1,
      'order MX-1 has shipped and cannot be cancelled: record what comes back with puente return MX-1',
      '订单 MX-1 已发货，不能取消：退回的商品请用 puente return MX-1 登记退货',
    ],
    [
      'the demo on a database that has data',
      ['demo'],
      4,
      'this database already has warehouses: the demo loads into an empty one (delete ./puente-data or use another DATABASE_URL)',
      '数据库中已有仓库：演示数据只能载入空数据库（删除 ./puente-data 或换一个 DATABASE_URL）',
    ],
    [
      'an unknown order',
      ['ship', 'MX-404', '--carrier', 'UPS', '--tracking', '1Z'],
      3,
      'no order MX-404',
      '没有订单 MX-404',
    ],
    [
      'an unknown SKU',
      ['receive', 'NOPE', '1', '--warehouse', 'TX'],
      3,
      'no SKU NOPE (puente import catalog <file> adds SKUs)',
      '没有 SKU NOPE（用 puente import catalog <文件> 添加 SKU）',
    ],
    [
      'a missing required option',
      ['receive', 'A', '1'],
      2,
      'required option --warehouse <code> is missing (puente receive --help)',
      '缺少必填选项 --warehouse <code>（puente receive --help 查看用法）',
    ],
    [
      'a quantity of 0',
      ['receive', 'A', '0', '--warehouse', 'TX'],
      2,
      '<quantity>: "0" is not valid: a whole number above 0',
      '<quantity>："0" 无效：应为大于 0 的整数',
    ],
    [
      'removing reserved stock',
      ['adjust', 'A', '-7', '--warehouse', 'TX', '--reason', 'count'],
      1,
      'on hand would fall below what is reserved (or below zero): nothing was changed',
      '在库数量将低于已预留数量（或小于零）：未做任何修改',
    ],
    [
      'a return neither restocked nor damaged',
      ['return', 'MX-1', '--sku', 'A', '--quantity', '1'],
      2,
      'say what happens to the returned units: --restock (back on hand) or --damaged (written off)',
      '请说明退货如何处理：--restock（退回在库）或 --damaged（报损）',
    ],
    [
      'a return both restocked and damaged',
      ['return', 'MX-1', '--sku', 'A', '--quantity', '1', '--restock', '--damaged'],
      2,
      '--restock cannot be used with --damaged',
      '--restock 不能与 --damaged 同时使用',
    ],
    [
      'a return of an order that has not shipped',
      ['return', 'MX-2', '--sku', 'A', '--quantity', '1', '--restock'],
      1,
      'order MX-2 has not shipped (it is reserved): only shipped units can be returned',
      '订单 MX-2 尚未发货（状态为已预留）：只有已发货的商品才能退货',
    ],
    [
      'a storefront edit on a stale version',
      ['storefront', 'set', 'TTS-MX', '--buffer-units', '1', '--if-version', '99'],
      4,
      'storefront TTS-MX is at version 1, not 99: someone changed it meanwhile; look again (puente storefront list) and repeat your change',
      '店铺 TTS-MX 当前为第 1 版，不是第 99 版：其他人刚刚修改了它；请重新查看（puente storefront list）后再修改',
    ],
    [
      'an unknown alert',
      ['alerts', 'ack', 'ffffffff'],
      3,
      'no open or acknowledged alert ffffffff (puente alerts)',
      '没有待处理或已确认的预警 ffffffff（puente alerts 查看预警）',
    ],
    [
      'a stock file without a warehouse column',
      ['import', 'stock', 'counts.csv'],
      2,
      'counts.csv: no warehouse column (accepted names: warehouse, warehouse code, 仓库, almacen). Headers found: "sku", "数量"',
      'counts.csv：缺少“仓库”列（可用列名：warehouse、warehouse code、仓库、almacen）。文件中的列：“sku”、“数量”',
    ],
    [
      'a three-letter country for check-merchant',
      ['check-merchant', '--country', 'CHN'],
      2,
      '--country: "CHN" is not a two-letter country code such as CN or US',
      '--country："CHN" 不是两个字母的国家代码（如 CN 或 US）',
    ],
    [
      'a PDF saved as an orders CSV',
      ['import', 'orders', 'orders.csv'],
      2,
      'orders.csv: this is not a CSV or Excel file (it is a PDF): export the table as CSV or XLSX',
      'orders.csv：这不是 CSV 或 Excel 文件（是 PDF 文件）：请把表格导出为 CSV 或 XLSX',
    ],
  ];

  let runs: { en: CliRun; zh: CliRun }[];
  beforeAll(async () => {
    // Each run is a Node process: four at a time. Chinese by the locale, and by --lang for every
    // other case (LANG=C would answer in English).
    const jobs = cases.flatMap(([, args], i) => [
      () => puente(args),
      () => (i % 2 ? puente(['--lang', 'zh', ...args]) : puente(args, { LANG: 'zh_CN.UTF-8' })),
    ]);
    const results: CliRun[] = [];
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await (jobs[i] as () => Promise<CliRun>)();
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    runs = cases.map((_, i) => ({ en: results[2 * i] as CliRun, zh: results[2 * i + 1] as CliRun }));
  }, 180_000);

  cases.forEach(([what, , code, english, chinese], i) => {
    it(`${what}: exit ${code}, one line`, () => {
      const run = runs[i] as { en: CliRun; zh: CliRun };
      expect(run.en).toEqual({ code, stdout: '', stderr: `puente: ${english}\n` });
      expect(run.zh).toEqual({ code, stdout: '', stderr: `puente: ${chinese}\n` });
    });
  });

  it('changed nothing', async () => {
    expect(await onHandOfA()).toBe(7);
  });
});

describe('--debug and unexpected errors', () => {
  it('--debug adds the stack trace under the refusal line', async () => {
    const run = await puente(['cancel', 'MX-1', '--debug']);
    expect(run.code).toBe(1);
    const [first, ...rest] = run.stderr.trimEnd().split('\n');
    expect(first).toBe(
      'puente: order MX-1 has shipped and cannot be cancelled: record what comes back with puente return MX-1',
    );
    expect(rest.some((line) => /^\s+at /.test(line))).toBe(true);
  });

  it('a database that cannot be reached is one line saying so, in the user’s language, exit 1', async () => {
    // Nothing listens on port 1: the database cannot be reached.
    const down = { DATABASE_URL: 'postgres://root@127.0.0.1:1/none' };
    const run = await puente(['stock'], down);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^puente: the database cannot be reached \(.*ECONNREFUSED.*\): check that it is running and that DATABASE_URL points to it, then try again\n$/,
    );
    const zh = await puente(['stock', '--lang', 'zh'], down);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toMatch(/^puente: 无法连接数据库（.*ECONNREFUSED.*）：请确认数据库正在运行/);
  });
});

describe('puente return', () => {
  const returns = () =>
    read((store) =>
      store.db
        .selectFrom('stock_movements as m')
        .innerJoin('orders as o', 'o.id', 'm.order_id')
        .select(['m.kind', 'm.on_hand_delta', 'm.reason', 'm.actor'])
        .where('o.external_id', '=', 'MX-1')
        .where('m.kind', 'in', ['return', 'adjust'])
        .orderBy('m.id')
        .execute(),
    );

  it('--restock puts the units back on hand in the warehouse they shipped from', async () => {
    const run = await puente(['return', 'MX-1', '--sku', 'A', '--quantity', '1', '--restock']);
    expect(run).toEqual({ code: 0, stdout: 'order MX-1: 1 A returned, back on hand\n', stderr: '' });
    expect(await onHandOfA()).toBe(8);
    expect(await returns()).toEqual([
      { kind: 'return', on_hand_delta: 1, reason: 'return', actor: 'cli:tester' },
    ]);
  });

  it('--damaged records the return and writes it off: on hand does not change', async () => {
    const run = await puente(['return', 'MX-1', '--sku', 'A', '--quantity', '1', '--damaged']);
    expect(run).toEqual({ code: 0, stdout: 'order MX-1: 1 A returned damaged, written off\n', stderr: '' });
    expect(await onHandOfA()).toBe(8);
    expect((await returns()).slice(1)).toEqual([
      { kind: 'return', on_hand_delta: 1, reason: 'return, not sellable', actor: 'cli:tester' },
      { kind: 'adjust', on_hand_delta: -1, reason: 'damaged return written off', actor: 'cli:tester' },
    ]);
  });

  it('refuses more than the order shipped, counting what came back already', async () => {
    const [en, zh] = await Promise.all([
      puente(['return', 'MX-1', '--sku', 'A', '--quantity', '2', '--restock']),
      puente(['return', 'MX-1', '--sku', 'A', '--quantity', '2', '--restock', '--lang', 'zh']),
    ]);
    expect(en).toEqual({
      code: 1,
      stdout: '',
      stderr: 'puente: order MX-1 shipped 3 of A and 2 came back already: at most 1 more can be returned\n',
    });
    expect(zh.stderr).toBe('puente: 订单 MX-1 的 A 已发货 3 件，已退回 2 件：最多还能退 1 件\n');
    expect(await onHandOfA()).toBe(8);
  });
});

describe('puente alerts ack / resolve', () => {
  it('acknowledges by the first 8 characters of the id and writes the audit row', async () => {
    const alert = await read((store) =>
      store.db.selectFrom('alerts').select(['id', 'subject']).executeTakeFirstOrThrow(),
    );
    const short = alert.id.slice(0, 8);
    expect(await puente(['alerts', 'ack', short])).toEqual({
      code: 0,
      stdout: `alert ${short} acknowledged\n`,
      stderr: '',
    });
    expect(await puente(['alerts', 'resolve', short])).toEqual({
      code: 0,
      stdout: `alert ${short} resolved\n`,
      stderr: '',
    });
    expect(await puente(['alerts', 'ack', short])).toEqual({
      code: 4,
      stdout: '',
      stderr: `puente: alert ${short} is already resolved\n`,
    });
    const audit = await read((store) =>
      store.db
        .selectFrom('audit_log')
        .select(['actor', 'action', 'subject', 'data'])
        .where('action', 'like', 'alert.%')
        .orderBy('id')
        .execute(),
    );
    expect(audit).toEqual([
      {
        actor: 'cli:tester',
        action: 'alert.acknowledge',
        subject: alert.subject,
        data: JSON.stringify({ id: alert.id }),
      },
      {
        actor: 'cli:tester',
        action: 'alert.resolve',
        subject: alert.subject,
        data: JSON.stringify({ id: alert.id }),
      },
    ]);
  });
});

describe('puente storefront set', () => {
  const storefront = () =>
    read((store) =>
      store.db
        .selectFrom('storefronts')
        .select(['version', 'buffer_units', 'allow_split'])
        .where('code', '=', 'TTS-MX')
        .executeTakeFirstOrThrow(),
    );

  it('without --if-version edits the current version, bumps it and writes the audit row', async () => {
    expect(await puente(['storefront', 'set', 'TTS-MX', '--buffer-units', '2'])).toEqual({
      code: 0,
      stdout: 'storefront TTS-MX updated: version 2\n',
      stderr: '',
    });
    expect(await storefront()).toEqual({ version: 2, buffer_units: 2, allow_split: 0 });
  });

  it('with --if-version edits only that version', async () => {
    expect((await puente(['storefront', 'set', 'TTS-MX', '--split', '--if-version', '2'])).stdout).toBe(
      'storefront TTS-MX updated: version 3\n',
    );
    const stale = await puente(['storefront', 'set', 'TTS-MX', '--no-split', '--if-version', '2']);
    expect(stale.code).toBe(4);
    expect(await storefront()).toEqual({ version: 3, buffer_units: 2, allow_split: 1 });
    const audit = await read((store) =>
      store.db
        .selectFrom('audit_log')
        .select(['actor', 'subject', 'data'])
        .where('action', '=', 'storefront.update')
        .orderBy('id')
        .execute(),
    );
    expect(audit.map((a) => ({ ...a, data: JSON.parse(a.data) }))).toEqual([
      { actor: 'cli:tester', subject: 'TTS-MX', data: { bufferUnits: 2, version: { from: 1, to: 2 } } },
      { actor: 'cli:tester', subject: 'TTS-MX', data: { allowSplit: true, version: { from: 2, to: 3 } } },
    ]);
  });
});
