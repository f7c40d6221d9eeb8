import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './backtest/seededRandom.ts';
import { addDays } from './calendarDays.ts';
import type { DemandDay } from './demandSeries.ts';
import { detectHit } from './detectHit.ts';
import { planningConfigSchema } from './planningConfig.ts';

const config = planningConfigSchema.parse(
  JSON.parse(readFileSync(new URL('../../../config/planning.json', import.meta.url), 'utf8')),
);
const rules = config.hits;

const days = (units: number[]): DemandDay[] =>
  units.map((u, i) => ({ date: addDays('2026-04-01', i), units: u, inStock: true }));

/** Flagged days / days checked, over a long seeded series, each day judged on the 60 days before. */
function falsePositiveRate(seed: number, dailyUnits: (rnd: ReturnType<typeof seededRandom>) => number) {
  const rnd = seededRandom(seed);
  const seen: DemandDay[] = [];
  let flagged = 0;
  let checked = 0;
  for (let day = 0; day < 3000; day++) {
    seen.push({ date: addDays('2020-01-01', day), units: dailyUnits(rnd), inStock: true });
    if (seen.length > 60) seen.shift();
    if (day < 40) continue;
    checked++;
    if (detectHit(seen, 100, rules).hit) flagged++;
  }
  return flagged / checked;
}

/** Orders of 1 or 2 units: real sales are lumpier than a Poisson count of units. */
const lumpy = (rnd: ReturnType<typeof seededRandom>, rate: number) => {
  let units = 0;
  for (let n = rnd.poisson(rate / 1.5); n > 0; n--) units += rnd.next() < 0.5 ? 1 : 2;
  return units;
};

describe('detectHit', () => {
  it('keeps quiet when a test SKU sells 3 instead of 1', () => {
    const check = detectHit(days([...Array(28).fill(1), 1, 1, 3]), 20, rules);
    const day = check.windows.find((w) => w.windowHours === 24);
    expect(day).toMatchObject({ observed: 3, expected: 1, ratio: 3 });
    // 3 or more happen 8% of days at 1 a day: not evidence of anything.
    expect(day?.pValue).toBeCloseTo(0.0803, 4);
    expect(check.hit).toBe(false);
  });

  it('flags a rise that is large and unlikely, with the date the stock runs out at its pace', () => {
    const check = detectHit(days([...Array(28).fill(1), 1, 2, 12]), 30, rules);
    expect(check.hit).toBe(true);
    const day = check.windows.find((w) => w.windowHours === 24);
    expect(day).toMatchObject({ observed: 12, expected: 1, ratio: 12, flagged: true });
    expect(day?.pValue).toBeLessThan(1e-8);
    // The last day is 05-01; 30 units at 12 a day last 2.5 days: the shelf empties on the third day.
    expect(check.pacePerDay).toBe(12);
    expect(check.runsOutOn).toBe('2026-05-04');
  });

  // npm run bench:plan, seed 7: SYN-VIRAL sells ~1 a day in orders of 1-2 (two stray days of 4 and 5
  // among them), then content takes off on 04-25 (2, 7, 4 units) and the shelf empties on 04-28
  // after 6 of 11. Days 03-29..04-28, the last censored.
  const viralSeed7 = [
    0, 2, 2, 0, 1, 5, 0, 0, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 2, 1, 4, 5, 0, 2, 7, 4, 6,
  ];
  const viralDays = (through: number) =>
    days(viralSeed7.slice(0, through)).map((d, i) => ({ ...d, inStock: i < 30 }));

  it('flags the viral SKU on the day its shelf empties: 17 units in 72 h against ~1.1 a day', () => {
    const check = detectHit(viralDays(31), 0, rules);
    const threeDays = check.windows.find((w) => w.windowHours === 72);
    expect(threeDays).toMatchObject({ observed: 17, flagged: true });
    expect(threeDays?.expected).toBeCloseTo(3.32, 2);
    expect(check.dispersion).toBeCloseTo(2.16, 2);
    // Quasi-Poisson tested floor(17 / 2.16) = 7 against 3.32 / 2.16 and got 1.03e-3: not a hit.
    expect(threeDays?.pValue).toBeLessThan(rules.maxPValue);
  });

  it('cannot tell the viral take-off from lumpy chance two days earlier (7 units in a day, dispersion 2.3)', () => {
    const check = detectHit(viralDays(29), 17, rules);
    const day = check.windows.find((w) => w.windowHours === 24);
    expect(day).toMatchObject({ observed: 7, flagged: false });
    // At ~1 a day in lumps, 7 in a day happens about once in 80 days: a ratio of 7, not evidence.
    expect(day?.pValue).toBeGreaterThan(0.005);
    expect(check.hit).toBe(false);
  });

  it('measures the baseline before the windows, on in-stock days only', () => {
    const before: DemandDay[] = days(Array(28).fill(2)).map((d, i) => ({ ...d, inStock: i % 2 === 0 }));
    const check = detectHit(
      [...before, ...days([2, 2, 2]).map((d, i) => ({ ...d, date: addDays('2026-04-29', i) }))],
      0,
      rules,
    );
    expect(check.baselineDays).toBe(14);
    expect(check.baselinePerDay).toBe(2);
  });

  it('does not judge a SKU with less than a week of baseline', () => {
    expect(detectHit(days([0, 0, 0, 20]), 10, rules).hit).toBe(false);
  });

  it('fires on under 1% of days for steady sellers', () => {
    for (const rate of [0.5, 1, 3, 10, 40]) {
      expect(falsePositiveRate(11, (rnd) => rnd.poisson(rate))).toBeLessThan(0.01);
      expect(falsePositiveRate(12, (rnd) => lumpy(rnd, rate))).toBeLessThan(0.01);
    }
  });

  it('fires on under 1% of days for intermittent sellers', () => {
    for (const rate of [0.05, 0.15, 0.3]) {
      // Most days nothing; now and then an order of 1 to 3.
      expect(falsePositiveRate(13, (rnd) => (rnd.next() < rate ? rnd.int(1, 3) : 0))).toBeLessThan(0.01);
      expect(falsePositiveRate(14, (rnd) => lumpy(rnd, rate))).toBeLessThan(0.01);
    }
  });
});
