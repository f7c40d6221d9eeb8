import { LATE_DISPATCH_PENALTY, LATE_DISPATCH_WARNING } from '../domain/dispatch/dispatchStatus.ts';
import { dueToday, type QueuedOrder } from '../domain/dispatch/dueToday.ts';
import { warehouseClock } from '../domain/dispatch/operationalDeadline.ts';
import { lateDispatchRates, openOrders, openOversellAlerts, stockReport } from '../store/monitor.ts';
import type { Store } from '../store/openDatabase.ts';
import { listWarehouses } from '../store/settings.ts';

const LOW_STOCK_SHOWN = 20;

/**
 * The morning screen's figures: what ships today per warehouse (due by its next pickup, `dueToday`), at-risk and late orders, the
 * late-dispatch rate over 7 and 30 days per storefront against the platform's lines [P11], open
 * oversell alerts and the SKUs whose cover is shorter than their restock lead time [P14][P15].
 */
export async function dispatchOverview(store: Store, organizationId: string, now: Date) {
  const [open, warehouses, rates7, rates30, oversell, stock] = await Promise.all([
    openOrders(store, organizationId, now, { limit: 100_000 }),
    listWarehouses(store, organizationId),
    lateDispatchRates(store, organizationId, now, 7),
    lateDispatchRates(store, organizationId, now, 30),
    openOversellAlerts(store, organizationId),
    stockReport(store, organizationId, now),
  ]);
  return {
    now: now.toISOString(),
    shipToday: dueToday(
      open.map((o) => ({
        status: o.status as QueuedOrder['status'],
        warehouseId: o.warehouseId,
        operationalBy: o.operationalBy,
      })),
      warehouses.map((w) => ({ id: w.id, code: w.code, clock: warehouseClock(w) })),
      now,
    ),
    atRisk: open.filter((o) => o.state === 'at_risk').length,
    late: open.filter((o) => o.state === 'late').length,
    lateDispatch: [...rates7, ...rates30]
      .filter((r) => r.by === 'storefront')
      .map((r) => ({
        storefront: r.code,
        days: r.days,
        late: r.late,
        total: r.due,
        rate: r.rate,
        level: r.level,
      })),
    thresholds: { warning: LATE_DISPATCH_WARNING, limit: LATE_DISPATCH_PENALTY },
    openOversellAlerts: oversell,
    lowStock: stock
      .filter((s) => s.low)
      .sort((a, b) => a.daysOfCover - b.daysOfCover)
      .slice(0, LOW_STOCK_SHOWN)
      .map((s) => ({
        sku: s.sku,
        warehouse: s.warehouse,
        available: s.available,
        daysOfCover: Number.isFinite(s.daysOfCover) ? s.daysOfCover : null,
        leadTimeDays: s.leadTimeDays,
      })),
  };
}
