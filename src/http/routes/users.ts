import { z } from 'zod';
import { LIMITS, text } from '../../domain/limits.ts';
import { createUser, issueToken } from '../../services/accounts.ts';
import { publicBaseUrl, startPasswordReset } from '../../services/passwordReset.ts';
import { hashPassword, passwordProblem } from '../../services/security/passwords.ts';
import {
  audit,
  listTokens,
  listUsers,
  revokeToken,
  type TokenRow,
  updateUser,
} from '../../store/accounts.ts';
import { roles, scopes } from '../../store/schema.ts';
import type { Api, AppContext } from '../app.ts';
import { ApiError, notFound } from '../errors.ts';
import { ok, toUserView, userView } from '../views.ts';

const tokenView = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(scopes),
    prefix: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
const toTokenView = (t: TokenRow): z.infer<typeof tokenView> => ({
  id: t.id,
  name: t.name,
  scope: t.scope,
  prefix: t.prefix,
  createdBy: t.created_by,
  createdAt: t.created_at,
  lastUsedAt: t.last_used_at,
  revokedAt: t.revoked_at,
});

/** Users and API tokens: the owner's business (admin access). */
export function userRoutes(api: Api, { store, publicUrl }: AppContext) {
  const admin = { access: 'admin' as const };

  api.get(
    '/users',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'List users',
        operationId: 'listUsers',
        response: { 200: z.object({ items: z.array(userView) }) },
      },
    },
    async (request) => ({
      items: (await listUsers(store, request.principal.organizationId)).map(toUserView),
    }),
  );

  api.post(
    '/users',
    {
      config: { ...admin, idempotent: true },
      schema: {
        tags: ['users'],
        summary: 'Add a user',
        operationId: 'createUser',
        errors: {
          400: 'WEAK_PASSWORD: the password has fewer than 10 characters',
          409: 'EMAIL_TAKEN: the e-mail cannot be used for a new account',
        },
        body: z.object({
          email: z.email().max(LIMITS.text.email),
          name: text(LIMITS.text.name, { min: 1 }),
          role: z.enum(roles),
          password: text(LIMITS.text.password, { min: 1 }),
        }),
        response: { 201: userView },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const user = await createUser(store, { organizationId: p.organizationId, ...request.body });
      await audit(store, {
        organizationId: p.organizationId,
        actor: p.actor,
        action: 'user.create',
        subject: user.email,
        data: { role: user.role },
      });
      return reply.status(201).send(toUserView(user));
    },
  );

  api.patch(
    '/users/:id',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'Change a user',
        operationId: 'updateUser',
        description: 'Name, role, disabled, or a new password; only the fields sent change.',
        errors: {
          400: 'WEAK_PASSWORD: the new password has fewer than 10 characters',
          404: 'NOT_FOUND: no such user',
          409: 'LAST_OWNER: the change would leave the organization without an enabled owner',
        },
        params: z.object({ id: text(LIMITS.text.id) }),
        body: z.object({
          name: text(LIMITS.text.name, { min: 1 }).optional(),
          role: z.enum(roles).optional(),
          disabled: z.boolean().optional(),
          password: text(LIMITS.text.password, { min: 1 }).optional(),
        }),
        response: { 200: userView },
      },
    },
    async (request) => {
      const p = request.principal;
      const { password, disabled, ...rest } = request.body;
      if (password) {
        const problem = passwordProblem(password);
        if (problem) throw new ApiError(400, 'WEAK_PASSWORD', problem);
      }
      const result = await updateUser(store, p.organizationId, request.params.id, {
        ...rest,
        ...(disabled === undefined ? {} : { disabled: disabled ? 1 : 0 }),
        ...(password ? { password_hash: await hashPassword(password) } : {}),
      });
      if (result.status === 'missing') throw notFound('user');
      if (result.status === 'last_owner')
        throw new ApiError(
          409,
          'LAST_OWNER',
          'the organization needs at least one enabled owner: make someone else owner first',
        );
      const { user } = result;
      await audit(store, {
        organizationId: p.organizationId,
        actor: p.actor,
        action: 'user.update',
        subject: user.email,
        data: { ...rest, disabled, password: password ? 'changed' : undefined },
      });
      return toUserView(user);
    },
  );

  api.post(
    '/users/:id/password-reset',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'Make a password reset link for a user',
        operationId: 'startPasswordReset',
        errors: {
          404: 'NOT_FOUND: no such user',
          409: 'USER_DISABLED: the user is disabled; enable the account first',
        },
        description:
          'A one-time link, valid 30 minutes, with which the user sets a new password (shown once: only its hash is stored). Using it ends all of the user’s sessions; API tokens stay.',
        params: z.object({ id: text(LIMITS.text.id) }),
        response: {
          201: z.object({
            link: z.string().describe('shown once; hand it to the user'),
            expiresAt: z.string(),
            email: z.string(),
          }),
        },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const reset = await startPasswordReset(store, {
        organizationId: p.organizationId,
        who: { id: request.params.id },
        actor: p.actor,
        // The configured public URL, else the address the owner reached the dashboard at.
        baseUrl: publicBaseUrl(publicUrl, `${request.protocol}://${request.host}`),
      });
      return reply
        .status(201)
        .send({ link: reset.link, expiresAt: reset.expiresAt, email: reset.user.email });
    },
  );

  api.get(
    '/tokens',
    {
      config: admin,
      schema: {
        tags: ['tokens'],
        summary: 'List API tokens',
        operationId: 'listTokens',
        response: { 200: z.object({ items: z.array(tokenView) }) },
      },
    },
    async (request) => ({
      items: (await listTokens(store, request.principal.organizationId)).map(toTokenView),
    }),
  );

  api.post(
    '/tokens',
    {
      config: admin,
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token',
        operationId: 'createToken',
        errors: { 403: 'FORBIDDEN: tokens are created by a signed-in user, not by another token' },
        body: z.object({ name: text(LIMITS.text.name, { min: 1 }), scope: z.enum(scopes) }),
        response: {
          201: z.object({
            token: z.string().describe('shown once; only its hash is stored'),
            item: tokenView,
          }),
        },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      if (!p.userId) throw new ApiError(403, 'FORBIDDEN', 'tokens are created by a signed-in user');
      const { token, row } = await issueToken(store, {
        organizationId: p.organizationId,
        createdBy: p.userId,
        ...request.body,
      });
      await audit(store, {
        organizationId: p.organizationId,
        actor: p.actor,
        action: 'token.create',
        subject: row.name,
        data: { scope: row.scope, prefix: row.prefix },
      });
      return reply.status(201).send({ token, item: toTokenView(row) });
    },
  );

  api.delete(
    '/tokens/:id',
    {
      config: admin,
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        operationId: 'revokeToken',
        errors: { 404: 'NOT_FOUND: no active token with this id' },
        params: z.object({ id: text(LIMITS.text.id) }),
        response: { 200: ok },
      },
    },
    async (request) => {
      const p = request.principal;
      if (!(await revokeToken(store, p.organizationId, request.params.id))) throw notFound('active token');
      await audit(store, {
        organizationId: p.organizationId,
        actor: p.actor,
        action: 'token.revoke',
        subject: request.params.id,
        data: {},
      });
      return { ok: true as const };
    },
  );
}
