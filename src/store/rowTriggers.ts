import type { Migration } from 'kysely';
import { sql } from 'kysely';
import { demandDayRowTriggers } from './demandDays.ts';
import { dispatchCountRowTriggers } from './dispatchCounts.ts';
import type { Engine } from './openDatabase.ts';
import { orderCountRowTriggers } from './orderCounts.ts';

/**
 * Migration 2026_12_027: the three projections' PostgreSQL triggers (order counts, dispatch counts,
 * demand days) become row triggers, whose plans PostgreSQL keeps (changeTables.ts). Same names, same
 * appended rows; replaced in the migration's transaction, so no write is counted twice or missed.
 * SQLite's row triggers write the projections directly and stay as they are.
 */
export function rowTriggersMigration(engine: Engine): Migration {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was
    async up(db: any) {
      if (engine !== 'postgres') return;
      for (const statement of [
        ...orderCountRowTriggers(),
        ...dispatchCountRowTriggers(),
        ...demandDayRowTriggers(),
      ])
        await sql.raw(statement).execute(db);
    },
  };
}
