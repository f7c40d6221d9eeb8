import { z } from 'zod';
import type { UserRow } from '../store/accounts.ts';
import { roles } from '../store/schema.ts';

/**
 * Response shapes shared by several routes. A shape with an id (`.meta({ id })`) is a component of
 * the OpenAPI document, and a named type of the dashboard (web/src/apiModels.ts).
 */

/** The dashboard's languages: a user's choice is one of them, or none yet. */
export const locale = z.enum(['en', 'zh-CN', 'es-MX']).meta({ id: 'Locale' });

export const userView = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(roles).meta({ id: 'Role' }),
    locale: locale.nullable(),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

export const toUserView = (u: UserRow): z.infer<typeof userView> => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  // Only PATCH /auth/me writes it, from the same list; anything else reads as not chosen yet.
  locale: locale.safeParse(u.locale).data ?? null,
  disabled: u.disabled === 1,
  createdAt: u.created_at,
});

export const money = z
  .object({ minor: z.number().int().describe('integer minor units (cents, centavos)'), currency: z.string() })
  .meta({ id: 'Money' });
export const ok = z.object({ ok: z.literal(true) });
export const langQuery = z.enum(['en', 'zh', 'es']).default('en');
