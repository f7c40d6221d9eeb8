import { nextPickup, type WarehouseClock } from './operationalDeadline.ts';

/**
 * "To ship today" for a warehouse: the open orders in its queue (reserved or awaiting stock, with
 * `orders.warehouse_id` = the warehouse) whose operational deadline is at or before the
 * warehouse's next carrier pickup, `nextPickup(now, clock)`: late ones included, they still have
 * to go. "Today" is the warehouse's current working day: until its cut-off, today's truck; after
 * it, on a weekend or on a holiday, the next working day's.
 *
 * This is the definition; the store counts it in SQL with the same bound (`operational_by <=
 * nextPickup`, both UTC ISO strings of one format), and its tests hold it to this function.
 * Orders awaiting stock are counted, and counted apart too: they are due, but cannot be packed
 * until stock arrives.
 */

export interface QueuedOrder {
  status: 'reserved' | 'awaiting_stock';
  /** The warehouse whose queue the order is in (`orders.warehouse_id`). */
  warehouseId: string | null;
  /** The operational deadline, UTC (`orders.operational_by`). */
  operationalBy: string | null;
}

export interface QueueWarehouse {
  id: string;
  code: string;
  clock: WarehouseClock;
}

export interface DueToday {
  warehouse: string;
  timeZone: string;
  /** The pickup the count runs to, UTC. */
  nextPickup: string;
  count: number;
  /** Of `count`, the orders still awaiting stock. */
  awaitingStock: number;
}

export function dueToday(
  orders: readonly QueuedOrder[],
  warehouses: readonly QueueWarehouse[],
  now: Date,
): DueToday[] {
  return warehouses.map((w) => {
    const pickup = nextPickup(now, w.clock);
    // Compared as instants: ISO strings with and without milliseconds do not sort as times.
    const bound = Date.parse(pickup);
    const due = orders.filter(
      (o) => o.warehouseId === w.id && o.operationalBy !== null && Date.parse(o.operationalBy) <= bound,
    );
    return {
      warehouse: w.code,
      timeZone: w.clock.timeZone,
      nextPickup: pickup,
      count: due.length,
      awaitingStock: due.filter((o) => o.status === 'awaiting_stock').length,
    };
  });
}
