import { DateTime } from 'luxon';
import type { HolidayCalendar } from './holidayCalendars.ts';
import { atWallClock } from './wallClock.ts';

/**
 * The ship-by deadline of an order [P11]. The program says "ship within 2 days"; the platform's US
 * rule, the default, reads that as: the order's day is the payment's local date in the rule's time
 * zone (a payment after the daily cut-off belongs to the next day), and the order must ship by the
 * end of the cut-off minute on the 2nd business day after the order's day. Business days are
 * Monday–Friday less the calendar's holidays. Every part is data (`DispatchRule`). A cut-off in an
 * hour that a DST change skips or repeats is read as `atWallClock` reads it (later by the gap; the
 * first of the two).
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
  // Every payment between two cut-offs has the same order's day, so the same deadline: orders paid
  // together (a webhook burst, an import sorted by time) reuse the last window's answer without a
  // time-zone computation. Only full ISO instants (with Z or an offset) are read so, as luxon would.
  const ruleKey = `${rule.days}|${rule.dayKind}|${rule.cutoff}|${rule.timeZone}|${calendar.id}`;
  const instant =
    typeof paidAt === 'string'
      ? ISO_INSTANT.test(paidAt)
        ? Date.parse(paidAt)
        : Number.NaN
      : paidAt.getTime();
  const window = windows.get(ruleKey);
  if (window && instant > window.after && instant <= window.until) return { ...window.shipBy };

  const paid = (typeof paidAt === 'string' ? DateTime.fromISO(paidAt) : DateTime.fromJSDate(paidAt)).setZone(
    rule.timeZone,
  );
  if (!paid.isValid)
    throw new Error(`ship-by: invalid payment time ${String(paidAt)} or zone ${rule.timeZone}`);
  const [hour, minute] = rule.cutoff.split(':').map(Number) as [number, number];
  // The cut-off as an instant of the payment's day, so that a DST change that day moves both alike.
  const afterCutoff = paid.toMillis() > cutoffOn(paid, rule, hour, minute) + 59_999;
  const orderDay = (afterCutoff ? paid.plus({ days: 1 }) : paid).toISODate() as string;

  // Everything after the order's day depends only on it: computed once per day, rule and calendar.
  const key = `${orderDay}|${ruleKey}`;
  let deadline = deadlines.get(key);
  if (!deadline) {
    let due = DateTime.fromISO(orderDay, { zone: rule.timeZone });
    for (let counted = 0; counted < rule.days; ) {
      due = due.plus({ days: 1 });
      if (rule.dayKind === 'calendar' || isBusinessDay(due, calendar)) counted++;
    }
    const at = DateTime.fromMillis(atWallClock(due, hour, minute, rule.timeZone) + 59_000, {
      zone: rule.timeZone,
    });
    deadline = {
      utc: at.toUTC().toISO({ suppressMilliseconds: true }) as string,
      local: at.toISO({ suppressMilliseconds: true }) as string,
    };
    if (deadlines.size >= 10_000) deadlines.clear();
    deadlines.set(key, deadline);
  }
  const result = { ...deadline, orderDay };
  // The order's day runs from just after the previous day's cut-off minute to the end of its own.
  const day = DateTime.fromISO(orderDay, { zone: rule.timeZone });
  windows.set(ruleKey, {
    after: cutoffOn(day.minus({ days: 1 }), rule, hour, minute) + 59_999,
    until: cutoffOn(day, rule, hour, minute) + 59_999,
    shipBy: result,
  });
  return { ...result };
}

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
/** The last window of payment instants (after, until] that share an order's day, by rule and calendar. */
const windows = new Map<string, { after: number; until: number; shipBy: ShipBy }>();
const deadlines = new Map<string, { utc: string; local: string }>();

/** The cut-off instant of a local day, remembered: imports take thousands of payments a day. */
function cutoffOn(day: DateTime, rule: DispatchRule, hour: number, minute: number): number {
  const key = `${day.toISODate()}|${rule.cutoff}|${rule.timeZone}`;
  let at = cutoffs.get(key);
  if (at === undefined) {
    at = atWallClock(day, hour, minute, rule.timeZone);
    if (cutoffs.size >= 10_000) cutoffs.clear();
    cutoffs.set(key, at);
  }
  return at;
}

const cutoffs = new Map<string, number>();
