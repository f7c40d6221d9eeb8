import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convert, formatMoney, parseDecimalToMinor, parseRate } from './money.ts';

describe('parseDecimalToMinor', () => {
  it('reads prices as integer minor units, never through a float', () => {
    expect(parseDecimalToMinor('3500')).toBe(350000);
    expect(parseDecimalToMinor('3500.01')).toBe(350001);
    expect(parseDecimalToMinor('0.1')).toBe(10);
    expect(parseDecimalToMinor('$1,299.90')).toBe(129990);
  });

  it('refuses what it cannot read for sure', () => {
    expect(parseDecimalToMinor('12,99')).toBeUndefined(); // a decimal comma, not 1,299
    expect(parseDecimalToMinor('12.999')).toBeUndefined();
    expect(parseDecimalToMinor('abc')).toBeUndefined();
    expect(parseDecimalToMinor('-5')).toBeUndefined();
  });
});

describe('convert', () => {
  const rate = parseRate('18.25', 'USD', 'MXN');
  if (!rate) throw new Error('rate');

  it('converts USD to MXN exactly', () => {
    expect(convert({ amount: 1299, currency: 'USD' }, rate)).toEqual({ amount: 23707, currency: 'MXN' }); // 237.0675
  });

  it('rounds half to even, in one place', () => {
    const half = parseRate('0.5', 'USD', 'MXN');
    if (!half) throw new Error('rate');
    expect(convert({ amount: 1, currency: 'USD' }, half).amount).toBe(0); // 0.5 → 0
    expect(convert({ amount: 3, currency: 'USD' }, half).amount).toBe(2); // 1.5 → 2
    expect(convert({ amount: 5, currency: 'USD' }, half).amount).toBe(2); // 2.5 → 2
  });

  it('agrees with exact rational arithmetic for any amount and rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 99_999_999 }),
        (amount, units) => {
          const r = { from: 'USD' as const, to: 'MXN' as const, units: BigInt(units), scale: 4 };
          const out = convert({ amount, currency: 'USD' }, r).amount;
          const exact = (amount * units) / 10_000;
          expect(Math.abs(out - exact)).toBeLessThanOrEqual(0.5);
        },
      ),
    );
  });

  it('refuses a rate that does not apply', () => {
    expect(() => convert({ amount: 1, currency: 'MXN' }, { ...rate, to: 'USD' })).toThrow();
  });
});

describe('parseRate and formatMoney', () => {
  it('reads a rate and refuses zero or text', () => {
    expect(parseRate('17.9', 'USD', 'MXN')).toEqual({ from: 'USD', to: 'MXN', units: 179n, scale: 1 });
    expect(parseRate('0', 'USD', 'MXN')).toBeUndefined();
    expect(parseRate('eighteen', 'USD', 'MXN')).toBeUndefined();
  });

  it('formats for messages', () => {
    expect(formatMoney({ amount: 350000, currency: 'MXN' })).toBe('3,500.00 MXN');
  });
});
