import type { Selectable } from 'kysely';
import { type AuditEntry, auditIn } from './accounts.ts';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';
import { changed, inTransaction, now } from './transaction.ts';

/**
 * The seller's launch records (launchRecordsSchema.ts): merchant profile, invitation documents and
 * applications. Every change writes its audit row in the same transaction.
 */

export type MerchantProfileRow = Selectable<Database['merchant_profiles']>;
export type LaunchDocumentRow = Selectable<Database['launch_documents']>;
/** A document without its bytes: what lists show. */
export type LaunchDocumentInfo = Omit<LaunchDocumentRow, 'content'>;
export type InvitationApplicationRow = Selectable<Database['invitation_applications']>;

export function merchantProfile(
  store: Store,
  organizationId: string,
): Promise<MerchantProfileRow | undefined> {
  return store.db
    .selectFrom('merchant_profiles')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export async function saveMerchantProfile(
  store: Store,
  p: Omit<MerchantProfileRow, 'updated_at'>,
  audit: AuditEntry,
): Promise<void> {
  await inTransaction(store, async (trx) => {
    const row = { ...p, updated_at: now() };
    await trx
      .insertInto('merchant_profiles')
      .values(row)
      .onConflict((oc) =>
        oc.column('organization_id').doUpdateSet({
          registered_country: row.registered_country,
          sps: row.sps,
          updated_by: row.updated_by,
          updated_at: row.updated_at,
        }),
      )
      .execute();
    await auditIn(trx, audit);
  });
}

const infoColumns = [
  'id',
  'organization_id',
  'kind',
  'category',
  'issued_on',
  'expires_on',
  'file_name',
  'content_type',
  'size_bytes',
  'sha256',
  'created_by',
  'created_at',
] as const;

export async function insertLaunchDocument(
  store: Store,
  d: LaunchDocumentRow,
  audit: AuditEntry,
): Promise<void> {
  await inTransaction(store, async (trx) => {
    await trx.insertInto('launch_documents').values(d).execute();
    await auditIn(trx, audit);
  });
}

/** The organization's documents, newest first, without their bytes. */
export function listLaunchDocuments(store: Store, organizationId: string): Promise<LaunchDocumentInfo[]> {
  return store.db
    .selectFrom('launch_documents')
    .select(infoColumns)
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export function launchDocument(
  store: Store,
  organizationId: string,
  id: string,
): Promise<LaunchDocumentRow | undefined> {
  return store.db
    .selectFrom('launch_documents')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Deletes the document; false when the organization has none with this id. */
export async function deleteLaunchDocument(
  store: Store,
  organizationId: string,
  id: string,
  audit: AuditEntry,
): Promise<boolean> {
  return inTransaction(store, async (trx) => {
    const n = changed(
      await trx
        .deleteFrom('launch_documents')
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    if (n > 0) await auditIn(trx, audit);
    return n > 0;
  });
}

export async function saveInvitationApplication(
  store: Store,
  a: Omit<InvitationApplicationRow, 'updated_at'>,
  audit: AuditEntry,
): Promise<void> {
  await inTransaction(store, async (trx) => {
    const row = { ...a, updated_at: now() };
    await trx
      .insertInto('invitation_applications')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['organization_id', 'category']).doUpdateSet({
          status: row.status,
          applied_on: row.applied_on,
          updated_by: row.updated_by,
          updated_at: row.updated_at,
        }),
      )
      .execute();
    await auditIn(trx, audit);
  });
}

export function invitationApplications(
  store: Store,
  organizationId: string,
): Promise<InvitationApplicationRow[]> {
  return store.db
    .selectFrom('invitation_applications')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('category')
    .execute();
}
