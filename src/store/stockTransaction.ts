import type { DispatchRule } from '../domain/dispatch/shipBy.ts';
import { txStatement } from './cachedQuery.ts';
import { dispatchRule } from './dispatchRules.ts';
import { type LevelKey, type LockedLevel, levelKey, lockLevels } from './lockStock.ts';
import type { Engine, Store } from './openDatabase.ts';
import { type OversellPair, refreshOversell } from './oversellAlerts.ts';
import { republish } from './publish.ts';
import { inTransaction, type Tx } from './transaction.ts';

/**
 * One transaction that writes stock: the level rows it has locked (lockStock.ts) and what they
 * hold now, the storefronts it has read, and what it must do before it commits — republish the
 * SKUs whose availability changed and bring the oversell alerts of the (SKU, storefront) pairs
 * whose waiting orders changed up to date. Every writer of `stock_levels` works through one.
 *
 * The level snapshot is exact while the transaction runs: the rows are locked (PostgreSQL) or the
 * file is (SQLite), and every write refreshes its row from the statement's RETURNING.
 */

export interface StorefrontSetup {
  id: string;
  organization_id: string;
  allow_split: number;
  code: string;
  name: string;
  policy_id: string;
  /** In the storefront's priority order. */
  warehouses: { id: string; holiday_calendar: string; time_zone: string; cutoff: string }[];
}

export class StockTransaction {
  private readonly levels = new Map<string, LockedLevel>();
  private readonly locked = new Set<string>();
  private readonly storefronts = new Map<string, StorefrontSetup>();
  private readonly toRepublish = new Map<string, Set<string>>();
  private readonly toRefresh = new Map<string, OversellPair>();
  /** Publication locks taken already, by a one-order transaction's reservation statement. */
  readonly publicationLocks = new Set<string>();
  /**
   * When the transaction's events happened, when a caller replays history (the demo, an import of
   * past orders): the time availability changed, for stock-outs (stockOuts.ts). Now when unset.
   */
  eventAt: string | undefined;

  constructor(
    readonly trx: Tx,
    readonly engine: Engine,
    /** The rule for new orders of this transaction (their storefronts' policy); others read theirs. */
    private readonly rule?: DispatchRule,
  ) {}

  /**
   * Locks the rows of `keys` not locked yet, all in lock order. A transaction calls it once with
   * every row it may touch before it plans; a later call (a row found only after planning) is the
   * rare exception, and the retry in inTransaction covers the deadlock it could cause.
   */
  async lock(keys: Iterable<LevelKey>): Promise<void> {
    const fresh = [...keys].filter((k) => !this.locked.has(levelKey(k)));
    if (fresh.length === 0) return;
    for (const k of fresh) this.locked.add(levelKey(k));
    for (const row of await lockLevels(this.trx, this.engine, fresh)) this.levels.set(levelKey(row), row);
  }

  /** On hand − reserved of a locked row (0 when there is no row). */
  available(skuId: string, warehouseId: string): number {
    const l = this.levels.get(levelKey({ skuId, warehouseId }));
    return l ? l.onHand - l.reserved : 0;
  }

  /** On hand of a locked row (undefined when there is no row). */
  onHand(skuId: string, warehouseId: string): number | undefined {
    return this.levels.get(levelKey({ skuId, warehouseId }))?.onHand;
  }

  /** A row as a write left it (from RETURNING). */
  saw(row: { sku_id: string; warehouse_id: string; on_hand: number; reserved: number }): void {
    const level = {
      skuId: row.sku_id,
      warehouseId: row.warehouse_id,
      onHand: Number(row.on_hand),
      reserved: Number(row.reserved),
    };
    this.locked.add(levelKey(level));
    this.levels.set(levelKey(level), level);
  }

  async storefront(id: string): Promise<StorefrontSetup> {
    await this.readStorefronts([id]);
    const setup = this.storefronts.get(id);
    if (!setup) throw new Error(`no storefront ${id}`);
    return setup;
  }

  /**
   * Reads the setups of these storefronts not read yet: two statements for all of them, so that a
   * batch of orders from many sellers does not pay two round trips per storefront.
   */
  async readStorefronts(ids: Iterable<string>): Promise<void> {
    const fresh = [...new Set(ids)].filter((id) => !this.storefronts.has(id));
    if (fresh.length === 0) return;
    const rows = await storefrontRows(this.trx, fresh, fresh.length);
    const links = await storefrontWarehouses(this.trx, fresh, fresh.length);
    for (const row of rows) {
      const warehouses = links
        .filter((l) => l.storefront_id === row.id)
        .map(({ id, holiday_calendar, time_zone, cutoff }) => ({ id, holiday_calendar, time_zone, cutoff }));
      this.storefronts.set(row.id, { ...row, warehouses });
    }
  }

  /** The dispatch rule [P11] of a storefront's orders. */
  async ruleOf(storefront: StorefrontSetup): Promise<DispatchRule> {
    return this.rule ?? dispatchRule(storefront.policy_id);
  }

  /** What the storefronts may sell of these SKUs changed: republish before commit. */
  changed(organizationId: string, skuIds: Iterable<string>): void {
    const set = this.toRepublish.get(organizationId) ?? new Set<string>();
    for (const id of skuIds) set.add(id);
    this.toRepublish.set(organizationId, set);
  }

  /** Orders waiting for these SKUs on this storefront changed: refresh their alerts before commit. */
  waitingChanged(organizationId: string, storefrontId: string, skuIds: Iterable<string>): void {
    for (const skuId of skuIds)
      this.toRefresh.set(`${storefrontId}:${skuId}`, { organizationId, storefrontId, skuId });
  }

  /** Republish, then the alerts: publication locks come after the rows, alert rows after both. */
  async finish(): Promise<void> {
    await republish(this.trx, this.toRepublish, this.engine, this.eventAt, this.publicationLocks);
    await refreshOversell(this.trx, [...this.toRefresh.values()]);
  }
}

const storefrontRows = txStatement<Omit<StorefrontSetup, 'warehouses'>>(
  'select id, organization_id, allow_split, code, name, policy_id from storefronts where id in ({rows})',
  '?',
);
/** Each storefront's warehouses in its priority order. */
const storefrontWarehouses = txStatement<StorefrontSetup['warehouses'][number] & { storefront_id: string }>(
  `select sw.storefront_id, w.id, w.holiday_calendar, w.time_zone, w.cutoff
   from storefront_warehouses as sw inner join warehouses as w on w.id = sw.warehouse_id
   where sw.storefront_id in ({rows}) order by sw.storefront_id, sw.priority`,
  '?',
);

/**
 * Runs `fn` in a stock transaction and finishes it: `inTransaction` with the stock bookkeeping, so a
 * deadlock or a lost race (PlanRaced, a defence, see lockStock.ts) is retried like any writer's.
 */
export function withStock<T>(
  store: Store,
  fn: (st: StockTransaction) => Promise<T>,
  options: { rule?: DispatchRule | undefined; crashPoint?: string } = {},
): Promise<T> {
  return inTransaction(store, async (trx) => {
    const st = new StockTransaction(trx, store.engine, options.rule);
    const result = await fn(st);
    await st.finish();
    if (options.crashPoint) crashPoint(options.crashPoint);
    return result;
  });
}

/**
 * A test's way to kill the process at a named point, after the work and before the commit:
 * PUENTE_TEST_CRASH_AT=<point>. Unset, it does nothing.
 */
function crashPoint(name: string): void {
  if (process.env.PUENTE_TEST_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}
