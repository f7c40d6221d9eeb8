import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/apiClient.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

describe.each(engines)('the warehouse cut-off through the API on %s', (engine) => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    await seedSeller(server.store, { organizationId: server.organizationId });
    api = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
  });
  afterAll(() => server?.close());

  const operationalBy = async (externalId: string) =>
    (
      await server.store.db
        .selectFrom('orders')
        .select('operational_by')
        .where('external_id', '=', externalId)
        .executeTakeFirstOrThrow()
    ).operational_by;

  it('refuses a cut-off that is not HH:MM between 00:00 and 23:59', async () => {
    for (const cutoff of ['24:00', '16:60', '4pm', '16:00:00', '']) {
      const answer = await api.patch('/api/v1/warehouses/TX', { cutoff });
      expect([answer.status, answer.body.error.code, answer.body.error.details[0]?.field]).toEqual([
        400,
        'VALIDATION_FAILED',
        'cutoff',
      ]);
    }
  });

  it('a new cut-off moves the operational deadline of the open orders in the warehouse’s queue', async () => {
    await api.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 10 });
    // Paid Friday 2026-11-27 19:30 PST: platform deadline Tuesday 2026-12-01 23:59:59 PST.
    const placed = await api.post('/api/v1/orders', {
      storefront: 'TTS-MX',
      externalId: 'MX-CUTOFF-1',
      paidAt: '2026-11-27T19:30:00-08:00',
      lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 25_000 }],
    });
    expect(placed.body.order.status).toBe('reserved');
    expect(await operationalBy('MX-CUTOFF-1')).toBe('2026-12-02T05:59:00Z'); // Tue 23:59 CST (the default)

    const etag = (await api.get('/api/v1/warehouses/TX')).headers.get('etag') as string;
    const changed = await api.patch(
      '/api/v1/warehouses/TX',
      { cutoff: '16:00' },
      { headers: { 'if-match': etag } },
    );
    expect([changed.status, changed.body.cutoff]).toEqual([200, '16:00']);
    expect(await operationalBy('MX-CUTOFF-1')).toBe('2026-12-01T22:00:00Z'); // Tue 16:00 CST
    const audit = await server.store.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'warehouse.update')
      .execute();
    expect(audit.map((a) => JSON.parse(a.data))).toEqual([{ cutoff: '16:00', recomputedDeadlines: 1 }]);
  });
});
