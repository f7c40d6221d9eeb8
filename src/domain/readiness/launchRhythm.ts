import { DateTime } from 'luxon';

/**
 * The seed's month-by-month rhythm, worked back from a launch date [P18]: "February: select products
 * from open categories. March: stock the US warehouse; apply to the AM for invitation categories.
 * April: launch." For a launch on 2026-04-01 the selection month is February and the stocking month
 * March; for any other launch date the two months before it play those parts. Dates, not instants:
 * a due date is a calendar day of the seller's plan.
 */
export interface LaunchRhythm {
  launch: string;
  /** The first day of the selection month (February for an April launch). */
  selectFrom: string;
  /** The last day of the selection month: products chosen, the catalog checked. */
  selectBy: string;
  /** The first day of the stocking month (March): invitation applications go out with their documents. */
  stockFrom: string;
  /** The day before launch: stock in place, applications made, dispatch steady. */
  stockBy: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as YYYY-MM-DD, or null when the text is not one (2026-02-30 is not). */
export function calendarDate(text: string): DateTime | null {
  if (!ISO_DATE.test(text)) return null;
  const d = DateTime.fromISO(text, { zone: 'utc' });
  return d.isValid ? d : null;
}

const day = (d: DateTime) => d.toISODate() as string;

export function launchRhythm(launch: string): LaunchRhythm {
  const l = calendarDate(launch);
  if (!l) throw new RangeError(`not a date: ${launch}`);
  return {
    launch,
    selectFrom: day(l.minus({ months: 2 })),
    selectBy: day(l.minus({ months: 1 }).minus({ days: 1 })),
    stockFrom: day(l.minus({ months: 1 })),
    stockBy: day(l.minus({ days: 1 })),
  };
}

/** The next 1 April on or after `today`: the seed's launch month [P18] when none is given. */
export function defaultLaunch(today: string): string {
  const t = calendarDate(today);
  if (!t) throw new RangeError(`not a date: ${today}`);
  const april = DateTime.utc(t.year, 4, 1);
  return day(t <= april ? april : april.plus({ years: 1 }));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = calendarDate(from);
  const b = calendarDate(to);
  if (!a || !b) throw new RangeError(`not dates: ${from}, ${to}`);
  return Math.round(b.diff(a, 'days').days);
}

export function addDays(date: string, days: number): string {
  const d = calendarDate(date);
  if (!d) throw new RangeError(`not a date: ${date}`);
  return day(d.plus({ days }));
}
