import { signWebhook } from '../../src/http/routes/webhooks.ts';

/**
 * Posts `body` to a server's order webhook (`/api/v1/webhooks/orders/<storefront>`, TTS-MX unless
 * told) as a marketplace's relay would: the raw bytes, signed with `secret` over
 * `<timestamp>.<body>` at the current second (or at `timestamp`, or with a given `signature`).
 */
export function postOrderWebhook(
  baseUrl: string,
  secret: string,
  body: string,
  o: { storefront?: string; timestamp?: number; signature?: string } = {},
): Promise<Response> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(`${baseUrl}/api/v1/webhooks/orders/${o.storefront ?? 'TTS-MX'}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-puente-timestamp': String(timestamp),
      'x-puente-signature': o.signature ?? signWebhook(secret, timestamp, body),
    },
    body,
  });
}
