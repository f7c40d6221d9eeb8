import type { Database, Role } from './schema.ts';
import { now, type Tx } from './transaction.ts';

/**
 * Users' own e-mail preferences and the organization's SMTP settings (issue 12): rows in, rows
 * out. The rules (defaults, who gets what) are in services/notifyPrefs.ts and domain/notify.
 */

export type UserPrefsRow = Database['notify_user_prefs'];
export type SmtpSettingsRow = Database['smtp_settings'];

export function prefsOfUser(db: Tx, organizationId: string, userId: string) {
  return db
    .selectFrom('notify_user_prefs')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function savePrefs(trx: Tx, row: Omit<UserPrefsRow, 'updated_at'>): Promise<UserPrefsRow> {
  const full = { ...row, updated_at: now() };
  const { user_id: _, organization_id: __, ...set } = full;
  await trx
    .insertInto('notify_user_prefs')
    .values(full)
    .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doUpdateSet(set))
    .execute();
  return full;
}

/** Enabled users holding one of these roles, with their preferences (null: none saved). */
export async function usersWithRoles(db: Tx, organizationId: string, roles: readonly Role[]) {
  if (roles.length === 0) return [];
  return db
    .selectFrom('users as u')
    .leftJoin('notify_user_prefs as p', 'p.user_id', 'u.id')
    .select([
      'u.id',
      'u.email',
      'u.locale',
      'p.email_alerts',
      'p.kinds',
      'p.min_severity',
      'p.language',
      'p.digest',
    ])
    .where('u.organization_id', '=', organizationId)
    .where('u.disabled', '=', 0)
    .where('u.role', 'in', [...roles])
    .orderBy('u.email')
    .execute();
}

export function smtpSettingsOf(db: Tx, organizationId: string) {
  return db
    .selectFrom('smtp_settings')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export async function saveSmtpSettings(trx: Tx, row: Omit<SmtpSettingsRow, 'updated_at'>) {
  const full = { ...row, updated_at: now() };
  const { organization_id: _, ...set } = full;
  await trx
    .insertInto('smtp_settings')
    .values(full)
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(set))
    .execute();
  return full;
}

export async function deleteSmtpSettings(trx: Tx, organizationId: string): Promise<boolean> {
  const r = await trx
    .deleteFrom('smtp_settings')
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Sealed SMTP passwords, for the key check at start (sealedSecrets.ts). */
export function sealedSmtpPasswords(db: Tx) {
  return db
    .selectFrom('smtp_settings')
    .select(['organization_id', 'sealed_password'])
    .where('sealed_password', 'is not', null)
    .$narrowType<{ sealed_password: string }>()
    .execute();
}
