import { z } from 'zod';
import { pickListCsv, pickListFileName } from '../../channels/spreadsheet/pickListCsv.ts';
import { LIMITS, text } from '../../domain/limits.ts';
import type { Lang } from '../../i18n/messages.ts';
import { PICK_LIST_MAX_ORDERS, pickList } from '../../services/pickList.ts';
import { userById } from '../../store/accounts.ts';
import type { Api, AppContext } from '../app.ts';
import { attachment } from '../attachment.ts';

const uiLanguages = ['en', 'zh-CN', 'es-MX'] as const;
const langOf: Record<(typeof uiLanguages)[number], Lang> = { en: 'en', 'zh-CN': 'zh', 'es-MX': 'es' };

const body = z.object({
  orderIds: z
    .array(text(LIMITS.text.id, { min: 1 }))
    .min(1)
    .max(PICK_LIST_MAX_ORDERS),
  lang: z
    .enum(uiLanguages)
    .optional()
    .describe('language of the CSV headers; default the user’s saved language'),
});

const pickListView = z.object({
  generatedAt: z.string(),
  groups: z.array(
    z.object({
      warehouse: z.string(),
      sku: z.string(),
      title: z.string(),
      totalQuantity: z.number(),
      orders: z.array(
        z.object({
          orderId: z.string(),
          externalId: z.string(),
          storefront: z.string(),
          quantity: z.number(),
        }),
      ),
    }),
  ),
  orders: z.number(),
  units: z.number(),
  leftOut: z.array(
    z.object({
      id: z.string(),
      externalId: z.string().nullable(),
      storefront: z.string().nullable(),
      reason: z.enum(['awaiting_stock', 'shipped', 'delivered', 'cancelled', 'pending', 'not_found']),
    }),
  ),
});

/**
 * The pick list of a selection of the dispatch queue: JSON for the printed page, CSV to download.
 * A POST because a selection can hold hundreds of order ids; it changes nothing (read access).
 */
export function pickListRoutes(api: Api, { store }: AppContext) {
  const read = { access: 'read' as const };
  const description =
    'Reserved units of the given orders (the organization’s, open and reserved), grouped by warehouse and SKU with the orders each goes to. Orders with nothing to pick (waiting for stock, shipped, cancelled, unknown) are listed in leftOut with why. Puente records no bin locations, so none are given.';

  api.post(
    '/pick-list',
    {
      config: read,
      schema: {
        tags: ['dispatch'],
        summary: 'Make a pick list for orders',
        operationId: 'pickList',
        description,
        body,
        response: { 200: pickListView },
      },
    },
    async (request) => pickList(store, request.principal.organizationId, request.body.orderIds),
  );

  api.post(
    '/pick-list/csv',
    {
      config: read,
      schema: {
        tags: ['dispatch'],
        summary: 'Download a pick list as CSV',
        operationId: 'pickListCsv',
        description: `${description} As CSV with a UTF-8 byte-order mark (Excel opens Chinese correctly), headers in the user’s language.`,
        body,
        produces: ['text/csv'],
        response: { 200: z.string().describe('text/csv; charset=utf-8') },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const user = p.userId ? await userById(store, p.organizationId, p.userId) : undefined;
      const wanted = request.body.lang ?? (user?.locale as (typeof uiLanguages)[number] | null) ?? 'en';
      const lang = langOf[wanted] ?? 'en';
      const list = await pickList(store, p.organizationId, request.body.orderIds);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachment(pickListFileName(list, lang), pickListFileName(list, 'en')))
        .send(pickListCsv(list, lang));
    },
  );
}
