import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { organizationIds } from '../store/entities.ts';
import { releaseLease, takeLease } from '../store/leases.ts';
import type { Store } from '../store/openDatabase.ts';
import { connectedStorefronts } from '../store/tiktokConnections.ts';
import { fairOrganizations, type PeriodicJob } from './periodicJobs.ts';
import { applyTikTokOrders, emptyApplySummary, reapplyStoredOrders } from './tiktokOrderApply.ts';
import { pullTikTokOrders } from './tiktokOrderPull.ts';
import { reconcileIfDue } from './tiktokReconcile.ts';
import type { TikTokDeps } from './tiktokSession.ts';
import { pushTikTokStock, type SkippedStock } from './tiktokStockPush.ts';
import { CycleHealth, syncErrorOf } from './tiktokSyncHealth.ts';
import { sendPendingTracking } from './tiktokTracking.ts';

/**
 * One TikTok Shop sync cycle for an organization's connected storefronts (issue 11, "Operate it"):
 * every storefront's orders pulled and applied (tiktokOrderApply.ts), parked orders whose SKUs now
 * exist taken in, then, storefront by storefront, the stock push, tracking and reconciliation of
 * `SyncSteps`. `puente tiktok sync --once` and
 * the server's schedule run this same function; the lease `tiktok-sync` keeps it to one at a time
 * across servers and the command line.
 */

/** Something a cycle did not do: an unmapped warehouse, an order that failed, a step that failed. */
export interface SyncSkip {
  storefront: string;
  step: 'orders' | 'stock' | 'tracking' | 'reconcile';
  /** What was skipped, when it is one thing: a TikTok order id, a warehouse, a SKU. */
  subject?: string;
  reason: string;
  /** Failed for good in this cycle (the command exits 1), rather than left aside by design. */
  failed: boolean;
}

/** The summary `puente tiktok sync --format json` prints: the issue's contract, key for key. */
export interface SyncSummary {
  orders: { new: number; updated: number; cancelled: number; parked: number };
  stock: { pushed: number; failed: number };
  tracking: { sent: number; failed: number };
  calls: number;
  retries: number;
  skipped: SyncSkip[];
}

/** What one of the outbound steps reports for a storefront. */
export interface StepReport {
  done: number;
  failed: number;
  calls: number;
  retries: number;
  skipped: SyncSkip[];
}

export interface SyncTarget {
  organizationId: string;
  storefrontId: string;
  code: string;
}

/**
 * The outbound parts of a cycle, run after the orders of each storefront: the published-quantity
 * push, tracking numbers out, and reconciliation when it is due (tiktokStockPush.ts and
 * tiktokTracking.ts, written beside this; they are wired in `syncSteps` below when merged). A step
 * left out is not run and counts nothing.
 */
export interface SyncSteps {
  pushStock?: (store: Store, deps: TikTokDeps, target: SyncTarget) => Promise<StepReport>;
  sendTracking?: (store: Store, deps: TikTokDeps, target: SyncTarget) => Promise<StepReport>;
  reconcileIfDue?: (store: Store, deps: TikTokDeps, target: SyncTarget) => Promise<StepReport>;
}

/** A stock figure the push left aside, in the summary's words: by design, not a failure. */
function stockSkip(code: string, k: SkippedStock): SyncSkip {
  switch (k.reason) {
    case 'not_on_tiktok':
      return {
        storefront: code,
        step: 'stock',
        subject: k.sku,
        reason: 'not listed on TikTok Shop',
        failed: false,
      };
    case 'unmapped_warehouse':
      return {
        storefront: code,
        step: 'stock',
        subject: k.tiktokWarehouse,
        reason: `TikTok warehouse ${k.name ?? k.tiktokWarehouse} has no Puente warehouse mapped (puente tiktok warehouses --map): ${k.skus} SKU(s) left as TikTok shows them`,
        failed: false,
      };
    case 'short_of_published':
      return {
        storefront: code,
        step: 'stock',
        subject: k.sku,
        reason: `TikTok assigns it to fewer warehouses than the storefront draws on: ${k.pushed} pushed of ${k.published} published`,
        failed: false,
      };
  }
}

/** The steps every cycle runs after the orders: stock out, tracking out, reconciliation when due. */
export const syncSteps: SyncSteps = {
  async pushStock(store, deps, target) {
    const r = await pushTikTokStock(store, deps, { storefrontId: target.storefrontId });
    // SKUs TikTok does not list are one line, not one each: a shop lists a part of the catalog.
    const unlisted = r.skipped.flatMap((k) => (k.reason === 'not_on_tiktok' ? [k.sku] : []));
    const skipped = r.skipped
      .filter((k) => k.reason !== 'not_on_tiktok')
      .map((k) => stockSkip(target.code, k));
    // A figure TikTok did not take is not applied: named, and the command exits 1. It stays
    // pending, so the next cycle sends it again.
    for (const f of r.failures)
      skipped.push({ storefront: target.code, step: 'stock', subject: f.sku, reason: f.error, failed: true });
    if (unlisted.length)
      skipped.unshift({
        storefront: target.code,
        step: 'stock',
        reason: `${unlisted.length} SKU(s) not listed on TikTok Shop, left unsent: ${unlisted.slice(0, 5).join(', ')}${unlisted.length > 5 ? ', …' : ''}`,
        failed: false,
      });
    return { done: r.pushed, failed: r.failed, calls: r.calls, retries: r.retries, skipped };
  },
  async sendTracking(store, deps, target) {
    const r = await sendPendingTracking(store, deps, { storefrontId: target.storefrontId });
    // Each order's page and a sync_failure alert say which and why; the summary counts them.
    const skipped: SyncSkip[] = r.failed
      ? [
          {
            storefront: target.code,
            step: 'tracking',
            reason: `${r.failed} tracking number(s) not taken by TikTok Shop (the orders' pages and alerts say why)`,
            failed: true,
          },
        ]
      : [];
    return { done: r.sent, failed: r.failed, calls: r.calls, retries: r.retries, skipped };
  },
  async reconcileIfDue(store, deps, target) {
    const r = await reconcileIfDue(store, deps, { storefrontId: target.storefrontId });
    if (!r) return { done: 0, failed: 0, calls: 0, retries: 0, skipped: [] };
    const drifted = new Set(r.drift.map((d) => d.sku)).size;
    const skipped: SyncSkip[] = drifted
      ? [
          {
            storefront: target.code,
            step: 'reconcile',
            reason: `${drifted} SKU(s) differed from what Puente publishes and were sent again`,
            failed: Boolean(r.repushed?.failed),
          },
        ]
      : [];
    return { done: r.checked, failed: r.repushed?.failed ?? 0, calls: r.calls, retries: r.retries, skipped };
  },
};

export const emptySyncSummary = (): SyncSummary => ({
  orders: { new: 0, updated: 0, cancelled: 0, parked: 0 },
  stock: { pushed: 0, failed: 0 },
  tracking: { sent: 0, failed: 0 },
  calls: 0,
  retries: 0,
  skipped: [],
});

/** Whether everything of the cycle was applied (else the command exits 1). */
export const syncSucceeded = (s: SyncSummary) => !s.skipped.some((k) => k.failed);

export async function runSyncCycle(
  store: Store,
  deps: TikTokDeps,
  o: {
    organizationId: string;
    /** One storefront's code; all connected ones when absent. */
    storefront?: string | undefined;
    /** Widens this run's order window back to here; the watermark never moves back. */
    since?: Date | undefined;
    actor: string;
    steps?: SyncSteps;
  },
  summary: SyncSummary = emptySyncSummary(),
): Promise<SyncSummary> {
  const steps = o.steps ?? syncSteps;
  const targets = (await connectedStorefronts(store, o.organizationId, o.storefront)).map((sf) => ({
    organizationId: o.organizationId,
    ...sf,
  }));
  // What the dashboard's health panel shows per storefront: when each part last went through, the
  // last error.
  const healthOf = new Map(targets.map((t) => [t.storefrontId, new CycleHealth()]));
  // Every storefront's orders first: storefronts draw on the same warehouses, so an order of one
  // changes what the others publish. Pushed after all orders are in, the figures a cycle leaves
  // at TikTok are the ones Puente publishes at its end, not the next cycle's.
  for (const target of targets)
    await pullOrders(store, deps, target, o, summary, healthOf.get(target.storefrontId) as CycleHealth);
  for (const target of targets) {
    const health = healthOf.get(target.storefrontId) as CycleHealth;
    const outbound = [
      ['stock', steps.pushStock],
      ['tracking', steps.sendTracking],
      ['reconcile', steps.reconcileIfDue],
    ] as const;
    for (const [step, run] of outbound) {
      if (!run) continue;
      try {
        const r = await run(store, deps, target);
        const firstFailed = r.skipped.find((k) => k.failed);
        if (r.failed && firstFailed)
          health.failed({ step, kind: 'items_failed', code: null, detail: firstFailed.reason });
        if (step === 'stock') {
          if (!r.failed || r.done) health.pushed();
          summary.stock.pushed += r.done;
          summary.stock.failed += r.failed;
        } else if (step === 'tracking') {
          summary.tracking.sent += r.done;
          summary.tracking.failed += r.failed;
        }
        summary.calls += r.calls;
        summary.retries += r.retries;
        summary.skipped.push(...r.skipped);
      } catch (e) {
        health.failed(syncErrorOf(step, e));
        summary.skipped.push({ storefront: target.code, step, reason: (e as Error).message, failed: true });
      }
    }
    await health.save(store, target.storefrontId);
  }
  return summary;
}

async function pullOrders(
  store: Store,
  deps: TikTokDeps,
  sf: SyncTarget,
  o: { since?: Date | undefined; actor: string },
  summary: SyncSummary,
  health: CycleHealth,
): Promise<void> {
  const applied = emptyApplySummary();
  const c = { storefrontId: sf.storefrontId, actor: o.actor };
  try {
    await pullTikTokOrders(store, deps, {
      storefrontId: sf.storefrontId,
      since: o.since,
      apply: async (orders) => void (await applyTikTokOrders(store, c, orders, applied)),
      incomplete: () => applied.failed.length > 0,
      onStats: (s) => {
        summary.calls += s.calls;
        summary.retries += s.retries;
      },
    });
    health.pulled();
  } catch (e) {
    health.failed(syncErrorOf('orders', e));
    summary.skipped.push({ storefront: sf.code, step: 'orders', reason: (e as Error).message, failed: true });
  }
  try {
    await reapplyStoredOrders(store, c, applied);
  } catch (e) {
    health.failed(syncErrorOf('orders', e));
    summary.skipped.push({ storefront: sf.code, step: 'orders', reason: (e as Error).message, failed: true });
  }
  summary.orders.new += applied.new;
  summary.orders.updated += applied.updated;
  summary.orders.cancelled += applied.cancelled;
  summary.orders.parked += applied.parked;
  const [firstFailed] = applied.failed;
  if (firstFailed)
    health.failed({
      step: 'orders',
      kind: 'items_failed',
      code: null,
      detail: `${firstFailed.orderId}: ${firstFailed.error}`,
    });
  for (const f of applied.failed)
    summary.skipped.push({
      storefront: sf.code,
      step: 'orders',
      subject: f.orderId,
      reason: f.error,
      failed: true,
    });
}

/** The lease the cycle runs under, on every server and the command line. */
export const SYNC_LEASE = 'tiktok-sync';
/** `sync --once` waits this long for a server's cycle to end, then runs anyway. */
export const ONCE_WAIT_MS = 30_000;

/**
 * `puente tiktok sync --once`: one cycle under the lease. If a server holds it (its cycle is
 * running), wait for it up to 30 s, then run: a cycle is idempotent, so two at once double nothing,
 * they only spend calls.
 */
export async function syncOnce(
  store: Store,
  deps: TikTokDeps,
  o: Parameters<typeof runSyncCycle>[2],
  wait: { ms?: number; onWait?: () => void } = {},
): Promise<SyncSummary> {
  const holder = randomUUID();
  const ttl = 60_000;
  const giveUpAt = Date.now() + (wait.ms ?? ONCE_WAIT_MS);
  let held = await takeLease(store, SYNC_LEASE, holder, ttl);
  while (!held && Date.now() < giveUpAt) {
    // Tests release the lease from here, to see the wait end without timing it.
    wait.onWait?.();
    await delay(250);
    held = await takeLease(store, SYNC_LEASE, holder, ttl);
  }
  const renew = held
    ? setInterval(() => void takeLease(store, SYNC_LEASE, holder, ttl).catch(() => {}), ttl / 3)
    : undefined;
  try {
    return await runSyncCycle(store, deps, o);
  } finally {
    clearInterval(renew);
    if (held) await releaseLease(store, SYNC_LEASE, holder);
  }
}

/** The period of the server's cycle: PUENTE_TIKTOK_SYNC_SECONDS, default 60. */
export function syncPeriodMs(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.PUENTE_TIKTOK_SYNC_SECONDS ?? 60);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000;
}

/** The server's cycle for every organization, once per period across servers (the job's lease). */
export const tiktokSyncJob = (
  deps: TikTokDeps,
  everyMs: number,
  log: (line: string) => void,
): PeriodicJob => ({
  name: SYNC_LEASE,
  everyMs,
  run: (() => {
    // Round-robin, one organization's failure not the others' (periodicJobs.ts).
    const each = fairOrganizations((line) => log(`tiktok sync ${line}`));
    return async (store: Store) => {
      await each(await organizationIds(store), async (organizationId) => {
        const s = await runSyncCycle(store, deps, { organizationId, actor: 'tiktok-sync' });
        for (const k of s.skipped.filter((x) => x.failed))
          log(`tiktok sync ${k.storefront} ${k.step}${k.subject ? ` ${k.subject}` : ''}: ${k.reason}`);
      });
    };
  })(),
});
