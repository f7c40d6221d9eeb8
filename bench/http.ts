import { type ChildProcess, fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import SqliteDatabase from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { issueToken } from '../src/services/accounts.ts';
import { digest } from '../src/services/security/secrets.ts';
import { insertUser } from '../src/store/accounts.ts';
import { addStorefront, addWarehouse, createOrganization, upsertSkus } from '../src/store/entities.ts';
import type { Store } from '../src/store/openDatabase.ts';
import { receive } from '../src/store/stockLedger.ts';
import { verifyLedger } from '../src/store/verify.ts';
import { startTestServer } from '../test/support/server.ts';
import { freshStore } from '../test/support/stores.ts';
import { type BareOrder, bareReserve, type Statement, statements } from './reservationBaseline.ts';

/**
 * `npm run bench:http [-- --quick]`: order ingest over HTTP on SQLite, against its fair baseline
 * measured in the same run with the same load.
 *  - Puente: the real server (`startTestServer`, fresh database) takes `POST /api/v1/orders` with
 *    a bearer token.
 *  - Fair baseline: a bare Fastify route on a twin database (same schema, same seed) that runs
 *    Puente's own SQL for an order — the token, storefront and SKU lookups Puente makes, then the
 *    reservation's statements (reservationBaseline.ts, as `bench:orders` uses) — prepared on
 *    better-sqlite3, without Kysely, schemas or hooks, with the same group commit (orders that
 *    arrive together share one transaction of up to 64).
 * A bare route doing one INSERT is no fair baseline: no real order can come near it.
 * The load generator (autocannon) runs in a child process (this file again), so it does not share
 * the servers' event loop. Targets alternate, round after round, so that a load spike from the
 * machine's other work falls on both. Goal (issue 15, printed, not enforced): Puente ≥ 85% of the
 * fair baseline's orders/s, p99 < 20 ms. The run fails (exit 1) on a non-2xx answer, a connection
 * error, ledger drift, or orders stored that the 201s (and the requests in flight at the cut-off)
 * do not account for. `--quick`: shorter runs, one round (under two minutes).
 */

const quick = process.argv.includes('--quick');
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 5 : 15));
const WARMUP_SECONDS = Math.min(quick ? 2 : 3, SECONDS);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 2));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SKUS = 200;
const STOCK = 100_000;
const STOREFRONTS = ['TTS-US', 'TTS-MX'];
/** As services/orderIntake.ts: at most this many orders share one transaction. */
const MAX_BATCH = 64;

interface LoadJob {
  url: string;
  token: string;
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
  /** CPU time of the server process per answer, µs: steadier than orders/s on a busy machine. */
  cpuPerOrder?: number;
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
    headers: { 'content-type': 'application/json', authorization: `Bearer ${job.token}` },
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

/** One child process (this file) runs every load in turn, with a core and an event loop of its own. */
class LoadProcess {
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;

  constructor() {
    this.child = fork(fileURLToPath(import.meta.url), ['--load-process'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve) => this.child.once('message', () => resolve()));
  }

  async run(job: LoadJob): Promise<Figures> {
    await this.ready;
    return new Promise((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`load process exited with ${code}`));
      this.child.once('exit', exited);
      this.child.once('message', (m) => {
        this.child.off('exit', exited);
        resolve(m as Figures);
      });
      this.child.send(job);
    });
  }

  close(): void {
    this.child.disconnect();
  }
}

/** The same small seller on both databases: two warehouses, two storefronts, SKUs S-0…S-199 in Texas. */
async function seed(store: Store, org: string): Promise<{ tx: string; ca: string }> {
  const tx = await addWarehouse(store, org, {
    code: 'TX',
    name: 'Dallas 3PL',
    country: 'US',
    state: 'TX',
    timeZone: 'America/Chicago',
  });
  const ca = await addWarehouse(store, org, {
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
  return { tx, ca };
}

/**
 * The lookups Puente makes for an order over HTTP, as it writes them (store/accounts.ts,
 * store/entities.ts), and the reservation's statements (reservationBaseline.ts).
 */
const lookups = {
  token: `select t.id, t.organization_id, t.name, t.scope, t.last_used_at, u.role, u.disabled
   from api_tokens t join users u on u.id = t.created_by
   where t.token_hash = ? and t.revoked_at is null`,
  storefront: `select sf.id, sf.policy_id, sf.currency, w.id as warehouse_id, w.code as warehouse_code, w.time_zone
   from storefronts sf
   left join storefront_warehouses sw on sw.storefront_id = sf.id
   left join warehouses w on w.id = sw.warehouse_id
   where sf.organization_id = ? and sf.code = ?
   order by sw.priority`,
  skus: 'select id, sku from skus where organization_id = ? and sku in (?, ?)',
};

interface Waiting {
  order: BareOrder;
  resolve: (created: boolean) => void;
  reject: (e: unknown) => void;
}

/** The fair baseline: a bare Fastify route running Puente's SQL for an order, prepared, group-committed. */
async function fairBaseline(file: string, warehouses: { tx: string; ca: string }): Promise<FastifyInstance> {
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const reserving = Object.fromEntries(
    Object.entries(statements).map(([k, v]) => [k, db.prepare(v)]),
  ) as Record<Statement, SqliteDatabase.Statement>;
  const token = db.prepare(lookups.token);
  const storefront = db.prepare(lookups.storefront);
  const skus = db.prepare(lookups.skus);
  const run = async (s: Statement, params: unknown[]) => {
    const p = reserving[s];
    if (p.reader) return p.all(...params);
    p.run(...params);
    return [];
  };

  // Group commit as services/orderIntake.ts does it: the orders of one turn of the event loop, or
  // that arrive while a transaction runs, go into the next transaction together.
  const waiting: Waiting[] = [];
  let scheduled = false;
  let running = false;
  const drain = async () => {
    running = true;
    while (waiting.length) {
      const batch = waiting.splice(0, MAX_BATCH);
      db.exec('begin immediate');
      try {
        const created: boolean[] = [];
        for (const w of batch) created.push(await bareReserve(run, w.order));
        db.exec('commit');
        for (const [i, w] of batch.entries()) w.resolve(created[i] as boolean);
      } catch (e) {
        if (db.inTransaction) db.exec('rollback');
        for (const w of batch) w.reject(e);
      }
    }
    running = false;
  };
  const submit = (order: BareOrder) =>
    new Promise<boolean>((resolve, reject) => {
      waiting.push({ order, resolve, reject });
      if (scheduled || running) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        void drain();
      });
    });

  const app = Fastify({ logger: false });
  app.addHook('onClose', () => db.close());
  app.post('/orders', async (request, reply) => {
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? '';
    const t = token.get(digest(bearer)) as { organization_id: string; disabled: number } | undefined;
    if (!t || t.disabled) return reply.status(401).send({ error: { code: 'UNAUTHENTICATED' } });
    const body = request.body as {
      storefront: string;
      externalId: string;
      paidAt: string;
      lines: { sku: string; quantity: number; unitPriceMinor: number }[];
    };
    const sf = storefront.all(t.organization_id, body.storefront) as {
      id: string;
      currency: string;
      warehouse_code: string;
      time_zone: string;
    }[];
    const [a, b] = body.lines.map((l) => l.sku) as [string, string];
    const ids = new Map(
      (skus.all(t.organization_id, a, b) as { id: string; sku: string }[]).map((s) => [s.sku, s.id]),
    );
    const first = sf[0];
    if (!first || ids.size !== 2) return reply.status(422).send({ error: { code: 'ORDER_REJECTED' } });
    const created = await submit({
      org: t.organization_id,
      storefrontId: first.id,
      externalId: body.externalId,
      skuA: ids.get(a) as string,
      skuB: ids.get(b) as string,
      warehouseId: warehouses.tx,
      otherWarehouseId: warehouses.ca,
    });
    // An answer of the same shape and size as Puente's, from what it did.
    return reply.status(created ? 201 : 200).send({
      outcome: created ? 'reserved' : 'duplicate',
      order: {
        externalId: body.externalId,
        storefront: body.storefront,
        status: 'reserved',
        total: {
          minor: body.lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0),
          currency: first.currency,
        },
        paidAt: new Date(body.paidAt).toISOString(),
        lines: body.lines.map((l) => ({
          sku: l.sku,
          quantity: l.quantity,
          unitPrice: { minor: l.unitPriceMinor, currency: first.currency },
        })),
        warehouses: [{ code: first.warehouse_code, timeZone: first.time_zone }],
      },
    });
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
  const load1 = () => loadavg()[0]?.toFixed(1);
  out(
    `bench:http${quick ? ' --quick' : ''}: SQLite, ${CONNECTIONS} connections, ${SECONDS} s per target (+${WARMUP_SECONDS} s warm-up), ${ROUNDS} round(s); load average ${load1()} on this machine`,
  );

  // Puente: the real server on a fresh SQLite database, with the seller in its organization.
  const server = await startTestServer({ demo: false, jobs: false });
  cleanups.push(() => server.close());
  await seed(server.store, server.organizationId);
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

  // The fair baseline: a twin database, the same seller and a token, served by the bare route.
  const twin = await freshStore('sqlite');
  cleanups.push(() => twin.dispose());
  const twinOrg = await createOrganization(twin, 'Bench twin');
  const twinWarehouses = await seed(twin, twinOrg);
  const owner = await insertUser(twin, {
    organizationId: twinOrg,
    email: 'owner@example.com',
    name: 'Owner',
    role: 'owner',
    passwordHash: 'unused',
  });
  const twinToken = (
    await issueToken(twin, { organizationId: twinOrg, name: 'bench', scope: 'write', createdBy: owner.id })
  ).token;
  const bare = await fairBaseline(twin.url.replace(/^sqlite:/, ''), twinWarehouses);
  cleanups.push(() => bare.close());

  const loader = new LoadProcess();
  cleanups.push(() => loader.close());
  const targets = [
    { name: "fair baseline: bare Fastify + Puente's SQL", url: addressOf(bare), token: twinToken },
    { name: 'Puente POST /api/v1/orders', url: `${server.url}/api/v1/orders`, token },
  ];
  const figures: Figures[][] = targets.map(() => []);
  let puenteCreated = 0;
  let puenteInFlight = 0;
  for (const [k, t] of targets.entries()) {
    const warm = await loader.run({
      url: t.url,
      token: t.token,
      connections: CONNECTIONS,
      seconds: WARMUP_SECONDS,
      prefix: `warm${k}`,
    });
    if (k === 1) {
      puenteCreated += warm.created;
      puenteInFlight += warm.sent - warm.requests;
    }
  }
  for (let round = 0; round < ROUNDS; round++)
    for (const [k, t] of targets.entries()) {
      const cpu = process.cpuUsage();
      const f = await loader.run({
        url: t.url,
        token: t.token,
        connections: CONNECTIONS,
        seconds: SECONDS,
        prefix: `run${round}-${k}`,
      });
      const used = process.cpuUsage(cpu);
      f.cpuPerOrder = (used.user + used.system) / Math.max(1, f.requests);
      figures[k]?.push(f);
      if (k === 1) {
        puenteCreated += f.created;
        puenteInFlight += f.sent - f.requests;
      }
    }

  // Over the rounds: mean orders/s, median p50, worst p99.
  const summary = (fs: Figures[]) => ({
    perSecond: fs.reduce((s, f) => s + f.perSecond, 0) / fs.length,
    p50: [...fs.map((f) => f.p50)].sort((a, b) => a - b)[Math.floor(fs.length / 2)] as number,
    p99: Math.max(...fs.map((f) => f.p99)),
    non2xx: fs.reduce((s, f) => s + f.non2xx, 0),
    errors: fs.reduce((s, f) => s + f.errors, 0),
    cpuPerOrder: fs.reduce((s, f) => s + (f.cpuPerOrder ?? 0), 0) / fs.length,
  });
  const [base, puente] = figures.map(summary) as [ReturnType<typeof summary>, ReturnType<typeof summary>];
  const share = puente.perSecond / base.perSecond;
  const cpuShare = base.cpuPerOrder / puente.cpuPerOrder;
  const row = (name: string, f: ReturnType<typeof summary>, versus: string) =>
    `${name.padEnd(44)} ${f.perSecond.toFixed(0).padStart(9)} ${f.p50.toFixed(0).padStart(7)} ${f.p99.toFixed(0).padStart(7)} ${String(f.non2xx).padStart(8)} ${String(f.errors).padStart(7)} ${f.cpuPerOrder.toFixed(0).padStart(12)} ${versus.padStart(20)}`;
  out('');
  out(
    `${'target'.padEnd(44)} ${'orders/s'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'non-2xx'.padStart(8)} ${'errors'.padStart(7)} ${'CPU µs/order'.padStart(12)} ${'of baseline: /s, CPU'.padStart(20)}`,
  );
  out(row(targets[0]?.name as string, base, '—'));
  out(
    row(targets[1]?.name as string, puente, `${(100 * share).toFixed(1)}%, ${(100 * cpuShare).toFixed(1)}%`),
  );
  out(
    "(CPU µs/order: of the servers' process, over each run; the CPU share is the baseline's CPU per order ÷ Puente's)",
  );
  if (ROUNDS > 1)
    for (let round = 0; round < ROUNDS; round++) {
      const [b, p] = [figures[0]?.[round], figures[1]?.[round]] as [Figures, Figures];
      out(
        `  round ${round + 1}: baseline ${b.perSecond.toFixed(0)}/s p99 ${b.p99} ms, Puente ${p.perSecond.toFixed(0)}/s p99 ${p.p99} ms (${((100 * p.perSecond) / b.perSecond).toFixed(1)}%)`,
      );
    }
  out('');
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  out(
    `goal: HTTP ingest ≥ 85% of its fair baseline's orders/s: ${(100 * share).toFixed(1)}% → ${verdict(share >= 0.85)}`,
  );
  out(`goal: p99 < 20 ms: ${puente.p99.toFixed(0)} ms → ${verdict(puente.p99 < 20)}`);
  out(`(latency as autocannon records it: whole milliseconds; load average now ${load1()})`);

  // Afterwards: the ledger must agree with the levels, and every 201 must be one stored order.
  const store = server.store;
  const org = server.organizationId;
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
    `orders stored: ${stored} (${byStatus.map((r) => `${r.status} ${r.n}`).join(', ')}); 201s returned (warm-up + runs): ${puenteCreated}, + ${puenteInFlight} in flight at the cut-off ${accounted ? '✓' : '✗'}`,
  );

  if (drift.length || !accounted || puente.non2xx || puente.errors || base.non2xx || base.errors)
    process.exitCode = 1;
}

// The parent runs the servers; the child started with --load-process runs the loads it is sent.
if (process.argv.includes('--load-process') && process.send) {
  process.on('message', (job) => {
    void load(job as LoadJob).then((figures) => process.send?.(figures));
  });
  process.on('disconnect', () => process.exit(0));
  process.send('ready');
} else {
  try {
    await main();
  } finally {
    for (const close of cleanups.reverse()) await close();
  }
}
