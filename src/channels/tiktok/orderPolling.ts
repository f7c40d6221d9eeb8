import type { TikTokClient } from './client.ts';
import { searchOrders, type TikTokOrder } from './tiktokApi.ts';

/**
 * Which orders to ask TikTok for, and the pages of the answer (issue 11, "Polling"; reference §4).
 *
 * Each poll reads the orders updated in [from, to), oldest update first, 100 a page. `to` is now;
 * `from` is the stored watermark (where the last complete poll ended) less an overlap, because an
 * order updated in the last seconds before a poll may be indexed by TikTok only after it: reading
 * those minutes twice costs little, since applying an order is idempotent, and missing one costs an
 * oversell. `--since` widens a run's window; it never narrows it. The caller moves the watermark to
 * `to` only after every page was applied, and never backwards (tiktokConnections.ts).
 */

export interface PollWindow {
  /** Unix seconds, inclusive. */
  from: number;
  /** Unix seconds, exclusive. */
  to: number;
}

/** Minutes read again at the start of each window. */
export const WATERMARK_OVERLAP_SECONDS = 10 * 60;
/** A connection's first poll reaches this far back. */
export const FIRST_POLL_SECONDS = 30 * 86_400;

export function pollWindow(o: {
  watermark: Date | null;
  now: Date;
  since?: Date | undefined;
  overlapSeconds?: number;
  firstPollSeconds?: number;
}): PollWindow {
  const to = Math.floor(o.now.getTime() / 1000);
  const fromWatermark = o.watermark
    ? Math.floor(o.watermark.getTime() / 1000) - (o.overlapSeconds ?? WATERMARK_OVERLAP_SECONDS)
    : to - (o.firstPollSeconds ?? FIRST_POLL_SECONDS);
  const fromSince = o.since ? Math.floor(o.since.getTime() / 1000) : Number.POSITIVE_INFINITY;
  return { from: Math.min(fromWatermark, fromSince, to), to };
}

/** The pages of orders updated in the window, in TikTok's order, each page as it arrives. */
export async function* orderPages(
  client: TikTokClient,
  window: PollWindow,
  pageSize = 100,
): AsyncGenerator<TikTokOrder[]> {
  let pageToken: string | null = null;
  do {
    const page = await searchOrders(client, {
      updateTimeGe: window.from,
      updateTimeLt: window.to,
      pageToken,
      pageSize,
    });
    yield page.orders;
    pageToken = page.nextPageToken;
  } while (pageToken);
}
