/**
 * Which stock rule wins (issue 11, "Sellable quantities out"): for one storefront and SKU, each
 * TikTok warehouse the SKU is assigned to gets what its Puente warehouse can give the storefront —
 * its available less its share of the buffer. A figure never exceeds that warehouse's available.
 * Where TikTok assigns the SKU to fewer warehouses than the storefront draws on, the total pushed is
 * lower than what Puente publishes: the gap is reported, never forced onto another warehouse
 * (that warehouse cannot ship units it does not hold within the 2-day promise [P11, P15]).
 */

export interface SourceWarehouse {
  /** A Puente warehouse that serves the storefront. */
  warehouseId: string;
  /** on hand − reserved there (below 0 counts as 0). */
  available: number;
}

export interface AssignedWarehouse {
  /** A TikTok warehouse the SKU is assigned to. */
  tiktokId: string;
  /** The Puente warehouse it is mapped to, or null when unmapped. */
  warehouseId: string | null;
}

export interface StockPlan {
  /** The figure for each mapped assigned TikTok warehouse, in the order given. */
  inventory: { warehouse_id: string; quantity: number }[];
  /** Assigned TikTok warehouses with no Puente warehouse: left as TikTok has them. */
  unmapped: string[];
  /** What Puente publishes less what is pushed (0 when they agree). */
  gap: number;
}

/** TikTok's documented range for a warehouse figure (reference §5). */
export const MAX_TIKTOK_QUANTITY = 99_999;

/**
 * What each source warehouse gives the storefront out of `published` units: the buffer held back
 * (Σ available − published) is shared in proportion to each warehouse's available (largest
 * remainder, ties to the lower-priority warehouse, the later one), so the figures add up to
 * `published` exactly and none exceeds its available.
 */
export function shareOut(published: number, sources: SourceWarehouse[]): Map<string, number> {
  const avail = sources.map((s) => Math.max(0, s.available));
  const total = avail.reduce((a, b) => a + b, 0);
  const target = Math.max(0, Math.min(published, total));
  const buffer = total - target;
  const held = avail.map((a) => (total === 0 ? 0 : Math.floor((buffer * a) / total)));
  let left = buffer - held.reduce((a, b) => a + b, 0);
  const order = avail
    .map((a, i) => ({ i, remainder: total === 0 ? 0 : (buffer * a) % total }))
    .sort((x, y) => y.remainder - x.remainder || y.i - x.i);
  for (const { i } of order) {
    if (left === 0) break;
    if ((held[i] as number) < (avail[i] as number)) {
      held[i] = (held[i] as number) + 1;
      left--;
    }
  }
  return new Map(sources.map((s, i) => [s.warehouseId, (avail[i] as number) - (held[i] as number)]));
}

export function planStock(
  published: number,
  sources: SourceWarehouse[],
  assigned: AssignedWarehouse[],
): StockPlan {
  const gives = shareOut(published, sources);
  const inventory: StockPlan['inventory'] = [];
  const unmapped: string[] = [];
  for (const a of assigned) {
    if (!a.warehouseId) {
      unmapped.push(a.tiktokId);
      continue;
    }
    // Mapped to a Puente warehouse that does not serve this storefront: it gives it nothing.
    const quantity = Math.min(MAX_TIKTOK_QUANTITY, gives.get(a.warehouseId) ?? 0);
    inventory.push({ warehouse_id: a.tiktokId, quantity });
  }
  const pushed = inventory.reduce((sum, i) => sum + i.quantity, 0);
  return { inventory, unmapped, gap: Math.max(0, published - pushed) };
}
