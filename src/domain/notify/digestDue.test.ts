import { describe, expect, it } from 'vitest';
import { dueDigestDay } from './digestDue.ts';

describe('when a warehouse’s morning digest is due', () => {
  const dallas = 'America/Chicago';

  it('is due from its time on the warehouse’s clock, for that local day', () => {
    // 06:59 and 07:00 CST on Wednesday 25 November 2026.
    expect(dueDigestDay(new Date('2026-11-25T12:59:00Z'), '07:00', dallas)).toBeNull();
    expect(dueDigestDay(new Date('2026-11-25T13:00:00Z'), '07:00', dallas)).toBe('2026-11-25');
    // 23:30 CST is still the 25th in Dallas, though the 26th in UTC.
    expect(dueDigestDay(new Date('2026-11-26T05:30:00Z'), '07:00', dallas)).toBe('2026-11-25');
  });

  it('keeps 07:00 at 07:00 across the change to daylight time', () => {
    // Sunday 8 March 2026: 07:00 CDT is 12:00 UTC, an hour earlier than in winter.
    expect(dueDigestDay(new Date('2026-03-08T11:59:00Z'), '07:00', dallas)).toBeNull();
    expect(dueDigestDay(new Date('2026-03-08T12:00:00Z'), '07:00', dallas)).toBe('2026-03-08');
  });

  it('is never due for a warehouse without a digest time', () => {
    expect(dueDigestDay(new Date('2026-11-25T20:00:00Z'), null, dallas)).toBeNull();
  });
});
