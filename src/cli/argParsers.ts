import { InvalidArgumentError } from 'commander';
import { numberProblem, numberRules } from '../domain/inputProblems.ts';
import { type Lang, languages } from '../i18n/messages.ts';
import type { Expectation } from '../i18n/refusals.ts';

/**
 * Parsers of option and argument values. They refuse with an expectation key, which the refusal
 * line says in the user's language ("a whole number above 0", "应为大于 0 的整数").
 */
const refuse = (expected: Expectation) => new InvalidArgumentError(expected);

export function int(v: string): number {
  const n = Number(v);
  if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) throw refuse('whole_number');
  return n;
}

export function positiveInt(v: string): number {
  const n = /^\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw refuse('positive_whole_number');
  return n;
}

export function nonZeroInt(v: string): number {
  const n = /^-?\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n === 0) throw refuse('nonzero_whole_number');
  return n;
}

export function jobCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw refuse('jobs');
  return n;
}

/** The Shop Performance Score by the API's and the dashboard's own rule: 0 to 5, as typed. */
export function spsScore(v: string): number {
  if (numberProblem(v, numberRules.sps)) throw refuse('sps');
  return Number(v);
}

export function port(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw refuse('port');
  return n;
}

/**
 * `--lang`: en, zh or es, or as a locale (zh-CN, es-MX, en-US): the dashboard's and the channels'
 * language names are accepted where the command line's short ones are.
 */
export function languageArg(v: string): Lang {
  const lang = /^(en|zh|es)([-_][A-Za-z]{2,4})?$/i.test(v.trim()) ? v.trim().slice(0, 2).toLowerCase() : '';
  if (!(languages as readonly string[]).includes(lang)) throw refuse('language');
  return lang as Lang;
}

/** A calendar date as YYYY-MM-DD that exists (not 2026-02-30). */
export function isoDate(v: string): string {
  const t = v.trim();
  const [y, m, d] = t.split('-').map(Number);
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(t) &&
    new Date(Date.UTC(y as number, (m as number) - 1, d as number)).toISOString().slice(0, 10) === t;
  if (!ok) throw refuse('date');
  return t;
}

/** An exchange rate such as 18.25: above 0, at most 8 decimals. */
export function fxRate(v: string): string {
  const t = v.trim();
  if (!/^\d+(\.\d{1,8})?$/.test(t) || Number(t) <= 0) throw refuse('fx_rate');
  return t;
}

/** A currency pair such as USD/MXN. */
export function fxPair(v: string): string {
  const t = v.trim().toUpperCase();
  if (!/^(USD|MXN|CNY)\/(USD|MXN|CNY)$/.test(t) || t.slice(0, 3) === t.slice(4)) throw refuse('fx_pair');
  return t;
}

/** An amount such as 49.99 (at most 2 decimals). */
export function amount(v: string): string {
  if (!/^\d+(\.\d{1,2})?$/.test(v.trim())) throw refuse('amount');
  return v.trim();
}

/** A two-digit HS chapter such as 95. */
export function hsChapter(v: string): string {
  if (!/^\d{2}$/.test(v.trim())) throw refuse('hs_chapter');
  return v.trim();
}

/** A two-letter ISO country code such as CN. */
export function countryCode(v: string): string {
  if (!/^[A-Za-z]{2}$/.test(v.trim())) throw refuse('country');
  return v.trim().toUpperCase();
}
