import { createHash, createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LIMITS, text } from '../../domain/limits.ts';
import { cancelFromMarketplace } from '../../services/orderIntake.ts';
import { sameSecret } from '../../services/security/secrets.ts';
import { webhookStorefronts } from '../../store/settings.ts';
import type { AppContext } from '../app.ts';
import { ApiError } from '../errors.ts';
import { intake, orderBody } from './orders.ts';

/** How old a signed delivery may be: older ones are refused as replays. */
export const WEBHOOK_TOLERANCE_S = 300;

/** The signature a sender puts in `X-Puente-Signature`: HMAC-SHA256 over `<timestamp>.<raw body>`. */
export function signWebhook(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

const delivery = z.discriminatedUnion('event', [
  z.object({ event: z.literal('order.paid'), order: orderBody.omit({ storefront: true }) }),
  z.object({
    event: z.literal('order.cancelled'),
    order: z.object({
      externalId: text(LIMITS.text.externalId, { min: 1 }),
      reason: text(LIMITS.text.reason, { layout: true }).optional(),
    }),
  }),
]);

/**
 * `POST /webhooks/orders/:storefront`: a marketplace (or middleware) pushes orders. The request is
 * authenticated by its signature, not a session: HMAC-SHA256 with the storefront's secret over the
 * timestamp and the raw body, compared in constant time; a stale timestamp is a replay. A body
 * seen before is acknowledged and not applied again.
 */
export function webhookRoutes(api: FastifyInstance, { store, secrets, bus }: AppContext) {
  api.register(async (scope) => {
    // The signature covers the bytes as sent: keep them, parse after checking.
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );

    scope.post<{ Params: { storefront: string } }>(
      '/webhooks/orders/:storefront',
      {
        config: { access: 'public' },
        schema: {
          tags: ['webhooks'],
          summary: 'Receive an order from a marketplace',
          operationId: 'receiveOrderWebhook',
          errors: {
            400: 'BODY_REQUIRED: no body; BAD_JSON: the body is not JSON; VALIDATION_FAILED: the delivery does not match the schema (details lists the issues)',
            401: 'SIGNATURE_MISSING: no X-Puente-Timestamp or X-Puente-Signature; SIGNATURE_INVALID: the signature does not match; STALE_DELIVERY: the timestamp is over 300 s away (a replay?)',
            422: 'ORDER_REJECTED: no such SKU, or a currency other than the storefront’s (details.field names it)',
            503: 'WEBHOOK_SECRET_UNREADABLE: the server’s secret key cannot open this storefront’s secret; retry later',
          },
          // Authenticated by the storefront's signature, not a session or token.
          security: [],
          params: z.object({ storefront: text(LIMITS.text.code) }),
          response: {
            200: z.object({
              received: z.literal(true),
              duplicate: z.boolean(),
              outcome: z
                .enum(['reserved', 'awaiting_stock', 'duplicate', 'cancelled', 'already_cancelled'])
                .optional(),
              orderId: z.string().optional(),
            }),
            202: z.object({
              received: z.literal(true),
              duplicate: z.boolean(),
              outcome: z.literal('cancel_remembered'),
            }),
          },
          description:
            'Headers: X-Puente-Timestamp (Unix seconds), X-Puente-Signature (v1=hex HMAC-SHA256 of "<timestamp>.<raw body>" with the storefront secret). The same body delivered again is acknowledged and not applied twice. A cancel for an order not received yet is answered 202 (outcome cancel_remembered) and carried out when the order arrives: it is stored cancelled and reserves nothing. Body: {event:"order.paid", order:{externalId, paidAt, currency?, lines}} or {event:"order.cancelled", order:{externalId, reason?}}.',
        },
      },
      async (request, reply) => {
        const raw = request.body;
        if (!Buffer.isBuffer(raw) || raw.length === 0)
          throw new ApiError(
            400,
            'BODY_REQUIRED',
            'send the delivery as a JSON body (content-type application/json)',
          );
        const sf = await webhookStorefronts(store, request.params.storefront);
        const timestamp = Number(request.headers['x-puente-timestamp']);
        const signature = String(request.headers['x-puente-signature'] ?? '');
        if (!Number.isInteger(timestamp) || !signature)
          throw new ApiError(
            401,
            'SIGNATURE_MISSING',
            'X-Puente-Timestamp and X-Puente-Signature are required',
          );
        // Storefront codes are unique per organization: the secret decides which one sent it.
        const opened = sf.map((s) => ({ s, secret: secrets.tryOpen(s.webhook_secret as string) }));
        const match = opened.find(
          (o) => o.secret !== null && sameSecret(signWebhook(o.secret, timestamp, raw), signature),
        )?.s;
        // A secret this server's key cannot open (a database restored without its secret.key): the
        // sender is asked to retry, so nothing is lost once the key is back.
        if (!match && opened.some((o) => o.secret === null)) {
          reply.header('Retry-After', '300');
          throw new ApiError(
            503,
            'WEBHOOK_SECRET_UNREADABLE',
            'this storefront’s webhook secret cannot be read with the server’s secret key; try again later',
          );
        }
        if (!match)
          throw new ApiError(
            401,
            'SIGNATURE_INVALID',
            'the signature does not match this storefront’s secret',
          );
        if (Math.abs(Date.now() / 1000 - timestamp) > WEBHOOK_TOLERANCE_S)
          throw new ApiError(
            401,
            'STALE_DELIVERY',
            `the timestamp is more than ${WEBHOOK_TOLERANCE_S} s away from now (replay?)`,
          );

        let body: z.infer<typeof delivery>;
        try {
          const parsed = delivery.safeParse(JSON.parse(raw.toString('utf8')));
          if (!parsed.success)
            throw new ApiError(
              400,
              'VALIDATION_FAILED',
              'the delivery does not match the order webhook schema',
              parsed.error.issues,
            );
          body = parsed.data;
        } catch (e) {
          if (e instanceof ApiError) throw e;
          throw new ApiError(400, 'BAD_JSON', 'the body is not JSON');
        }

        const org = match.organization_id;
        // The signed body is the delivery's identity: a copy re-sent under a fresh timestamp is the
        // same delivery. It is recorded in the transaction that applies it (the order, or the
        // cancel): a crash leaves both or neither, and the sender's retry is applied exactly once.
        const seen = {
          organizationId: org,
          storefrontId: match.id,
          deliveryId: createHash('sha256').update(raw).digest('hex'),
        };
        const actor = `webhook:${match.code}`;
        if (body.event === 'order.paid') {
          const outcome = await intake(store, org, { ...body.order, storefront: match.code }, actor, seen);
          bus.publish(org, 'board', { reason: 'webhook', id: outcome.orderId });
          return reply.send({
            received: true,
            duplicate: outcome.status === 'duplicate',
            outcome: outcome.status,
            orderId: outcome.orderId,
          });
        }
        const cancel = await cancelFromMarketplace(store, {
          organizationId: org,
          storefrontId: match.id,
          externalId: body.order.externalId,
          reason: body.order.reason ?? 'cancelled by the marketplace',
          actor,
          delivery: seen,
        });
        if (cancel.outcome === 'cancel_remembered')
          return reply
            .status(202)
            .send({ received: true, duplicate: cancel.duplicate, outcome: cancel.outcome });
        bus.publish(org, 'board', { reason: 'webhook', id: cancel.orderId });
        return reply.send({
          received: true,
          duplicate: cancel.outcome === 'already_cancelled',
          outcome: cancel.outcome,
          orderId: cancel.orderId,
        });
      },
    );
  });
}
