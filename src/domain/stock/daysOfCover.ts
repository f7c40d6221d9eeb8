/**
 * Days of cover [P14]: how long what is available lasts at the recent pace of sales (units ordered
 * per day over the last 14 days). Below the replenishment lead time, a restock ordered today
 * arrives after the shelf is empty: that is the low-stock alert.
 */
export const SALES_WINDOW_DAYS = 14;

export function daysOfCover(
  available: number,
  unitsOrderedInWindow: number,
  windowDays = SALES_WINDOW_DAYS,
): number {
  const perDay = unitsOrderedInWindow / windowDays;
  if (perDay <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(0, available) / perDay;
}

export function isLowStock(available: number, unitsOrderedInWindow: number, leadTimeDays: number): boolean {
  return daysOfCover(available, unitsOrderedInWindow) < leadTimeDays;
}
