import { z } from 'zod';

/**
 * A program policy: the rules of a marketplace program as data. Code applies a policy without
 * knowing which program it is, so a rule change (a category opened, a cap raised) is a data change.
 * Every rule carries `fact`, the number of the fact it implements in program/us-mx-program.md.
 */

const fact = z.string().regex(/^P\d+$/, 'a fact number such as "P9"');
const localized = z.object({ en: z.string(), zh: z.string(), es: z.string() });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const categoryTiers = ['open', 'invitation', 'prohibited', 'excluded'] as const;
export type CategoryTier = (typeof categoryTiers)[number];

const categoryRule = z.object({
  id: z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/),
  tier: z.enum(categoryTiers),
  name: localized,
  fact,
  /** Qualifications (document ids) a merchant must hold, besides the invitation, to sell here. */
  requires: z.array(z.string()).default([]),
  requiresFact: fact.optional(),
});

const eligibilityRule = z.object({
  id: z.string(),
  name: localized,
  registeredCountries: z.array(z.string().length(2)),
  /** Minimum Shop Performance Score; null when the program sets none. */
  minSps: z.number().min(0).max(5).nullable(),
  fact,
  source: z.string(),
});

export const policySchema = z
  .object({
    id: z.string().min(1),
    version: z.string().min(1),
    /** The policy's own name, as its authors wrote it (logs, exports' metadata). */
    name: z.string(),
    /** The name people read, in their language. */
    title: localized.optional(),
    effectiveFrom: isoDate,
    merchantEligibility: z.array(eligibilityRule).min(1),
    categories: z.array(categoryRule).min(1),
    /** Anything the policy does not list: [P8] for the US→MX pilot. */
    unlisted: z.object({ fact }),
    qualifications: z.array(z.object({ id: z.string(), name: localized })),
    caps: z.object({
      currency: z.literal('MXN'),
      itemMaxMinor: z.number().int().positive(),
      itemFact: fact,
      orderMaxMinor: z.number().int().positive(),
      orderFact: fact,
    }),
    dispatch: z.object({
      days: z.number().int().positive(),
      dayKind: z.enum(['business', 'calendar']),
      clockStartsAt: z.enum(['payment', 'order']),
      cutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
      timeZone: z.string(),
      holidayCalendar: z.string(),
      fact,
      /** Why the rule reads as it does, for the people who apply it. */
      note: localized.optional(),
    }),
  })
  .superRefine((policy, ctx) => {
    const ids = new Set<string>();
    for (const [i, c] of policy.categories.entries()) {
      if (ids.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['categories', i, 'id'], message: `duplicate ${c.id}` });
      ids.add(c.id);
      for (const q of c.requires) {
        if (!policy.qualifications.some((known) => known.id === q)) {
          ctx.addIssue({
            code: 'custom',
            path: ['categories', i, 'requires'],
            message: `unknown qualification ${q}`,
          });
        }
      }
    }
    if (ids.has('unlisted')) {
      ctx.addIssue({
        code: 'custom',
        path: ['categories'],
        message: '"unlisted" is reserved for what no rule lists',
      });
    }
  });

export type Policy = z.infer<typeof policySchema>;
export type CategoryRule = Policy['categories'][number];
export type EligibilityRule = Policy['merchantEligibility'][number];

/** What a rule says of a category id; ids the policy does not list are `unlisted`. */
export function categoryRuleFor(policy: Policy, id: string): CategoryRule | undefined {
  return policy.categories.find((c) => c.id === id);
}
