import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/accounts.ts';
import { revokeToken } from '../../src/store/accounts.ts';
import { createOrganization } from '../../src/store/entities.ts';
import { openDatabase } from '../../src/store/openDatabase.ts';
import { ApiClient } from '../support/apiClient.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

describe.each(engines)('API security on %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    await seedSeller(server.store, { organizationId: server.organizationId });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
  });
  afterAll(() => server?.close());

  it('answers health and docs without logging in, and nothing else', async () => {
    const anonymous = new ApiClient(server.url);
    expect((await anonymous.get('/health')).body).toEqual({ ok: true, status: 'ok', database: 'ok', engine });
    const spec = await anonymous.get('/api/docs/json');
    expect(spec.status).toBe(200);
    const paths = Object.entries(spec.body.paths as Record<string, Record<string, unknown>>);
    expect(paths.length).toBeGreaterThan(25);
    // Every documented route refuses an anonymous caller, but login, the signed webhooks, the
    // password reset, whose one-time link is its credential, and TikTok's OAuth callback, whose state
    // is bound to a session (both refused below without one).
    const credentialed = [
      '/api/v1/auth/login',
      '/api/v1/auth/password-reset',
      '/api/v1/connectors/tiktok/callback',
    ];
    for (const [path, methods] of paths) {
      if (credentialed.includes(path) || path.startsWith('/api/v1/webhooks/')) continue;
      for (const method of Object.keys(methods)) {
        const url = path.replace(/\{(\w+)\}/g, 'x');
        const answer = await anonymous.send(method.toUpperCase(), url, method === 'get' ? {} : { body: {} });
        expect([method, url, answer.status, answer.body.error?.code]).toEqual([
          method,
          url,
          401,
          'UNAUTHENTICATED',
        ]);
      }
    }
    const reset = await anonymous.post('/api/v1/auth/password-reset', {
      token: 'not-a-link-secret',
      password: 'a new password long enough',
    });
    expect([reset.status, reset.body.error?.code]).toEqual([400, 'RESET_LINK_INVALID']);
    // The callback reached from TikTok's site carries no SameSite=Strict cookie: it answers a page
    // that loads it again from Puente's origin, and without a session then, it binds nothing.
    const callback = '/api/v1/connectors/tiktok/callback?code=c&state=s';
    expect((await anonymous.get(callback)).status).toBe(200);
    const again = await anonymous.get(`${callback}&bounced=1`, { redirect: 'manual' });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toMatch(/^\/settings\?.*tiktok_error=/);
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, and sends security headers', async () => {
    const answer = await new ApiClient(server.url).logIn(server.owner.email, server.owner.password);
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/puente_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i); // plain HTTP here; behind HTTPS (trust proxy) it is Secure
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('refuses a wrong password with one message whether or not the account exists', async () => {
    const a = await new ApiClient(server.url).logIn(server.owner.email, 'not-the-password');
    const b = await new ApiClient(server.url).logIn('nobody@example.com', 'not-the-password');
    expect(a.status).toBe(401);
    expect(a.body).toEqual(b.body);
    expect(a.body.error.code).toBe('BAD_CREDENTIALS');
  });

  it('needs the CSRF token on a write made with the session cookie', async () => {
    const body = { sku: 'A', warehouse: 'TX', quantity: 1 };
    const without = await owner.post('/api/v1/stock/receive', body, { csrf: false });
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('CSRF_FAILED');
    const wrong = await owner.post('/api/v1/stock/receive', body, {
      csrf: false,
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(wrong.body.error.code).toBe('CSRF_FAILED');
    expect((await owner.post('/api/v1/stock/receive', body)).status).toBe(200);
  });

  it('logs out: the cookie no longer opens anything', async () => {
    const session = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    expect((await session.get('/api/v1/auth/me')).status).toBe(200);
    expect((await session.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('shows an API token once, stores only its hash, limits it to its scope and forgets it when revoked', async () => {
    const made = await owner.post('/api/v1/tokens', { name: 'erp-sync', scope: 'read' });
    expect(made.status).toBe(201);
    const { token, item } = made.body;
    expect(token).toMatch(/^pte_/);
    const stored = await server.store.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify((await owner.get('/api/v1/tokens')).body)).not.toContain(token);

    const reader = ApiClient.withToken(server.url, token);
    expect((await reader.get('/api/v1/stock')).status).toBe(200);
    // A bearer token needs no CSRF token, but a read token cannot write.
    const write = await reader.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 1 });
    expect([write.status, write.body.error.code]).toEqual([403, 'FORBIDDEN']);

    expect((await owner.delete(`/api/v1/tokens/${item.id}`)).status).toBe(200);
    expect((await reader.get('/api/v1/stock')).status).toBe(401);
  });

  it('refuses a token at once when another process revoked it (nothing about a token is cached)', async () => {
    const { token, item } = (await owner.post('/api/v1/tokens', { name: 'erp-orders', scope: 'write' })).body;
    const erp = ApiClient.withToken(server.url, token);
    expect((await erp.get('/api/v1/orders')).status).toBe(200);
    // The command line, or another server, revokes it on its own connection to the database.
    const other = openDatabase(server.databaseUrl);
    try {
      expect(await revokeToken(other, server.organizationId, item.id)).toBe(true);
    } finally {
      await other.close();
    }
    const refused = await erp.get('/api/v1/orders');
    expect([refused.status, refused.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('never lets a token outrank the user who made it, nor outlive a disabled user', async () => {
    const op = await owner.post('/api/v1/users', {
      email: 'op@example.com',
      name: 'Op',
      role: 'operator',
      password: 'operator-pass-1',
    });
    expect(op.status).toBe(201);
    // An owner-made admin token, then the owner is… still the owner; make the operator an owner briefly.
    await owner.patch(`/api/v1/users/${op.body.id}`, { role: 'owner' });
    const asOwner = await ApiClient.loggedIn(server.url, 'op@example.com', 'operator-pass-1');
    const { token } = (await asOwner.post('/api/v1/tokens', { name: 'ops-admin', scope: 'admin' })).body;
    await owner.patch(`/api/v1/users/${op.body.id}`, { role: 'operator' });
    const admin = ApiClient.withToken(server.url, token);
    expect(
      (await admin.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 1 })).status,
    ).toBe(200);
    expect((await admin.get('/api/v1/users')).status).toBe(403);
    await owner.patch(`/api/v1/users/${op.body.id}`, { disabled: true });
    expect((await admin.get('/api/v1/stock')).status).toBe(401);
    expect((await new ApiClient(server.url).logIn('op@example.com', 'operator-pass-1')).status).toBe(401);
  });

  it('stores passwords as scrypt hashes and refuses short ones', async () => {
    const weak = await owner.post('/api/v1/users', {
      email: 'weak@example.com',
      name: 'W',
      role: 'viewer',
      password: 'short',
    });
    expect([weak.status, weak.body.error.code]).toEqual([400, 'WEAK_PASSWORD']);
    const row = await server.store.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', server.owner.email)
      .executeTakeFirstOrThrow();
    // The test run hashes at a lower N (passwords.test.ts checks the production cost).
    expect(row.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(row.password_hash).not.toContain(server.owner.password);
  });

  it('keeps organizations apart: an owner elsewhere cannot touch, or log out, this one’s users', async () => {
    const otherOrg = await createOrganization(server.store, 'Another seller');
    await createUser(server.store, {
      organizationId: otherOrg,
      email: 'boss@other.example',
      name: 'Boss',
      role: 'owner',
      password: 'other-owner-pass',
    });
    const other = await ApiClient.loggedIn(server.url, 'boss@other.example', 'other-owner-pass');
    const viewer = await owner.post('/api/v1/users', {
      email: 'v2@example.com',
      name: 'V',
      role: 'viewer',
      password: 'viewer-pass-12',
    });
    const session = await ApiClient.loggedIn(server.url, 'v2@example.com', 'viewer-pass-12');
    const attempt = await other.patch(`/api/v1/users/${viewer.body.id}`, {
      disabled: true,
      password: 'hijacked-pass-1',
    });
    expect(attempt.status).toBe(404);
    expect((await session.get('/api/v1/auth/me')).status).toBe(200);
    expect((await other.get('/api/v1/warehouses')).body.items).toEqual([]);
    expect((await other.get('/api/v1/users')).body.items.map((u: { email: string }) => u.email)).toEqual([
      'boss@other.example',
    ]);
  });

  it('never leaves the organization without an enabled owner', async () => {
    const { token } = (await owner.post('/api/v1/tokens', { name: 'admin-script', scope: 'admin' })).body;
    const me = (await owner.get('/api/v1/auth/me')).body.user;
    const script = ApiClient.withToken(server.url, token);
    const demote = await script.patch(`/api/v1/users/${me.id}`, { role: 'viewer' });
    expect([demote.status, demote.body.error.code]).toEqual([409, 'LAST_OWNER']);
    expect((await owner.patch(`/api/v1/users/${me.id}`, { disabled: true })).body.error.code).toBe(
      'LAST_OWNER',
    );
    expect((await owner.get('/api/v1/auth/me')).body.user.role).toBe('owner');
  });

  it('creates one account when the same e-mail is submitted twice at once', async () => {
    const body = { email: 'twice@example.com', name: 'T', role: 'viewer', password: 'a-long-password' };
    const answers = await Promise.all([owner.post('/api/v1/users', body), owner.post('/api/v1/users', body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  });

  it('reports bad input with the field and a stable code', async () => {
    const answer = await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: -3 });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.details[0]).toMatchObject({ where: 'body', field: 'quantity' });
    const unknown = await owner.post('/api/v1/stock/receive', { sku: 'NOPE', warehouse: 'TX', quantity: 1 });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('login rate limit', () => {
  it('slows guessing: after the allowed attempts in a minute, 429', async () => {
    const server = await startTestServer({ loginAttemptsPerMinute: 3 });
    try {
      const client = new ApiClient(server.url);
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await client.logIn(server.owner.email, 'wrong-password')).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const limited = await client.logIn(server.owner.email, server.owner.password);
      expect([limited.status, limited.body.error.code]).toEqual([429, 'RATE_LIMITED']);
      // Counted per address and e-mail: guessing at other accounts does not lock this one out.
      const fresh = await startTestServer({ loginAttemptsPerMinute: 3 });
      try {
        for (const email of ['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example'])
          await new ApiClient(fresh.url).logIn(email, 'wrong-password');
        expect((await new ApiClient(fresh.url).logIn(fresh.owner.email, fresh.owner.password)).status).toBe(
          200,
        );
      } finally {
        await fresh.close();
      }
    } finally {
      await server.close();
    }
  });
});
