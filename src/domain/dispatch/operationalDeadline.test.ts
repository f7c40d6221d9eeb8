import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { pilot } from '../../../test/support/policies.ts';
import { holidayCalendar } from './holidayCalendars.ts';
import {
  nextPickup,
  operationalDeadline,
  orderDeadlines,
  type WarehouseClock,
  warehouseClock,
} from './operationalDeadline.ts';
import { isBusinessDay, shipBy } from './shipBy.ts';
import { atWallClock } from './wallClock.ts';

// [P11] The pilot's platform rule: 2 business days, 23:59 Pacific, US federal holidays.
const { dispatch } = pilot();
const us = holidayCalendar('US-federal');
const mx = holidayCalendar('MX-federal');
const none = holidayCalendar('none');

const tx: WarehouseClock = { timeZone: 'America/Chicago', cutoff: '16:00', calendar: us };
const ca: WarehouseClock = { timeZone: 'America/Los_Angeles', cutoff: '17:00', calendar: us };
const la = (local: string) => DateTime.fromISO(local, { zone: 'America/Los_Angeles' }).toISO() as string;
const chicago = (local: string) => DateTime.fromISO(local, { zone: 'America/Chicago' }).toJSDate();
/** The platform deadline of an order paid at this Pacific time. */
const platform = (paidPacific: string) => shipBy(la(paidPacific), dispatch, us).utc;
const shown = (utc: string, zone: string) =>
  DateTime.fromISO(utc).setZone(zone).toFormat('ccc yyyy-LL-dd HH:mm ZZZZ');

describe('operational deadline: the last pickup at or before the platform deadline', () => {
  it('a Friday evening order: platform Tuesday 23:59:59 PT, operational Tuesday 16:00 CT', () => {
    const deadline = platform('2026-11-27T19:30'); // Friday after Thanksgiving, 19:30 PST
    expect(deadline).toBe('2026-12-02T07:59:59Z'); // Tue 2026-12-01 23:59:59 PST
    expect(operationalDeadline(deadline, tx)).toBe('2026-12-01T22:00:00Z');
    expect(shown(operationalDeadline(deadline, tx), 'America/Chicago')).toBe('Tue 2026-12-01 16:00 CST');
  });

  it('a CA warehouse with a 17:00 cut-off ships the same order at 17:00 Pacific', () => {
    expect(operationalDeadline('2026-12-02T07:59:59Z', ca)).toBe('2026-12-02T01:00:00Z');
    expect(shown('2026-12-02T01:00:00Z', 'America/Los_Angeles')).toBe('Tue 2026-12-01 17:00 PST');
  });

  it('a 23:59 cut-off: the warehouse zone decides which 23:59 is the last one before the deadline', () => {
    const at2359 = (w: WarehouseClock) =>
      operationalDeadline('2026-12-02T07:59:59Z', { ...w, cutoff: '23:59' });
    // 23:59:59 Pacific is already 01:59:59 Wednesday in Texas: the last 23:59 there is Tuesday's.
    expect(at2359(tx)).toBe('2026-12-02T05:59:00Z');
    // In California it is the same evening, 59 seconds before the platform deadline.
    expect(at2359(ca)).toBe('2026-12-02T07:59:00Z');
  });

  it('a platform deadline before the cut-off of its day falls back to the previous working day', () => {
    // A rule with a 14:00 Pacific cut-off gives Tue 14:00:59; the CA truck leaves at 17:00.
    const fourteen = { ...dispatch, cutoff: '14:00' };
    const due = shipBy(la('2026-11-27T10:00'), fourteen, us).utc;
    expect(due).toBe('2026-12-01T22:00:59Z'); // Tue 2026-12-01 14:00:59 PST
    expect(shown(operationalDeadline(due, ca), 'America/Los_Angeles')).toBe('Mon 2026-11-30 17:00 PST');
    // On a Monday it is Friday's pickup; after a Thursday holiday it is Wednesday's.
    expect(shown(operationalDeadline('2026-11-30T22:00:59Z', ca), 'America/Los_Angeles')).toBe(
      'Fri 2026-11-27 17:00 PST',
    );
    expect(shown(operationalDeadline('2026-11-27T22:00:59Z', ca), 'America/Los_Angeles')).toBe(
      'Wed 2026-11-25 17:00 PST',
    );
    // The same instant is 16:00:59 in Texas: the 16:00 truck of that day still makes it.
    expect(operationalDeadline(due, tx)).toBe('2026-12-01T22:00:00Z');
  });

  it('a pickup exactly at the platform deadline counts', () => {
    expect(operationalDeadline('2026-12-01T22:00:00Z', tx)).toBe('2026-12-01T22:00:00Z');
    expect(operationalDeadline('2026-12-01T21:59:59Z', tx)).toBe('2026-11-30T22:00:00Z');
  });
});

describe('US holidays: no truck on the warehouse’s holidays', () => {
  it('Thanksgiving 2026-11-26: an order paid Wednesday is due Monday, 16:00 CT', () => {
    const deadline = platform('2026-11-25T10:00');
    expect(shown(deadline, 'America/Los_Angeles')).toBe('Mon 2026-11-30 23:59 PST');
    expect(shown(operationalDeadline(deadline, tx), 'America/Chicago')).toBe('Mon 2026-11-30 16:00 CST');
  });

  it('a platform deadline on a holiday (a calendar-day rule) moves to the working day before', () => {
    // Thanksgiving → Wednesday; Christmas (Fri) → Thursday 24th (Christmas Eve is no federal holiday);
    // Independence Day observed Friday 2026-07-03 → Thursday 2nd.
    expect(shown(operationalDeadline('2026-11-27T07:59:59Z', tx), 'America/Chicago')).toBe(
      'Wed 2026-11-25 16:00 CST',
    );
    expect(shown(operationalDeadline('2026-12-26T07:59:59Z', tx), 'America/Chicago')).toBe(
      'Thu 2026-12-24 16:00 CST',
    );
    expect(shown(operationalDeadline('2026-07-04T06:59:59Z', tx), 'America/Chicago')).toBe(
      'Thu 2026-07-02 16:00 CDT',
    );
  });

  it('July 3 2026 observed: an order paid Wednesday July 1 leaves Texas Monday July 6', () => {
    const deadline = platform('2026-07-01T10:00');
    expect(deadline).toBe('2026-07-07T06:59:59Z');
    expect(operationalDeadline(deadline, tx)).toBe('2026-07-06T21:00:00Z'); // 16:00 CDT
  });

  it('the next pickup on Thanksgiving morning is Friday’s', () => {
    expect(nextPickup(chicago('2026-11-26T09:00'), tx)).toBe('2026-11-27T22:00:00Z');
  });
});

describe('the warehouse’s own calendar decides its pickups', () => {
  const monterrey: WarehouseClock = { timeZone: 'America/Monterrey', cutoff: '18:00', calendar: mx };
  // Platform deadline Mon 2026-11-16 23:59:59 PST: a working day for the US platform, the Mexican
  // Revolution Day holiday (third Monday of November) for a warehouse on the Mexican calendar.
  const monday = '2026-11-17T07:59:59Z';

  it('a warehouse on the Mexican calendar has no truck on Revolution Day: Friday 18:00', () => {
    expect(shown(operationalDeadline(monday, monterrey), 'America/Monterrey')).toBe(
      'Fri 2026-11-13 18:00 CST',
    );
    expect(shown(operationalDeadline(monday, tx), 'America/Chicago')).toBe('Mon 2026-11-16 16:00 CST');
  });

  it('a warehouse with no holiday calendar ships on Thanksgiving', () => {
    expect(
      shown(operationalDeadline('2026-11-27T07:59:59Z', { ...tx, calendar: none }), 'America/Chicago'),
    ).toBe('Thu 2026-11-26 16:00 CST');
  });

  it('is read from the warehouse row: zone, cut-off and holiday_calendar', () => {
    const clock = warehouseClock({
      time_zone: 'America/Monterrey',
      cutoff: '18:00',
      holiday_calendar: 'MX-federal',
    });
    expect(clock.calendar.id).toBe('MX-federal');
    expect(operationalDeadline(monday, clock)).toBe('2026-11-14T00:00:00Z');
  });

  it('orderDeadlines counts the platform’s days on the policy’s calendar, the pickups on the warehouse’s', () => {
    // Paid Thu 2026-11-12: the platform (US calendar) counts Fri 13 and Mon 16.
    expect(orderDeadlines(la('2026-11-12T10:00'), dispatch, monterrey)).toEqual({
      platform: monday,
      operational: '2026-11-14T00:00:00Z',
    });
  });
});

describe('daylight saving changes (2026-03-08 and 2026-11-01)', () => {
  it('spring forward: an order paid Friday 03-06 leaves Tuesday at 16:00 CDT, 17:00 PDT', () => {
    const deadline = platform('2026-03-06T12:00');
    expect(deadline).toBe('2026-03-11T06:59:59Z');
    expect(operationalDeadline(deadline, tx)).toBe('2026-03-10T21:00:00Z'); // 16:00 CDT (UTC−5)
    expect(operationalDeadline(deadline, ca)).toBe('2026-03-11T00:00:00Z'); // 17:00 PDT (UTC−7)
  });

  it('fall back: an order paid Friday 10-30 leaves Tuesday at 16:00 CST, 17:00 PST', () => {
    const deadline = platform('2026-10-30T12:00');
    expect(deadline).toBe('2026-11-04T07:59:59Z');
    expect(operationalDeadline(deadline, tx)).toBe('2026-11-03T22:00:00Z'); // 16:00 CST (UTC−6)
    expect(operationalDeadline(deadline, ca)).toBe('2026-11-04T01:00:00Z'); // 17:00 PST (UTC−8)
  });

  it('across the change weekend the pickup keeps its wall time on either side', () => {
    // A Monday-morning deadline falls back to Friday's pickup, in Friday's offset.
    expect(shown(operationalDeadline('2026-03-09T15:00:00Z', tx), 'America/Chicago')).toBe(
      'Fri 2026-03-06 16:00 CST',
    );
    expect(shown(operationalDeadline('2026-11-02T16:00:00Z', tx), 'America/Chicago')).toBe(
      'Fri 2026-10-30 16:00 CDT',
    );
    expect(nextPickup(chicago('2026-03-07T12:00'), tx)).toBe('2026-03-09T21:00:00Z'); // Mon 16:00 CDT
    expect(nextPickup(chicago('2026-10-31T12:00'), tx)).toBe('2026-11-02T22:00:00Z'); // Mon 16:00 CST
  });

  it('a 02:30 cut-off: the skipped hour is on a Sunday, so the trucks around it keep 02:30', () => {
    const early = { ...tx, cutoff: '02:30' };
    // Sunday 01:59 CST, the minute before the clocks jump: next truck Monday 02:30 CDT.
    expect(nextPickup(new Date('2026-03-08T07:59:00Z'), early)).toBe('2026-03-09T07:30:00Z');
    expect(shown(operationalDeadline('2026-03-09T07:00:00Z', early), 'America/Chicago')).toBe(
      'Fri 2026-03-06 02:30 CST',
    );
  });

  it('a wall time in the skipped hour is the instant it would have been: 02:30 → 03:30 daylight time', () => {
    const day = (zone: string, date: string) => DateTime.fromISO(date, { zone });
    expect(
      new Date(atWallClock(day('America/Chicago', '2026-03-08'), 2, 30, 'America/Chicago')).toISOString(),
    ).toBe(
      '2026-03-08T08:30:00.000Z', // 03:30 CDT = 02:30 CST
    );
    expect(
      new Date(
        atWallClock(day('America/Los_Angeles', '2026-03-08'), 2, 30, 'America/Los_Angeles'),
      ).toISOString(),
    ).toBe('2026-03-08T10:30:00.000Z'); // 03:30 PDT
  });

  it('a wall time in the repeated hour is its first occurrence: 01:30 daylight time', () => {
    const day = (zone: string) => DateTime.fromISO('2026-11-01', { zone });
    expect(new Date(atWallClock(day('America/Chicago'), 1, 30, 'America/Chicago')).toISOString()).toBe(
      '2026-11-01T06:30:00.000Z', // 01:30 CDT, not 01:30 CST (07:30Z)
    );
    expect(
      new Date(atWallClock(day('America/Los_Angeles'), 1, 30, 'America/Los_Angeles')).toISOString(),
    ).toBe(
      '2026-11-01T08:30:00.000Z', // 01:30 PDT
    );
  });

  it('on a working day that changes clocks, the same rules reach the pickup itself', () => {
    // Israel springs forward on Friday 2026-03-27 at 02:00; Egypt falls back at the end of
    // Thursday 2026-10-29 (24:00 → 23:00), repeating 23:00–24:00.
    const jerusalem = { timeZone: 'Asia/Jerusalem', cutoff: '02:30', calendar: none };
    expect(operationalDeadline('2026-03-27T12:00:00Z', jerusalem)).toBe('2026-03-27T00:30:00Z'); // 03:30 IDT
    const cairo = { timeZone: 'Africa/Cairo', cutoff: '23:30', calendar: none };
    // 21:00Z is the second 23:00 of that night; the first 23:30 (EEST, 20:30Z) was before it.
    expect(operationalDeadline('2026-10-29T21:00:00Z', cairo)).toBe('2026-10-29T20:30:00Z');
    // Between the two 23:30s the truck has left: the next is Friday's.
    expect(nextPickup(new Date('2026-10-29T20:45:00Z'), cairo)).toBe('2026-10-30T21:30:00Z');
  });
});

describe('nextPickup: the truck a warehouse is packing for now', () => {
  it('is today’s cut-off until it passes, then the next working day’s', () => {
    expect(nextPickup(chicago('2026-12-01T10:00'), tx)).toBe('2026-12-01T22:00:00Z');
    expect(nextPickup(chicago('2026-12-01T16:00'), tx)).toBe('2026-12-01T22:00:00Z');
    expect(nextPickup(chicago('2026-12-01T16:00:01'), tx)).toBe('2026-12-02T22:00:00Z');
    expect(nextPickup(chicago('2026-12-04T17:00'), tx)).toBe('2026-12-07T22:00:00Z'); // Fri → Mon
    expect(nextPickup(chicago('2026-12-05T09:00'), tx)).toBe('2026-12-07T22:00:00Z'); // Sat → Mon
  });

  it('is counted in the warehouse’s zone, not the viewer’s: 21:00 Pacific is already past Texas’s day', () => {
    const evening = new Date(la('2026-12-01T21:00')); // Tue 23:00 in Texas
    expect(nextPickup(evening, tx)).toBe('2026-12-02T22:00:00Z'); // Wed 16:00 CST
    expect(nextPickup(evening, { ...ca, cutoff: '23:59' })).toBe('2026-12-02T07:59:00Z'); // Tue 23:59 PST
  });

  it('refuses a cut-off that is not HH:MM and a zone that does not exist', () => {
    expect(() => nextPickup(new Date(), { ...tx, cutoff: '24:00' })).toThrow(/HH:MM/);
    expect(() => operationalDeadline('2026-12-02T07:59:59Z', { ...tx, cutoff: '4pm' })).toThrow(/HH:MM/);
    expect(() => nextPickup(new Date(), { ...tx, timeZone: 'Mars/Olympus' })).toThrow(/zone/);
  });
});

describe('operational deadline properties', () => {
  const clocks: WarehouseClock[] = [
    tx,
    ca,
    { ...tx, cutoff: '23:59' },
    { ...ca, cutoff: '00:00' },
    { timeZone: 'America/Monterrey', cutoff: '18:00', calendar: mx },
    { ...tx, cutoff: '02:30' },
  ];
  it('is the last pickup on a working day at or before the platform deadline', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom(...clocks),
        (paid, clock) => {
          const deadline = shipBy(new Date(paid), dispatch, us).utc;
          const op = operationalDeadline(deadline, clock);
          const local = DateTime.fromISO(op, { zone: clock.timeZone });
          expect(Date.parse(op)).toBeLessThanOrEqual(Date.parse(deadline));
          expect(isBusinessDay(local, clock.calendar)).toBe(true);
          expect(local.toFormat('HH:mm')).toBe(clock.cutoff);
          // It is a pickup, and the pickup after it is past the platform deadline.
          expect(nextPickup(new Date(op), clock)).toBe(op);
          expect(Date.parse(nextPickup(new Date(Date.parse(op) + 1000), clock))).toBeGreaterThan(
            Date.parse(deadline),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
