import type { Selectable } from 'kysely';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';
import { now, type Tx } from './transaction.ts';

/**
 * The SQL of TikTok Shop connections: the connection row (secrets arrive sealed, this module never
 * sees them in clear), the shop's warehouses with their mapping, and the guarded write of a
 * refreshed token pair.
 */

export type TikTokConnectionRow = Selectable<Database['tiktok_connections']>;
export type TikTokWarehouseRow = Selectable<Database['tiktok_warehouses']>;

export interface ConnectionInput {
  storefrontId: string;
  organizationId: string;
  appKey: string;
  sealedAppSecret: string;
  sealedAccessToken: string;
  accessExpiresAt: Date;
  sealedRefreshToken: string;
  refreshExpiresAt: Date;
  shop: {
    id: string;
    cipher: string;
    name: string;
    code: string | null;
    region: string;
    sellerType: string | null;
  };
  apiBase: string;
  authBase: string;
}

/**
 * Binds the storefront to the shop, or re-binds it (a reconnect): new credentials and tokens, the
 * token version moved on so that a refresh begun under the old tokens cannot overwrite them. The
 * order watermark stays when the shop is the same, and starts over for another shop.
 */
export async function saveConnection(trx: Tx, c: ConnectionInput): Promise<void> {
  const at = now();
  const values = {
    app_key: c.appKey,
    app_secret: c.sealedAppSecret,
    access_token: c.sealedAccessToken,
    access_expires_at: c.accessExpiresAt.toISOString(),
    refresh_token: c.sealedRefreshToken,
    refresh_expires_at: c.refreshExpiresAt.toISOString(),
    shop_id: c.shop.id,
    shop_cipher: c.shop.cipher,
    shop_name: c.shop.name,
    shop_code: c.shop.code,
    shop_region: c.shop.region,
    seller_type: c.shop.sellerType,
    api_base: c.apiBase,
    auth_base: c.authBase,
    updated_at: at,
  };
  const previous = await trx
    .selectFrom('tiktok_connections')
    .select(['shop_id', 'token_version'])
    .where('storefront_id', '=', c.storefrontId)
    .executeTakeFirst();
  if (!previous) {
    await trx
      .insertInto('tiktok_connections')
      .values({
        ...values,
        storefront_id: c.storefrontId,
        organization_id: c.organizationId,
        token_version: 1,
        orders_watermark: null,
        created_at: at,
      })
      .execute();
    return;
  }
  await trx
    .updateTable('tiktok_connections')
    .set({
      ...values,
      token_version: previous.token_version + 1,
      ...(previous.shop_id === c.shop.id ? {} : { orders_watermark: null }),
    })
    .where('storefront_id', '=', c.storefrontId)
    .execute();
  if (previous.shop_id !== c.shop.id)
    await trx
      .deleteFrom('tiktok_warehouses')
      .where('organization_id', '=', c.organizationId)
      .where('storefront_id', '=', c.storefrontId)
      .execute();
}

export function connectionOf(
  store: Store | Tx,
  storefrontId: string,
): Promise<TikTokConnectionRow | undefined> {
  const db = 'db' in store ? store.db : store;
  return db
    .selectFrom('tiktok_connections')
    .selectAll()
    .where('storefront_id', '=', storefrontId)
    .executeTakeFirst();
}

/**
 * Stores a refreshed token pair only over the version it was refreshed from: true when written,
 * false when another refresh (or a reconnect) got there first. The rotated refresh token and the
 * new access token are written together, in one statement.
 */
export async function storeRefreshedTokens(
  store: Store,
  storefrontId: string,
  fromVersion: number,
  t: { sealedAccessToken: string; accessExpiresAt: Date; sealedRefreshToken: string; refreshExpiresAt: Date },
): Promise<boolean> {
  const result = await store.db
    .updateTable('tiktok_connections')
    .set({
      access_token: t.sealedAccessToken,
      access_expires_at: t.accessExpiresAt.toISOString(),
      refresh_token: t.sealedRefreshToken,
      refresh_expires_at: t.refreshExpiresAt.toISOString(),
      token_version: fromVersion + 1,
      updated_at: now(),
    })
    .where('storefront_id', '=', storefrontId)
    .where('token_version', '=', fromVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface TikTokWarehouseInput {
  id: string;
  name: string;
  type: string | null;
  subType: string | null;
  effectStatus: string | null;
  isDefault: boolean;
  state: string | null;
  city: string | null;
  postalCode: string | null;
}

/**
 * The shop's warehouses as TikTok lists them now: new ones added unmapped, known ones updated with
 * their mapping kept, vanished ones removed.
 */
export async function replaceTikTokWarehouses(
  trx: Tx,
  o: { storefrontId: string; organizationId: string },
  warehouses: TikTokWarehouseInput[],
): Promise<void> {
  const at = now();
  for (const w of warehouses) {
    const values = {
      name: w.name,
      type: w.type,
      sub_type: w.subType,
      effect_status: w.effectStatus,
      is_default: w.isDefault ? 1 : 0,
      state: w.state,
      city: w.city,
      postal_code: w.postalCode,
      updated_at: at,
    };
    await trx
      .insertInto('tiktok_warehouses')
      .values({
        ...values,
        storefront_id: o.storefrontId,
        organization_id: o.organizationId,
        tiktok_warehouse_id: w.id,
        warehouse_id: null,
        mapped_by: null,
      })
      .onConflict((oc) =>
        oc.columns(['organization_id', 'storefront_id', 'tiktok_warehouse_id']).doUpdateSet(values),
      )
      .execute();
  }
  let gone = trx
    .deleteFrom('tiktok_warehouses')
    .where('organization_id', '=', o.organizationId)
    .where('storefront_id', '=', o.storefrontId);
  if (warehouses.length > 0)
    gone = gone.where(
      'tiktok_warehouse_id',
      'not in',
      warehouses.map((w) => w.id),
    );
  await gone.execute();
}

export interface MappedTikTokWarehouse extends TikTokWarehouseRow {
  /** The Puente warehouse's code, or null when unmapped. */
  warehouse_code: string | null;
}

/**
 * The Puente warehouses a storefront's TikTok warehouses may map to: those serving the storefront,
 * or every warehouse of the organization while the storefront names none.
 */
export async function mappableWarehouses(trx: Tx, organizationId: string, storefrontId: string) {
  const serving = await trx
    .selectFrom('storefront_warehouses as sw')
    .innerJoin('warehouses as w', 'w.id', 'sw.warehouse_id')
    .select(['w.id', 'w.state', 'w.postal_code'])
    .where('sw.storefront_id', '=', storefrontId)
    .execute();
  if (serving.length) return serving;
  return trx
    .selectFrom('warehouses')
    .select(['id', 'state', 'postal_code'])
    .where('organization_id', '=', organizationId)
    .execute();
}

/** A storefront's TikTok warehouses; `o` names its organization, which leads the table's key. */
export function tiktokWarehouses(
  store: Store | Tx,
  o: { storefrontId: string; organizationId: string },
): Promise<MappedTikTokWarehouse[]> {
  const db = 'db' in store ? store.db : store;
  return db
    .selectFrom('tiktok_warehouses as t')
    .leftJoin('warehouses as w', 'w.id', 't.warehouse_id')
    .selectAll('t')
    .select('w.code as warehouse_code')
    .where('t.organization_id', '=', o.organizationId)
    .where('t.storefront_id', '=', o.storefrontId)
    .orderBy('t.type', 'desc') // sales warehouses before return warehouses
    .orderBy('t.name')
    .orderBy('t.tiktok_warehouse_id')
    .execute();
}

/**
 * Maps a TikTok warehouse to a Puente warehouse (or unmaps it with null; by hand, it then stays so). A Puente warehouse stands
 * for one TikTok warehouse of a shop: whichever it stood for before is unmapped first.
 */
export async function mapTikTokWarehouse(
  trx: Tx,
  o: { storefrontId: string; organizationId: string },
  tiktokWarehouseId: string,
  warehouseId: string | null,
  by: 'auto' | 'manual',
): Promise<void> {
  if (warehouseId)
    await trx
      .updateTable('tiktok_warehouses')
      .set({ warehouse_id: null, mapped_by: null })
      .where('organization_id', '=', o.organizationId)
      .where('storefront_id', '=', o.storefrontId)
      .where('warehouse_id', '=', warehouseId)
      .where('tiktok_warehouse_id', '!=', tiktokWarehouseId)
      .execute();
  await trx
    .updateTable('tiktok_warehouses')
    // Unmapped by hand stays unmapped: automatic matching leaves a `manual` null alone.
    .set({
      warehouse_id: warehouseId,
      mapped_by: warehouseId || by === 'manual' ? by : null,
      updated_at: now(),
    })
    .where('organization_id', '=', o.organizationId)
    .where('storefront_id', '=', o.storefrontId)
    .where('tiktok_warehouse_id', '=', tiktokWarehouseId)
    .execute();
}

/** A row for the audit log, in the transaction of the change it records. */
export async function auditTikTok(
  trx: Tx,
  o: { organizationId: string; actor: string; action: string; subject: string; data: unknown },
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      organization_id: o.organizationId,
      actor: o.actor,
      action: o.action,
      subject: o.subject,
      data: JSON.stringify(o.data),
      created_at: now(),
    })
    .execute();
}

/**
 * Moves the order-polling watermark to `to` (ISO UTC), never backwards: a run with a wider
 * `--since`, or a slow run finishing after a newer one, leaves a later watermark where it is.
 */
export async function advanceOrdersWatermark(store: Store, storefrontId: string, to: Date): Promise<void> {
  const at = to.toISOString();
  await store.db
    .updateTable('tiktok_connections')
    .set({ orders_watermark: at, updated_at: now() })
    .where('storefront_id', '=', storefrontId)
    .where((eb) => eb.or([eb('orders_watermark', 'is', null), eb('orders_watermark', '<', at)]))
    .execute();
}

/** The connected storefronts of an organization (or the one with `code`), by code. */
export function connectedStorefronts(
  store: Store,
  organizationId: string,
  code?: string,
): Promise<{ storefrontId: string; code: string }[]> {
  let q = store.db
    .selectFrom('tiktok_connections as c')
    .innerJoin('storefronts as sf', 'sf.id', 'c.storefront_id')
    .select(['c.storefront_id as storefrontId', 'sf.code'])
    .where('c.organization_id', '=', organizationId)
    .orderBy('sf.code');
  if (code) q = q.where('sf.code', '=', code);
  return q.execute();
}

/** The connections of a TikTok shop, by its id (a webhook names its shop so); usually one. */
export function connectionsOfShop(store: Store, shopId: string) {
  return store.db
    .selectFrom('tiktok_connections as c')
    .innerJoin('storefronts as sf', 'sf.id', 'c.storefront_id')
    .select(['c.storefront_id', 'c.organization_id', 'c.app_key', 'c.app_secret', 'sf.code'])
    .where('c.shop_id', '=', shopId)
    .execute();
}

/**
 * What one sync cycle of a storefront left for its health panel (migration 016): when the order
 * pull and the stock push last went through, and the last error (JSON, see tiktokSyncHealth.ts).
 * An error is kept after later successes: the panel shows it with its time, beside them.
 */
export async function recordSyncHealth(
  store: Store,
  storefrontId: string,
  h: { pulledAt?: string; pushedAt?: string; error?: string },
): Promise<void> {
  const at = now();
  const set = {
    ...(h.pulledAt ? { last_pull_at: h.pulledAt } : {}),
    ...(h.pushedAt ? { last_push_at: h.pushedAt } : {}),
    ...(h.error ? { last_error: h.error, last_error_at: at } : {}),
  };
  if (Object.keys(set).length === 0) return;
  await store.db
    .updateTable('tiktok_connections')
    .set(set)
    .where('storefront_id', '=', storefrontId)
    .execute();
}
