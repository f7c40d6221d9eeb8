import type { ColumnMap } from '../domain/catalog/catalogColumns.ts';
import { parseCatalogRow } from '../domain/catalog/catalogRow.ts';
import { classifyProduct } from '../domain/classify/classifyProduct.ts';
import { type FitConfig, type FitFlag, type Grade, assessFit } from '../domain/fit/assessFit.ts';
import { type EvaluationContext, evaluateSku } from '../domain/policy/evaluateSku.ts';
import { type Eligibility, evaluateMerchant } from '../domain/policy/merchant.ts';
import type { Reason, ReasonCode, Verdict } from '../domain/policy/reasons.ts';
import { type Lang, fitReason, reasonMessage } from '../i18n/messages.ts';

/** A SKU's result as every output format shows it (`--format ndjson` prints exactly this). */
export interface CheckResult {
  row: number;
  sku: string;
  verdict: Verdict;
  category: string | null;
  detected: string | null;
  confidence: number;
  evidence: string[];
  reasons: { code: ReasonCode; message: string; fact: string | null }[];
  fit: { grade: Grade; flags: FitFlag[]; reason: string; unknown: string[] };
  price_mxn: number | null;
  max_units_per_order: number | null;
}

export interface CheckContext extends EvaluationContext {
  fit: FitConfig;
  lang: Lang;
}

/** Checks rows one at a time, in input order, in constant memory but for the SKUs seen so far. */
export class CatalogChecker {
  private readonly seen = new Map<string, number>();
  readonly summary: CheckSummary;

  constructor(
    private readonly ctx: CheckContext,
    private readonly columns: ColumnMap,
  ) {
    this.summary = new CheckSummary(ctx);
  }

  check(values: readonly string[], row: number): CheckResult {
    const { ctx } = this;
    const parsed = parseCatalogRow(values, this.columns);
    const { item } = parsed;
    const firstRow = item.sku ? this.seen.get(item.sku) : undefined;
    if (firstRow !== undefined) {
      parsed.errors.push({ field: 'sku', value: `${item.sku}, row ${firstRow}`, problem: 'duplicate_sku' });
    } else if (item.sku) this.seen.set(item.sku, row);

    const classification = classifyProduct(item);
    const evaluation = evaluateSku(parsed, classification, ctx);
    const fit = assessFit(item, evaluation.priceMxn, ctx.fit);
    const result: CheckResult = {
      row,
      sku: item.sku,
      verdict: evaluation.verdict,
      category: evaluation.category,
      detected: evaluation.detected,
      confidence: Math.round(classification.confidence * 100) / 100,
      evidence: classification.evidence,
      reasons: evaluation.reasons.map((r) => this.describe(r)),
      fit: { grade: fit.grade, flags: fit.flags, reason: fitReason(fit, ctx.lang), unknown: fit.unknown },
      price_mxn: evaluation.priceMxn ?? null,
      max_units_per_order: evaluation.maxUnitsPerOrder ?? null,
    };
    this.summary.add(result);
    return result;
  }

  private describe(r: Reason): CheckResult['reasons'][number] {
    return { code: r.code, message: reasonMessage(r, this.ctx.lang, this.ctx.policy), fact: r.fact };
  }
}

const severity: Record<Verdict, number> = { invalid: 3, blocked: 2, needs_invitation: 1, allowed: 0 };
const WORST_KEPT = 10;

/** Counts per verdict, category, reason and grade, and the worst rows, for the report's first page. */
export class CheckSummary {
  rows = 0;
  readonly verdicts: Record<Verdict, number> = { allowed: 0, needs_invitation: 0, blocked: 0, invalid: 0 };
  readonly categories: Record<string, number> = {};
  readonly reasons: Partial<Record<ReasonCode, number>> = {};
  readonly grades: Record<Grade, number> = { A: 0, B: 0, C: 0 };
  readonly worst: { row: number; sku: string; verdict: Verdict; reason: string }[] = [];
  readonly merchant: Eligibility | null;

  constructor(ctx: CheckContext) {
    this.merchant = ctx.merchant ? evaluateMerchant(ctx.policy, ctx.merchant) : null;
  }

  add(r: CheckResult): void {
    this.rows++;
    this.verdicts[r.verdict]++;
    const category = r.category ?? 'unknown';
    this.categories[category] = (this.categories[category] ?? 0) + 1;
    // Rows per reason: a row with two QUALIFICATION_MISSING counts once.
    for (let i = 0; i < r.reasons.length; i++) {
      const code = (r.reasons[i] as CheckResult['reasons'][number]).code;
      if (r.reasons.findIndex((x) => x.code === code) === i) this.reasons[code] = (this.reasons[code] ?? 0) + 1;
    }
    this.grades[r.fit.grade]++;
    if (severity[r.verdict] >= severity.blocked) this.keepWorst(r);
  }

  /** Keeps the first rows of the highest severity seen; invalid data first, then blocked. */
  private keepWorst(r: CheckResult): void {
    const entry = { row: r.row, sku: r.sku, verdict: r.verdict, reason: r.reasons[0]?.message ?? '' };
    if (this.worst.length < WORST_KEPT) {
      this.worst.push(entry);
    } else {
      const weakest = this.worst.reduce((w, x, i) => (severity[x.verdict] < severity[this.worst[w]?.verdict ?? 'allowed'] ? i : w), 0);
      if (severity[r.verdict] > severity[this.worst[weakest]?.verdict ?? 'allowed']) this.worst[weakest] = entry;
    }
  }

  toJSON() {
    const topReasons = Object.entries(this.reasons)
      .sort((a, b) => b[1] - a[1])
      .map(([code, count]) => ({ code, count }));
    const worst = [...this.worst].sort((a, b) => severity[b.verdict] - severity[a.verdict] || a.row - b.row);
    return {
      rows: this.rows,
      verdicts: this.verdicts,
      categories: this.categories,
      top_reasons: topReasons,
      fit_grades: this.grades,
      worst_rows: worst,
    };
  }
}
