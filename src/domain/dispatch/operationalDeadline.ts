import { DateTime } from 'luxon';
import { type HolidayCalendar, holidayCalendar } from './holidayCalendars.ts';
import { type DispatchRule, isBusinessDay, shipBy } from './shipBy.ts';
import { atWallClock } from './wallClock.ts';

/**
 * The operational deadline of an order: the last carrier pickup of the warehouse that ships it at
 * or before the platform deadline [P11]. The platform counts its own days in its own zone; the
 * parcel still has to be on a truck, and the truck leaves at the warehouse's daily cut-off, in the
 * warehouse's zone, on the warehouse's working days (Monday–Friday less the warehouse's own holiday
 * calendar, which need not be the platform's).
 *
 * Example: platform deadline Tue 2026-12-01 23:59:59 PST (07:59:59Z Wednesday); TX warehouse with a
 * 16:00 America/Chicago cut-off → Tue 2026-12-01 16:00 CST (22:00Z).
 */
export interface WarehouseClock {
  timeZone: string;
  /** Daily carrier cut-off, "HH:MM" local (00:00–23:59). */
  cutoff: string;
  calendar: HolidayCalendar;
}

/** A cut-off as people type it: "HH:MM", 00:00 to 23:59. */
export const CUTOFF_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** How far to look for a pickup day: longer than any run of holidays and weekends. */
const MAX_DAYS = 31;

/** The warehouse clock of a stored warehouse row. */
export function warehouseClock(w: {
  time_zone: string;
  cutoff: string;
  holiday_calendar: string;
}): WarehouseClock {
  return { timeZone: w.time_zone, cutoff: w.cutoff, calendar: holidayCalendar(w.holiday_calendar) };
}

export function operationalDeadline(platformDeadline: string, warehouse: WarehouseClock): string {
  // Orders paid between two cut-offs share their platform deadline, so their pickup too.
  const key = `${platformDeadline}|${warehouse.timeZone}|${warehouse.cutoff}|${warehouse.calendar.id}`;
  let pickup = pickups.get(key);
  if (pickup === undefined) {
    pickup = lastPickupBefore(platformDeadline, warehouse);
    if (pickups.size >= 10_000) pickups.clear();
    pickups.set(key, pickup);
  }
  return pickup;
}

const pickups = new Map<string, string>();

function lastPickupBefore(platformDeadline: string, warehouse: WarehouseClock): string {
  const deadline = DateTime.fromISO(platformDeadline, { zone: warehouse.timeZone });
  if (!deadline.isValid)
    throw new Error(
      `operational deadline: invalid deadline ${platformDeadline} or zone ${warehouse.timeZone}`,
    );
  const [hour, minute] = cutoffOf(warehouse);
  let day = deadline.startOf('day');
  for (let back = 0; back <= MAX_DAYS; back++, day = day.minus({ days: 1 })) {
    if (!isBusinessDay(day, warehouse.calendar)) continue;
    const pickup = atWallClock(day, hour, minute, warehouse.timeZone);
    if (pickup <= deadline.toMillis()) return iso(pickup);
  }
  // Only a calendar with a month of holidays gets here: the platform deadline is then all there is.
  return iso(deadline.toMillis());
}

/**
 * The warehouse's next carrier pickup at or after `now`: "to ship today" is every open order whose
 * operational deadline is at or before it, the late ones included. Past today's cut-off (or on a
 * weekend or holiday) it is the next working day's.
 */
export function nextPickup(now: Date, warehouse: WarehouseClock): string {
  const [hour, minute] = cutoffOf(warehouse);
  let day = DateTime.fromJSDate(now, { zone: warehouse.timeZone }).startOf('day');
  if (!day.isValid) throw new Error(`next pickup: invalid time or zone ${warehouse.timeZone}`);
  for (let ahead = 0; ahead <= MAX_DAYS; ahead++, day = day.plus({ days: 1 })) {
    if (!isBusinessDay(day, warehouse.calendar)) continue;
    const pickup = atWallClock(day, hour, minute, warehouse.timeZone);
    if (pickup >= now.getTime()) return iso(pickup);
  }
  throw new Error(`no working day within ${MAX_DAYS} days in ${warehouse.timeZone}`);
}

/**
 * Both deadlines of an order shipped by one warehouse: the platform's by the policy's rule and
 * calendar [P11], the operational one by the warehouse's pickups.
 */
export function orderDeadlines(
  paidAt: string,
  rule: DispatchRule & { holidayCalendar: string },
  warehouse: WarehouseClock,
): { platform: string; operational: string } {
  const platform = shipBy(paidAt, rule, holidayCalendar(rule.holidayCalendar)).utc;
  return { platform, operational: operationalDeadline(platform, warehouse) };
}

function cutoffOf(warehouse: WarehouseClock): [number, number] {
  if (!CUTOFF_PATTERN.test(warehouse.cutoff))
    throw new Error(`carrier cut-off "${warehouse.cutoff}" is not a time HH:MM (00:00–23:59)`);
  return warehouse.cutoff.split(':').map(Number) as [number, number];
}

const iso = (ms: number) =>
  DateTime.fromMillis(ms, { zone: 'utc' }).toISO({ suppressMilliseconds: true }) as string;
