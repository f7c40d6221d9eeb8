import { describe, expect, it } from 'vitest';
import { bufferPercent, controlCharacterAt, LIMITS, orderLinesProblem, text } from './limits.ts';

describe('limits', () => {
  it('finds control characters, letting tab and line breaks through only in free text', () => {
    expect(controlCharacterAt('Dallas 3PL')).toBe(-1);
    expect(controlCharacterAt('a\u0000b')).toBe(1);
    expect(controlCharacterAt('line\nbreak')).toBe(4);
    expect(controlCharacterAt('line\r\nbreak\tand tab', true)).toBe(-1);
    expect(controlCharacterAt('bell\u0007', true)).toBe(4);
    expect(controlCharacterAt('del\u007f')).toBe(3);
    expect(controlCharacterAt('c1\u0085')).toBe(2);
    expect(controlCharacterAt('é ñ 中文 —')).toBe(-1);
  });

  it('refuses NUL and over-long text in a text field', () => {
    const name = text(5, { min: 1 });
    expect(name.safeParse('Texas').success).toBe(true);
    expect(name.safeParse('Tex\u0000').error?.issues[0]?.message).toBe(
      'no control characters (such as NUL or line breaks)',
    );
    expect(name.safeParse('Texas!').success).toBe(false);
    expect(name.safeParse('').success).toBe(false);
  });

  it('takes buffer percent as a whole number from 0 to 100', () => {
    expect([0, 10, 100, 1.5, 101, -1].map((p) => bufferPercent.safeParse(p).success)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('keeps an order total at or under its cap, which is below 2^53', () => {
    expect(LIMITS.orderTotalMinor).toBeLessThan(Number.MAX_SAFE_INTEGER);
    const top = { quantity: LIMITS.lineQuantity, unitPriceMinor: LIMITS.unitPriceMinor };
    expect(orderLinesProblem([top])).toBeNull();
    expect(orderLinesProblem([top, { quantity: 1, unitPriceMinor: 1 }])).toBe(
      'the order total may be at most 1000000000000000 minor units',
    );
    expect(orderLinesProblem(Array.from({ length: 100 }, () => top))).toBe(
      'the order total may be at most 1000000000000000 minor units',
    );
    expect(orderLinesProblem([{ quantity: 2 ** 31, unitPriceMinor: 1 }])).toBe(
      "a line's quantity must be a whole number from 1 to 1000000",
    );
    expect(orderLinesProblem([{ quantity: 1, unitPriceMinor: 1.5 }])).toBe(
      'a unit price must be from 0 to 1000000000 minor units',
    );
  });

  it('leaves room in a 32-bit column for a movement on top of a full level', () => {
    expect(LIMITS.onHand + LIMITS.movementQuantity).toBeLessThanOrEqual(2 ** 31 - 1);
    expect(LIMITS.unitPriceMinor).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});
