import { createOrganization, firstOrganizationId } from '../store/entities.ts';
import { migrate } from '../store/migrations.ts';
import { openDatabase, type Store } from '../store/openDatabase.ts';
import { listOrganizations } from '../store/organizations.ts';
import { underStartupLock } from '../store/startupLock.ts';
import { Refused } from './refused.ts';

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

/** What choosing an organization needs to know of each. */
export interface OrganizationChoiceRow {
  id: string;
  name: string;
  disabled_at: string | null;
}

const folded = (s: string) => s.normalize('NFKC').trim().toLowerCase();
/** "Acme MX", "acme-mx" and "ACME_mx" are one slug: what a person types for a name with spaces. */
const slug = (s: string) =>
  folded(s)
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');

/** An id's first characters identify it from this many on (puente org disable takes the same). */
const ID_PREFIX_MIN = 4;

/**
 * The organization a command acts on, among the database's (`wanted`: --org or PUENTE_ORG), by
 * what a person would type: the id or its first characters, or the name in any case, with dashes
 * for spaces if they like. Nothing wanted: the only organization, as a laptop install has always
 * worked; with several the command refuses rather than guess (usage). Unknown is not found, a name
 * two organizations share is a usage error, and a disabled organization is a conflict: its data is
 * kept, but nothing acts on it until it is enabled again. Pure: the caller reads the rows.
 */
export function chooseOrganization<T extends OrganizationChoiceRow>(
  organizations: readonly T[],
  wanted: string | undefined,
): T {
  const given = wanted?.trim();
  if (!given) {
    const [only, ...others] = organizations;
    if (only && others.length === 0) return only;
    throw new Refused('usage', { key: 'organization_required', params: { count: organizations.length } });
  }
  const chosen = findOrganization(organizations, given);
  if (chosen.disabled_at)
    throw new Refused('conflict', {
      key: 'organization_disabled_cli',
      params: { name: chosen.name, id: chosen.id },
    });
  return chosen;
}

function findOrganization<T extends OrganizationChoiceRow>(organizations: readonly T[], given: string): T {
  const one = (matches: T[], ambiguous: () => Refused): T | undefined => {
    if (matches.length > 1) throw ambiguous();
    return matches[0];
  };
  const byName = () => new Refused('usage', { key: 'organization_name_ambiguous', params: { name: given } });
  const id = given.toLowerCase();
  const found =
    organizations.find((o) => o.id.toLowerCase() === id) ??
    one(
      organizations.filter((o) => folded(o.name) === folded(given)),
      byName,
    ) ??
    (slug(given)
      ? one(
          organizations.filter((o) => slug(o.name) === slug(given)),
          byName,
        )
      : undefined) ??
    (id.length >= ID_PREFIX_MIN
      ? one(
          organizations.filter((o) => o.id.toLowerCase().startsWith(id)),
          () => new Refused('usage', { key: 'organization_id_ambiguous', params: { id: given } }),
        )
      : undefined);
  if (!found) throw new Refused('not_found', { key: 'no_organization', params: { id: given } });
  return found;
}

/**
 * Opens the store (DATABASE_URL or ./puente-data), applies migrations and makes the first
 * organization if there is none, under the start-up lock: commands run together on a fresh database
 * make one schema and one organization.
 */
export async function openInstall(): Promise<Store> {
  const store = openDatabase();
  try {
    await underStartupLock(store, async () => {
      await migrate(store);
      await defaultOrganization(store);
    });
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * openInstall, and the organization a command acts on: `wanted` (--org, PUENTE_ORG) or the only one
 * (chooseOrganization).
 */
export async function openWorkspace(wanted?: string): Promise<{ store: Store; org: string }> {
  const store = await openInstall();
  try {
    const org = chooseOrganization(await listOrganizations(store), wanted).id;
    return { store, org };
  } catch (error) {
    await store.close();
    throw error;
  }
}
