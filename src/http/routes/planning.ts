import { z } from 'zod';
import { LIMITS, text } from '../../domain/limits.ts';
import { createPurchaseOrder, listInbound, receiveInbound } from '../../services/purchaseOrders.ts';
import { Refused } from '../../services/refused.ts';
import { planRestock } from '../../services/restockPlan.ts';
import { skuClassesOf } from '../../services/skuClasses.ts';
import { skuHistory } from '../../services/skuHistory.ts';
import { editSkuPlan } from '../../services/skuPlans.ts';
import { skuClasses, transitModes } from '../../store/schema.ts';
import type { Api, AppContext } from '../app.ts';
import { attachment } from '../attachment.ts';
import { ApiError } from '../errors.ts';

/**
 * Restock planning [P13][P14]: suggestions with their working, hits, each SKU's daily demand (for
 * the chart), planning data edits, purchase orders (an XLSX download that also creates the inbound
 * shipment) and inbound shipments until received. Each calls the service the CLI calls.
 */

const restockLine = z
  .object({
    sku: z.string(),
    title: z.string(),
    warehouse: z.string(),
    class: z.enum(skuClasses),
    velocityPerDay: z.number(),
    censoredDays: z.number(),
    leadTimeDays: z.number(),
    safetyStock: z.number(),
    reorderPoint: z.number(),
    onHand: z.number(),
    inbound: z.number(),
    inboundEta: z.string().nullable(),
    waiting: z.number(),
    buffer: z.number(),
    position: z.number(),
    suggestedQuantity: z.number(),
    cartons: z.number(),
    casePack: z.number(),
    moq: z.number(),
    coverDaysNow: z.number().nullable(),
    coverDaysAfter: z.number().nullable(),
    reorder: z.boolean(),
    hit: z.boolean(),
    sigmaPerDay: z.number(),
    supplierLeadTimeDays: z.number(),
    transitMode: z.enum(transitModes),
    transitDays: z.number(),
    supplier: z.string().nullable(),
    unitCostMinor: z.number().nullable(),
    currency: z.string().nullable(),
    adjustments: z.array(z.string()),
  })
  .meta({ id: 'RestockLine' });

const hitLine = z
  .object({
    sku: z.string(),
    storefront: z.string(),
    class: z.enum(skuClasses),
    windowHours: z.number(),
    observed: z.number(),
    expected: z.number(),
    ratio: z.number(),
    pValue: z.number(),
    runsOutOn: z.string().nullable(),
  })
  .meta({ id: 'HitLine' });

const classSummary = z
  .object({
    class: z.enum(skuClasses),
    skus: z.number(),
    units: z.number(),
    stockValue: z.array(z.object({ currency: z.string(), minor: z.number() })),
  })
  .meta({ id: 'ClassSummary' });

const shipmentView = z
  .object({
    number: z.string(),
    supplier: z.string().nullable(),
    warehouse: z.string(),
    mode: z.enum(transitModes),
    eta: z.string(),
    status: z.enum(['open', 'received']),
    createdAt: z.string(),
    receivedAt: z.string().nullable(),
    lines: z.array(
      z.object({
        sku: z.string(),
        title: z.string(),
        quantity: z.number(),
        receivedQuantity: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'InboundShipment' });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const skuCode = text(LIMITS.text.sku, { min: 1 });
const warehouseCode = text(LIMITS.text.code, { min: 1 });
const days = z.number().int().min(0).max(730);
/** A page of SKUs at a time: the Inventory page asks for the SKUs it shows. */
const MAX_CLASS_SKUS = 500;

/** A service's refusal as the API's error, worded per language. */
async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof Refused)
      throw ApiError.refused(
        e.kind === 'conflict' ? 409 : 400,
        e.kind === 'conflict' ? 'CONFLICT' : 'REFUSED',
        e.reason,
      );
    throw e;
  }
}

export function planningRoutes(api: Api, { store, bus }: AppContext) {
  const read = { access: 'read' as const };
  const write = { access: 'write' as const, idempotent: true };

  api.get(
    '/planning/restock',
    {
      config: read,
      schema: {
        tags: ['planning'],
        summary: 'Restock suggestions',
        operationId: 'planRestock',
        description:
          'Per SKU × warehouse: pace (in-stock days only; censored days counted), lead time, safety stock, reorder point, stock on hand, inbound and waiting, the suggested quantity and the cover now and after. With all=true every pair, not only those to reorder. Also the hits, and SKUs and stock value per class (core/test).',
        errors: {},
        querystring: z.object({
          warehouse: text(LIMITS.text.code).optional(),
          all: z.enum(['true', 'false']).optional(),
        }),
        response: {
          200: z.object({
            asOf: z.string(),
            items: z.array(restockLine),
            hits: z.array(hitLine),
            classes: z.array(classSummary),
            skuClasses: z.array(
              z.object({ sku: z.string(), class: z.enum(skuClasses), pinned: z.boolean() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const plan = await planRestock(store, request.principal.organizationId, new Date(), {
        warehouse: request.query.warehouse,
      });
      const classOf = new Map(plan.skus.map((s) => [s.skuId, s]));
      const classes = skuClasses.map((c) => {
        const lines = plan.lines.filter((l) => classOf.get(l.skuId)?.class === c);
        const value = new Map<string, number>();
        for (const l of lines)
          if (l.unitCostMinor !== null && l.currency)
            value.set(l.currency, (value.get(l.currency) ?? 0) + l.unitCostMinor * (l.onHand + l.inbound));
        return {
          class: c,
          skus: plan.skus.filter((s) => s.class === c).length,
          units: lines.reduce((sum, l) => sum + l.onHand + l.inbound, 0),
          stockValue: [...value].map(([currency, minor]) => ({ currency, minor })),
        };
      });
      return {
        asOf: plan.asOf,
        items: request.query.all === 'true' ? plan.lines : plan.suggestions,
        hits: plan.hits.map(({ check: _, skuId: __, storefrontId: ___, ...h }) => h),
        classes,
        skuClasses: plan.skus.map((s) => ({ sku: s.sku, class: s.class, pinned: s.classification.pinned })),
      };
    },
  );

  api.get(
    '/planning/classes',
    {
      config: read,
      schema: {
        tags: ['planning'],
        summary: 'The class of some SKUs',
        operationId: 'skuClasses',
        description: `Core or test for each SKU named (comma-separated seller SKUs, at most ${MAX_CLASS_SKUS}), computed from those SKUs' rows of the daily demand roll-up exactly as the restock plan computes it, without running the plan. SKUs it does not know are left out.`,
        errors: {},
        querystring: z.object({ skus: z.string().max(MAX_CLASS_SKUS * (LIMITS.text.sku + 1)) }),
        response: {
          200: z.object({
            items: z.array(z.object({ sku: z.string(), class: z.enum(skuClasses), pinned: z.boolean() })),
          }),
        },
      },
    },
    async (request) => {
      const codes = request.query.skus
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c.length > 0 && c.length <= LIMITS.text.sku)
        .slice(0, MAX_CLASS_SKUS);
      return { items: await skuClassesOf(store, request.principal.organizationId, codes, new Date()) };
    },
  );

  api.get(
    '/planning/skus/:sku/demand',
    {
      config: read,
      schema: {
        tags: ['planning'],
        summary: "A SKU's daily demand, stock and inbound",
        operationId: 'skuDemand',
        description:
          'Over the planning history, by UTC day (`zone`): units ordered per day (waiting orders included), with the days a storefront could not offer the SKU marked censored; per warehouse its stock at the end of each day (from the stock ledger: on hand, and available = on hand − reserved), inbound units by expected date (open or received), and the stock, inbound, reorder point and suggestion now.',
        errors: { 404: 'NOT_FOUND: no such SKU' },
        params: z.object({ sku: skuCode }),
        response: {
          200: z.object({
            sku: z.string(),
            class: z.enum(skuClasses),
            zone: z.literal('UTC'),
            days: z.array(z.object({ date: z.string(), units: z.number(), censored: z.boolean() })),
            warehouses: z.array(
              z.object({
                warehouse: z.string(),
                onHand: z.number(),
                inbound: z.number(),
                reorderPoint: z.number(),
                suggestedQuantity: z.number(),
                stock: z.array(z.object({ date: z.string(), onHand: z.number(), available: z.number() })),
                inboundDays: z.array(
                  z.object({ date: z.string(), quantity: z.number(), status: z.enum(['open', 'received']) }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const history = await skuHistory(
        store,
        request.principal.organizationId,
        request.params.sku,
        new Date(),
      );
      if (!history)
        throw ApiError.refused(404, 'NOT_FOUND', { key: 'no_sku', params: { sku: request.params.sku } });
      return history;
    },
  );

  api.patch(
    '/planning/skus/:sku',
    {
      config: write,
      schema: {
        tags: ['planning'],
        summary: "Change a SKU's planning data",
        operationId: 'updateSkuPlan',
        description:
          'Supplier (a new code adds it), lead time, MOQ, case pack, unit cost (minor units + currency), transit mode and days, and a pinned class (null: classified by the rules). Fields left out stay as they are.',
        errors: { 404: 'NOT_FOUND: no such SKU' },
        params: z.object({ sku: skuCode }),
        body: z
          .object({
            supplier: text(LIMITS.text.code, { min: 1 }).nullable(),
            supplierName: text(LIMITS.text.title, { min: 1 }),
            supplierLanguage: z.enum(['zh-CN', 'en', 'es-MX']),
            leadTimeDays: days.nullable(),
            moq: z.number().int().min(1).max(1_000_000),
            casePack: z.number().int().min(1).max(1_000_000),
            unitCostMinor: z.number().int().min(0).max(1e12).nullable(),
            currency: z
              .string()
              .regex(/^[A-Z]{3}$/)
              .nullable(),
            transitMode: z.enum(transitModes),
            seaDays: days.nullable(),
            airDays: days.nullable(),
            expressDays: days.nullable(),
            pinnedClass: z.enum(skuClasses).nullable(),
          })
          .partial(),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      await editSkuPlan(store, p.organizationId, p.actor, request.params.sku, request.body);
      bus.publish(p.organizationId, 'stock', { sku: request.params.sku });
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/planning/purchase-orders',
    {
      config: write,
      schema: {
        tags: ['planning'],
        summary: 'Create a purchase order',
        operationId: 'createPurchaseOrder',
        description:
          "Turns the selected SKUs (the suggested quantity, or the one given) into a purchase order draft, an XLSX in the supplier's language (Chinese by default: 采购单), and an inbound shipment to the warehouse that counts as inbound stock until received. The PO number is in the X-Purchase-Order header.",
        errors: {
          400: 'REFUSED: nothing to order, or SKUs of different suppliers (details.reason names which)',
          404: 'NOT_FOUND: no such SKU or warehouse',
        },
        body: z.object({
          warehouse: warehouseCode,
          mode: z.enum(transitModes).optional(),
          lines: z
            .array(z.object({ sku: skuCode, quantity: z.number().int().min(1).max(1_000_000).optional() }))
            .min(1)
            .max(500),
        }),
        response: {
          200: {
            description: 'The purchase order workbook (XLSX), as an attachment',
            content: {
              [XLSX]: { schema: z.instanceof(Buffer).meta({ type: 'string', format: 'binary' }) },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const po = await answer(() =>
        createPurchaseOrder(store, p.organizationId, p.actor, request.body, new Date()),
      );
      bus.publish(p.organizationId, 'stock', { reason: 'inbound' });
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment(po.fileName))
        .header('x-purchase-order', po.number)
        .send(po.workbook);
    },
  );

  api.get(
    '/inbound',
    {
      config: read,
      schema: {
        tags: ['planning'],
        summary: 'List inbound shipments',
        operationId: 'listInbound',
        errors: {},
        querystring: z.object({ status: z.enum(['open', 'received']).optional() }),
        response: { 200: z.object({ items: z.array(shipmentView) }) },
      },
    },
    async (request) => ({
      items: (await listInbound(store, request.principal.organizationId, request.query.status)).map(
        ({ id: _, warehouseId: __, ...s }) => ({ ...s, lines: s.lines.map(({ skuId: ___, ...l }) => l) }),
      ),
    }),
  );

  api.post(
    '/inbound/:number/receive',
    {
      config: write,
      schema: {
        tags: ['planning'],
        summary: 'Receive an inbound shipment',
        operationId: 'receiveInbound',
        description:
          'The units counted go on the shelf (lines not listed arrived as ordered); the shipment closes and each difference from what was ordered is recorded.',
        errors: { 404: 'NOT_FOUND: no such shipment or SKU', 409: 'CONFLICT: already received' },
        params: z.object({ number: text(LIMITS.text.code, { min: 1 }) }),
        body: z.object({
          lines: z
            .array(z.object({ sku: skuCode, received: z.number().int().min(0).max(1_000_000) }))
            .max(500),
        }),
        response: {
          200: z.object({
            number: z.string(),
            lines: z.array(z.object({ sku: z.string(), ordered: z.number(), received: z.number() })),
          }),
        },
      },
    },
    async (request) => {
      const p = request.principal;
      const counted = Object.fromEntries(request.body.lines.map((l) => [l.sku, l.received]));
      const result = await answer(() =>
        receiveInbound(store, p.organizationId, p.actor, request.params.number, counted),
      );
      bus.publish(p.organizationId, 'stock', { reason: 'inbound' });
      return result;
    },
  );
}
