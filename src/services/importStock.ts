import { basename } from 'node:path';
import { openTable, type TableRow } from '../channels/spreadsheet/readTable.ts';
import { stockRowContent, stockRowKey } from '../domain/imports/stockRowKey.ts';
import { LIMITS } from '../domain/limits.ts';
import type { Store } from '../store/openDatabase.ts';
import { RowOccurrences } from '../store/rowOccurrences.ts';
import { applyStockRows, type StockImportRow } from '../store/stockImport.ts';
import { StockError } from '../store/stockLedger.ts';
import {
  columnsOf,
  type ImportReport,
  noteProblem,
  noteWarning,
  problemOf,
  type RowProblem,
  rowProblem,
  warningOf,
} from './importReport.ts';
import { skuIds, warehouseIds } from './lookups.ts';

/** Rows per transaction: short enough that the write lock is held for milliseconds. */
const CHUNK = 500;

export interface StockImportOptions {
  mode: 'set' | 'add';
  actor: string;
  /** The delivery number or count reference, for rows without a `reference` column value. */
  reference?: string | undefined;
  encoding?: string | undefined;
}

/**
 * Stock counts from a 3PL (`set`: the ledger records the difference as a count) or deliveries
 * (`add`: receipts). The file streams through in chunks, so memory stays flat however long it is.
 *
 * A receipt's idempotency key is the row's content (SKU, warehouse, quantity, reason, reference and
 * its occurrence among identical rows of the file: see stockRowKey.ts). Importing a file again, or a
 * copy with a row fixed, applies only the rows not imported before, and the report counts both:
 * `new` and `already_imported`. A count is absolute: imported again it changes nothing unless stock
 * moved since; with a reference, a count already imported under it is skipped, so an old count is
 * never laid over later sales.
 */
export async function importStock(
  store: Store,
  org: string,
  file: string,
  options: StockImportOptions,
): Promise<ImportReport> {
  const table = await openTable(file, { encoding: options.encoding });
  const col = columnsOf(
    table.headers,
    {
      sku: ['sku', 'seller sku', '商品编码'],
      warehouse: ['warehouse', 'warehouse code', '仓库', 'almacen'],
      quantity: ['quantity', 'qty', 'on hand', 'available', '数量', '库存', 'cantidad'],
      reason: ['reason', 'note', 'notes', '备注', 'motivo', 'nota'],
      reference: [
        'reference',
        'ref',
        'delivery',
        'delivery number',
        'receipt',
        '参考号',
        '单号',
        'referencia',
      ],
    },
    ['sku', 'warehouse', 'quantity'],
    file,
  );
  const kind = options.mode === 'set' ? 'count' : 'receive';
  const report: ImportReport = {
    imported: 0,
    skipped: 0,
    problems: [],
    warnings: table.encodingWarning ? [warningOf([], table.encodingNotice, table.encodingWarning)] : [],
    detail:
      options.mode === 'set'
        ? { new: 0, unchanged: 0, already_imported: 0 }
        : { new: 0, already_imported: 0 },
  };
  const warehouses = await warehouseIds(store, org);
  const text = (r: TableRow, c: string) =>
    col[c] === undefined ? '' : (r.values[col[c] as number]?.trim() ?? '');
  const problem = (p: RowProblem) => {
    noteProblem(report, p);
    report.skipped++;
  };

  let chunk: {
    row: number;
    sku: string;
    warehouse: string;
    quantity: number;
    reason: string;
    /** The row's content, when it is keyed (stockRowKey.ts). */
    content?: string;
  }[] = [];
  const flush = async () => {
    if (!chunk.length) return;
    // Identical rows are numbered in file order, across chunks (on disk: RowOccurrences).
    const keyed = chunk.filter((c) => c.content !== undefined);
    const occurrences = seen.number(keyed.map((c) => c.content as string));
    const keys = new Map(
      keyed.map((c, i) => [c, stockRowKey(c.content as string, occurrences[i] as number)]),
    );
    const ids = await skuIds(
      store,
      org,
      chunk.map((c) => c.sku),
    );
    const ready: { row: number; item: StockImportRow }[] = [];
    for (const c of chunk) {
      const skuId = ids.get(c.sku);
      const warehouseId = warehouses.get(c.warehouse);
      if (!skuId) problem(problemOf(c.row, 'sku', { key: 'row_no_sku', params: { sku: c.sku } }));
      else if (!warehouseId)
        problem(problemOf(c.row, 'warehouse', { key: 'row_no_warehouse', params: { code: c.warehouse } }));
      else
        ready.push({
          row: c.row,
          item: {
            kind,
            quantity: c.quantity,
            movement: {
              organizationId: org,
              skuId,
              warehouseId,
              actor: options.actor,
              reason: c.reason || `import ${basename(file)}`,
              idempotencyKey: keys.get(c),
            },
          },
        });
    }
    chunk = [];
    const count = (outcome: string) => {
      report.detail[outcome] = (report.detail[outcome] ?? 0) + 1;
      if (outcome !== 'already_imported') report.imported++;
    };
    try {
      for (const o of await applyStockRows(
        store,
        ready.map((r) => r.item),
      ))
        count(o);
    } catch {
      // One row refused (a count below what is reserved): the chunk rolled back whole. Apply its
      // rows one by one to find it, so the good rows still go in.
      for (const r of ready) {
        try {
          count((await applyStockRows(store, [r.item]))[0] as string);
        } catch (e) {
          problem(stockRefusal(r.row, e));
        }
      }
    }
  };

  const seen = new RowOccurrences();
  try {
    for await (const rows of table.rows) {
      for (const r of rows) {
        if (r.problem) {
          problem(rowProblem(r));
          continue;
        }
        if (r.warning) noteWarning(report, warningOf([r.row], r.warningNotice, r.warning));
        const quantityText = text(r, 'quantity');
        if (!/^\d+$/.test(quantityText)) {
          problem(
            problemOf(r.row, 'quantity', { key: 'row_not_whole_number', params: { value: quantityText } }),
          );
          continue;
        }
        const quantity = Number(quantityText);
        if (kind === 'receive' && quantity === 0) continue;
        const row = {
          row: r.row,
          sku: text(r, 'sku'),
          warehouse: text(r, 'warehouse'),
          quantity,
          reason: text(r, 'reason'),
        };
        if (!row.sku) {
          problem(problemOf(r.row, 'sku', { key: 'row_required_empty' }));
          continue;
        }
        const reference = text(r, 'reference') || options.reference || '';
        chunk.push(
          kind === 'receive' || reference
            ? { ...row, content: stockRowContent({ kind, ...row, reference }) }
            : row,
        );
        if (chunk.length >= CHUNK) await flush();
      }
    }
    await flush();
  } finally {
    seen.close();
  }
  return report;
}

/** A row the ledger refused, said as a notice where its code has one. */
function stockRefusal(row: number, e: unknown): RowProblem {
  if (!(e instanceof StockError)) return { row, field: 'quantity', message: (e as Error).message };
  if (e.code === 'BELOW_RESERVED') return problemOf(row, 'quantity', { key: 'row_below_reserved' });
  if (e.code === 'ABOVE_LIMIT')
    return problemOf(row, 'quantity', { key: 'row_above_limit', params: { limit: LIMITS.onHand } });
  return { row, field: 'quantity', message: e.message };
}
