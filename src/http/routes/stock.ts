import { z } from 'zod';
import { LIMITS, movementQuantity, stockDelta, text } from '../../domain/limits.ts';
import { skuId, warehouseId } from '../../services/lookups.ts';
import { listMovements, publishedReport, type StockRow, stockPage } from '../../store/monitor.ts';
import { listWarehouses } from '../../store/settings.ts';
import { adjust, type Movement, receive, transfer } from '../../store/stockLedger.ts';
import type { Api, AppContext } from '../app.ts';
import { cursorKey, decodeCursor, listOf, page, pageQuery } from '../pagination.ts';

const levelView = z
  .object({
    sku: z.string(),
    title: z.string(),
    warehouse: z.string(),
    onHand: z.number(),
    reserved: z.number(),
    available: z.number(),
    inbound: z.number(),
    inboundEta: z.string().nullable(),
    orderedLast14Days: z.number(),
    daysOfCover: z.number().nullable(),
    leadTimeDays: z.number(),
    low: z.boolean(),
  })
  .meta({ id: 'StockLevel' });
const toLevel = (r: StockRow): z.infer<typeof levelView> => ({
  sku: r.sku,
  title: r.title,
  warehouse: r.warehouse,
  onHand: r.onHand,
  reserved: r.reserved,
  available: r.available,
  inbound: r.inbound,
  inboundEta: r.inboundEta,
  orderedLast14Days: r.orderedLast14Days,
  daysOfCover: Number.isFinite(r.daysOfCover) ? r.daysOfCover : null,
  leadTimeDays: r.leadTimeDays,
  low: r.low,
});

const movementResult = z
  .object({
    result: z.enum(['applied', 'duplicate']),
    level: levelView.nullable().describe('the level after the movement; null if the SKU has none there'),
  })
  .meta({ id: 'StockChange' });
const movementErrors = {
  400: 'BAD_QUANTITY: the quantity is not one this movement takes (a transfer within one warehouse, an adjustment of 0)',
  404: 'NOT_FOUND: no such SKU or warehouse (details.reason names which)',
  409: 'BELOW_RESERVED: on hand would fall below what is reserved or below zero; ABOVE_LIMIT: the level would pass its limit',
} as const;
const reason = text(LIMITS.text.reason, { layout: true });
const skuCode = text(LIMITS.text.sku, { min: 1 });
const warehouseCode = text(LIMITS.text.code, { min: 1 });

/** Stock levels, what each storefront may publish, and the movements people make by hand. */
export function stockRoutes(api: Api, { store, bus }: AppContext) {
  api.get(
    '/stock',
    {
      schema: {
        tags: ['stock'],
        summary: 'List stock levels',
        operationId: 'listStock',
        querystring: z.object({
          sku: text(LIMITS.text.search).optional(),
          warehouse: text(LIMITS.text.code).optional(),
          low: z.enum(['true', 'false']).optional(),
          ...pageQuery,
        }),
        response: { 200: listOf(levelView) },
      },
    },
    async (request) => {
      const { sku, warehouse, low, limit, cursor } = request.query;
      const org = request.principal.organizationId;
      const after = decodeCursor(cursor, cursorKey.pair);
      let warehouseId: string | undefined;
      if (warehouse) {
        const [w] = await listWarehouses(store, org, warehouse);
        if (!w) return { items: [], nextCursor: null };
        warehouseId = w.id;
      }
      // A keyset page in (SKU, warehouse) order; the pace of sales is summed for this page's rows only.
      const rows = await stockPage(store, org, new Date(), {
        search: sku,
        warehouseId,
        low: low === undefined ? undefined : low === 'true',
        after,
        limit: limit + 1,
      });
      return page(rows, limit, (r) => [r.sku, r.warehouse], toLevel);
    },
  );

  api.get(
    '/stock/published',
    {
      schema: {
        tags: ['stock'],
        summary: 'What each storefront publishes',
        operationId: 'listPublished',
        description:
          'Per storefront and SKU: units available, the buffer held back, and the quantity published.',
        querystring: z.object({ sku: text(LIMITS.text.sku).optional() }),
        response: {
          200: z.object({
            items: z.array(
              z
                .object({
                  storefront: z.string(),
                  sku: z.string(),
                  available: z.number(),
                  buffer: z.number(),
                  published: z.number(),
                })
                .meta({ id: 'PublishedQuantity' }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      items: await publishedReport(store, request.principal.organizationId, request.query.sku),
    }),
  );

  /** The movement as the ledger records it: who did it, why, and the request's Idempotency-Key. */
  const movement = async (
    request: { principal: { organizationId: string; actor: string }; idempotencyKey?: string | undefined },
    sku: string,
    warehouse: string,
    why: string | undefined,
  ): Promise<Movement> => {
    const org = request.principal.organizationId;
    return {
      organizationId: org,
      skuId: await skuId(store, org, sku),
      warehouseId: await warehouseId(store, org, warehouse),
      actor: request.principal.actor,
      reason: why,
      idempotencyKey: request.idempotencyKey ? `api:${request.idempotencyKey}` : undefined,
    };
  };
  const levelOf = async (org: string, sku: string, warehouse: string) => {
    const [w] = await listWarehouses(store, org, warehouse);
    if (!w) return null;
    const [row] = await stockPage(store, org, new Date(), { sku, warehouseId: w.id, after: null, limit: 1 });
    return row ? toLevel(row) : null;
  };
  const changed = (org: string, sku: string) => {
    bus.publish(org, 'stock', { sku });
    bus.publish(org, 'board', { reason: 'stock' });
  };
  const write = { access: 'write' as const, idempotent: true };

  api.post(
    '/stock/receive',
    {
      config: write,
      schema: {
        tags: ['stock'],
        summary: 'Receive stock',
        operationId: 'receiveStock',
        errors: movementErrors,
        body: z.object({
          sku: skuCode,
          warehouse: warehouseCode,
          quantity: movementQuantity,
          reason: reason.optional(),
        }),
        response: { 200: movementResult },
      },
    },
    async (request) => {
      const { sku, warehouse, quantity } = request.body;
      const m = await movement(request, sku, warehouse, request.body.reason ?? 'received');
      const result = await receive(store, m, quantity);
      changed(m.organizationId, sku);
      return { result, level: await levelOf(m.organizationId, sku, warehouse) };
    },
  );

  api.post(
    '/stock/adjust',
    {
      config: write,
      schema: {
        tags: ['stock'],
        summary: 'Adjust stock',
        operationId: 'adjustStock',
        description:
          'A correction of on-hand (damage, loss, found units); it may not go below what is reserved.',
        errors: movementErrors,
        body: z.object({
          sku: skuCode,
          warehouse: warehouseCode,
          delta: stockDelta,
          reason: reason.min(1),
        }),
        response: { 200: movementResult },
      },
    },
    async (request) => {
      const { sku, warehouse, delta } = request.body;
      const m = await movement(request, sku, warehouse, request.body.reason);
      const result = await adjust(store, m, delta);
      changed(m.organizationId, sku);
      return { result, level: await levelOf(m.organizationId, sku, warehouse) };
    },
  );

  api.post(
    '/stock/transfer',
    {
      config: write,
      schema: {
        tags: ['stock'],
        summary: 'Transfer stock',
        operationId: 'transferStock',
        description: 'Moves units between two warehouses; the level answered is the destination’s.',
        errors: movementErrors,
        body: z.object({
          sku: skuCode,
          from: warehouseCode,
          to: warehouseCode,
          quantity: movementQuantity,
          reason: reason.optional(),
        }),
        response: { 200: movementResult },
      },
    },
    async (request) => {
      const { sku, from, to, quantity } = request.body;
      const m = await movement(request, sku, from, request.body.reason ?? `transfer to ${to}`);
      const result = await transfer(store, m, await warehouseId(store, m.organizationId, to), quantity);
      changed(m.organizationId, sku);
      return { result, level: await levelOf(m.organizationId, sku, to) };
    },
  );

  api.get(
    '/stock/movements',
    {
      schema: {
        tags: ['stock'],
        summary: 'List stock movements',
        operationId: 'listMovements',
        description: 'The ledger, newest first.',
        querystring: z.object({
          sku: text(LIMITS.text.search).optional(),
          warehouse: text(LIMITS.text.code).optional(),
          ...pageQuery,
        }),
        response: {
          200: listOf(
            z
              .object({
                id: z.number(),
                sku: z.string(),
                warehouse: z.string(),
                kind: z.string(),
                onHandDelta: z.number(),
                reservedDelta: z.number(),
                reason: z.string().nullable(),
                actor: z.string(),
                orderExternalId: z.string().nullable(),
                createdAt: z.string(),
              })
              .meta({ id: 'Movement' }),
          ),
        },
      },
    },
    async (request) => {
      const { sku, warehouse, limit, cursor } = request.query;
      const after = decodeCursor(cursor, cursorKey.number)?.[0] ?? null;
      const rows = await listMovements(store, request.principal.organizationId, {
        sku,
        warehouse,
        after,
        limit: limit + 1,
      });
      return page(
        rows,
        limit,
        (r) => [r.id],
        (r) => ({
          id: r.id,
          sku: r.sku,
          warehouse: r.warehouse,
          kind: r.kind,
          onHandDelta: r.on_hand_delta,
          reservedDelta: r.reserved_delta,
          reason: r.reason,
          actor: r.actor,
          orderExternalId: r.external_id,
          createdAt: r.created_at,
        }),
      );
    },
  );
}
