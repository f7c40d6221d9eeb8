import { type Kysely, type Migration, Migrator, type SqlBool, sql } from 'kysely';
import { costMigration } from './costData.ts';
import { cancelTombstones, idempotencyLeases } from './crashSafeMigrations.ts';
import { deadlineBackfill } from './deadlineBackfill.ts';
import { digestMigration } from './digestSchema.ts';
import { dispatchCountsMigration } from './dispatchCounts.ts';
import { launchRecordsMigration } from './launchRecordsSchema.ts';
import { notifyPrefsMigration } from './notifyPrefsSchema.ts';
import { notificationsMigration } from './notifySchema.ts';
import type { Engine, Store } from './openDatabase.ts';
import { orderCountsMigration } from './orderCounts.ts';
import { orderPathMigration } from './orderPathSchema.ts';
import { passwordResetsMigration } from './passwordResets.ts';
import { planningMigration } from './planningSchema.ts';
import { withoutPreparing } from './preparedStatements.ts';
import { rowTriggersMigration } from './rowTriggers.ts';
import { underStartupLock } from './startupLock.ts';
import { organizationsMigration } from './tenancySchema.ts';
import { tenantKeysMigration } from './tenantKeys.ts';
import { tiktokOAuthMigration } from './tiktokOAuthSchema.ts';
import { tiktokOutboxMigration } from './tiktokOutboxSchema.ts';
import { tiktokConnectionsMigration, tiktokOrdersMigration } from './tiktokSchema.ts';

/**
 * The schema, as migrations applied in order at start (`puente migrate` too). Invariants live in the
 * database as well as in code: `0 ≤ reserved ≤ on_hand` is a CHECK, re-delivered orders hit a
 * unique key, one open alert per condition is a partial unique index.
 */

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/** An ever-increasing id: the ledger's order of events. */
function serialId(engine: Engine) {
  return engine === 'postgres' ? ('bigserial' as const) : ('integer' as const);
}

function initial(engine: Engine): Migration {
  const id = serialId(engine);
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('organizations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('warehouses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('state', 'text')
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('cutoff', 'text', (c) => c.notNull())
        .addColumn('holiday_calendar', 'text', (c) => c.notNull())
        .addColumn('lead_time_days', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('warehouses_code', ['organization_id', 'code'])
        .execute();

      await db.schema
        .createTable('skus')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('program_category', 'text')
        .addColumn('verdict', 'text')
        .addColumn('weight_g', 'integer')
        .addColumn('fragile', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('customized', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('lead_time_days', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('skus_sku', ['organization_id', 'sku'])
        .execute();

      await db.schema
        .createTable('stock_levels')
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
        .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
        .addColumn('on_hand', 'integer', (c) => c.notNull())
        .addColumn('reserved', 'integer', (c) => c.notNull())
        .addColumn('inbound', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('inbound_eta', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('stock_levels_pk', ['sku_id', 'warehouse_id'])
        .addCheckConstraint('stock_levels_reserved', sql`reserved >= 0 and reserved <= on_hand`)
        .addCheckConstraint('stock_levels_inbound', sql`inbound >= 0`)
        .execute();

      await db.schema
        .createTable('stock_movements')
        .addColumn('id', id, (c) => (engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
        .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('on_hand_delta', 'integer', (c) => c.notNull())
        .addColumn('reserved_delta', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text')
        .addColumn('idempotency_key', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('stock_movements_idempotency')
        .unique()
        .on('stock_movements')
        .columns(['organization_id', 'idempotency_key', 'sku_id', 'warehouse_id'])
        .where(sql.ref('idempotency_key'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('stock_movements_level')
        .on('stock_movements')
        .columns(['sku_id', 'warehouse_id', 'id'])
        .execute();

      await db.schema
        .createTable('storefronts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('policy_id', 'text', (c) => c.notNull())
        .addColumn('buffer_units', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('buffer_percent', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('allow_split', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('storefronts_code', ['organization_id', 'code'])
        .addCheckConstraint('storefronts_buffer', sql`buffer_units >= 0 and buffer_percent between 0 and 100`)
        .execute();

      await db.schema
        .createTable('storefront_warehouses')
        .addColumn('storefront_id', 'text', (c) => c.notNull().references('storefronts.id'))
        .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('storefront_warehouses_pk', ['storefront_id', 'warehouse_id'])
        .execute();

      await db.schema
        .createTable('orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('storefront_id', 'text', (c) => c.notNull().references('storefronts.id'))
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('total_minor', 'integer', (c) => c.notNull())
        .addColumn('paid_at', 'text', (c) => c.notNull())
        .addColumn('ship_by', 'text')
        .addColumn('unfulfillable_reason', 'text')
        .addColumn('shipped_at', 'text')
        .addColumn('carrier', 'text')
        .addColumn('tracking', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('orders_external', ['storefront_id', 'external_id'])
        .execute();
      // The dispatch board: open orders by deadline.
      await db.schema
        .createIndex('orders_due')
        .on('orders')
        .columns(['organization_id', 'status', 'ship_by'])
        .execute();

      await db.schema
        .createTable('order_lines')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
        .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
        .addColumn('unit_price_minor', 'integer', (c) => c.notNull())
        .addUniqueConstraint('order_lines_no', ['order_id', 'line_no'])
        .execute();

      await db.schema
        .createTable('reservations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
        .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
        .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
        .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reservations_order').on('reservations').column('order_id').execute();

      await db.schema
        .createTable('alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .execute();
      // One open (or acknowledged) alert per condition: the same condition updates it instead.
      await db.schema
        .createIndex('alerts_one_open')
        .unique()
        .on('alerts')
        .columns(['organization_id', 'kind', 'subject'])
        .where(sql.ref('state'), '!=', 'resolved')
        .execute();

      await db.schema
        .createTable('fx_rates')
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('base', 'text', (c) => c.notNull())
        .addColumn('quote', 'text', (c) => c.notNull())
        .addColumn('effective_date', 'text', (c) => c.notNull())
        .addColumn('rate', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('fx_rates_pk', ['organization_id', 'base', 'quote', 'effective_date'])
        .execute();

      await db.schema
        .createTable('published_quantities')
        .addColumn('id', id, (c) => (engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('storefront_id', 'text', (c) => c.notNull().references('storefronts.id'))
        .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
      await db.schema
        .createIndex('published_quantities_latest')
        .on('published_quantities')
        .columns(['storefront_id', 'sku_id', 'id'])
        .execute();
    },
  };
}

/** Users, sessions, API tokens and what the HTTP API needs: idempotency, leases, audit, check jobs. */
function httpApi(engine: Engine): Migration {
  const id = serialId(engine);
  return {
    async up(db: AnyDb) {
      for (const table of ['warehouses', 'storefronts']) {
        await db.schema
          .alterTable(table)
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
          .execute();
      }
      await db.schema.alterTable('storefronts').addColumn('webhook_secret', 'text').execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'operator', 'viewer')`))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('locale', 'text')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // An e-mail signs in to one account across organizations: login does not ask which one.
      await db.schema.createIndex('users_email').on('users').column('email').unique().execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('read', 'write', 'admin')`))
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('response', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['organization_id', 'key'])
        .execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('storefront_id', 'text', (c) => c.notNull().references('storefronts.id'))
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('webhook_deliveries_pk', ['storefront_id', 'delivery_id'])
        .execute();

      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', id, (c) => (engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('check_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('rows_done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rows_total', 'integer')
        .addColumn('summary', 'text')
        .addColumn('error', 'text')
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('check_results')
        .addColumn('job_id', 'text', (c) => c.notNull().references('check_jobs.id'))
        .addColumn('row', 'integer', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('verdict', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('reason_codes', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('check_results_pk', ['job_id', 'row'])
        .execute();

      await db.schema
        .createIndex('stock_movements_by_sku')
        .on('stock_movements')
        .columns(['organization_id', 'sku_id', 'id'])
        .execute();
    },
  };
}

/**
 * Orders that cannot be filled wait for stock (`awaiting_stock`, once `unfulfillable`), and every open
 * order carries its operational deadline beside the platform's: the last carrier cut-off of the
 * warehouse that ships it at or before `ship_by`, and the warehouse whose queue it is in.
 */
const awaitingStock: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('orders').renameColumn('unfulfillable_reason', 'waiting_reason').execute();
    await db.schema.alterTable('orders').addColumn('operational_by', 'text').execute();
    await db.schema
      .alterTable('orders')
      .addColumn('warehouse_id', 'text', (c) => c.references('warehouses.id'))
      .execute();
    await db
      .updateTable('orders')
      .set({ status: 'awaiting_stock' })
      .where('status', '=', 'unfulfillable')
      .execute();
  },
};

/**
 * The open orders' statuses, as SQL text: a partial index only serves a query that repeats it
 * literally (dispatchBoard.ts `isOpen`). `on_hold` joined in migration 014 (tiktokSchema.ts).
 */
export const OPEN_STATUSES_SQL = "status in ('reserved', 'awaiting_stock', 'on_hold')";
/** The open statuses as migration 005 indexed them, before on_hold. */
const OPEN_STATUSES_005 = "status in ('reserved', 'awaiting_stock')";

/**
 * The indexes the order side needs at a million open orders: each list and figure walks one index
 * in its own order (no sort of every open order, no scan). Open orders by first deadline (the board,
 * at-risk and late), per warehouse queue (to ship today), per status (waiting orders), by platform
 * deadline (late-dispatch rates, covering), newest payment first (all orders), last change (the
 * incremental alert scan); alerts newest change first, per state and per kind; reservations per SKU
 * and warehouse in time (the pace of sales). `orders_due` (status, ship_by) served the old board and
 * nothing now. `alert_scans` keeps where the alert scan got to, so each run only looks at what changed.
 */
const boardIndexes: Migration = {
  async up(db: AnyDb) {
    const open = sql<SqlBool>`${sql.raw(OPEN_STATUSES_005)}`;
    await db.schema.dropIndex('orders_due').execute();
    await db.schema
      .createIndex('orders_board')
      .on('orders')
      .columns(['organization_id', 'operational_by', 'id'])
      .where(open)
      .execute();
    await db.schema
      .createIndex('orders_board_warehouse')
      .on('orders')
      .columns(['organization_id', 'warehouse_id', 'operational_by', 'id'])
      .where(open)
      .execute();
    await db.schema
      .createIndex('orders_status_due')
      .on('orders')
      .columns(['organization_id', 'status', 'operational_by', 'id'])
      .execute();
    await db.schema
      .createIndex('orders_platform_due')
      .on('orders')
      .columns(['organization_id', 'ship_by', 'status', 'storefront_id', 'warehouse_id', 'shipped_at'])
      .execute();
    await db.schema
      .createIndex('orders_paid')
      .on('orders')
      .columns(['organization_id', 'paid_at', 'id'])
      .execute();
    await db.schema
      .createIndex('orders_changed')
      .on('orders')
      .columns(['organization_id', 'updated_at', 'id'])
      .execute();
    await db.schema
      .createIndex('alerts_recent')
      .on('alerts')
      .columns(['organization_id', 'updated_at', 'id'])
      .execute();
    await db.schema
      .createIndex('alerts_by_state')
      .on('alerts')
      .columns(['organization_id', 'state', 'updated_at', 'id'])
      .execute();
    await db.schema
      .createIndex('alerts_by_kind')
      .on('alerts')
      .columns(['organization_id', 'kind', 'state', 'updated_at', 'id'])
      .execute();
    await db.schema
      .createIndex('reservations_pace')
      .on('reservations')
      .columns(['organization_id', 'sku_id', 'warehouse_id', 'created_at', 'status', 'quantity'])
      .execute();
    // The alert scan's walks over stock levels: all of an organization's, and those changed lately.
    await db.schema
      .createIndex('stock_levels_org')
      .on('stock_levels')
      .columns(['organization_id', 'sku_id', 'warehouse_id'])
      .execute();
    await db.schema
      .createIndex('stock_levels_changed')
      .on('stock_levels')
      .columns(['organization_id', 'updated_at', 'sku_id', 'warehouse_id'])
      .execute();
    await db.schema
      .createTable('alert_scans')
      .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
      .addColumn('scanned_at', 'text', (c) => c.notNull())
      .addColumn('changes_from', 'text', (c) => c.notNull())
      .addColumn('full_at', 'text', (c) => c.notNull())
      .execute();
  },
};

/**
 * Numbers the same on both engines (limits in domain/limits.ts, copied here as they were when this
 * ran). An order's total can pass 2^31 minor units: `bigint` on PostgreSQL (SQLite's integer is
 * already 64-bit). A level holds at most 10^9 units, so a movement on top cannot overflow 32 bits;
 * a storefront's buffer percent is a whole number (SQLite kept 1.5; rounded up: hold back more, not
 * less). PostgreSQL states both as CHECKs; SQLite cannot add a CHECK to a table, so triggers refuse
 * the same rows.
 */
function wideNumbers(engine: Engine): Migration {
  const levelCap = sql`on_hand <= 1000000000 and inbound <= 1000000000`;
  const bufferOk = sql`buffer_units <= 1000000 and buffer_percent = cast(buffer_percent as integer)`;
  return {
    async up(db: AnyDb) {
      await sql`update storefronts set buffer_percent = cast(buffer_percent as integer) + 1
        where buffer_percent > cast(buffer_percent as integer)`.execute(db);
      await sql`update storefronts set buffer_units = 1000000 where buffer_units > 1000000`.execute(db);
      if (engine === 'postgres') {
        await sql`alter table orders alter column total_minor type bigint`.execute(db);
        await sql`alter table stock_levels add constraint stock_levels_cap check (${levelCap})`.execute(db);
        await sql`alter table storefronts add constraint storefronts_buffer_limits check (${bufferOk})`.execute(
          db,
        );
        return;
      }
      for (const event of ['insert', 'update']) {
        await sql
          .raw(
            `create trigger stock_levels_cap_${event} before ${event} on stock_levels
             when not (new.on_hand <= 1000000000 and new.inbound <= 1000000000)
             begin select raise(abort, 'CHECK constraint failed: stock_levels_cap'); end`,
          )
          .execute(db);
        await sql
          .raw(
            `create trigger storefronts_buffer_limits_${event} before ${event} on storefronts
             when not (new.buffer_units <= 1000000 and new.buffer_percent = cast(new.buffer_percent as integer))
             begin select raise(abort, 'CHECK constraint failed: storefronts_buffer_limits'); end`,
          )
          .execute(db);
      }
    },
  };
}

export function migrations(engine: Engine): Record<string, Migration> {
  return {
    '2026_11_001_initial': initial(engine),
    '2026_11_002_http_api': httpApi(engine),
    '2026_12_003_awaiting_stock': awaitingStock,
    '2026_12_004_deadline_backfill': deadlineBackfill,
    '2026_12_005_board_indexes': boardIndexes,
    '2026_12_006_wide_numbers': wideNumbers(engine),
    '2026_12_007_order_counts': orderCountsMigration(engine),
    '2026_12_008_dispatch_counts': dispatchCountsMigration(engine),
    '2026_12_009_cancel_tombstones': cancelTombstones,
    '2026_12_010_idempotency_leases': idempotencyLeases,
    '2026_12_011_password_resets': passwordResetsMigration,
    '2026_12_013_tiktok_connections': tiktokConnectionsMigration,
    '2026_12_014_tiktok_orders': tiktokOrdersMigration(engine),
    '2026_12_015_tiktok_stock': tiktokOutboxMigration,
    '2026_12_016_tiktok_oauth': tiktokOAuthMigration,
    '2026_12_017_notifications': notificationsMigration,
    '2026_12_018_planning': planningMigration(engine),
    '2026_12_019_cost': costMigration,
    '2026_12_020_digest': digestMigration,
    '2026_12_021_readiness': launchRecordsMigration(engine),
    '2026_12_022_organizations': organizationsMigration(engine),
    '2026_12_023_order_path': orderPathMigration,
    '2026_12_025_notify_prefs': notifyPrefsMigration,
    '2026_12_026_tenant_keys': tenantKeysMigration(engine),
    '2026_12_027_row_triggers': rowTriggersMigration(engine),
  };
}

/**
 * Applies every pending migration, or those up to `upTo` (tests build an old database with it);
 * throws with the failing one's name. Runs under the start-up lock: processes starting together
 * migrate one after the other, and on SQLite all pending migrations commit together or not at all.
 */
export function migrate(store: Store, upTo?: string): Promise<string[]> {
  return underStartupLock(store, () => withoutPreparing(() => migrateNow(store, upTo)));
}

async function migrateNow(store: Store, upTo?: string): Promise<string[]> {
  if (store.engine !== 'postgres') return runMigrations(store.db, store.engine, upTo);
  // The statement timeout (openDatabase.ts) bounds requests; a migration may rewrite a whole table.
  return store.db.connection().execute(async (db) => {
    await sql`set statement_timeout = 0`.execute(db);
    try {
      return await runMigrations(db, store.engine, upTo);
    } finally {
      await sql`reset statement_timeout`.execute(db);
    }
  });
}

async function runMigrations(db: AnyDb, engine: Engine, upTo?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(engine) },
  });
  const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
