import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * TikTok Shop's two signatures (reference tiktok-shop-api.md §2 and §7), as pure functions.
 *
 * A request's `sign`: the path, then every query parameter but `sign` and `access_token` sorted by
 * key and written as key+value with decoded values, then the raw body when there is one (not for
 * multipart), wrapped in the app secret on both sides and HMAC-SHA256'd with the app secret, in
 * lowercase hex (uppercase is rejected). Empty values are left out of the request and of the
 * signature alike, and arrays are sent comma-joined, so a caller passes plain strings.
 */
export type QueryParams = Record<string, string>;

const UNSIGNED = new Set(['sign', 'access_token']);

/** The query as it is signed and sent: without empty values, `sign` or `access_token`. */
export function signedParams(query: QueryParams): [string, string][] {
  return Object.entries(query)
    .filter(([k, v]) => !UNSIGNED.has(k) && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function signRequest(o: {
  appSecret: string;
  path: string;
  query: QueryParams;
  /** The exact string sent as the body; none for GET and multipart uploads. */
  body?: string | undefined;
}): string {
  const params = signedParams(o.query)
    .map(([k, v]) => k + v)
    .join('');
  const base = o.path + params + (o.body ?? '');
  return createHmac('sha256', o.appSecret)
    .update(o.appSecret + base + o.appSecret)
    .digest('hex');
}

/** A webhook's `Authorization` header: hex HMAC-SHA256 with the app secret over app key + raw body. */
export function webhookSignature(o: { appKey: string; appSecret: string; rawBody: Buffer | string }): string {
  return createHmac('sha256', o.appSecret)
    .update(Buffer.concat([Buffer.from(o.appKey, 'utf8'), Buffer.from(o.rawBody)]))
    .digest('hex');
}

/**
 * Whether a webhook came from TikTok: its header against the signature of the raw bytes as
 * received (re-serialized JSON would not match), compared in constant time. There is no "Bearer".
 */
export function verifyWebhookSignature(o: {
  appKey: string;
  appSecret: string;
  rawBody: Buffer | string;
  authorization: string | undefined;
}): boolean {
  if (!o.authorization) return false;
  const expected = Buffer.from(webhookSignature(o), 'utf8');
  const sent = Buffer.from(o.authorization.trim(), 'utf8');
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}
