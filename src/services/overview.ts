import {
  DEFAULT_AT_RISK_HOURS,
  LATE_DISPATCH_PENALTY,
  LATE_DISPATCH_WARNING,
} from '../domain/dispatch/dispatchStatus.ts';
import {
  awaitingStock,
  deadlineCounts,
  lateDispatchRates,
  lowStockQuery,
  openOversellAlerts,
  shipToday,
} from '../store/dispatchFigures.ts';
import type { Store } from '../store/openDatabase.ts';
import { waitingExposure } from '../store/waitingOrders.ts';

const LOW_STOCK_SHOWN = 20;

/**
 * The morning screen's figures, each an SQL aggregate over one index: what ships today per
 * warehouse (due by its next pickup), at-risk and late orders by their operational deadline, orders
 * waiting for stock and, per storefront, the deadlines they put at risk [P11], the late-dispatch rate over 7 and 30 days per storefront and warehouse against
 * the platform's lines [P11], open oversell alerts and the SKUs the alert scan found low [P14][P15].
 */
export async function dispatchOverview(store: Store, organizationId: string, now: Date) {
  const [today, deadlines, waiting, exposure, rates, oversell, low] = await Promise.all([
    shipToday(store, organizationId, now),
    deadlineCounts(store, organizationId, now, DEFAULT_AT_RISK_HOURS),
    awaitingStock(store, organizationId, now),
    waitingExposure(store, organizationId, now),
    lateDispatchRates(store, organizationId, now),
    openOversellAlerts(store, organizationId),
    lowStockQuery(store.db, organizationId, LOW_STOCK_SHOWN).execute(),
  ]);
  const rateView = (r: (typeof rates)[number]) => ({
    days: r.days,
    late: r.late,
    total: r.due,
    rate: r.rate,
    level: r.level,
  });
  return {
    now: now.toISOString(),
    shipToday: today,
    atRisk: deadlines.atRisk,
    late: deadlines.late,
    awaitingStock: waiting,
    waitingExposure: exposure,
    lateDispatch: rates
      .filter((r) => r.by === 'storefront')
      .map((r) => ({ storefront: r.code, ...rateView(r) })),
    lateDispatchByWarehouse: rates
      .filter((r) => r.by === 'warehouse')
      .map((r) => ({ warehouse: r.code, ...rateView(r) })),
    thresholds: { warning: LATE_DISPATCH_WARNING, limit: LATE_DISPATCH_PENALTY },
    openOversellAlerts: oversell,
    lowStock: low.map((a) => {
      const d = JSON.parse(a.data) as {
        sku: string;
        warehouse: string;
        available: number;
        daysOfCover: number | null;
        leadTimeDays: number;
      };
      return {
        sku: d.sku,
        warehouse: d.warehouse,
        available: d.available,
        // JSON has no Infinity: a SKU that did not sell is stored as null.
        daysOfCover: typeof d.daysOfCover === 'number' ? d.daysOfCover : null,
        leadTimeDays: d.leadTimeDays,
      };
    }),
  };
}
