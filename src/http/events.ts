import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';

/**
 * Live updates for the dashboard: services publish what changed (`board`, `alerts`, `stock`) and
 * every open server-sent-events stream of that organization is told, so the page refetches.
 */
export type EventKind = 'board' | 'alerts' | 'stock' | 'checks';

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(organizationId: string, kind: EventKind, data: Record<string, unknown> = {}): void {
    this.emitter.emit(organizationId, kind, data);
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
