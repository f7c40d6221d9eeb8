import { describe, expect, it } from 'vitest';
import { addDays } from './calendarDays.ts';
import { type DemandDay, demandStats, ewmaRate, velocity } from './demandSeries.ts';

/** Consecutive days from 2026-03-01: a number is an in-stock day's units, 'out' a censored day. */
const series = (...units: (number | 'out')[]): DemandDay[] =>
  units.map((u, i) => ({ date: addDays('2026-03-01', i), units: u === 'out' ? 0 : u, inStock: u !== 'out' }));

describe('demand series', () => {
  it('leaves days out of stock out of the pace, and counts them', () => {
    // 4 a day while on the shelf; 3 days empty. Counting the empty days as zero would say 2.29.
    const days = series(4, 4, 'out', 'out', 'out', 4, 4);
    expect(velocity(days, 7)).toEqual({ perDay: 4, days: 7, inStockDays: 4, censoredDays: 3 });
  });

  it('keeps a day the shelf emptied part-way out too: its sales are only a lower bound', () => {
    const days: DemandDay[] = [...series(6, 6, 6), { date: '2026-03-04', units: 2, inStock: false }];
    expect(velocity(days, 7).perDay).toBe(6);
    expect(demandStats(days).censoredDays).toBe(1);
  });

  it('reads 7, 14 and 30 days back from the last day', () => {
    const days = series(...Array(23).fill(1), ...Array(7).fill(3));
    const s = demandStats(days);
    expect(s.asOf).toBe('2026-03-30');
    expect(s.velocity7.perDay).toBe(3);
    expect(s.velocity14.perDay).toBe(2); // 7 days of 1, 7 of 3
    expect(s.velocity30.perDay).toBeCloseTo(44 / 30, 10);
    expect(s.trend.ratio7to30).toBeCloseTo(3 / (44 / 30), 10);
    expect(s.trend.slopePerDay).toBeGreaterThan(0);
  });

  it('weighs a day a half-life old half as much as today', () => {
    // Weights 0.5 (7 days ago, 10 units) and 1 (today, 1 unit); the days between were censored.
    const days = series(10, 'out', 'out', 'out', 'out', 'out', 'out', 1);
    expect(ewmaRate(days, 7)).toBeCloseTo((0.5 * 10 + 1) / 1.5, 10);
  });

  it('measures σ and the coefficient of variation on in-stock days', () => {
    const s = demandStats(series(2, 4, 'out', 2, 4));
    expect(s.sigmaPerDay).toBeCloseTo(Math.sqrt(4 / 3), 10); // sample σ of 2, 4, 2, 4
    expect(s.cv).toBeCloseTo(Math.sqrt(4 / 3) / 3, 10);
    expect(demandStats(series(0, 0, 0)).cv).toBeNull();
  });

  it('has no pace at all when every day was censored, and says so', () => {
    expect(velocity(series('out', 'out'), 7)).toEqual({
      perDay: 0,
      days: 2,
      inStockDays: 0,
      censoredDays: 2,
    });
  });
});
