/**
 * Money is an integer number of minor units (cents, centavos) plus an ISO currency code.
 * Floats never hold money: prices are parsed from their decimal text straight into minor units,
 * and exchange is done in BigInt with one rounding, half-even, in `convert`.
 */

export type MinorUnits = number;
/** CNY is read (a Chinese ERP's 采购价（人民币）, a price in 元) and named; no CNY rate converts it yet. */
export type Currency = 'MXN' | 'USD' | 'CNY';

export interface Money {
  amount: MinorUnits;
  currency: Currency;
}

/** An exchange rate as an exact decimal: `units / 10^scale` of `to` per one `from`. */
export interface ExchangeRate {
  from: Currency;
  to: Currency;
  units: bigint;
  scale: number;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Reads a plain decimal such as `12.99`, `1,299.00` or `$1299`. Thousands separators are
 * accepted only in groups of three before the point, so `12,99` (a decimal comma) is refused
 * rather than read as 1,299.
 */
export function parseDecimalToMinor(text: string, minorDigits = 2): MinorUnits | undefined {
  let s = text.trim().replace(/^\$\s*/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replaceAll(',', '');
  const m = DECIMAL.exec(s);
  if (!m) return undefined;
  const whole = m[1] as string;
  const frac = m[2] ?? '';
  if (frac.length > minorDigits) return undefined;
  const minor = Number(whole) * 10 ** minorDigits + Number(frac.padEnd(minorDigits, '0'));
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Parses a rate such as `18.25` (units of `to` per 1 `from`); at most 8 decimals. */
export function parseRate(text: string, from: Currency, to: Currency): ExchangeRate | undefined {
  const m = /^(\d+)(?:\.(\d{1,8}))?$/.exec(text.trim());
  if (!m) return undefined;
  const frac = m[2] ?? '';
  const units = BigInt((m[1] as string) + frac);
  if (units === 0n) return undefined;
  return { from, to, units, scale: frac.length };
}

/** Integer division rounding half to even (banker's rounding), for non-negative numerator. */
function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder > denominator) return quotient + 1n;
  if (twiceRemainder < denominator) return quotient;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}

/**
 * Converts money with a rate. This file is the only place in Puente where money is rounded: here,
 * in `convertBack` and in `shareOf`, each once, half-even.
 */
export function convert(money: Money, rate: ExchangeRate): Money {
  if (money.currency === rate.to) return money;
  if (money.currency !== rate.from) {
    throw new Error(`rate ${rate.from}->${rate.to} cannot convert ${money.currency}`);
  }
  const amount = divideHalfEven(BigInt(money.amount) * rate.units, 10n ** BigInt(rate.scale));
  return { amount: Number(amount), currency: rate.to };
}

/** Converts money in the rate's `to` currency back to its `from` currency (MXN → USD with a USD/MXN rate). */
export function convertBack(money: Money, rate: ExchangeRate): Money {
  if (money.currency === rate.from) return money;
  if (money.currency !== rate.to) {
    throw new Error(`rate ${rate.from}->${rate.to} cannot convert ${money.currency} back`);
  }
  const amount = divideHalfEven(BigInt(money.amount) * 10n ** BigInt(rate.scale), rate.units);
  return { amount: Number(amount), currency: rate.from };
}

/**
 * `amount × numerator / denominator`, rounded once: a rate in basis points (`shareOf(x, 1900,
 * 10000)` is 19% of x), a per-kilogram price times grams, a per-entry fee over its units.
 */
export function shareOf(amount: MinorUnits, numerator: number, denominator: number): MinorUnits {
  if (amount < 0 || numerator < 0 || denominator <= 0) throw new Error('shareOf takes non-negative figures');
  return Number(divideHalfEven(BigInt(amount) * BigInt(numerator), BigInt(denominator)));
}

/** `350000 MXN` → `3,500.00 MXN`, for messages. */
export function formatMoney(money: Money): string {
  // Grouped by hand: toLocaleString costs microseconds, and this runs for every row of a report.
  const whole = String(Math.trunc(money.amount / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(money.amount % 100).padStart(2, '0');
  return `${whole}.${cents} ${money.currency}`;
}
