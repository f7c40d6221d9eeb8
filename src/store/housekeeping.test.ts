import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { insertCheckJob } from './checkJobs.ts';
import { housekeeping } from './housekeeping.ts';

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
    const key = (key: string, minutes: number, done: boolean) => ({
      organization_id: org,
      key,
      request_hash: 'h',
      status_code: done ? 200 : null,
      response: done ? '{}' : null,
      created_at: ago(minutes),
    });
    await store.db
      .insertInto('idempotency_keys')
      .values([
        key('fresh', 5, true),
        key('old', 25 * 60, true),
        key('stuck', 30, false),
        key('running', 2, false),
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

    expect(await housekeeping(store, at)).toEqual({
      sessions: 0,
      idempotencyKeys: 2,
      webhookDeliveries: 1,
      abandonedChecks: 1,
    });
    const keys = await store.db.selectFrom('idempotency_keys').select('key').orderBy('key').execute();
    expect(keys.map((k) => k.key)).toEqual(['fresh', 'running']);
    const jobs = await store.db.selectFrom('check_jobs').select(['id', 'status']).orderBy('id').execute();
    expect(jobs).toEqual([
      { id: 'abandoned', status: 'failed' },
      { id: 'finished', status: 'done' },
      { id: 'working', status: 'running' },
    ]);
  });
});
