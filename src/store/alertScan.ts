import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { DateTime } from 'luxon';
import { DEFAULT_AT_RISK_HOURS } from '../domain/dispatch/dispatchStatus.ts';
import { SALES_WINDOW_DAYS } from '../domain/stock/daysOfCover.ts';
import { foldDemandDays } from './demandDays.ts';
import { instantBound, isOpen, rowAfter, rowAtOrBefore } from './dispatchBoard.ts';
import { foldDispatchCounts } from './dispatchCounts.ts';
import { deadlineCounts } from './dispatchFigures.ts';
import { newId } from './ids.ts';
import { queueDeliveriesOfAlertsWrittenAt } from './notifyOutbox.ts';
import type { Store } from './openDatabase.ts';
import { foldOrderCounts } from './orderCounts.ts';
import type { Database } from './schema.ts';
import {
  isLow,
  levelsOf,
  orderedInWindow,
  type StockPageRow,
  stockRowColumns,
  toStockRow,
} from './stockReport.ts';
import { inTransaction, type Tx, now as wallClock } from './transaction.ts';

/**
 * The alert scan, incremental and bounded. One alert per late or at-risk order (by its operational
 * deadline) and per low SKU × warehouse stays the contract; at a million open orders a run must not
 * look at every one of them. A run looks only at what can have changed since the last one:
 * - orders whose operational deadline crossed `now` (became late) or `now + at-risk` (became at risk)
 *   between the last run's clock and this one's: two ranges of the `orders_board` index;
 * - orders and stock levels written since the last run started (shipped, cancelled, reserved,
 *   received…): a range of `orders_changed` / `stock_levels_changed`.
 * Everything is walked in keyset batches of BATCH rows, each batch its own short transaction, with
 * set-based statements keyed by the batch's range (no id is ever bound). A full pass runs on the
 * first scan, when the clock goes back, and hourly (sales that leave the 14-day window, orders
 * imported with an old time).
 */

const BATCH = 500;
const FULL_EVERY_MS = 3_600_000;
/** Writers stamp rows when their transaction starts; one that commits after a run started is seen by the next. */
const CHANGE_MARGIN_MS = 5 * 60_000;
const SHIP_KINDS = ['ship_by_at_risk', 'ship_by_late'] as const;
type ShipKind = (typeof SHIP_KINDS)[number];

interface Source {
  /** The candidate rows, without the keyset condition. */
  // biome-ignore lint/suspicious/noExplicitAny: a select over `orders as o` or the levels join
  where: (q: any) => any;
  keys: string[];
}

/** An order's alert condition in SQL; `o` is the order. Kept beside `orderKind` below: they must agree. */
function shipCondition(kind: ShipKind, nowBound: string, horizonBound: string): Expression<SqlBool> {
  return kind === 'ship_by_late'
    ? sql<SqlBool>`(o.status = 'reserved' and coalesce(o.operational_by, '') < ${nowBound} and o.operational_by is not null)`
    : sql<SqlBool>`(o.status = 'reserved' and coalesce(o.operational_by, '') >= ${nowBound} and coalesce(o.operational_by, '') < ${horizonBound})`;
}

function orderKind(
  o: { status: string; operational_by: string | null },
  nowBound: string,
  horizonBound: string,
): ShipKind | null {
  if (o.status !== 'reserved' || !o.operational_by) return null;
  if (o.operational_by < nowBound) return 'ship_by_late';
  return o.operational_by < horizonBound ? 'ship_by_at_risk' : null;
}

const openAlert = sql<SqlBool>`state != 'resolved'`;

/**
 * Resolves the open alerts of a kind whose subjects the query lists (a batch's few rows). On
 * PostgreSQL as `= any(array(…))`: the subjects are computed once and each looked up in the alert
 * index; as `in (…)` the planner, misjudging freshly written alerts, compared every open alert with
 * every subject (1,400 × 500 per batch).
 */
async function resolveSubjects(
  store: Store,
  trx: Tx,
  organizationId: string,
  kind: string,
  at: string,
  // biome-ignore lint/suspicious/noExplicitAny: the subjects query is built over a Source
  subjects: any,
) {
  await trx
    .updateTable('alerts')
    .set({ state: 'resolved', resolved_at: at, updated_at: at })
    .where('organization_id', '=', organizationId)
    .where('kind', '=', kind)
    .where(openAlert)
    .where(
      store.engine === 'postgres'
        ? sql<SqlBool>`subject = any(array(${subjects}))`
        : sql<SqlBool>`subject in (${subjects})`,
    )
    .execute();
}

/** Walks a source in keyset batches; `each` gets the batch and the (after, last] range it covers. */
async function walk<R>(
  fetch: (after: string[] | null) => Promise<R[]>,
  keyOf: (r: R) => string[],
  each: (rows: R[], after: string[] | null, last: string[]) => Promise<void>,
) {
  let after: string[] | null = null;
  for (;;) {
    const rows = await fetch(after);
    const last = rows[rows.length - 1];
    if (!last) return;
    await each(rows, after, keyOf(last));
    if (rows.length < BATCH) return;
    after = keyOf(last);
  }
}

function inRange(source: Source, after: string[] | null, last: string[]) {
  // biome-ignore lint/suspicious/noExplicitAny: see Source
  return (q: any) => {
    let r = source.where(q).where(rowAtOrBefore(source.keys, last));
    if (after) r = r.where(rowAfter(source.keys, after));
    return r;
  };
}

function ordersOf(db: Kysely<Database> | Tx, organizationId: string) {
  return db.selectFrom('orders as o').where('o.organization_id', '=', organizationId);
}

/** The batch query of a source of orders: exported so that the plan test checks it. */
export function orderBatchQuery(
  db: Kysely<Database>,
  organizationId: string,
  source: Source,
  after: string[] | null,
) {
  let q = source
    .where(ordersOf(db, organizationId))
    .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
    .leftJoin('warehouses as w', 'w.id', 'o.warehouse_id')
    .select([
      'o.id',
      'o.external_id',
      'sf.code as storefront',
      'o.status',
      'o.operational_by',
      'o.ship_by',
      'o.updated_at',
      'w.code as warehouse',
      'w.time_zone as warehouse_zone',
    ])
    .orderBy(source.keys[0])
    .orderBy('o.id')
    .limit(BATCH);
  if (after) q = q.where(rowAfter(source.keys, after));
  return q;
}

interface OrderBatchRow {
  id: string;
  external_id: string;
  storefront: string;
  status: string;
  operational_by: string | null;
  ship_by: string | null;
  updated_at: string;
  warehouse: string | null;
  warehouse_zone: string | null;
}

/** Open orders whose operational deadline is in [from, to). */
export function deadlineWindow(from: string | null, to: string): Source {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: see Source
    where: (q: any) => {
      let r = q.where(isOpen).where('o.operational_by', '<', to);
      if (from) r = r.where('o.operational_by', '>=', from);
      return r;
    },
    keys: ['o.operational_by', 'o.id'],
  };
}

/** Orders written since `from`, whatever their status. */
export function changedOrders(from: string): Source {
  // biome-ignore lint/suspicious/noExplicitAny: see Source
  return { where: (q: any) => q.where('o.updated_at', '>=', from), keys: ['o.updated_at', 'o.id'] };
}

async function reconcileOrders(
  store: Store,
  organizationId: string,
  source: Source,
  nowBound: string,
  horizonBound: string,
) {
  let raised = 0;
  await walk(
    async (after) =>
      (await orderBatchQuery(store.db, organizationId, source, after).execute()) as OrderBatchRow[],
    (r) => [source.keys[0] === 'o.updated_at' ? r.updated_at : (r.operational_by as string), r.id],
    async (rows, after, last) => {
      const at = wallClock();
      const wanted = rows.flatMap((o) => {
        const kind = orderKind(o, nowBound, horizonBound);
        if (!kind) return [];
        const late = kind === 'ship_by_late';
        // Said in the warehouse's zone, named (2026-12-01 16:00 CST): the instant stays in the data.
        const due = DateTime.fromISO(o.operational_by as string)
          .setZone(o.warehouse_zone ?? 'UTC')
          .toFormat('yyyy-LL-dd HH:mm ZZZZ');
        return [
          {
            id: newId(),
            organization_id: organizationId,
            kind,
            subject: `order:${o.id}`,
            state: 'open' as const,
            severity: late ? ('critical' as const) : ('warning' as const),
            message: late
              ? `Order ${o.external_id} (${o.storefront}) is late: it had to leave ${o.warehouse ?? ''} by ${due}`
              : `Order ${o.external_id} (${o.storefront}) is at risk: it must leave ${o.warehouse ?? ''} by ${due}`,
            data: JSON.stringify({
              orderId: o.id,
              externalId: o.external_id,
              operationalBy: o.operational_by,
              shipBy: o.ship_by,
              warehouse: o.warehouse,
              // For notification routes (by storefront) and messages (the deadline in its zone).
              storefront: o.storefront,
              warehouseZone: o.warehouse_zone,
            }),
            created_at: at,
            updated_at: at,
            resolved_at: null,
          },
        ];
      });
      await inTransaction(store, async (trx) => {
        // Alerts of orders in this batch's range whose condition no longer holds.
        for (const kind of SHIP_KINDS)
          await resolveSubjects(
            store,
            trx,
            organizationId,
            kind,
            at,
            inRange(
              source,
              after,
              last,
            )(ordersOf(trx, organizationId))
              .where(sql<SqlBool>`not ${shipCondition(kind, nowBound, horizonBound)}`)
              .select(sql<string>`'order:' || o.id`.as('subject')),
          );
        if (wanted.length) {
          const result = await trx
            .insertInto('alerts')
            .values(wanted)
            .onConflict((oc) =>
              oc.columns(['organization_id', 'kind', 'subject']).where(openAlert).doNothing(),
            )
            .executeTakeFirst();
          raised += Number(result.numInsertedOrUpdatedRows ?? 0);
          // Their notifications, in this same transaction (sent after commit).
          await queueDeliveriesOfAlertsWrittenAt(trx, organizationId, at, SHIP_KINDS);
        }
      });
    },
  );
  return raised;
}

/** Open at-risk / late alerts whose order no longer meets the condition (full pass only). */
async function resolveStaleShipAlerts(
  store: Store,
  organizationId: string,
  nowBound: string,
  horizonBound: string,
) {
  for (const kind of SHIP_KINDS) {
    for (;;) {
      const at = wallClock();
      const result = await inTransaction(store, (trx) =>
        trx
          .updateTable('alerts')
          .set({ state: 'resolved', resolved_at: at, updated_at: at })
          .where(
            'id',
            'in',
            trx
              .selectFrom('alerts as a')
              .select('a.id')
              .where('a.organization_id', '=', organizationId)
              .where('a.kind', '=', kind)
              .where(sql<SqlBool>`a.state != 'resolved'`)
              .where(({ not, exists }) =>
                not(
                  exists(
                    trx
                      .selectFrom('orders as o')
                      .select('o.id')
                      .where(sql<SqlBool>`o.id = substr(a.subject, 7)`)
                      .where(shipCondition(kind, nowBound, horizonBound)),
                  ),
                ),
              )
              .limit(BATCH),
          )
          .executeTakeFirst(),
      );
      if (Number(result.numUpdatedRows) < BATCH) break;
    }
  }
}

/** The batch query of a source of stock levels: exported so that the plan test checks it. */
export function levelBatchQuery(
  db: Kysely<Database>,
  organizationId: string,
  now: Date,
  source: Source,
  after: string[] | null,
) {
  let q = source
    .where(levelsOf(db, organizationId))
    .select([...stockRowColumns, 'l.updated_at', orderedInWindow(now).as('ordered')])
    .select(sql<number>`coalesce(s.lead_time_days, w.lead_time_days)`.as('lead_time_days'));
  for (const k of source.keys) q = q.orderBy(k);
  q = q.limit(BATCH);
  if (after) q = q.where(rowAfter(source.keys, after));
  return q;
}

type LevelBatchRow = StockPageRow & { updated_at: string };

export const everyLevel: Source = {
  // biome-ignore lint/suspicious/noExplicitAny: see Source
  where: (q: any) => q,
  keys: ['l.sku_id', 'l.warehouse_id'],
};

export function changedLevels(from: string): Source {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: see Source
    where: (q: any) => q.where('l.updated_at', '>=', from),
    keys: ['l.updated_at', 'l.sku_id', 'l.warehouse_id'],
  };
}

async function reconcileLevels(store: Store, organizationId: string, now: Date, source: Source) {
  let low = 0;
  await walk(
    async (after) =>
      (
        (await levelBatchQuery(store.db, organizationId, now, source, after).execute()) as LevelBatchRow[]
      ).map((r) => ({ row: toStockRow(r), updatedAt: r.updated_at })),
    (r) =>
      source.keys[0] === 'l.updated_at'
        ? [r.updatedAt, r.row.skuId, r.row.warehouseId]
        : [r.row.skuId, r.row.warehouseId],
    async (rows, after, last) => {
      const at = wallClock();
      const wanted = rows
        .filter((r) => r.row.low)
        .map(({ row: s }) => ({
          id: newId(),
          organization_id: organizationId,
          kind: 'low_stock',
          subject: `sku:${s.skuId}:${s.warehouseId}`,
          state: 'open' as const,
          severity: s.available <= 0 ? ('critical' as const) : ('warning' as const),
          message: `${s.sku} in ${s.warehouse}: ${s.available} available, ${s.daysOfCover.toFixed(1)} days of cover at ${(s.orderedLast14Days / SALES_WINDOW_DAYS).toFixed(1)}/day, below the ${s.leadTimeDays}-day lead time`,
          data: JSON.stringify({
            sku: s.sku,
            warehouse: s.warehouse,
            available: s.available,
            daysOfCover: s.daysOfCover,
            leadTimeDays: s.leadTimeDays,
          }),
          created_at: at,
          updated_at: at,
          resolved_at: null,
        }));
      low += wanted.length;
      await inTransaction(store, async (trx) => {
        await resolveSubjects(
          store,
          trx,
          organizationId,
          'low_stock',
          at,
          inRange(
            source,
            after,
            last,
          )(levelsOf(trx as Kysely<Database>, organizationId))
            .where(sql<SqlBool>`not ${isLow(now)}`)
            .select(sql<string>`'sku:' || l.sku_id || ':' || l.warehouse_id`.as('subject')),
        );
        if (wanted.length)
          await trx
            .insertInto('alerts')
            .values(wanted)
            .onConflict((oc) =>
              oc
                .columns(['organization_id', 'kind', 'subject'])
                .where(openAlert)
                .doUpdateSet((eb) => ({
                  message: eb.ref('excluded.message'),
                  data: eb.ref('excluded.data'),
                  severity: eb.ref('excluded.severity'),
                  updated_at: eb.ref('excluded.updated_at'),
                }))
                // Unchanged figures leave the alert as it is: it does not jump to the top of the list.
                .where(sql<SqlBool>`alerts.message != excluded.message`),
            )
            .execute();
        if (wanted.length) await queueDeliveriesOfAlertsWrittenAt(trx, organizationId, at, ['low_stock']);
      });
    },
  );
  return low;
}

/**
 * After a full pass, which can open or resolve a hundred thousand alerts at once, the planner's
 * statistics of `alerts` are stale until autovacuum comes by. Measured at a million open orders on
 * PostgreSQL: believing an organization had 4 alerts of a kind (it had 70,000), the planner resolved
 * each batch's ~100 subjects by walking all 70,000 (300 ms a statement, 2 s a run) instead of looking
 * each one up in `alerts_one_open`. A sampled ANALYZE of the one table costs a fraction of the pass.
 */
async function refreshAlertStatistics(store: Store) {
  if (store.engine === 'postgres') {
    await sql`analyze alerts`.execute(store.db);
    return;
  }
  // SQLite reads every index entry unless told to sample.
  await sql`pragma analysis_limit = 1000`.execute(store.db);
  await sql`analyze alerts`.execute(store.db);
  await sql`pragma analysis_limit = 0`.execute(store.db);
}

export interface ScanResult {
  full: boolean;
  /** Reserved orders at risk or late now (by operational deadline). */
  due: number;
  /** At-risk and late alerts opened by this run. */
  raised: number;
  /** SKU × warehouse pairs found low among those looked at. */
  low: number;
}

/**
 * Opens, keeps and resolves the dispatch and low-stock alerts. Safe to run often and from several
 * processes: each condition has at most one open alert (unique index `alerts_one_open`).
 */
export async function scanAlerts(
  store: Store,
  organizationId: string,
  now: Date,
  atRiskHours = DEFAULT_AT_RISK_HOURS,
): Promise<ScanResult> {
  const startedAt = Date.now();
  // Keeps the overview's count projections a few hundred rows on PostgreSQL (see orderCounts.ts), in
  // one transaction: one commit.
  if (store.engine === 'postgres')
    await inTransaction(store, async (trx) => {
      await foldOrderCounts(store, organizationId, trx as Kysely<Database>);
      await foldDispatchCounts(store, organizationId, trx as Kysely<Database>);
      await foldDemandDays(store, organizationId, trx as Kysely<Database>);
    });
  const atRiskMs = atRiskHours * 3_600_000;
  const nowBound = instantBound(now);
  const horizonBound = instantBound(now.getTime() + atRiskMs);
  const mark = await store.db
    .selectFrom('alert_scans')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  const last = mark ? Date.parse(mark.scanned_at) : Number.NaN;
  const full = !mark || !(last <= now.getTime()) || now.getTime() - Date.parse(mark.full_at) >= FULL_EVERY_MS;
  let raised = 0;
  let low = 0;
  if (full) {
    raised += await reconcileOrders(
      store,
      organizationId,
      deadlineWindow(null, horizonBound),
      nowBound,
      horizonBound,
    );
    await resolveStaleShipAlerts(store, organizationId, nowBound, horizonBound);
    low += await reconcileLevels(store, organizationId, now, everyLevel);
    await refreshAlertStatistics(store);
  } else {
    const changesFrom = new Date(Date.parse(mark.changes_from) - CHANGE_MARGIN_MS).toISOString();
    const windows = [
      deadlineWindow(instantBound(last), nowBound),
      deadlineWindow(instantBound(last + atRiskMs), horizonBound),
      changedOrders(changesFrom),
    ];
    for (const w of windows)
      raised += await reconcileOrders(store, organizationId, w, nowBound, horizonBound);
    low += await reconcileLevels(store, organizationId, now, changedLevels(changesFrom));
  }
  const row = {
    organization_id: organizationId,
    scanned_at: now.toISOString(),
    changes_from: new Date(startedAt).toISOString(),
    full_at: full ? now.toISOString() : (mark?.full_at as string),
  };
  await store.db
    .insertInto('alert_scans')
    .values(row)
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(row))
    .execute();
  const counts = await deadlineCounts(store, organizationId, now, atRiskHours);
  return { full, due: counts.atRisk + counts.late, raised, low };
}
