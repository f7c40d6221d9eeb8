import { readdir, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { type CalendarId, calendarIds } from '../../domain/dispatch/holidayCalendars.ts';
import { CUTOFF_PATTERN } from '../../domain/dispatch/operationalDeadline.ts';
import { bufferPercent, bufferUnits, LIMITS, leadTimeDays, text, weightG } from '../../domain/limits.ts';
import { evaluateMerchant, merchantSchema } from '../../domain/policy/merchant.ts';
import { policySchema } from '../../domain/policy/policy.ts';
import { eligibilityMessage } from '../../i18n/messages.ts';
import { editStorefront } from '../../services/editStorefront.ts';
import { DEFAULT_POLICY, loadPolicy, POLICY_DIR } from '../../services/loadConfig.ts';
import { warehouseId } from '../../services/lookups.ts';
import { newSecret } from '../../services/security/secrets.ts';
import { audit } from '../../store/accounts.ts';
import { addStorefront, addWarehouse, listSkus, upsertSkus } from '../../store/entities.ts';
import { listStorefronts, listWarehouses, updateStorefront, updateWarehouse } from '../../store/settings.ts';
import type { Api, AppContext } from '../app.ts';
import { ApiError, notFound } from '../errors.ts';
import { expectedVersion, sendEtag, staleEdit } from '../etag.ts';
import { cursorKey, decodeCursor, listOf, page, pageQuery } from '../pagination.ts';
import { langQuery } from '../views.ts';

const calendar = z.enum(calendarIds).meta({ id: 'HolidayCalendar' });
const timeZone = text(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as America/Chicago');
const hhmm = text(5).regex(CUTOFF_PATTERN, 'a time as HH:MM, 00:00 to 23:59');

const codeParams = z.object({ code: text(LIMITS.text.code) });
const code = text(LIMITS.text.code).regex(/^[A-Za-z0-9_-]{1,30}$/);

const warehouseView = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    country: z.string(),
    state: z.string().nullable(),
    postalCode: z.string().nullable(),
    timeZone: z.string(),
    cutoff: z.string(),
    holidayCalendar: calendar,
    leadTimeDays: z.number(),
    digestAt: z.string().nullable(),
    version: z.number(),
  })
  .meta({ id: 'Warehouse' });

const storefrontView = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    platform: z.string(),
    region: z.string(),
    currency: z.string(),
    policyId: z.string(),
    bufferUnits: z.number(),
    bufferPercent: z.number(),
    allowSplit: z.boolean(),
    warehouses: z.array(z.object({ code: z.string(), priority: z.number() })),
    hasWebhookSecret: z.boolean(),
    version: z.number(),
  })
  .meta({ id: 'Storefront' });

const policySummary = z
  .object({ id: z.string(), name: z.string(), version: z.string(), effectiveFrom: z.string() })
  .meta({ id: 'PolicySummary' });

const ifMatch = {
  412: 'PRECONDITION_FAILED: someone changed it since you loaded it (or If-Match is not an ETag this API gave out)',
  428: 'PRECONDITION_REQUIRED: send If-Match with the ETag of the version you edited',
} as const;

/** Warehouses, storefronts, policies, SKUs and the merchant check: what the seller's setup is. */
export function configRoutes(api: Api, { store, secrets }: AppContext) {
  const warehouses = async (org: string, code?: string) =>
    (await listWarehouses(store, org, code)).map((w) => ({
      id: w.id,
      code: w.code,
      name: w.name,
      country: w.country,
      state: w.state,
      postalCode: w.postal_code,
      timeZone: w.time_zone,
      cutoff: w.cutoff,
      // Every writer (this API, the CLI) takes it from calendarIds; the response schema checks it.
      holidayCalendar: w.holiday_calendar as CalendarId,
      leadTimeDays: w.lead_time_days,
      digestAt: w.digest_at,
      version: w.version,
    }));

  api.get(
    '/warehouses',
    {
      schema: {
        tags: ['setup'],
        summary: 'List warehouses',
        operationId: 'listWarehouses',
        response: { 200: z.object({ items: z.array(warehouseView) }) },
      },
    },
    async (request) => ({
      items: await warehouses(request.principal.organizationId),
    }),
  );

  api.get(
    '/warehouses/:code',
    {
      schema: {
        tags: ['setup'],
        summary: 'Get a warehouse',
        operationId: 'getWarehouse',
        description: 'Its ETag header is what PATCH /warehouses/:code needs in If-Match.',
        errors: { 404: 'NOT_FOUND: no warehouse with this code' },
        params: codeParams,
        response: { 200: warehouseView },
      },
    },
    async (request, reply) => {
      const [w] = await warehouses(request.principal.organizationId, request.params.code);
      if (!w) throw notFound(`warehouse ${request.params.code}`);
      sendEtag(reply, w.version);
      return w;
    },
  );

  const warehouseFields = {
    name: text(LIMITS.text.name, { min: 1 }),
    state: text(50).nullable().optional(),
    postalCode: text(20)
      .regex(/^[A-Za-z0-9 -]{3,12}$/, 'a postal (ZIP) code such as 75241')
      .nullable()
      .optional()
      .describe('postal (ZIP) code: the surest key to match the warehouse with a TikTok Shop warehouse'),
    timeZone: timeZone.describe(
      'IANA time zone of the warehouse; its cut-off and working days are counted in it',
    ),
    cutoff: hhmm.describe(
      "the last carrier pickup of the day, HH:MM (00:00–23:59) in the warehouse's time zone; orders must be packed by then to count as shipped on time (the operational deadline). The platform deadline is separate. Changing it recomputes the operational deadline of the warehouse's open orders",
    ),
    holidayCalendar: calendar.describe('the days without a pickup besides Saturday and Sunday'),
    leadTimeDays,
    digestAt: hhmm
      .nullable()
      .optional()
      .describe("when the morning digest is due, HH:MM on the warehouse's clock; null for none"),
  };

  api.post(
    '/warehouses',
    {
      config: { access: 'admin', idempotent: true },
      schema: {
        tags: ['setup'],
        summary: 'Add a warehouse',
        operationId: 'createWarehouse',
        errors: { 409: 'ALREADY_EXISTS: a warehouse with this code exists' },
        body: z.object({
          code,
          country: text(2).length(2),
          ...warehouseFields,
        }),
        response: { 201: warehouseView },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const b = request.body;
      const exists = await warehouses(p.organizationId, b.code);
      if (exists.length)
        throw ApiError.refused(409, 'ALREADY_EXISTS', {
          key: 'warehouse_code_taken',
          params: { code: b.code },
        });
      await addWarehouse(store, p.organizationId, {
        ...b,
        state: b.state ?? undefined,
        postalCode: b.postalCode ?? undefined,
      });
      await audit(store, {
        organizationId: p.organizationId,
        actor: p.actor,
        action: 'warehouse.create',
        subject: b.code,
        data: b,
      });
      const [w] = await warehouses(p.organizationId, b.code);
      return reply.status(201).send(w as z.infer<typeof warehouseView>);
    },
  );

  api.patch(
    '/warehouses/:code',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['setup'],
        summary: 'Change a warehouse',
        operationId: 'updateWarehouse',
        description: 'Needs If-Match with the ETag from GET /warehouses/:code.',
        errors: { 404: 'NOT_FOUND: no warehouse with this code', ...ifMatch },
        params: codeParams,
        body: z.object(warehouseFields).partial(),
        response: { 200: warehouseView },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      // The change, the recomputed deadlines of its open orders and the audit row: one transaction.
      const result = await updateWarehouse(
        store,
        p.organizationId,
        request.params.code,
        request.body,
        expectedVersion(request),
        { actor: p.actor },
      );
      if (result.status === 'missing') throw notFound(`warehouse ${request.params.code}`);
      if (result.status === 'stale') throw staleEdit();
      const [w] = await warehouses(p.organizationId, request.params.code);
      sendEtag(reply, result.value.version);
      return w as z.infer<typeof warehouseView>;
    },
  );

  const storefronts = async (org: string, code?: string) =>
    (await listStorefronts(store, org, code)).map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      platform: s.platform,
      region: s.region,
      currency: s.currency,
      policyId: s.policy_id,
      bufferUnits: s.buffer_units,
      bufferPercent: s.buffer_percent,
      allowSplit: s.allow_split === 1,
      warehouses: s.warehouses,
      hasWebhookSecret: s.webhook_secret !== null,
      version: s.version,
    }));

  api.get(
    '/storefronts',
    {
      schema: {
        tags: ['setup'],
        summary: 'List storefronts',
        operationId: 'listStorefronts',
        response: { 200: z.object({ items: z.array(storefrontView) }) },
      },
    },
    async (request) => ({
      items: await storefronts(request.principal.organizationId),
    }),
  );

  api.get(
    '/storefronts/:code',
    {
      schema: {
        tags: ['setup'],
        summary: 'Get a storefront',
        operationId: 'getStorefront',
        description: 'Its ETag header is what PATCH /storefronts/:code needs in If-Match.',
        errors: { 404: 'NOT_FOUND: no storefront with this code' },
        params: codeParams,
        response: { 200: storefrontView },
      },
    },
    async (request, reply) => {
      const [s] = await storefronts(request.principal.organizationId, request.params.code);
      if (!s) throw notFound(`storefront ${request.params.code}`);
      sendEtag(reply, s.version);
      return s;
    },
  );

  api.post(
    '/storefronts',
    {
      config: { access: 'admin', idempotent: true },
      schema: {
        tags: ['setup'],
        summary: 'Add a storefront',
        operationId: 'createStorefront',
        errors: {
          400: 'VALIDATION_FAILED: no policy with this policyId',
          404: 'NOT_FOUND: one of the warehouses does not exist',
          409: 'ALREADY_EXISTS: a storefront with this code exists',
        },
        body: z.object({
          code,
          name: text(LIMITS.text.name, { min: 1 }),
          platform: text(LIMITS.text.code, { min: 1 }).default('tiktok'),
          region: text(2).length(2),
          currency: text(3).length(3),
          policyId: z
            .string()
            .regex(/^[a-z0-9-]+$/)
            .default(DEFAULT_POLICY),
          warehouses: z
            .array(text(LIMITS.text.code))
            .min(1)
            .max(50)
            .describe('warehouse codes, highest priority first'),
          bufferUnits: bufferUnits.default(0),
          bufferPercent: bufferPercent.default(0),
          allowSplit: z.boolean().default(false),
        }),
        response: { 201: storefrontView },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const b = request.body;
      if ((await storefronts(p.organizationId, b.code)).length)
        throw ApiError.refused(409, 'ALREADY_EXISTS', {
          key: 'storefront_code_taken',
          params: { code: b.code },
        });
      await loadPolicy(b.policyId).catch(() => {
        throw ApiError.refused(400, 'VALIDATION_FAILED', {
          key: 'no_policy',
          params: { policy: b.policyId },
        });
      });
      for (const code of b.warehouses) await warehouseId(store, p.organizationId, code);
      await addStorefront(store, p.organizationId, b);
      await audit(store, {
        organizationId: p.organizationId,
        actor: p.actor,
        action: 'storefront.create',
        subject: b.code,
        data: b,
      });
      const [s] = await storefronts(p.organizationId, b.code);
      return reply.status(201).send(s as z.infer<typeof storefrontView>);
    },
  );

  api.patch(
    '/storefronts/:code',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['setup'],
        summary: 'Change a storefront',
        operationId: 'updateStorefront',
        description:
          'Needs If-Match. Changing buffers or warehouses republishes the storefront’s quantities.',
        errors: { 404: 'NOT_FOUND: no storefront with this code, or one of its new warehouses', ...ifMatch },
        params: codeParams,
        body: z
          .object({
            name: text(LIMITS.text.name, { min: 1 }),
            bufferUnits,
            bufferPercent,
            allowSplit: z.boolean(),
            warehouses: z
              .array(text(LIMITS.text.code))
              .min(1)
              .max(50)
              .describe('warehouse codes, highest priority first'),
          })
          .partial(),
        response: { 200: storefrontView },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const result = await editStorefront(store, {
        organizationId: p.organizationId,
        code: request.params.code,
        edit: request.body,
        expectedVersion: expectedVersion(request),
        actor: p.actor,
      });
      if (result.status === 'missing') throw notFound(`storefront ${request.params.code}`);
      if (result.status === 'stale') throw staleEdit();
      const [s] = await storefronts(p.organizationId, request.params.code);
      sendEtag(reply, result.version);
      return s as z.infer<typeof storefrontView>;
    },
  );

  api.post(
    '/storefronts/:code/webhook-secret',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['setup'],
        summary: 'Rotate a webhook secret',
        operationId: 'rotateWebhookSecret',
        description: 'Rotates the order-webhook signing secret. It is shown once; Puente keeps it encrypted.',
        errors: { 404: 'NOT_FOUND: no storefront with this code' },
        params: codeParams,
        response: { 200: z.object({ secret: z.string() }) },
      },
    },
    async (request) => {
      const p = request.principal;
      const secret = newSecret('whsec_');
      const result = await updateStorefront(
        store,
        p.organizationId,
        request.params.code,
        { webhookSecret: secrets.seal(secret) },
        null,
      );
      if (result.status !== 'updated') throw notFound(`storefront ${request.params.code}`);
      await audit(store, {
        organizationId: p.organizationId,
        actor: p.actor,
        action: 'storefront.webhook_secret',
        subject: request.params.code,
        data: {},
      });
      return { secret };
    },
  );

  api.get(
    '/policies',
    {
      schema: {
        tags: ['policies'],
        summary: 'List policies',
        operationId: 'listPolicies',
        response: { 200: z.object({ items: z.array(policySummary) }) },
      },
    },
    async () => {
      const files = (await readdir(POLICY_DIR)).filter(
        (f) => f.endsWith('.json') && f !== 'program-facts.json',
      );
      const items = await Promise.all(files.map((f) => loadPolicy(f.replace(/\.json$/, ''))));
      return {
        items: items.map((p) => ({
          id: p.id,
          name: p.name,
          version: p.version,
          effectiveFrom: p.effectiveFrom,
        })),
      };
    },
  );

  api.get(
    '/policies/:id',
    {
      schema: {
        tags: ['policies'],
        summary: 'Get a policy',
        operationId: 'getPolicy',
        description:
          'The policy as data, every rule with the program fact ([Pn]) it comes from, and the facts’ text.',
        errors: { 404: 'NOT_FOUND: no policy with this id' },
        params: z.object({ id: z.string().regex(/^[a-z0-9-]+$/) }),
        querystring: z.object({ lang: langQuery.describe('the language of the facts’ text') }),
        response: {
          200: z
            .intersection(
              policySchema,
              z.object({
                facts: z
                  .record(z.string(), z.string())
                  .describe('the program facts, by number (P1…P20), in the language asked for'),
              }),
            )
            .meta({ id: 'PolicyDocument' }),
        },
      },
    },
    async (request) => {
      const files = await readdir(POLICY_DIR);
      if (!files.includes(`${request.params.id}.json`)) throw notFound(`policy ${request.params.id}`);
      const policy = await loadPolicy(request.params.id);
      const { facts } = JSON.parse(await readFile(`${POLICY_DIR}program-facts.json`, 'utf8')) as {
        facts: Record<string, Record<'en' | 'zh' | 'es', string>>;
      };
      const lang = request.query.lang;
      return {
        ...policy,
        facts: Object.fromEntries(Object.entries(facts).map(([n, text]) => [n, text[lang]])),
      };
    },
  );

  api.get(
    '/skus',
    {
      schema: {
        tags: ['catalog'],
        summary: 'List SKUs',
        operationId: 'listSkus',
        querystring: z.object({
          q: text(LIMITS.text.search).optional(),
          category: text(100).optional(),
          verdict: text(30).optional(),
          ...pageQuery,
        }),
        response: {
          200: listOf(
            z
              .object({
                id: z.string(),
                sku: z.string(),
                title: z.string(),
                programCategory: z.string().nullable(),
                verdict: z.string().nullable(),
                weightG: z.number().nullable(),
              })
              .meta({ id: 'Sku' }),
          ),
        },
      },
    },
    async (request) => {
      const { q, category, verdict, limit, cursor } = request.query;
      const after = decodeCursor(cursor, cursorKey.text)?.[0] ?? null;
      const rows = await listSkus(store, request.principal.organizationId, {
        search: q,
        category,
        verdict,
        after,
        limit: limit + 1,
      });
      return page(
        rows,
        limit,
        (r) => [r.sku],
        (r) => ({
          id: r.id,
          sku: r.sku,
          title: r.title,
          programCategory: r.program_category,
          verdict: r.verdict,
          weightG: r.weight_g,
        }),
      );
    },
  );

  api.post(
    '/skus',
    {
      config: { access: 'write', idempotent: true },
      schema: {
        tags: ['catalog'],
        summary: 'Add or update SKUs',
        operationId: 'upsertSkus',
        description: 'Adds SKUs, or updates them by seller SKU (up to 1,000 per request).',
        body: z.object({
          items: z
            .array(
              z.object({
                sku: text(LIMITS.text.sku, { min: 1 }),
                title: text(LIMITS.text.title, { min: 1 }),
                programCategory: text(100).nullable().optional(),
                weightG: weightG.nullable().optional(),
                fragile: z.boolean().optional(),
                customized: z.boolean().optional(),
                leadTimeDays: leadTimeDays.nullable().optional(),
              }),
            )
            .min(1)
            .max(1000),
        }),
        response: { 200: z.object({ upserted: z.number() }) },
      },
    },
    async (request) => {
      const p = request.principal;
      const ids = await upsertSkus(store, p.organizationId, request.body.items);
      await audit(store, {
        organizationId: p.organizationId,
        actor: p.actor,
        action: 'sku.upsert',
        subject: `${ids.size} SKUs`,
        data: { skus: [...ids.keys()].slice(0, 50) },
      });
      return { upserted: ids.size };
    },
  );

  api.post(
    '/merchant/eligibility',
    {
      config: { access: 'read' },
      schema: {
        tags: ['policies'],
        summary: 'Check a merchant',
        operationId: 'checkMerchantEligibility',
        description: 'Whether a merchant may join the program [P4]. Reads only; changes nothing.',
        errors: { 400: 'VALIDATION_FAILED: no policy with this id' },
        querystring: z.object({
          lang: langQuery,
          policy: z
            .string()
            .regex(/^[a-z0-9-]+$/)
            .optional(),
        }),
        body: merchantSchema,
        response: {
          200: z
            .object({
              eligible: z.boolean(),
              status: z.enum(['eligible', 'not_eligible', 'unknown']),
              code: z.string(),
              message: z.string().describe('the answer in the language asked'),
              fact: z.string(),
            })
            .meta({ id: 'Eligibility' }),
        },
      },
    },
    async (request) => {
      const policy = await loadPolicy(request.query.policy).catch(() => {
        throw ApiError.refused(400, 'VALIDATION_FAILED', {
          key: 'no_policy',
          params: { policy: request.query.policy ?? '' },
        });
      });
      const e = evaluateMerchant(policy, request.body);
      return {
        eligible: e.status === 'eligible',
        status: e.status,
        code: e.code,
        message: eligibilityMessage(e, request.query.lang),
        fact: e.fact,
      };
    },
  );
}
