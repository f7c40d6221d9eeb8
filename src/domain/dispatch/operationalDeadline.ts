import { DateTime } from 'luxon';
import type { HolidayCalendar } from './holidayCalendars.ts';
import { isBusinessDay } from './shipBy.ts';

/**
 * The operational deadline of an order: the last carrier pickup of the warehouse that ships it at
 * or before the platform deadline [P11]. The platform counts its own days in its own zone; the
 * parcel still has to be on a truck, and the truck leaves at the warehouse's daily cut-off, in the
 * warehouse's zone, on the warehouse's working days (Monday–Friday less its holiday calendar).
 *
 * Example: platform deadline Tue 2026-12-01 23:59:59 PST (07:59:59Z Wednesday); TX warehouse with a
 * 16:00 America/Chicago cut-off → Tue 2026-12-01 16:00 CST (22:00Z).
 */
export interface WarehouseClock {
  timeZone: string;
  /** Daily carrier cut-off, "HH:MM" local. */
  cutoff: string;
  calendar: HolidayCalendar;
}

/** How far back to look for a pickup day: longer than any run of holidays and weekends. */
const MAX_DAYS_BACK = 31;

export function operationalDeadline(platformDeadline: string, warehouse: WarehouseClock): string {
  const deadline = DateTime.fromISO(platformDeadline, { zone: warehouse.timeZone });
  if (!deadline.isValid)
    throw new Error(
      `operational deadline: invalid deadline ${platformDeadline} or zone ${warehouse.timeZone}`,
    );
  const [hour, minute] = warehouse.cutoff.split(':').map(Number) as [number, number];
  let day = deadline.startOf('day');
  for (let back = 0; back <= MAX_DAYS_BACK; back++, day = day.minus({ days: 1 })) {
    if (!isBusinessDay(day, warehouse.calendar)) continue;
    // On a DST change day Luxon moves a wall time that does not exist forward, as a clock would.
    const pickup = day.set({ hour, minute, second: 0, millisecond: 0 });
    if (pickup <= deadline) return pickup.toUTC().toISO({ suppressMilliseconds: true }) as string;
  }
  return deadline.toUTC().toISO({ suppressMilliseconds: true }) as string;
}

/**
 * The warehouse's next carrier pickup at or after `now`: "to ship today" is every open order whose
 * operational deadline is at or before it, the late ones included.
 */
export function nextPickup(now: Date, warehouse: WarehouseClock): string {
  const [hour, minute] = warehouse.cutoff.split(':').map(Number) as [number, number];
  let day = DateTime.fromJSDate(now, { zone: warehouse.timeZone }).startOf('day');
  for (let ahead = 0; ahead <= MAX_DAYS_BACK; ahead++, day = day.plus({ days: 1 })) {
    if (!isBusinessDay(day, warehouse.calendar)) continue;
    const pickup = day.set({ hour, minute, second: 0, millisecond: 0 });
    if (pickup.toMillis() >= now.getTime())
      return pickup.toUTC().toISO({ suppressMilliseconds: true }) as string;
  }
  throw new Error(`no working day within ${MAX_DAYS_BACK} days in ${warehouse.timeZone}`);
}
