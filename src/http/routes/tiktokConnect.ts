import { z } from 'zod';
import { TikTokError } from '../../channels/tiktok/errors.ts';
import { LIMITS, text } from '../../domain/limits.ts';
import { principalFromSession } from '../../services/accounts.ts';
import { publicBaseUrl } from '../../services/passwordReset.ts';
import { type RefusalKind, Refused } from '../../services/refused.ts';
import { tiktokConnectionsHealth } from '../../services/tiktokHealth.ts';
import {
  beginTikTokAuthorization,
  CALLBACK_PATH,
  CallbackRefused,
  finishTikTokAuthorization,
} from '../../services/tiktokOAuth.ts';
import { syncOnce } from '../../services/tiktokSync.ts';
import { tiktokWarehouseMapping } from '../../services/tiktokWarehouses.ts';
import { connectedStorefronts } from '../../store/tiktokConnections.ts';
import { type Api, type AppContext, SESSION_COOKIE } from '../app.ts';
import { ApiError } from '../errors.ts';

/**
 * TikTok Shop connections in the dashboard (issue 11): begin the seller authorization and take
 * TikTok's redirect back, each storefront's connection health, "Sync now", and the warehouse
 * mapping. Thin: each route calls the service the command line calls (`puente tiktok connect`,
 * `sync --once`, `warehouses --map`).
 */

const statusOfKind: Record<RefusalKind, [number, string]> = {
  usage: [400, 'VALIDATION_FAILED'],
  not_found: [404, 'NOT_FOUND'],
  conflict: [409, 'CONFLICT'],
  refused: [409, 'REFUSED'],
};

/** A service's refusal, or TikTok's, as an API error in the requester's language; never a 5xx for them. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof Refused) {
      const [status, code] = statusOfKind[e.kind];
      throw ApiError.refused(status, code, e.reason);
    }
    if (e instanceof TikTokError)
      throw ApiError.refused(e.retryable ? 502 : 409, e.retryable ? 'TIKTOK_UNAVAILABLE' : 'TIKTOK_REFUSED', {
        key: 'tiktok_refused',
        params: { detail: e.reason },
      });
    throw e;
  }
}

const storefrontParams = z.object({ code: text(LIMITS.text.code) });
const url = text(300).describe('http(s) URL; empty: PUENTE_TIKTOK_…_BASE, else TikTok Shop’s host');

const authorization = z
  .object({
    storefront: z.string(),
    authorizeUrl: z.string().describe('open this page: the seller logs in at TikTok and authorizes'),
    callbackUrl: z
      .string()
      .describe(
        'where TikTok sends the seller back: PUENTE_PUBLIC_URL (else the address this request came in on) + /api/v1/connectors/tiktok/callback; register it as the app’s redirect URL in Partner Center',
      ),
    expiresAt: z.string().describe('the authorization must come back before this (ISO UTC)'),
  })
  .meta({ id: 'TikTokAuthorization' });

const syncError = z
  .object({
    step: z.enum(['orders', 'stock', 'tracking', 'reconcile']),
    kind: z.enum(['throttled', 'transient', 'token_expired', 'rejected', 'items_failed', 'other']),
    code: z.number().nullable().describe('TikTok’s code, when TikTok answered'),
    detail: z.string().describe('TikTok’s own words, or what failed'),
    at: z.string(),
  })
  .meta({ id: 'TikTokSyncError' });

const connectionHealth = z
  .object({
    storefront: z.string(),
    region: z.string(),
    connection: z
      .object({
        shop: z.object({ id: z.string(), name: z.string(), region: z.string(), code: z.string().nullable() }),
        connectedAt: z.string(),
        lastPullAt: z.string().nullable().describe('the last order pull that went through (ISO UTC)'),
        lastPushAt: z.string().nullable().describe('the last stock push that went through (ISO UTC)'),
        lagSeconds: z
          .number()
          .nullable()
          .describe('how far behind now the orders taken from TikTok reach (the order watermark)'),
        outbox: z.object({
          stock: z.object({ pending: z.number(), failed: z.number() }),
          tracking: z.object({ pending: z.number(), refused: z.number() }),
          reconciledAt: z.string().nullable(),
        }),
        lastError: syncError.nullable(),
      })
      .nullable()
      .describe('null: not connected yet'),
  })
  .meta({ id: 'TikTokConnection' });

const syncSummary = z
  .object({
    orders: z.object({ new: z.number(), updated: z.number(), cancelled: z.number(), parked: z.number() }),
    stock: z.object({ pushed: z.number(), failed: z.number() }),
    tracking: z.object({ sent: z.number(), failed: z.number() }),
    calls: z.number(),
    retries: z.number(),
    skipped: z.array(
      z.object({
        storefront: z.string(),
        step: z.enum(['orders', 'stock', 'tracking', 'reconcile']),
        subject: z.string().optional(),
        reason: z.string(),
        failed: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'TikTokSyncSummary' });

const warehouseMapping = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.string().nullable(),
    state: z.string().nullable(),
    postal_code: z.string().nullable(),
    warehouse: z.string().nullable().describe('the Puente warehouse’s code; null: no stock is pushed to it'),
    mapped_by: z.enum(['auto', 'manual']).nullable(),
  })
  .meta({ id: 'TikTokWarehouseMapping' });

/** The small page that sends a callback which arrived without the session cookie to itself again. */
function bouncePage(target: string): string {
  const href = target.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Puente</title><a href="${href}">Puente</a>`;
}

export function tiktokConnectRoutes(api: Api, { store, secrets, publicUrl, env }: AppContext) {
  const deps = { secrets };

  api.post(
    '/connectors/tiktok/authorize',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['tiktok'],
        summary: 'Begin connecting a storefront to TikTok Shop',
        operationId: 'beginTikTokAuthorization',
        description:
          'Owner only, from a dashboard session. Stores the app key and the app secret (encrypted) with a one-time state bound to this session (30 minutes), and answers with the authorization page to open. TikTok then redirects to GET /connectors/tiktok/callback.',
        errors: {
          400: 'VALIDATION_FAILED: a base URL is not http(s); SESSION_REQUIRED: only a dashboard session can authorize (an API token cannot follow the redirect)',
          404: 'NOT_FOUND: no storefront with this code',
        },
        body: z.object({
          storefront: text(LIMITS.text.code, { min: 1 }),
          appKey: text(100, { min: 1 }).describe('the app key from TikTok Shop Partner Center'),
          appSecret: text(200, { min: 1 }).describe('the app secret; stored encrypted, never shown again'),
          apiBase: url.optional(),
          authBase: url.optional(),
        }),
        response: { 200: authorization },
      },
    },
    async (request) => {
      const p = request.principal;
      const sessionId = request.cookies[SESSION_COOKIE];
      if (p.via !== 'session' || !sessionId || !p.userId)
        throw ApiError.refused(400, 'SESSION_REQUIRED', { key: 'tiktok_session_required' });
      const b = request.body;
      const callbackUrl = `${publicBaseUrl(publicUrl, `${request.protocol}://${request.host}`)}${CALLBACK_PATH}`;
      return answering(() =>
        beginTikTokAuthorization(store, deps, {
          organizationId: p.organizationId,
          storefront: b.storefront,
          sessionId,
          userId: p.userId as string,
          appKey: b.appKey.trim(),
          appSecret: b.appSecret.trim(),
          apiBase: b.apiBase?.trim(),
          authBase: b.authBase?.trim(),
          callbackUrl,
          env,
        }),
      );
    },
  );

  api.get(
    '/connectors/tiktok/callback',
    {
      config: { access: 'public' },
      schema: {
        tags: ['tiktok'],
        security: [],
        summary: 'TikTok Shop’s redirect after the seller authorized',
        operationId: 'tiktokAuthorizationCallback',
        description:
          'TikTok sends the seller’s browser here with code and state. The state must be one this server gave to the same session, unused and not expired; then the code is exchanged and the shop bound (as `puente tiktok connect`), and the browser is sent to /settings?tab=storefronts with tiktok=connected or tiktok_error=<reason>. Never an error status: what went wrong is said on the settings page. A browser arriving from TikTok without the session cookie (SameSite=Strict) gets a page that loads this address again from Puente’s own origin, which carries it.',
        querystring: z.object({
          code: z.string().max(2000).optional(),
          state: z.string().max(200).optional(),
          error: z.string().max(200).optional(),
          bounced: z.literal('1').optional(),
        }),
        response: {
          200: {
            description: 'The page that reloads this address with the session cookie',
            content: { 'text/html': { schema: z.string() } },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const sessionId = request.cookies[SESSION_COOKIE] ?? null;
      if (!sessionId && !q.bounced) {
        const again = new URLSearchParams({ ...q, bounced: '1' } as Record<string, string>);
        return reply.type('text/html; charset=utf-8').send(bouncePage(`${CALLBACK_PATH}?${again}`));
      }
      const principal = sessionId ? await principalFromSession(store, sessionId) : null;
      const back = new URLSearchParams({ tab: 'storefronts' });
      try {
        const connected = await finishTikTokAuthorization(store, deps, {
          sessionId: principal ? sessionId : null,
          state: q.state,
          code: q.code,
          error: q.error,
          ...(principal ? { actor: principal.actor } : {}),
          env,
        });
        back.set('tiktok', 'connected');
        back.set('storefront', connected.storefront);
      } catch (e) {
        if (!(e instanceof CallbackRefused)) {
          request.log.error({ err: e }, 'TikTok authorization callback failed');
          back.set('tiktok_error', 'failed');
        } else {
          back.set('tiktok_error', e.problem);
          if (e.detail) back.set('detail', e.detail.slice(0, 300));
        }
      }
      return reply.redirect(`/settings?${back}`, 303);
    },
  );

  api.get(
    '/connectors/tiktok/connections',
    {
      schema: {
        tags: ['tiktok'],
        summary: 'List storefronts with their TikTok Shop connection health',
        operationId: 'listTikTokConnections',
        response: { 200: z.object({ items: z.array(connectionHealth) }) },
      },
    },
    async (request) => ({ items: await tiktokConnectionsHealth(store, request.principal.organizationId) }),
  );

  const connected = async (org: string, code: string) => {
    if ((await connectedStorefronts(store, org, code)).length === 0)
      throw ApiError.refused(404, 'NOT_FOUND', { key: 'no_tiktok_connection', params: { code } });
  };

  api.post(
    '/connectors/tiktok/connections/:code/sync',
    {
      config: { access: 'write' },
      schema: {
        tags: ['tiktok'],
        summary: 'Run one TikTok Shop sync cycle for a storefront now',
        operationId: 'syncTikTokNow',
        description:
          'The cycle of `puente tiktok sync --storefront <code> --once`: orders in, stock and tracking out, reconciliation if due. If the server’s own cycle is running (the sync lease), waits for it up to 30 s. Answers with the summary; failures are in `skipped` with failed=true.',
        errors: { 404: 'NOT_FOUND: no storefront with this code, or it is not connected to TikTok Shop' },
        params: storefrontParams,
        response: { 200: syncSummary },
      },
    },
    async (request) => {
      const p = request.principal;
      await connected(p.organizationId, request.params.code);
      return answering(() =>
        syncOnce(store, deps, {
          organizationId: p.organizationId,
          storefront: request.params.code,
          actor: p.actor,
        }),
      );
    },
  );

  api.get(
    '/connectors/tiktok/connections/:code/warehouses',
    {
      schema: {
        tags: ['tiktok'],
        summary: 'List the TikTok shop’s warehouses with the Puente warehouse each maps to',
        operationId: 'listTikTokWarehouses',
        description:
          'Read fresh from TikTok Shop, as `puente tiktok warehouses`; new warehouses are matched automatically by state and postal code.',
        errors: {
          404: 'NOT_FOUND: no storefront with this code, or it is not connected',
          409: 'TIKTOK_REFUSED: TikTok Shop refused the call (its words in the message)',
          502: 'TIKTOK_UNAVAILABLE: TikTok Shop did not answer',
        },
        params: storefrontParams,
        response: { 200: z.object({ items: z.array(warehouseMapping) }) },
      },
    },
    async (request) => {
      const p = request.principal;
      const items = await answering(() =>
        tiktokWarehouseMapping(store, deps, {
          organizationId: p.organizationId,
          storefront: request.params.code,
          actor: p.actor,
        }),
      );
      return { items };
    },
  );

  api.put(
    '/connectors/tiktok/connections/:code/warehouses',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['tiktok'],
        summary: 'Map TikTok warehouses to Puente warehouses',
        operationId: 'mapTikTokWarehouses',
        description:
          'As `puente tiktok warehouses --map <code>=<id>`; warehouse null unmaps, and automatic matching then leaves that TikTok warehouse alone. A Puente warehouse stands for one TikTok warehouse of the shop.',
        errors: {
          400: 'VALIDATION_FAILED: the TikTok warehouse is not a sales warehouse',
          404: 'NOT_FOUND: no such storefront, connection, TikTok warehouse or Puente warehouse',
          409: 'TIKTOK_REFUSED: TikTok Shop refused the call (its words in the message)',
          502: 'TIKTOK_UNAVAILABLE: TikTok Shop did not answer',
        },
        params: storefrontParams,
        body: z.object({
          map: z
            .array(
              z.object({
                tiktokWarehouseId: text(64, { min: 1 }),
                warehouse: text(LIMITS.text.code, { min: 1 }).nullable(),
              }),
            )
            .max(100),
        }),
        response: { 200: z.object({ items: z.array(warehouseMapping) }) },
      },
    },
    async (request) => {
      const p = request.principal;
      const items = await answering(() =>
        tiktokWarehouseMapping(store, deps, {
          organizationId: p.organizationId,
          storefront: request.params.code,
          map: request.body.map.map((m) => ({ tiktokId: m.tiktokWarehouseId, warehouse: m.warehouse })),
          actor: p.actor,
        }),
      );
      return { items };
    },
  );
}
