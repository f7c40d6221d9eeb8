import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { InputProblem, InputProblemKind } from '../../src/domain/inputProblems.ts';
import { ApiError } from './api';
import { formatNumber } from './format';

/*
 * Forms refuse, they don't fix: a field's problem is shown under it, in the user's language, naming
 * the field as the form labels it and giving the allowed range. The rules are the server's own
 * (src/domain/inputProblems.ts), so what a form takes the API takes, and the other way round.
 */

export { type NumberRule, numberProblem, numberRules } from '../../src/domain/inputProblems.ts';

export type Problem = Omit<InputProblem, 'field'>;

/** Kinds whose sentences this dashboard has (validation.* in web/src/i18n); others keep the API's. */
const worded = new Set<InputProblemKind>([
  'required',
  'not_number',
  'not_integer',
  'too_small',
  'too_big',
  'not_zero',
  'too_short',
  'too_long',
  'wrong_length',
  'invalid_choice',
  'invalid_format',
  'control_character',
  'invalid',
]);
const numberKinds = new Set<InputProblemKind>([
  'required',
  'not_number',
  'not_integer',
  'too_small',
  'too_big',
  'not_zero',
]);

/** "Quantity cannot be less than 1. Allowed: whole numbers from 1 to 1,000,000." */
export function problemText(t: TFunction, lang: string, label: string, p: Problem): string {
  const n = (x: number | undefined) => (x === undefined ? '' : formatNumber(x, lang, 20));
  const vars = {
    field: label,
    min: n(p.min),
    max: n(p.max),
    length: p.length ?? 0,
    values: (p.values ?? []).join(', '),
  };
  const kind = p.problem === 'too_short' && (p.length ?? 0) <= 1 ? 'required' : p.problem;
  const sentence = t(`validation.${kind}`, vars);
  if (!numberKinds.has(p.problem) || p.min === undefined || p.max === undefined) return sentence;
  const range = t(p.whole ? 'validation.rangeWhole' : 'validation.range', vars);
  // Chinese sentences follow each other without a space (they end in 。).
  return `${sentence}${lang.startsWith('zh') ? '' : ' '}${range}`;
}

/** An empty text or choice is refused like an empty number. */
export const requiredProblem = (value: string | null | undefined): Problem | null =>
  value === null || value === undefined || value.trim() === '' ? { problem: 'required' } : null;

/** The fields an API refusal names, with their problem and the API's own sentence. */
export function apiFieldProblems(err: unknown): (InputProblem & { message?: string })[] {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return [];
  return (err.details as unknown[]).filter(
    (d): d is InputProblem & { message?: string } =>
      !!d && typeof d === 'object' && typeof (d as InputProblem).problem === 'string',
  );
}

/**
 * The sentence under each field of one form: what is wrong with what was typed (once the person has
 * tried to submit), else what the API refused for that field after a submit. `labels` names the
 * fields as the form shows them, by their name in the request.
 */
export function useFieldErrors(
  labels: Record<string, string>,
  typed: Record<string, Problem | null>,
  submitted: boolean,
  apiError: unknown,
) {
  const { t, i18n } = useTranslation();
  const refused = apiFieldProblems(apiError);
  const errors: Record<string, string | null> = {};
  for (const [field, label] of Object.entries(labels)) {
    const own = submitted ? typed[field] : null;
    const api = refused.find((p) => p.field === field);
    errors[field] = own
      ? problemText(t, i18n.language, label, own)
      : api
        ? worded.has(api.problem)
          ? problemText(t, i18n.language, label, api)
          : (api.message ?? null)
        : null;
  }
  return {
    /** The sentence to show under the field, or null. */
    errors,
    /** Nothing typed is refused: the form may be sent. */
    valid: Object.values(typed).every((p) => p === null),
    /** The fields shown in place, left out of the form's error notice. */
    shown: Object.keys(labels),
  };
}
