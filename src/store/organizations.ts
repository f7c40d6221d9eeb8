import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { auditIn, type UserRow } from './accounts.ts';
import type { Store } from './openDatabase.ts';
import type { Database, Role } from './schema.ts';
import { inTransaction, now } from './transaction.ts';

/**
 * Organizations as a platform sees them (many sellers on one install): creating one with its owner,
 * listing, disabling, and the platform administrators who may do that. An organization's own data
 * stays behind its `organization_id`; only these functions look across organizations.
 */

export type OrganizationRow = Database['organizations'];

export interface OrganizationSummary {
  id: string;
  name: string;
  created_at: string;
  disabled_at: string | null;
  users: number;
}

export async function listOrganizations(store: Store): Promise<OrganizationSummary[]> {
  const rows = await store.db
    .selectFrom('organizations as o')
    .leftJoin('users as u', 'u.organization_id', 'o.id')
    .select(['o.id', 'o.name', 'o.created_at', 'o.disabled_at'])
    .select((eb) => eb.fn.count<number>('u.id').as('users'))
    .groupBy(['o.id', 'o.name', 'o.created_at', 'o.disabled_at'])
    .orderBy('o.created_at')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({ ...r, users: Number(r.users) }));
}

export function organizationById(store: Store, id: string): Promise<OrganizationRow | undefined> {
  return store.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The organization, its owner and the audit row, in one transaction: an organization never lacks its owner. */
export async function insertOrganizationWithOwner(
  store: Store,
  o: {
    name: string;
    owner: { email: string; name: string; passwordHash: string };
    actor: string;
  },
): Promise<{ organization: OrganizationRow; owner: UserRow }> {
  return inTransaction(store, async (trx) => {
    const at = now();
    const organization: OrganizationRow = {
      id: randomUUID(),
      name: o.name,
      created_at: at,
      disabled_at: null,
    };
    await trx.insertInto('organizations').values(organization).execute();
    const role: Role = 'owner';
    const owner: UserRow = {
      id: randomUUID(),
      organization_id: organization.id,
      email: o.owner.email.trim().toLowerCase(),
      name: o.owner.name,
      role,
      password_hash: o.owner.passwordHash,
      locale: null,
      disabled: 0,
      created_at: at,
      updated_at: at,
    };
    await trx.insertInto('users').values(owner).execute();
    await auditIn(trx, {
      organizationId: organization.id,
      actor: o.actor,
      action: 'organization.create',
      subject: organization.name,
      data: { owner: owner.email },
    });
    return { organization, owner };
  });
}

/**
 * Disables (or enables again) an organization: its users and tokens are refused and its jobs skip
 * it, but nothing is deleted. Returns the row, or undefined for an unknown id.
 */
export async function setOrganizationDisabled(
  store: Store,
  o: { id: string; disabled: boolean; actor: string },
): Promise<OrganizationRow | undefined> {
  return inTransaction(store, async (trx) => {
    const row = await trx
      .updateTable('organizations')
      .set({ disabled_at: o.disabled ? now() : null })
      .where('id', '=', o.id)
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    await auditIn(trx, {
      organizationId: row.id,
      actor: o.actor,
      action: o.disabled ? 'organization.disable' : 'organization.enable',
      subject: row.name,
      data: {},
    });
    return row;
  });
}

/** Whether the organization is disabled, and whether the user is a platform administrator: one read per request. */
export async function organizationStanding(
  store: Store,
  organizationId: string,
  userId: string | null,
): Promise<{ name: string; disabledAt: string | null; platformAdmin: boolean } | undefined> {
  const row = await store.db
    .selectFrom('organizations as o')
    .leftJoin('platform_admins as p', (j) =>
      j.onRef('p.organization_id', '=', 'o.id').on('p.user_id', '=', userId ?? ''),
    )
    .select(['o.name', 'o.disabled_at', 'p.user_id'])
    .where('o.id', '=', organizationId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    name: row.name,
    disabledAt: row.disabled_at,
    platformAdmin: userId !== null && row.user_id !== null,
  };
}

/** Makes the user a platform administrator (idempotent), with the audit row in the user's organization. */
export async function grantPlatformAdmin(
  store: Store,
  g: { organizationId: string; userId: string; email: string; actor: string },
): Promise<boolean> {
  return inTransaction(store, async (trx) => {
    const had = await trx
      .selectFrom('platform_admins')
      .select('user_id')
      .where('organization_id', '=', g.organizationId)
      .where('user_id', '=', g.userId)
      .executeTakeFirst();
    if (had) return false;
    await trx
      .insertInto('platform_admins')
      .values({
        organization_id: g.organizationId,
        user_id: g.userId,
        granted_by: g.actor,
        granted_at: now(),
      })
      .execute();
    await auditIn(trx, {
      organizationId: g.organizationId,
      actor: g.actor,
      action: 'platform_admin.grant',
      subject: g.email,
      data: {},
    });
    return true;
  });
}

export async function revokePlatformAdmin(
  store: Store,
  g: { organizationId: string; userId: string; email: string; actor: string },
): Promise<boolean> {
  return inTransaction(store, async (trx) => {
    const r = await trx
      .deleteFrom('platform_admins')
      .where('organization_id', '=', g.organizationId)
      .where('user_id', '=', g.userId)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return false;
    await auditIn(trx, {
      organizationId: g.organizationId,
      actor: g.actor,
      action: 'platform_admin.revoke',
      subject: g.email,
      data: {},
    });
    return true;
  });
}

export function listPlatformAdmins(store: Store) {
  return store.db
    .selectFrom('platform_admins as p')
    .innerJoin('users as u', (j) =>
      j.onRef('u.id', '=', 'p.user_id').onRef('u.organization_id', '=', 'p.organization_id'),
    )
    .select(['u.email', 'p.organization_id', 'p.granted_by', 'p.granted_at'])
    .orderBy('p.granted_at')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not as typed now
type AnyDb = Kysely<any>;

/** Migration 2026_12_022 (first part): an organization can be disabled; platform administrators. */
export async function organizationsTables(db: AnyDb): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('disabled_at', 'text').execute();
  // Keyed by organization too: the grant lives with the user's organization (and its shard).
  await db.schema
    .createTable('platform_admins')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('platform_admins_pk', ['organization_id', 'user_id'])
    .execute();
}
