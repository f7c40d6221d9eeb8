import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { mailSettingsFrom } from '../channels/notify/sendNotice.ts';
import { noticeMessage } from '../i18n/notices.ts';
import { checkFileNow } from '../services/checkJobs.ts';
import { DEMO_CATALOG, loadDemo } from '../services/demo.ts';
import { digestJob } from '../services/digestSchedule.ts';
import { DEFAULT_POLICY } from '../services/loadConfig.ts';
import { notifier } from '../services/notifyWorker.ts';
import { publicBaseUrl } from '../services/passwordReset.ts';
import { alertScan, cleanUp, hitCheck, startPeriodicJobs } from '../services/periodicJobs.ts';
import { prepareStore } from '../services/startup.ts';
import { syncPeriodMs, tiktokSyncJob } from '../services/tiktokSync.ts';
import { hasWarehouses } from '../store/entities.ts';
import { openDatabase, type Store } from '../store/openDatabase.ts';
import { buildApp } from './app.ts';
import { builtDashboard } from './dashboard.ts';
import { EventBus } from './events.ts';
import { type LogSink, loggerOptions } from './logging.ts';

export interface ServerOptions {
  port?: number;
  host?: string;
  /** Load the demo seller first (only into an empty database). */
  demo?: boolean;
  databaseUrl?: string | undefined;
  /** Where secret.key and uploads live (./puente-data). */
  dataDir?: string;
  /** Request logs as JSON lines on stdout. Without it, failures are still logged (warn, on stderr). */
  log?: boolean;
  /** Where the log goes instead (tests read it). */
  logTo?: LogSink;
  /** Messages for the person who started the server. */
  say?: (line: string) => void;
  /** Periodic jobs (the alert scan); tests turn them off to control time. */
  jobs?: boolean;
  loginAttemptsPerMinute?: number;
  env?: NodeJS.ProcessEnv;
  /**
   * Serve the built dashboard (dist/web), default true: missing, the server refuses to start. false:
   * the API alone, as `npm run dev` runs it behind Vite's dev server, and as API tests do.
   */
  dashboard?: boolean;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  organizationId: string;
  /** Set on the first start only: the owner account created, with its one-time password. */
  owner: { email: string; password: string } | null;
  close(): Promise<void>;
}

/** Opens the database, applies migrations, makes sure someone can log in and secrets can be sealed, and listens. */
export async function startServer(o: ServerOptions = {}): Promise<RunningServer> {
  const say = o.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const env = o.env ?? process.env;
  const dataDir = o.dataDir ?? './puente-data';
  const databaseUrl = o.databaseUrl ?? env.DATABASE_URL;
  // Before the database: a server that cannot show its dashboard says so and changes nothing.
  const webDist = o.dashboard === false ? null : builtDashboard();
  const store = openDatabase(databaseUrl, { poolSize: 20, env, serving: true });
  const { organizationId, owner, secrets } = await prepareStore(store, {
    env,
    keyFile: join(dataDir, 'secret.key'),
    say,
  }).catch(async (error) => {
    await store.close();
    throw error;
  });
  if (o.demo) {
    if (await hasWarehouses(store, organizationId))
      say('demo: this database already has data; starting with it as it is');
    else {
      await loadDemo(store, organizationId, new Date(), (n) => say(`demo: ${noticeMessage(n, 'en')}`));
      // The compliance page opens on the demo catalog's check, as if the seller had just uploaded it.
      await checkFileNow(store, {
        organizationId,
        file: DEMO_CATALOG,
        actor: 'demo',
        uploadDir: join(dataDir, 'uploads'),
        // No rate of its own: the check converts at the demo's USD/MXN rate of the day (18.25).
        options: { policy: DEFAULT_POLICY, usdMxn: null },
      });
    }
  }
  const bus = new EventBus();
  if (store.engine === 'postgres' && databaseUrl) await bus.connectPostgres(databaseUrl, say);
  const mail = mailSettingsFrom(env);
  const notifications = notifier(
    store,
    { secrets, mail, publicUrl: publicBaseUrl(env.PUENTE_PUBLIC_URL, `http://localhost:${o.port ?? 3000}`) },
    say,
  );
  const app = await buildApp({
    mail,
    store,
    secrets,
    bus,
    uploadDir: join(dataDir, 'uploads'),
    // PUENTE_OVERVIEW_REFRESH_MS=0: every overview request recomputes (tests that read right after a write).
    ...(env.PUENTE_OVERVIEW_REFRESH_MS ? { overviewRefreshMs: Number(env.PUENTE_OVERVIEW_REFRESH_MS) } : {}),
    webDist,
    publicUrl: env.PUENTE_PUBLIC_URL,
    env,
    loginAttemptsPerMinute: o.loginAttemptsPerMinute,
    trustProxy: env.PUENTE_TRUST_PROXY === '1' || env.PUENTE_TRUST_PROXY === 'true',
    https: tlsFiles(env),
    logger: loggerOptions(o),
  });
  const stopJobs =
    o.jobs === false
      ? async () => {}
      : startPeriodicJobs(
          store,
          [
            alertScan((org) => bus.publish(org, 'alerts', { reason: 'scan' })),
            hitCheck((org) => bus.publish(org, 'alerts', { reason: 'hits' })),
            cleanUp,
            // TikTok Shop: orders in, stock and tracking out, every PUENTE_TIKTOK_SYNC_SECONDS.
            tiktokSyncJob({ secrets }, syncPeriodMs(env), say),
            // Alert notifications: the outbox's due deliveries and escalations.
            notifications.job,
            // Morning digests due on a warehouse's clock, into the same outbox, sent at once.
            digestJob(randomUUID(), () => notifications.nudge()),
          ],
          say,
        );
  // An alert raised on this server (or, on PostgreSQL, another) is sent at once, not at the next tick.
  const stopNudges =
    o.jobs === false
      ? () => {}
      : bus.subscribe(organizationId, (kind) => {
          if (kind === 'alerts') notifications.nudge();
        });
  drainOnClose(app);
  const address = await app.listen({ port: o.port ?? 3000, host: o.host ?? '127.0.0.1' });
  const url = address.replace('127.0.0.1', 'localhost');
  return {
    url,
    app,
    store,
    organizationId,
    owner,
    /**
     * Stops accepting, lets the requests in flight finish (at most DRAIN_MS), then closes the
     * database: an order being taken commits and is answered, instead of being cut off mid-way.
     */
    async close() {
      stopNudges();
      await stopJobs();
      await notifications.idle();
      await app.close();
      await bus.close();
      await store.close();
    },
  };
}

/** How long a closing server waits for the requests in flight before it cuts them off. */
export const DRAIN_MS = 10_000;

/**
 * On close (before Fastify cuts every connection, see `forceCloseConnections` in app.ts): stop
 * listening, end the dashboards' event streams (their browsers reconnect, to the next server), and
 * wait for the other requests in flight. Requests arriving meanwhile on an open connection are
 * answered 503 by Fastify, so their senders retry elsewhere.
 */
function drainOnClose(app: FastifyInstance): void {
  const open = new Set<ServerResponse>();
  app.server.on('request', (_req, res: ServerResponse) => {
    open.add(res);
    res.once('close', () => open.delete(res));
  });
  const isStream = (res: ServerResponse) =>
    String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');
  app.addHook('preClose', async () => {
    app.server.close();
    for (const res of open) if (isStream(res)) res.end();
    const deadline = Date.now() + DRAIN_MS;
    for (;;) {
      const busy = [...open].filter((res) => !isStream(res));
      if (busy.length === 0 || Date.now() >= deadline) return;
      await Promise.race([
        Promise.all(busy.map((res) => new Promise((resolve) => res.once('close', resolve)))),
        new Promise((resolve) => setTimeout(resolve, deadline - Date.now()).unref()),
      ]);
    }
  });
}

/**
 * SIGTERM or SIGINT: the server drains and closes, then the process exits 0 (1 if closing failed).
 * A second signal exits at once.
 */
export function stopOnSignals(server: RunningServer, say: (line: string) => void = () => {}): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    say(`${signal}: finishing the requests in flight, then stopping`);
    server.close().then(
      () => process.exit(0),
      (error: Error) => {
        say(`stopping failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** PUENTE_TLS_KEY and PUENTE_TLS_CERT (PEM files) make the server speak HTTPS itself. */
function tlsFiles(env: NodeJS.ProcessEnv) {
  const { PUENTE_TLS_KEY: key, PUENTE_TLS_CERT: cert } = env;
  if (!key && !cert) return null;
  if (!key || !cert) throw new Error('set both PUENTE_TLS_KEY and PUENTE_TLS_CERT (PEM files), or neither');
  return { key: readFileSync(key), cert: readFileSync(cert) };
}
