import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TikTokWebhookOrders, verifyTikTokWebhook } from '../../services/tiktokWebhooks.ts';
import type { AppContext } from '../app.ts';
import { ApiError } from '../errors.ts';

/**
 * `POST /webhooks/tiktok`: TikTok Shop's webhooks (reference §7). Authenticated by TikTok's
 * signature (`Authorization`: hex HMAC-SHA256 with the app secret over app key + raw body), not a
 * session. A bad or missing signature is 401 and changes nothing. A good one is answered 200 with
 * an empty body at once; the order it names is fetched and applied right after
 * (services/tiktokWebhooks.ts).
 */
export function tiktokWebhookRoutes(api: FastifyInstance, { store, secrets, bus }: AppContext) {
  const orders = new TikTokWebhookOrders(
    store,
    { secrets },
    {
      onApplied: (org) => bus.publish(org, 'board', { reason: 'webhook' }),
      log: (line) => api.log.warn(line),
    },
  );
  api.addHook('onClose', () => orders.idle());
  api.register(async (scope) => {
    // The signature covers the bytes as sent: keep them, parse after checking.
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/webhooks/tiktok',
      {
        config: { access: 'public' },
        schema: {
          tags: ['webhooks'],
          security: [],
          summary: 'Receive a TikTok Shop webhook',
          operationId: 'receiveTikTokWebhook',
          errors: {
            401: 'SIGNATURE_INVALID: the Authorization signature is missing or wrong, or the shop is not connected',
          },
          response: {
            200: {
              description: 'Received, with an empty body; the orders it names are then fetched and applied',
              content: { 'text/plain': { schema: z.string().max(0) } },
            },
          },
          description:
            'TikTok Shop webhooks. Header Authorization: lowercase hex HMAC-SHA256 with the app secret over the app key followed by the raw body (no "Bearer"). Routed by shop_id to the connected storefront. Answered 200 with an empty body; the order named is then fetched (Get Order Detail) and applied. 401 when the signature is missing or wrong, or the shop is not connected.',
        },
      },
      async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const auth = request.headers.authorization;
        const hook = await verifyTikTokWebhook(store, { secrets }, raw, Array.isArray(auth) ? auth[0] : auth);
        if (!hook)
          throw new ApiError(
            401,
            'SIGNATURE_INVALID',
            'the Authorization signature does not match a connected TikTok shop',
          );
        orders.push(hook);
        return reply.status(200).send();
      },
    );
  });
}
