import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { insertCheckJob } from './checkJobs.ts';
import { housekeeping, pruneOutbox } from './housekeeping.ts';

describe.each(engines)('housekeeping on %s', (engine) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore(engine);
  });
  afterAll(() => store?.dispose());

  it('drops what has expired, keeps what is still useful, and fails checks nobody is running', async () => {
    const { org, mx } = await seedSeller(store);
    const at = new Date('2026-11-27T12:00:00Z');
    const ago = (minutes: number) => new Date(at.getTime() - minutes * 60_000).toISOString();
    const key = (key: string, minutes: number, done: boolean, leaseMinutes: number | null = null) => ({
      organization_id: org,
      key,
      request_hash: 'h',
      status_code: done ? 200 : null,
      response: done ? '{}' : null,
      created_at: ago(minutes),
      lease_until: leaseMinutes === null ? null : ago(leaseMinutes),
    });
    await store.db
      .insertInto('idempotency_keys')
      .values([
        key('fresh', 5, true),
        key('old', 25 * 60, true),
        // Claimed from before leases, 30 minutes ago: nothing renews it.
        key('stuck', 30, false),
        // Its server died: the lease ran out 2 minutes ago and no retry came.
        key('dead', 3, false, 2),
        // Still renewed by its request (the lease runs 3 s more).
        key('running', 2, false, -0.05),
      ])
      .execute();
    await store.db
      .insertInto('webhook_deliveries')
      .values([
        { organization_id: org, storefront_id: mx, delivery_id: 'recent', received_at: ago(60) },
        { organization_id: org, storefront_id: mx, delivery_id: 'old', received_at: ago(8 * 24 * 60) },
      ])
      .execute();
    const job = (id: string, status: 'running' | 'done', minutes: number) => ({
      id,
      organization_id: org,
      file_name: 'c.csv',
      status,
      rows_done: 0,
      rows_total: null,
      summary: null,
      error: null,
      options: '{}',
      actor: 'test',
      created_at: ago(minutes),
      updated_at: ago(minutes),
    });
    await insertCheckJob(store, job('abandoned', 'running', 30));
    await insertCheckJob(store, job('working', 'running', 1));
    await insertCheckJob(store, job('finished', 'done', 60));

    const tombstone = (externalId: string, minutes: number) => ({
      organization_id: org,
      storefront_id: mx,
      external_id: externalId,
      reason: 'buyer',
      actor: 'webhook:TTS-MX',
      received_at: ago(minutes),
    });
    await store.db
      .insertInto('cancel_tombstones')
      .values([tombstone('MX-RECENT', 60), tombstone('MX-NEVER-CAME', 31 * 24 * 60)])
      .execute();

    expect(await housekeeping(store, at)).toEqual({
      sessions: 0,
      idempotencyKeys: 3,
      webhookDeliveries: 1,
      cancelTombstones: 1,
      supersededFigures: 0,
      abandonedChecks: 1,
    });
    const tombstones = await store.db.selectFrom('cancel_tombstones').select('external_id').execute();
    expect(tombstones).toEqual([{ external_id: 'MX-RECENT' }]);
    const keys = await store.db.selectFrom('idempotency_keys').select('key').orderBy('key').execute();
    expect(keys.map((k) => k.key)).toEqual(['fresh', 'running']);
    const jobs = await store.db.selectFrom('check_jobs').select(['id', 'status']).orderBy('id').execute();
    expect(jobs).toEqual([
      { id: 'abandoned', status: 'failed' },
      { id: 'finished', status: 'done' },
      { id: 'working', status: 'running' },
    ]);
  });

  it('prunes superseded outbox figures older than a day, in batches, keeping the latest of each', async () => {
    const { org, mx, us, sku } = await seedSeller(store);
    const at = new Date('2026-11-27T12:00:00Z');
    const ago = (hours: number) => new Date(at.getTime() - hours * 3_600_000).toISOString();
    const figure = (storefront: string, skuId: string, quantity: number, hours: number, sent = false) => ({
      organization_id: org,
      storefront_id: storefront,
      sku_id: skuId,
      quantity,
      created_at: ago(hours),
      sent_at: sent ? ago(hours) : null,
    });
    // Inserted oldest first, as republish appends them: ids grow with time.
    const rows = [
      figure(mx, sku.A, 10, 72),
      figure(us, sku.A, 10, 72, true),
      figure(mx, sku.B, 5, 72),
      figure(mx, sku.A, 9, 48),
      figure(us, sku.A, 8, 30),
      figure(mx, sku.A, 7, 2),
      figure(mx, sku.A, 6, 1),
    ];
    for (const row of rows) await store.db.insertInto('published_quantities').values(row).execute();

    // Batches of 2: the three prunable rows take two statements.
    expect(await pruneOutbox(store, ago(24), { batch: 2, maxBatches: 10 })).toBe(3);
    const left = await store.db
      .selectFrom('published_quantities')
      .select(['storefront_id', 'sku_id', 'quantity'])
      .orderBy('id')
      .execute();
    expect(left).toEqual([
      // The only (and so latest) figure of MX/B, however old.
      { storefront_id: mx, sku_id: sku.B, quantity: 5 },
      // The latest of US/A.
      { storefront_id: us, sku_id: sku.A, quantity: 8 },
      // MX/A: superseded but less than a day old, and the latest.
      { storefront_id: mx, sku_id: sku.A, quantity: 7 },
      { storefront_id: mx, sku_id: sku.A, quantity: 6 },
    ]);
    // A second run finds nothing more; housekeeping runs the same pruning.
    expect((await housekeeping(store, at)).supersededFigures).toBe(0);
  });
});
