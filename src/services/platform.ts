import { userByEmail } from '../store/accounts.ts';
import type { Store } from '../store/openDatabase.ts';
import {
  grantPlatformAdmin,
  insertOrganizationWithOwner,
  listOrganizations,
  listPlatformAdmins,
  type OrganizationRow,
  type OrganizationSummary,
  organizationById,
  revokePlatformAdmin,
  setOrganizationDisabled,
} from '../store/organizations.ts';
import { isUniqueViolation } from '../store/transaction.ts';
import { AccountError } from './accounts.ts';
import { NotFound } from './lookups.ts';
import { startPasswordReset } from './passwordReset.ts';
import { Refused } from './refused.ts';
import { generatePassword, hashPassword } from './security/passwords.ts';

/**
 * Many sellers on one install: a platform administrator creates, lists and disables organizations.
 * The command line (`puente org …`, trusted local access like `puente users`) and the API
 * (`/api/v1/platform/organizations`, platform administrators only) call these functions.
 *
 * A platform administrator is a user of some organization (usually the install's first) with a
 * grant in `platform_admins`; it is not an owner of the organizations it manages and sees none of
 * their data. The first one is made from the server's shell: `puente org admin grant <email>`.
 */

export const ORGANIZATION_NAME_MAX = 200;

export interface CreatedOrganization {
  organization: OrganizationRow;
  owner: { id: string; email: string; name: string };
  /** One-time link where the owner chooses a password (30 minutes): the invite. */
  link: string;
  expiresAt: string;
}

export async function createOrganization(
  store: Store,
  o: { name: string; ownerEmail: string; ownerName?: string | undefined; actor: string; baseUrl: string },
): Promise<CreatedOrganization> {
  const name = o.name.trim();
  if (name.length === 0 || name.length > ORGANIZATION_NAME_MAX)
    throw new Refused('usage', { key: 'organization_name_required' });
  const email = o.ownerEmail.trim().toLowerCase();
  const taken = () => new AccountError('EMAIL_TAKEN', `${email} cannot be used for a new account`);
  if (await userByEmail(store, email)) throw taken();
  // Nobody knows this password: the owner sets their own through the one-time link.
  const passwordHash = await hashPassword(generatePassword());
  let created: Awaited<ReturnType<typeof insertOrganizationWithOwner>>;
  try {
    created = await insertOrganizationWithOwner(store, {
      name,
      owner: { email, name: o.ownerName?.trim() || 'Owner', passwordHash },
      actor: o.actor,
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
  const invite = await startPasswordReset(store, { who: { email }, actor: o.actor, baseUrl: o.baseUrl });
  return {
    organization: created.organization,
    owner: { id: created.owner.id, email: created.owner.email, name: created.owner.name },
    link: invite.link,
    expiresAt: invite.expiresAt,
  };
}

export function organizations(store: Store): Promise<OrganizationSummary[]> {
  return listOrganizations(store);
}

/**
 * The organization an id or an id's first characters name (the command line prints 8): unknown is
 * not found, several is a usage error asking for more characters.
 */
export async function resolveOrganization(store: Store, idOrPrefix: string): Promise<OrganizationRow> {
  const exact = await organizationById(store, idOrPrefix);
  if (exact) return exact;
  const matches = (await listOrganizations(store)).filter((o) => o.id.startsWith(idOrPrefix));
  if (matches.length > 1)
    throw new Refused('usage', { key: 'organization_id_ambiguous', params: { id: idOrPrefix } });
  const only =
    matches[0] && idOrPrefix.length >= 4 ? await organizationById(store, matches[0].id) : undefined;
  if (!only) throw new NotFound({ key: 'no_organization', params: { id: idOrPrefix } });
  return only;
}

/** Disabled: the organization's users and tokens are refused (403) and its jobs skip it; its data stays. */
export async function disableOrganization(
  store: Store,
  o: { id: string; actor: string; disabled?: boolean },
): Promise<OrganizationRow> {
  const row = await setOrganizationDisabled(store, {
    id: o.id,
    disabled: o.disabled ?? true,
    actor: o.actor,
  });
  if (!row) throw new NotFound({ key: 'no_organization', params: { id: o.id } });
  return row;
}

/** The user with this e-mail, as grant/revoke take it; NotFound when there is none. */
async function adminTarget(store: Store, email: string, actor: string) {
  const user = await userByEmail(store, email);
  if (!user) throw new NotFound({ key: 'no_user', params: { user: email } });
  return { organizationId: user.organization_id, userId: user.id, email: user.email, actor };
}

/** Makes the user with this e-mail a platform administrator; false when it was one already. */
export async function grantPlatformAdminByEmail(
  store: Store,
  email: string,
  actor: string,
): Promise<boolean> {
  return grantPlatformAdmin(store, await adminTarget(store, email, actor));
}

export async function revokePlatformAdminByEmail(
  store: Store,
  email: string,
  actor: string,
): Promise<boolean> {
  return revokePlatformAdmin(store, await adminTarget(store, email, actor));
}

export const platformAdmins = listPlatformAdmins;
