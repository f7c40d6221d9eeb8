import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';

/**
 * Live updates for the dashboard: services publish what changed (`board`, `alerts`, `stock`) and
 * every open server-sent-events stream of that organization is told, so the page refetches.
 */
export type EventKind = 'board' | 'alerts' | 'stock' | 'checks';

const CHANNEL = 'puente_events';

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly origin = randomUUID();
  private client: pg.Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  /**
   * Several servers on one PostgreSQL database: each event also goes out by NOTIFY and every
   * server LISTENs, so a dashboard connected to one server hears of an order taken by another.
   * The first connection must succeed; a connection lost later (a database restart, an admin
   * terminating it, the network) is reopened with backoff until the server closes.
   */
  async connectPostgres(url: string, log: (msg: string) => void): Promise<void> {
    await this.listen(url, log);
  }

  private async listen(url: string, log: (msg: string) => void): Promise<void> {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, keepAlive: true });
    let open = false;
    const lost = (why: string) => {
      if (!open) return; // a failed connect is reported by connect() itself
      open = false;
      if (this.client === client) this.client = null;
      client.end().catch(() => {});
      if (this.closed) return;
      log(`live updates from other servers stopped (${why}); reconnecting`);
      this.reconnect(url, log, 1);
    };
    // Without a listener an 'error' on this client would end the process.
    client.on('error', (e) => lost(e.message));
    client.on('end', () => lost('the connection closed'));
    client.on('notification', (n) => {
      try {
        const m = JSON.parse(n.payload ?? '');
        if (m.origin !== this.origin) this.emitter.emit(m.organizationId, m.kind, m.data);
      } catch {}
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    open = true;
    this.client = client;
  }

  /** Tries again after 0.25 s, 0.5 s, 1 s … up to 30 s, with jitter. */
  private reconnect(url: string, log: (msg: string) => void, attempt: number): void {
    const wait = Math.min(30_000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.closed) return;
      this.listen(url, log).then(
        () => {
          if (this.closed) return void this.client?.end().catch(() => {});
          log('live updates from other servers resumed');
          // Events sent while the connection was down were missed: every open page refetches.
          for (const org of this.emitter.eventNames())
            for (const kind of ['board', 'alerts', 'stock'] as const)
              this.emitter.emit(org, kind, { reason: 'reconnected' });
        },
        () => this.reconnect(url, log, attempt + 1),
      );
    }, wait);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  publish(organizationId: string, kind: EventKind, data: Record<string, unknown> = {}): void {
    this.emitter.emit(organizationId, kind, data);
    const payload = JSON.stringify({ origin: this.origin, organizationId, kind, data });
    // A lost notification only delays a refresh: the dashboard also refetches on reconnect.
    this.client?.query('select pg_notify($1, $2)', [CHANNEL, payload]).catch(() => {});
  }

  subscribe(organizationId: string, listener: (kind: EventKind, data: Record<string, unknown>) => void) {
    this.emitter.on(organizationId, listener);
    return () => this.emitter.off(organizationId, listener);
  }
}

const HEARTBEAT_MS = 15_000;

export function eventRoutes(app: FastifyInstance, bus: EventBus) {
  app.get('/events', { schema: { hide: true }, config: { access: 'read' } }, (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    const unsubscribe = bus.subscribe(request.principal.organizationId, (kind, data) => {
      res.write(`event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
}
