import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { TikTokError } from './errors.ts';

/**
 * How calls are retried: throttling and TikTok's internal errors with exponential backoff and
 * jitter (cockatiel's decorrelated jitter, the AWS "exponential backoff and jitter" scheme the
 * reference recommends), at most `attempts` tries, each wait capped at 30 s. Tests lower the base
 * delay; nothing else changes.
 */
export interface RetrySettings {
  /** Tries in all, the first included (at least 5 by default: the contract). */
  attempts: number;
  /** The first wait before jitter, ms. */
  baseDelayMs: number;
  /** No wait is longer than this, ms. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { attempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

export function retryPolicy(settings: Partial<RetrySettings> = {}, onRetry?: (delayMs: number) => void) {
  const s = { ...DEFAULT_RETRY, ...settings };
  const policy = retry(
    handleWhen((e) => e instanceof TikTokError && e.retryable),
    {
      maxAttempts: Math.max(0, s.attempts - 1),
      backoff: new ExponentialBackoff({ initialDelay: Math.max(1, s.baseDelayMs), maxDelay: s.maxDelayMs }),
    },
  );
  if (onRetry) policy.onRetry(({ delay }) => onRetry(delay));
  return policy;
}
