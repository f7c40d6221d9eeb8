import type { Kysely } from 'kysely';
import type { Database, SkuClass, TransitMode } from './schema.ts';
import { now, type Tx } from './transaction.ts';

/**
 * How SKUs are bought (`sku_plans`) and from whom (`suppliers`): the data restock suggestions and
 * purchase orders read. A SKU without a row is bought in ones, from no named supplier, by sea.
 */

export interface SupplierInput {
  code: string;
  name?: string | undefined;
  language?: string | undefined;
  leadTimeDays?: number | null | undefined;
}

/** Adds the supplier or changes the fields given; returns its id. */
export async function saveSupplier(trx: Tx, organizationId: string, s: SupplierInput): Promise<string> {
  const at = now();
  const existing = await trx
    .selectFrom('suppliers')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('code', '=', s.code)
    .executeTakeFirst();
  if (existing) {
    const set = {
      ...(s.name !== undefined ? { name: s.name } : {}),
      ...(s.language !== undefined ? { language: s.language } : {}),
      ...(s.leadTimeDays !== undefined ? { lead_time_days: s.leadTimeDays } : {}),
    };
    if (Object.keys(set).length)
      await trx
        .updateTable('suppliers')
        .set({ ...set, updated_at: at })
        .where('id', '=', existing.id)
        .execute();
    return existing.id;
  }
  const id = crypto.randomUUID();
  await trx
    .insertInto('suppliers')
    .values({
      id,
      organization_id: organizationId,
      code: s.code,
      name: s.name ?? s.code,
      language: s.language ?? 'zh-CN',
      lead_time_days: s.leadTimeDays ?? null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

/** The fields of a SKU's plan a person may set; undefined leaves one as it is, null clears it. */
export interface SkuPlanPatch {
  supplierId?: string | null;
  leadTimeDays?: number | null;
  moq?: number;
  casePack?: number;
  unitCostMinor?: number | null;
  currency?: string | null;
  transitMode?: TransitMode;
  seaDays?: number | null;
  airDays?: number | null;
  expressDays?: number | null;
  pinnedClass?: SkuClass | null;
}

const columns = {
  supplierId: 'supplier_id',
  leadTimeDays: 'lead_time_days',
  moq: 'moq',
  casePack: 'case_pack',
  unitCostMinor: 'unit_cost_minor',
  currency: 'currency',
  transitMode: 'transit_mode',
  seaDays: 'sea_days',
  airDays: 'air_days',
  expressDays: 'express_days',
  pinnedClass: 'pinned_class',
} as const;

export async function saveSkuPlan(
  trx: Tx,
  organizationId: string,
  skuId: string,
  patch: SkuPlanPatch,
): Promise<void> {
  const set: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(columns)) {
    const value = patch[field as keyof SkuPlanPatch];
    if (value !== undefined) set[column] = value;
  }
  const at = now();
  await trx
    .insertInto('sku_plans')
    .values({
      sku_id: skuId,
      organization_id: organizationId,
      supplier_id: null,
      lead_time_days: null,
      moq: 1,
      case_pack: 1,
      unit_cost_minor: null,
      currency: null,
      transit_mode: 'sea',
      sea_days: null,
      air_days: null,
      express_days: null,
      pinned_class: null,
      ...set,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['organization_id', 'sku_id']).doUpdateSet({ ...set, updated_at: at }))
    .execute();
}

export interface SkuPlanRow {
  skuId: string;
  sku: string;
  title: string;
  supplier: { code: string; name: string; language: string; leadTimeDays: number | null } | null;
  /** The SKU's own lead time, else its supplier's, else the SKU row's (catalog), else null. */
  leadTimeDays: number | null;
  moq: number;
  casePack: number;
  unitCostMinor: number | null;
  currency: string | null;
  transitMode: TransitMode;
  transitDays: Record<TransitMode, number | null>;
  pinnedClass: SkuClass | null;
}

/** Every SKU of an organization with its plan (defaults where it has none), in SKU order. */
export async function skuPlanRows(
  db: Kysely<Database>,
  organizationId: string,
  skuCodes?: readonly string[],
  skuIds?: readonly string[],
): Promise<SkuPlanRow[]> {
  if ((skuCodes && skuCodes.length === 0) || (skuIds && skuIds.length === 0)) return [];
  let q = db
    .selectFrom('skus as k')
    .leftJoin('sku_plans as p', (j) =>
      j.onRef('p.organization_id', '=', 'k.organization_id').onRef('p.sku_id', '=', 'k.id'),
    )
    .leftJoin('suppliers as s', 's.id', 'p.supplier_id')
    .select([
      'k.id',
      'k.sku',
      'k.title',
      'k.lead_time_days as sku_lead',
      'p.lead_time_days as plan_lead',
      'p.moq',
      'p.case_pack',
      'p.unit_cost_minor',
      'p.currency',
      'p.transit_mode',
      'p.sea_days',
      'p.air_days',
      'p.express_days',
      'p.pinned_class',
      's.code as supplier_code',
      's.name as supplier_name',
      's.language as supplier_language',
      's.lead_time_days as supplier_lead',
    ])
    .where('k.organization_id', '=', organizationId);
  if (skuCodes) q = q.where('k.sku', 'in', [...skuCodes]);
  if (skuIds) q = q.where('k.id', 'in', [...skuIds]);
  const rows = await q.orderBy('k.sku').execute();
  return rows.map((r) => ({
    skuId: r.id,
    sku: r.sku,
    title: r.title,
    supplier: r.supplier_code
      ? {
          code: r.supplier_code,
          name: r.supplier_name as string,
          language: r.supplier_language as string,
          leadTimeDays: r.supplier_lead,
        }
      : null,
    leadTimeDays: r.plan_lead ?? r.supplier_lead ?? r.sku_lead ?? null,
    moq: r.moq ?? 1,
    casePack: r.case_pack ?? 1,
    unitCostMinor: r.unit_cost_minor === null ? null : Number(r.unit_cost_minor),
    currency: r.currency,
    transitMode: r.transit_mode ?? 'sea',
    transitDays: { sea: r.sea_days, air: r.air_days, express: r.express_days },
    pinnedClass: r.pinned_class,
  }));
}

export async function supplierId(
  db: Kysely<Database>,
  organizationId: string,
  code: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('suppliers')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('code', '=', code)
    .executeTakeFirst();
  return row?.id;
}

export async function writeAudit(
  trx: Tx,
  organizationId: string,
  actor: string,
  action: string,
  subject: string,
  data: unknown,
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      organization_id: organizationId,
      actor,
      action,
      subject,
      data: JSON.stringify(data),
      created_at: now(),
    })
    .execute();
}
