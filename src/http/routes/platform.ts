import { z } from 'zod';
import { LIMITS, text } from '../../domain/limits.ts';
import { publicBaseUrl } from '../../services/passwordReset.ts';
import {
  createOrganization,
  disableOrganization,
  ORGANIZATION_NAME_MAX,
  organizations,
} from '../../services/platform.ts';
import type { OrganizationRow } from '../../store/organizations.ts';
import type { Api, AppContext } from '../app.ts';

const organizationView = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
  })
  .meta({ id: 'Organization' });
const toView = (o: Pick<OrganizationRow, 'id' | 'name' | 'created_at' | 'disabled_at'>) => ({
  id: o.id,
  name: o.name,
  createdAt: o.created_at,
  disabledAt: o.disabled_at,
});

const forbidden = {
  403: 'FORBIDDEN: the caller is not a platform administrator (puente org admin grant <email>)',
};

/**
 * Organizations on a shared install, for platform administrators only (`platform: true`): the
 * same functions as `puente org …`. None of these routes reads an organization's own data.
 */
export function platformRoutes(api: Api, { store, publicUrl }: AppContext) {
  api.get(
    '/platform/organizations',
    {
      config: { platform: true },
      schema: {
        tags: ['platform'],
        summary: 'List organizations',
        operationId: 'listOrganizations',
        errors: forbidden,
        response: {
          200: z.object({ items: z.array(organizationView.extend({ users: z.number().int() })) }),
        },
      },
    },
    async () => ({
      items: (await organizations(store)).map((o) => ({ ...toView(o), users: o.users })),
    }),
  );

  api.post(
    '/platform/organizations',
    {
      config: { platform: true, idempotent: true },
      schema: {
        tags: ['platform'],
        summary: 'Create an organization and its owner',
        operationId: 'createOrganization',
        description:
          'The owner gets a one-time link (30 minutes) where they choose their password: hand it to them. The platform administrator does not become a member of the organization.',
        errors: {
          ...forbidden,
          400: 'the name is empty or too long',
          409: 'EMAIL_TAKEN: the owner e-mail cannot be used for a new account',
        },
        body: z.object({
          name: text(ORGANIZATION_NAME_MAX, { min: 1 }),
          ownerEmail: z.email().max(LIMITS.text.email),
          ownerName: text(LIMITS.text.name, { min: 1 }).optional(),
        }),
        response: {
          201: z.object({
            organization: organizationView,
            owner: z.object({ id: z.string(), email: z.string(), name: z.string() }),
            inviteLink: z.string(),
            expiresAt: z.string(),
          }),
        },
      },
    },
    async (request, reply) => {
      const created = await createOrganization(store, {
        name: request.body.name,
        ownerEmail: request.body.ownerEmail,
        ownerName: request.body.ownerName,
        actor: request.principal.actor,
        baseUrl: publicBaseUrl(publicUrl, `${request.protocol}://${request.host}`),
      });
      return reply.status(201).send({
        organization: toView(created.organization),
        owner: created.owner,
        inviteLink: created.link,
        expiresAt: created.expiresAt,
      });
    },
  );

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const)
    api.post(
      `/platform/organizations/:id/${action}`,
      {
        config: { platform: true },
        schema: {
          tags: ['platform'],
          summary: disabled ? 'Disable an organization' : 'Enable an organization again',
          operationId: disabled ? 'disableOrganization' : 'enableOrganization',
          description: disabled
            ? 'Its users and API tokens are refused (403 ORGANIZATION_DISABLED) and its periodic jobs skip it; nothing is deleted.'
            : 'Its users, tokens and jobs work again.',
          errors: { ...forbidden, 404: 'NOT_FOUND: no such organization' },
          params: z.object({ id: text(LIMITS.text.id, { min: 1 }) }),
          response: { 200: organizationView },
        },
      },
      async (request) =>
        toView(
          await disableOrganization(store, {
            id: request.params.id,
            actor: request.principal.actor,
            disabled,
          }),
        ),
    );
}
