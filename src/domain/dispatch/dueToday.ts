import { DateTime } from 'luxon';

/**
 * Orders each warehouse must ship today: open orders it ships from whose deadline falls before the
 * end of today in the warehouse's own time zone — late ones included, they still have to go.
 */
export function dueToday(
  orders: readonly { shipBy: string; warehouses: readonly { code: string }[] }[],
  warehouses: readonly { code: string; timeZone: string }[],
  now: Date,
): { warehouse: string; timeZone: string; count: number }[] {
  return warehouses.map((w) => {
    // Compared as instants: ISO strings with and without milliseconds do not sort as times.
    const endOfDay = DateTime.fromJSDate(now).setZone(w.timeZone).endOf('day').toMillis();
    const count = orders.filter(
      (o) => Date.parse(o.shipBy) <= endOfDay && o.warehouses.some((x) => x.code === w.code),
    ).length;
    return { warehouse: w.code, timeZone: w.timeZone, count };
  });
}
