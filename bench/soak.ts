import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signWebhook } from '../src/http/routes/webhooks.ts';
import { startServer } from '../src/http/server.ts';
import { addStorefront, addWarehouse, upsertSkus } from '../src/store/entities.ts';
import { openDatabase } from '../src/store/openDatabase.ts';
import { receive } from '../src/store/stockLedger.ts';
import { verifyLedger } from '../src/store/verify.ts';

/**
 * `npm run soak [-- --minutes 10 --rate 50 --idle 30 --database postgres://… --arena-max N]`: a long
 * day under load. The real server (periodic jobs on; a fresh SQLite database, or the empty
 * PostgreSQL database given) runs in a process of its own, so the
 * figures are its own; this process sends mixed traffic at a fixed rate (open loop): orders through
 * the API and the webhook, ships and cancels of those orders, stock receipts, board and overview
 * reads, with two dashboards' event streams open the whole time. Every 10 s it samples the
 * server's memory (RSS split into anonymous and file-backed pages, the JS heap used after a full
 * GC and the heap V8 holds, memory outside the heap) and the window's latency, then idles (`--idle` s) to see what memory
 * is given back. `--arena-max` sets MALLOC_ARENA_MAX for the server (a diagnosis, not a fix).
 * Goal: RSS flat within 20% after warm-up, p99 stable. Exit 1 when a goal is missed, a request
 * failed with 5xx or a broken connection, or the ledger does not verify.
 */

const SAMPLE_MS = 10_000;
const SKUS = 200;
const STOCK = 1_000_000;
const MAX_IN_FLIGHT = 64;
const OWNER = { email: 'soak@example.com', password: 'soak-password-123456' };

interface Memory {
  rss: number;
  rssAnon: number;
  rssFile: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

// ---- The server process -------------------------------------------------------------------------

async function serve(dir: string, databaseUrl: string): Promise<void> {
  const server = await startServer({
    port: 0,
    databaseUrl,
    dataDir: dir,
    jobs: true,
    say: () => {},
    env: { ...process.env, PUENTE_OWNER_EMAIL: OWNER.email, PUENTE_OWNER_PASSWORD: OWNER.password },
  });
  const { store, organizationId: org } = server;
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
    await receive(store, { organizationId: org, skuId, warehouseId: tx, actor: 'soak' }, STOCK);
  process.on('message', async (m: { do: 'sample' | 'stop' }) => {
    if (m.do === 'sample') {
      (globalThis as { gc?: () => void }).gc?.();
      const u = process.memoryUsage();
      const status = readFileSync('/proc/self/status', 'utf8');
      const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
      process.send?.({
        rss: u.rss,
        rssAnon: kb('RssAnon'),
        rssFile: kb('RssFile') + kb('RssShmem'),
        heapUsed: u.heapUsed,
        heapTotal: u.heapTotal,
        external: u.external,
        arrayBuffers: u.arrayBuffers,
      } satisfies Memory);
    } else {
      await server.close();
      process.exit(0);
    }
  });
  // The soak process gone (finished or failed): so is its server.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ url: server.url });
}

// ---- The load ------------------------------------------------------------------------------------

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number`);
  return value;
}

interface Sample {
  at: number;
  requests: number;
  failed: number;
  refused: number;
  p50: number;
  p99: number;
  memory: Memory;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) : 0;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

async function main(): Promise<void> {
  const minutes = option('minutes', 10);
  const rate = option('rate', 50);
  const idleSeconds = option('idle', 30);
  const arenaMax = option('arena-max', 0);
  const given = process.argv.indexOf('--database');
  const out = (s = '') => process.stdout.write(`${s}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'puente-soak-'));
  const databaseUrl = given > 0 ? (process.argv[given + 1] as string) : join(dir, 'puente.db');
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', dir, databaseUrl], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, ...(arenaMax ? { MALLOC_ARENA_MAX: String(arenaMax) } : {}) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const cleanup = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { url: string }).url));
      child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
    });
    const sample = () =>
      new Promise<Memory>((resolve) => {
        child.once('message', (m) => resolve(m as Memory));
        child.send({ do: 'sample' });
      });

    // A session (for the dashboards and the webhook secret) and a write token (for the traffic).
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OWNER),
    });
    const cookie = (login.headers.getSetCookie().find((c) => c.startsWith('puente_session=')) ?? '').split(
      ';',
    )[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const asOwner = {
      cookie: cookie as string,
      'x-csrf-token': csrfToken,
      'content-type': 'application/json',
    };
    const made = await fetch(`${url}/api/v1/tokens`, {
      method: 'POST',
      headers: asOwner,
      body: JSON.stringify({ name: 'soak', scope: 'write' }),
    });
    const { token } = (await made.json()) as { token: string };
    const secretAnswer = await fetch(`${url}/api/v1/storefronts/TTS-MX/webhook-secret`, {
      method: 'POST',
      headers: { cookie: asOwner.cookie, 'x-csrf-token': csrfToken },
    });
    const { secret } = (await secretAnswer.json()) as { secret: string };
    if (!token || !secret)
      throw new Error(`setting up: token ${made.status}, webhook secret ${secretAnswer.status}`);

    // Two dashboards, reading their event streams until the end.
    const dashboards = new AbortController();
    let events = 0;
    for (let d = 0; d < 2; d++) {
      void fetch(`${url}/api/v1/events`, { headers: { cookie: cookie as string }, signal: dashboards.signal })
        .then(async (r) => {
          for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>)
            events += Buffer.from(chunk).toString('utf8').split('\nevent:').length - 1;
        })
        .catch(() => {});
    }

    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const reserved: string[] = [];
    let n = 0;
    const paidAt = () => `${new Date(Date.now() - 6 * 3_600_000).toISOString().slice(0, 19)}-06:00`;
    const lines = () => {
      const a = Math.floor(Math.random() * SKUS);
      return [
        { sku: `S-${a}`, quantity: 1 + (n % 2), unitPriceMinor: 19_900 },
        { sku: `S-${(a + 7) % SKUS}`, quantity: 1, unitPriceMinor: 4_500 },
      ];
    };
    const took = (body: { order?: { id: string; status: string }; orderId?: string; outcome?: string }) => {
      const id = body.order?.id ?? body.orderId;
      if (id && (body.outcome === 'reserved' || body.order?.status === 'reserved')) reserved.push(id);
    };
    type Kind = {
      name: string;
      share: number;
      send: () => Promise<Response> | null;
      after?: (b: never) => void;
    };
    const kinds: Kind[] = [
      {
        name: 'order (API)',
        share: 0.24,
        send: () =>
          fetch(`${url}/api/v1/orders`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({
              storefront: 'TTS-US',
              externalId: `US-${n++}`,
              paidAt: paidAt(),
              lines: lines(),
            }),
          }),
        after: took,
      },
      {
        name: 'order (webhook)',
        share: 0.16,
        send: () => {
          const body = JSON.stringify({
            event: 'order.paid',
            order: { externalId: `MX-${n++}`, paidAt: paidAt(), lines: lines() },
          });
          const timestamp = Math.floor(Date.now() / 1000);
          return fetch(`${url}/api/v1/webhooks/orders/TTS-MX`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-puente-timestamp': String(timestamp),
              'x-puente-signature': signWebhook(secret, timestamp, body),
            },
            body,
          });
        },
        after: took,
      },
      {
        name: 'ship',
        share: 0.28,
        send: () => {
          const id = reserved.shift();
          return id
            ? fetch(`${url}/api/v1/orders/${id}/ship`, {
                method: 'POST',
                headers: auth,
                body: JSON.stringify({ carrier: 'ups', tracking: `1Z${id.slice(0, 8)}` }),
              })
            : null;
        },
      },
      {
        name: 'cancel',
        share: 0.04,
        send: () => {
          const id = reserved.pop();
          return id
            ? fetch(`${url}/api/v1/orders/${id}/cancel`, {
                method: 'POST',
                headers: auth,
                body: JSON.stringify({ reason: 'buyer cancelled' }),
              })
            : null;
        },
      },
      {
        name: 'receive',
        share: 0.08,
        send: () =>
          fetch(`${url}/api/v1/stock/receive`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({
              sku: `S-${Math.floor(Math.random() * SKUS)}`,
              warehouse: 'CA',
              quantity: 5,
            }),
          }),
      },
      { name: 'board', share: 0.16, send: () => fetch(`${url}/api/v1/board?limit=50`, { headers: auth }) },
      {
        name: 'overview',
        share: 0.04,
        send: () => fetch(`${url}/api/v1/metrics/overview`, { headers: auth }),
      },
    ];

    let window: number[] = [];
    // Per minute, and per kind of request, for the summary: which requests slowed, and when.
    const byMinute: number[][] = [];
    const byKind = new Map<string, number[]>();
    let failed = 0;
    let refused = 0;
    let inFlight = 0;
    let skipped = 0;
    const failures = new Map<string, number>();
    const fire = (kind: Kind) => {
      const started = performance.now();
      const sent = kind.send();
      if (!sent) return;
      inFlight++;
      sent
        .then(async (r) => {
          const body = await r.json().catch(() => ({}));
          const ms = performance.now() - started;
          window.push(ms);
          if (loading) {
            const minute = Math.floor((Date.now() - soakStart) / 60_000);
            const minuteTimes = byMinute[minute] ?? [];
            byMinute[minute] = minuteTimes;
            minuteTimes.push(ms);
            const kindTimes = byKind.get(kind.name) ?? [];
            byKind.set(kind.name, kindTimes);
            kindTimes.push(ms);
            if (kindTimes.length > 100_000) kindTimes.splice(0, 50_000);
          }
          if (r.status >= 500) {
            failed++;
            failures.set(`${kind.name} ${r.status}`, (failures.get(`${kind.name} ${r.status}`) ?? 0) + 1);
          } else if (r.status >= 400) {
            refused++;
            failures.set(`${kind.name} ${r.status}`, (failures.get(`${kind.name} ${r.status}`) ?? 0) + 1);
          } else kind.after?.(body as never);
        })
        .catch((e: Error) => {
          failed++;
          failures.set(`${kind.name} ${e.message}`, (failures.get(`${kind.name} ${e.message}`) ?? 0) + 1);
        })
        .finally(() => inFlight--);
    };
    let soakStart = Date.now();
    let loading = true;
    const credit = kinds.map(() => 0);
    const tick = setInterval(() => {
      for (const [i, kind] of kinds.entries()) {
        credit[i] = (credit[i] as number) + (kind.share * rate) / 10;
        while ((credit[i] as number) >= 1) {
          credit[i] = (credit[i] as number) - 1;
          if (inFlight >= MAX_IN_FLIGHT) skipped++;
          else fire(kind);
        }
      }
    }, 100);

    const samples: Sample[] = [];
    const started = Date.now();
    soakStart = started;
    const header = `${'t (s)'.padStart(6)} ${'req'.padStart(6)} ${'5xx/err'.padStart(8)} ${'4xx'.padStart(5)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'RSS MB'.padStart(7)} ${'anon'.padStart(6)} ${'file'.padStart(6)} ${'heap'.padStart(6)} ${'of'.padStart(5)} ${'extern'.padStart(7)}`;
    out(
      `soak: ${minutes} min at ${rate} requests/s (+${idleSeconds} s idle), sampling every ${SAMPLE_MS / 1000} s`,
    );
    out(header);
    const takeSample = async (loaded: boolean) => {
      const sorted = window.sort((a, b) => a - b);
      const s: Sample = {
        at: Date.now() - started,
        requests: sorted.length,
        failed,
        refused,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        memory: await sample(),
      };
      window = [];
      failed = 0;
      refused = 0;
      if (loaded) samples.push(s);
      out(
        `${(s.at / 1000).toFixed(0).padStart(6)} ${String(s.requests).padStart(6)} ${String(s.failed).padStart(8)} ${String(s.refused).padStart(5)} ${s.p50.toFixed(1).padStart(7)} ${s.p99.toFixed(1).padStart(7)} ${mb(s.memory.rss).padStart(7)} ${mb(s.memory.rssAnon).padStart(6)} ${mb(s.memory.rssFile).padStart(6)} ${mb(s.memory.heapUsed).padStart(6)} ${mb(s.memory.heapTotal).padStart(5)} ${mb(s.memory.external).padStart(7)}${loaded ? '' : '  idle'}`,
      );
      return s;
    };
    out(`(before load: RSS ${mb((await sample()).rss)} MB)`);
    while (Date.now() - started < minutes * 60_000) {
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
      await takeSample(true);
    }
    clearInterval(tick);
    loading = false;
    while (inFlight > 0) await new Promise((r) => setTimeout(r, 50));
    let idle: Sample | undefined;
    for (let t = 0; t < idleSeconds * 1000; t += SAMPLE_MS) {
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
      idle = await takeSample(false);
    }
    dashboards.abort();

    // The verdict, on the samples after warm-up (the first fifth, at least a minute).
    const warmUp = Math.max(60_000, (minutes * 60_000) / 5);
    const after = samples.filter((s) => s.at > warmUp);
    const all = samples.reduce((sum, s) => sum + s.failed, 0);
    const refusals = samples.reduce((sum, s) => sum + s.refused, 0);
    out();
    out(
      `requests: ${samples.reduce((sum, s) => sum + s.requests, 0)}, failed (5xx or connection): ${all}, refused (4xx): ${refusals}, skipped (over ${MAX_IN_FLIGHT} in flight): ${skipped}, dashboard events: ${events}`,
    );
    for (const [what, count] of failures) out(`  ${what}: ${count}`);
    const p = (xs: number[] | undefined, q: number) =>
      percentile(
        [...(xs ?? [])].sort((a, b) => a - b),
        q,
      );
    out('per minute: requests, p50 / p99 ms, RSS MB at its last sample');
    for (const [m, xs] of byMinute.entries()) {
      const rss = samples.filter((s) => s.at <= (m + 1) * 60_000).at(-1)?.memory.rss ?? 0;
      out(
        `  ${String(m + 1).padStart(3)}: ${String(xs?.length ?? 0).padStart(5)}  ${p(xs, 50).toFixed(1).padStart(7)} / ${p(xs, 99).toFixed(1).padStart(7)}  ${mb(rss).padStart(5)}`,
      );
    }
    out('per kind (at most the last 100,000 of each): p50 / p99 ms');
    for (const [name, xs] of byKind)
      out(`  ${name.padEnd(16)} ${p(xs, 50).toFixed(1).padStart(7)} / ${p(xs, 99).toFixed(1).padStart(7)}`);
    let ok = all === 0;
    if (after.length >= 3) {
      const base = (after[0] as Sample).memory.rss;
      const peak = Math.max(...after.map((s) => s.memory.rss));
      const last = (after[after.length - 1] as Sample).memory.rss;
      const flat = peak <= base * 1.2;
      const third = Math.max(1, Math.floor(after.length / 3));
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
      const early = median(after.slice(0, third).map((s) => s.p99));
      const late = median(after.slice(-third).map((s) => s.p99));
      const stable = late <= early * 1.5 + 5;
      out(
        `goal: RSS flat within 20% after warm-up (${warmUp / 1000} s): ${mb(base)} MB → peak ${mb(peak)} MB, last ${mb(last)} MB (${(((peak - base) / base) * 100).toFixed(1)}%) → ${flat ? 'MET' : 'NOT MET'}`,
      );
      out(
        `goal: p99 stable (median of the last third ≤ 1.5 × the first third + 5 ms): ${early.toFixed(1)} → ${late.toFixed(1)} ms → ${stable ? 'MET' : 'NOT MET'}`,
      );
      if (idle)
        out(
          `after ${idleSeconds} s idle: RSS ${mb(idle.memory.rss)} MB, heap ${mb(idle.memory.heapUsed)} MB`,
        );
      ok &&= flat && stable;
    } else out('too short for a verdict: run at least 2 minutes');

    child.send({ do: 'stop' });
    await new Promise((r) => child.once('exit', r));
    const store = openDatabase(databaseUrl);
    const drift = await verifyLedger(store);
    await store.close();
    out(`ledger: ${drift.length ? `${drift.length} drifts` : 'verifies clean'}`);
    if (drift.length) ok = false;
    process.exitCode = ok ? 0 : 1;
  } finally {
    cleanup();
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3] as string, process.argv[4] as string);
else await main();
