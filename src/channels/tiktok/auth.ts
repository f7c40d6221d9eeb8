import { z } from 'zod';
import { noAnswer, readEnvelope } from './envelope.ts';
import { type RetrySettings, retryPolicy } from './retryPolicy.ts';

/**
 * The token calls on the auth host (reference §1): exchange an authorization code, refresh. They
 * are not signed; app key and secret travel in the query, so URLs here are never logged.
 * `access_token_expire_in` and `refresh_token_expire_in` are absolute Unix times, not durations.
 */
const grantSchema = z.object({
  access_token: z.string().min(1),
  access_token_expire_in: z.number(),
  refresh_token: z.string().min(1),
  refresh_token_expire_in: z.number(),
  open_id: z.string().optional(),
  seller_name: z.string().optional(),
  seller_base_region: z.string().optional(),
});

export interface TokenGrant {
  accessToken: string;
  accessExpiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
  sellerName: string | null;
  sellerBaseRegion: string | null;
}

export interface AuthOptions {
  authBase: string;
  appKey: string;
  appSecret: string;
  fetch?: typeof fetch;
  retry?: Partial<RetrySettings>;
  timeoutMs?: number;
}

export function exchangeAuthCode(o: AuthOptions, authCode: string): Promise<TokenGrant> {
  return tokenCall(o, '/api/v2/token/get', { auth_code: authCode, grant_type: 'authorized_code' });
}

/** TikTok may rotate the refresh token: the grant's refresh token replaces the one sent. */
export function refreshAccessToken(o: AuthOptions, refreshToken: string): Promise<TokenGrant> {
  return tokenCall(o, '/api/v2/token/refresh', { refresh_token: refreshToken, grant_type: 'refresh_token' });
}

async function tokenCall(o: AuthOptions, path: string, params: Record<string, string>): Promise<TokenGrant> {
  const url = new URL(o.authBase + path);
  for (const [k, v] of Object.entries({ app_key: o.appKey, app_secret: o.appSecret, ...params }))
    url.searchParams.set(k, v);
  const doFetch = o.fetch ?? fetch;
  // Only answers that say "not done" (throttled, internal error) are retried: a refresh whose
  // answer was lost may have rotated the token already, and sending the old one again would fail.
  const envelope = await retryPolicy(o.retry).execute(async () => {
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw noAnswer(error, path, 'rejected');
    }
    return readEnvelope(response, path);
  });
  const g = grantSchema.parse(envelope.data);
  return {
    accessToken: g.access_token,
    accessExpiresAt: new Date(g.access_token_expire_in * 1000),
    refreshToken: g.refresh_token,
    refreshExpiresAt: new Date(g.refresh_token_expire_in * 1000),
    sellerName: g.seller_name ?? null,
    sellerBaseRegion: g.seller_base_region ?? null,
  };
}
