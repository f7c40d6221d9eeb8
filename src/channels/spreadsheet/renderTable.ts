import type { Policy } from '../../domain/policy/policy.ts';
import type { ReasonCode, Verdict } from '../../domain/policy/reasons.ts';
import { eligibilityMessage, type Lang, verdictNames } from '../../i18n/messages.ts';
import { reasonNames } from '../../i18n/reportLabels.ts';
import type { CheckSummary } from '../../services/checkCatalog.ts';

/** The human report of `puente check` on a terminal: counts, top reasons, the rows to fix first. */

/** Terms as in src/i18n/glossary.json and the dashboard. */
export const labels = {
  en: {
    verdicts: 'Verdicts',
    rows: 'rows',
    total: 'total',
    reasons: 'Top reasons',
    grades: 'Fit grades',
    worst: 'Rows to look at first',
    merchant: 'Merchant',
    more: 'Full results: --format xlsx --out report.xlsx (or csv, json, ndjson)',
  },
  zh: {
    verdicts: '结论',
    rows: '行数',
    total: '合计',
    reasons: '主要原因',
    grades: '适配度',
    worst: '优先处理的行',
    merchant: '商家准入',
    more: '完整结果：--format xlsx --out report.xlsx（或 csv、json、ndjson）',
  },
  es: {
    verdicts: 'Resultados',
    rows: 'filas',
    total: 'total',
    reasons: 'Motivos principales',
    grades: 'Idoneidad',
    worst: 'Filas a revisar primero',
    merchant: 'Vendedor',
    more: 'Resultados completos: --format xlsx --out reporte.xlsx (o csv, json, ndjson)',
  },
} satisfies Record<Lang, Record<string, string>>;

const colors: Record<Verdict, number> = { allowed: 32, needs_invitation: 33, blocked: 31, invalid: 90 };

/** Width in terminal columns: Chinese characters take two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;
const clip = (s: string, n: number) => {
  let out = '';
  for (const ch of s) {
    if (width(out + ch) > n - 1) return `${out}…`;
    out += ch;
  }
  return out;
};

export function renderTable(summary: CheckSummary, policy: Policy, lang: Lang, color: boolean): string {
  const t = labels[lang];
  const s = summary.toJSON();
  const paint = (v: Verdict, text: string) => (color ? `\x1b[${colors[v]}m${text}\x1b[0m` : text);
  const lines: string[] = [];
  lines.push(`${policy.name} — ${policy.id} v${policy.version}`);
  if (summary.merchant) {
    lines.push(`${t.merchant}: ${eligibilityMessage(summary.merchant, lang)} [${summary.merchant.fact}]`);
  }
  lines.push('', t.verdicts);
  for (const v of Object.keys(s.verdicts) as Verdict[]) {
    const n = s.verdicts[v];
    const share = s.rows ? `${((100 * n) / s.rows).toFixed(1)}%` : '-';
    lines.push(`  ${paint(v, pad(verdictNames[v][lang], 20))}${padStart(String(n), 8)}${padStart(share, 8)}`);
  }
  lines.push(`  ${pad(t.total, 20)}${padStart(String(s.rows), 8)}`);

  if (s.top_reasons.length) {
    lines.push('', t.reasons);
    for (const r of s.top_reasons) {
      const name = reasonNames[r.code as ReasonCode]?.[lang] ?? r.code;
      lines.push(`  ${pad(name, 24)}${padStart(String(r.count), 6)}`);
    }
  }
  lines.push('', `${t.grades}:  A ${s.fit_grades.A} · B ${s.fit_grades.B} · C ${s.fit_grades.C}`);

  if (s.worst_rows.length) {
    lines.push('', t.worst);
    for (const w of s.worst_rows) {
      const verdict = paint(w.verdict, pad(verdictNames[w.verdict][lang], 12));
      const source = w.fact ? ` [${w.fact}]` : '';
      lines.push(
        `  ${padStart(String(w.row), 6)}  ${pad(clip(w.sku, 16), 16)} ${verdict} ${clip(w.reason, 84)}${source}`,
      );
    }
  }
  lines.push('', t.more, '');
  return lines.join('\n');
}
