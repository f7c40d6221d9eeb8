import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';
import { now, type Tx } from './transaction.ts';

/** Notification channels and their routes (issue 12): rows in, rows out; the rules are in services. */

export type ChannelRow = Database['notify_channels'];
export type RouteRow = Database['notify_routes'];
type NewChannel = Omit<ChannelRow, 'removed_at'>;

export async function insertChannel(trx: Tx, row: NewChannel): Promise<void> {
  await trx
    .insertInto('notify_channels')
    .values({ ...row, removed_at: null })
    .execute();
}

/** The organization's channels, oldest first (escalation goes down this order). */
export function listChannels(db: Tx, organizationId: string): Promise<ChannelRow[]> {
  return db
    .selectFrom('notify_channels')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function channelById(db: Tx, organizationId: string, id: string): Promise<ChannelRow | undefined> {
  return db
    .selectFrom('notify_channels')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

/** Ids of live channels starting with what a person typed (lists show 8 characters). */
export async function channelIdsStartingWith(
  db: Tx,
  organizationId: string,
  prefix: string,
): Promise<string[]> {
  if (/[%_\\]/.test(prefix)) return [];
  const rows = await db
    .selectFrom('notify_channels')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('removed_at', 'is', null)
    .where('id', 'like', `${prefix}%`)
    .limit(2)
    .execute();
  return rows.map((r) => r.id);
}

export async function updateChannel(
  trx: Tx,
  organizationId: string,
  id: string,
  set: Partial<
    Pick<
      ChannelRow,
      | 'name'
      | 'language'
      | 'time_zone'
      | 'quiet_from'
      | 'quiet_to'
      | 'escalate_after_minutes'
      | 'escalate_to'
      | 'send_resolved'
      | 'sealed_url'
      | 'url_origin'
      | 'sealed_secret'
      | 'recipients'
      | 'audience'
    >
  >,
): Promise<ChannelRow | undefined> {
  return trx
    .updateTable('notify_channels')
    .set({ ...set, updated_at: now() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Removes a channel: its routes go, its pending deliveries are dropped, and the row stays (marked
 * removed) so the delivery log still names it. Channels escalating to it stop escalating.
 */
export async function removeChannel(trx: Tx, organizationId: string, id: string): Promise<boolean> {
  const at = now();
  const removed = await trx
    .updateTable('notify_channels')
    .set({ removed_at: at, updated_at: at, sealed_url: null, sealed_secret: null })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (Number(removed.numUpdatedRows) === 0) return false;
  await trx.deleteFrom('notify_routes').where('channel_id', '=', id).execute();
  await trx
    .deleteFrom('notify_deliveries')
    .where('channel_id', '=', id)
    .where('status', '=', 'pending')
    .execute();
  await trx
    .updateTable('notify_channels')
    .set({ escalate_to: null, escalate_after_minutes: null, updated_at: at })
    .where('organization_id', '=', organizationId)
    .where('escalate_to', '=', id)
    .execute();
  return true;
}

export async function insertRoute(trx: Tx, row: RouteRow): Promise<void> {
  await trx.insertInto('notify_routes').values(row).execute();
}

export function listRoutes(db: Tx, organizationId: string): Promise<RouteRow[]> {
  return db
    .selectFrom('notify_routes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function deleteRoute(
  trx: Tx,
  organizationId: string,
  id: string,
): Promise<RouteRow | undefined> {
  return trx
    .deleteFrom('notify_routes')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Sealed values of live channels, for the key check at start (sealedSecrets.ts). */
export async function sealedChannelSecrets(store: Store): Promise<{ storefront: string; sealed: string }[]> {
  const rows = await store.db
    .selectFrom('notify_channels')
    .select(['name', 'sealed_url', 'sealed_secret'])
    .where('removed_at', 'is', null)
    .execute();
  return rows.flatMap((r) =>
    [r.sealed_url, r.sealed_secret]
      .filter((s): s is string => s !== null)
      .map((sealed) => ({ storefront: `notify:${r.name}`, sealed })),
  );
}
