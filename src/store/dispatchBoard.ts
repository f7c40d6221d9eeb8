import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { DEFAULT_AT_RISK_HOURS } from '../domain/dispatch/dispatchStatus.ts';
import { shipDeadline } from '../domain/tiktok/orderMapping.ts';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';

/**
 * The dispatch board: open orders (reserved or awaiting stock) by their first deadline, one keyset
 * page at a time, each walk of one index in its own order — never every open order.
 */

export type BoardState = 'on_time' | 'at_risk' | 'late' | 'awaiting_stock';
export type OpenStatus = 'reserved' | 'awaiting_stock' | 'on_hold';

export interface BoardRow {
  id: string;
  externalId: string;
  storefront: string;
  status: string;
  paidAt: string;
  shipBy: string | null;
  operationalBy: string | null;
  /** The deadline that comes first and which one it is; a waiting order answers to the platform's. */
  dueBy: { at: string; kind: 'operational' | 'platform' } | null;
  state: BoardState;
  warehouse: { code: string; timeZone: string } | null;
  lines: { sku: string; quantity: number }[];
  shortfalls: { sku: string; wanted: number; available: number }[];
  /**
   * The marketplace's own deadline (TikTok's rts_sla_time / shipping_due_time) and Puente's, when
   * they are more than a minute apart; `shipBy` is the earlier of the two. Null when they agree.
   */
  deadlineDisagreement: { marketplace: string; policy: string } | null;
}

export interface BoardFilter {
  warehouseId?: string | undefined;
  status?: OpenStatus | undefined;
  /** Only orders whose operational deadline is before this instant (at risk and late). */
  dueBefore?: Date | undefined;
  /** The (operational_by, id) of the last row seen. */
  after: [string, string] | null;
  limit: number;
}

/**
 * An instant as the deadlines are stored (ISO UTC, whole seconds, no milliseconds), rounded up: for
 * a stored whole-second deadline d, `d < bound(t)` is exactly "d is before t", so text comparison in
 * SQL agrees with instants in JavaScript.
 */
export function instantBound(t: Date | number): string {
  const ms = Math.ceil((typeof t === 'number' ? t : t.getTime()) / 1000) * 1000;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * `orders o` is open. Written as literal SQL: SQLite uses a partial index (`orders_board`,
 * `orders_board_warehouse`) only when the query repeats its condition as text, not as a parameter.
 */
export const isOpen: Expression<SqlBool> = sql<SqlBool>`o.status in ('reserved', 'awaiting_stock', 'on_hold')`;

/** `(a, b) > (x, y)`: the keyset condition after the last row seen, answered from the index. */
export function rowAfter(columns: string[], values: string[]): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.join(columns.map((c) => sql.ref(c)))}) > (${sql.join(values)})`;
}

/** `(a, b) <= (x, y)`: up to and including the last row of a batch. */
export function rowAtOrBefore(columns: string[], values: string[]): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.join(columns.map((c) => sql.ref(c)))}) <= (${sql.join(values)})`;
}

/** The page of open orders itself, without lines: exported so that the plan test checks this query. */
export function boardPageQuery(db: Kysely<Database>, organizationId: string, f: BoardFilter) {
  let q = db
    .selectFrom('orders as o')
    .innerJoin('storefronts as sf', 'sf.id', 'o.storefront_id')
    .leftJoin('warehouses as w', 'w.id', 'o.warehouse_id')
    .select([
      'o.id',
      'o.external_id',
      'sf.code as storefront',
      'o.status',
      'o.paid_at',
      'o.ship_by',
      'o.operational_by',
      'o.waiting_reason',
      'o.marketplace_ship_by',
      'o.policy_ship_by',
      'w.code as warehouse',
      'w.time_zone',
    ])
    .where('o.organization_id', '=', organizationId)
    .where(isOpen)
    .orderBy('o.operational_by')
    .orderBy('o.id')
    .limit(f.limit);
  if (f.warehouseId) q = q.where('o.warehouse_id', '=', f.warehouseId);
  if (f.status) q = q.where('o.status', '=', f.status);
  if (f.dueBefore) q = q.where('o.operational_by', '<', instantBound(f.dueBefore));
  if (f.after) q = q.where(rowAfter(['o.operational_by', 'o.id'], f.after));
  return q;
}

/** The lines of the orders on one page: the page query is their subquery, so no id is bound. */
export function boardLinesQuery(db: Kysely<Database>, organizationId: string, f: BoardFilter) {
  return db
    .selectFrom('order_lines as l')
    .innerJoin('skus as s', 's.id', 'l.sku_id')
    .select(['l.order_id', 's.sku', 'l.quantity'])
    .where('l.order_id', 'in', boardPageQuery(db, organizationId, f).clearSelect().select('o.id'))
    .orderBy('l.order_id')
    .orderBy('l.line_no');
}

/** Where an open order stands against the deadline that comes first [P11]. */
export function boardState(
  o: { status: string; dueBy: string | null },
  now: Date,
  atRiskHours = DEFAULT_AT_RISK_HOURS,
): BoardState {
  if (o.status === 'awaiting_stock') return 'awaiting_stock';
  if (!o.dueBy) return 'on_time';
  const left = Date.parse(o.dueBy) - now.getTime();
  if (left < 0) return 'late';
  return left < atRiskHours * 3_600_000 ? 'at_risk' : 'on_time';
}

interface Shortfall {
  sku?: string;
  wanted?: number;
  available?: number;
}

function shortfalls(waitingReason: string | null): BoardRow['shortfalls'] {
  if (!waitingReason) return [];
  try {
    const parsed = JSON.parse(waitingReason) as { shortfalls?: Shortfall[] };
    return (parsed.shortfalls ?? []).map((s) => ({
      sku: String(s.sku ?? ''),
      wanted: Number(s.wanted ?? 0),
      available: Number(s.available ?? 0),
    }));
  } catch {
    // An order that waited before the reason was JSON carries a sentence: no shortfall to list.
    return [];
  }
}

export async function boardPage(
  store: Store,
  organizationId: string,
  now: Date,
  f: BoardFilter,
  atRiskHours = DEFAULT_AT_RISK_HOURS,
): Promise<BoardRow[]> {
  const [rows, lines] = await Promise.all([
    boardPageQuery(store.db, organizationId, f).execute(),
    boardLinesQuery(store.db, organizationId, f).execute(),
  ]);
  const linesOf = new Map<string, BoardRow['lines']>();
  for (const l of lines) {
    const of = linesOf.get(l.order_id) ?? [];
    of.push({ sku: l.sku, quantity: l.quantity });
    linesOf.set(l.order_id, of);
  }
  return rows.map((r) => {
    const waiting = r.status === 'awaiting_stock';
    const dueBy =
      !waiting && r.operational_by
        ? { at: r.operational_by, kind: 'operational' as const }
        : r.ship_by
          ? { at: r.ship_by, kind: 'platform' as const }
          : null;
    return {
      id: r.id,
      externalId: r.external_id,
      storefront: r.storefront,
      status: r.status,
      paidAt: r.paid_at,
      shipBy: r.ship_by,
      operationalBy: r.operational_by,
      dueBy,
      state: boardState({ status: r.status, dueBy: dueBy?.at ?? null }, now, atRiskHours),
      warehouse: r.warehouse ? { code: r.warehouse, timeZone: r.time_zone as string } : null,
      lines: linesOf.get(r.id) ?? [],
      shortfalls: shortfalls(r.waiting_reason),
      deadlineDisagreement:
        r.marketplace_ship_by &&
        r.policy_ship_by &&
        shipDeadline(r.policy_ship_by, r.marketplace_ship_by).disagree
          ? { marketplace: r.marketplace_ship_by, policy: r.policy_ship_by }
          : null,
    };
  });
}
