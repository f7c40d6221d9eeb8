import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DateTime } from 'luxon';
import { openTable, type TableRow } from '../channels/spreadsheet/readTable.ts';
import { normalizeHeader, readHeader } from '../domain/catalog/catalogColumns.ts';
import { controlCharacterAt, orderLinesProblem } from '../domain/limits.ts';
import { parseDecimalToMinor, parseRate } from '../domain/money/money.ts';
import { upsertSkus } from '../store/entities.ts';
import type { Store } from '../store/openDatabase.ts';
import { type OrderInput, reserveOrders } from '../store/reservations.ts';
import { count, receive } from '../store/stockLedger.ts';
import { CatalogChecker } from './checkCatalog.ts';
import { loadFitConfig, loadPolicy } from './loadConfig.ts';
import { NotFound, skuId, warehouseId } from './lookups.ts';

/**
 * `puente import catalog|stock|orders <file>`: spreadsheet rows into the store. A bad row is reported
 * with its row number and field, and the other rows go on; what was stored before is never lost.
 */

export interface RowProblem {
  row: number;
  field: string;
  message: string;
}

export interface ImportReport {
  imported: number;
  skipped: number;
  problems: RowProblem[];
  detail: Record<string, number>;
}

async function readRows(file: string): Promise<{ headers: string[]; rows: TableRow[] }> {
  const table = await openTable(file);
  const rows: TableRow[] = [];
  for await (const batch of table.rows) rows.push(...batch);
  return { headers: table.headers, rows };
}

/** Columns by accepted names, for the stock and order files (the catalog has its own list). */
function columnsOf(headers: string[], names: Record<string, string[]>, required: string[], file: string) {
  const index: Record<string, number> = {};
  headers.forEach((h, i) => {
    const n = normalizeHeader(h);
    for (const [column, aliases] of Object.entries(names)) {
      if (index[column] === undefined && (n === column.replace(/_/g, ' ') || aliases.includes(n)))
        index[column] = i;
    }
  });
  const missing = required.filter((c) => index[c] === undefined);
  if (missing.length)
    throw new NotFound(`${file}: missing column ${missing.join(', ')}; headers found: ${headers.join(', ')}`);
  return index;
}

export async function importCatalog(
  store: Store,
  org: string,
  file: string,
  usdMxn?: string,
): Promise<ImportReport> {
  const { headers, rows } = await readRows(file);
  const header = readHeader(headers);
  if (header.missing.length) throw new NotFound(`${file}: missing column ${header.missing.join(', ')}`);
  const policy = await loadPolicy();
  const rate = usdMxn ? parseRate(usdMxn, 'USD', 'MXN') : undefined;
  const checker = new CatalogChecker(
    { policy, fit: await loadFitConfig(), lang: 'en', usdMxn: rate },
    header.columns,
  );
  const problems: RowProblem[] = [];
  const skus = [];
  for (const r of rows) {
    const result = checker.check(r);
    const title = r.values[header.columns.title as number]?.trim();
    if (!result.sku || !title) {
      problems.push({ row: r.row, field: result.sku ? 'title' : 'sku', message: 'required, but empty' });
      continue;
    }
    skus.push({ sku: result.sku, title, programCategory: result.category, verdict: result.verdict });
  }
  await upsertSkus(store, org, skus);
  const detail: Record<string, number> = {};
  for (const s of skus) detail[s.verdict] = (detail[s.verdict] ?? 0) + 1;
  return { imported: skus.length, skipped: problems.length, problems, detail };
}

/**
 * Stock counts from a 3PL (`set`: the ledger records the difference as a count) or deliveries
 * (`add`: receipts). Re-importing the same `add` file is a no-op: each row's movement carries a key
 * made of the file's content hash and the row number.
 */
export async function importStock(
  store: Store,
  org: string,
  file: string,
  mode: 'set' | 'add',
  actor: string,
): Promise<ImportReport> {
  const { headers, rows } = await readRows(file);
  const col = columnsOf(
    headers,
    {
      sku: ['sku', 'seller sku', '商品编码'],
      warehouse: ['warehouse', 'warehouse code', '仓库', 'almacen'],
      quantity: ['quantity', 'qty', 'on hand', 'available', '数量', '库存', 'cantidad'],
    },
    ['sku', 'warehouse', 'quantity'],
    file,
  );
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
  const problems: RowProblem[] = [];
  const detail: Record<string, number> = { changed: 0, unchanged: 0, duplicate: 0 };
  for (const r of rows) {
    const sku = r.values[col.sku as number]?.trim() ?? '';
    const code = r.values[col.warehouse as number]?.trim() ?? '';
    const text = r.values[col.quantity as number]?.trim() ?? '';
    const quantity = Number(text);
    if (!/^\d+$/.test(text)) {
      problems.push({ row: r.row, field: 'quantity', message: `not a whole number ≥ 0 ("${text}")` });
      continue;
    }
    try {
      const m = {
        organizationId: org,
        skuId: await skuId(store, org, sku),
        warehouseId: await warehouseId(store, org, code),
        actor,
        reason: `import ${basename(file)} row ${r.row}`,
      };
      if (mode === 'set') {
        const { delta } = await count(store, m, quantity);
        detail[delta === 0 ? 'unchanged' : 'changed'] =
          (detail[delta === 0 ? 'unchanged' : 'changed'] ?? 0) + 1;
      } else if (quantity > 0) {
        const applied = await receive(store, { ...m, idempotencyKey: `import:${hash}:${r.row}` }, quantity);
        detail[applied === 'duplicate' ? 'duplicate' : 'changed'] =
          (detail[applied === 'duplicate' ? 'duplicate' : 'changed'] ?? 0) + 1;
      }
    } catch (e) {
      problems.push({
        row: r.row,
        field:
          e instanceof NotFound
            ? String((e as Error).message).includes('SKU')
              ? 'sku'
              : 'warehouse'
            : 'quantity',
        message: (e as Error).message,
      });
    }
  }
  return { imported: rows.length - problems.length, skipped: problems.length, problems, detail };
}

const ORDER_BATCH = 200;

/**
 * Orders from a file (CSV/XLSX: one row per line; or JSON), grouped by storefront and order id.
 * Orders go in by batches of 200 per transaction: a crash leaves whole batches or nothing, and a
 * re-run finds the stored orders by their (storefront, order id) key and skips them.
 */
export async function importOrders(
  store: Store,
  org: string,
  file: string,
  actor: string,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportReport> {
  const problems: RowProblem[] = [];
  const orders = file.toLowerCase().endsWith('.json')
    ? readOrdersJson(file, problems)
    : await readOrdersTable(file, problems);
  const storefronts = await store.db
    .selectFrom('storefronts')
    .select(['id', 'code', 'policy_id', 'currency'])
    .where('organization_id', '=', org)
    .execute();
  const skus = new Map(
    (
      await store.db.selectFrom('skus').select(['id', 'sku']).where('organization_id', '=', org).execute()
    ).map((s) => [s.sku, s.id]),
  );
  const rules = new Map<string, Awaited<ReturnType<typeof loadPolicy>>['dispatch']>();
  for (const s of storefronts)
    if (!rules.has(s.policy_id)) rules.set(s.policy_id, (await loadPolicy(s.policy_id)).dispatch);

  const ready: { input: OrderInput; policy: string }[] = [];
  for (const o of orders) {
    const sf = storefronts.find((s) => s.code === o.storefront);
    const unknown = o.lines.find((l) => !skus.has(l.sku));
    const outOfBounds =
      orderLinesProblem(o.lines) ??
      ([o.storefront, o.orderId, ...o.lines.map((l) => String(l.sku))].some(
        (t) => controlCharacterAt(t) !== -1,
      )
        ? 'a storefront, order id or SKU has a control character'
        : null);
    if (outOfBounds)
      problems.push({ row: o.row, field: 'lines', message: `${outOfBounds}: order ${o.orderId} skipped` });
    else if (!sf)
      problems.push({ row: o.row, field: 'storefront', message: `no storefront ${o.storefront}` });
    else if (o.currency && o.currency !== sf.currency) {
      problems.push({
        row: o.row,
        field: 'currency',
        message: `${o.currency}, but ${o.storefront} sells in ${sf.currency}: order ${o.orderId} skipped`,
      });
    } else if (unknown)
      problems.push({
        row: unknown.row,
        field: 'sku',
        message: `no SKU ${unknown.sku}: order ${o.orderId} skipped`,
      });
    else {
      ready.push({
        policy: sf.policy_id,
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
        },
      });
    }
  }
  const detail: Record<string, number> = { reserved: 0, awaiting_stock: 0, duplicate: 0 };
  for (let i = 0; i < ready.length; i += ORDER_BATCH) {
    const batch = ready.slice(i, i + ORDER_BATCH);
    // One policy per batch keeps one dispatch rule per transaction.
    const byPolicy = new Map<string, OrderInput[]>();
    for (const b of batch) byPolicy.set(b.policy, [...(byPolicy.get(b.policy) ?? []), b.input]);
    for (const [policy, inputs] of byPolicy) {
      for (const outcome of await reserveOrders(
        store,
        inputs,
        rules.get(policy) as NonNullable<ReturnType<typeof rules.get>>,
      )) {
        detail[outcome.status] = (detail[outcome.status] ?? 0) + 1;
      }
    }
    onProgress?.(Math.min(i + ORDER_BATCH, ready.length), ready.length);
  }
  return {
    imported: (detail.reserved ?? 0) + (detail.awaiting_stock ?? 0),
    skipped: problems.length,
    problems,
    detail,
  };
}

interface ParsedOrder {
  row: number;
  storefront: string;
  orderId: string;
  paidAt: string;
  currency: string;
  lines: { row: number; sku: string; quantity: number; unitPriceMinor: number }[];
}

/** A payment time must say its offset (Z or ±hh:mm): a local time read as UTC would move the deadline. */
function paidAtOf(text: string): string | undefined {
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return undefined;
  const t = DateTime.fromISO(text, { setZone: true });
  return t.isValid ? (t.toUTC().toISO() as string) : undefined;
}

async function readOrdersTable(file: string, problems: RowProblem[]): Promise<ParsedOrder[]> {
  const { headers, rows } = await readRows(file);
  const col = columnsOf(
    headers,
    {
      storefront: ['storefront', 'shop', 'store', '店铺', 'tienda'],
      order_id: ['order id', 'order', 'external id', '订单号', 'pedido'],
      paid_at: ['paid at', 'paid time', 'payment time', '付款时间', 'fecha de pago'],
      sku: ['sku', 'seller sku', '商品编码'],
      quantity: ['quantity', 'qty', '数量', 'cantidad'],
      unit_price: ['unit price', 'price', '单价', 'precio'],
      currency: ['currency', '币种', 'moneda'],
    },
    ['storefront', 'order_id', 'paid_at', 'sku', 'quantity'],
    file,
  );
  const orders = new Map<string, ParsedOrder>();
  const broken = new Set<string>();
  const text = (r: TableRow, c: string) =>
    col[c] === undefined ? '' : (r.values[col[c] as number]?.trim() ?? '');
  for (const r of rows) {
    const key = `${text(r, 'storefront')}\u0000${text(r, 'order_id')}`;
    const fail = (field: string, message: string) => {
      problems.push({ row: r.row, field, message });
      broken.add(key);
    };
    const paidAt = paidAtOf(text(r, 'paid_at'));
    const quantity = Number(text(r, 'quantity'));
    const price = text(r, 'unit_price') ? parseDecimalToMinor(text(r, 'unit_price')) : 0;
    if (!text(r, 'storefront')) fail('storefront', 'required, but empty');
    else if (!text(r, 'order_id')) fail('order_id', 'required, but empty');
    else if (!paidAt)
      fail(
        'paid_at',
        `not a date and time with its offset, such as 2026-05-22T15:00:00-07:00 ("${text(r, 'paid_at')}")`,
      );
    else if (!Number.isInteger(quantity) || quantity <= 0)
      fail('quantity', `not a whole number above 0 ("${text(r, 'quantity')}")`);
    else if (price === undefined) fail('unit_price', `not a price like 249.00 ("${text(r, 'unit_price')}")`);
    else {
      const order = orders.get(key) ?? {
        row: r.row,
        storefront: text(r, 'storefront'),
        orderId: text(r, 'order_id'),
        paidAt,
        currency: text(r, 'currency').toUpperCase(),
        lines: [],
      };
      order.lines.push({ row: r.row, sku: text(r, 'sku'), quantity, unitPriceMinor: price });
      orders.set(key, order);
    }
  }
  // An order with a bad line is skipped whole: half an order must not be reserved.
  return [...orders].filter(([key]) => !broken.has(key)).map(([, o]) => o);
}

function readOrdersJson(file: string, problems: RowProblem[]): ParsedOrder[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    storefront: string;
    order_id: string;
    paid_at: string;
    currency?: string;
    lines: { sku: string; quantity: number; unit_price?: string | number }[];
  }[];
  const orders: ParsedOrder[] = [];
  data.forEach((o, i) => {
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
      problems.push({ row: i + 1, field: 'order_id', message: 'required, but missing or empty' });
    } else if (typeof o.storefront !== 'string' || !o.storefront.trim()) {
      problems.push({ row: i + 1, field: 'storefront', message: 'required, but missing or empty' });
    } else if (!paidAt) {
      problems.push({
        row: i + 1,
        field: 'paid_at',
        message: `not a date and time with its offset ("${o.paid_at}")`,
      });
    } else if (
      lines.length === 0 ||
      lines.length !== given.length ||
      lines.some((l) => !Number.isInteger(l.quantity) || l.quantity <= 0 || l.unitPriceMinor < 0)
    ) {
      problems.push({
        row: i + 1,
        field: 'lines',
        message: 'every line needs a sku, a whole quantity above 0 and a price',
      });
    } else
      orders.push({
        row: i + 1,
        storefront: o.storefront,
        orderId: o.order_id,
        paidAt,
        currency: String(o.currency ?? '').toUpperCase(),
        lines,
      });
  });
  return orders;
}
