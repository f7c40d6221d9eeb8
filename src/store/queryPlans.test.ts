import { type Compilable, CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenOrders } from '../../test/support/openOrders.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { alertListQuery } from './alertQueries.ts';
import {
  changedLevels,
  changedOrders,
  deadlineWindow,
  levelBatchQuery,
  orderBatchQuery,
} from './alertScan.ts';
import { demandSinceQuery } from './demandDays.ts';
import { boardLinesQuery, boardPageQuery, instantBound } from './dispatchBoard.ts';
import {
  awaitingLateQuery,
  awaitingOrdersQuery,
  deadlineCountsQuery,
  lateDispatchCutQuery,
  lowStockQuery,
  openOversellQuery,
  reservedInCutHourQuery,
  shipTodayCutHourQuery,
  shipTodayQuery,
} from './dispatchFigures.ts';
import { scanAlerts } from './monitor.ts';
import { orderListQuery } from './orderQueries.ts';
import { stockPageQuery } from './stockReport.ts';

/**
 * The hot queries of the order side, compiled by the builders the code runs, each answered from
 * an index on both engines: no full scan of a large table, no sort of every row for ORDER BY.
 * The data is large enough (20,000 open orders, analysed) for PostgreSQL's planner to choose
 * freely; nothing is forced.
 */
const BIG = ['orders', 'alerts', 'order_lines', 'reservations', 'stock_levels', 'skus'];

interface Plan {
  /** SQLite: the EXPLAIN QUERY PLAN lines; PostgreSQL: one line per node. */
  lines: string[];
  indexes: string[];
}

async function planOf(store: TestStore, query: Compilable): Promise<Plan> {
  const { sql: text, parameters } = query.compile();
  const explain = store.engine === 'sqlite' ? `explain query plan ${text}` : `explain (format json) ${text}`;
  const result = await store.db.executeQuery(CompiledQuery.raw(explain, [...parameters]));
  if (store.engine === 'sqlite') {
    const lines = (result.rows as { detail: string }[]).map((r) => r.detail);
    return { lines, indexes: lines.flatMap((l) => /INDEX (\w+)/.exec(l)?.[1] ?? []) };
  }
  const lines: string[] = [];
  const indexes: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    lines.push(`${node['Node Type']} ${node['Relation Name'] ?? ''} ${node['Index Name'] ?? ''}`.trim());
    if (node['Index Name']) indexes.push(node['Index Name'] as string);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  const [doc] = (result.rows[0] as { 'QUERY PLAN': { Plan: Record<string, unknown> }[] })['QUERY PLAN'];
  walk(doc?.Plan as Record<string, unknown>);
  return { lines, indexes };
}

function expectIndexed(plan: Plan, engine: string, index: string | string[]) {
  const wanted = Array.isArray(index) ? index : [index];
  if (engine === 'sqlite') {
    // "SCAN o" alone reads the whole table; "SCAN o USING INDEX x" is an ordered walk of an index.
    // `c` is a derived table; the count projections hold a few hundred rows per organization, and
    // with one organization in the database SQLite rightly reads them whole.
    const fullScans = plan.lines.filter(
      (l) =>
        /^SCAN \w+$/.test(l) &&
        !/^SCAN (sf|w|c|storefronts|warehouses|order_counts|order_count_changes)$/.test(l),
    );
    expect(fullScans).toEqual([]);
    expect(plan.lines.filter((l) => l.includes('USE TEMP B-TREE FOR ORDER BY'))).toEqual([]);
  } else {
    const seqScans = plan.lines.filter(
      (l) => l.startsWith('Seq Scan') && BIG.some((t) => l.endsWith(` ${t}`)),
    );
    expect(seqScans).toEqual([]);
  }
  expect(
    plan.indexes.some((i) => wanted.includes(i)),
    plan.lines.join(' | '),
  ).toBe(true);
}

describe.each(engines)('query plans of the order side on %s', (engine) => {
  let store: TestStore;
  let org: string;
  let tx: string;
  const now = new Date('2026-11-30T15:00:00Z');

  beforeAll(async () => {
    store = await freshStore(engine);
    org = await loadOpenOrders(store, engine, { orders: 20_000, skus: 2_000, now: now.getTime() });
    await scanAlerts(store, org, now);
    if (engine === 'postgres') await sql`vacuum analyze`.execute(store.db);
    else await sql`analyze`.execute(store.db);
    tx = (
      await store.db.selectFrom('warehouses').select('id').where('code', '=', 'TX').executeTakeFirstOrThrow()
    ).id;
  }, 180_000);
  afterAll(() => store?.dispose());

  const page = { after: null, limit: 51 };
  const cases: [string, () => Compilable, string | string[]][] = [
    ['board, first page', () => boardPageQuery(store.db, org, page), 'orders_board'],
    [
      'board, after a cursor',
      () => boardPageQuery(store.db, org, { ...page, after: ['2026-12-02T00:00:00Z', 'o1'] }),
      'orders_board',
    ],
    [
      'board, one warehouse',
      () => boardPageQuery(store.db, org, { ...page, warehouseId: tx }),
      'orders_board_warehouse',
    ],
    [
      'board, waiting for stock',
      () => boardPageQuery(store.db, org, { ...page, status: 'awaiting_stock' }),
      ['orders_status_due', 'orders_board', 'orders_waiting'],
    ],
    ['board, lines of the page', () => boardLinesQuery(store.db, org, page), 'orders_board'],
    [
      'to ship today',
      () => shipTodayQuery(store.db, org, tx, '2026-11-30T22:00:00Z'),
      'orders_board_warehouse',
    ],
    [
      'to ship today, the hour the pickup cuts',
      () => shipTodayCutHourQuery(store.db, org, tx, '2026-11-30T22:00:00Z'),
      'orders_board_warehouse',
    ],
    ['at risk and late', () => deadlineCountsQuery(store.db, org, now, 12), 'orders_status_due'],
    [
      'late, the hour now cuts',
      () => reservedInCutHourQuery(store.db, org, '2026-11-30T15:20:00Z'),
      'orders_status_due',
    ],
    ['waiting for stock', () => awaitingOrdersQuery(store.db, org, now), 'orders_waiting'],
    ['waiting past the platform deadline', () => awaitingLateQuery(store.db, org, now), 'orders_waiting'],
    [
      'late-dispatch rates, the hours the windows cut',
      () => lateDispatchCutQuery(store.db, org, new Date('2026-11-30T15:20:00Z')),
      'orders_platform_due',
    ],
    ['open oversell alerts', () => openOversellQuery(store.db, org), 'alerts_by_kind'],
    [
      'low stock on the overview',
      () => lowStockQuery(store.db, org, 20),
      // With few low-stock alerts PostgreSQL takes them from the one-open-per-condition index and
      // sorts those few; with many it walks alerts_by_kind. Either way no scan of the alerts.
      ['alerts_by_kind', 'alerts_one_open', 'alerts_recent', 'alerts_by_state'],
    ],
    ['all orders, newest first', () => orderListQuery(store.db, org, page), 'orders_paid'],
    ['alerts, newest first', () => alertListQuery(store.db, org, page), 'alerts_recent'],
    [
      'open alerts',
      () => alertListQuery(store.db, org, { ...page, state: 'open' }),
      ['alerts_by_state', 'alerts_recent'],
    ],
    [
      'open alerts of a kind',
      () => alertListQuery(store.db, org, { ...page, state: 'open', kind: 'ship_by_late' }),
      'alerts_by_kind',
    ],
    ['/stock, first page', () => stockPageQuery(store.db, org, now, page), 'reservations_pace'],
    [
      'alert scan, deadlines crossed',
      () =>
        orderBatchQuery(
          store.db,
          org,
          deadlineWindow(instantBound(now), instantBound(now.getTime() + 60_000)),
          null,
        ),
      'orders_board',
    ],
    [
      'alert scan, orders changed',
      () => orderBatchQuery(store.db, org, changedOrders(now.toISOString()), null),
      'orders_changed',
    ],
    [
      'alert scan, stock changed',
      () => levelBatchQuery(store.db, org, now, changedLevels(now.toISOString()), null),
      'stock_levels_changed',
    ],
    [
      // The orders here were paid in the last four days; a real history holds months.
      'hit check, demand of today',
      () => demandSinceQuery(store.db, org, '2026-11-30'),
      'demand_days_by_day',
    ],
  ];

  it.each(cases)('%s walks an index', async (_name, query, index) => {
    expectIndexed(await planOf(store, query()), engine, index);
  });
});
