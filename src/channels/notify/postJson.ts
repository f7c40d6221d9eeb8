import { retryableStatus, type SendOutcome } from '../../domain/notify/retry.ts';

/** How long one attempt may take before it counts as a timeout (and is retried). */
export const SEND_TIMEOUT_MS = 10_000;
/** The longest wait a Retry-After header may ask for (the longest retry backoff, retry.ts). */
const MAX_RETRY_AFTER_MS = 3_600_000;

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const s = Number(header);
  // Capped at the longest backoff: a receiver asking for a day would leave the delivery looking stuck.
  if (Number.isFinite(s)) return Math.min(s * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - Date.now()));
}

/**
 * POSTs JSON and says how it went: 2xx is sent (then `check` may still read a refusal in the body,
 * as Feishu and WeCom answer 200 with an error code); 429, 5xx, timeouts and network errors are
 * worth retrying; other answers are not. Errors never carry the URL, which holds the bot's token.
 */
export async function postJson(
  url: string,
  body: unknown,
  o: {
    headers?: Record<string, string>;
    timeoutMs?: number;
    check?: (json: Record<string, unknown>) => SendOutcome;
  } = {},
): Promise<SendOutcome> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...o.headers },
      body: raw,
      redirect: 'error',
      signal: AbortSignal.timeout(o.timeoutMs ?? SEND_TIMEOUT_MS),
    });
  } catch (error) {
    const e = error as Error;
    const why =
      e.name === 'TimeoutError'
        ? 'timed out'
        : `could not connect (${(e.cause as Error)?.message ?? e.message})`;
    return { ok: false, retry: true, error: why };
  }
  const text = await response.text().catch(() => '');
  if (!response.ok)
    return {
      ok: false,
      retry: retryableStatus(response.status),
      error: `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    };
  if (!o.check) return { ok: true };
  try {
    return o.check(JSON.parse(text) as Record<string, unknown>);
  } catch {
    return { ok: true };
  }
}
