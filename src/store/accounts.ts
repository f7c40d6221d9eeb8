import { randomUUID } from 'node:crypto';
import { cachedQuery } from './cachedQuery.ts';
import type { Store } from './openDatabase.ts';
import type { Database, Role, Scope } from './schema.ts';
import { inTransaction, now, type Tx } from './transaction.ts';

/** Users, their sessions and API tokens. Secrets arrive here already hashed (services/security). */

export type UserRow = Database['users'];
export type TokenRow = Database['api_tokens'];

export async function countUsers(store: Store): Promise<number> {
  const r = await store.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function insertUser(
  store: Store,
  u: { organizationId: string; email: string; name: string; role: Role; passwordHash: string },
): Promise<UserRow> {
  const at = now();
  const row: UserRow = {
    id: randomUUID(),
    organization_id: u.organizationId,
    email: u.email.trim().toLowerCase(),
    name: u.name,
    role: u.role,
    password_hash: u.passwordHash,
    locale: null,
    disabled: 0,
    created_at: at,
    updated_at: at,
  };
  await store.db.insertInto('users').values(row).execute();
  return row;
}

export function userByEmail(store: Store, email: string): Promise<UserRow | undefined> {
  return store.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export function userById(store: Store, organizationId: string, id: string): Promise<UserRow | undefined> {
  return store.db
    .selectFrom('users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function listUsers(store: Store, organizationId: string): Promise<UserRow[]> {
  return store.db
    .selectFrom('users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .execute();
}

export type UserUpdate =
  | { status: 'updated'; user: UserRow }
  | { status: 'missing' }
  /** The change would leave the organization with no enabled owner: nobody could manage it again. */
  | { status: 'last_owner' };

export async function updateUser(
  store: Store,
  organizationId: string,
  id: string,
  change: Partial<Pick<UserRow, 'name' | 'role' | 'disabled' | 'locale' | 'password_hash'>>,
): Promise<UserUpdate> {
  return inTransaction(store, async (trx): Promise<UserUpdate> => {
    const user = await trx
      .updateTable('users')
      .set({ ...change, updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!user) return { status: 'missing' };
    if (change.role !== undefined || change.disabled !== undefined) {
      const owners = await trx
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', organizationId)
        .where('role', '=', 'owner')
        .where('disabled', '=', 0)
        .executeTakeFirstOrThrow();
      if (Number(owners.n) === 0) throw new LastOwner();
    }
    // A disabled user or a new password ends every session at once.
    if (change.disabled || change.password_hash)
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    return { status: 'updated', user };
  }).catch((e) => {
    if (e instanceof LastOwner) return { status: 'last_owner' } as const;
    throw e;
  });
}

/** Thrown inside the transaction to roll the change back. */
class LastOwner extends Error {}

export async function insertSession(
  store: Store,
  s: { idHash: string; organizationId: string; userId: string; csrfToken: string; ttlMs: number },
): Promise<void> {
  const created = new Date();
  await store.db
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      organization_id: s.organizationId,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: created.toISOString(),
      expires_at: new Date(created.getTime() + s.ttlMs).toISOString(),
    })
    .execute();
}

/** The live session with that id hash and its (enabled) user. */
export function sessionUser(store: Store, idHash: string) {
  return store.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.csrf_token', 's.expires_at'])
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', now())
    .where('u.disabled', '=', 0)
    .executeTakeFirst();
}

export async function deleteSession(store: Store, idHash: string): Promise<void> {
  await store.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function insertToken(
  store: Store,
  t: {
    organizationId: string;
    name: string;
    scope: Scope;
    prefix: string;
    tokenHash: string;
    createdBy: string;
  },
): Promise<TokenRow> {
  const row: TokenRow = {
    id: randomUUID(),
    organization_id: t.organizationId,
    name: t.name,
    scope: t.scope,
    prefix: t.prefix,
    token_hash: t.tokenHash,
    created_by: t.createdBy,
    created_at: now(),
    last_used_at: null,
    revoked_at: null,
  };
  await store.db.insertInto('api_tokens').values(row).execute();
  return row;
}

const tokenQuery = cachedQuery<
  Pick<TokenRow, 'id' | 'organization_id' | 'name' | 'scope' | 'last_used_at'> &
    Pick<UserRow, 'role' | 'disabled'>
>(
  `select t.id, t.organization_id, t.name, t.scope, t.last_used_at, u.role, u.disabled
   from api_tokens t join users u on u.id = t.created_by
   where t.token_hash = ? and t.revoked_at is null`,
);

/**
 * A token that is not revoked, with the role of the user who made it (a token never outranks its
 * maker). Every request with a token asks: a cached statement (cachedQuery.ts), never a cached
 * answer, so a revoked token is refused at once, whichever process revoked it.
 */
export async function tokenByHash(store: Store, tokenHash: string) {
  return (await tokenQuery(store, [tokenHash]))[0];
}

export async function touchToken(
  store: Store,
  token: { organization_id: string; id: string },
  at: string,
): Promise<void> {
  await store.db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('organization_id', '=', token.organization_id)
    .where('id', '=', token.id)
    .execute();
}

export function listTokens(store: Store, organizationId: string): Promise<TokenRow[]> {
  return store.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeToken(store: Store, organizationId: string, id: string): Promise<boolean> {
  const r = await store.db
    .updateTable('api_tokens')
    .set({ revoked_at: now() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface AuditEntry {
  organizationId: string;
  actor: string;
  action: string;
  subject: string;
  data: unknown;
}

/** A config change, kept with who made it: the ledger records stock; this records the rest. */
export async function audit(store: Store, e: AuditEntry): Promise<void> {
  await auditIn(store.db, e);
}

/** The audit row written inside the change's own transaction: both commit, or neither does. */
export async function auditIn(trx: Tx, e: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      organization_id: e.organizationId,
      actor: e.actor,
      action: e.action,
      subject: e.subject,
      data: JSON.stringify(e.data),
      created_at: now(),
    })
    .execute();
}
