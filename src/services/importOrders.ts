import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { openTable, type TableRow } from '../channels/spreadsheet/readTable.ts';
import { assembleOrder } from '../domain/imports/assembleOrder.ts';
import { controlCharacterAt, orderLinesProblem } from '../domain/limits.ts';
import { parseDecimalToMinor } from '../domain/money/money.ts';
import { type Notice, noticeMessage } from '../i18n/notices.ts';
import type { Store } from '../store/openDatabase.ts';
import { OrderStaging, type StagedLine } from '../store/orderStaging.ts';
import { type OrderInput, reserveOrders } from '../store/reservations.ts';
import { listStorefronts } from '../store/settings.ts';
import { cancelOrder, shipOrder } from '../store/settling.ts';
import {
  columnsOf,
  type ImportReport,
  noteProblem,
  noteWarning,
  problemCount,
  problemOf,
  type RowProblem,
  rowProblem,
  warningOf,
} from './importReport.ts';
import { loadPolicy } from './loadConfig.ts';
import { skuIds } from './lookups.ts';

const ORDER_BATCH = 200;

/** One order of a file, its lines grouped (exported for replays: planBacktest.ts). */
export interface ParsedOrder {
  row: number;
  storefront: string;
  orderId: string;
  paidAt: string;
  currency: string;
  lines: { row: number; sku: string; quantity: number; unitPriceMinor: number }[];
  /** A history's order: already shipped (with its time) or cancelled. Absent for a paid order. */
  past?: PastOrder | undefined;
  /** Replayed from a history: taken at its payment time, so the ledger and stock-outs read in time. */
  replay?: boolean;
}

interface PastOrder {
  status: 'shipped' | 'cancelled';
  shippedAt: string;
  carrier: string;
  tracking: string;
}

/**
 * A history's order status, in the words exports use; '' for a paid, open order; undefined when
 * unknown. Delivered orders are imported shipped: Puente's history starts at the ship time.
 */
export function pastStatusOf(text: string): '' | 'shipped' | 'cancelled' | undefined {
  const t = text.trim().toLowerCase();
  if (['', 'paid', 'open', 'reserved', 'awaiting_stock', '已付款', '待发货', 'pagado'].includes(t)) return '';
  if (['shipped', 'delivered', 'completed', '已发货', '已完成', '已签收', 'enviado', 'entregado'].includes(t))
    return 'shipped';
  if (['cancelled', 'canceled', '已取消', 'cancelado'].includes(t)) return 'cancelled';
  return undefined;
}

/**
 * Orders from a file (CSV/XLSX: one row per line; or JSON). A table streams through a temporary
 * on-disk staging table (orderStaging.ts), so the lines of one order are grouped wherever they are in
 * the file, in bounded memory; each order is then checked whole (assembleOrder.ts: a repeated line is
 * taken once, a conflicting one refuses the order) and orders go in by batches of 200 per
 * transaction: a crash leaves whole batches or nothing, and a re-run finds the stored orders by their
 * (storefront, order id) key and skips them.
 */
export async function importOrders(
  store: Store,
  org: string,
  file: string,
  actor: string,
  onProgress?: (done: number, total: number) => void,
  options: { encoding?: string | undefined } = {},
): Promise<ImportReport> {
  const report: ImportReport = {
    imported: 0,
    skipped: 0,
    problems: [],
    warnings: [],
    detail: { reserved: 0, awaiting_stock: 0, duplicate: 0 },
  };
  const storefronts = await listStorefronts(store, org);
  const rules = new Map<string, Awaited<ReturnType<typeof loadPolicy>>['dispatch']>();
  for (const s of storefronts)
    if (!rules.has(s.policy_id)) rules.set(s.policy_id, (await loadPolicy(s.policy_id)).dispatch);

  // A history's order goes in as it was paid (reserving what it took), then ships or is cancelled
  // at its own time: the ledger, the demand days and the stock-outs replay the history.
  const settlePast = async (
    b: { input: OrderInput; past: PastOrder | undefined },
    outcome: { status: string; orderId: string },
  ) => {
    const past = b.past as PastOrder;
    if (past.status === 'cancelled') {
      if (outcome.status === 'cancelled') return;
      await cancelOrder(store, outcome.orderId, actor, 'imported cancelled');
      report.detail.cancelled = (report.detail.cancelled ?? 0) + 1;
    } else if (outcome.status === 'reserved') {
      await shipOrder(store, outcome.orderId, {
        carrier: past.carrier,
        tracking: past.tracking,
        actor,
        shippedAt: past.shippedAt,
      });
      report.detail.shipped = (report.detail.shipped ?? 0) + 1;
    } else
      noteWarning(
        report,
        warningOf([], { key: 'order_not_shipped_no_stock', params: { order: b.input.externalId } }),
      );
  };
  let pending: ParsedOrder[] = [];
  let done = 0;
  let total = 0;
  const flush = async () => {
    const skus = await skuIds(
      store,
      org,
      pending.flatMap((o) => o.lines.map((l) => l.sku)),
    );
    const ready: { input: OrderInput; policy: string; past: PastOrder | undefined }[] = [];
    for (const o of pending) {
      const sf = storefronts.find((s) => s.code === o.storefront);
      const unknown = o.lines.find((l) => !skus.has(l.sku));
      // The same limits as the API's (domain/limits.ts): an order past them is a row problem, never a
      // database error.
      const outOfBounds =
        orderLinesProblem(o.lines) ??
        ([o.storefront, o.orderId, ...o.lines.map((l) => String(l.sku))].some(
          (t) => controlCharacterAt(t) !== -1,
        )
          ? 'a storefront, order id or SKU has a control character'
          : null);
      if (outOfBounds)
        noteProblem(report, {
          row: o.row,
          field: 'lines',
          message: `${outOfBounds}: order ${o.orderId} skipped`,
        });
      else if (!sf)
        noteProblem(
          report,
          problemOf(o.row, 'storefront', { key: 'row_no_storefront', params: { code: o.storefront } }),
        );
      else if (o.currency && o.currency !== sf.currency) {
        noteProblem(
          report,
          problemOf(o.row, 'currency', {
            key: 'order_skipped_currency',
            params: { currency: o.currency, storefront: o.storefront, sells: sf.currency, order: o.orderId },
          }),
        );
      } else if (unknown)
        noteProblem(
          report,
          problemOf(unknown.row, 'sku', {
            key: 'order_skipped_no_sku',
            params: { sku: unknown.sku, order: o.orderId },
          }),
        );
      else
        ready.push({
          policy: sf.policy_id,
          past: o.past,
          input: {
            organizationId: org,
            storefrontId: sf.id,
            externalId: o.orderId,
            paidAt: o.paidAt,
            // No currency in the file: the storefront's.
            currency: o.currency || sf.currency,
            lines: o.lines.map((l) => ({
              skuId: skus.get(l.sku) as string,
              quantity: l.quantity,
              unitPriceMinor: l.unitPriceMinor,
            })),
            actor,
            ...(o.replay ? { takenAt: o.paidAt } : {}),
          },
        });
    }
    // One policy per call keeps one dispatch rule per transaction.
    const byPolicy = new Map<string, typeof ready>();
    for (const b of ready) byPolicy.set(b.policy, [...(byPolicy.get(b.policy) ?? []), b]);
    for (const [policy, batch] of byPolicy) {
      const rule = rules.get(policy) as NonNullable<ReturnType<typeof rules.get>>;
      const outcomes = await reserveOrders(
        store,
        batch.map((b) => b.input),
        rule,
      );
      for (const [i, outcome] of outcomes.entries()) {
        report.detail[outcome.status] = (report.detail[outcome.status] ?? 0) + 1;
        const b = batch[i] as (typeof batch)[number];
        if (b.past && outcome.status !== 'duplicate') await settlePast(b, outcome);
      }
    }
    done += pending.length;
    pending = [];
    onProgress?.(done, total);
  };

  const orders = file.toLowerCase().endsWith('.json')
    ? readOrdersJson(file, (p) => noteProblem(report, p))
    : readOrdersTable(file, report, options.encoding);
  for await (const o of orders) {
    if (o === null) continue;
    if (typeof o === 'number') {
      total = o;
      continue;
    }
    pending.push(o);
    if (pending.length >= ORDER_BATCH) await flush();
  }
  await flush();
  report.imported = (report.detail.reserved ?? 0) + (report.detail.awaiting_stock ?? 0);
  report.skipped = problemCount(report);
  return report;
}

/** A payment time must say its offset (Z or ±hh:mm): a local time read as UTC would move the deadline. */
function paidAtOf(text: string): string | undefined {
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return undefined;
  const t = DateTime.fromISO(text, { setZone: true });
  return t.isValid ? (t.toUTC().toISO() as string) : undefined;
}

/** The orders of a table: first the number of orders, then each order, or null for one refused. */
async function* readOrdersTable(
  file: string,
  report: ImportReport,
  encoding: string | undefined,
): AsyncGenerator<ParsedOrder | number | null> {
  const table = await openTable(file, { encoding });
  if (table.encodingWarning) noteWarning(report, warningOf([], table.encodingNotice, table.encodingWarning));
  const col = columnsOf(
    table.headers,
    {
      storefront: ['storefront', 'shop', 'store', '店铺', 'tienda'],
      order_id: ['order id', 'order', 'external id', '订单号', 'pedido'],
      paid_at: ['paid at', 'paid time', 'payment time', '付款时间', 'fecha de pago'],
      sku: ['sku', 'seller sku', '商品编码'],
      quantity: ['quantity', 'qty', '数量', 'cantidad'],
      unit_price: ['unit price', 'price', '单价', 'precio'],
      currency: ['currency', '币种', 'moneda'],
      line: ['line', 'line id', 'line no', 'line number', 'item id', '行号', 'linea', 'partida'],
      lines: ['lines', 'line count', 'lines in order', 'items in order', '行数', 'lineas'],
      status: ['status', 'order status', '订单状态', 'estado'],
      shipped_at: ['shipped at', 'ship time', 'shipped time', '发货时间', 'fecha de envío', 'fecha de envio'],
      carrier: ['carrier', '承运商', '物流商', 'paquetería', 'paqueteria'],
      tracking: ['tracking', 'tracking number', '运单号', 'guía', 'guia'],
    },
    ['storefront', 'order_id', 'paid_at', 'sku', 'quantity'],
    file,
  );
  // A file that says how orders ended is a history: each order is taken at its payment time.
  const replay = col.status !== undefined || col.shipped_at !== undefined;
  const staging = new OrderStaging();
  try {
    const text = (r: TableRow, c: string) =>
      col[c] === undefined ? '' : (r.values[col[c] as number]?.trim() ?? '');
    let lastKey: StagedLine | undefined;
    for await (const rows of table.rows) {
      const staged: StagedLine[] = [];
      for (const r of rows) {
        const storefront = text(r, 'storefront');
        const orderId = text(r, 'order_id');
        const line: StagedLine = {
          key: `${storefront}\u0000${orderId}`,
          row: r.row,
          storefront,
          orderId,
          paidAt: '',
          sku: text(r, 'sku'),
          line: text(r, 'line'),
          quantity: 0,
          unitPriceMinor: 0,
          currency: text(r, 'currency').toUpperCase(),
          declared: null,
          refused: 1,
          shippedAt: '',
          carrier: text(r, 'carrier'),
          tracking: text(r, 'tracking'),
          status: '',
        };
        const fail = (field: string, what: string | Notice) => {
          noteProblem(
            report,
            typeof what === 'string' ? { row: r.row, field, message: what } : problemOf(r.row, field, what),
          );
          if (storefront && orderId) staged.push(line);
        };
        if (r.warning) noteWarning(report, warningOf([r.row], r.warningNotice, r.warning));
        const paidAt = paidAtOf(text(r, 'paid_at'));
        const quantity = Number(text(r, 'quantity'));
        const price = text(r, 'unit_price') ? parseDecimalToMinor(text(r, 'unit_price')) : 0;
        const declared = text(r, 'lines');
        const given = pastStatusOf(text(r, 'status'));
        const shippedAt = text(r, 'shipped_at') ? paidAtOf(text(r, 'shipped_at')) : '';
        // A ship time alone says the order shipped.
        const status = given === '' && shippedAt ? 'shipped' : given;
        if (r.problem) {
          if (storefront && orderId) fail('row', r.problemNotice ?? r.problem);
          else if (lastKey) {
            // The row's own order is unknown (the file is cut inside it): the order read just before
            // may be the one cut short, so it is held back too.
            const then: Notice = {
              key: 'order_held_back',
              params: { order: lastKey.orderId, row: lastKey.row },
            };
            const cut = rowProblem(r);
            noteProblem(report, { ...cut, message: `${cut.message}; ${noticeMessage(then, 'en')}`, then });
            staged.push({ ...lastKey, row: r.row, refused: 1 });
          } else noteProblem(report, rowProblem(r));
        } else if (!storefront) fail('storefront', { key: 'row_required_empty' });
        else if (!orderId) fail('order_id', { key: 'row_required_empty' });
        else if (!paidAt) fail('paid_at', { key: 'row_not_a_time', params: { value: text(r, 'paid_at') } });
        else if (!Number.isInteger(quantity) || quantity <= 0)
          fail('quantity', { key: 'row_not_above_zero', params: { value: text(r, 'quantity') } });
        else if (price === undefined)
          fail('unit_price', { key: 'row_not_a_price', params: { value: text(r, 'unit_price') } });
        else if (declared && !/^[1-9]\d{0,4}$/.test(declared))
          fail('lines', { key: 'row_not_line_count', params: { value: declared } });
        else if (status === undefined)
          fail('status', { key: 'row_not_order_status', params: { value: text(r, 'status') } });
        else if (shippedAt === undefined)
          fail('shipped_at', { key: 'row_not_a_time', params: { value: text(r, 'shipped_at') } });
        else if (status === 'shipped' && !shippedAt) fail('shipped_at', { key: 'row_required_empty' });
        else if (shippedAt && shippedAt < paidAt)
          fail('shipped_at', { key: 'row_shipped_before_paid', params: { value: text(r, 'shipped_at') } });
        else
          staged.push({
            ...line,
            paidAt,
            quantity,
            unitPriceMinor: price,
            declared: declared ? Number(declared) : null,
            refused: 0,
            status,
            shippedAt,
          });
        if (storefront && orderId) lastKey = staged.at(-1) ?? lastKey;
      }
      staging.add(staged);
    }
    yield staging.orderCount();
    for (const rows of staging.orders()) {
      const first = rows[0] as StagedLine;
      const order = assembleOrder(rows);
      if (!order.ok) {
        noteProblem(report, ...order.problems);
        yield null;
        continue;
      }
      if (order.repeated) noteWarning(report, order.repeated);
      yield {
        row: order.row,
        storefront: first.storefront,
        orderId: first.orderId,
        paidAt: order.paidAt,
        currency: order.currency,
        lines: order.lines,
        replay,
        past:
          first.status === 'shipped' || first.status === 'cancelled'
            ? {
                status: first.status,
                shippedAt: first.shippedAt,
                carrier: first.carrier,
                tracking: first.tracking,
              }
            : undefined,
      };
    }
  } finally {
    staging.close();
  }
}

async function* readOrdersJson(file: string, problem: (p: RowProblem) => void): AsyncGenerator<ParsedOrder> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    storefront: string;
    order_id: string;
    paid_at: string;
    currency?: string;
    lines: { sku: string; quantity: number; unit_price?: string | number }[];
    status?: string;
    shipped_at?: string;
    carrier?: string;
    tracking?: string;
  }[];
  for (const [i, o] of data.entries()) {
    const paidAt = paidAtOf(String(o?.paid_at ?? ''));
    const given = Array.isArray(o?.lines) ? o.lines : [];
    const lines = given
      .filter((l) => typeof l === 'object' && l !== null)
      .map((l) => ({
        row: i + 1,
        sku: l.sku,
        quantity: l.quantity,
        unitPriceMinor: parseDecimalToMinor(String(l.unit_price ?? '0')) ?? -1,
      }));
    if (typeof o?.order_id !== 'string' || !o.order_id.trim()) {
      problem(problemOf(i + 1, 'order_id', { key: 'row_required_missing' }));
    } else if (typeof o.storefront !== 'string' || !o.storefront.trim()) {
      problem(problemOf(i + 1, 'storefront', { key: 'row_required_missing' }));
    } else if (!paidAt) {
      problem(
        problemOf(i + 1, 'paid_at', { key: 'row_not_a_time', params: { value: String(o.paid_at ?? '') } }),
      );
    } else if (
      lines.length === 0 ||
      lines.length !== given.length ||
      lines.some((l) => !Number.isInteger(l.quantity) || l.quantity <= 0 || l.unitPriceMinor < 0)
    ) {
      problem(problemOf(i + 1, 'lines', { key: 'row_bad_lines' }));
    } else {
      const given = pastStatusOf(String(o.status ?? ''));
      const shippedAt = o.shipped_at ? paidAtOf(String(o.shipped_at)) : '';
      const status = given === '' && shippedAt ? 'shipped' : given;
      if (status === undefined)
        problem(
          problemOf(i + 1, 'status', { key: 'row_not_order_status', params: { value: String(o.status) } }),
        );
      else if (shippedAt === undefined || (status === 'shipped' && !shippedAt))
        problem(
          problemOf(i + 1, 'shipped_at', {
            key: 'row_not_a_time',
            params: { value: String(o.shipped_at ?? '') },
          }),
        );
      else
        yield {
          row: i + 1,
          storefront: o.storefront,
          orderId: o.order_id,
          paidAt,
          currency: String(o.currency ?? '').toUpperCase(),
          lines,
          replay: o.status !== undefined || o.shipped_at !== undefined,
          past:
            status === ''
              ? undefined
              : {
                  status,
                  shippedAt: shippedAt ?? '',
                  carrier: String(o.carrier ?? ''),
                  tracking: String(o.tracking ?? ''),
                },
        };
    }
  }
}

/**
 * The orders of a file as `importOrders` reads them — the same columns, checks and row problems —
 * without storing them: `puente plan backtest --history` replays them.
 */
export function readOrderFile(
  file: string,
  report: ImportReport,
  encoding?: string,
): AsyncGenerator<ParsedOrder | number | null> {
  return file.toLowerCase().endsWith('.json')
    ? readOrdersJson(file, (p) => noteProblem(report, p))
    : readOrdersTable(file, report, encoding);
}
