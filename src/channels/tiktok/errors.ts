/**
 * What went wrong talking to TikTok Shop, sorted by what to do about it (reference §3). HTTP status
 * is not reliable (429 for throttling, 401 seen for 106001), so the body's `code` decides, and the
 * status only when there is no body.
 */
export type TikTokFailure =
  /** 429 / 36009002: over the shop's QPS; back off and retry. */
  | 'throttled'
  /** 36009003 / 36009007 / 503 / no answer: TikTok's side; back off and retry. */
  | 'transient'
  /** 105002: the access token expired; refresh once and retry. */
  | 'token_expired'
  /** Anything else (106001 bad sign, 36009004, 105005 scope, 101000 …): retrying cannot help. */
  | 'rejected';

export const THROTTLED = 36009002;
export const INTERNAL_ERROR = 36009003;
export const TIMEOUT = 36009007;
export const TOKEN_EXPIRED = 105002;
export const INVALID_SIGN = 106001;

export function failureOf(code: number | null, httpStatus: number): TikTokFailure {
  if (code === THROTTLED || (code === null && httpStatus === 429)) return 'throttled';
  if (
    code === INTERNAL_ERROR ||
    code === TIMEOUT ||
    (code === null && (httpStatus >= 500 || httpStatus === 0))
  )
    return 'transient';
  if (code === TOKEN_EXPIRED) return 'token_expired';
  return 'rejected';
}

/** A call TikTok refused, or that got no usable answer. Never carries a token or secret. */
export class TikTokError extends Error {
  readonly failure: TikTokFailure;
  constructor(
    /** TikTok's code; null when there was no JSON answer (network error, HTML error page). */
    readonly code: number | null,
    message: string,
    readonly o: { httpStatus: number; requestId?: string | undefined; path: string; failure?: TikTokFailure },
  ) {
    super(`TikTok Shop ${o.path}: ${code ?? `HTTP ${o.httpStatus || 'no answer'}`} ${message}`.trim());
    this.failure = o.failure ?? failureOf(code, o.httpStatus);
  }

  /** TikTok's own words, without the path and code this error's message starts with. */
  get reason(): string {
    return this.message.replace(/^TikTok Shop \S+: (?:\d+|HTTP \S+(?: answer)?)\s*/, '') || String(this.code);
  }

  get retryable(): boolean {
    return this.failure === 'throttled' || this.failure === 'transient';
  }
}
