import { z } from 'zod';
import { text } from '../domain/limits.ts';
import { ApiError } from './errors.ts';

/**
 * Lists page with an opaque cursor: the sort key of the last item sent, so the next page starts
 * after it whatever was inserted meanwhile (an offset would skip or repeat rows).
 */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: text(500).optional(),
};

/** The shapes of sort keys the lists use; a cursor that does not fit is refused, not queried. */
export const cursorKey = {
  text: z.tuple([text(500)]),
  number: z.tuple([z.number().int()]),
  pair: z.tuple([text(500), text(500)]),
};

export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, shape: z.ZodType<T>): T | null {
  if (!cursor) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {}
  const parsed = shape.safeParse(key);
  if (!parsed.success) throw new ApiError(400, 'BAD_CURSOR', 'the cursor is not one this API gave out');
  return parsed.data;
}

/** Callers fetch one row more than the limit: it tells whether there is a next page without counting. */
export function page<T, I>(
  rows: T[],
  limit: number,
  key: (row: T) => (string | number)[],
  map: (row: T) => I,
) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
