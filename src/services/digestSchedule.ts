import { dueDigestDay } from '../domain/notify/digestDue.ts';
import { claimDigestRun, digestWarehouses } from '../store/digestQueries.ts';
import type { Store } from '../store/openDatabase.ts';

/**
 * Which morning digests go out now (issue 12, part 4): each warehouse with a digest time, once its
 * clock has read it, once per local day. A digest is taken by exactly one server: the one whose
 * claim of (warehouse, day) lands first. The caller then composes it (morningDigest) and writes one
 * delivery per channel routed for the warehouse.
 */
export interface TakenDigest {
  organizationId: string;
  warehouse: string;
  /** The warehouse's local day the digest is for. */
  day: string;
}

export async function takeDueDigests(store: Store, now: Date, holder: string): Promise<TakenDigest[]> {
  const taken: TakenDigest[] = [];
  for (const w of await digestWarehouses(store)) {
    const day = dueDigestDay(now, w.digest_at, w.time_zone);
    if (!day) continue;
    const mine = await claimDigestRun(store, {
      organizationId: w.organization_id,
      warehouseId: w.id,
      day,
      holder,
      at: now.toISOString(),
    });
    if (mine) taken.push({ organizationId: w.organization_id, warehouse: w.code, day });
  }
  return taken;
}
