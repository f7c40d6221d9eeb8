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

export interface LateDispatchRate {
  due: number;
  late: number;
  /** late ÷ due, or null when nothing was due. */
  rate: number | null;
  level: 'ok' | 'warning' | 'penalty' | 'none';
}

/** Late ÷ due over orders whose deadline fell in the window; an unshipped past-due order is late. */
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
