import { validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LIMITS, movementQuantity, stockDelta, text } from '../domain/limits.ts';
import { merchantSchema } from '../domain/policy/merchant.ts';
import { type ValidationIssue, validationProblems } from './validationProblems.ts';

/** The route schemas' own fields, validated the way Fastify validates a request body. */
const receive = z.object({
  sku: text(LIMITS.text.sku, { min: 1 }),
  quantity: movementQuantity,
  reason: text(LIMITS.text.reason, { layout: true }).optional(),
});
const adjust = z.object({ delta: stockDelta, kind: z.enum(['count', 'damage']).optional() });
const lines = z.object({
  lines: z
    .array(z.object({ quantity: movementQuantity }))
    .min(1)
    .max(3),
});

function problems(schema: z.ZodType, body: unknown) {
  const result = validatorCompiler({ schema, method: 'POST', url: '/', httpPart: 'body' })(body) as {
    error?: ValidationIssue[];
  };
  return validationProblems(result.error ?? [], body, schema);
}

describe('a refused request body, field by field', () => {
  it('gives a number its whole range whichever end was crossed', () => {
    const range = { min: 1, max: LIMITS.movementQuantity, whole: true };
    expect(problems(receive, { sku: 'A', quantity: -50 })).toEqual([
      { field: 'quantity', problem: 'too_small', ...range },
    ]);
    expect(problems(receive, { sku: 'A', quantity: 99_999_999_999_999 })).toEqual([
      { field: 'quantity', problem: 'too_big', ...range },
    ]);
    expect(problems(receive, { sku: 'A', quantity: 2.5 })).toEqual([
      { field: 'quantity', problem: 'not_integer', ...range },
    ]);
  });

  it('tells a missing number from one sent as text', () => {
    expect(problems(receive, { sku: 'A' })).toEqual([
      { field: 'quantity', problem: 'required', min: 1, max: LIMITS.movementQuantity, whole: true },
    ]);
    expect(problems(receive, { sku: 'A', quantity: '5' })[0]?.problem).toBe('not_number');
    expect(problems(receive, { sku: 'A', quantity: null })[0]?.problem).toBe('required');
  });

  it('names the refines of limits.ts: an adjustment of 0, a control character', () => {
    expect(problems(adjust, { delta: 0 })).toEqual([
      { field: 'delta', problem: 'not_zero', min: -1_000_000, max: 1_000_000, whole: true },
    ]);
    expect(problems(receive, { sku: 'A\u0000', quantity: 1 })).toEqual([
      { field: 'sku', problem: 'control_character' },
    ]);
  });

  it('gives text its length limit, a choice its values, a list its count and the item it is about', () => {
    expect(problems(receive, { sku: '', quantity: 1, reason: 'x'.repeat(201) })).toEqual([
      { field: 'sku', problem: 'too_short', length: 1 },
      { field: 'reason', problem: 'too_long', length: LIMITS.text.reason },
    ]);
    expect(problems(adjust, { delta: 1, kind: 'theft' })).toEqual([
      { field: 'kind', problem: 'invalid_choice', values: ['count', 'damage'] },
    ]);
    expect(problems(lines, { lines: [] })).toEqual([{ field: 'lines', problem: 'too_few', length: 1 }]);
    expect(problems(lines, { lines: [{ quantity: 1 }, { quantity: 0 }] })).toEqual([
      { field: 'lines.1.quantity', problem: 'too_small', min: 1, max: LIMITS.movementQuantity, whole: true },
    ]);
  });

  it('reports one problem per field: the first zod finds', () => {
    const found = problems(adjust, { delta: 1e20 });
    expect(found.map((p) => [p.field, p.problem])).toEqual([['delta', 'too_big']]);
  });

  it('gives the Shop Performance Score its range, decimals allowed', () => {
    expect(problems(merchantSchema, { registered_country: 'CN', sps: 99 })).toEqual([
      { field: 'sps', problem: 'too_big', min: 0, max: 5, whole: false },
    ]);
    expect(problems(merchantSchema, { registered_country: 'CN', sps: -3 })[0]?.problem).toBe('too_small');
    expect(problems(merchantSchema, { registered_country: 'CHN', sps: 3.8 })).toEqual([
      { field: 'registered_country', problem: 'too_long', length: 2 },
    ]);
  });
});
