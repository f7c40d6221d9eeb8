import { purchaseOrderWorkbook } from '../channels/spreadsheet/purchaseOrderWorkbook.ts';
import { addDays } from '../domain/planning/calendarDays.ts';
import { createShipment, listShipments, receiveShipment, type ShipmentView } from '../store/inbound.ts';
import type { Store } from '../store/openDatabase.ts';
import type { TransitMode } from '../store/schema.ts';
import { skuPlanRows, supplierId } from '../store/skuPlans.ts';
import { NotFound, warehouseId } from './lookups.ts';
import { Refused } from './refused.ts';
import { planRestock, type RestockLine } from './restockPlan.ts';

/**
 * From suggestion to stock [P14]: selected restock suggestions become a purchase order draft (an
 * XLSX in the supplier's language, Chinese by default) and, at once, an inbound shipment to the
 * destination warehouse that counts as inbound stock — in days of cover and the next suggestions —
 * until it is received (`receiveInbound`), with differences recorded.
 */

export interface PurchaseOrderRequest {
  warehouse: string;
  /** SKUs to order; a quantity overrides the suggestion's. */
  lines: { sku: string; quantity?: number | undefined }[];
  /** Transit mode; the SKUs' own when absent. */
  mode?: TransitMode | undefined;
}

export interface PurchaseOrder {
  number: string;
  shipmentId: string;
  supplier: string | null;
  language: string;
  warehouse: string;
  mode: TransitMode;
  requestedDate: string;
  eta: string;
  lines: { sku: string; title: string; quantity: number; cartons: number; unitCostMinor: number | null }[];
  currency: string | null;
  fileName: string;
  workbook: Buffer;
}

export async function createPurchaseOrder(
  store: Store,
  org: string,
  actor: string,
  request: PurchaseOrderRequest,
  now: Date,
): Promise<PurchaseOrder> {
  const destination = await warehouseId(store, org, request.warehouse);
  const plan = await planRestock(store, org, now, { warehouse: request.warehouse });
  const plans = new Map(
    (
      await skuPlanRows(
        store.db,
        org,
        request.lines.map((l) => l.sku),
      )
    ).map((p) => [p.sku, p]),
  );
  for (const l of request.lines)
    if (!plans.has(l.sku)) throw new NotFound({ key: 'no_sku', params: { sku: l.sku } });
  const suggestion = new Map<string, RestockLine>(plan.lines.map((l) => [l.sku, l]));
  const chosen = request.lines
    .map((l) => ({
      plan: plans.get(l.sku) as NonNullable<ReturnType<typeof plans.get>>,
      line: suggestion.get(l.sku),
      quantity: l.quantity ?? suggestion.get(l.sku)?.suggestedQuantity ?? 0,
    }))
    .filter((c) => c.quantity > 0);
  const skus = request.lines.map((l) => l.sku).join(', ');
  if (chosen.length === 0)
    throw new Refused('refused', {
      key: 'po_nothing_to_order',
      params: { skus, warehouse: request.warehouse },
    });
  const suppliers = [...new Set(chosen.map((c) => c.plan.supplier?.code ?? '—'))];
  if (suppliers.length > 1)
    throw new Refused('refused', {
      key: 'po_suppliers_differ',
      params: { skus, suppliers: suppliers.join(', ') },
    });
  const supplier = chosen[0]?.plan.supplier ?? null;

  // The factory ships after its lead time; the goods reach the warehouse after the transit of the mode.
  const today = now.toISOString().slice(0, 10);
  const mode = request.mode ?? chosen[0]?.plan.transitMode ?? 'sea';
  const leadOf = (c: (typeof chosen)[number]) =>
    c.plan.leadTimeDays ?? c.line?.supplierLeadTimeDays ?? c.line?.leadTimeDays ?? 0;
  const transitOf = (c: (typeof chosen)[number]) => c.plan.transitDays[mode] ?? 0;
  const requestedDate = addDays(today, Math.max(...chosen.map(leadOf)));
  const eta = addDays(today, Math.max(...chosen.map((c) => leadOf(c) + transitOf(c))));
  const currency = chosen.find((c) => c.plan.currency)?.plan.currency ?? null;

  const existing = await listShipments(store.db, org);
  const prefix = `PO-${today.replaceAll('-', '')}-`;
  const number = `${prefix}${String(existing.filter((s) => s.number.startsWith(prefix)).length + 1).padStart(2, '0')}`;
  const shipmentId = await createShipment(store, {
    organizationId: org,
    number,
    supplierId: supplier ? ((await supplierId(store.db, org, supplier.code)) ?? null) : null,
    warehouseId: destination,
    mode,
    eta,
    actor,
    lines: chosen.map((c) => ({
      skuId: c.plan.skuId,
      quantity: c.quantity,
      unitCostMinor: c.plan.unitCostMinor,
      currency: c.plan.currency,
    })),
  });
  const language = supplier?.language ?? 'zh-CN';
  const lines = chosen.map((c) => ({
    sku: c.plan.sku,
    title: c.plan.title,
    quantity: c.quantity,
    cartons: Math.ceil(c.quantity / Math.max(1, c.plan.casePack)),
    unitCostMinor: c.plan.unitCostMinor,
    casePack: c.plan.casePack,
  }));
  const workbook = await purchaseOrderWorkbook({
    language,
    number,
    orderDate: today,
    supplier: supplier?.name ?? '—',
    warehouse: request.warehouse,
    mode,
    requestedDate,
    eta,
    currency,
    lines: lines.map((l) => ({
      sku: l.sku,
      name: l.title,
      quantity: l.quantity,
      casePack: l.casePack,
      unitCostMinor: l.unitCostMinor,
    })),
  });
  return {
    number,
    shipmentId,
    supplier: supplier?.code ?? null,
    language,
    warehouse: request.warehouse,
    mode,
    requestedDate,
    eta,
    lines: lines.map(({ casePack: _, ...l }) => l),
    currency,
    fileName: `${number}.xlsx`,
    workbook,
  };
}

export function listInbound(
  store: Store,
  org: string,
  status?: 'open' | 'received',
): Promise<ShipmentView[]> {
  return listShipments(store.db, org, { status });
}

/** `puente inbound receive <number> [SKU=counted …]`: unlisted SKUs arrived as ordered. */
export async function receiveInbound(
  store: Store,
  org: string,
  actor: string,
  number: string,
  counted: Record<string, number> = {},
): Promise<{ number: string; lines: { sku: string; ordered: number; received: number }[] }> {
  const [shipment] = await listShipments(store.db, org, { number });
  if (!shipment) throw new NotFound({ key: 'no_inbound', params: { number } });
  if (shipment.status === 'received')
    throw new Refused('conflict', { key: 'inbound_already_received', params: { number } });
  for (const sku of Object.keys(counted))
    if (!shipment.lines.some((l) => l.sku === sku)) throw new NotFound({ key: 'no_sku', params: { sku } });
  const lines = await receiveShipment(store, org, shipment, new Map(Object.entries(counted)), actor);
  if (lines.length === 0)
    throw new Refused('conflict', { key: 'inbound_already_received', params: { number } });
  return { number, lines };
}
