import type { CatalogLayout } from '../domain/catalog/catalogColumns.ts';
import { parseCatalogRow } from '../domain/catalog/catalogRow.ts';
import { classifyProduct } from '../domain/classify/classifyProduct.ts';
import {
  assessFit,
  type Fit,
  type FitConfig,
  type FitFlag,
  type Grade,
  type RouteEconomics,
} from '../domain/fit/assessFit.ts';
import { type EvaluationContext, evaluateSku } from '../domain/policy/evaluateSku.ts';
import { type Eligibility, evaluateMerchant } from '../domain/policy/merchant.ts';
import type { Reason, ReasonCode, Verdict } from '../domain/policy/reasons.ts';
import { fitReason, type Lang, reasonMessage } from '../i18n/messages.ts';

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
  /** Route economics of the SKUs the seller has cost facts for (by SKU): fit says "no cost advantage". */
  economics?: Record<string, RouteEconomics> | undefined;
}

/** A catalog row as read, with the row where its SKU first appeared if it is a repeat. */
export interface RowToCheck {
  row: number;
  values: string[];
  duplicateOf?: number | undefined;
}

/** Checks one row: parse, classify, evaluate against the policy, assess fit. Pure but for the summary. */
export class CatalogChecker {
  readonly summary = new CheckSummary();
  /** The last row's reasons and fit as data, for callers that render them in several languages. */
  last: { reasons: Reason[]; fit: Fit; title: string } | null = null;

  constructor(
    readonly ctx: CheckContext,
    private readonly layout: CatalogLayout,
  ) {}

  check({ row, values, duplicateOf }: RowToCheck): CheckResult {
    const { ctx } = this;
    const parsed = parseCatalogRow(values, this.layout);
    const { item } = parsed;
    if (duplicateOf !== undefined) {
      parsed.errors.push({
        field: 'sku',
        value: `${item.sku}, row ${duplicateOf}`,
        problem: 'duplicate_sku',
      });
    }
    const classification = classifyProduct(item);
    const evaluation = evaluateSku(parsed, classification, ctx);
    const fit = assessFit(item, evaluation.priceMxn, ctx.fit, ctx.economics?.[item.sku]);
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
    this.last = { reasons: evaluation.reasons, fit, title: item.title };
    return result;
  }

  private describe(r: Reason): CheckResult['reasons'][number] {
    return { code: r.code, message: reasonMessage(r, this.ctx.lang, this.ctx.policy), fact: r.fact };
  }
}

/**
 * Remembers each SKU's first row so that a repeat is reported: the one piece of a check that needs
 * the whole file. A million SKUs as strings in a Map cost ~190 MB and 5 s of garbage collection, so
 * the table keeps a 64-bit hash of each SKU in typed arrays (12 bytes a slot). Two different SKUs
 * share a hash with a probability of about 3·10⁻⁸ in a million-row file.
 */
export class DuplicateSkus {
  private slots = 1 << 12;
  private hashes = new Uint32Array(this.slots * 2);
  private rows = new Uint32Array(this.slots);
  private used = 0;

  constructor(private readonly skuColumn: number | undefined) {}

  firstRowOf(values: readonly string[], row: number): number | undefined {
    const sku = this.skuColumn === undefined ? undefined : values[this.skuColumn]?.trim();
    if (!sku) return undefined;
    // FNV-1a, twice with different offsets, over the UTF-16 code units.
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < sku.length; i++) {
      const c = sku.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    a >>>= 0;
    b >>>= 0;
    const mask = this.slots - 1;
    for (let i = (a ^ b) & mask; ; i = (i + 1) & mask) {
      const first = this.rows[i] as number;
      if (first === 0) break;
      if (this.hashes[2 * i] === a && this.hashes[2 * i + 1] === b) return first;
    }
    this.insert(a, b, row);
    return undefined;
  }

  private insert(a: number, b: number, row: number): void {
    if (2 * (this.used + 1) > this.slots) this.grow();
    const mask = this.slots - 1;
    let i = (a ^ b) & mask;
    while (this.rows[i] !== 0) i = (i + 1) & mask;
    this.hashes[2 * i] = a;
    this.hashes[2 * i + 1] = b;
    this.rows[i] = row;
    this.used++;
  }

  private grow(): void {
    const { hashes, rows } = this;
    this.slots *= 2;
    this.hashes = new Uint32Array(this.slots * 2);
    this.rows = new Uint32Array(this.slots);
    this.used = 0;
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] !== 0) this.insert(hashes[2 * i] as number, hashes[2 * i + 1] as number, rows[i] as number);
    }
  }
}

const severity: Record<Verdict, number> = { invalid: 3, blocked: 2, needs_invitation: 1, allowed: 0 };
const WORST_KEPT = 10;

export interface WorstRow {
  row: number;
  sku: string;
  verdict: Verdict;
  reason: string;
  fact: string | null;
}

/** What a summary holds, as plain data: worker threads send it back to be merged. */
export interface SummaryData {
  rows: number;
  verdicts: Record<Verdict, number>;
  categories: Record<string, number>;
  reasons: Partial<Record<ReasonCode, number>>;
  grades: Record<Grade, number>;
  worst: WorstRow[];
}

/** Counts per verdict, category, reason and grade, and the worst rows, for the report's first page. */
export class CheckSummary {
  readonly data: SummaryData = {
    rows: 0,
    verdicts: { allowed: 0, needs_invitation: 0, blocked: 0, invalid: 0 },
    categories: {},
    reasons: {},
    grades: { A: 0, B: 0, C: 0 },
    worst: [],
  };
  merchant: Eligibility | null = null;

  add(r: CheckResult): void {
    const d = this.data;
    d.rows++;
    d.verdicts[r.verdict]++;
    const category = r.category ?? 'unknown';
    d.categories[category] = (d.categories[category] ?? 0) + 1;
    // Rows per reason: a row with two QUALIFICATION_MISSING counts once.
    for (let i = 0; i < r.reasons.length; i++) {
      const code = (r.reasons[i] as CheckResult['reasons'][number]).code;
      if (r.reasons.findIndex((x) => x.code === code) === i) d.reasons[code] = (d.reasons[code] ?? 0) + 1;
    }
    d.grades[r.fit.grade]++;
    if (severity[r.verdict] >= severity.blocked) {
      const first = r.reasons[0];
      this.keepWorst({
        row: r.row,
        sku: r.sku,
        verdict: r.verdict,
        reason: first?.message ?? '',
        fact: first?.fact ?? null,
      });
    }
  }

  /** Adds another part of the same file's summary (from a worker thread). */
  merge(other: SummaryData): void {
    const d = this.data;
    d.rows += other.rows;
    for (const [k, n] of Object.entries(other.verdicts) as [Verdict, number][]) d.verdicts[k] += n;
    for (const [k, n] of Object.entries(other.categories)) d.categories[k] = (d.categories[k] ?? 0) + n;
    for (const [k, n] of Object.entries(other.reasons) as [ReasonCode, number][])
      d.reasons[k] = (d.reasons[k] ?? 0) + n;
    for (const [k, n] of Object.entries(other.grades) as [Grade, number][]) d.grades[k] += n;
    for (const w of other.worst) this.keepWorst(w);
  }

  /** Keeps the most severe rows, and of equal severity the first ones in the file. */
  private keepWorst(entry: WorstRow): void {
    const worst = this.data.worst;
    const last = worst[WORST_KEPT - 1];
    if (
      last &&
      (severity[entry.verdict] < severity[last.verdict] ||
        (severity[entry.verdict] === severity[last.verdict] && entry.row > last.row))
    ) {
      return;
    }
    worst.push(entry);
    worst.sort((a, b) => severity[b.verdict] - severity[a.verdict] || a.row - b.row);
    if (worst.length > WORST_KEPT) worst.pop();
  }

  toJSON() {
    const d = this.data;
    const topReasons = Object.entries(d.reasons)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([code, count]) => ({ code, count }));
    return {
      rows: d.rows,
      verdicts: d.verdicts,
      categories: d.categories,
      top_reasons: topReasons,
      fit_grades: d.grades,
      worst_rows: d.worst,
    };
  }
}

/** The merchant's eligibility [P4], for the summary, when a profile was given. */
export function merchantEligibility(ctx: CheckContext): Eligibility | null {
  return ctx.merchant ? evaluateMerchant(ctx.policy, ctx.merchant) : null;
}
