import { z } from 'zod';
import { LIMITS, lineQuantity, orderLinesProblem, text, unitPriceMinor } from '../../domain/limits.ts';
import { cancelOrder, retryOrder, returnOrderItems } from '../../services/orderActions.ts';
import { OrderRejected, placeOrder } from '../../services/orderIntake.ts';
import { coalescedOverview } from '../../services/overviewCache.ts';
import { ShipFileRefused, shipFromCsv } from '../../services/shipBulk.ts';
import { boardPage } from '../../store/dispatchBoard.ts';
import type { Delivery } from '../../store/idempotency.ts';
import type { Store } from '../../store/openDatabase.ts';
import {
  type OrderDetail,
  orderExists,
  ordersById,
  ordersPage,
  returnableUnits,
} from '../../store/orderQueries.ts';
import { orderStatuses } from '../../store/schema.ts';
import { listWarehouses } from '../../store/settings.ts';
import { shipOrder } from '../../store/settling.ts';
import type { Api, AppContext } from '../app.ts';
import { ApiError, notFound } from '../errors.ts';
import { cursorKey, decodeCursor, listOf, page, pageQuery } from '../pagination.ts';
import { langQuery, money } from '../views.ts';

const warehouseRef = z.object({ code: z.string(), timeZone: z.string() }).meta({ id: 'WarehouseZone' });
export const orderView = z
  .object({
    id: z.string(),
    externalId: z.string(),
    storefront: z.string(),
    status: z.enum(orderStatuses),
    total: money,
    paidAt: z.string(),
    shipBy: z.string().nullable(),
    shippedAt: z.string().nullable(),
    carrier: z.string().nullable(),
    tracking: z.string().nullable(),
    waitingReason: z.string().nullable(),
    lines: z.array(z.object({ sku: z.string(), quantity: z.number(), unitPrice: money })),
    warehouses: z.array(warehouseRef),
    tiktokTracking: z
      .object({
        state: z.enum(['pending', 'sent', 'refused']),
        errorCode: z.string().nullable(),
        error: z.string().nullable(),
      })
      .nullable()
      .describe(
        "The tracking sent to TikTok Shop for an order of a connected storefront: pending, sent, or refused with TikTok's reason (the order stays shipped in Puente); null when none was sent",
      ),
  })
  .meta({ id: 'Order' });
type OrderView = z.infer<typeof orderView>;

const boardRow = z
  .object({
    id: z.string(),
    externalId: z.string(),
    storefront: z.string(),
    status: z.string(),
    paidAt: z.string(),
    shipBy: z.string().nullable(),
    operationalBy: z.string().nullable(),
    dueBy: z.object({ at: z.string(), kind: z.enum(['operational', 'platform']) }).nullable(),
    state: z.enum(['on_time', 'at_risk', 'late', 'awaiting_stock']),
    warehouse: warehouseRef.nullable(),
    lines: z.array(z.object({ sku: z.string(), quantity: z.number() })),
    shortfalls: z.array(z.object({ sku: z.string(), wanted: z.number(), available: z.number() })),
    deadlineDisagreement: z
      .object({ marketplace: z.string(), policy: z.string() })
      .nullable()
      .describe(
        "The marketplace's own ship deadline (TikTok Shop's) and the policy's, when more than a minute apart; shipBy is the earlier.",
      ),
  })
  .meta({ id: 'BoardRow' });

const rateView = z.object({
  days: z.number(),
  late: z.number(),
  total: z.number(),
  rate: z.number().nullable(),
  level: z.string(),
});

const toOrderView = (o: OrderDetail): OrderView => ({
  ...o,
  total: { minor: o.totalMinor, currency: o.currency },
  lines: o.lines.map((l) => ({
    sku: l.sku,
    quantity: l.quantity,
    unitPrice: { minor: l.unitPriceMinor, currency: o.currency },
  })),
});

async function orderViews(store: Store, org: string, ids: string[]): Promise<OrderView[]> {
  return (await ordersById(store, org, ids)).map(toOrderView);
}

export const orderBody = z.object({
  storefront: text(LIMITS.text.code, { min: 1 }),
  externalId: text(LIMITS.text.externalId, { min: 1 }),
  paidAt: z.iso.datetime({ offset: true }).describe('when the buyer paid, with its offset'),
  currency: text(3).length(3).optional(),
  lines: z
    .array(z.object({ sku: text(LIMITS.text.sku, { min: 1 }), quantity: lineQuantity, unitPriceMinor }))
    .min(1)
    .max(LIMITS.orderLines)
    .superRefine((lines, ctx) => {
      const problem = orderLinesProblem(lines);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
});

const orderIdParams = z.object({ id: text(LIMITS.text.id) });
const noOrder = { 404: 'NOT_FOUND: no order with this id' } as const;

/** Orders, the dispatch board and the figures the overview shows. */
export function orderRoutes(api: Api, { store, bus, overviewRefreshMs }: AppContext) {
  api.get(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'List orders',
        operationId: 'listOrders',
        description: 'Newest paid first; q searches the external id and SKUs.',
        querystring: z.object({
          status: z.enum(orderStatuses).optional(),
          storefront: text(LIMITS.text.code).optional(),
          q: text(LIMITS.text.search).optional(),
          ...pageQuery,
        }),
        response: { 200: listOf(orderView) },
      },
    },
    async (request) => {
      const { status, storefront, q, limit, cursor } = request.query;
      const org = request.principal.organizationId;
      const after = decodeCursor(cursor, cursorKey.pair);
      const rows = await ordersPage(store, org, { status, storefront, search: q, after, limit: limit + 1 });
      return page(rows, limit, (r) => [r.paidAt, r.id], toOrderView);
    },
  );

  api.get(
    '/orders/:id',
    {
      schema: {
        tags: ['orders'],
        summary: 'Get an order',
        operationId: 'getOrder',
        errors: noOrder,
        params: orderIdParams,
        response: { 200: orderView },
      },
    },
    async (request) => {
      const [o] = await orderViews(store, request.principal.organizationId, [request.params.id]);
      if (!o) throw notFound('order');
      return o;
    },
  );

  api.post(
    '/orders',
    {
      config: { access: 'write', idempotent: true },
      schema: {
        tags: ['orders'],
        summary: 'Take an order',
        operationId: 'createOrder',
        errors: {
          422: 'ORDER_REJECTED: no such storefront or SKU, or a currency other than the storefront’s (details.field names it)',
        },
        description:
          'Takes an order and reserves its stock at once (never more than is available). The same storefront + externalId again is a duplicate, not a second order. An order whose marketplace cancel arrived first is stored cancelled and reserves nothing (outcome "cancelled").',
        body: orderBody,
        response: {
          201: z.object({ outcome: z.enum(['reserved', 'awaiting_stock', 'cancelled']), order: orderView }),
          200: z.object({ outcome: z.literal('duplicate'), order: orderView }),
        },
      },
    },
    async (request, reply) => {
      const org = request.principal.organizationId;
      const outcome = await intake(store, org, request.body, request.principal.actor);
      // Answered from what the reservation did; read back only when the database alone knows the order.
      const [order] = outcome.order
        ? [toOrderView(outcome.order)]
        : await orderViews(store, org, [outcome.orderId]);
      if (outcome.status !== 'duplicate') {
        bus.publish(org, 'board', { reason: 'order', id: outcome.orderId });
        if (outcome.status === 'awaiting_stock') bus.publish(org, 'alerts', { reason: 'oversell' });
      }
      if (outcome.status === 'duplicate')
        return reply.status(200).send({ outcome: 'duplicate', order: order as OrderView });
      return reply.status(201).send({ outcome: outcome.status, order: order as OrderView });
    },
  );

  const settle = async (org: string, id: string) => {
    const [order] = await orderViews(store, org, [id]);
    if (!order) throw notFound('order');
    bus.publish(org, 'board', { reason: 'settled', id });
    bus.publish(org, 'stock', {});
    return { order };
  };

  api.post(
    '/orders/:id/ship',
    {
      config: { access: 'write', idempotent: true },
      schema: {
        tags: ['orders'],
        summary: 'Ship an order',
        operationId: 'shipOrder',
        description:
          'Records the carrier and tracking number; the reserved units leave stock. Shipping it again changes nothing.',
        errors: { ...noOrder, 409: 'ORDER_STATE: only a reserved order can ship' },
        params: orderIdParams,
        body: z.object({
          carrier: text(LIMITS.text.carrier, { min: 1 }),
          tracking: text(LIMITS.text.tracking, { min: 1 }),
        }),
        response: { 200: z.object({ order: orderView }) },
      },
    },
    async (request) => {
      const org = request.principal.organizationId;
      await ownOrder(store, org, request.params.id);
      await shipOrder(store, request.params.id, { ...request.body, actor: request.principal.actor });
      return settle(org, request.params.id);
    },
  );

  api.post(
    '/orders/:id/cancel',
    {
      config: { access: 'write', idempotent: true },
      schema: {
        tags: ['orders'],
        summary: 'Cancel an order',
        operationId: 'cancelOrder',
        errors: { ...noOrder, 409: 'ORDER_STATE: the order has shipped; record a return instead' },
        description:
          'A reserved order releases its units, which go to the orders waiting for them; an order awaiting stock releases nothing. A shipped order refuses: record a return.',
        params: orderIdParams,
        body: z.object({ reason: text(LIMITS.text.reason, { layout: true }).optional() }).default({}),
        response: { 200: z.object({ order: orderView }) },
      },
    },
    async (request) => {
      const org = request.principal.organizationId;
      await cancelOrder(store, org, request.params.id, {
        reason: request.body.reason ?? 'cancelled',
        actor: request.principal.actor,
      });
      bus.publish(org, 'alerts', { reason: 'order', id: request.params.id });
      return settle(org, request.params.id);
    },
  );

  api.post(
    '/orders/:id/retry',
    {
      config: { access: 'write', idempotent: true },
      schema: {
        tags: ['orders'],
        summary: 'Reserve an order awaiting stock now',
        operationId: 'retryOrder',
        errors: {
          404: 'NOT_FOUND: no order with this id, or no such warehouse',
          409: 'ORDER_STATE: the order is not awaiting stock, or the warehouse does not serve its storefront',
        },
        description:
          "Tries to reserve an order awaiting stock now, from its storefront's warehouses in priority order, or from `warehouse` (a code): first when the storefront splits orders, only from it when it does not. Answers awaiting_stock, with the shortfall, when it still cannot be filled.",
        params: orderIdParams,
        body: z.object({ warehouse: text(LIMITS.text.code, { min: 1 }).optional() }).default({}),
        response: {
          200: z
            .object({ outcome: z.enum(['reserved', 'awaiting_stock']), order: orderView })
            .meta({ id: 'RetryResult' }),
        },
      },
    },
    async (request) => {
      const org = request.principal.organizationId;
      const outcome = await retryOrder(store, org, request.params.id, {
        warehouse: request.body.warehouse,
        actor: request.principal.actor,
      });
      bus.publish(org, 'alerts', { reason: 'order', id: request.params.id });
      const { order } = await settle(org, request.params.id);
      return { outcome: outcome.status, order };
    },
  );

  api.post(
    '/orders/:id/returns',
    {
      config: { access: 'write', idempotent: true },
      schema: {
        tags: ['orders'],
        summary: 'Record a return of shipped units',
        operationId: 'recordReturn',
        errors: {
          ...noOrder,
          409: 'ORDER_STATE: the order has not shipped, shipped none of this SKU, or fewer units than the return',
        },
        description:
          'Units of one SKU of a shipped order come back to the warehouse that shipped them: restocked (back on hand, and reserved for orders awaiting that SKU) or, with restock false, recorded and written off as damaged. No more can come back than the order shipped.',
        params: orderIdParams,
        body: z.object({
          sku: text(LIMITS.text.sku, { min: 1 }),
          quantity: lineQuantity,
          restock: z.boolean(),
        }),
        response: { 200: z.object({ order: orderView }) },
      },
    },
    async (request) => {
      const org = request.principal.organizationId;
      await returnOrderItems(store, org, request.params.id, {
        ...request.body,
        actor: request.principal.actor,
        idempotencyKey: request.idempotencyKey ? `api:${request.idempotencyKey}` : undefined,
      });
      bus.publish(org, 'alerts', { reason: 'return', id: request.params.id });
      return settle(org, request.params.id);
    },
  );

  api.get(
    '/orders/:id/returns',
    {
      schema: {
        tags: ['orders'],
        summary: 'What of a shipped order can still come back',
        operationId: 'listReturnable',
        errors: noOrder,
        description:
          'Per SKU the order shipped: units shipped, units already returned, and how many more a return may record (left).',
        params: orderIdParams,
        response: {
          200: z.object({
            items: z.array(
              z
                .object({ sku: z.string(), shipped: z.number(), returned: z.number(), left: z.number() })
                .meta({ id: 'Returnable' }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const org = request.principal.organizationId;
      await ownOrder(store, org, request.params.id);
      return { items: await returnableUnits(store, org, request.params.id) };
    },
  );

  api.post(
    '/orders/ship-bulk',
    {
      config: { access: 'write', idempotent: true },
      schema: {
        tags: ['orders'],
        summary: 'Ship orders from a CSV',
        operationId: 'shipOrdersBulk',
        errors: { 400: 'BAD_CSV: the CSV could not be read' },
        description:
          'Marks many orders shipped from a CSV with columns external_id, storefront (optional), carrier, tracking. The headers of TikTok Shop’s batch-shipping template (Order ID, Tracking ID, Shipping Provider Name) and of Chinese ERPs (订单号, 物流商/承运商, 运单号/跟踪号) are accepted too (src/domain/imports/shipColumns.ts). Messages are in `lang` (en, zh, es); a CSV without a required column is refused with MISSING_COLUMNS, listing the names accepted.',
        body: z.object({ csv: text(LIMITS.text.csv, { min: 1, layout: true }), lang: langQuery }),
        response: {
          200: z
            .object({
              shipped: z.number(),
              problems: z.array(
                z.object({ row: z.number(), field: z.string().nullable(), message: z.string() }),
              ),
            })
            .meta({ id: 'BulkShipResult' }),
        },
      },
    },
    async (request) => {
      const org = request.principal.organizationId;
      const { csv, lang } = request.body;
      const { shipped, problems } = await shipFromCsv(store, org, {
        csv,
        lang,
        actor: request.principal.actor,
      }).catch((e: unknown) => {
        if (e instanceof ShipFileRefused) throw new ApiError(400, e.code, e.message);
        throw e;
      });
      if (shipped) {
        bus.publish(org, 'board', { reason: 'bulk-ship' });
        bus.publish(org, 'stock', {});
      }
      return { shipped, problems };
    },
  );

  api.get(
    '/board',
    {
      schema: {
        tags: ['dispatch'],
        summary: 'The dispatch board',
        operationId: 'getBoard',
        description:
          'Open orders (reserved or awaiting_stock) by their first deadline (operational, then id), a keyset page at a time. An order waiting for stock is never on time: its state is awaiting_stock and it is due by the platform deadline.',
        querystring: z.object({
          warehouse: text(LIMITS.text.code).optional(),
          status: z.enum(['reserved', 'awaiting_stock']).optional(),
          ...pageQuery,
        }),
        response: { 200: listOf(boardRow).extend({ now: z.string() }).meta({ id: 'Board' }) },
      },
    },
    async (request) => {
      const now = new Date();
      const org = request.principal.organizationId;
      const { warehouse, status, limit, cursor } = request.query;
      const after = decodeCursor(cursor, cursorKey.pair);
      let warehouseId: string | undefined;
      if (warehouse) {
        const [w] = await listWarehouses(store, org, warehouse);
        if (!w) return { now: now.toISOString(), items: [], nextCursor: null };
        warehouseId = w.id;
      }
      const rows = await boardPage(store, org, now, { warehouseId, status, after, limit: limit + 1 });
      return {
        now: now.toISOString(),
        ...page(
          rows,
          limit,
          (r) => [r.operationalBy ?? '', r.id],
          (r) => r,
        ),
      };
    },
  );

  api.get(
    '/metrics/overview',
    {
      schema: {
        tags: ['dispatch'],
        summary: 'The overview’s figures',
        operationId: 'getOverview',
        response: {
          200: z
            .object({
              now: z.string(),
              /** When these figures were counted: recomputed at most every few seconds, shared by all tabs. */
              computedAt: z.string(),
              shipToday: z.array(
                z.object({
                  warehouse: z.string(),
                  timeZone: z.string(),
                  nextPickup: z.string(),
                  count: z.number(),
                }),
              ),
              atRisk: z.number(),
              late: z.number(),
              awaitingStock: z.object({ orders: z.number(), units: z.number(), late: z.number() }),
              waitingExposure: z
                .array(
                  z.object({
                    storefront: z.string(),
                    storefrontName: z.string(),
                    orders: z.number(),
                    unitsShort: z.number(),
                    late: z.number(),
                    dueWithin24h: z.number(),
                  }),
                )
                .describe(
                  'Per storefront, the orders awaiting stock, the units they lack, how many are past their platform deadline (late dispatch, and a seller-fault cancellation risk [P11]) and how many are due within 24 hours.',
                ),
              lateDispatch: z.array(rateView.extend({ storefront: z.string() })),
              lateDispatchByWarehouse: z.array(rateView.extend({ warehouse: z.string() })),
              thresholds: z.object({ warning: z.number(), limit: z.number() }),
              openOversellAlerts: z.number(),
              lowStock: z.array(
                z.object({
                  sku: z.string(),
                  warehouse: z.string(),
                  available: z.number(),
                  daysOfCover: z.number().nullable(),
                  leadTimeDays: z.number(),
                }),
              ),
            })
            .meta({ id: 'Overview' }),
        },
      },
    },
    async (request) => coalescedOverview(store, request.principal.organizationId, overviewRefreshMs),
  );
}

async function ownOrder(store: Store, org: string, id: string) {
  if (!(await orderExists(store, org, id))) throw notFound('order');
}

/** Places an order; a rejected field becomes a 422 with the field named. */
export async function intake(
  store: Store,
  org: string,
  body: z.infer<typeof orderBody>,
  actor: string,
  delivery?: Delivery,
) {
  try {
    return await placeOrder(store, org, body, actor, delivery);
  } catch (e) {
    if (e instanceof OrderRejected) throw new ApiError(422, 'ORDER_REJECTED', e.message, { field: e.field });
    throw e;
  }
}
