import { z } from 'zod';
import { ApiError } from './errors.ts';

/**
 * Lists page with an opaque cursor: the sort key of the last item sent, so the next page starts
 * after it whatever was inserted meanwhile (an offset would skip or repeat rows).
 */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
};

export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.every((k) => typeof k === 'string' || typeof k === 'number')) return key;
  } catch {}
  throw new ApiError(400, 'BAD_CURSOR', 'the cursor is not one this API gave out');
}

/** One more row than asked tells whether there is a next page without counting. */
export function page<T, I>(
  rows: T[],
  limit: number,
  key: (row: T) => (string | number)[],
  map: (row: T) => I,
) {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: more && last ? encodeCursor(key(last)) : null };
}

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
