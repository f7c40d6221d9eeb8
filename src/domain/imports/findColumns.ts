import { normalizeHeader } from '../catalog/catalogColumns.ts';

/**
 * Columns of a stock, order or shipping file by the names each is accepted under (lists kept as data
 * beside each file's use). A header matches its column's own name or any of its names, ignoring case,
 * accents, spaces and punctuation; the first of two matching headers wins.
 */
export interface FoundColumns {
  index: Record<string, number>;
  /** Each required column not found, with every name it would have been found under. */
  missing: { column: string; accepted: string[] }[];
}

export function findColumns(
  headers: readonly string[],
  names: Record<string, readonly string[]>,
  required: readonly string[],
): FoundColumns {
  const byName = new Map<string, string>();
  for (const [column, aliases] of Object.entries(names)) {
    for (const name of [column, ...aliases]) {
      const key = normalizeHeader(name);
      if (!byName.has(key)) byName.set(key, column);
    }
  }
  const index: Record<string, number> = {};
  headers.forEach((header, i) => {
    const column = byName.get(normalizeHeader(header));
    if (column !== undefined && index[column] === undefined) index[column] = i;
  });
  const missing = required
    .filter((c) => index[c] === undefined)
    .map((column) => ({ column, accepted: [...new Set([column, ...(names[column] ?? [])])] }));
  return { index, missing };
}
