import { describe, expect, it } from 'vitest';
import { classifySku, testStockCeiling } from './classifySku.ts';

const rules = { minUnitsPerDay: 1, maxCv: 1.5, minListingAgeDays: 30 };
const stats = (perDay: number, cv: number | null) => ({
  velocity30: { perDay, days: 30, inStockDays: 30, censoredDays: 0 },
  cv,
});

describe('classifySku [P13]', () => {
  it('is core when it sells steadily, in volume, for long enough', () => {
    const c = classifySku(stats(4, 0.6), 120, rules);
    expect(c).toMatchObject({ class: 'core', pinned: false });
    expect(c.rules.every((r) => r.passed)).toBe(true);
  });

  it('is a test SKU when any rule fails, and says which', () => {
    expect(classifySku(stats(0.4, 0.9), 120, rules).rules.filter((r) => !r.passed)).toEqual([
      { rule: 'units_per_day', actual: 0.4, threshold: 1, passed: false },
    ]);
    expect(classifySku(stats(5, 2.4), 120, rules).class).toBe('test'); // erratic
    expect(classifySku(stats(5, 0.5), 10, rules).class).toBe('test'); // new listing
    expect(classifySku(stats(0, null), 300, rules).class).toBe('test'); // sold nothing: no CV
  });

  it('lets a pinned class win over the rules, and still shows them', () => {
    const c = classifySku(stats(0.2, 3), 5, rules, 'core');
    expect(c).toMatchObject({ class: 'core', pinned: true });
    expect(c.rules.some((r) => !r.passed)).toBe(true);
    expect(classifySku(stats(9, 0.2), 400, rules, 'test').class).toBe('test');
  });
});

describe('testStockCeiling [P13]', () => {
  const ceiling = { units: 60, valueMinor: 60_000 };
  it('is the unit ceiling for cheap goods', () => {
    expect(testStockCeiling(ceiling, 500)).toEqual({ units: 60, by: 'units' });
  });
  it('is the value ceiling for dear goods: $600 of $25 items is 24 units', () => {
    expect(testStockCeiling(ceiling, 2_500)).toEqual({ units: 24, by: 'value' });
  });
  it('is the unit ceiling when the cost is unknown', () => {
    expect(testStockCeiling(ceiling, null)).toEqual({ units: 60, by: 'units' });
  });
});
