/**
 * Upgrades: databases made by earlier versions, opened by today's server. It migrates them, and the
 * board, the overview and `verify` work on what the old version wrote (a probe found GET /board
 * answering 500 after an upgrade, on waiting orders an early version stored without a deadline).
 *
 * - A real SQLite file written by the release at acb8f36 (test/fixtures/databases/README.md).
 * - On both engines, a database built up to migration 002 and filled the way versions of that
 *   schema wrote it: reserved orders with their reservations and ledger, orders that could not be
 *   filled ('unfulfillable') without a ship-by deadline, shipped ones.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/http/server.ts';
import { migrations } from '../src/store/migrations.ts';
import type { Engine } from '../src/store/openDatabase.ts';
import { verifyLedger } from '../src/store/verify.ts';
import { ApiClient } from './support/apiClient.ts';
import { engines, freshStore, type TestStore } from './support/stores.ts';

const owner = { email: 'owner@example.com', password: 'upgrade-test-password' };

async function serve(databaseUrl: string, dataDir: string): Promise<RunningServer> {
  return startServer({
    port: 0,
    databaseUrl,
    dataDir,
    jobs: false,
    say: () => {},
    env: { PUENTE_OWNER_EMAIL: owner.email, PUENTE_OWNER_PASSWORD: owner.password },
  });
}

/** What today's code must be able to do with an upgraded database, whatever wrote it. */
async function expectWorking(server: RunningServer, engine: Engine, open: number) {
  const applied = await server.store.db
    // biome-ignore lint/suspicious/noExplicitAny: kysely_migration is Kysely's own table
    .selectFrom('kysely_migration' as any)
    .select('name')
    .orderBy('name')
    .execute();
  expect(applied.map((r) => r.name)).toEqual(Object.keys(migrations(engine)).sort());
  const api = await ApiClient.loggedIn(server.url, owner.email, owner.password);
  // Every page of the board, as the dashboard walks it.
  const items: { shipBy: string | null }[] = [];
  for (let cursor: string | null = null; ; ) {
    const page = await api.get(
      `/api/v1/board?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
    if (!cursor) break;
  }
  expect(items).toHaveLength(open);
  expect(items.filter((o) => !o.shipBy)).toEqual([]);
  const overview = await api.get('/api/v1/metrics/overview');
  expect(overview.status).toBe(200);
  expect(await verifyLedger(server.store)).toEqual([]);
  const waiting = await server.store.db
    .selectFrom('orders')
    .select(['status', 'ship_by', 'operational_by', 'warehouse_id'])
    .where('status', 'in', ['awaiting_stock', 'unfulfillable' as 'awaiting_stock'])
    .execute();
  return waiting;
}

describe('sqlite: the demo database of release acb8f36', () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'puente-upgrade-'));
    const fixture = new URL('./fixtures/databases/acb8f36-demo.db.gz', import.meta.url);
    writeFileSync(join(dir, 'puente.db'), gunzipSync(readFileSync(fixture)));
    server = await serve(`sqlite:${join(dir, 'puente.db')}`, dir);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates, and the board, the overview and verify work on it', async () => {
    const waiting = await expectWorking(server, 'sqlite', 99 + 7);
    // The 7 orders that could not be filled wait for stock, each with both deadlines and a queue.
    expect(waiting).toHaveLength(7);
    for (const o of waiting) {
      expect(o.status).toBe('awaiting_stock');
      expect(o.ship_by).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(o.operational_by).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(o.warehouse_id).not.toBeNull();
    }
  });
});

describe.each(engines)('%s: a database as the schema of migration 002 was written', (engine) => {
  let store: TestStore;
  let dir: string;
  let server: RunningServer;
  const at = '2026-11-20T00:00:00Z';

  beforeAll(async () => {
    store = await freshStore(engine, { migratedTo: '2026_11_002_http_api' });
    // biome-ignore lint/suspicious/noExplicitAny: the schema as it was at migration 002
    const db = store.db as Kysely<any>;
    await db.insertInto('organizations').values({ id: 'o', name: 'Old shop', created_at: at }).execute();
    await db
      .insertInto('warehouses')
      .values({
        id: 'tx',
        organization_id: 'o',
        code: 'TX',
        name: 'Dallas',
        country: 'US',
        state: 'TX',
        time_zone: 'America/Chicago',
        cutoff: '16:00',
        holiday_calendar: 'US-federal',
        lead_time_days: 14,
        created_at: at,
      })
      .execute();
    await db
      .insertInto('storefronts')
      .values({
        id: 'mx',
        organization_id: 'o',
        code: 'TTS-MX',
        name: 'TikTok Shop MX',
        platform: 'tiktok',
        region: 'MX',
        currency: 'MXN',
        policy_id: 'tiktok-us-mx-2026',
        created_at: at,
      })
      .execute();
    await db
      .insertInto('storefront_warehouses')
      .values({ storefront_id: 'mx', warehouse_id: 'tx', priority: 0 })
      .execute();
    await db
      .insertInto('skus')
      .values({ id: 's', organization_id: 'o', sku: 'A', title: 'Earbuds', created_at: at, updated_at: at })
      .execute();
    // 3 received, 2 of them reserved by open orders, 1 shipped (consumed); a fourth order waits.
    const move = (kind: string, onHand: number, reserved: number, orderId: string | null) => ({
      organization_id: 'o',
      sku_id: 's',
      warehouse_id: 'tx',
      kind,
      on_hand_delta: onHand,
      reserved_delta: reserved,
      actor: 'old',
      order_id: orderId,
      created_at: at,
    });
    await db
      .insertInto('stock_movements')
      .values([
        move('receive', 3, 0, null),
        move('reserve', 0, 1, 'r1'),
        move('reserve', 0, 1, 'r2'),
        move('reserve', 0, 1, 'sh'),
        move('ship', -1, -1, 'sh'),
      ])
      .execute();
    await db
      .insertInto('stock_levels')
      .values({
        organization_id: 'o',
        sku_id: 's',
        warehouse_id: 'tx',
        on_hand: 2,
        reserved: 2,
        inbound: 0,
        updated_at: at,
      })
      .execute();
    const order = (id: string, status: string, shipBy: string | null) => ({
      id,
      organization_id: 'o',
      storefront_id: 'mx',
      external_id: id,
      status,
      currency: 'MXN',
      total_minor: 29_900,
      paid_at: '2026-11-27T16:00:00Z',
      ship_by: shipBy,
      unfulfillable_reason: status === 'unfulfillable' ? 'A: wanted 1, available 0' : null,
      shipped_at: status === 'shipped' ? at : null,
      carrier: null,
      tracking: null,
      created_at: at,
      updated_at: at,
    });
    await db
      .insertInto('orders')
      .values([
        order('r1', 'reserved', '2026-12-02T07:59:59Z'),
        order('r2', 'reserved', '2026-12-02T07:59:59Z'),
        order('sh', 'shipped', '2026-12-02T07:59:59Z'),
        order('w1', 'unfulfillable', null),
      ])
      .execute();
    const reservation = (orderId: string, status: string) => ({
      id: `res-${orderId}`,
      organization_id: 'o',
      order_id: orderId,
      sku_id: 's',
      warehouse_id: 'tx',
      quantity: 1,
      status,
      created_at: at,
    });
    await db
      .insertInto('reservations')
      .values([reservation('r1', 'active'), reservation('r2', 'active'), reservation('sh', 'consumed')])
      .execute();
    dir = mkdtempSync(join(tmpdir(), 'puente-upgrade-'));
    server = await serve(store.url, dir);
  });
  afterAll(async () => {
    await server?.close();
    await store?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates, and the board, the overview and verify work on it', async () => {
    const waiting = await expectWorking(server, engine, 3);
    // Paid Fri 2026-11-27 10:00 CST: the policy's rule gives the platform deadline (Tue 23:59:59
    // PST), Texas's 16:00 pickup that day the operational one, and the order waits in Texas.
    expect(waiting).toEqual([
      {
        status: 'awaiting_stock',
        ship_by: '2026-12-02T07:59:59Z',
        operational_by: '2026-12-01T22:00:00Z',
        warehouse_id: 'tx',
      },
    ]);
  });
});
