import type { CheckSummary, Verdict } from './apiTypes';

/**
 * A check's summary in one shape. The contract names it {total, byVerdict, byGrade, byReason}; the
 * server sends the CLI's report shape {rows, verdicts, fit_grades, top_reasons:[{code,count}],
 * categories}. Both are read here.
 */
export interface ReadSummary extends CheckSummary {
  byCategory: Record<string, number>;
}

export function readCheckSummary(raw: unknown): ReadSummary | null {
  if (!raw || typeof raw !== 'object') return null;
  const s = raw as Record<string, unknown>;
  const byVerdict = (s.byVerdict ?? s.verdicts ?? {}) as Record<Verdict, number>;
  const byGrade = (s.byGrade ?? s.fit_grades ?? {}) as Record<'A' | 'B' | 'C', number>;
  let byReason = (s.byReason ?? {}) as Record<string, number>;
  if (Array.isArray(s.top_reasons)) {
    byReason = Object.fromEntries(
      (s.top_reasons as { code: string; count: number }[]).map((r) => [r.code, r.count]),
    );
  }
  const total =
    typeof s.total === 'number'
      ? s.total
      : typeof s.rows === 'number'
        ? s.rows
        : Object.values(byVerdict).reduce((a, b) => a + b, 0);
  return {
    total,
    byVerdict,
    byGrade,
    byReason,
    byCategory: (s.byCategory ?? s.categories ?? {}) as Record<string, number>,
  };
}
