import { addDays } from './calendarDays.ts';
import type { DemandDay } from './demandSeries.ts';

/**
 * From stored rows to the day series the planning maths reads (domain/planning/demandSeries.ts):
 * one row per calendar day (UTC), oldest first, 0 units on a day with no orders, and a day marked
 * out of stock when the storefront could not offer the SKU for any part of it [P14]. Pure.
 */

/** The days from `from` to `to`, both included (YYYY-MM-DD). */
export function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** An interval when a storefront could not offer a SKU; `end` null while it lasts. */
export interface OutInterval {
  start: string;
  end: string | null;
}

/** The days any interval touches: a stock-out from 18:00 censors that day and the days it spans. */
export function outDays(intervals: OutInterval[], days: readonly string[], nowIso: string): Set<string> {
  const out = new Set<string>();
  for (const i of intervals) {
    const first = i.start.slice(0, 10);
    const last = (i.end ?? nowIso).slice(0, 10);
    // An interval that closed at midnight sharp leaves its last day clear.
    const lastDay = i.end?.slice(10).startsWith('T00:00:00') ? addDays(last, -1) : last;
    for (const d of days) if (d >= first && d <= lastDay) out.add(d);
  }
  return out;
}

/** A series over `days` from units per day and the censored days. */
export function seriesOf(
  days: readonly string[],
  units: Map<string, number>,
  censored: Set<string>,
): DemandDay[] {
  return days.map((date) => ({ date, units: units.get(date) ?? 0, inStock: !censored.has(date) }));
}

/**
 * The warehouse that stocks a storefront's sales of a SKU: the first of the storefront's warehouses,
 * in its order of preference, that carries the SKU; the first one when none does. MX orders are
 * planned where the MX storefront takes them from [P15].
 */
export function servingWarehouse(
  preferred: readonly string[],
  carries: (warehouseId: string) => boolean,
): string | undefined {
  return preferred.find(carries) ?? preferred[0];
}
