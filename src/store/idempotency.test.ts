import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { CLAIM_LEASE_MS, claimKey, completeKey, renewKey } from './idempotency.ts';

describe.each(engines)('Idempotency-Key claims on %s', (engine) => {
  let store: TestStore;
  let org: string;
  beforeAll(async () => {
    store = await freshStore(engine);
    org = (await seedSeller(store)).org;
  });
  afterAll(() => store?.dispose());

  it('a claim is a lease: held while renewed, taken over once it runs out, replayed once complete', async () => {
    const t0 = Date.parse('2026-11-27T12:00:00Z');
    const k = { organizationId: org, key: 'user:1:order-42', requestHash: 'h1' };
    expect(await claimKey(store, k, t0)).toEqual({ status: 'claimed' });
    expect(await claimKey(store, k, t0 + 1_000)).toEqual({
      status: 'in_progress',
      retryAfterMs: CLAIM_LEASE_MS - 1_000,
    });
    expect(await claimKey(store, { ...k, requestHash: 'other' }, t0 + 1_000)).toEqual({ status: 'mismatch' });

    // Renewed by its running request, the claim outlives its first lease.
    await renewKey(store, org, k.key, t0 + 4_000);
    expect(await claimKey(store, k, t0 + CLAIM_LEASE_MS + 1_000)).toMatchObject({ status: 'in_progress' });

    // Its request died (no more renewals): once the lease runs out, the retry takes it over, once.
    const later = t0 + 4_000 + CLAIM_LEASE_MS + 1;
    expect(await claimKey(store, k, later)).toEqual({ status: 'claimed' });
    expect(await claimKey(store, k, later + 1)).toMatchObject({ status: 'in_progress' });

    await completeKey(store, org, k.key, { statusCode: 201, response: '{"ok":true}' });
    expect(await claimKey(store, k, later + 10 * CLAIM_LEASE_MS)).toEqual({
      status: 'replay',
      statusCode: 201,
      response: '{"ok":true}',
    });
  });
});
