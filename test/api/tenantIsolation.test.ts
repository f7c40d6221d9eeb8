/**
 * Organizations on one install are fully isolated. Two organizations, each with its own data made
 * through the API; then organization A's owner (the highest role inside A) calls every route of
 * the server, taken from Fastify's route table, with organization B's ids and codes in the path and
 * in the body. No answer may carry B's data, no call may change it, and a route that names one of
 * B's things in its path must answer 404 or 403, never 2xx or 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../src/http/app.ts';
import { completePasswordReset } from '../../src/services/passwordReset.ts';
import { createOrganization } from '../../src/services/platform.ts';
import { raiseAlert } from '../../src/store/alerts.ts';
import type { Store } from '../../src/store/openDatabase.ts';
import { inTransaction } from '../../src/store/transaction.ts';
import { type Answer, ApiClient } from '../support/apiClient.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

/** Everything of B's, table by table (the tables that carry organization_id), to compare before and after. */
async function snapshot(store: Store, organizationId: string): Promise<Record<string, unknown[]>> {
  const tables = await store.db.introspection.getTables();
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    if (!t.columns.some((c) => c.name === 'organization_id')) continue;
    const rows = await store.db
      // biome-ignore lint/suspicious/noExplicitAny: every table, by name
      .selectFrom(t.name as any)
      .selectAll()
      .where('organization_id', '=', organizationId)
      .execute();
    out[t.name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** Owner of a new organization, logged in: made the way a platform administrator makes one. */
async function newSeller(server: TestServer, name: string, email: string) {
  const created = await createOrganization(server.store, {
    name,
    ownerEmail: email,
    actor: 'test',
    baseUrl: server.url,
  });
  const token = new URLSearchParams(created.link.split('#')[1]).get('token') as string;
  await completePasswordReset(server.store, { token, password: 'a-long-password-b' });
  return {
    organizationId: created.organization.id,
    client: await ApiClient.loggedIn(server.url, email, 'a-long-password-b'),
  };
}

/** B's things, made through B's own API, with codes A does not have. */
async function seedThroughApi(b: ApiClient) {
  const must = (a: Answer, what: string) => {
    if (a.status >= 300) throw new Error(`${what}: ${a.status} ${JSON.stringify(a.body)}`);
    return a;
  };
  must(
    await b.post('/api/v1/warehouses', {
      code: 'BWH',
      name: 'B secret warehouse',
      country: 'US',
      state: 'TX',
      timeZone: 'America/Chicago',
      cutoff: '15:00',
      holidayCalendar: 'US-federal',
      leadTimeDays: 10,
    }),
    'warehouse',
  );
  must(
    await b.post('/api/v1/storefronts', {
      code: 'BSHOP',
      name: 'B secret shop',
      platform: 'tiktok',
      region: 'MX',
      currency: 'MXN',
      warehouses: ['BWH'],
    }),
    'storefront',
  );
  must(
    await b.post('/api/v1/skus', {
      items: [
        { sku: 'BSKU1', title: 'B secret earbuds', weightG: 40 },
        { sku: 'BSKU2', title: 'B secret cable', weightG: 40 },
      ],
    }),
    'skus',
  );
  must(await b.post('/api/v1/stock/receive', { sku: 'BSKU1', warehouse: 'BWH', quantity: 50 }), 'receive');
  const order = must(
    await b.post('/api/v1/orders', {
      storefront: 'BSHOP',
      externalId: 'B-ORDER-1',
      paidAt: new Date().toISOString(),
      lines: [{ sku: 'BSKU1', quantity: 2, unitPriceMinor: 19_900 }],
    }),
    'order',
  );
  must(
    await b.post('/api/v1/orders', {
      storefront: 'BSHOP',
      externalId: 'B-ORDER-WAITS',
      paidAt: new Date().toISOString(),
      lines: [{ sku: 'BSKU2', quantity: 5, unitPriceMinor: 900 }],
    }),
    'waiting order',
  );
  must(
    await b.post('/api/v1/users', {
      email: 'b-viewer@b.example',
      name: 'B viewer',
      role: 'viewer',
      password: 'a-long-password-v',
    }),
    'user',
  );
  must(await b.post('/api/v1/tokens', { name: 'b-erp', scope: 'read' }), 'token');
  const channel = must(
    await b.post('/api/v1/notify/channels', { kind: 'webhook', name: 'B ops', url: 'http://127.0.0.1:9/b' }),
    'channel',
  );
  must(await b.post('/api/v1/notify/routes', { channelId: channel.body.id, kinds: [] }), 'route');
  must(
    await b.put('/api/v1/rate-cards/BCARD', {
      name: 'B linehaul',
      route: 'us-warehouse',
      leg: 'linehaul',
      currency: 'USD',
      perParcelMinor: 250,
      perKgMinor: 80,
      feePerParcelMinor: 0,
      perEntryMinor: 0,
      unitsPerEntry: null,
      volumetricDivisor: 5000,
      transitDays: 3,
    }),
    'rate card',
  );
  must(await b.put('/api/v1/merchant/profile', { country: 'CN', sps: 4.2 }), 'merchant');
  must(
    await b.post('/api/v1/planning/purchase-orders', {
      warehouse: 'BWH',
      lines: [{ sku: 'BSKU2', quantity: 24 }],
    }),
    'purchase order',
  );
  return { orderId: order.body.order.id as string };
}

/** A body every route's schema can find its fields in, each naming one of B's things. */
function bodyNaming(b: { ids: string[] }) {
  const anyId = b.ids[0] as string;
  return {
    sku: 'BSKU1',
    warehouse: 'BWH',
    storefront: 'BSHOP',
    from: 'BWH',
    to: 'BWH',
    quantity: 1,
    delta: -1,
    reason: 'isolation test',
    externalId: 'B-ORDER-1',
    paidAt: new Date().toISOString(),
    lines: [{ sku: 'BSKU1', quantity: 1, unitPriceMinor: 100, received: 1 }],
    restock: false,
    items: [{ sku: 'BSKU1', title: 'overwrite', weightG: 1 }],
    orders: b.ids,
    ids: b.ids,
    orderIds: b.ids,
    channelId: anyId,
    kinds: [],
    carrier: 'Estafeta',
    tracking: '1Z',
    name: 'isolation',
    code: 'BWH',
    email: 'b-viewer@b.example',
    ownerEmail: 'someone@else.example',
    role: 'viewer',
    scope: 'read',
    password: 'a-long-password-x',
    disabled: true,
    country: 'US',
    sps: 1,
    map: [],
    warehouses: ['BWH'],
  };
}

/** The event stream never ends: its status and first chunk (the hello), then the stream is dropped. */
async function firstEvents(a: ApiClient, path: string): Promise<Answer> {
  const cookie = (a as unknown as { cookie: string | null }).cookie;
  const stop = new AbortController();
  const response = await fetch(`${a.baseUrl}${path}`, {
    headers: cookie ? { cookie } : {},
    signal: stop.signal,
  });
  const reader = response.body?.getReader();
  const first = reader ? await reader.read() : { value: undefined };
  stop.abort();
  return { status: response.status, headers: response.headers, body: new TextDecoder().decode(first.value) };
}

describe.each(engines)('organizations are isolated on every route, %s', (engine) => {
  let server: TestServer;
  let a: ApiClient;
  let orgB: string;
  /** B's ids (every id column of B's rows) and codes: the values put in paths. */
  const bValues: string[] = [];
  /** Words only B's data contains and no request sends: found in an answer, they are a leak. */
  const bSecrets = ['B secret', 'b-erp', 'b-viewer@b.example', 'B ops', 'B linehaul', 'b-owner@b.example'];

  beforeAll(async () => {
    server = await startTestServer({ engine });
    a = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    // A has data of its own too, so that lists are not empty by accident.
    await a.post('/api/v1/warehouses', {
      code: 'AWH',
      name: 'A warehouse',
      country: 'US',
      timeZone: 'America/Chicago',
      cutoff: '15:00',
      holidayCalendar: 'US-federal',
      leadTimeDays: 5,
    });
    const seller = await newSeller(server, 'B Trading', 'b-owner@b.example');
    orgB = seller.organizationId;
    const { orderId } = await seedThroughApi(seller.client);
    await inTransaction(server.store, (trx) =>
      raiseAlert(trx, {
        organizationId: orgB,
        kind: 'low_stock',
        subject: 'sku:BSKU2',
        severity: 'warning',
        message: 'B secret low stock',
        data: {},
      }),
    );
    const snap = await snapshot(server.store, orgB);
    const ids = new Set<string>([orgB, orderId]);
    for (const rows of Object.values(snap))
      for (const row of rows)
        for (const [key, value] of Object.entries(JSON.parse(row as string)))
          if ((key === 'id' || key === 'number') && typeof value === 'string') ids.add(value);
    bValues.push(...ids, 'BWH', 'BSHOP', 'BSKU1', 'BCARD', 'B-ORDER-1', 'prescription_drugs');
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it('answers A with none of B’s data on any route and changes nothing of B’s', async () => {
    // Paths naming B's things first: a route without one may create A's own thing of the same name
    // (POST /skus with BSKU1), which a later path would then rightly find.
    const named = (r: RouteEntry) => (r.url.includes(':') ? 0 : 1);
    const routes = server.app.routeTable
      .filter(
        (r: RouteEntry) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && r.url.startsWith('/api/v1/'),
      )
      .sort((x: RouteEntry, y: RouteEntry) => named(x) - named(y));
    // The table is the server's own: a route added later is tried without editing this test.
    expect(routes.length).toBeGreaterThan(90);
    const before = await snapshot(server.store, orgB);
    const body = bodyNaming({ ids: bValues.filter((v) => /^[0-9a-f-]{36}$/.test(v)) });
    const leaks: string[] = [];
    const wrongStatus: string[] = [];
    let calls = 0;
    for (const route of routes) {
      const params = route.url.match(/:[A-Za-z]+/g) ?? [];
      let refused = 0;
      const fills =
        params.length === 0 ? [route.url] : bValues.map((v) => route.url.replace(/:[A-Za-z]+/g, v));
      for (const path of fills) {
        const call = () =>
          route.url === '/api/v1/events'
            ? firstEvents(a, path)
            : a.send(
                route.method,
                path,
                route.method === 'GET' || route.method === 'DELETE'
                  ? {}
                  : // An edit needs If-Match: a version of B's thing it cannot know, so the lookup decides.
                    { body, headers: route.method === 'PATCH' ? { 'if-match': '"v1"' } : {} },
              );
        let answer = await call();
        // Logging out is one of the routes: A logs in again, so that no later route passes on a 401.
        if (answer.status === 401) {
          await a.logIn(server.owner.email, server.owner.password);
          answer = await call();
        }
        calls++;
        if (answer.status === 404 || answer.status === 403) refused++;
        const text = JSON.stringify(answer.body ?? '');
        const where = `${route.method} ${route.url} as ${path}: ${answer.status}`;
        // An answer may repeat what the request itself sent (B's e-mail in "cannot be used for a new
        // account": e-mails are unique across the install, people log in by e-mail alone).
        for (const secret of bSecrets)
          if (text.includes(secret) && !JSON.stringify(body).includes(secret))
            leaks.push(`${where} shows "${secret}"`);
        // An id of B's in an answer to a path that did not name it is a leak too.
        for (const id of bValues)
          if (
            id.length === 36 &&
            !path.includes(id) &&
            !JSON.stringify(body).includes(id) &&
            text.includes(id)
          )
            leaks.push(`${where} shows B's id ${id}`);
        if (answer.status >= 500 || (answer.status === 401 && route.access !== 'public'))
          wrongStatus.push(`${where} (not an answer about B)`);
        // A path naming B's thing: refused, unless the route is A's own write-by-name (PUT of a
        // rate card or an application creates A's own row of that name).
        if (params.length > 0 && route.access !== 'public' && answer.status < 300 && route.method !== 'PUT')
          wrongStatus.push(`${where}`);
      }
      // Among B's values, the one of the right kind reaches the lookup, which answers "not found".
      if (params.length > 0 && route.access !== 'public' && route.method !== 'PUT' && refused === 0)
        wrongStatus.push(`${route.method} ${route.url}: no 404 or 403 for any of B's ids and codes`);
    }
    expect(calls).toBeGreaterThan(routes.length);
    expect(leaks).toEqual([]);
    expect(wrongStatus).toEqual([]);
    expect(await snapshot(server.store, orgB)).toEqual(before);
  }, 600_000);

  it('refuses A on the platform routes: A’s owner is not a platform administrator', async () => {
    const answer = await a.get('/api/v1/platform/organizations');
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('FORBIDDEN');
  });
});
