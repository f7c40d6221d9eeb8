import type { ParsedRow } from '../catalog/catalogRow.ts';
import { type Classification, REVIEW_BELOW } from '../classify/classifyProduct.ts';
import { convert, type ExchangeRate, type MinorUnits } from '../money/money.ts';
import type { Merchant } from './merchant.ts';
import { categoryRuleFor, type Policy } from './policy.ts';
import { type Reason, type Verdict, verdictOf } from './reasons.ts';

/**
 * Judges one SKU against a policy: category gating [P5]–[P8], invitations and documents [P6], the
 * item price cap [P9]. Pure: the classification, the merchant profile and the exchange rate come in.
 */

export interface SkuEvaluation {
  verdict: Verdict;
  /** The program category id, `unlisted` when the policy does not list it, null when unknown. */
  category: string | null;
  /** The more specific id the text pointed to, when the policy calls it `unlisted`. */
  detected: string | null;
  reasons: Reason[];
  priceMxn: MinorUnits | undefined;
  /** [P10] how many units fit under the order cap at this price. */
  maxUnitsPerOrder: number | undefined;
}

export interface EvaluationContext {
  policy: Policy;
  merchant?: Merchant | undefined;
  usdMxn?: ExchangeRate | undefined;
}

export function evaluateSku(
  row: ParsedRow,
  classification: Classification,
  ctx: EvaluationContext,
): SkuEvaluation {
  const { policy } = ctx;
  const reasons: Reason[] = row.errors.map((e) => ({
    code: 'INVALID_FIELD',
    fact: null,
    params: { field: e.field, value: e.value, problem: e.problem },
  }));

  // [P9] the item cap is defined in MXN; USD converts with the given rate. A price that is missing,
  // unreadable or in a currency with no rate leaves the caps unchecked, and the row says so: it is
  // never `allowed` on a price nobody compared with the cap.
  let priceMxn: MinorUnits | undefined;
  const price = row.item.price;
  if (price?.currency === 'MXN') priceMxn = price.amount;
  else if (price && ctx.usdMxn?.from === price.currency) priceMxn = convert(price, ctx.usdMxn).amount;
  else if (price?.currency === 'USD')
    reasons.push({
      code: 'FX_RATE_MISSING',
      fact: policy.caps.itemFact,
      params: { currency: price.currency },
    });
  else reasons.push(priceUnchecked(row, policy));
  if (priceMxn !== undefined && priceMxn > policy.caps.itemMaxMinor) {
    reasons.push({
      code: 'ITEM_PRICE_OVER_CAP',
      fact: policy.caps.itemFact,
      params: { priceMxn, capMxn: policy.caps.itemMaxMinor },
    });
  }

  const { category, detected } = gateCategory(row, classification, ctx, reasons);
  const maxUnitsPerOrder =
    priceMxn !== undefined && priceMxn > 0 ? Math.floor(policy.caps.orderMaxMinor / priceMxn) : undefined;
  return { verdict: verdictOf(reasons), category, detected, reasons, priceMxn, maxUnitsPerOrder };
}

/** Why the caps could not be checked: no price, a price that cannot be read, or no rate for its currency. */
function priceUnchecked(row: ParsedRow, policy: Policy): Reason {
  const price = row.item.price;
  const unreadable = row.errors.find((e) => e.field === 'price' || e.field === 'currency');
  const cause = price
    ? 'no_rate'
    : unreadable
      ? 'unreadable'
      : row.costWithoutPrice
        ? 'cost_only'
        : 'missing';
  return {
    code: 'PRICE_UNCHECKED',
    fact: policy.caps.itemFact,
    params: {
      cause,
      currency: price?.currency ?? '',
      capMxn: policy.caps.itemMaxMinor,
      orderCapMxn: policy.caps.orderMaxMinor,
    },
  };
}

function gateCategory(
  row: ParsedRow,
  classification: Classification,
  ctx: EvaluationContext,
  reasons: Reason[],
): { category: string | null; detected: string | null } {
  const { policy } = ctx;
  const detected = classification.category;
  const detectedRule = detected ? categoryRuleFor(policy, detected) : undefined;
  const declared = row.item.programCategory;
  const declaredRule = declared ? categoryRuleFor(policy, declared) : undefined;
  if (declared && !declaredRule) {
    reasons.push({
      code: 'INVALID_FIELD',
      fact: null,
      params: { field: 'program_category', value: declared, problem: 'not_a_category' },
    });
  }

  // Prohibited detection always runs [P7]: a seller's declared category never hides a vape.
  const prohibitedByText = detectedRule?.tier === 'prohibited';
  if (prohibitedByText && classification.confidence >= REVIEW_BELOW) {
    reasons.push({
      code: 'PROHIBITED_CATEGORY',
      fact: detectedRule.fact,
      params: {
        category: detectedRule.id,
        evidence: classification.evidence.join('; '),
        declared: declared ?? '',
      },
    });
    return { category: detectedRule.id, detected };
  }

  const useDeclared = declaredRule && !prohibitedByText;
  const rule = useDeclared ? declaredRule : detectedRule;
  if (!useDeclared && (detected === null || classification.confidence < REVIEW_BELOW)) {
    const { code: doubt, ...details } = classification.doubt ?? { code: 'no_product_words' };
    reasons.push({
      code: 'NEEDS_REVIEW',
      fact: null,
      params: { doubt, ...details, guess: detected ?? '', evidence: classification.evidence.join('; ') },
    });
    return { category: detected === null ? null : (rule?.id ?? 'unlisted'), detected };
  }
  if (!rule) {
    reasons.push({ code: 'NOT_IN_PILOT', fact: policy.unlisted.fact, params: { category: detected ?? '' } });
    return { category: 'unlisted', detected };
  }

  switch (rule.tier) {
    case 'prohibited':
      reasons.push({
        code: 'PROHIBITED_CATEGORY',
        fact: rule.fact,
        params: { category: rule.id, evidence: '', declared: declared ?? '' },
      });
      break;
    case 'excluded':
      reasons.push({ code: 'NOT_IN_PILOT', fact: rule.fact, params: { category: rule.id } });
      break;
    case 'invitation': {
      const invited = ctx.merchant?.invitations.includes(rule.id) ?? false;
      if (!invited)
        reasons.push({ code: 'INVITATION_REQUIRED', fact: rule.fact, params: { category: rule.id } });
      const held = new Set(ctx.merchant?.qualifications ?? []);
      for (const q of rule.requires.filter((q) => !held.has(q))) {
        reasons.push({
          code: 'QUALIFICATION_MISSING',
          fact: rule.requiresFact ?? rule.fact,
          params: { category: rule.id, qualification: q },
        });
      }
      break;
    }
    case 'open':
      break;
  }
  return { category: rule.id, detected };
}
