import { createOrganization, firstOrganizationId } from '../store/entities.ts';
import { migrate } from '../store/migrations.ts';
import { openDatabase, type Store } from '../store/openDatabase.ts';
import { underStartupLock } from '../store/startupLock.ts';

/**
 * A laptop install holds one organization (the seller); it is created on first use. Bigger installs
 * keep several in one database, and every query is scoped by organization id.
 */
export async function defaultOrganization(store: Store): Promise<string> {
  return (
    (await firstOrganizationId(store)) ??
    createOrganization(store, process.env.PUENTE_ORGANIZATION ?? 'My shop')
  );
}

/**
 * Opens the store (DATABASE_URL or ./puente-data), applies migrations, finds the organization, under
 * the start-up lock: commands run together on a fresh database make one schema and one organization.
 */
export async function openWorkspace(): Promise<{ store: Store; org: string }> {
  const store = openDatabase();
  try {
    const org = await underStartupLock(store, async () => {
      await migrate(store);
      return defaultOrganization(store);
    });
    return { store, org };
  } catch (error) {
    await store.close();
    throw error;
  }
}
