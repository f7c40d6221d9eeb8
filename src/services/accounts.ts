import {
  countUsers,
  insertSession,
  insertToken,
  insertUser,
  sessionUser,
  tokenByHash,
  touchToken,
  type UserRow,
  userByEmail,
} from '../store/accounts.ts';
import type { Store } from '../store/openDatabase.ts';
import type { Role, Scope } from '../store/schema.ts';
import { isUniqueViolation } from '../store/transaction.ts';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './security/passwords.ts';
import { digest, newSecret } from './security/secrets.ts';

/** Who is asking, and how far they may go: read < write < admin. */
export type Level = 'read' | 'write' | 'admin';
const rank: Record<Level, number> = { read: 1, write: 2, admin: 3 };
const levelOfRole: Record<Role, Level> = { viewer: 'read', operator: 'write', owner: 'admin' };

export function allows(have: Level, need: Level): boolean {
  return rank[have] >= rank[need];
}

export interface Principal {
  organizationId: string;
  /** The user's or the token's id: what idempotency keys and rate limits belong to. */
  id: string;
  userId: string | null;
  /** As written on ledger rows and the audit log: `user:ana@shop.mx` or `token:erp-sync`. */
  actor: string;
  level: Level;
  via: 'session' | 'token';
  csrfToken: string | null;
  /** The user's language (`zh-CN`, `en`, `es-MX`), for a request that does not say which it wants. */
  locale: string | null;
}

export class AccountError extends Error {
  constructor(
    readonly code:
      | 'BAD_CREDENTIALS'
      | 'WEAK_PASSWORD'
      | 'EMAIL_TAKEN'
      | 'USER_DISABLED'
      | 'RESET_LINK_INVALID',
    message: string,
  ) {
    super(message);
  }
}

export const SESSION_TTL_MS = 12 * 3600_000;

export async function createUser(
  store: Store,
  u: { organizationId: string; email: string; name: string; role: Role; password: string },
): Promise<UserRow> {
  const problem = passwordProblem(u.password);
  if (problem) throw new AccountError('WEAK_PASSWORD', problem);
  const taken = () => new AccountError('EMAIL_TAKEN', `${u.email} cannot be used for a new account`);
  if (await userByEmail(store, u.email)) throw taken();
  try {
    return await insertUser(store, { ...u, passwordHash: await hashPassword(u.password) });
  } catch (e) {
    // Two requests for the same e-mail at once: the unique index lets one through.
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}

/**
 * First start: with no user at all, an owner is created and its password returned to be printed
 * once (PUENTE_OWNER_EMAIL / PUENTE_OWNER_PASSWORD choose them, for scripted installs). Idempotent:
 * with a user already there, or made by another process at the same moment, it returns null.
 */
export async function ensureOwner(
  store: Store,
  organizationId: string,
  env = process.env,
): Promise<{ email: string; password: string } | null> {
  if ((await countUsers(store)) > 0) return null;
  const email = env.PUENTE_OWNER_EMAIL ?? 'owner@puente.local';
  const password = env.PUENTE_OWNER_PASSWORD ?? generatePassword();
  try {
    await createUser(store, { organizationId, email, name: 'Owner', role: 'owner', password });
  } catch (e) {
    // Another process made the first owner meanwhile (start-up normally runs under a lock, see
    // startup.ts): there is someone to log in, which is all this asks.
    if (e instanceof AccountError && e.code === 'EMAIL_TAKEN' && (await countUsers(store)) > 0) return null;
    throw e;
  }
  return { email, password };
}

// Verifying against a fixed hash when the e-mail is unknown keeps the answer's timing the same.
let decoyHash: Promise<string> | undefined;

export async function logIn(store: Store, email: string, password: string) {
  const user = await userByEmail(store, email);
  decoyHash ??= hashPassword(generatePassword());
  const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
  if (!user || !ok || user.disabled) throw new AccountError('BAD_CREDENTIALS', 'wrong e-mail or password');
  const sessionId = newSecret();
  const csrfToken = newSecret();
  await insertSession(store, {
    idHash: digest(sessionId),
    organizationId: user.organization_id,
    userId: user.id,
    csrfToken,
    ttlMs: SESSION_TTL_MS,
  });
  return { user, sessionId, csrfToken };
}

export async function principalFromSession(store: Store, sessionId: string): Promise<Principal | null> {
  const row = await sessionUser(store, digest(sessionId));
  if (!row) return null;
  return {
    organizationId: row.organization_id,
    id: row.id,
    userId: row.id,
    actor: `user:${row.email}`,
    level: levelOfRole[row.role],
    via: 'session',
    csrfToken: row.csrf_token,
    locale: row.locale,
  };
}

/** API tokens: `pte_…`, shown once; only the SHA-256 is kept. */
export async function issueToken(
  store: Store,
  t: { organizationId: string; name: string; scope: Scope; createdBy: string },
) {
  const token = newSecret('pte_');
  const row = await insertToken(store, { ...t, prefix: token.slice(0, 8), tokenHash: digest(token) });
  return { token, row };
}

export async function principalFromToken(
  store: Store,
  token: string,
  /** Told when the last-used time could not be written (a full disk, a busy database). */
  onTouchFailed: (error: unknown) => void = () => {},
): Promise<Principal | null> {
  const row = await tokenByHash(store, digest(token));
  if (!row || row.disabled) return null;
  const at = new Date().toISOString();
  // Recording every use would add a write to each read; a minute's precision is enough to audit.
  // It is bookkeeping: a read must not fail because it could not be written (a full disk).
  if (!row.last_used_at || Date.parse(at) - Date.parse(row.last_used_at) > 60_000)
    await touchToken(store, row, at).catch(onTouchFailed);
  const roleLevel = levelOfRole[row.role];
  return {
    organizationId: row.organization_id,
    id: row.id,
    userId: null,
    actor: `token:${row.name}`,
    level: allows(roleLevel, row.scope) ? row.scope : roleLevel,
    via: 'token',
    csrfToken: null,
    locale: null,
  };
}
