/**
 * A crash in the middle of an import (issue 3): a child process importing an orders file is killed
 * with SIGKILL part-way. After it: the ledger verifies, no order is half-written (every order has its
 * lines and a final status, every reserved order holds exactly its units), and running the same
 * import again finishes the file without a duplicate.
 *
 * 50,000 orders on SQLite, the engine a crash on a laptop hits; 10,000 on PostgreSQL, where each
 * statement is a network round trip and 50,000 would take minutes of the suite's budget.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receive } from '../src/store/stockLedger.ts';
import { verifyLedger } from '../src/store/verify.ts';
import { seedSeller } from './support/seller.ts';
import { engines, freshStore, type TestStore } from './support/stores.ts';

const bin = fileURLToPath(new URL('../bin/puente.js', import.meta.url));

function importOrders(url: string, file: string): ChildProcess {
  return spawn(process.execPath, [bin, 'import', 'orders', file, '--format', 'json'], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe.each(engines)('SIGKILL during an order import, %s', (engine) => {
  const ORDERS = engine === 'sqlite' ? 50_000 : 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'puente-crash-'));
  const file = join(dir, 'orders.csv');
  let store: TestStore;
  let ordersAtKill = 0;
  let rerun: { imported: number; detail: Record<string, number> };

  const orderCount = async () =>
    Number(
      (
        await store.db
          .selectFrom('orders')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    store = await freshStore(engine);
    const s = await seedSeller(store, { mxAllowSplit: true });
    // Stock for about four orders in five: the rest end awaiting_stock, also a final state.
    for (const sku of ['A', 'B', 'C'] as const) {
      await receive(
        store,
        { organizationId: s.org, skuId: s.sku[sku], warehouseId: s.tx, actor: 'test' },
        Math.floor((ORDERS * 0.8) / 3),
      );
    }
    const rows = ['storefront,order_id,paid_at,sku,quantity,unit_price,currency'];
    for (let i = 0; i < ORDERS; i++) {
      const sku = 'ABC'[i % 3];
      rows.push(
        `${i % 2 ? 'TTS-MX' : 'TTS-US'},K-${i},2026-11-2${i % 5}T1${i % 10}:00:00Z,${sku},1,19.90,${i % 2 ? 'MXN' : 'USD'}`,
      );
      if (i % 7 === 0)
        rows.push(
          `${i % 2 ? 'TTS-MX' : 'TTS-US'},K-${i},2026-11-2${i % 5}T1${i % 10}:00:00Z,${sku === 'A' ? 'B' : 'A'},1,9.90,${i % 2 ? 'MXN' : 'USD'}`,
        );
    }
    writeFileSync(file, `${rows.join('\n')}\n`);

    // Kill the importer once a tenth of the orders are in: mid-file, most likely mid-transaction.
    const child = importOrders(store.url, file);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    while ((await orderCount()) < ORDERS / 10) {
      if (child.exitCode !== null) throw new Error('the import finished before it could be killed');
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    await exited;
    ordersAtKill = await orderCount();

    const again = importOrders(store.url, file);
    let out = '';
    again.stdout?.on('data', (d) => {
      out += d;
    });
    const code = await new Promise((resolve) => again.on('exit', resolve));
    if (code !== 0) throw new Error(`the re-run failed (${code})`);
    rerun = JSON.parse(out);
  }, 600_000);
  afterAll(async () => {
    await store?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('was killed part-way through', () => {
    expect(ordersAtKill).toBeGreaterThanOrEqual(ORDERS / 10);
    expect(ordersAtKill).toBeLessThan(ORDERS);
  });

  it('left whole batches only: every order has its lines and a final status', async () => {
    const statuses = await store.db.selectFrom('orders').select('status').distinct().execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['awaiting_stock', 'reserved']);
    const lineless = await store.db
      .selectFrom('orders as o')
      .leftJoin('order_lines as l', 'l.order_id', 'o.id')
      .select('o.id')
      .where('l.id', 'is', null)
      .execute();
    expect(lineless).toEqual([]);
  });

  it('holds exactly the ordered units for every reserved order, none for the others', async () => {
    const held = await store.db
      .selectFrom('orders as o')
      .select(['o.status'])
      .select((eb) => [
        eb
          .selectFrom('order_lines as l')
          .select((x) => x.fn.sum<number>('l.quantity').as('u'))
          .whereRef('l.order_id', '=', 'o.id')
          .as('ordered'),
        eb
          .selectFrom('reservations as r')
          .select((x) => x.fn.sum<number>('r.quantity').as('u'))
          .whereRef('r.order_id', '=', 'o.id')
          .as('reserved'),
      ])
      .execute();
    const wrong = held.filter(
      (o) => Number(o.reserved ?? 0) !== (o.status === 'reserved' ? Number(o.ordered) : 0),
    );
    expect(wrong).toEqual([]);
  });

  it('finishes on a re-run without duplicates: every order of the file exactly once', async () => {
    expect(await orderCount()).toBe(ORDERS);
    expect(rerun.detail.duplicate).toBe(ordersAtKill);
    expect(rerun.imported + ordersAtKill).toBe(ORDERS);
  });

  it('verifies: every level equals its ledger and its reservations', async () => {
    expect(await verifyLedger(store)).toEqual([]);
  });
});
