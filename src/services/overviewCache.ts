import type { Store } from '../store/openDatabase.ts';
import { dispatchOverview } from './overview.ts';

/**
 * The overview, recomputed at most once every few seconds per organization and shared by every
 * request of the process: all open tabs, their refetches after live events, and every user of the
 * organization. A request that arrives while a recompute runs waits for that one instead of starting
 * another. Each figure is exact at `computedAt`, which the answer states; nothing older than
 * `everyMs` (RECOMPUTE_EVERY_MS unless the server is told otherwise) is served.
 */

export const RECOMPUTE_EVERY_MS = 5_000;

type Overview = Awaited<ReturnType<typeof dispatchOverview>> & { computedAt: string };

interface Slot {
  /** When the recompute in `value` started: its figures are as of then. */
  startedAt: number;
  value: Promise<Overview>;
  running: boolean;
}

const slots = new WeakMap<Store, Map<string, Slot>>();

export function coalescedOverview(
  store: Store,
  organizationId: string,
  everyMs = RECOMPUTE_EVERY_MS,
  clock: () => number = Date.now,
): Promise<Overview> {
  let byOrg = slots.get(store);
  if (!byOrg) {
    byOrg = new Map();
    slots.set(store, byOrg);
  }
  const at = clock();
  const slot = byOrg.get(organizationId);
  // A recompute still running is shared however long it takes: never two at once.
  if (slot && (slot.running || at - slot.startedAt < everyMs)) return slot.value;
  const now = new Date(at);
  const value = dispatchOverview(store, organizationId, now).then((o) => ({
    ...o,
    computedAt: now.toISOString(),
  }));
  const fresh: Slot = { startedAt: at, value, running: true };
  byOrg.set(organizationId, fresh);
  value.then(
    () => {
      fresh.running = false;
    },
    // A failed recompute is not shared: the next request tries again.
    () => {
      if (byOrg.get(organizationId) === fresh) byOrg.delete(organizationId);
    },
  );
  return value;
}
