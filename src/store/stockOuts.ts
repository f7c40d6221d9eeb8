import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Tx } from './transaction.ts';

/**
 * Stock-outs per storefront and SKU, for censoring demand: a day a storefront could not offer a SKU
 * shows no sales, but its demand was not zero [P14]. Written where availability is published
 * (publish.ts), in the same transaction: a figure that reaches 0 opens one, a figure above 0 closes
 * the open one. `at` is the event's time (the demo and history replays give theirs).
 */
export async function recordAvailability(
  trx: Tx,
  figures: {
    organization_id: string;
    storefront_id: string;
    sku_id: string;
    quantity: number;
    before: number | undefined;
  }[],
  at: string,
): Promise<void> {
  for (const f of figures) {
    const organizationId = f.organization_id;
    const wasOut = f.before !== undefined && f.before <= 0;
    if (f.quantity <= 0 && !wasOut)
      await trx
        .insertInto('stock_outs')
        .values({
          organization_id: organizationId,
          storefront_id: f.storefront_id,
          sku_id: f.sku_id,
          started_at: at,
          ended_at: null,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    else if (f.quantity > 0 && wasOut)
      await trx
        .updateTable('stock_outs')
        .set({ ended_at: at })
        .where('organization_id', '=', organizationId)
        .where('storefront_id', '=', f.storefront_id)
        .where('sku_id', '=', f.sku_id)
        .where('ended_at', 'is', null)
        .execute();
  }
}

export interface StockOut {
  skuId: string;
  storefrontId: string;
  startedAt: string;
  endedAt: string | null;
}

/** The stock-outs of an organization that were still open at or after `since` (ISO UTC). */
export async function stockOutsSince(
  db: Kysely<Database>,
  organizationId: string,
  since: string,
  skuIds?: readonly string[],
): Promise<StockOut[]> {
  if (skuIds && skuIds.length === 0) return [];
  let q = db
    .selectFrom('stock_outs')
    .select(['sku_id', 'storefront_id', 'started_at', 'ended_at'])
    .where('organization_id', '=', organizationId)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', since)]));
  if (skuIds) q = q.where('sku_id', 'in', [...skuIds]);
  const rows = await q.orderBy('started_at').execute();
  return rows.map((r) => ({
    skuId: r.sku_id,
    storefrontId: r.storefront_id,
    startedAt: r.started_at,
    endedAt: r.ended_at,
  }));
}

/**
 * A stock-out that disagrees with the storefront's last published figure. The intervals are a record
 * of events, not a projection: the outbox keeps only each pair's latest figure (housekeeping.ts), so
 * past intervals cannot be recounted. What can: a stock-out is open exactly when the last figure
 * published for the pair is 0, and no interval ends before it starts.
 */
export interface StockOutDrift {
  storefrontId: string;
  skuId: string;
  problem: 'open_but_offered' | 'out_but_not_open' | 'ends_before_start';
  /** The open stock-out's start, or the bad interval's. */
  startedAt: string | null;
  /** The last figure published and when. */
  published: number | null;
  publishedAt: string | null;
}

export async function verifyStockOuts(
  db: Kysely<Database>,
  organizationId: string,
): Promise<StockOutDrift[]> {
  const latest = await db
    .selectFrom('published_quantities as p')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('published_quantities')
          .select(['storefront_id', 'sku_id'])
          .select((e) => e.fn.max('id').as('id'))
          .where('organization_id', '=', organizationId)
          .groupBy(['storefront_id', 'sku_id'])
          .as('m'),
      (join) => join.onRef('m.id', '=', 'p.id'),
    )
    .select(['p.storefront_id', 'p.sku_id', 'p.quantity', 'p.created_at'])
    .execute();
  const intervals = await db
    .selectFrom('stock_outs')
    .select(['storefront_id', 'sku_id', 'started_at', 'ended_at'])
    .where('organization_id', '=', organizationId)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '<', eb.ref('started_at'))]))
    .execute();
  const key = (r: { storefront_id: string; sku_id: string }) => `${r.storefront_id}|${r.sku_id}`;
  const open = new Map(intervals.filter((i) => i.ended_at === null).map((i) => [key(i), i]));
  const last = new Map(latest.map((l) => [key(l), l]));
  const drift: StockOutDrift[] = [];
  for (const l of latest) {
    const o = open.get(key(l));
    const at = {
      storefrontId: l.storefront_id,
      skuId: l.sku_id,
      published: l.quantity,
      publishedAt: l.created_at,
    };
    if (l.quantity <= 0 && !o) drift.push({ ...at, problem: 'out_but_not_open', startedAt: null });
    if (l.quantity > 0 && o) drift.push({ ...at, problem: 'open_but_offered', startedAt: o.started_at });
  }
  for (const o of open.values())
    if (!last.has(key(o)))
      drift.push({
        storefrontId: o.storefront_id,
        skuId: o.sku_id,
        problem: 'open_but_offered',
        startedAt: o.started_at,
        published: null,
        publishedAt: null,
      });
  for (const i of intervals)
    if (i.ended_at !== null)
      drift.push({
        storefrontId: i.storefront_id,
        skuId: i.sku_id,
        problem: 'ends_before_start',
        startedAt: i.started_at,
        published: last.get(key(i))?.quantity ?? null,
        publishedAt: last.get(key(i))?.created_at ?? null,
      });
  return drift;
}

/**
 * Brings the stock-outs back in line with the last published figures: an open one whose pair is
 * offered again closes when that figure was published; a pair at 0 with none open gets one from
 * then; an interval ending before it starts ends where it starts. Returns how many rows it changed.
 */
export async function repairStockOuts(
  trx: Tx,
  organizationId: string,
  drift: StockOutDrift[],
): Promise<number> {
  let changed = 0;
  for (const d of drift) {
    const pair = trx
      .updateTable('stock_outs')
      .where('organization_id', '=', organizationId)
      .where('storefront_id', '=', d.storefrontId)
      .where('sku_id', '=', d.skuId);
    if (d.problem === 'open_but_offered') {
      const end = d.publishedAt && d.startedAt && d.publishedAt > d.startedAt ? d.publishedAt : d.startedAt;
      const r = await pair.set({ ended_at: end }).where('ended_at', 'is', null).executeTakeFirst();
      changed += Number(r.numUpdatedRows);
    } else if (d.problem === 'ends_before_start') {
      const r = await pair
        .set((eb) => ({ ended_at: eb.ref('started_at') }))
        .where('started_at', '=', d.startedAt as string)
        .executeTakeFirst();
      changed += Number(r.numUpdatedRows);
    } else if (d.publishedAt) {
      await trx
        .insertInto('stock_outs')
        .values({
          organization_id: organizationId,
          storefront_id: d.storefrontId,
          sku_id: d.skuId,
          started_at: d.publishedAt,
          ended_at: null,
        })
        .onConflict((oc) =>
          oc
            .columns(['organization_id', 'storefront_id', 'sku_id', 'started_at'])
            .doUpdateSet({ ended_at: null }),
        )
        .execute();
      changed++;
    }
  }
  return changed;
}
