/**
 * Retrying a delivery the receiver could not take (5xx, 429, a timeout): 30 s, 1 min, 2 min… up
 * to an hour apart, then given up after MAX_ATTEMPTS with status `failed` and the last error.
 */
export const MAX_ATTEMPTS = 6;

export function retryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** How an attempt went, as the sender saw it. */
export type SendOutcome =
  | { ok: true }
  | { ok: false; retry: boolean; error: string; retryAfterMs?: number | undefined };

/** HTTP answers worth trying again: rate limited, or the receiver's fault. */
export const retryableStatus = (status: number) => status === 429 || status === 408 || status >= 500;
