import { type Kysely, type Migration, type SqlBool, sql } from 'kysely';
import { createDemandDays } from './demandDays.ts';
import type { Engine } from './openDatabase.ts';

/**
 * Migration `2026_12_018_planning`: what restock planning reads and writes [P13][P14].
 *
 * - `demand_days`: daily demand per SKU × storefront × warehouse (demandDays.ts), with a backfill of
 *   the orders already stored.
 * - `stock_outs`: when a storefront could not offer a SKU (its published quantity reached 0) and
 *   when it could again (stockOuts.ts). Days inside are censored: zero sales there is not zero demand.
 * - `suppliers` and `sku_plans`: who makes a SKU, in how many days, in what multiples, at what cost,
 *   and how long each transit mode takes; the class a seller pinned.
 * - `inbound_shipments` and `inbound_lines`: stock on its way (a purchase order) until received.
 */
export function planningMigration(engine: Engine): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was
    async up(db: Kysely<any>) {
      await createDemandDays(db, engine);

      await db.schema
        .createTable('stock_outs')
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('storefront_id', 'text', (c) => c.notNull().references('storefronts.id'))
        .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addPrimaryKeyConstraint('stock_outs_pk', ['storefront_id', 'sku_id', 'started_at'])
        .execute();
      // At most one open stock-out per storefront and SKU.
      await db.schema
        .createIndex('stock_outs_open')
        .unique()
        .on('stock_outs')
        .columns(['storefront_id', 'sku_id'])
        .where(sql.ref('ended_at'), 'is', null)
        .execute();
      await db.schema
        .createIndex('stock_outs_org')
        .on('stock_outs')
        .columns(['organization_id', 'sku_id', 'started_at'])
        .execute();

      await db.schema
        .createTable('suppliers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        // The language its purchase orders are written in: Chinese unless told otherwise.
        .addColumn('language', 'text', (c) => c.notNull().defaultTo('zh-CN'))
        .addColumn('lead_time_days', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('suppliers_code', ['organization_id', 'code'])
        .execute();

      await db.schema
        .createTable('sku_plans')
        .addColumn('sku_id', 'text', (c) => c.primaryKey().references('skus.id'))
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('supplier_id', 'text', (c) => c.references('suppliers.id'))
        .addColumn('lead_time_days', 'integer')
        .addColumn('moq', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('case_pack', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('unit_cost_minor', 'integer')
        .addColumn('currency', 'text')
        .addColumn('transit_mode', 'text', (c) => c.notNull().defaultTo('sea'))
        .addColumn('sea_days', 'integer')
        .addColumn('air_days', 'integer')
        .addColumn('express_days', 'integer')
        .addColumn('pinned_class', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addCheckConstraint(
          'sku_plans_numbers',
          sql<SqlBool>`moq >= 1 and case_pack >= 1 and (unit_cost_minor is null or (unit_cost_minor >= 0 and currency is not null))`,
        )
        .addCheckConstraint('sku_plans_mode', sql<SqlBool>`transit_mode in ('sea', 'air', 'express')`)
        .addCheckConstraint(
          'sku_plans_class',
          sql<SqlBool>`pinned_class is null or pinned_class in ('core', 'test')`,
        )
        .execute();
      await db.schema
        .createIndex('sku_plans_org')
        .on('sku_plans')
        .columns(['organization_id', 'sku_id'])
        .execute();

      await db.schema
        .createTable('inbound_shipments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('supplier_id', 'text', (c) => c.references('suppliers.id'))
        .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
        .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('sea', 'air', 'express')`))
        .addColumn('eta', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'received')`))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text')
        .addUniqueConstraint('inbound_shipments_number', ['organization_id', 'number'])
        .execute();
      await db.schema
        .createIndex('inbound_shipments_open')
        .on('inbound_shipments')
        .columns(['organization_id', 'status', 'eta'])
        .execute();
      await db.schema
        .createTable('inbound_lines')
        .addColumn('shipment_id', 'text', (c) => c.notNull().references('inbound_shipments.id'))
        .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
        .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
        .addColumn('unit_cost_minor', 'integer')
        .addColumn('currency', 'text')
        .addColumn('received_quantity', 'integer')
        .addPrimaryKeyConstraint('inbound_lines_pk', ['shipment_id', 'sku_id'])
        .execute();
    },
  };
}
