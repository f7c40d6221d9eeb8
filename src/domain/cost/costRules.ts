import { z } from 'zod';

/**
 * The Mexican import and platform rules a landed cost applies, as dated data
 * (policies/cost/mx-import-cost-rules.json). Each rule carries its source and the dates it is in force,
 * so an order is costed with the rules of its own date: a rule change is a data change.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const basisPoints = z.number().int().min(0).max(100_000);
const mxnMinor = z.number().int().nonnegative();

/** Where a courier parcel comes from: the USMCA countries, or a country without a trade treaty. */
export const provenances = ['usmca', 'non_treaty'] as const;
export type Provenance = (typeof provenances)[number];

const dated = {
  id: z.string().regex(/^[a-z0-9-]+$/),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  source: z.string().min(1),
  note: z.string().default(''),
};

const ruleSchema = z.discriminatedUnion('kind', [
  /** RGCE rule 3.7.35: a global rate (replacing IGI + IVA) on a courier parcel's customs value. */
  z.object({
    ...dated,
    kind: z.literal('courier_band'),
    provenance: z.enum(provenances),
    band: z.string().min(1),
    /** The band covers values above this (exclusive) … */
    overUsdMinor: z.number().int().nonnegative(),
    /** … up to and including this. */
    upToUsdMinor: z.number().int().positive(),
    rateBp: basisPoints,
  }),
  z.object({
    ...dated,
    kind: z.literal('parcel_split'),
    provenance: z.enum(provenances),
    allowed: z.boolean(),
  }),
  z.object({ ...dated, kind: z.literal('dta_fixed'), amountMinor: mxnMinor }),
  z.object({ ...dated, kind: z.literal('dta_ad_valorem'), rateBp: basisPoints }),
  z.object({ ...dated, kind: z.literal('prevalidation'), amountMinor: mxnMinor }),
  z.object({ ...dated, kind: z.literal('iva'), rateBp: basisPoints }),
  z.object({
    ...dated,
    kind: z.literal('igi'),
    /** Two-digit HS chapters, or "*" for every chapter. */
    hsChapters: z.array(z.string().regex(/^(\d{2}|\*)$/)).min(1),
    origin: z.enum(['fta', 'non_fta']),
    rateBp: basisPoints,
  }),
  z.object({ ...dated, kind: z.literal('commission'), rateBp: basisPoints }),
  z.object({
    ...dated,
    kind: z.literal('withholding'),
    rfc: z.enum(['with', 'without']),
    vatBp: basisPoints,
    isrBp: basisPoints,
  }),
  z.object({ ...dated, kind: z.literal('sfp_subsidy'), rateBp: basisPoints, capMinor: mxnMinor }),
]);

export const costRulesSchema = z
  .object({
    id: z.string().min(1),
    version: z.string().min(1),
    nonTreatyCountries: z.object({
      countries: z.array(z.string().regex(/^[A-Z]{2}$/)),
      source: z.string().min(1),
      note: z.string().default(''),
    }),
    rules: z.array(ruleSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.rules.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate id ${r.id}` });
      seen.add(r.id);
      if (r.validTo && r.validTo < r.validFrom)
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'validTo'], message: 'before validFrom' });
    });
  });

export type CostRules = z.infer<typeof costRulesSchema>;
export type CostRule = CostRules['rules'][number];
export type RuleOf<K extends CostRule['kind']> = Extract<CostRule, { kind: K }>;

/** What a cost result cites: the rule, where it comes from and since when it applies. */
export interface RuleCitation {
  id: string;
  source: string;
  validFrom: string;
}

export const cite = (r: CostRule): RuleCitation => ({ id: r.id, source: r.source, validFrom: r.validFrom });

/** In force on `date` (YYYY-MM-DD): both ends inclusive. */
export function inForce(r: CostRule, date: string): boolean {
  return r.validFrom <= date && (r.validTo === null || date <= r.validTo);
}

/** The rules of one kind in force on a date, those that took effect last first. */
export function rulesOn<K extends CostRule['kind']>(
  rules: CostRules,
  kind: K,
  date: string,
  where: (r: RuleOf<K>) => boolean = () => true,
): RuleOf<K>[] {
  return rules.rules
    .filter((r): r is RuleOf<K> => r.kind === kind && inForce(r, date) && where(r as RuleOf<K>))
    .sort((a, b) => b.validFrom.localeCompare(a.validFrom));
}

/** A rule the costing needs and the data does not have for that date. */
export class MissingRule extends Error {
  constructor(
    readonly kind: CostRule['kind'],
    readonly date: string,
    readonly detail: string,
  ) {
    super(`no ${kind} rule in force on ${date}${detail ? ` (${detail})` : ''}`);
  }
}

export function ruleOn<K extends CostRule['kind']>(
  rules: CostRules,
  kind: K,
  date: string,
  where?: (r: RuleOf<K>) => boolean,
  detail = '',
): RuleOf<K> {
  const found = rulesOn(rules, kind, date, where)[0];
  if (!found) throw new MissingRule(kind, date, detail);
  return found;
}
