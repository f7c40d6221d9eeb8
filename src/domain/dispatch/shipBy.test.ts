import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { pilot } from '../../../test/support/policies.ts';
import { holidayCalendar } from './holidayCalendars.ts';
import { type DispatchRule, isBusinessDay, shipBy } from './shipBy.ts';

// [P11] The pilot's rule as the policy file states it: 2 business days, 23:59 Pacific, US federal.
const { dispatch } = pilot();
const us = holidayCalendar(dispatch.holidayCalendar);
const rule: DispatchRule = dispatch;
const la = (local: string) => DateTime.fromISO(local, { zone: 'America/Los_Angeles' }).toJSDate();
const due = (paidLocal: string, r: DispatchRule = rule, calendar = us) =>
  shipBy(la(paidLocal), r, calendar).local;

describe('[P11] ship-by under the platform US rule', () => {
  it('is read from the policy file', () => {
    expect(dispatch).toMatchObject({
      days: 2,
      dayKind: 'business',
      cutoff: '23:59',
      timeZone: 'America/Los_Angeles',
      holidayCalendar: 'US-federal',
    });
  });

  it('skips Memorial Day: paid Fri 2026-05-22 15:00 PDT, ship by Wed 2026-05-27 23:59:59 PDT', () => {
    const deadline = shipBy(la('2026-05-22T15:00'), rule, us);
    expect(deadline).toEqual({
      utc: '2026-05-28T06:59:59Z',
      local: '2026-05-27T23:59:59-07:00',
      orderDay: '2026-05-22',
    });
  });

  it('counts from the next business day on weekdays', () => {
    expect(due('2026-05-12T09:00')).toBe('2026-05-14T23:59:59-07:00'); // Tue → Thu
    expect(due('2026-05-14T09:00')).toBe('2026-05-18T23:59:59-07:00'); // Thu → Mon
  });

  it('treats a weekend order as the weekend day: paid Saturday or Sunday, ship by Tuesday', () => {
    expect(due('2026-05-16T10:00')).toBe('2026-05-19T23:59:59-07:00');
    expect(due('2026-05-17T23:00')).toBe('2026-05-19T23:59:59-07:00');
  });

  it('skips the observed Independence Day, Friday 2026-07-03', () => {
    expect(due('2026-07-01T10:00')).toBe('2026-07-06T23:59:59-07:00'); // Thu 2 = 1, Fri 3 holiday, Mon 6 = 2
  });

  it('skips Thanksgiving but not the Friday after it (not a federal holiday)', () => {
    expect(due('2026-11-25T10:00')).toBe('2026-11-30T23:59:59-08:00'); // Thu 26 holiday, Fri 27 = 1, Mon 30 = 2
  });

  it('skips the Veterans Day substitute that date-holidays types as a bank holiday (Fri 2028-11-10)', () => {
    expect(due('2028-11-08T10:00')).toBe('2028-11-13T23:59:59-08:00'); // Thu 9 = 1, Fri 10 holiday, Mon 13 = 2
  });

  it('does not use state holidays: Christmas Eve 2026 is a business day', () => {
    expect(due('2026-12-22T10:00')).toBe('2026-12-24T23:59:59-08:00');
  });

  it('counts a payment in the cut-off minute as that day, and a second later as the next', () => {
    expect(due('2026-05-12T23:59:59.999')).toBe('2026-05-14T23:59:59-07:00');
    expect(shipBy(la('2026-05-12T23:59:59.999'), rule, us).orderDay).toBe('2026-05-12');
    const fourteen = { ...rule, cutoff: '14:00' };
    expect(due('2026-05-12T14:00:59', fourteen)).toBe('2026-05-14T14:00:59-07:00');
    expect(due('2026-05-12T14:01:00', fourteen)).toBe('2026-05-15T14:00:59-07:00');
    expect(shipBy(la('2026-05-12T14:01:00'), fourteen, us).orderDay).toBe('2026-05-13');
  });

  it('reads the payment in the rule zone, whatever zone it was recorded in', () => {
    // 2026-05-13 05:30 UTC is still 2026-05-12 22:30 in Los Angeles.
    expect(shipBy('2026-05-13T05:30:00Z', rule, us).local).toBe('2026-05-14T23:59:59-07:00');
    expect(shipBy('2026-05-13T07:30:00Z', rule, us).local).toBe('2026-05-15T23:59:59-07:00');
  });

  it('keeps 23:59:59 local across the DST changes', () => {
    // Spring forward Sun 2026-03-08: paid Fri 03-06 PST, due Tue 03-10 PDT.
    expect(shipBy(la('2026-03-06T12:00'), rule, us)).toMatchObject({
      utc: '2026-03-11T06:59:59Z',
      local: '2026-03-10T23:59:59-07:00',
    });
    // Fall back Sun 2026-11-01: paid Fri 10-30 PDT, due Tue 11-03 PST.
    expect(shipBy(la('2026-10-30T12:00'), rule, us)).toMatchObject({
      utc: '2026-11-04T07:59:59Z',
      local: '2026-11-03T23:59:59-08:00',
    });
  });

  it('reads a payment in the repeated hour by its instant: both 01:30s of 2026-11-01 are Sunday', () => {
    // 08:30Z is 01:30 PDT, 09:30Z the second 01:30 (PST): the same order day, the same deadline.
    expect(shipBy('2026-11-01T08:30:00Z', rule, us)).toEqual(shipBy('2026-11-01T09:30:00Z', rule, us));
    expect(shipBy('2026-11-01T09:30:00Z', rule, us)).toMatchObject({
      orderDay: '2026-11-01',
      local: '2026-11-03T23:59:59-08:00',
    });
    // Spring forward: 10:30Z is 03:30 PDT on Sunday 03-08 (02:00–03:00 never happened).
    expect(shipBy('2026-03-08T10:30:00Z', rule, us)).toMatchObject({
      orderDay: '2026-03-08',
      local: '2026-03-10T23:59:59-07:00',
    });
  });

  describe('a cut-off inside the hour a DST change skips or repeats (a calendar-day rule reaches Sundays)', () => {
    const sunday = { ...rule, dayKind: 'calendar' as const };

    it('spring forward: a 02:30 cut-off on 2026-03-08 is 03:30 PDT, the instant 02:30 PST would have been', () => {
      expect(shipBy(la('2026-03-06T01:00'), { ...sunday, cutoff: '02:30' }, us)).toMatchObject({
        utc: '2026-03-08T10:30:59Z',
        local: '2026-03-08T03:30:59-07:00',
      });
      // A payment at 03:15 PDT that day is before that cut-off; at 03:31 it is after.
      const early = { ...rule, cutoff: '02:30' };
      expect(shipBy('2026-03-08T10:15:00Z', early, us).orderDay).toBe('2026-03-08');
      expect(shipBy('2026-03-08T10:31:00Z', early, us).orderDay).toBe('2026-03-09');
    });

    it('fall back: a 01:30 cut-off on 2026-11-01 is the first 01:30 (PDT)', () => {
      expect(shipBy(la('2026-10-30T01:00'), { ...sunday, cutoff: '01:30' }, us)).toMatchObject({
        utc: '2026-11-01T08:30:59Z',
        local: '2026-11-01T01:30:59-07:00',
      });
      // 01:15 PDT is before it; the second 01:15 (PST) comes after it, so it is Monday's order.
      const early = { ...rule, cutoff: '01:30' };
      expect(shipBy('2026-11-01T08:15:00Z', early, us).orderDay).toBe('2026-11-01');
      expect(shipBy('2026-11-01T09:15:00Z', early, us).orderDay).toBe('2026-11-02');
    });
  });

  it('keeps the cut-off in a Central-time rule across both changes', () => {
    const central: DispatchRule = { ...rule, cutoff: '16:00', timeZone: 'America/Chicago' };
    const ct = (local: string) => DateTime.fromISO(local, { zone: 'America/Chicago' }).toJSDate();
    // Paid Thursday before the change: Friday and Monday, or after the cut-off, Monday and Tuesday.
    expect(shipBy(ct('2026-03-05T16:00:59'), central, us).local).toBe('2026-03-09T16:00:59-05:00');
    expect(shipBy(ct('2026-03-05T16:01'), central, us).local).toBe('2026-03-10T16:00:59-05:00');
    expect(shipBy(ct('2026-10-29T16:01'), central, us).local).toBe('2026-11-03T16:00:59-06:00');
  });

  it('counts calendar days when the rule says so', () => {
    expect(due('2026-05-22T15:00', { ...rule, dayKind: 'calendar' })).toBe('2026-05-24T23:59:59-07:00');
  });
});

describe('a warehouse on a Mexican calendar', () => {
  const mx = holidayCalendar('MX-federal');
  const cdmx: DispatchRule = {
    days: 2,
    dayKind: 'business',
    cutoff: '18:00',
    timeZone: 'America/Mexico_City',
  };
  const dueMx = (local: string) =>
    shipBy(DateTime.fromISO(local, { zone: 'America/Mexico_City' }).toJSDate(), cdmx, mx).local;

  it('skips the presidential inauguration on Oct 1 (since 2024), not Dec 1', () => {
    expect(dueMx('2030-09-30T10:00')).toBe('2030-10-03T18:00:59-06:00'); // Tue Oct 1 holiday
    expect(mx.isHoliday('2024-10-01')).toBe(true);
    expect(mx.isHoliday('2030-12-01')).toBe(false);
    expect(mx.isHoliday('2018-12-01')).toBe(true); // before the 2024 reform
  });

  it('skips the Monday-moved holidays (Constitution Day 2026-02-02)', () => {
    expect(dueMx('2026-01-30T10:00')).toBe('2026-02-04T18:00:59-06:00'); // Fri → Mon holiday → Tue 1, Wed 2
  });
});

describe('shipBy properties', () => {
  it('is always after the payment, on a business day, at the cut-off minute', () => {
    const start = Date.UTC(2026, 0, 1);
    const end = Date.UTC(2031, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), (ms) => {
        const deadline = shipBy(new Date(ms), rule, us);
        const local = DateTime.fromISO(deadline.local, { setZone: true });
        expect(DateTime.fromISO(deadline.utc).toMillis()).toBeGreaterThan(ms);
        expect(isBusinessDay(local, us)).toBe(true);
        expect(local.toFormat('HH:mm:ss')).toBe('23:59:59');
        // At most 2 business days plus weekends and holidays: never more than 8 calendar days away.
        expect(DateTime.fromISO(deadline.utc).toMillis() - ms).toBeLessThan(8 * 86_400_000);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('payments between two cut-offs share a deadline (the last window is remembered)', () => {
  it('answers the same whatever order the payments come in, across both DST changes', () => {
    // Every 7 minutes over two weeks around each change, with a 17:00 cut-off that moves with DST.
    const fivePm: DispatchRule = { ...rule, cutoff: '17:00' };
    for (const start of ['2026-03-01T00:00:00Z', '2026-10-25T00:00:00Z']) {
      const instants = Array.from({ length: 2 * 24 * 60 * 2 }, (_, i) =>
        new Date(Date.parse(start) + i * 7 * 60_000).toISOString(),
      );
      const forward = instants.map((t) => shipBy(t, fivePm, us));
      const backward = [...instants].reverse().map((t) => shipBy(t, fivePm, us));
      expect(backward.reverse()).toEqual(forward);
      // And as a Date, and as an instant written in another zone, which luxon reads the same.
      for (const [i, t] of instants.entries()) {
        if (i % 97) continue;
        expect(shipBy(new Date(t), fivePm, us)).toEqual(forward[i]);
        const inMexicoCity = DateTime.fromISO(t).setZone('America/Mexico_City').toISO() as string;
        expect(shipBy(inMexicoCity, fivePm, us)).toEqual(forward[i]);
      }
    }
  });
});
