import { z } from 'zod';
import { costRoutes, rateCardSchema } from '../../domain/cost/rateCard.ts';
import { LIMITS, text } from '../../domain/limits.ts';
import { listFxRates, setFxRate } from '../../services/fxRates.ts';
import { costOrder, costSku, setSkuCostFacts } from '../../services/landedCost.ts';
import { listRateCards, removeRateCard, saveRateCard } from '../../services/rateCards.ts';
import { skusWithCosts } from '../../store/costData.ts';
import type { Api, AppContext } from '../app.ts';

/**
 * Landed cost on the seller's numbers (issue 14): the same services as `puente cost`, `puente fx`
 * and `puente rate-cards`, so the API and the command line print the same figures.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const citation = z.object({ id: z.string(), source: z.string(), validFrom: z.string() });
const routeCost = z
  .object({
    route: z.enum(costRoutes),
    quantity: z.number(),
    customsValueUsd: z.number(),
    band: z.string(),
    dutyRate: z.number(),
    goodsMinor: z.number(),
    dutyMinor: z.number(),
    freightMinor: z.number(),
    feesMinor: z.number(),
    platformMinor: z.number(),
    landedCostMinor: z.number(),
    landedCostPerUnitMinor: z.number(),
    revenueMinor: z.number(),
    marginMinor: z.number(),
    currency: z.literal('MXN'),
    transitDays: z.number(),
    rateCards: z.array(z.string()),
    warnings: z.array(
      z.enum(['rrna_no_simplified', 'no_withholding_rule', 'double_vat_risk', 'igi_planning_rate']),
    ),
    rules: z.array(citation),
  })
  .meta({ id: 'RouteCost' });
const split = z
  .object({
    parcels: z.array(
      z.object({ items: z.array(z.object({ sku: z.string(), quantity: z.number() })), cost: routeCost }),
    ),
    landedCostMinor: z.number(),
    savesMinor: z.number(),
    rule: citation,
  })
  .nullable();
const fxUsed = z.object({
  pair: z.string(),
  rate: z.string(),
  date: z.string(),
  requestedDate: z.string(),
  earlier: z.boolean().describe('true when the day had no rate and the latest earlier one was used'),
});
const costResult = {
  date: z.string(),
  fx: fxUsed,
  routes: z.array(routeCost.extend({ split })),
  claim: z
    .object({
      fact: z.literal('P2'),
      daysFaster: z.number(),
      logisticsCheaperPercent: z.number(),
      landedCheaperPercent: z.number(),
      daysClaimMet: z.boolean(),
      costClaimMet: z.boolean(),
    })
    .nullable(),
  leftOut: z.array(
    z.object({
      route: z.enum(costRoutes),
      reason: z.object({
        key: z.string(),
        params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      }),
    }),
  ),
};
const costOptions = {
  route: z.enum([...costRoutes, 'all']).optional(),
  rfc: z.enum(['with', 'without']).optional().describe('whether the seller has a Mexican RFC; default with'),
};
const rateCard = rateCardSchema;
const fxRow = z.object({ base: z.string(), quote: z.string(), date: z.string(), rate: z.string() });
const money = z.object({
  amount: z.number().int().nonnegative().max(1_000_000_000),
  currency: z.enum(['USD', 'MXN']),
});

export function costRoutesApi(api: Api, { store }: AppContext) {
  const notFound = {
    404: 'NOT_FOUND: no such SKU, no cost facts for it, or no USD/MXN rate on or before the date',
  };
  const refused = {
    422: 'REFUSED: the route asked for cannot be costed (no rate card, or no rule in force on the date)',
  };

  api.get(
    '/cost/skus',
    {
      schema: {
        tags: ['cost'],
        summary: 'List the SKUs that have cost facts',
        operationId: 'listCostSkus',
        response: {
          200: z
            .object({ items: z.array(z.object({ sku: z.string(), title: z.string() })) })
            .meta({ id: 'CostSkuList' }),
        },
      },
    },
    async (request) => ({ items: await skusWithCosts(store, request.principal.organizationId) }),
  );

  api.get(
    '/cost/skus/:sku',
    {
      schema: {
        tags: ['cost'],
        summary: 'Landed cost of a SKU per route',
        operationId: 'costSku',
        description:
          'Per route (us-warehouse, china-direct, mx-local): customs value and band, duty, freight from the rate cards, fees, platform commission and withholding, landed cost and margin in MXN minor units, transit days and the rules applied with their sources; the [P2] claim checked on these numbers. The same figures as `puente cost --sku`.',
        params: z.object({ sku: text(LIMITS.text.code, { min: 1 }) }),
        querystring: z.object({
          ...costOptions,
          date: isoDate
            .optional()
            .describe('the day whose rules and rate apply; default today in Mexico City'),
          quantity: z.coerce.number().int().min(1).max(1000).optional(),
          price: z
            .string()
            .regex(/^\d+(\.\d{1,2})?$/, 'an amount such as 49.99')
            .optional()
            .describe("one unit's price instead of the SKU's own"),
          currency: z.enum(['USD', 'MXN']).optional().describe('currency of price; default MXN'),
        }),
        errors: { ...notFound, ...refused, 400: 'BAD_REQUEST: a value that cannot be read' },
        response: {
          200: z
            .object({
              sku: z.string(),
              title: z.string(),
              quantity: z.number(),
              ...costResult,
              noCostAdvantage: z
                .string()
                .nullable()
                .describe(
                  '[P17] fit: why the landed cost from the US warehouse leaves no margin, with the numbers; null when it does',
                ),
            })
            .meta({ id: 'SkuCost' }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      return costSku(store, request.principal.organizationId, request.params.sku, {
        route: q.route,
        rfc: q.rfc,
        date: q.date,
        quantity: q.quantity,
        price: q.price ? { amount: q.price, currency: q.currency ?? 'MXN' } : undefined,
      });
    },
  );

  api.get(
    '/cost/orders/:externalId',
    {
      schema: {
        tags: ['cost'],
        summary: 'Landed cost of an order per route',
        operationId: 'costOrder',
        description:
          'The order as one parcel per route, at its sale prices, with the rules and rate of its payment day (Mexico City), and a split suggested where it pays and the rules allow it. The same figures as `puente cost order`.',
        params: z.object({ externalId: text(LIMITS.text.id, { min: 1 }) }),
        querystring: z.object({ ...costOptions, storefront: text(LIMITS.text.code).optional() }),
        errors: {
          ...notFound,
          ...refused,
          400: 'BAD_REQUEST: the id is on several storefronts: add storefront',
        },
        response: {
          200: z
            .object({
              externalId: z.string(),
              storefront: z.string(),
              items: z.array(z.object({ sku: z.string(), quantity: z.number() })),
              ...costResult,
            })
            .meta({ id: 'OrderCost' }),
        },
      },
    },
    async (request) =>
      costOrder(store, request.principal.organizationId, request.params.externalId, request.query),
  );

  api.put(
    '/cost/skus/:sku',
    {
      config: { access: 'write' as const },
      schema: {
        tags: ['cost'],
        summary: 'Set the cost facts of a SKU',
        operationId: 'setSkuCostFacts',
        params: z.object({ sku: text(LIMITS.text.code, { min: 1 }) }),
        body: z.object({
          unitCost: money,
          price: money,
          lengthCm: z.number().positive().max(1000).nullable().optional(),
          widthCm: z.number().positive().max(1000).nullable().optional(),
          heightCm: z.number().positive().max(1000).nullable().optional(),
          hsChapter: z.string().regex(/^\d{2}$/, 'a two-digit HS chapter'),
          origin: z.string().regex(/^[A-Za-z]{2}$/, 'a two-letter country code'),
          rrna: z.boolean(),
        }),
        errors: { 404: 'NOT_FOUND: no such SKU' },
        response: { 200: z.object({ sku: z.string() }) },
      },
    },
    async (request) => {
      const p = request.principal;
      await setSkuCostFacts(store, p.organizationId, request.params.sku, request.body, p.actor);
      return { sku: request.params.sku };
    },
  );

  api.get(
    '/fx-rates',
    {
      schema: {
        tags: ['cost'],
        summary: 'List exchange rates',
        operationId: 'listFxRates',
        querystring: z.object({
          pair: z
            .string()
            .regex(/^[A-Z]{3}\/[A-Z]{3}$/, 'a pair such as USD/MXN')
            .optional(),
        }),
        errors: { 400: 'BAD_REQUEST: not a currency pair Puente knows' },
        response: { 200: z.object({ items: z.array(fxRow) }) },
      },
    },
    async (request) => ({
      items: await listFxRates(store, request.principal.organizationId, request.query.pair),
    }),
  );

  api.put(
    '/fx-rates',
    {
      // Org-wide settings every cost answer reads: the owner's to change, like warehouses.
      config: { access: 'admin' as const },
      schema: {
        tags: ['cost'],
        summary: 'Set the exchange rate of a day',
        operationId: 'setFxRate',
        body: z.object({
          date: isoDate,
          pair: z.string().regex(/^[A-Z]{3}\/[A-Z]{3}$/, 'a pair such as USD/MXN'),
          rate: z.string().regex(/^\d+(\.\d{1,8})?$/, 'a rate such as 18.25'),
        }),
        errors: { 400: 'BAD_REQUEST: a date, pair or rate that cannot be read' },
        response: { 200: fxRow },
      },
    },
    async (request) =>
      setFxRate(store, request.principal.organizationId, { ...request.body, actor: request.principal.actor }),
  );

  api.get(
    '/rate-cards',
    {
      schema: {
        tags: ['cost'],
        summary: 'List rate cards',
        operationId: 'listRateCards',
        response: { 200: z.object({ items: z.array(rateCard) }) },
      },
    },
    async (request) => ({ items: await listRateCards(store, request.principal.organizationId) }),
  );

  api.put(
    '/rate-cards/:code',
    {
      // Org-wide settings every cost answer reads: the owner's to change, like warehouses.
      config: { access: 'admin' as const },
      schema: {
        tags: ['cost'],
        summary: 'Add or replace a rate card',
        operationId: 'saveRateCard',
        params: z.object({ code: rateCardSchema.shape.code }),
        body: rateCardSchema.omit({ code: true }),
        response: { 200: rateCard },
      },
    },
    async (request) =>
      saveRateCard(
        store,
        request.principal.organizationId,
        { ...request.body, code: request.params.code },
        request.principal.actor,
      ),
  );

  api.delete(
    '/rate-cards/:code',
    {
      // Org-wide settings every cost answer reads: the owner's to change, like warehouses.
      config: { access: 'admin' as const },
      schema: {
        tags: ['cost'],
        summary: 'Remove a rate card',
        operationId: 'removeRateCard',
        params: z.object({ code: rateCardSchema.shape.code }),
        errors: { 404: 'NOT_FOUND: no rate card with this code' },
        response: { 200: z.object({ code: z.string() }) },
      },
    },
    async (request) => {
      await removeRateCard(
        store,
        request.principal.organizationId,
        request.params.code,
        request.principal.actor,
      );
      return { code: request.params.code };
    },
  );
}
