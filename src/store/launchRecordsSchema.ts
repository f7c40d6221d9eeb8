import type { Kysely, Migration } from 'kysely';
import type { Engine } from './openDatabase.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/**
 * Migration 2026_12_021_readiness (issue 14, launch readiness [P18–P19]):
 * - `merchant_profiles`: the seller's registered country and Shop Performance Score [P4], one row
 *   per organization; the merchant type and its playbook [P19] follow from them.
 * - `launch_documents`: the documents an invitation category needs [P6] (COFEPRIS notice, affiliation
 *   proof) with their dates and the file itself. The bytes live in the database (bytea / BLOB): no
 *   path a user names is ever opened, a backup carries them, and every server of a shared
 *   PostgreSQL sees the same file. Size is bounded where files come in (LIMITS in launchDocuments).
 * - `invitation_applications`: one per (organization, invitation category): applied, approved or
 *   declined by the AM, and the day it was sent.
 */
export function launchRecordsMigration(engine: Engine): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('merchant_profiles')
        .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
        .addColumn('registered_country', 'text', (c) => c.notNull())
        // As the seller typed it ("3.8"): a decimal, identical on both engines.
        .addColumn('sps', 'text')
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('launch_documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('issued_on', 'text', (c) => c.notNull())
        .addColumn('expires_on', 'text')
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', engine === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('launch_documents_org')
        .on('launch_documents')
        .columns(['organization_id', 'kind', 'created_at'])
        .execute();
      await db.schema
        .createTable('invitation_applications')
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('applied_on', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('invitation_applications_pk', ['organization_id', 'category'])
        .execute();
    },
  };
}
