import PQueue from 'p-queue';

/**
 * TikTok's default limit is 50 requests per second per API, per (app, shop) pair (reference §3).
 * One queue per such key paces the calls: a sync that pushes thousands of SKUs waits its turn here
 * instead of collecting 429s. Shared by every client of a process (`sharedLimiter`).
 */
export const DEFAULT_QPS = 50;

export class RateLimiter {
  private readonly queues = new Map<string, PQueue>();
  /** Milliseconds calls spent waiting for their turn, summed: the benchmark reports the share. */
  waitedMs = 0;

  constructor(private readonly qps = DEFAULT_QPS) {}

  schedule<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(key);
    if (!queue) {
      // One start per 1/qps s, not qps starts per fixed second: two fixed windows back to back let
      // 2×qps through within one second, which a sliding-window limit at TikTok would refuse.
      queue = new PQueue({ intervalCap: 1, interval: Math.ceil(1000 / this.qps) });
      this.queues.set(key, queue);
    }
    const queued = Date.now();
    return queue.add(
      () => {
        this.waitedMs += Date.now() - queued;
        return fn();
      },
      { throwOnTimeout: true },
    );
  }
}

export const sharedLimiter = new RateLimiter();

/** The API a path calls, for its rate limit: ids in the path do not make another API. */
export function apiOf(path: string): string {
  return path.replace(/\/\d+(?=\/|$)/g, '/{id}');
}
