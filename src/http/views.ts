import { z } from 'zod';
import type { UserRow } from '../store/accounts.ts';
import { roles } from '../store/schema.ts';

/** Response shapes shared by several routes. */

export const userView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  locale: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
});

export const toUserView = (u: UserRow): z.infer<typeof userView> => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  locale: u.locale,
  disabled: u.disabled === 1,
  createdAt: u.created_at,
});

export const money = z.object({ minor: z.number().int(), currency: z.string() });
export const ok = z.object({ ok: z.literal(true) });
export const langQuery = z.enum(['en', 'zh', 'es']).default('en');
