import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { refreshAccessToken } from '../channels/tiktok/auth.ts';
import { TikTokClient, type TokenSource } from '../channels/tiktok/client.ts';
import type { RateLimiter } from '../channels/tiktok/rateLimiter.ts';
import type { RetrySettings } from '../channels/tiktok/retryPolicy.ts';
import { releaseLease, takeLease } from '../store/leases.ts';
import type { Store } from '../store/openDatabase.ts';
import { connectionOf, storeRefreshedTokens, type TikTokConnectionRow } from '../store/tiktokConnections.ts';
import { Refused } from './refused.ts';
import type { SecretBox } from './security/secrets.ts';

/**
 * A TikTok client for a connected storefront, with its tokens in the database.
 *
 * The refresh token may rotate (reference §10.4): if two servers refreshed with the same one, the
 * second would be refused and, worse, could overwrite the good pair. So a refresh runs under a
 * database lease per connection: one server refreshes, the others wait for the lease to be free
 * and then find the new token already stored. The new access and refresh tokens are written in one
 * statement, guarded by the token version the refresh started from. The HTTP call is made outside
 * any transaction. What no lock can cover: a server that dies between TikTok's answer and the
 * write loses the rotated refresh token, and the seller must connect again.
 */

export interface TikTokDeps {
  secrets: SecretBox;
  fetch?: typeof fetch;
  retry?: Partial<RetrySettings>;
  limiter?: RateLimiter;
  now?: () => Date;
}

/** Refresh this long before the access token runs out (TikTok: 7-day tokens). */
export const REFRESH_AHEAD_MS = 60 * 60_000;
/** Longer than a refresh call may take (its timeout is 15 s), so a live holder keeps the lease. */
const REFRESH_LEASE_MS = 30_000;

export class StoredTokens implements TokenSource {
  private readonly holder = randomUUID();

  constructor(
    private readonly store: Store,
    private readonly deps: TikTokDeps,
    private readonly storefrontId: string,
    /** Called each time this refresh finds another one running (tests force the interleaving with it). */
    private readonly onWait?: () => void,
  ) {}

  private now = () => this.deps.now?.() ?? new Date();

  private async row(): Promise<TikTokConnectionRow> {
    const row = await connectionOf(this.store, this.storefrontId);
    if (!row)
      throw new Refused('not_found', { key: 'no_tiktok_connection', params: { code: this.storefrontId } });
    return row;
  }

  async accessToken(): Promise<string> {
    const row = await this.row();
    const token = this.deps.secrets.open(row.access_token);
    if (Date.parse(row.access_expires_at) - this.now().getTime() > REFRESH_AHEAD_MS) return token;
    return this.refresh(token);
  }

  /** A fresh access token in place of `stale`: refreshed here, or by whoever got there first. */
  async refresh(stale: string): Promise<string> {
    const name = `tiktok-token:${this.storefrontId}`;
    const giveUpAt = Date.now() + 2 * REFRESH_LEASE_MS;
    for (;;) {
      const row = await this.row();
      const current = this.deps.secrets.open(row.access_token);
      if (current !== stale) return current;
      if (await takeLease(this.store, name, this.holder, REFRESH_LEASE_MS)) {
        try {
          return await this.refreshHolding(stale);
        } finally {
          await releaseLease(this.store, name, this.holder);
        }
      }
      if (Date.now() > giveUpAt) throw new Error('the TikTok token refresh of another server did not finish');
      this.onWait?.();
      await delay(50);
    }
  }

  private async refreshHolding(stale: string): Promise<string> {
    // Read again under the lease: a refresh that finished between our read and the lease counts.
    const row = await this.row();
    const current = this.deps.secrets.open(row.access_token);
    if (current !== stale) return current;
    const { secrets } = this.deps;
    const grant = await refreshAccessToken(
      {
        authBase: row.auth_base,
        appKey: row.app_key,
        appSecret: secrets.open(row.app_secret),
        fetch: this.deps.fetch,
        retry: this.deps.retry,
      },
      secrets.open(row.refresh_token),
    );
    const stored = await storeRefreshedTokens(this.store, this.storefrontId, row.token_version, {
      sealedAccessToken: secrets.seal(grant.accessToken),
      accessExpiresAt: grant.accessExpiresAt,
      sealedRefreshToken: secrets.seal(grant.refreshToken),
      refreshExpiresAt: grant.refreshExpiresAt,
    });
    // Not stored: a reconnect replaced the tokens meanwhile; those are the ones to use.
    return stored ? grant.accessToken : secrets.open((await this.row()).access_token);
  }
}

/** The client of a connected storefront, and its connection row. */
export async function tiktokClientFor(
  store: Store,
  deps: TikTokDeps,
  storefrontId: string,
  onWait?: () => void,
): Promise<{ client: TikTokClient; connection: TikTokConnectionRow; tokens: StoredTokens }> {
  const connection = await connectionOf(store, storefrontId);
  if (!connection)
    throw new Refused('not_found', { key: 'no_tiktok_connection', params: { code: storefrontId } });
  const tokens = new StoredTokens(store, deps, storefrontId, onWait);
  const client = new TikTokClient({
    apiBase: connection.api_base,
    appKey: connection.app_key,
    appSecret: deps.secrets.open(connection.app_secret),
    shopCipher: connection.shop_cipher,
    tokens,
    retry: deps.retry,
    limiter: deps.limiter,
    fetch: deps.fetch,
    now: deps.now,
  });
  return { client, connection, tokens };
}
