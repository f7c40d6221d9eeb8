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

  /**
   * Several servers on one PostgreSQL database: each event also goes out by NOTIFY and every
   * server LISTENs, so a dashboard connected to one server hears of an order taken by another.
   */
  async connectPostgres(url: string, log: (msg: string) => void): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    client.on('error', (e) => log(`live updates from other servers stopped: ${e.message}`));
    client.on('notification', (n) => {
      try {
        const m = JSON.parse(n.payload ?? '');
        if (m.origin !== this.origin) this.emitter.emit(m.organizationId, m.kind, m.data);
      } catch {}
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    this.client = client;
  }

  async close(): Promise<void> {
    await this.client?.end();
    this.client = null;
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
