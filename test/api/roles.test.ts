import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/services/security/secrets.ts';
import { connectTikTok } from '../../src/services/tiktokConnect.ts';
import { raiseAlert } from '../../src/store/alerts.ts';
import { inTransaction } from '../../src/store/transaction.ts';
import { type Answer, ApiClient } from '../support/apiClient.ts';
import { type HttpReceiver, startHttpReceiver } from '../support/notifyReceivers.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';
import { demoFake, fakeConnection } from '../support/tiktokFake.ts';

type Role = 'owner' | 'operator' | 'viewer';
type Level = 'read' | 'write' | 'admin' | 'platform';
const allowedFor: Record<Level, Role[]> = {
  read: ['owner', 'operator', 'viewer'],
  write: ['owner', 'operator'],
  admin: ['owner'],
  // Organizations are managed by platform administrators (puente org admin grant), no role of one.
  platform: [],
};

/**
 * Every mutating route, the least level it needs, and a request that succeeds when allowed. Each
 * call builds what it acts on first (as the owner), so the matrix runs in any order.
 */
interface Case {
  route: string;
  level: Level;
  call(as: ApiClient): Promise<Answer>;
}

describe.each(engines)('roles on every mutating route, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  const as = {} as Record<Role, ApiClient>;
  const tiktok = demoFake();
  let hook: HttpReceiver;

  beforeAll(async () => {
    server = await startTestServer({ engine });
    await seedSeller(server.store, { organizationId: server.organizationId });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    as.owner = owner;
    for (const role of ['operator', 'viewer'] as const) {
      const email = `${role}@example.com`;
      await owner.post('/api/v1/users', { email, name: role, role, password: `${role}-password-1` });
      as[role] = await ApiClient.loggedIn(server.url, email, `${role}-password-1`);
    }
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 10_000 });
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'CA', quantity: 10_000 });
    // TTS-US connected to a TikTok Shop fake, for the connection's routes.
    // A loopback webhook for the notification channels, so a test message never leaves the machine.
    hook = await startHttpReceiver('webhook');
    await tiktok.fake.listen();
    await connectTikTok(
      server.store,
      { secrets: SecretBox.fromKey(Buffer.from(server.secretKey, 'base64')) },
      fakeConnection(tiktok, server.organizationId, 'TTS-US'),
    );
  });
  afterAll(async () => {
    await server?.close();
    await tiktok.fake.close();
    await hook?.close();
  });

  const order = async () => {
    const placed = await owner.post('/api/v1/orders', {
      storefront: 'TTS-MX',
      externalId: `MX-${randomUUID()}`,
      paidAt: new Date().toISOString(),
      lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 19_900 }],
    });
    return placed.body.order as { id: string; externalId: string };
  };
  const alert = async () => {
    const subject = `sku:${randomUUID()}`;
    await inTransaction(server.store, (trx) =>
      raiseAlert(trx, {
        organizationId: server.organizationId,
        kind: 'low_stock',
        subject,
        severity: 'warning',
        message: 'low',
        data: {},
      }),
    );
    const row = await server.store.db
      .selectFrom('alerts')
      .select('id')
      .where('subject', '=', subject)
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const channel = async () =>
    (
      await owner.post('/api/v1/notify/channels', {
        kind: 'webhook',
        name: `Ops ${randomUUID().slice(0, 6)}`,
        url: hook.url,
      })
    ).body.id as string;
  const purchaseOrder = async () =>
    (
      await owner.post('/api/v1/planning/purchase-orders', {
        warehouse: 'TX',
        lines: [{ sku: 'A', quantity: 24 }],
      })
    ).headers.get('x-purchase-order') as string;
  const rateCard = {
    name: 'Laredo linehaul',
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
  };
  const etag = async (path: string) => (await owner.get(path)).headers.get('etag') as string;

  const cases: Case[] = [
    {
      route: 'PATCH /api/v1/auth/me',
      level: 'read',
      call: (c) => c.patch('/api/v1/auth/me', { locale: 'es-MX' }),
    },
    {
      route: 'POST /api/v1/merchant/eligibility',
      level: 'read',
      call: (c) => c.post('/api/v1/merchant/eligibility', { registered_country: 'CN', sps: 4 }),
    },
    {
      route: 'POST /api/v1/users',
      level: 'admin',
      call: (c) =>
        c.post('/api/v1/users', {
          email: `${randomUUID()}@example.com`,
          name: 'New',
          role: 'viewer',
          password: 'a-long-password',
        }),
    },
    {
      route: 'PATCH /api/v1/users/{id}',
      level: 'admin',
      call: async (c) => {
        const made = await owner.post('/api/v1/users', {
          email: `${randomUUID()}@example.com`,
          name: 'Temp',
          role: 'viewer',
          password: 'a-long-password',
        });
        return c.patch(`/api/v1/users/${made.body.id}`, { role: 'operator' });
      },
    },
    {
      route: 'POST /api/v1/users/{id}/password-reset',
      level: 'admin',
      call: async (c) => {
        const made = await owner.post('/api/v1/users', {
          email: `${randomUUID()}@example.com`,
          name: 'Forgetful',
          role: 'viewer',
          password: 'a-long-password',
        });
        return c.post(`/api/v1/users/${made.body.id}/password-reset`);
      },
    },
    {
      route: 'POST /api/v1/tokens',
      level: 'admin',
      call: (c) => c.post('/api/v1/tokens', { name: 'script', scope: 'read' }),
    },
    {
      route: 'DELETE /api/v1/tokens/{id}',
      level: 'admin',
      call: async (c) =>
        c.delete(
          `/api/v1/tokens/${(await owner.post('/api/v1/tokens', { name: 't', scope: 'read' })).body.item.id}`,
        ),
    },
    {
      route: 'POST /api/v1/warehouses',
      level: 'admin',
      call: (c) =>
        c.post('/api/v1/warehouses', {
          code: `W${randomUUID().slice(0, 8)}`,
          name: 'Laredo',
          country: 'US',
          state: 'TX',
          timeZone: 'America/Chicago',
          cutoff: '15:00',
          holidayCalendar: 'US-federal',
          leadTimeDays: 10,
        }),
    },
    {
      route: 'PATCH /api/v1/warehouses/{code}',
      level: 'admin',
      call: async (c) =>
        c.patch(
          '/api/v1/warehouses/CA',
          { cutoff: '14:00' },
          { headers: { 'if-match': await etag('/api/v1/warehouses/CA') } },
        ),
    },
    {
      route: 'POST /api/v1/storefronts',
      level: 'admin',
      call: (c) =>
        c.post('/api/v1/storefronts', {
          code: `S${randomUUID().slice(0, 8)}`,
          name: 'Amazon MX',
          platform: 'amazon',
          region: 'MX',
          currency: 'MXN',
          warehouses: ['TX'],
        }),
    },
    {
      route: 'PATCH /api/v1/storefronts/{code}',
      level: 'admin',
      call: async (c) =>
        c.patch(
          '/api/v1/storefronts/TTS-US',
          { bufferUnits: 2 },
          { headers: { 'if-match': await etag('/api/v1/storefronts/TTS-US') } },
        ),
    },
    {
      route: 'POST /api/v1/connectors/tiktok/authorize',
      level: 'admin',
      call: (c) =>
        c.post('/api/v1/connectors/tiktok/authorize', {
          storefront: 'TTS-MX',
          appKey: tiktok.app.appKey,
          appSecret: tiktok.app.appSecret,
        }),
    },
    {
      route: 'POST /api/v1/connectors/tiktok/connections/{code}/sync',
      level: 'write',
      call: (c) => c.post('/api/v1/connectors/tiktok/connections/TTS-US/sync'),
    },
    {
      route: 'PUT /api/v1/connectors/tiktok/connections/{code}/warehouses',
      level: 'admin',
      call: (c) => c.put('/api/v1/connectors/tiktok/connections/TTS-US/warehouses', { map: [] }),
    },
    {
      route: 'POST /api/v1/storefronts/{code}/webhook-secret',
      level: 'admin',
      call: (c) => c.post('/api/v1/storefronts/TTS-US/webhook-secret'),
    },
    {
      route: 'POST /api/v1/skus',
      level: 'write',
      call: (c) =>
        c.post('/api/v1/skus', {
          items: [{ sku: `N-${randomUUID().slice(0, 6)}`, title: 'Silicone phone case', weightG: 40 }],
        }),
    },
    {
      route: 'POST /api/v1/stock/receive',
      level: 'write',
      call: (c) => c.post('/api/v1/stock/receive', { sku: 'B', warehouse: 'TX', quantity: 5 }),
    },
    {
      route: 'POST /api/v1/stock/adjust',
      level: 'write',
      call: (c) =>
        c.post('/api/v1/stock/adjust', { sku: 'A', warehouse: 'TX', delta: -1, reason: 'damaged in aisle' }),
    },
    {
      route: 'POST /api/v1/stock/transfer',
      level: 'write',
      call: (c) => c.post('/api/v1/stock/transfer', { sku: 'A', from: 'CA', to: 'TX', quantity: 1 }),
    },
    {
      route: 'POST /api/v1/orders',
      level: 'write',
      call: (c) =>
        c.post('/api/v1/orders', {
          storefront: 'TTS-US',
          externalId: `US-${randomUUID()}`,
          paidAt: new Date().toISOString(),
          lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 1299 }],
        }),
    },
    {
      route: 'POST /api/v1/orders/{id}/ship',
      level: 'write',
      call: async (c) =>
        c.post(`/api/v1/orders/${(await order()).id}/ship`, { carrier: 'Estafeta', tracking: '1Z999' }),
    },
    {
      route: 'POST /api/v1/orders/{id}/cancel',
      level: 'write',
      call: async (c) => c.post(`/api/v1/orders/${(await order()).id}/cancel`, { reason: 'buyer asked' }),
    },
    {
      route: 'POST /api/v1/orders/{id}/retry',
      level: 'write',
      call: async (c) => {
        // More than there will ever be: the order waits for stock, and a retry answers so.
        const placed = await owner.post('/api/v1/orders', {
          storefront: 'TTS-MX',
          externalId: `MX-${randomUUID()}`,
          paidAt: new Date().toISOString(),
          lines: [{ sku: 'C', quantity: 1_000_000, unitPriceMinor: 100 }],
        });
        return c.post(`/api/v1/orders/${placed.body.order.id}/retry`, {});
      },
    },
    {
      route: 'POST /api/v1/orders/{id}/returns',
      level: 'write',
      call: async (c) => {
        const { id } = await order();
        await owner.post(`/api/v1/orders/${id}/ship`, { carrier: 'Estafeta', tracking: '1Z998' });
        return c.post(`/api/v1/orders/${id}/returns`, { sku: 'A', quantity: 1, restock: true });
      },
    },
    {
      route: 'POST /api/v1/orders/ship-bulk',
      level: 'write',
      call: async (c) =>
        c.post('/api/v1/orders/ship-bulk', {
          csv: `external_id,storefront,carrier,tracking\n${(await order()).externalId},TTS-MX,DHL,JD01\n`,
        }),
    },
    {
      route: 'POST /api/v1/pick-list',
      level: 'read',
      call: async (c) => c.post('/api/v1/pick-list', { orderIds: [(await order()).id] }),
    },
    {
      route: 'POST /api/v1/pick-list/csv',
      level: 'read',
      call: async (c) => c.post('/api/v1/pick-list/csv', { orderIds: [(await order()).id] }),
    },
    {
      route: 'POST /api/v1/alerts/{id}/acknowledge',
      level: 'write',
      call: async (c) => c.post(`/api/v1/alerts/${await alert()}/acknowledge`),
    },
    {
      route: 'POST /api/v1/alerts/{id}/resolve',
      level: 'write',
      call: async (c) => c.post(`/api/v1/alerts/${await alert()}/resolve`),
    },
    {
      route: 'POST /api/v1/checks',
      level: 'write',
      call: (c) => {
        const form = new FormData();
        form.set('file', new Blob(['sku,title,price,currency\nX1,Cotton T-shirt,199,MXN\n']), 'catalog.csv');
        return c.send('POST', '/api/v1/checks', { raw: form });
      },
    },
    {
      route: 'PUT /api/v1/merchant/profile',
      level: 'write',
      call: (c) => c.send('PUT', '/api/v1/merchant/profile', { body: { country: 'CN', sps: 4.2 } }),
    },
    {
      route: 'POST /api/v1/documents',
      level: 'write',
      call: (c) => {
        const form = new FormData();
        form.set('kind', 'cofepris_operation_notice');
        form.set('issuedOn', '2025-06-01');
        form.set('file', new Blob(['%PDF-1.4']), 'aviso.pdf');
        return c.send('POST', '/api/v1/documents', { raw: form });
      },
    },
    {
      route: 'DELETE /api/v1/documents/{id}',
      level: 'write',
      call: async (c) => {
        const form = new FormData();
        form.set('kind', 'mx_us_affiliation_proof');
        form.set('issuedOn', '2025-06-01');
        form.set('file', new Blob(['%PDF-1.4']), 'proof.pdf');
        const made = await owner.send('POST', '/api/v1/documents', { raw: form });
        return c.delete(`/api/v1/documents/${made.body.document.id}`);
      },
    },
    {
      route: 'PUT /api/v1/applications/{category}',
      level: 'write',
      call: (c) =>
        c.send('PUT', '/api/v1/applications/beauty.personal_care', {
          body: { status: 'applied', appliedOn: '2026-03-02' },
        }),
    },
    {
      route: 'POST /api/v1/notify/channels',
      level: 'admin',
      call: (c) => c.post('/api/v1/notify/channels', { kind: 'webhook', name: 'Ops hook', url: hook.url }),
    },
    {
      route: 'PATCH /api/v1/notify/channels/{id}',
      level: 'admin',
      call: async (c) => c.patch(`/api/v1/notify/channels/${await channel()}`, { language: 'es-MX' }),
    },
    {
      route: 'DELETE /api/v1/notify/channels/{id}',
      level: 'admin',
      call: async (c) => c.delete(`/api/v1/notify/channels/${await channel()}`),
    },
    {
      route: 'POST /api/v1/notify/channels/{id}/test',
      level: 'admin',
      call: async (c) => {
        const answer = await c.post(`/api/v1/notify/channels/${await channel()}/test`);
        // Allowed means it arrived: the loopback receiver took it.
        if (answer.status === 200) expect(answer.body).toEqual({ sent: true, error: null });
        return answer;
      },
    },
    {
      route: 'POST /api/v1/notify/routes',
      level: 'admin',
      call: async (c) =>
        c.post('/api/v1/notify/routes', { channelId: await channel(), kinds: [], severity: 'critical' }),
    },
    {
      route: 'DELETE /api/v1/notify/routes/{id}',
      level: 'admin',
      call: async (c) => {
        const made = await owner.post('/api/v1/notify/routes', { channelId: await channel(), kinds: [] });
        return c.delete(`/api/v1/notify/routes/${made.body.id}`);
      },
    },
    {
      route: 'PUT /api/v1/me/notifications',
      level: 'read',
      call: (c) =>
        c.send('PUT', '/api/v1/me/notifications', {
          body: { emailAlerts: true, kinds: [], severity: 'critical', language: null, digest: true },
        }),
    },
    {
      route: 'PUT /api/v1/notify/smtp',
      level: 'admin',
      call: (c) =>
        c.send('PUT', '/api/v1/notify/smtp', {
          body: { host: '127.0.0.1', port: 2, from: 'ops@example.com', starttls: true },
        }),
    },
    {
      route: 'DELETE /api/v1/notify/smtp',
      level: 'admin',
      call: (c) => c.delete('/api/v1/notify/smtp'),
    },
    {
      route: 'POST /api/v1/notify/smtp/test',
      level: 'admin',
      // Allowed means tried: with no server reachable the answer says it was not sent.
      call: (c) => c.post('/api/v1/notify/smtp/test', {}),
    },
    {
      route: 'POST /api/v1/platform/organizations',
      level: 'platform',
      call: (c) =>
        c.post('/api/v1/platform/organizations', { name: 'Other seller', ownerEmail: 'other@example.com' }),
    },
    {
      route: 'POST /api/v1/platform/organizations/{id}/disable',
      level: 'platform',
      call: (c) => c.post(`/api/v1/platform/organizations/${server.organizationId}/disable`, {}),
    },
    {
      route: 'POST /api/v1/platform/organizations/{id}/enable',
      level: 'platform',
      call: (c) => c.post(`/api/v1/platform/organizations/${server.organizationId}/enable`, {}),
    },
    {
      route: 'PATCH /api/v1/planning/skus/{sku}',
      level: 'write',
      call: (c) => c.patch('/api/v1/planning/skus/A', { supplier: 'YW-01', leadTimeDays: 15, casePack: 12 }),
    },
    {
      route: 'POST /api/v1/planning/purchase-orders',
      level: 'write',
      call: (c) =>
        c.post('/api/v1/planning/purchase-orders', { warehouse: 'TX', lines: [{ sku: 'A', quantity: 12 }] }),
    },
    {
      route: 'POST /api/v1/inbound/{number}/receive',
      level: 'write',
      call: async (c) => c.post(`/api/v1/inbound/${await purchaseOrder()}/receive`, { lines: [] }),
    },
    {
      route: 'PUT /api/v1/cost/skus/{sku}',
      level: 'write',
      call: (c) =>
        c.send('PUT', '/api/v1/cost/skus/A', {
          body: {
            unitCost: { amount: 350, currency: 'USD' },
            price: { amount: 19_900, currency: 'MXN' },
            hsChapter: '42',
            origin: 'CN',
            rrna: false,
          },
        }),
    },
    {
      route: 'PUT /api/v1/fx-rates',
      level: 'admin',
      call: (c) =>
        c.send('PUT', '/api/v1/fx-rates', { body: { date: '2026-02-07', pair: 'USD/MXN', rate: '18.25' } }),
    },
    {
      route: 'PUT /api/v1/rate-cards/{code}',
      level: 'admin',
      call: (c) => c.send('PUT', '/api/v1/rate-cards/LRD-LINEHAUL', { body: rateCard }),
    },
    {
      route: 'DELETE /api/v1/rate-cards/{code}',
      level: 'admin',
      call: async (c) => {
        const code = `RC-${randomUUID().slice(0, 8)}`;
        await owner.send('PUT', `/api/v1/rate-cards/${code}`, { body: rateCard });
        return c.delete(`/api/v1/rate-cards/${code}`);
      },
    },
  ];

  it('has a case for every mutating route the API documents', async () => {
    const spec = (await owner.get('/api/docs/json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(spec.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .filter((r) => !r.startsWith('GET '))
      // Logging in and out are every role's; the webhook is signed by the storefront (webhooks.test.ts);
      // a password reset is authorized by its one-time link (passwordReset.test.ts).
      .filter((r) => !/auth\/(login|logout|password-reset)|webhooks/.test(r));
    expect(cases.map((c) => c.route).sort()).toEqual(documented.sort());
  });

  for (const role of ['owner', 'operator', 'viewer'] as const) {
    it(`lets ${role} do what the role allows and refuses the rest`, async () => {
      const outcomes = [];
      for (const c of cases) {
        const answer = await c.call(as[role]);
        const allowed = allowedFor[c.level].includes(role);
        outcomes.push({
          route: c.route,
          allowed,
          status: allowed ? answer.status < 300 : answer.status,
          code: allowed ? undefined : answer.body?.error?.code,
        });
      }
      expect(outcomes).toEqual(
        outcomes.map((o) => (o.allowed ? { ...o, status: true } : { ...o, status: 403, code: 'FORBIDDEN' })),
      );
    });
  }

  it('records the actor on ledger movements and config changes', async () => {
    await as.operator.post('/api/v1/stock/receive', {
      sku: 'C',
      warehouse: 'CA',
      quantity: 3,
      reason: 'PO-77',
    });
    const moves = (await owner.get('/api/v1/stock/movements?sku=C')).body.items;
    expect(moves[0]).toMatchObject({
      kind: 'receive',
      onHandDelta: 3,
      reason: 'PO-77',
      actor: 'user:operator@example.com',
    });
    const audit = await server.store.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('action', '=', 'storefront.update')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a) => a.actor === `user:${server.owner.email}`)).toBe(true);
  });
});
