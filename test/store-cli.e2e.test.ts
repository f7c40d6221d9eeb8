/**
 * The stock and order commands end to end, on both engines: `puente demo` loads the demo seller,
 * then `stock`, `orders`, `alerts` and `verify` tell its story. SQLite runs in a fresh working
 * folder (./puente-data), PostgreSQL through DATABASE_URL to a database made for the run.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from './support/stores.ts';

const bin = fileURLToPath(new URL('../bin/puente.js', import.meta.url));

describe.each(engines)('puente demo and the store commands on %s', (engine) => {
  const cwd = mkdtempSync(join(tmpdir(), 'puente-cli-'));
  let pg: TestStore | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
  delete env.DATABASE_URL;

  const puente = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [bin, ...args],
        { cwd, env, maxBuffer: 32 * 1024 * 1024 },
        (error, stdout, stderr) => {
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
        },
      );
    });

  let demo: { code: number; stdout: string };
  beforeAll(async () => {
    if (engine === 'postgres') {
      pg = await freshStore('postgres');
      env.DATABASE_URL = pg.url;
    }
    demo = await puente('demo');
  }, 120_000);
  afterAll(async () => {
    await pg?.dispose();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('loads the demo seller: SKUs, 60 days of orders, an oversold hit', () => {
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(
      /^demo loaded: \d+ SKUs, \d+ orders over 60 days \(\d+ could not be filled\)/,
    );
  });

  it('refuses to load the demo twice into the same database', async () => {
    const again = await puente('demo');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already has warehouses');
  });

  it('shows the hit running out in TX', async () => {
    const { code, stdout } = await puente('stock', '--low', '--format', 'json');
    expect(code).toBe(0);
    const low = JSON.parse(stdout) as { sku: string; warehouse: string; available: number; low: string }[];
    expect(low).toContainEqual(
      expect.objectContaining({ sku: 'PT-TOY-005', warehouse: 'TX', available: 0, low: 'LOW' }),
    );
  });

  it('lists late orders with their deadline in the warehouse time zone', async () => {
    const { stdout } = await puente('orders', '--late', '--format', 'json');
    const late = JSON.parse(stdout) as { state: string; due_by: string; deadline: string; left: string }[];
    expect(late.length).toBeGreaterThan(0);
    for (const o of late) {
      expect(o.state).toBe('late');
      expect(o.deadline).toBe('operational');
      expect(o.due_by).toMatch(
        /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} (-06:00 CST|-05:00 CDT|-08:00 PST|-07:00 PDT)$/,
      );
      expect(o.left).toMatch(/ h late$/);
    }
  });

  it('reports the late-dispatch rate beside the 4% and 10% lines', async () => {
    const { stdout } = await puente('orders', '--rates', '--format', 'json');
    const rates = JSON.parse(stdout) as {
      by: string;
      code: string;
      days: number;
      warning_at: string;
      penalty_at: string;
    }[];
    expect(rates.map((r) => `${r.by}:${r.code}:${r.days}`)).toEqual(
      expect.arrayContaining(['storefront:TTS-MX:7', 'storefront:TTS-US:30', 'warehouse:TX:7']),
    );
    expect(rates[0]).toMatchObject({ warning_at: '4%', penalty_at: '10%' });
  });

  it('lists open alerts: the oversell, the low stock and the late orders', async () => {
    const { stdout } = await puente('alerts', '--format', 'json');
    const kinds = new Set((JSON.parse(stdout) as { kind: string }[]).map((a) => a.kind));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['low_stock', 'oversell', 'ship_by_late']));
  });

  it('receives, ships and verifies: the ledger adds up', async () => {
    expect((await puente('receive', 'PT-TOY-005', '40', '--warehouse', 'TX', '--key', 'PO-77')).stdout).toBe(
      'received 40 PT-TOY-005 in TX\n',
    );
    expect((await puente('receive', 'PT-TOY-005', '40', '--warehouse', 'TX', '--key', 'PO-77')).stdout).toBe(
      'already received under key PO-77\n',
    );
    const { stdout } = await puente('orders', '--late', '--format', 'json');
    const first = (JSON.parse(stdout) as { order: string }[])[0]?.order as string;
    expect((await puente('ship', first, '--carrier', 'UPS', '--tracking', '1Z999')).stdout).toBe(
      `order ${first} shipped\n`,
    );
    const verify = await puente('verify');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(
      /^ledger verified: \d+ stock levels match \d+ movements and the active reservations; the order counts match the orders\n$/,
    );
    // The same answers in the user's language.
    expect((await puente('verify', '--lang', 'zh')).stdout).toMatch(
      /^库存流水核对无误：\d+ 条库存数量与 \d+ 条流水及当前预留一致；订单统计与订单一致\n$/,
    );
    expect(
      (await puente('receive', 'PT-TOY-005', '40', '--warehouse', 'TX', '--key', 'PO-77', '--lang', 'es'))
        .stdout,
    ).toBe('ya se había recibido con la clave PO-77; no se volvió a registrar\n');
  });

  it('says clearly what it cannot find', async () => {
    const r = await puente('receive', 'NOPE', '1', '--warehouse', 'TX');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('no SKU NOPE');
  });

  it('imports a fixed delivery file again: only the fixed row, and says so', async () => {
    const rows = ['sku,warehouse,quantity', 'PT-TOY-005,TX,3', 'PT-TOY-005,CA,2', 'PT-TOY-005,TX,x'];
    writeFileSync(join(cwd, 'delivery.csv'), `${rows.join('\n')}\n`);
    const first = await puente('import', 'stock', 'delivery.csv', '--mode', 'add', '--reference', 'PO-9');
    expect(first.stdout.split('\n')[0]).toBe('stock: 2 imported (2 new, 0 already imported), 1 skipped');
    rows[3] = 'PT-TOY-005,TX,1';
    writeFileSync(join(cwd, 'delivery.csv'), `${rows.join('\r\n')}\r\n`);
    const again = await puente('import', 'stock', 'delivery.csv', '--mode', 'add', '--reference', 'PO-9');
    expect(again.stdout).toBe('stock: 1 imported (1 new, 2 already imported), 0 skipped\n');
    expect((await puente('verify')).code).toBe(0);
  });

  it("lists a file's row problems in the user's language", async () => {
    writeFileSync(join(cwd, 'bad-rows.csv'), 'sku,warehouse,quantity\nNOPE,TX,1\nPT-TOY-005,TX,x\n');
    const zh = await puente('import', 'stock', 'bad-rows.csv', '--lang', 'zh');
    expect(zh.stdout).toContain('库存：已导入 0 条');
    expect(zh.stdout).toContain('没有 SKU NOPE（用 puente import catalog <文件> 添加 SKU）');
    expect(zh.stdout).toContain('不是大于等于 0 的整数（"x"）');
    expect(zh.stdout).toMatch(/^行 +列 +问题$/m);
  });

  it('warns on stderr which encoding it read a file in when not UTF-8', async () => {
    writeFileSync(
      join(cwd, 'latin1.csv'),
      Buffer.from('sku,warehouse,quantity,reason\nPT-TOY-005,TX,1,recepción\n', 'latin1'),
    );
    const r = await puente('import', 'stock', 'latin1.csv', '--mode', 'add');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: latin1\.csv: read as windows-1252 \(detected, not UTF-8\)/);
    // The same file again, with --lang: the warning and the summary in Chinese, then in Spanish.
    const zh = await puente('import', 'stock', 'latin1.csv', '--mode', 'add', '--lang', 'zh');
    expect(zh.stderr).toMatch(/^警告：latin1\.csv：按 windows-1252 读取（自动识别，不是 UTF-8）/);
    expect(zh.stdout).toBe('库存：已导入 0 条（新增 0，已导入过 1），跳过 0 条\n');
    const es = await puente('import', 'stock', 'latin1.csv', '--mode', 'add', '--lang', 'es');
    expect(es.stderr).toMatch(/^aviso: latin1\.csv: se leyó como windows-1252 \(detectada, no UTF-8\)/);
    expect(es.stdout).toBe('inventario: 0 importados (0 nuevos, 1 ya importados), 0 omitidos\n');
  });
});
