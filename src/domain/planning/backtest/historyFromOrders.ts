import type { Currency } from '../../money/money.ts';
import { addDays, daysBetween } from '../calendarDays.ts';
import type { History } from './history.ts';

/**
 * A history to replay from order lines (an orders file, or the demo's orders). What orders cannot
 * tell is assumed, the same for every policy:
 * - demand is what was ordered, per UTC day of payment (an order that waited for stock is demand);
 * - stock at the start: the SKU's given opening stock, else OPENING_COVER_DAYS of its demand over
 *   the history's first 30 days;
 * - a unit is worth its median selling price, converted to one currency (an orders file has no cost);
 * - listings were live before the history began; one unit per carton, no MOQ.
 */

export interface OrderLine {
  sku: string;
  /** UTC ISO time of payment. */
  paidAt: string;
  quantity: number;
  unitPriceMinor: number;
  currency: string;
}

export const OPENING_COVER_DAYS = 30;

export function historyFromOrders(
  name: string,
  lines: OrderLine[],
  valuation: { currency: Currency; perUnitOf: Record<string, number> },
  openingStock: Map<string, number> = new Map(),
): History {
  const dates = lines.map((l) => l.paidAt.slice(0, 10)).sort();
  const start = dates[0] ?? '2026-01-01';
  const days = dates.length ? daysBetween(start, dates.at(-1) as string) + 1 : 0;
  const demand = new Map<string, number[]>();
  const prices = new Map<string, number[]>();
  for (const l of lines) {
    const series = demand.get(l.sku) ?? new Array<number>(days).fill(0);
    demand.set(l.sku, series);
    const day = daysBetween(start, l.paidAt.slice(0, 10));
    series[day] = (series[day] as number) + l.quantity;
    const rate = valuation.perUnitOf[l.currency];
    if (rate !== undefined) prices.set(l.sku, [...(prices.get(l.sku) ?? []), l.unitPriceMinor * rate]);
  }
  const skus = [...demand.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([sku, series]) => {
      const firstMonth = series.slice(0, 30);
      const perDay = firstMonth.reduce((a, b) => a + b, 0) / Math.max(1, firstMonth.length);
      return {
        sku,
        demand: series,
        unitValueMinor: Math.round(median(prices.get(sku) ?? [])),
        openingStock: openingStock.get(sku) ?? Math.ceil(OPENING_COVER_DAYS * perDay),
        listedOnDay: -OPENING_COVER_DAYS,
        casePack: 1,
        moq: 0,
      };
    });
  return { name, start, days, currency: valuation.currency, skus };
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The last day of a history, `YYYY-MM-DD`. */
export const lastDayOf = (h: Pick<History, 'start' | 'days'>) => addDays(h.start, h.days - 1);
