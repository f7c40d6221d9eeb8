import { describe, expect, it } from 'vitest';
import { type NumberRule, numberProblem, numberRules } from './inputProblems.ts';

describe('a number as it was typed is judged, never fixed', () => {
  const receive = numberRules.movementQuantity;
  const problem = (typed: string | number, rule: NumberRule = receive) =>
    numberProblem(typed, rule)?.problem ?? null;

  it('refuses what receiving took before: -50, 2.5, 99999999999999', () => {
    expect([problem('-50'), problem('2.5'), problem('99999999999999')]).toEqual([
      'too_small',
      'not_integer',
      'too_big',
    ]);
  });

  it('refuses an empty field and text that is not a plain number', () => {
    expect([problem(''), problem('  '), problem('1e3'), problem('0x10'), problem('12abc')]).toEqual([
      'required',
      'required',
      'not_number',
      'not_number',
      'not_number',
    ]);
  });

  it('takes the ends of the range', () => {
    expect([problem('1'), problem(1_000_000), problem('+7')]).toEqual([null, null, null]);
  });

  it('gives the range with every refusal', () => {
    expect(numberProblem('0', receive)).toEqual({
      problem: 'too_small',
      min: 1,
      max: 1_000_000,
      whole: true,
    });
  });

  it('refuses an adjustment of 0 and takes a negative one', () => {
    expect([problem('0', numberRules.stockDelta), problem('-5', numberRules.stockDelta)]).toEqual([
      'not_zero',
      null,
    ]);
  });

  it('takes a decimal Shop Performance Score from 0 to 5 and nothing outside', () => {
    const sps = numberRules.sps;
    expect([
      problem('3.8', sps),
      problem('0', sps),
      problem('5', sps),
      problem('-3', sps),
      problem('99', sps),
    ]).toEqual([null, null, null, 'too_small', 'too_big']);
  });
});
