import type { z } from 'zod';
import type { InputProblem, InputProblemKind } from '../domain/inputProblems.ts';

/**
 * A zod issue as fastify-type-provider-zod hands it to the error handler: the issue's code as
 * `keyword`, its path as `instancePath` (`/lines/0/quantity`), the rest of it in `params`.
 */
export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/**
 * The refused fields of a request, one problem per field (the first zod reports), as data: the kind,
 * and for a number the range its schema allows, so a sentence can say "from 1 to 1,000,000" whichever
 * end was crossed. `input` is what was sent (body, query…), `schema` the route's schema for it.
 */
export function validationProblems(
  issues: readonly ValidationIssue[],
  input: unknown,
  schema: unknown,
): InputProblem[] {
  const byField = new Map<string, InputProblem>();
  for (const issue of issues) {
    const path = issue.instancePath.split('/').filter(Boolean);
    const problem = problemOf(issue, path, input, schema);
    if (!byField.has(problem.field)) byField.set(problem.field, problem);
  }
  return [...byField.values()];
}

function problemOf(issue: ValidationIssue, path: string[], input: unknown, schema: unknown): InputProblem {
  const p = issue.params;
  const field = path.join('.');
  const value = valueAt(input, path);
  const at = (problem: InputProblemKind, extra: Partial<InputProblem> = {}): InputProblem => ({
    field,
    problem,
    ...extra,
  });
  const number = (problem: InputProblemKind) => at(problem, numberRange(schemaAt(schema, path)));
  const length = Number(p.maximum ?? p.minimum);
  switch (issue.keyword) {
    case 'invalid_type': {
      const expected = String(p.expected);
      if (value === undefined || value === null)
        return expected === 'number' || expected === 'int' ? number('required') : at('required');
      if (expected === 'int') return typeof value === 'number' ? number('not_integer') : number('not_number');
      if (expected === 'number') return number('not_number');
      if (expected === 'string') return at('not_text');
      if (expected === 'boolean') return at('not_boolean');
      if (expected === 'array') return at('not_list');
      return at('invalid');
    }
    case 'too_small':
    case 'too_big': {
      const origin = String(p.origin);
      if (origin === 'number' || origin === 'int' || origin === 'bigint') return number(issue.keyword);
      if (p.exact) return at('wrong_length', { length });
      if (origin === 'string') return at(issue.keyword === 'too_big' ? 'too_long' : 'too_short', { length });
      if (origin === 'array' || origin === 'set')
        return at(issue.keyword === 'too_big' ? 'too_many' : 'too_few', { length });
      return at('invalid');
    }
    case 'invalid_value':
      return at('invalid_choice', { values: Array.isArray(p.values) ? p.values.map(String) : [] });
    case 'invalid_format':
      return at('invalid_format');
    case 'unrecognized_keys': {
      const key = Array.isArray(p.keys) ? String(p.keys[0]) : '';
      return { field: [...path, key].filter(Boolean).join('.'), problem: 'unknown_field' };
    }
    case 'custom': {
      // A refine names its problem in `params` (limits.ts: not_zero, control_character).
      const named = (p.params as { problem?: InputProblemKind } | undefined)?.problem;
      if (named === 'not_zero') return number('not_zero');
      return at(named ?? 'invalid');
    }
    default:
      return at('invalid');
  }
}

function valueAt(input: unknown, path: readonly string[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** The zod schema at a path, through optional, nullable, default and pipe wrappers. */
function schemaAt(schema: unknown, path: readonly string[]): z.ZodType | null {
  let s = unwrap(schema);
  for (const key of path) {
    if (!s) return null;
    const def = s._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'object') s = unwrap((def.shape as Record<string, unknown>)[key]);
    else if (def.type === 'array') s = unwrap(def.element);
    else return null;
  }
  return s;
}

function unwrap(schema: unknown): z.ZodType | null {
  let s = schema as z.ZodType | undefined;
  for (let depth = 0; s?._zod && depth < 10; depth++) {
    const def = s._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default')
      s = def.innerType as z.ZodType;
    else if (def.type === 'pipe') s = def.in as z.ZodType;
    else return s;
  }
  return s?._zod ? s : null;
}

/** The range a number schema allows, and whether it must be whole. */
function numberRange(schema: z.ZodType | null): Pick<InputProblem, 'min' | 'max' | 'whole'> {
  if (!schema || (schema._zod.def as { type?: string }).type !== 'number') return {};
  const n = schema as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
  const finite = (x: number | null | undefined) =>
    typeof x === 'number' && Number.isFinite(x) && Math.abs(x) < Number.MAX_SAFE_INTEGER ? x : undefined;
  const range: Pick<InputProblem, 'min' | 'max' | 'whole'> = { whole: n.isInt === true };
  const min = finite(n.minValue);
  const max = finite(n.maxValue);
  if (min !== undefined) range.min = min;
  if (max !== undefined) range.max = max;
  return range;
}
