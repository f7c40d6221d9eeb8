/**
 * Where an order stands against its ship-by deadline [P11][P15], and the late-dispatch rate the
 * platform judges a shop by: late ÷ orders due in the window, against 4% (warning) and 10%
 * (penalties) (reference/dispatch-and-calendars.md §1.3).
 */

export type DispatchState = 'on_time' | 'at_risk' | 'late' | 'shipped_on_time' | 'shipped_late';

export const LATE_DISPATCH_WARNING = 0.04;
export const LATE_DISPATCH_PENALTY = 0.1;
export const DEFAULT_AT_RISK_HOURS = 12;

export interface OrderClock {
  shipBy: string;
  shippedAt: string | null;
}

export function dispatchState(
  order: OrderClock,
  now: Date,
  atRiskHours = DEFAULT_AT_RISK_HOURS,
): DispatchState {
  const due = Date.parse(order.shipBy);
  if (order.shippedAt) return Date.parse(order.shippedAt) <= due ? 'shipped_on_time' : 'shipped_late';
  const left = due - now.getTime();
  if (left < 0) return 'late';
  return left < atRiskHours * 3_600_000 ? 'at_risk' : 'on_time';
}

export type DeadlineKind = 'operational' | 'platform';
export type OpenOrderState = 'on_time' | 'at_risk' | 'late' | 'awaiting_stock';

export interface OpenOrderClock {
  status: 'reserved' | 'awaiting_stock';
  /** The platform deadline [P11] (`orders.ship_by`). */
  shipBy: string | null;
  /** The shipping warehouse's last pickup at or before it (`orders.operational_by`). */
  operationalBy: string | null;
}

export interface DeadlineState {
  state: OpenOrderState;
  /** The deadline the state is judged against, and which one it is; null only for an order with neither. */
  dueBy: { at: string; kind: DeadlineKind } | null;
}

/**
 * Where an open order stands for the people packing it: against whichever deadline comes first,
 * the operational one (the truck) or the platform's, and saying which. The operational deadline is
 * at or before the platform's by construction; an order stored before it existed has only the
 * platform's. An order awaiting stock is never on time: its state is `awaiting_stock`, and its
 * `dueBy` is the platform deadline, the one that decides its late dispatch and the seller-fault
 * cancellation it risks [P11].
 */
export function deadlineState(
  order: OpenOrderClock,
  now: Date,
  atRiskHours = DEFAULT_AT_RISK_HOURS,
): DeadlineState {
  const platform = order.shipBy ? { at: order.shipBy, kind: 'platform' as const } : null;
  if (order.status === 'awaiting_stock') return { state: 'awaiting_stock', dueBy: platform };
  const operational = order.operationalBy ? { at: order.operationalBy, kind: 'operational' as const } : null;
  const dueBy =
    operational && (!platform || Date.parse(operational.at) <= Date.parse(platform.at))
      ? operational
      : platform;
  if (!dueBy) return { state: 'on_time', dueBy: null };
  const left = Date.parse(dueBy.at) - now.getTime();
  const state = left < 0 ? 'late' : left < atRiskHours * 3_600_000 ? 'at_risk' : 'on_time';
  return { state, dueBy };
}

export interface LateDispatchRate {
  due: number;
  late: number;
  /** late ÷ due, or null when nothing was due. */
  rate: number | null;
  level: 'ok' | 'warning' | 'penalty' | 'none';
}

/**
 * Late ÷ due over orders whose deadline fell in the window; an unshipped past-due order is late.
 * Judged on the platform deadline (`shipBy`), never the operational one: this is the rate the
 * platform judges the shop by [P11], and an order that missed the truck but still ships before the
 * platform's deadline is not late to it.
 */
export function lateDispatchRate(orders: readonly OrderClock[], now: Date): LateDispatchRate {
  const due = orders.filter((o) => Date.parse(o.shipBy) <= now.getTime());
  const late = due.filter((o) => {
    const s = dispatchState(o, now);
    return s === 'late' || s === 'shipped_late';
  }).length;
  if (due.length === 0) return { due: 0, late: 0, rate: null, level: 'none' };
  const rate = late / due.length;
  const level = rate > LATE_DISPATCH_PENALTY ? 'penalty' : rate > LATE_DISPATCH_WARNING ? 'warning' : 'ok';
  return { due: due.length, late, rate, level };
}
