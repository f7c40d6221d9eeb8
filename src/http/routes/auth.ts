import { z } from 'zod';
import { LIMITS, text } from '../../domain/limits.ts';
import { logIn, SESSION_TTL_MS } from '../../services/accounts.ts';
import { completePasswordReset } from '../../services/passwordReset.ts';
import { digest } from '../../services/security/secrets.ts';
import { deleteSession, updateUser, userById } from '../../store/accounts.ts';
import { organization } from '../../store/entities.ts';
import { type Api, type AppContext, SESSION_COOKIE } from '../app.ts';
import { ApiError } from '../errors.ts';
import { locale, ok, toUserView, userView } from '../views.ts';

const session = z.object({ user: userView, csrfToken: z.string() }).meta({ id: 'Session' });

export function authRoutes(api: Api, { store }: AppContext, attemptsPerMinute: number) {
  api.post(
    '/auth/login',
    {
      config: {
        access: 'public',
        // Per client address and e-mail: guessing one account, or many from one address, is slowed.
        rateLimit: {
          max: attemptsPerMinute,
          // After the body is parsed, so that the key can hold the e-mail.
          hook: 'preHandler',
          timeWindow: 60_000,
          keyGenerator: (r) =>
            `${r.ip}|${String((r.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in',
        operationId: 'logIn',
        description: 'Sets the session cookie; send the csrfToken back as X-CSRF-Token on every write.',
        security: [],
        errors: { 401: 'BAD_CREDENTIALS: no enabled user with this e-mail and password' },
        body: z.object({
          email: text(LIMITS.text.email, { min: 1 }),
          password: text(LIMITS.text.password, { min: 1 }),
        }),
        response: { 200: session },
      },
    },
    async (request, reply) => {
      const { user, sessionId, csrfToken } = await logIn(store, request.body.email, request.body.password);
      reply.setCookie(SESSION_COOKIE, sessionId, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        maxAge: SESSION_TTL_MS / 1000,
      });
      return { user: toUserView(user), csrfToken };
    },
  );

  api.post(
    '/auth/password-reset',
    {
      config: {
        access: 'public',
        // A link's secret has 256 bits; the limit keeps a script from using the server as an oracle anyway.
        rateLimit: { max: attemptsPerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags: ['auth'],
        security: [],
        summary: 'Set a new password with a reset link',
        operationId: 'completePasswordReset',
        errors: {
          400: 'RESET_LINK_INVALID: the link was used already, has expired (30 minutes) or was replaced; WEAK_PASSWORD: fewer than 10 characters',
        },
        description:
          'Sets a new password with the secret of a one-time reset link (from Settings → Users or `puente users reset-password`). The link is spent, and every session of the user ends.',
        body: z.object({
          token: text(200, { min: 1 }),
          password: text(LIMITS.text.password, { min: 1 }),
        }),
        response: { 200: z.object({ email: z.string() }) },
      },
    },
    async (request) => {
      const { email } = await completePasswordReset(store, request.body);
      return { email };
    },
  );

  api.post(
    '/auth/logout',
    {
      config: { access: 'read' },
      schema: { tags: ['auth'], summary: 'Log out', operationId: 'logOut', response: { 200: ok } },
    },
    async (request, reply) => {
      const id = request.cookies[SESSION_COOKIE];
      if (id) await deleteSession(store, digest(id));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  api.get(
    '/auth/me',
    {
      config: { access: 'read' },
      schema: {
        tags: ['auth'],
        summary: 'Who is calling',
        operationId: 'getMe',
        description: 'The signed-in user (null for an API token), the access level and the organization.',
        response: {
          200: z
            .object({
              user: userView.nullable(),
              actor: z.string(),
              level: z.enum(['read', 'write', 'admin']),
              csrfToken: z.string().nullable(),
              organization: z.object({ id: z.string(), name: z.string() }),
            })
            .meta({ id: 'Me' }),
        },
      },
    },
    async (request) => {
      const p = request.principal;
      const user = p.userId ? await userById(store, p.organizationId, p.userId) : undefined;
      const org = await organization(store, p.organizationId);
      return {
        user: user ? toUserView(user) : null,
        actor: p.actor,
        level: p.level,
        csrfToken: p.csrfToken,
        organization: org,
      };
    },
  );

  api.patch(
    '/auth/me',
    {
      config: { access: 'read' },
      schema: {
        tags: ['auth'],
        summary: 'Choose my language',
        operationId: 'updateMe',
        errors: {
          400: 'NOT_A_USER: an API token has no user settings',
          404: 'NOT_FOUND: the user was removed meanwhile',
        },
        body: z.object({ locale }),
        response: { 200: z.object({ user: userView }) },
      },
    },
    async (request) => {
      const p = request.principal;
      if (!p.userId) throw new ApiError(400, 'NOT_A_USER', 'an API token has no user settings');
      const result = await updateUser(store, p.organizationId, p.userId, { locale: request.body.locale });
      if (result.status !== 'updated') throw new ApiError(404, 'NOT_FOUND', 'user not found');
      return { user: toUserView(result.user) };
    },
  );
}
