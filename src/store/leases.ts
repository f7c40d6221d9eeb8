import type { Store } from './openDatabase.ts';

/**
 * A lease in the database: several server processes on one PostgreSQL database each try to take
 * it, one holds it until it expires, so a periodic job runs once per period, not once per process.
 * Taking it is a single upsert that only succeeds when the lease is free, expired, or already ours.
 */
export async function takeLease(
  store: Store,
  name: string,
  holder: string,
  ttlMs: number,
  at = new Date(),
): Promise<boolean> {
  const expires = new Date(at.getTime() + ttlMs).toISOString();
  const row = await store.db
    .insertInto('leases')
    .values({ name, holder, expires_at: expires })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, expires_at: expires })
        .where((eb) =>
          eb.or([eb('leases.expires_at', '<', at.toISOString()), eb('leases.holder', '=', holder)]),
        ),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

export async function releaseLease(store: Store, name: string, holder: string): Promise<void> {
  await store.db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}
