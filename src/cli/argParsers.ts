import { InvalidArgumentError } from 'commander';
import { numberProblem, numberRules } from '../domain/inputProblems.ts';
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
