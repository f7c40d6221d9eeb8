import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/apiClient.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

/** The morning digest's time per warehouse, HH:MM on its own clock, set and cleared through the API. */
describe.each(engines)('the digest time of a warehouse through the API on %s', (engine) => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    await seedSeller(server.store, { organizationId: server.organizationId });
    api = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
  });
  afterAll(() => server?.close());

  const edit = async (body: Record<string, unknown>) => {
    const etag = (await api.get('/api/v1/warehouses/TX')).headers.get('etag') as string;
    return api.patch('/api/v1/warehouses/TX', body, { headers: { 'if-match': etag } });
  };

  it('starts without one, is set to 07:00, and is cleared with null', async () => {
    expect((await api.get('/api/v1/warehouses/TX')).body.digestAt).toBeNull();
    const set = await edit({ digestAt: '07:00' });
    expect([set.status, set.body.digestAt]).toEqual([200, '07:00']);
    const list = await api.get('/api/v1/warehouses');
    expect(
      list.body.items.map((w: { code: string; digestAt: string | null }) => [w.code, w.digestAt]),
    ).toEqual([
      ['CA', null],
      ['TX', '07:00'],
    ]);
    const cleared = await edit({ digestAt: null });
    expect([cleared.status, cleared.body.digestAt]).toEqual([200, null]);
  });

  it('refuses a time that is not HH:MM, naming the field', async () => {
    for (const digestAt of ['7am', '24:00', '07:00:00']) {
      const answer = await api.patch('/api/v1/warehouses/TX', { digestAt });
      expect([answer.status, answer.body.error.code, answer.body.error.details[0]?.field]).toEqual([
        400,
        'VALIDATION_FAILED',
        'digestAt',
      ]);
    }
  });
});
