import { DateTime } from 'luxon';
import type { HolidayCalendar } from './holidayCalendars.ts';

/**
 * The ship-by deadline of an order [P11]. The program says "ship within 2 days"; the platform's US
 * rule, the default, reads that as: the order's day is the payment's local date in the rule's time
 * zone (a payment after the daily cut-off belongs to the next day), and the order must ship by the
 * end of the cut-off minute on the 2nd business day after the order's day. Business days are
 * Monday–Friday less the calendar's holidays. Every part is data (`DispatchRule`).
 *
 * Example: paid Friday 2026-05-22 15:00 PDT; Monday is Memorial Day; ship by Wednesday 2026-05-27
 * 23:59:59 PDT.
 */

export interface DispatchRule {
  days: number;
  dayKind: 'business' | 'calendar';
  /** Daily cut-off, "HH:MM" local time; the whole minute counts as before the cut-off. */
  cutoff: string;
  timeZone: string;
}

/** The deadline as an instant (UTC) and as the local time in the rule's zone, for display. */
export interface ShipBy {
  utc: string;
  local: string;
  /** The order's day, local (YYYY-MM-DD): the payment's date, or the next day after the cut-off. */
  orderDay: string;
}

const WEEKEND = new Set([6, 7]); // Luxon weekdays: Saturday 6, Sunday 7

export function isBusinessDay(day: DateTime, calendar: HolidayCalendar): boolean {
  return !WEEKEND.has(day.weekday) && !calendar.isHoliday(day.toISODate() as string);
}

export function shipBy(paidAt: Date | string, rule: DispatchRule, calendar: HolidayCalendar): ShipBy {
  const paid = (typeof paidAt === 'string' ? DateTime.fromISO(paidAt) : DateTime.fromJSDate(paidAt)).setZone(
    rule.timeZone,
  );
  if (!paid.isValid)
    throw new Error(`ship-by: invalid payment time ${String(paidAt)} or zone ${rule.timeZone}`);
  const [hour, minute] = rule.cutoff.split(':').map(Number) as [number, number];
  const cutoffOf = (day: DateTime) => day.set({ hour, minute, second: 59, millisecond: 999 });

  let orderDay = paid.startOf('day');
  if (paid > cutoffOf(orderDay)) orderDay = orderDay.plus({ days: 1 });

  let due = orderDay;
  for (let counted = 0; counted < rule.days; ) {
    due = due.plus({ days: 1 });
    if (rule.dayKind === 'calendar' || isBusinessDay(due, calendar)) counted++;
  }
  const deadline = cutoffOf(due).set({ millisecond: 0 });
  return {
    utc: deadline.toUTC().toISO({ suppressMilliseconds: true }) as string,
    local: deadline.toISO({ suppressMilliseconds: true }) as string,
    orderDay: orderDay.toISODate() as string,
  };
}
