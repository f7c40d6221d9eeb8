import type { Kysely, Migration } from 'kysely';
import { type AuditEntry, auditIn, type UserRow } from './accounts.ts';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';
import { inTransaction, now } from './transaction.ts';

/**
 * One-time password-reset links. Only the SHA-256 of the link's secret is stored (a copied
 * database opens no door); a link is used once, before `expires_at`, and a newer link for the same
 * user replaces the older ones.
 */

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/** Migration 2026_12_011: the table of reset links. */
export const passwordResetsMigration: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('password_resets')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
  },
};

export type PasswordResetRow = Database['password_resets'];

/** Stores a new link for the user, drops the user's unused older ones, and audits it: all or nothing. */
export async function insertPasswordReset(
  store: Store,
  r: Omit<PasswordResetRow, 'used_at'>,
  audit: AuditEntry,
): Promise<void> {
  await inTransaction(store, async (trx) => {
    await trx
      .deleteFrom('password_resets')
      .where('user_id', '=', r.user_id)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('password_resets')
      .values({ ...r, used_at: null })
      .execute();
    await auditIn(trx, audit);
  });
}

export type ResetOutcome =
  | { status: 'done'; user: UserRow; sessionsEnded: number; tokensKept: number }
  /** No such link, already used, expired, or its user disabled: one answer for all, to tell nothing. */
  | { status: 'invalid' };

/**
 * Uses the link: marks it used (a guarded update, so two tabs cannot both use it), sets the new
 * password hash, ends every session of the user and writes the audit row, in one transaction.
 * API tokens are kept: they belong to integrations, which the owner revokes one by one in Settings.
 */
export async function spendPasswordReset(
  store: Store,
  tokenHash: string,
  passwordHash: string,
  auditOf: (user: UserRow, counts: { sessionsEnded: number; tokensKept: number }) => AuditEntry,
): Promise<ResetOutcome> {
  return inTransaction(store, async (trx): Promise<ResetOutcome> => {
    const at = now();
    const used = await trx
      .updateTable('password_resets')
      .set({ used_at: at })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .returning(['user_id', 'organization_id'])
      .executeTakeFirst();
    if (!used) return { status: 'invalid' };
    const user = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: at })
      .where('id', '=', used.user_id)
      .where('organization_id', '=', used.organization_id)
      .where('disabled', '=', 0)
      .returningAll()
      .executeTakeFirst();
    // A user disabled after the link was made: the link is spent, and nothing else changes.
    if (!user) return { status: 'invalid' };
    const ended = await trx.deleteFrom('sessions').where('user_id', '=', user.id).executeTakeFirst();
    const tokens = await trx
      .selectFrom('api_tokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('created_by', '=', user.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    const counts = { sessionsEnded: Number(ended.numDeletedRows), tokensKept: Number(tokens.n) };
    await auditIn(trx, auditOf(user, counts));
    return { status: 'done', user, ...counts };
  });
}
