import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/http/routes/webhooks.ts';
import { raiseAlert } from '../../src/store/alerts.ts';
import { inTransaction } from '../../src/store/transaction.ts';
import { type Answer, ApiClient } from '../support/apiClient.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

/**
 * No input produces a 5xx, and every refusal is `{error:{code,message,details}}`. Every route the
 * OpenAPI document lists is probed as the owner, one field at a time (the rest of the request valid,
 * so the probe reaches as deep as it can): integers past 32 and 53 bits, fractions, text where a
 * number belongs, NUL and other control characters in every string, path parameter and query
 * parameter, malformed path encoding, an overlong parameter, truncated and oversized bodies, and a
 * cut multipart upload.
 */

const NUMBER_PROBES: unknown[] = [2 ** 31, 2 ** 53, 1e308, -(2 ** 31) - 1, 1.5, -1, '12'];
const STRING_PROBES: unknown[] = [
  '\u0000',
  'a\u0001b',
  'tab\there',
  'c1\u0085',
  'x'.repeat(5_000),
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  2 ** 31,
];
const BOOLEAN_PROBES: unknown[] = ['true', 2 ** 53];
const QUERY_PROBES = [
  '%00',
  'a%01b',
  '%E0%A4%A',
  '2147483648',
  '9007199254740993',
  '1e308',
  '-2147483649',
  '1.5',
  'abc',
];
/** Headers the API reads: a version past 32 bits in If-Match, an over-long or odd Idempotency-Key. */
const HEADER_PROBES: Record<string, string>[] = [
  { 'if-match': '"v99999999999999999999"' },
  { 'if-match': '"v2147483648"' },
  { 'idempotency-key': 'k'.repeat(300) },
  { 'idempotency-key': 'tab\tkey' },
];
/** Past the 5 MB body limit. */
const TOO_LARGE = JSON.stringify({ padding: 'x'.repeat(6 * 1024 * 1024) });
const PATH_PROBES = ['%00', 'a%01b', '%E0%A4%A', 'x'.repeat(200), '9007199254740993'];

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
}
interface Operation {
  parameters?: { in: 'path' | 'query'; name: string }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface Route {
  method: string;
  path: string;
  operation: Operation;
}

/** Valid values by field name: the seller's SKUs, warehouses and storefronts, fresh ids where unique. */
const known: Record<string, () => unknown> = {
  sku: () => 'A',
  warehouse: () => 'TX',
  from: () => 'CA',
  to: () => 'TX',
  storefront: () => 'TTS-MX',
  externalId: () => `FZ-${randomUUID()}`,
  paidAt: () => new Date().toISOString(),
  currency: () => 'MXN',
  quantity: () => 1,
  unitPriceMinor: () => 1_990,
  delta: () => 1,
  reason: () => 'fuzz',
  carrier: () => 'DHL',
  tracking: () => 'JD01',
  email: () => `${randomUUID()}@example.com`,
  password: () => 'a-long-password-1',
  name: () => 'Fuzz',
  code: () => `F${randomUUID().slice(0, 8)}`,
  country: () => 'US',
  region: () => 'MX',
  state: () => 'TX',
  timeZone: () => 'America/Chicago',
  cutoff: () => '15:00',
  policyId: () => 'tiktok-us-mx-2026',
  warehouses: () => ['TX'],
  title: () => 'Cotton T-shirt',
  csv: () => 'external_id,storefront,carrier,tracking\nnone,TTS-MX,DHL,JD01\n',
  registered_country: () => 'CN',
  sps: () => 4,
  locale: () => 'en',
};

/** A valid-looking value for a JSON schema, by field name first, then by type. */
function sample(schema: JsonSchema, name?: string): unknown {
  if (name && known[name]) return known[name]();
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const usable = alternatives.find((s) => s.type !== 'null') ?? (alternatives[0] as JsonSchema);
    return sample(usable, name);
  }
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf.map((s) => sample(s)));
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, sample(s, k)]));
    case 'array':
      return [sample(schema.items ?? {})];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      return schema.format === 'date-time' ? new Date().toISOString() : 'x';
  }
}

/** Every primitive in a value, by path: the leaves probes replace one at a time. */
function leaves(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [{ path, value }];
}

function replaced(value: unknown, path: (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = replaced(copy[head], rest, by);
  return copy;
}

const WEBHOOK = '/api/v1/webhooks/orders/{storefront}';

describe.each(engines)('fuzzing every documented route, %s', (engine) => {
  let server: TestServer;
  let owner: ApiClient;
  let routes: Route[];
  let webhookSecret: string;
  const params: Record<string, string> = {};
  const failures: { probe: string; status: number; body: unknown }[] = [];

  beforeAll(async () => {
    server = await startTestServer({ engine });
    await seedSeller(server.store, { organizationId: server.organizationId });
    owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    await owner.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 1_000 });
    const order = await owner.post('/api/v1/orders', {
      storefront: 'TTS-MX',
      externalId: 'FZ-1',
      paidAt: new Date().toISOString(),
      lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 1_990 }],
    });
    const user = await owner.post('/api/v1/users', {
      email: 'fuzz@example.com',
      name: 'Fuzz',
      role: 'viewer',
      password: 'a-long-password-1',
    });
    const token = await owner.post('/api/v1/tokens', { name: 'fuzz', scope: 'read' });
    const form = new FormData();
    form.set('file', new Blob(['sku,title,price,currency\nX1,Cotton T-shirt,199,MXN\n']), 'catalog.csv');
    const check = await owner.send('POST', '/api/v1/checks', { raw: form });
    await inTransaction(server.store, (trx) =>
      raiseAlert(trx, {
        organizationId: server.organizationId,
        kind: 'low_stock',
        subject: 'sku:fuzz',
        severity: 'warning',
        message: 'low',
        // The shape the alert scan writes, which the overview reads back.
        data: { sku: 'X1', warehouse: 'TX', available: 1, daysOfCover: 0.5, leadTimeDays: 14 },
      }),
    );
    const alerts = await owner.get('/api/v1/alerts');
    webhookSecret = (await owner.post('/api/v1/storefronts/TTS-MX/webhook-secret')).body.secret;
    Object.assign(params, {
      orders: order.body.order.id,
      users: user.body.id,
      tokens: token.body.item.id,
      checks: check.body.id,
      alerts: alerts.body.items[0].id,
      warehouses: 'TX',
      storefronts: 'TTS-MX',
      policies: 'tiktok-us-mx-2026',
      webhooks: 'TTS-MX',
    });
    const spec = (await owner.get('/api/docs/json')).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        operation,
      })),
    );
  }, 60_000);
  afterAll(() => server?.close());

  /** The route's path with its parameters filled in: a real resource, unless one is being probed. */
  const fill = (path: string, probe?: { name: string; raw: string }) =>
    path.replace(/\{(\w+)\}/g, (_, name: string) =>
      probe?.name === name ? probe.raw : encodeURIComponent(params[path.split('/')[3] as string] ?? 'x'),
    );

  const record = (probe: string, answer: Answer) => {
    const e = answer.body?.error;
    const shaped =
      typeof e?.code === 'string' && typeof e?.message === 'string' && e !== null && 'details' in e;
    if (answer.status >= 500 || (answer.status >= 400 && !shaped))
      failures.push({ probe, status: answer.status, body: answer.body });
  };

  /** Sends a body as raw text; the webhook's deliveries are signed so that they reach the parser. */
  const sendRaw = (
    route: Route,
    url: string,
    raw: string,
    contentType = 'application/json',
    extra: Record<string, string> = {},
  ) => {
    const headers: Record<string, string> = { 'content-type': contentType, 'if-match': '*', ...extra };
    if (route.path === WEBHOOK) {
      const timestamp = Math.floor(Date.now() / 1000);
      headers['x-puente-timestamp'] = String(timestamp);
      headers['x-puente-signature'] = signWebhook(webhookSecret, timestamp, raw);
    }
    return owner.send(route.method, url, { raw, headers });
  };

  /** A valid body, and the fields it must carry (the rest are sent only when probed: a password hashes slowly). */
  const bodyOf = (route: Route): { body: unknown; required: string[] } | undefined => {
    if (route.path === WEBHOOK)
      return {
        required: ['event', 'order'],
        body: {
          event: 'order.paid',
          order: {
            externalId: `FZ-${randomUUID()}`,
            paidAt: new Date().toISOString(),
            lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 1_990 }],
          },
        },
      };
    const schema = route.operation.requestBody?.content['application/json']?.schema;
    return schema ? { body: sample(schema), required: schema.required ?? [] } : undefined;
  };

  it('answers every probe of every route with a 4xx in the error shape, or a success', async () => {
    let probes = 0;
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      const valid = bodyOf(route);
      const body = valid?.body;
      const send = async (label: string, url: string, value: unknown, extra: Record<string, string> = {}) => {
        probes++;
        const answer =
          value === undefined
            ? await owner.send(route.method, url, { headers: { 'if-match': '*', ...extra } })
            : await sendRaw(route, url, JSON.stringify(value), 'application/json', extra);
        record(`${name} ${label}`, answer);
      };

      for (const p of (route.operation.parameters ?? []).filter((p) => p.in === 'path'))
        for (const raw of PATH_PROBES)
          await send(`path ${p.name}=${raw.slice(0, 20)}`, fill(route.path, { name: p.name, raw }), body);

      for (const p of (route.operation.parameters ?? []).filter((p) => p.in === 'query'))
        for (const raw of QUERY_PROBES)
          await send(`query ${p.name}=${raw}`, `${fill(route.path)}?${p.name}=${raw}`, body);

      // Not on actions without a body (log out, rotate the webhook secret): they would succeed.
      if (route.method === 'GET' || valid)
        for (const headers of HEADER_PROBES)
          await send(`header ${JSON.stringify(headers).slice(0, 40)}`, fill(route.path), body, headers);

      if (!valid) continue;
      const url = fill(route.path);
      const minimal = Object.fromEntries(
        Object.entries(body as object).filter(([k]) => valid.required.includes(k)),
      );
      for (const leaf of leaves(body)) {
        const around = {
          ...minimal,
          [leaf.path[0] as string]: (body as Record<string, unknown>)[leaf.path[0] as string],
        };
        const probesFor =
          typeof leaf.value === 'number'
            ? NUMBER_PROBES
            : typeof leaf.value === 'boolean'
              ? BOOLEAN_PROBES
              : STRING_PROBES;
        for (const probe of probesFor)
          await send(
            `body ${leaf.path.join('.')}=${JSON.stringify(probe).slice(0, 20)}`,
            url,
            replaced(around, leaf.path, probe),
          );
      }
      // The body as a whole: cut short, of the wrong JSON type, a number JSON reads as Infinity, over the size limit.
      for (const [label, raw] of [
        ['truncated JSON', JSON.stringify(body).slice(0, 12)],
        ['JSON array', '[1,2]'],
        ['JSON null', 'null'],
        ['huge number', JSON.stringify(body).replace(/:(\d+)/, ':1e400')],
        ['too large', TOO_LARGE],
      ] as const) {
        probes++;
        record(`${name} ${label}`, await sendRaw(route, url, raw));
      }
      probes++;
      record(`${name} text/plain`, await sendRaw(route, url, 'hello', 'text/plain'));
    }
    expect(failures).toEqual([]);
    // Enough probes to cover the API.
    expect(probes).toBeGreaterThan(500);
    // About 1,100 requests: 25–50 s on a loaded 2-core machine; the limit only stops a hang.
  }, 180_000);

  it('answers a cut or malformed multipart upload with 400', async () => {
    const boundary = 'fuzzboundary';
    const part = (filename: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\nsku,title\nX1,Cotton T-shirt\n`;
    const upload = (raw: string, contentType = `multipart/form-data; boundary=${boundary}`) =>
      owner.send('POST', '/api/v1/checks', { raw, headers: { 'content-type': contentType } });
    const answers = {
      cut: await upload(part('catalog.csv')),
      noBoundary: await upload(`${part('catalog.csv')}\r\n--${boundary}--\r\n`, 'multipart/form-data'),
      controlInName: await upload(`${part('cat\u0001alog.csv')}\r\n--${boundary}--\r\n`),
      garbage: await upload('\u0000\u0001not multipart at all'),
    };
    expect(
      Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, [a.status, a.body?.error?.code]])),
    ).toEqual({
      cut: [400, 'BAD_UPLOAD'],
      noBoundary: [400, 'BAD_UPLOAD'],
      controlInName: [400, 'VALIDATION_FAILED'],
      garbage: [400, 'BAD_UPLOAD'],
    });
  });

  it('answers Fastify’s own refusals in the error shape', async () => {
    const badUrl = await owner.get('/api/v1/orders/%E0%A4%A');
    const longParam = await owner.get(`/api/v1/orders/${'x'.repeat(200)}`);
    // Past the router's limit the dashboard's catch-all route answers, when the dashboard is served.
    const dashboard = (await owner.get('/')).status === 200;
    const overLimit = await owner.get(`/api/v1/orders/${'x'.repeat(2_000)}`);
    const nul = await owner.get('/health?x=%00');
    const unknown = await owner.get('/api/v1/nothing-here');
    const wrongMethod = await owner.send('PUT', '/api/v1/orders');
    expect(
      [badUrl, longParam, overLimit, nul, unknown, wrongMethod].map((a) => [
        a.status,
        a.body?.error?.code,
        'details' in a.body.error,
      ]),
    ).toEqual([
      [400, 'BAD_URL', true],
      [400, 'VALIDATION_FAILED', true],
      dashboard ? [404, 'NOT_FOUND', true] : [414, 'URI_TOO_LONG', true],
      [400, 'BAD_URL', true],
      [404, 'NOT_FOUND', true],
      [404, 'NOT_FOUND', true],
    ]);
  });

  it('answers a request Node itself cannot read (a control character in a header) in the error shape', async () => {
    const url = new URL(server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () =>
        socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nX-Probe: a\u0001b\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk;
      });
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    const [head, body] = raw.split('\r\n\r\n') as [string, string];
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'BAD_REQUEST', details: null } });
  });
});
