import { z } from 'zod';
import { mailSettingsFrom } from '../../channels/notify/sendNotice.ts';
import { LIMITS, text } from '../../domain/limits.ts';
import { alertKinds, severities } from '../../domain/notify/routing.ts';
import { NotFound } from '../../services/lookups.ts';
import {
  addChannel,
  addRoute,
  changeChannel,
  channelKinds,
  channelLanguages,
  channels,
  removeChannelById,
  removeRoute,
  routes,
  testChannel,
} from '../../services/notifyChannels.ts';
import { alertDeliveries, deliveries } from '../../services/notifyWorker.ts';
import { publicBaseUrl } from '../../services/passwordReset.ts';
import { Refused } from '../../services/refused.ts';
import type { ChannelRow, RouteRow } from '../../store/notifyChannels.ts';
import type { DeliveryListRow } from '../../store/notifyOutbox.ts';
import type { Api, AppContext } from '../app.ts';
import { ApiError, notFound } from '../errors.ts';
import { ok } from '../views.ts';

/**
 * Notification channels, routes and the delivery log (issue 12). Channel URLs and secrets go in,
 * never out: a channel shows its URL's origin and whether it has a secret.
 */

const channelView = z
  .object({
    id: z.string(),
    kind: z.enum(channelKinds),
    name: z.string(),
    language: z.enum(channelLanguages),
    origin: z
      .string()
      .nullable()
      .describe('scheme, host and port of the webhook or SMTP URL; the rest is sealed'),
    recipients: z.array(z.string()),
    roles: z
      .array(z.string())
      .describe('e-mail: roles whose users also get it, each per their own preferences'),
    hasSecret: z.boolean(),
    timeZone: z.string(),
    quietFrom: z.string().nullable(),
    quietTo: z.string().nullable(),
    escalateAfterMinutes: z.number().nullable(),
    escalateTo: z.string().nullable(),
    sendResolved: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'NotifyChannel' });

export const toChannelView = (c: ChannelRow): z.infer<typeof channelView> => ({
  id: c.id,
  kind: c.kind,
  name: c.name,
  language: c.language,
  origin: c.url_origin,
  recipients: c.recipients ? c.recipients.split(',') : [],
  roles: c.audience ? c.audience.split(',') : [],
  hasSecret: c.sealed_secret !== null,
  timeZone: c.time_zone,
  quietFrom: c.quiet_from,
  quietTo: c.quiet_to,
  escalateAfterMinutes: c.escalate_after_minutes,
  escalateTo: c.escalate_to,
  sendResolved: c.send_resolved === 1,
  createdAt: c.created_at,
});

const routeView = z
  .object({
    id: z.string(),
    channelId: z.string(),
    kinds: z.array(z.string()).describe('alert kinds; empty = every kind'),
    severity: z.enum(severities).nullable().describe('the least severity taken'),
    warehouse: z.string().nullable(),
    storefront: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'NotifyRoute' });

const toRouteView = (r: RouteRow): z.infer<typeof routeView> => ({
  id: r.id,
  channelId: r.channel_id,
  kinds: r.kinds ? r.kinds.split(',') : [],
  severity: r.min_severity,
  warehouse: r.warehouse,
  storefront: r.storefront,
  createdAt: r.created_at,
});

const deliveryView = z
  .object({
    id: z.string(),
    alertId: z.string().nullable().describe('null on a morning digest’s delivery'),
    digest: z
      .object({ warehouse: z.string(), day: z.string() })
      .nullable()
      .describe('the morning digest delivered: warehouse code and its local day'),
    channelId: z.string(),
    channelName: z.string(),
    channelKind: z.string(),
    reason: z.enum(['raised', 'worsened', 'escalated', 'resolved', 'digest']),
    status: z.enum(['pending', 'sent', 'failed']),
    attempts: z.number(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'NotifyDelivery' });

const digestOf = (raw: string | null) => {
  if (!raw) return null;
  const ref = JSON.parse(raw) as { warehouse: string; day: string };
  return { warehouse: ref.warehouse, day: ref.day };
};

export const toDeliveryView = (d: DeliveryListRow): z.infer<typeof deliveryView> => ({
  id: d.id,
  alertId: d.alert_id,
  digest: digestOf(d.digest),
  channelId: d.channel_id,
  channelName: d.channel_name,
  channelKind: d.channel_kind,
  reason: d.reason,
  status: d.status,
  attempts: Number(d.attempts),
  lastError: d.last_error,
  nextAttemptAt: d.next_attempt_at,
  createdAt: d.created_at,
  sentAt: d.sent_at,
});

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
const channelFields = {
  name: text(LIMITS.text.name, { min: 1 }),
  url: z.string().max(2000).optional().describe('the webhook URL (for e-mail: an optional smtp:// server)'),
  to: z.string().max(2000).optional().describe('e-mail addresses, comma-separated'),
  roles: z
    .array(z.enum(['owner', 'operator', 'viewer']))
    .max(3)
    .optional()
    .describe(
      'e-mail: also to the users of these roles, each per their own preferences (GET /me/notifications)',
    ),
  secret: z
    .string()
    .max(500)
    .optional()
    .describe('Feishu signing secret or the generic webhook’s HMAC secret'),
  language: z.enum(channelLanguages).optional(),
  // text(): no control characters, so a NUL is a 400 here and not PostgreSQL's error (a 500).
  timeZone: text(64).optional(),
  quietFrom: clock.nullable().optional(),
  quietTo: clock.nullable().optional(),
  escalateAfterMinutes: z.number().int().min(1).max(1440).nullable().optional(),
  escalateTo: text(64).nullable().optional().describe('id of the next channel'),
  sendResolved: z.boolean().optional(),
};

/** A service's refusal as the API's answer, worded for the caller's language by the error handler. */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof NotFound && e.reason) throw ApiError.refused(404, 'NOT_FOUND', e.reason);
    if (e instanceof Refused) throw ApiError.refused(400, 'BAD_NOTIFY_SETTING', e.reason);
    throw e;
  }
}

export function notificationRoutes(api: Api, ctx: AppContext) {
  const { store, secrets } = ctx;
  const admin = { access: 'admin' as const };
  const mail = () => ctx.mail ?? mailSettingsFrom(process.env);

  api.get(
    '/notify/channels',
    {
      schema: {
        tags: ['notifications'],
        summary: 'List notification channels',
        operationId: 'listNotifyChannels',
        response: { 200: z.object({ items: z.array(channelView) }) },
      },
    },
    async (request) => ({
      items: (await channels(store, request.principal.organizationId)).map(toChannelView),
    }),
  );

  api.post(
    '/notify/channels',
    {
      config: { ...admin, idempotent: true },
      schema: {
        tags: ['notifications'],
        summary: 'Add a notification channel',
        operationId: 'createNotifyChannel',
        description:
          'Feishu and WeCom bots, Slack incoming webhooks and generic webhooks take `url`; e-mail takes `to` (SMTP from PUENTE_SMTP_URL, or `url`).',
        errors: {
          400: 'BAD_NOTIFY_SETTING: a missing or malformed URL, address, time or zone (details.params names it)',
          404: 'NOT_FOUND: escalateTo names no channel',
        },
        body: z.object({ kind: z.enum(channelKinds), ...channelFields }),
        response: { 201: channelView },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const row = await refusing(() =>
        addChannel(store, secrets, { organizationId: p.organizationId, actor: p.actor, input: request.body }),
      );
      return reply.status(201).send(toChannelView(row));
    },
  );

  api.patch(
    '/notify/channels/:id',
    {
      config: admin,
      schema: {
        tags: ['notifications'],
        summary: 'Change a notification channel',
        operationId: 'updateNotifyChannel',
        description: 'Only the fields sent change; an empty `secret` removes the secret.',
        errors: {
          400: 'BAD_NOTIFY_SETTING: a malformed URL, address, time or zone',
          404: 'NOT_FOUND: no such channel (or escalateTo names none)',
        },
        params: z.object({ id: text(LIMITS.text.id) }),
        body: z.object(channelFields).partial(),
        response: { 200: channelView },
      },
    },
    async (request) => {
      const p = request.principal;
      const row = await refusing(() =>
        changeChannel(store, secrets, {
          organizationId: p.organizationId,
          actor: p.actor,
          id: request.params.id,
          change: request.body,
        }),
      );
      return toChannelView(row);
    },
  );

  api.delete(
    '/notify/channels/:id',
    {
      config: admin,
      schema: {
        tags: ['notifications'],
        summary: 'Remove a notification channel',
        operationId: 'removeNotifyChannel',
        description: 'Its routes and pending deliveries go; the delivery log keeps its name.',
        errors: { 404: 'NOT_FOUND: no such channel' },
        params: z.object({ id: text(LIMITS.text.id) }),
        response: { 200: ok },
      },
    },
    async (request) => {
      const p = request.principal;
      await refusing(() =>
        removeChannelById(store, { organizationId: p.organizationId, actor: p.actor, id: request.params.id }),
      );
      return { ok: true as const };
    },
  );

  api.post(
    '/notify/channels/:id/test',
    {
      config: admin,
      schema: {
        tags: ['notifications'],
        summary: 'Send a test message through a channel',
        operationId: 'testNotifyChannel',
        description: 'Sent at once, not through the outbox; `error` says why it did not arrive.',
        errors: { 404: 'NOT_FOUND: no such channel' },
        params: z.object({ id: text(LIMITS.text.id) }),
        response: { 200: z.object({ sent: z.boolean(), error: z.string().nullable() }) },
      },
    },
    async (request) => {
      const outcome = await refusing(() =>
        testChannel(store, secrets, {
          organizationId: request.principal.organizationId,
          id: request.params.id,
          publicUrl: publicBaseUrl(ctx.publicUrl, `${request.protocol}://${request.host}`),
          mail: mail(),
        }),
      );
      return outcome.ok ? { sent: true, error: null } : { sent: false, error: outcome.error };
    },
  );

  api.get(
    '/notify/routes',
    {
      schema: {
        tags: ['notifications'],
        summary: 'List notification routes',
        operationId: 'listNotifyRoutes',
        description: 'A channel without routes takes every critical alert.',
        response: { 200: z.object({ items: z.array(routeView) }) },
      },
    },
    async (request) => ({ items: (await routes(store, request.principal.organizationId)).map(toRouteView) }),
  );

  api.post(
    '/notify/routes',
    {
      config: admin,
      schema: {
        tags: ['notifications'],
        summary: 'Add a notification route',
        operationId: 'createNotifyRoute',
        errors: {
          400: 'BAD_NOTIFY_SETTING: an unknown alert kind',
          404: 'NOT_FOUND: no such channel',
        },
        body: z.object({
          channelId: text(LIMITS.text.id, { min: 1 }),
          kinds: z
            .array(z.string().max(40))
            .max(alertKinds.length * 2)
            .describe('alert kinds or short names (late, at_risk…); empty = every kind'),
          severity: z.enum(severities).nullable().optional(),
          warehouse: text(LIMITS.text.code).nullable().optional(),
          storefront: text(LIMITS.text.code).nullable().optional(),
        }),
        response: { 201: routeView },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const b = request.body;
      const row = await refusing(() =>
        addRoute(store, {
          organizationId: p.organizationId,
          actor: p.actor,
          input: {
            channel: b.channelId,
            kinds: b.kinds,
            severity: b.severity,
            warehouse: b.warehouse,
            storefront: b.storefront,
          },
        }),
      );
      return reply.status(201).send(toRouteView(row));
    },
  );

  api.delete(
    '/notify/routes/:id',
    {
      config: admin,
      schema: {
        tags: ['notifications'],
        summary: 'Remove a notification route',
        operationId: 'removeNotifyRoute',
        errors: { 404: 'NOT_FOUND: no such route' },
        params: z.object({ id: text(LIMITS.text.id) }),
        response: { 200: ok },
      },
    },
    async (request) => {
      const p = request.principal;
      await refusing(() =>
        removeRoute(store, { organizationId: p.organizationId, actor: p.actor, id: request.params.id }),
      );
      return { ok: true as const };
    },
  );

  api.get(
    '/notify/deliveries',
    {
      schema: {
        tags: ['notifications'],
        summary: 'List notification deliveries',
        operationId: 'listNotifyDeliveries',
        description:
          'Newest first, alerts’ and morning digests’ alike; `alertId` keeps one alert’s, `only` one sort.',
        querystring: z.object({
          alertId: text(LIMITS.text.id).optional(),
          only: z.enum(['alerts', 'digests']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(deliveryView) }) },
      },
    },
    async (request) => ({
      items: (
        await deliveries(store, request.principal.organizationId, {
          alertId: request.query.alertId,
          only: request.query.only,
          limit: request.query.limit,
        })
      ).map(toDeliveryView),
    }),
  );

  api.get(
    '/alerts/:id/deliveries',
    {
      schema: {
        tags: ['alerts'],
        summary: 'List the deliveries of an alert',
        operationId: 'listAlertDeliveries',
        description: 'Where and when the alert was sent, and how each delivery went.',
        errors: { 404: 'NOT_FOUND: no alert with this id' },
        params: z.object({ id: text(LIMITS.text.id) }),
        response: { 200: z.object({ items: z.array(deliveryView) }) },
      },
    },
    async (request) => {
      const items = await alertDeliveries(store, request.principal.organizationId, request.params.id, 500);
      if (!items) throw notFound('alert');
      return { items: items.map(toDeliveryView) };
    },
  );
}
