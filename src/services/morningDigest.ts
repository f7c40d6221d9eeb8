import { DateTime } from 'luxon';
import {
  DEFAULT_AT_RISK_HOURS,
  LATE_DISPATCH_PENALTY,
  LATE_DISPATCH_WARNING,
} from '../domain/dispatch/dispatchStatus.ts';
import { connectedStorefrontsOf, syncFailuresSince } from '../store/digestQueries.ts';
import { type BoardRow, boardPage } from '../store/dispatchBoard.ts';
import { awaitingStock, deadlineCounts, lateDispatchRates, shipToday } from '../store/dispatchFigures.ts';
import type { Store } from '../store/openDatabase.ts';
import { listWarehouses } from '../store/settings.ts';
import { type StockRow, stockPage } from '../store/stockReport.ts';
import { NotFound } from './lookups.ts';
import { tiktokOutboxHealth } from './tiktokOutboxHealth.ts';

/**
 * The morning digest of one warehouse (issue 12, part 4): what its team must know before the day
 * starts, as data. Every figure is the one the dashboard shows, from the same store queries: what
 * must ship today (the queue due by the next carrier pickup, as `dueToday` defines it), late and
 * at-risk orders by their operational deadline [P11], orders waiting for stock, the late-dispatch
 * rate against the platform's 4% and 10% lines [P11][P15], low-stock SKUs by days of cover [P14],
 * and the connector failures of the last day. Each part carries a link into the dashboard.
 *
 * Rendering (per channel kind and language) is src/channels/digest/; this is what they render.
 */

/** Orders listed per part; the counts are always the whole. */
export const DIGEST_LIST = 10;
/** Connector failures listed; the count is the whole day's. */
const SYNC_LIST = 5;
const DAY_MS = 86_400_000;

export interface DigestOrder {
  externalId: string;
  storefront: string;
  state: BoardRow['state'];
  dueBy: BoardRow['dueBy'];
  shortfalls: BoardRow['shortfalls'];
}

export interface DigestRate {
  days: number;
  due: number;
  late: number;
  rate: number | null;
  level: 'ok' | 'warning' | 'penalty' | 'none';
}

export interface DigestLowStock {
  sku: string;
  title: string;
  available: number;
  inbound: number;
  /** Null when the SKU did not sell in the window: no pace, no end in sight. */
  daysOfCover: number | null;
  leadTimeDays: number;
}

/** Where a connector failure came from, read from its alert's subject. */
export type SyncSource = 'stock' | 'tracking' | 'unknown_sku' | 'drift' | 'other';

export interface DigestSyncFailure {
  source: SyncSource;
  severity: 'info' | 'warning' | 'critical';
  state: 'open' | 'acknowledged' | 'resolved';
  /** The alert's own text (English, with the marketplace's error as it came). */
  message: string;
  at: string;
}

export interface MorningDigest {
  warehouse: { code: string; name: string; timeZone: string };
  /** The instant the digest describes, UTC. */
  at: string;
  /** The warehouse's local date at `at`. */
  day: string;
  /** The dashboard's Overview. */
  link: string;
  /** The queue due by the next pickup; its late and at-risk orders are listed under `deadlines`. */
  shipToday: { count: number; nextPickup: string; link: string };
  deadlines: { late: number; atRisk: number; atRiskHours: number; orders: DigestOrder[]; link: string };
  awaitingStock: { orders: number; units: number; late: number; list: DigestOrder[]; link: string };
  lateDispatch: { windows: DigestRate[]; warning: number; limit: number; link: string };
  lowStock: { total: number; items: DigestLowStock[]; link: string };
  syncErrors: {
    since: string;
    total: number;
    items: DigestSyncFailure[];
    /** Per connected storefront the warehouse serves: figures TikTok has not taken yet. */
    outbox: { storefront: string; stockFailed: number; trackingRefused: number }[];
    link: string;
  };
}

export interface DigestRequest {
  organizationId: string;
  warehouse: string;
  now: Date;
  /** The dashboard's address as people reach it (PUENTE_PUBLIC_URL), without a trailing slash. */
  baseUrl: string;
}

/**
 * The board's page (deadline, then a random id), shown deadline first and then by the order's own
 * number: orders due at the same truck read in a stable order.
 */
const inReadingOrder = (rows: BoardRow[]) =>
  [...rows].sort(
    (a, b) =>
      (a.dueBy ? Date.parse(a.dueBy.at) : Number.POSITIVE_INFINITY) -
        (b.dueBy ? Date.parse(b.dueBy.at) : Number.POSITIVE_INFINITY) ||
      a.externalId.localeCompare(b.externalId),
  );

const digestOrder = (r: BoardRow): DigestOrder => ({
  externalId: r.externalId,
  storefront: r.storefront,
  state: r.state,
  dueBy: r.dueBy,
  shortfalls: r.shortfalls,
});

function syncSource(subject: string): SyncSource {
  const prefix = subject.split(':')[0];
  if (prefix === 'tiktok-stock') return 'stock';
  if (prefix === 'tiktok-tracking') return 'tracking';
  if (prefix === 'tiktok-sku') return 'unknown_sku';
  if (prefix === 'tiktok-drift') return 'drift';
  return 'other';
}

/** Every low-stock SKU of the warehouse, live at `now` (the Inventory page's "low only" filter). */
async function lowStockOf(store: Store, org: string, warehouseId: string, now: Date): Promise<StockRow[]> {
  const rows: StockRow[] = [];
  let after: [string, string] | null = null;
  for (;;) {
    const page = await stockPage(store, org, now, { warehouseId, low: true, after, limit: 500 });
    rows.push(...page);
    const last = page.at(-1);
    if (page.length < 500 || !last) return rows;
    after = [last.sku, last.warehouse];
  }
}

export async function morningDigest(store: Store, r: DigestRequest): Promise<MorningDigest> {
  const [w] = await listWarehouses(store, r.organizationId, r.warehouse);
  if (!w) throw new NotFound({ key: 'no_warehouse', params: { code: r.warehouse } });
  const org = r.organizationId;
  const { now } = r;
  const code = encodeURIComponent(w.code);
  const link = (path: string) => `${r.baseUrl}${path}`;
  const since = new Date(now.getTime() - DAY_MS).toISOString();

  const [today, deadlines, waiting, rates, low, failures, connected] = await Promise.all([
    shipToday(store, org, now),
    deadlineCounts(store, org, now, DEFAULT_AT_RISK_HOURS, w.id),
    awaitingStock(store, org, now, w.id),
    lateDispatchRates(store, org, now),
    lowStockOf(store, org, w.id, now),
    syncFailuresSince(store, org, since, SYNC_LIST),
    connectedStorefrontsOf(store, org, w.id),
  ]);
  const mine = today.find((t) => t.warehouse === w.code);
  if (!mine) throw new NotFound({ key: 'no_warehouse', params: { code: r.warehouse } });
  // The board's order, deadline first.
  const [urgentList, waitingList, outbox] = await Promise.all([
    boardPage(store, org, now, {
      warehouseId: w.id,
      status: 'reserved',
      dueBefore: new Date(now.getTime() + DEFAULT_AT_RISK_HOURS * 3_600_000),
      after: null,
      limit: DIGEST_LIST,
    }),
    boardPage(store, org, now, {
      warehouseId: w.id,
      status: 'awaiting_stock',
      after: null,
      limit: DIGEST_LIST,
    }),
    Promise.all(
      connected.map(async (c) => {
        const h = await tiktokOutboxHealth(store, c.storefrontId);
        return { storefront: c.code, stockFailed: h.stock.failed, trackingRefused: h.tracking.refused };
      }),
    ),
  ]);
  const lows = [...low].sort(
    (a, b) => a.daysOfCover - b.daysOfCover || a.available - b.available || a.sku.localeCompare(b.sku),
  );

  return {
    warehouse: { code: w.code, name: w.name, timeZone: w.time_zone },
    at: now.toISOString(),
    day: DateTime.fromJSDate(now, { zone: w.time_zone }).toISODate() as string,
    link: link('/'),
    shipToday: {
      count: mine.count,
      nextPickup: mine.nextPickup,
      link: link(`/orders?warehouse=${code}`),
    },
    deadlines: {
      late: deadlines.late,
      atRisk: deadlines.atRisk,
      atRiskHours: DEFAULT_AT_RISK_HOURS,
      orders: inReadingOrder(urgentList).map(digestOrder),
      link: link(`/orders?warehouse=${code}&status=reserved`),
    },
    awaitingStock: {
      ...waiting,
      list: inReadingOrder(waitingList).map(digestOrder),
      link: link(`/orders?warehouse=${code}&status=awaiting_stock`),
    },
    lateDispatch: {
      windows: rates
        .filter((x) => x.by === 'warehouse' && x.code === w.code)
        .map((x) => ({ days: x.days, due: x.due, late: x.late, rate: x.rate, level: x.level })),
      warning: LATE_DISPATCH_WARNING,
      limit: LATE_DISPATCH_PENALTY,
      link: link('/'),
    },
    lowStock: {
      total: lows.length,
      items: lows.slice(0, DIGEST_LIST).map((s) => ({
        sku: s.sku,
        title: s.title,
        available: s.available,
        inbound: s.inbound,
        daysOfCover: Number.isFinite(s.daysOfCover) ? s.daysOfCover : null,
        leadTimeDays: s.leadTimeDays,
      })),
      link: link('/inventory?low=1'),
    },
    syncErrors: {
      since,
      total: failures.total,
      items: failures.rows.map((f) => ({
        source: syncSource(f.subject),
        severity: f.severity,
        state: f.state,
        message: f.message,
        at: f.updated_at,
      })),
      outbox: outbox.filter((o) => o.stockFailed > 0 || o.trackingRefused > 0),
      link: link('/alerts?kind=sync_failure'),
    },
  };
}
