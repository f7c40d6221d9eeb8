import { z } from 'zod';
import { LIMITS, text } from '../../domain/limits.ts';
import { logIn, SESSION_TTL_MS } from '../../services/accounts.ts';
import { completePasswordReset } from '../../services/passwordReset.ts';
import { digest } from '../../services/security/secrets.ts';
import { deleteSession, updateUser, userById } from '../../store/accounts.ts';
import { organization } from '../../store/entities.ts';
import { type Api, type AppContext, SESSION_COOKIE } from '../app.ts';
import { ApiError } from '../errors.ts';
import { ok, toUserView, userView } from '../views.ts';

const session = z.object({ user: userView, csrfToken: z.string() });

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
        security: [],
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
    { config: { access: 'read' }, schema: { tags: ['auth'], response: { 200: ok } } },
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
        response: {
          200: z.object({
            user: userView.nullable(),
            actor: z.string(),
            level: z.enum(['read', 'write', 'admin']),
            csrfToken: z.string().nullable(),
            organization: z.object({ id: z.string(), name: z.string() }),
          }),
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
        body: z.object({ locale: z.enum(['en', 'zh-CN', 'es-MX']) }),
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
