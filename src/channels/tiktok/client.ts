import { noAnswer, readEnvelope } from './envelope.ts';
import { TikTokError, TOKEN_EXPIRED } from './errors.ts';
import { apiOf, type RateLimiter, sharedLimiter } from './rateLimiter.ts';
import { type RetrySettings, retryPolicy } from './retryPolicy.ts';
import { type QueryParams, signedParams, signRequest } from './sign.ts';

/**
 * One TikTok Shop API call, done right (reference §1–§3): signed, with the access token in the
 * `x-tts-access-token` header and the shop's cipher on shop-scoped paths; paced per (app, shop,
 * API); throttling and internal errors retried with backoff and jitter; an expired token (105002)
 * refreshed once and the call tried again; any other refusal (106001, 36009004 …) thrown at once as
 * a TikTokError. Typed endpoints are in tiktokApi.ts.
 */

/** Where the access token comes from: the connection's store, which refreshes it once across servers. */
export interface TokenSource {
  accessToken(): Promise<string>;
  /** Called when TikTok said `refused` expired (105002); answers a fresh token. */
  refresh(refused: string): Promise<string>;
}

/** What a caller counts: calls made (retries included) and retries. */
export interface CallStats {
  calls: number;
  retries: number;
  refreshes: number;
}

export interface ClientOptions {
  apiBase: string;
  appKey: string;
  appSecret: string;
  tokens: TokenSource;
  /** The shop's cipher, sent on shop-scoped calls; absent for a client that only lists shops. */
  shopCipher?: string | undefined;
  retry?: Partial<RetrySettings>;
  limiter?: RateLimiter;
  fetch?: typeof fetch;
  now?: () => Date;
  timeoutMs?: number;
}

export interface CallOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Seller-level paths (/authorization/*, /seller/* …) must not carry shop_cipher (36009004). */
  sellerLevel?: boolean;
}

export class TikTokClient {
  readonly stats: CallStats = { calls: 0, retries: 0, refreshes: 0 };
  private readonly limiter: RateLimiter;

  constructor(private readonly o: ClientOptions) {
    this.limiter = o.limiter ?? sharedLimiter;
  }

  /** `data` of a successful call to `method path`. */
  async call<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    c: CallOptions = {},
  ): Promise<T> {
    const policy = retryPolicy(this.o.retry, () => this.stats.retries++);
    let refreshed = false;
    return policy.execute(async () => {
      const token = await this.o.tokens.accessToken();
      try {
        return (await this.send(method, path, c, token)) as T;
      } catch (error) {
        if (!(error instanceof TikTokError) || error.code !== TOKEN_EXPIRED || refreshed) throw error;
        refreshed = true;
        this.stats.refreshes++;
        return (await this.send(method, path, c, await this.o.tokens.refresh(token))) as T;
      }
    });
  }

  private async send(method: string, path: string, c: CallOptions, token: string): Promise<unknown> {
    const query: QueryParams = { app_key: this.o.appKey };
    for (const [k, v] of Object.entries(c.query ?? {})) if (v !== undefined) query[k] = String(v);
    if (!c.sellerLevel) {
      if (!this.o.shopCipher) throw new Error(`${path} is shop-scoped: this client has no shop cipher`);
      query.shop_cipher = this.o.shopCipher;
    }
    // The body is serialized once: the signed string is the string sent (§2 step 5). No `{}` bodies.
    const body = c.body === undefined ? undefined : JSON.stringify(c.body);
    const key = `${this.o.appKey}:${this.o.shopCipher ?? 'seller'}:${method} ${apiOf(path)}`;
    return this.limiter.schedule(key, async () => {
      query.timestamp = String(Math.floor((this.o.now?.() ?? new Date()).getTime() / 1000));
      const sign = signRequest({ appSecret: this.o.appSecret, path, query, body });
      const url = new URL(this.o.apiBase + path);
      for (const [k, v] of signedParams(query)) url.searchParams.set(k, v);
      url.searchParams.set('sign', sign);
      this.stats.calls++;
      let response: Response;
      try {
        response = await (this.o.fetch ?? fetch)(url, {
          method,
          headers: { 'content-type': 'application/json', 'x-tts-access-token': token },
          body,
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000),
        });
      } catch (error) {
        throw noAnswer(error, path);
      }
      return (await readEnvelope(response, path)).data;
    });
  }
}
