import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { createOrganization } from '../store/entities.ts';
import {
  AccountError,
  createUser,
  issueToken,
  logIn,
  principalFromSession,
  principalFromToken,
} from './accounts.ts';
import { NotFound } from './lookups.ts';
import { completePasswordReset, RESET_LINK_TTL_MS, startPasswordReset } from './passwordReset.ts';

/** The secret of a link: what the person's browser reads from the fragment. */
const secretOf = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get('token') ?? '';

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof AccountError ? e.code : e instanceof NotFound ? 'NOT_FOUND' : e),
  );

describe.each(engines)('access recovery with a one-time link, %s', (engine) => {
  let store: TestStore;
  let org: string;
  const base = 'https://puente.example.com';

  beforeAll(async () => {
    store = await freshStore(engine);
    org = await createOrganization(store, 'Shenzhen Demo Trading');
    await createUser(store, {
      organizationId: org,
      email: 'ana@shop.mx',
      name: 'Ana',
      role: 'operator',
      password: 'forgotten-password',
    });
    await store.db.updateTable('users').set({ locale: 'es-MX' }).where('email', '=', 'ana@shop.mx').execute();
  });
  afterAll(() => store?.dispose());

  it('sets a new password once, ends the sessions, keeps the API tokens, and audits without the secret', async () => {
    const session = await logIn(store, 'ana@shop.mx', 'forgotten-password');
    const ana = session.user;
    const { token: apiToken } = await issueToken(store, {
      organizationId: org,
      name: 'erp-sync',
      scope: 'read',
      createdBy: ana.id,
    });

    const at = new Date();
    const reset = await startPasswordReset(store, {
      who: { email: 'ANA@shop.mx' },
      actor: 'cli:root',
      baseUrl: base,
      now: at,
    });
    // The link opens the dashboard's page in Ana's language; its secret is in the fragment only.
    const link = new URL(reset.link);
    expect(`${link.origin}${link.pathname}`).toBe(`${base}/reset-password`);
    expect(link.search).toBe('');
    expect(new URLSearchParams(link.hash.slice(1)).get('lang')).toBe('es-MX');
    expect(Date.parse(reset.expiresAt) - at.getTime()).toBe(RESET_LINK_TTL_MS);
    const secret = secretOf(reset.link);
    expect(secret.length).toBeGreaterThanOrEqual(40);

    // Stored hashed; the audit row says who, whom and when, never the secret.
    const stored = await store.db.selectFrom('password_resets').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(secret);
    const issued = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.password_reset_link')
      .executeTakeFirstOrThrow();
    expect(issued).toMatchObject({ actor: 'cli:root', subject: 'ana@shop.mx', organization_id: org });
    expect(issued.data).not.toContain(secret);

    expect(await refusal(completePasswordReset(store, { token: secret, password: 'short' }))).toBe(
      'WEAK_PASSWORD',
    );
    const done = await completePasswordReset(store, { token: secret, password: 'a-brand-new-password' });
    expect(done).toEqual({ email: 'ana@shop.mx', sessionsEnded: 1, tokensKept: 1 });

    expect(await principalFromSession(store, session.sessionId)).toBeNull();
    expect((await principalFromToken(store, apiToken))?.actor).toBe('token:erp-sync');
    expect(await refusal(logIn(store, 'ana@shop.mx', 'forgotten-password'))).toBe('BAD_CREDENTIALS');
    expect((await logIn(store, 'ana@shop.mx', 'a-brand-new-password')).user.id).toBe(ana.id);

    // Single use.
    expect(
      await refusal(completePasswordReset(store, { token: secret, password: 'another-password-1' })),
    ).toBe('RESET_LINK_INVALID');
    const used = await store.db
      .selectFrom('audit_log')
      .select(['actor', 'subject', 'data', 'created_at'])
      .where('action', '=', 'user.password_reset')
      .execute();
    expect(used).toHaveLength(1);
    expect(used[0]).toMatchObject({ actor: 'user:ana@shop.mx', subject: 'ana@shop.mx' });
    expect(JSON.parse(used[0]?.data ?? '{}')).toEqual({ sessionsEnded: 1, tokensKept: 1 });
  });

  it('refuses a link older than 30 minutes, and one replaced by a newer link', async () => {
    const expired = await startPasswordReset(store, {
      who: { email: 'ana@shop.mx' },
      actor: 'cli:root',
      baseUrl: base,
      now: new Date(Date.now() - RESET_LINK_TTL_MS - 1000),
    });
    expect(
      await refusal(
        completePasswordReset(store, { token: secretOf(expired.link), password: 'expired-link-pw' }),
      ),
    ).toBe('RESET_LINK_INVALID');

    const first = await startPasswordReset(store, {
      who: { email: 'ana@shop.mx' },
      actor: 'cli:root',
      baseUrl: base,
    });
    const second = await startPasswordReset(store, {
      who: { email: 'ana@shop.mx' },
      actor: 'cli:root',
      baseUrl: base,
    });
    expect(
      await refusal(
        completePasswordReset(store, { token: secretOf(first.link), password: 'replaced-link-pw' }),
      ),
    ).toBe('RESET_LINK_INVALID');
    await completePasswordReset(store, { token: secretOf(second.link), password: 'the-newest-link-pw' });
    expect((await logIn(store, 'ana@shop.mx', 'the-newest-link-pw')).user.email).toBe('ana@shop.mx');
    expect(
      await refusal(completePasswordReset(store, { token: 'made-up', password: 'whatever-password' })),
    ).toBe('RESET_LINK_INVALID');
  });

  it('makes no link for an unknown user, one of another organization, or a disabled one', async () => {
    expect(
      await refusal(
        startPasswordReset(store, { who: { email: 'nobody@shop.mx' }, actor: 'cli:root', baseUrl: base }),
      ),
    ).toBe('NOT_FOUND');
    const other = await createOrganization(store, 'Another seller');
    const ana = await store.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'ana@shop.mx')
      .executeTakeFirstOrThrow();
    expect(
      await refusal(
        startPasswordReset(store, {
          organizationId: other,
          who: { id: ana.id },
          actor: 'user:x',
          baseUrl: base,
        }),
      ),
    ).toBe('NOT_FOUND');
    await store.db.updateTable('users').set({ disabled: 1 }).where('id', '=', ana.id).execute();
    expect(
      await refusal(
        startPasswordReset(store, { who: { email: 'ana@shop.mx' }, actor: 'cli:root', baseUrl: base }),
      ),
    ).toBe('USER_DISABLED');
    await store.db.updateTable('users').set({ disabled: 0 }).where('id', '=', ana.id).execute();
  });
});
