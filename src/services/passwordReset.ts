import { type UserRow, userByEmail, userById } from '../store/accounts.ts';
import type { Store } from '../store/openDatabase.ts';
import { insertPasswordReset, spendPasswordReset } from '../store/passwordResets.ts';
import { AccountError } from './accounts.ts';
import { NotFound } from './lookups.ts';
import { hashPassword, passwordProblem } from './security/passwords.ts';
import { digest, newSecret } from './security/secrets.ts';

/**
 * Access recovery: an owner (in Settings) or whoever runs the server (`puente users
 * reset-password`) makes a one-time link; the person opens it and chooses a new password. The
 * dashboard and the command line call these two functions, nothing else.
 */

export const RESET_LINK_TTL_MS = 30 * 60_000;

/** The link's secret rides in the fragment: a browser never sends it to a server, a proxy or a log. */
export const RESET_PATH = '/reset-password';

export interface ResetLink {
  link: string;
  expiresAt: string;
  user: Pick<UserRow, 'id' | 'email' | 'name'>;
}

/**
 * Where the dashboard is, for the link: the configured public URL (PUENTE_PUBLIC_URL, e.g.
 * https://puente.example.com) when the server sits behind a name, else the fallback: the address
 * the owner's browser used, or this machine on the serving port for the command line.
 */
export function publicBaseUrl(configured: string | undefined | null, fallback: string): string {
  return (configured?.trim() || fallback).replace(/\/+$/, '');
}

export async function startPasswordReset(
  store: Store,
  r: {
    organizationId?: string;
    /** The user by e-mail (command line) or by id within the organization (Settings). */
    who: { email: string } | { id: string };
    actor: string;
    baseUrl: string;
    now?: Date;
  },
): Promise<ResetLink> {
  const user =
    'email' in r.who
      ? await userByEmail(store, r.who.email)
      : r.organizationId
        ? await userById(store, r.organizationId, r.who.id)
        : undefined;
  if (!user || (r.organizationId && user.organization_id !== r.organizationId)) {
    const what = 'email' in r.who ? r.who.email : r.who.id;
    throw new NotFound({ key: 'no_user', params: { user: what } });
  }
  if (user.disabled)
    throw new AccountError('USER_DISABLED', `${user.email} is disabled: enable the account first`);
  const secret = newSecret();
  const created = r.now ?? new Date();
  const expiresAt = new Date(created.getTime() + RESET_LINK_TTL_MS).toISOString();
  await insertPasswordReset(
    store,
    {
      token_hash: digest(secret),
      organization_id: user.organization_id,
      user_id: user.id,
      created_by: r.actor,
      created_at: created.toISOString(),
      expires_at: expiresAt,
    },
    // Who, whom and when; never the link.
    {
      organizationId: user.organization_id,
      actor: r.actor,
      action: 'user.password_reset_link',
      subject: user.email,
      data: { expiresAt },
    },
  );
  const fragment = new URLSearchParams({ token: secret, ...(user.locale ? { lang: user.locale } : {}) });
  return {
    link: `${r.baseUrl}${RESET_PATH}#${fragment}`,
    expiresAt,
    user: { id: user.id, email: user.email, name: user.name },
  };
}

/**
 * Sets the new password from a link's secret: the link is spent, every session of the user ends,
 * and the audit log records it. API tokens stay (see spendPasswordReset).
 */
export async function completePasswordReset(
  store: Store,
  r: { token: string; password: string },
): Promise<{ email: string; sessionsEnded: number; tokensKept: number }> {
  const problem = passwordProblem(r.password);
  if (problem) throw new AccountError('WEAK_PASSWORD', problem);
  const outcome = await spendPasswordReset(
    store,
    digest(r.token),
    await hashPassword(r.password),
    (user, counts) => ({
      organizationId: user.organization_id,
      actor: `user:${user.email}`,
      action: 'user.password_reset',
      subject: user.email,
      data: counts,
    }),
  );
  if (outcome.status === 'invalid')
    throw new AccountError(
      'RESET_LINK_INVALID',
      'this reset link is not valid: it was used already, has expired (30 minutes), or was replaced by a newer one',
    );
  return { email: outcome.user.email, sessionsEnded: outcome.sessionsEnded, tokensKept: outcome.tokensKept };
}
