import { openTable, type TableRow } from '../channels/spreadsheet/readTable.ts';
import { parseSkuPlanRow, type SkuPlanCells, type SkuPlanFields } from '../domain/imports/skuPlanRow.ts';
import type { Store } from '../store/openDatabase.ts';
import { type SkuPlanPatch, saveSkuPlan, saveSupplier, supplierId, writeAudit } from '../store/skuPlans.ts';
import { inTransaction } from '../store/transaction.ts';
import {
  columnsOf,
  type ImportReport,
  noteProblem,
  noteWarning,
  problemOf,
  warningOf,
} from './importReport.ts';
import { NotFound, skuId, skuIds } from './lookups.ts';

/**
 * Planning data per SKU [P13][P14]: supplier, lead time, MOQ, case pack, unit cost, transit modes and
 * a pinned class. Edited one SKU at a time (API, CLI) or from a CSV/XLSX file; each change and its
 * audit row commit together.
 */

export type SkuPlanEdit = Omit<SkuPlanPatch, 'supplierId'> & {
  /** The supplier's code; null removes the supplier. A new code adds the supplier. */
  supplier?: string | null;
  supplierName?: string;
  supplierLanguage?: string;
  supplierLeadTimeDays?: number | null;
};

export async function editSkuPlan(
  store: Store,
  org: string,
  actor: string,
  sku: string,
  edit: SkuPlanEdit,
): Promise<void> {
  const id = await skuId(store, org, sku);
  const { supplier, supplierName, supplierLanguage, supplierLeadTimeDays, ...patch } = edit;
  await inTransaction(store, async (trx) => {
    let supplierRef: string | null | undefined;
    if (supplier === null) supplierRef = null;
    else if (supplier !== undefined)
      supplierRef = await saveSupplier(trx, org, {
        code: supplier,
        name: supplierName,
        language: supplierLanguage,
        leadTimeDays: supplierLeadTimeDays,
      });
    await saveSkuPlan(trx, org, id, {
      ...patch,
      ...(supplierRef !== undefined ? { supplierId: supplierRef } : {}),
    });
    await writeAudit(trx, org, actor, 'sku_plan.update', sku, edit);
  });
}

/** A supplier's code, or a refusal naming it. */
export async function supplierOf(store: Store, org: string, code: string): Promise<string> {
  const id = await supplierId(store.db, org, code);
  if (!id) throw new NotFound(`no supplier ${code}`);
  return id;
}

const BATCH = 200;

/**
 * `puente import plans <file>`: one row per SKU; only the columns present and the cells filled are
 * changed. A bad cell refuses its row (row, field, why in the reader's language); the others go in,
 * by batches of 200 in one transaction each with their audit rows.
 */
export async function importSkuPlans(
  store: Store,
  org: string,
  file: string,
  actor: string,
  options: { encoding?: string | undefined } = {},
): Promise<ImportReport> {
  const table = await openTable(file, { encoding: options.encoding });
  const col = columnsOf(
    table.headers,
    {
      sku: ['sku', 'seller sku', '商品编码'],
      supplier: ['supplier', 'supplier code', 'factory', '供应商', '工厂', 'proveedor'],
      supplier_name: ['supplier name', '供应商名称', 'nombre del proveedor'],
      language: ['language', 'supplier language', '语言', 'idioma'],
      lead_time_days: [
        'lead time',
        'lead time days',
        'lead_time_days',
        '生产周期',
        '交期',
        'tiempo de entrega',
      ],
      moq: ['moq', 'minimum order', '起订量', 'pedido mínimo', 'pedido minimo'],
      case_pack: ['case pack', 'case_pack', 'units per carton', '箱规', '装箱数', 'unidades por caja'],
      unit_cost: ['unit cost', 'cost', '单价', '采购价', 'costo unitario', 'costo'],
      currency: ['currency', '币种', 'moneda'],
      transit_mode: ['transit mode', 'mode', 'shipping mode', '运输方式', 'modo de transporte'],
      sea_days: ['sea days', 'sea', '海运天数', 'días marítimo', 'dias maritimo'],
      air_days: ['air days', 'air', '空运天数', 'días aéreo', 'dias aereo'],
      express_days: ['express days', 'express', '快递天数', 'días exprés', 'dias expres'],
      class: ['class', 'pinned class', '分类', 'clase'],
    },
    ['sku'],
    file,
  );
  const report: ImportReport = { imported: 0, skipped: 0, problems: [], warnings: [], detail: {} };
  if (table.encodingWarning) noteWarning(report, warningOf([], table.encodingNotice, table.encodingWarning));
  const text = (r: TableRow, c: string) =>
    col[c] === undefined ? '' : (r.values[col[c] as number]?.trim() ?? '');
  const refuse = (row: number, field: string, key: string, value: string) => {
    // biome-ignore lint/suspicious/noExplicitAny: the keys are the notice keys parseSkuPlanRow names
    noteProblem(report, problemOf(row, field, { key: key as any, params: { value } }));
    report.skipped++;
  };
  let chunk: { row: number; sku: string; fields: SkuPlanFields }[] = [];
  const flush = async () => {
    if (!chunk.length) return;
    const ids = await skuIds(
      store,
      org,
      chunk.map((c) => c.sku),
    );
    const ready = chunk.filter((c) => {
      if (ids.has(c.sku)) return true;
      noteProblem(report, problemOf(c.row, 'sku', { key: 'row_no_sku', params: { sku: c.sku } }));
      report.skipped++;
      return false;
    });
    chunk = [];
    await inTransaction(store, async (trx) => {
      for (const c of ready) {
        const { supplier, ...patch } = c.fields;
        const supplierRef = supplier ? await saveSupplier(trx, org, supplier) : undefined;
        await saveSkuPlan(trx, org, ids.get(c.sku) as string, {
          ...patch,
          ...(supplierRef ? { supplierId: supplierRef } : {}),
        });
        await writeAudit(trx, org, actor, 'sku_plan.import', c.sku, { file, row: c.row, ...c.fields });
      }
    });
    report.imported += ready.length;
  };
  for await (const rows of table.rows) {
    for (const r of rows) {
      if (r.problem) {
        noteProblem(report, { row: r.row, field: 'row', message: r.problem });
        report.skipped++;
        continue;
      }
      const sku = text(r, 'sku');
      if (!sku) {
        refuse(r.row, 'sku', 'row_required_empty', '');
        continue;
      }
      const cells = Object.fromEntries(
        (
          [
            'supplier',
            'supplier_name',
            'language',
            'lead_time_days',
            'moq',
            'case_pack',
            'unit_cost',
            'currency',
            'transit_mode',
            'sea_days',
            'air_days',
            'express_days',
            'class',
          ] as const
        ).map((c) => [c, text(r, c)]),
      ) as unknown as SkuPlanCells;
      const parsed = parseSkuPlanRow(cells);
      if ('problem' in parsed) refuse(r.row, parsed.problem.field, parsed.problem.key, parsed.problem.value);
      else chunk.push({ row: r.row, sku, fields: parsed.fields });
      if (chunk.length >= BATCH) await flush();
    }
  }
  await flush();
  return report;
}
