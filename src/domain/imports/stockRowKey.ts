import { createHash } from 'node:crypto';

/**
 * The idempotency key of a stock row from a file: what the row says, never where it sits in the file
 * or which file it came in. Fixing one bad row and importing the file again applies that row only;
 * the rows already imported have the same key as before and are skipped.
 *
 * - `reference` is the delivery number (a `reference` column, or `--reference`): two deliveries of
 *   the same units on different days differ by it. Without one, the same row in a later file is
 *   taken for the same delivery and skipped (the summary says how many were "already imported").
 * - `occurrence` numbers identical rows within one file (1, 2…): two identical lines in one file are
 *   two receipts and both apply, and the same file imported again gives them the same numbers.
 *
 * Hashing (sha256) keeps the key short; the text hashed is unambiguous (JSON of the fields).
 */
export interface StockRowContent {
  kind: 'receive' | 'count';
  sku: string;
  warehouse: string;
  quantity: number;
  reason: string;
  reference: string;
}

/** The row's content as one text: the same row always gives the same text (trimmed). */
export function stockRowContent(row: StockRowContent): string {
  return JSON.stringify([
    row.kind,
    row.sku.trim(),
    row.warehouse.trim(),
    row.quantity,
    row.reason.trim(),
    row.reference.trim(),
  ]);
}

export function stockRowKey(content: string, occurrence: number): string {
  return `import:${createHash('sha256').update(`${content}#${occurrence}`).digest('hex').slice(0, 40)}`;
}
