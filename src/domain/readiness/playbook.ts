/**
 * The two playbooks of [P19]. A US local merchant reuses existing stock, starts with open-category
 * bestsellers (home goods, for one) and warms up a TikTok Mexico account early. A Chinese
 * cross-border merchant with a US warehouse starts with 3C electronics and pet products on spot
 * stock, then expands to invitation categories. The merchant type is the eligibility rule that
 * matched the merchant's registered country [P4] (`us_local`, `cn_cross_border` in the policy).
 */
export const merchantTypes = ['us_local', 'cn_cross_border'] as const;
export type MerchantType = (typeof merchantTypes)[number];

export interface Playbook {
  type: MerchantType | null;
  /**
   * Category id prefixes the playbook starts with; empty: any open category. A prefix `pets.`
   * matches `pets.toys`, `electronics` matches `electronics`.
   */
  starterCategories: string[];
  /** Whether the storefront must be connected at the start of selection (warm-up early [P19]). */
  connectEarly: boolean;
}

export function playbookFor(type: MerchantType | null): Playbook {
  if (type === 'cn_cross_border')
    return { type, starterCategories: ['electronics', 'pets.'], connectEarly: false };
  if (type === 'us_local') return { type, starterCategories: [], connectEarly: true };
  // Unknown merchant: the general rhythm of [P18], no starting category preferred.
  return { type: null, starterCategories: [], connectEarly: false };
}

export function isMerchantType(id: string | null | undefined): id is MerchantType {
  return merchantTypes.includes(id as MerchantType);
}

export function isStarterCategory(playbook: Playbook, category: string): boolean {
  if (playbook.starterCategories.length === 0) return true;
  return playbook.starterCategories.some((p) =>
    p.endsWith('.') ? category.startsWith(p) : category === p || category.startsWith(`${p}.`),
  );
}
