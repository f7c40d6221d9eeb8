import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/apiClient.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

/**
 * An owner gets a one-time link for a teammate who forgot the password (Settings → Users), hands
 * it over, and the teammate sets a new one: their sessions end, the link is spent, the audit log
 * says who did what.
 */
describe.each(engines)('password reset over the API, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  let ana: { id: string };

  beforeAll(async () => {
    server = await startTestServer({ engine });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    ana = (
      await owner.post('/api/v1/users', {
        email: 'ana@shop.mx',
        name: 'Ana',
        role: 'operator',
        password: 'forgotten-password',
      })
    ).body;
  });
  afterAll(() => server?.close());

  it('hands the owner a link on the address the dashboard was reached at, which works once', async () => {
    const anaBefore = await ApiClient.loggedIn(server.url, 'ana@shop.mx', 'forgotten-password');
    const made = await owner.post(`/api/v1/users/${ana.id}/password-reset`);
    expect(made.status).toBe(201);
    expect(made.body.email).toBe('ana@shop.mx');
    const link = new URL(made.body.link);
    // No PUENTE_PUBLIC_URL here: the link points where the owner's request came in.
    expect(`${link.origin}${link.pathname}`).toBe(`${server.url}/reset-password`);
    const token = new URLSearchParams(link.hash.slice(1)).get('token') as string;

    const anonymous = new ApiClient(server.url);
    const weak = await anonymous.post('/api/v1/auth/password-reset', { token, password: 'short' });
    expect([weak.status, weak.body.error.code]).toEqual([400, 'WEAK_PASSWORD']);
    const set = await anonymous.post('/api/v1/auth/password-reset', {
      token,
      password: 'a-brand-new-password',
    });
    expect([set.status, set.body]).toEqual([200, { email: 'ana@shop.mx' }]);

    expect((await anaBefore.get('/api/v1/auth/me')).status).toBe(401);
    expect((await anonymous.logIn('ana@shop.mx', 'forgotten-password')).status).toBe(401);
    expect((await anonymous.logIn('ana@shop.mx', 'a-brand-new-password')).status).toBe(200);

    const again = await new ApiClient(server.url).post('/api/v1/auth/password-reset', {
      token,
      password: 'yet-another-password',
    });
    expect([again.status, again.body.error.code]).toEqual([400, 'RESET_LINK_INVALID']);

    const audit = await server.store.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'subject', 'data'])
      .where('action', 'like', 'user.password_reset%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.actor, a.action, a.subject])).toEqual([
      [`user:${server.owner.email}`, 'user.password_reset_link', 'ana@shop.mx'],
      ['user:ana@shop.mx', 'user.password_reset', 'ana@shop.mx'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('answers 404 for a user that is not in the organization, and 400 for a made-up link', async () => {
    const missing = await owner.post('/api/v1/users/no-such-user/password-reset');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const madeUp = await new ApiClient(server.url).post('/api/v1/auth/password-reset', {
      token: 'x'.repeat(43),
      password: 'a-long-enough-password',
    });
    expect([madeUp.status, madeUp.body.error.code]).toEqual([400, 'RESET_LINK_INVALID']);
  });
});
