import type { Kysely, Migration } from 'kysely';

/**
 * Migration `2026_12_023_order_path` (issue 15, an order at the cost of its SQL): drops
 * `stock_movements_level` (sku_id, warehouse_id, id). Every reservation wrote three index entries
 * per ledger row; no query needs this one. The ledger is read by organization and SKU
 * (`stock_movements_by_sku`: the movement list, an order's returns, a return's check), by its
 * idempotency key (`stock_movements_idempotency`), or whole (`verifyLedger`, a full scan that groups
 * by SKU and warehouse either way).
 */
export const orderPathMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropIndex('stock_movements_level').ifExists().execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema
      .createIndex('stock_movements_level')
      .ifNotExists()
      .on('stock_movements')
      .columns(['sku_id', 'warehouse_id', 'id'])
      .execute();
  },
};
