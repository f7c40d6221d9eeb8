import type { Kysely, Migration } from 'kysely';
import type { Engine } from './openDatabase.ts';
import { organizationsTables } from './organizations.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/**
 * Migration 2026_12_022: many sellers on one install. Organizations can be disabled and are
 * managed by platform administrators (organizations.ts).
 */
export function organizationsMigration(_engine: Engine): Migration {
  return {
    async up(db: AnyDb) {
      await organizationsTables(db);
    },
  };
}
