/**
 * A worker process for the concurrency tests: opens the database at argv[2] and places the orders
 * described by the JSON in argv[3], then prints how each ended. Several of these run at once
 * against one SQLite file, the way several Puente processes would.
 */
import type { DispatchRule } from '../../src/domain/dispatch/shipBy.ts';
import { openDatabase } from '../../src/store/openDatabase.ts';
import { type OrderInput, reserveOrder } from '../../src/store/reservations.ts';

const [url, specJson] = process.argv.slice(2);
const spec = JSON.parse(specJson as string) as { orders: OrderInput[]; rule: DispatchRule };
const store = openDatabase(url);
const counts: Record<string, number> = {};
for (const order of spec.orders) {
  const outcome = await reserveOrder(store, order, spec.rule);
  counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
}
await store.close();
process.stdout.write(JSON.stringify(counts));
