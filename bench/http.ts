import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import SqliteDatabase from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { addStorefront, addWarehouse, upsertSkus } from '../src/store/entities.ts';
import { receive } from '../src/store/stockLedger.ts';
import { verifyLedger } from '../src/store/verify.ts';
import { startTestServer } from '../test/support/server.ts';

/**
 * `npm run bench:http`: order ingest over HTTP. The real server (`startTestServer`, SQLite, fresh
 * database) takes `POST /api/v1/orders` with a bearer token from autocannon, beside two baselines
 * in the same run with the same load: a bare Fastify route that parses the JSON and answers 201,
 * and a bare route doing one prepared better-sqlite3 INSERT. The load generator runs in a child
 * process (this file again), so it does not share the servers' event loop.
 * Goals (reported, not enforced): ≥ 25% of the bare route's requests/s, p99 < 50 ms. The run fails
 * (exit 1) on a non-2xx answer, a connection error, ledger drift, or orders stored that the 201s
 * (and the requests in flight at the cut-off) do not account for.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Math.min(3, SECONDS);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SKUS = 200;
const STOCK = 100_000;
const STOREFRONTS = ['TTS-US', 'TTS-MX'];

interface LoadJob {
  url: string;
  token: string | null;
  seconds: number;
  connections: number;
  prefix: string;
}

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  /** Requests answered, and sent (the difference was in flight when the time ran out). */
  requests: number;
  sent: number;
  created: number;
  non2xx: number;
  errors: number;
}

/** Mexico City wall time (UTC−06:00) written with its offset, as a marketplace would send it. */
function paidAtWithOffset(now: number): string {
  return `${new Date(now - 6 * 3600_000).toISOString().slice(0, 19)}-06:00`;
}

async function load(job: LoadJob): Promise<Figures> {
  let n = 0;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(job.token ? { authorization: `Bearer ${job.token}` } : {}),
    },
    requests: [
      {
        setupRequest: (req) => {
          const i = n++;
          const a = Math.floor(Math.random() * SKUS);
          const b = (a + 1 + Math.floor(Math.random() * (SKUS - 1))) % SKUS;
          const body = {
            storefront: STOREFRONTS[i % STOREFRONTS.length],
            externalId: `${job.prefix}-${i}`,
            paidAt: paidAtWithOffset(Date.now()),
            lines: [
              { sku: `S-${a}`, quantity: 1 + (i % 2), unitPriceMinor: 19_900 },
              { sku: `S-${b}`, quantity: 1, unitPriceMinor: 4_500 },
            ],
          };
          return { ...req, body: JSON.stringify(body) };
        },
      },
    ],
  });
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    sent: (result.requests as { sent?: number }).sent ?? result.requests.total,
    created: result.statusCodeStats?.['201']?.count ?? 0,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** Runs one load in a child process (this file), so autocannon has a core and an event loop of its own. */
function loadInChild(job: LoadJob): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(job)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let figures: Figures | undefined;
    child.once('message', (m) => {
      figures = m as Figures;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      figures && code === 0 ? resolve(figures) : reject(new Error(`load process exited with ${code}`)),
    );
  });
}

async function bareApp(insert?: (externalId: string, storefront: string) => void): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.post('/orders', async (request, reply) => {
    const body = request.body as { externalId: string; storefront: string };
    insert?.(body.externalId, body.storefront);
    return reply.status(201).send({ ok: true });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

const addressOf = (app: FastifyInstance) => {
  const a = app.server.address();
  if (!a || typeof a === 'string') throw new Error('no address');
  return `http://127.0.0.1:${a.port}/orders`;
};

/** Closes what was opened, last first, also when the run failed half-way. */
const cleanups: (() => unknown)[] = [];

async function main() {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(
    `HTTP order ingest: ${CONNECTIONS} connections, ${SECONDS} s per target (+${WARMUP_SECONDS} s warm-up)`,
  );

  // The real server on a fresh SQLite database, and a small seller in its organization.
  const server = await startTestServer({ demo: false, jobs: false });
  cleanups.push(() => server.close());
  const org = server.organizationId;
  const store = server.store;
  const tx = await addWarehouse(store, org, {
    code: 'TX',
    name: 'Dallas 3PL',
    country: 'US',
    state: 'TX',
    timeZone: 'America/Chicago',
  });
  await addWarehouse(store, org, {
    code: 'CA',
    name: 'Ontario CA',
    country: 'US',
    state: 'CA',
    timeZone: 'America/Los_Angeles',
  });
  const common = { platform: 'tiktok', policyId: 'tiktok-us-mx-2026', warehouses: ['TX', 'CA'] };
  await addStorefront(store, org, {
    ...common,
    code: 'TTS-US',
    name: 'TikTok Shop US',
    region: 'US',
    currency: 'USD',
  });
  await addStorefront(store, org, {
    ...common,
    code: 'TTS-MX',
    name: 'TikTok Shop MX',
    region: 'MX',
    currency: 'MXN',
  });
  const ids = await upsertSkus(
    store,
    org,
    Array.from({ length: SKUS }, (_, i) => ({ sku: `S-${i}`, title: `SKU ${i}` })),
  );
  for (const skuId of ids.values())
    await receive(store, { organizationId: org, skuId, warehouseId: tx, actor: 'bench' }, STOCK);

  // An API token, made the way a seller makes one: log in, then POST /tokens with the CSRF token.
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(server.owner),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const session = login.headers.getSetCookie().find((c) => c.startsWith('puente_session='));
  if (!session) throw new Error('login set no puente_session cookie');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const made = await fetch(`${server.url}/api/v1/tokens`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.split(';')[0] as string,
      'x-csrf-token': csrfToken,
    },
    body: JSON.stringify({ name: 'bench-ingest', scope: 'write' }),
  });
  if (made.status !== 201) throw new Error(`token: ${made.status} ${await made.text()}`);
  const { token } = (await made.json()) as { token: string };

  // The baselines, in this process like the server.
  const bare = await bareApp();
  cleanups.push(() => bare.close());
  const sqliteDir = mkdtempSync(join(tmpdir(), 'puente-bench-http-'));
  cleanups.push(() => rmSync(sqliteDir, { recursive: true, force: true }));
  const sqlite = new SqliteDatabase(join(sqliteDir, 'bare.db'));
  cleanups.push(() => sqlite.close());
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec(
    'create table orders (id integer primary key, storefront text not null, external_id text not null, created_at text not null, unique (storefront, external_id))',
  );
  const insert = sqlite.prepare('insert into orders (storefront, external_id, created_at) values (?, ?, ?)');
  const bareSql = await bareApp((externalId, storefront) =>
    insert.run(storefront, externalId, new Date().toISOString()),
  );
  cleanups.push(() => bareSql.close());

  const targets = [
    { name: 'Puente POST /api/v1/orders', url: `${server.url}/api/v1/orders`, token },
    { name: 'bare Fastify route (parse JSON, 201)', url: addressOf(bare), token: null },
    { name: 'bare Fastify + 1 prepared SQLite INSERT', url: addressOf(bareSql), token: null },
  ];
  const results: Figures[] = [];
  let puenteCreated = 0;
  let puenteInFlight = 0;
  for (const [k, t] of targets.entries()) {
    const job = { url: t.url, token: t.token, connections: CONNECTIONS };
    const warm = await loadInChild({ ...job, seconds: WARMUP_SECONDS, prefix: `warm${k}` });
    const f = await loadInChild({ ...job, seconds: SECONDS, prefix: `run${k}` });
    if (k === 0) {
      puenteCreated = warm.created + f.created;
      puenteInFlight = warm.sent - warm.requests + (f.sent - f.requests);
    }
    results.push(f);
  }

  const [puente, base, baseSql] = results as [Figures, Figures, Figures];
  const row = (name: string, f: Figures, k: number) =>
    `${name.padEnd(42)} ${f.perSecond.toFixed(0).padStart(8)} ${f.p50.toFixed(0).padStart(8)} ${f.p99.toFixed(0).padStart(8)} ${String(f.non2xx).padStart(8)} ${String(f.errors).padStart(7)} ${(k ? `${((100 * puente.perSecond) / f.perSecond).toFixed(1)}%` : '—').padStart(13)}`;
  out('');
  out(
    `${'target'.padEnd(42)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'non-2xx'.padStart(8)} ${'errors'.padStart(7)} ${'Puente/this'.padStart(13)}`,
  );
  for (const [k, t] of targets.entries()) out(row(t.name, results[k] as Figures, k));
  out('');
  const share = puente.perSecond / base.perSecond;
  const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  out(`goal: ≥ 25% of the bare route's requests/s: ${(100 * share).toFixed(1)}% → ${verdict(share >= 0.25)}`);
  out('(latency as autocannon records it: whole milliseconds, 2xx responses only)');
  out(`goal: p99 < 50 ms: ${puente.p99.toFixed(0)} ms → ${verdict(puente.p99 < 50)}`);
  out(
    `(bare SQLite INSERT route: ${baseSql.perSecond.toFixed(0)} req/s; Puente is ${((100 * puente.perSecond) / baseSql.perSecond).toFixed(1)}% of it)`,
  );

  // Afterwards: the ledger must agree with the levels, and every 201 must be one stored order.
  const drift = await verifyLedger(store, org);
  const byStatus = await store.db
    .selectFrom('orders')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('organization_id', '=', org)
    .groupBy('status')
    .execute();
  const stored = byStatus.reduce((s, r) => s + Number(r.n), 0);
  // A request in flight when autocannon stops is still served and stored, but its 201 is not counted.
  const accounted = stored >= puenteCreated && stored <= puenteCreated + puenteInFlight;
  out('');
  out(`ledger drift: ${drift.length}${drift.length ? ` ✗ ${JSON.stringify(drift.slice(0, 3))}` : ' ✓'}`);
  out(
    `orders stored: ${stored} (${byStatus.map((r) => `${r.status} ${r.n}`).join(', ')}); 201s returned (warm-up + run): ${puenteCreated}, + ${puenteInFlight} in flight at the cut-off ${accounted ? '✓' : '✗'}`,
  );

  if (drift.length || !accounted || puente.non2xx || puente.errors) process.exitCode = 1;
}

// The parent runs the servers; a child given a job (argv) runs the load and reports its figures.
const job = process.argv[2];
if (job && process.send) {
  const figures = await load(JSON.parse(job) as LoadJob);
  process.send(figures, () => process.disconnect());
} else {
  try {
    await main();
  } finally {
    for (const close of cleanups.reverse()) await close();
  }
}
