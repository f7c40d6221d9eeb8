import { type Notice, noticeMessage } from '../../i18n/notices.ts';

/**
 * One order from the rows of an orders file that carry its storefront and order id, wherever they
 * are in the file. Pure: rows in, an order or the reasons it is refused out.
 *
 * - A line is named by the file's line id when it has a `line` column, else by its SKU (a SKU once
 *   per order; an order that lists one SKU twice at different prices needs a `line` column).
 * - The same line twice with the same quantity and price (two overlapping exports pasted together)
 *   is one line: taken once, with a warning naming the rows.
 * - The same line twice with another quantity or price, or the order with two paid times or two
 *   currencies, is a conflict: an error naming both rows, and the order is not imported.
 * - When the file declares how many lines an order has (a `lines` column), an order with another
 *   number of lines is not imported: the file was likely cut, or an export lost rows.
 * - An order with any refused row is not imported either (its row was reported already): half an
 *   order must never be reserved.
 */
export interface OrderRow {
  row: number;
  orderId: string;
  paidAt: string;
  sku: string;
  line: string;
  quantity: number;
  unitPriceMinor: number;
  currency: string;
  declared: number | null;
  refused: 0 | 1;
}

export interface AssembledLine {
  row: number;
  sku: string;
  quantity: number;
  unitPriceMinor: number;
}

export type Assembled =
  | {
      ok: true;
      paidAt: string;
      currency: string;
      row: number;
      lines: AssembledLine[];
      repeated: { rows: number[]; message: string; notice: Notice } | null;
    }
  | { ok: false; problems: OrderProblem[] };

/** A row that makes its order refused: the English as its message, the notice for other languages. */
export interface OrderProblem {
  row: number;
  field: string;
  message: string;
  notice: Notice;
}

export function assembleOrder(rows: OrderRow[]): Assembled {
  const first = rows[0] as OrderRow;
  const id = first.orderId;
  if (rows.some((r) => r.refused)) return { ok: false, problems: [] };
  const problems: OrderProblem[] = [];
  const problem = (row: number, field: string, notice: Notice) =>
    problems.push({ row, field, message: noticeMessage(notice, 'en'), notice });
  const price = (r: OrderRow) => (r.unitPriceMinor / 100).toFixed(2);
  const byLine = new Map<string, OrderRow>();
  const repeats: [number, number][] = [];
  for (const r of rows) {
    const against = { order: id, row: first.row };
    if (r.paidAt !== first.paidAt)
      problem(r.row, 'paid_at', {
        key: 'order_conflict_paid_at',
        params: { ...against, here: r.paidAt, there: first.paidAt },
      });
    else if (r.currency !== first.currency)
      problem(r.row, 'currency', {
        key: 'order_conflict_currency',
        params: { ...against, here: r.currency, there: first.currency },
      });
    const name = r.line || r.sku;
    const seen = byLine.get(name);
    if (!seen) byLine.set(name, r);
    else if (seen.sku === r.sku && seen.quantity === r.quantity && seen.unitPriceMinor === r.unitPriceMinor)
      repeats.push([seen.row, r.row]);
    else
      problem(r.row, 'quantity', {
        key: 'order_conflict_line',
        params: {
          order: id,
          line: name,
          sku: r.sku,
          quantity: r.quantity,
          price: price(r),
          otherSku: seen.sku,
          otherQuantity: seen.quantity,
          otherPrice: price(seen),
          row: seen.row,
        },
      });
  }
  const declared = rows.find((r) => r.declared !== null);
  if (!problems.length && declared) {
    const other = rows.find((r) => r.declared !== null && r.declared !== declared.declared);
    if (other)
      problem(other.row, 'lines', {
        key: 'order_lines_disagree',
        params: { order: id, here: other.declared ?? '', there: declared.declared ?? '', row: declared.row },
      });
    else if (byLine.size !== declared.declared)
      problem(declared.row, 'lines', {
        key: 'order_lines_missing',
        params: {
          order: id,
          declared: declared.declared ?? 0,
          held: byLine.size,
          rows: [...byLine.values()].map((r) => r.row).join(', '),
        },
      });
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    paidAt: first.paidAt,
    currency: first.currency,
    row: first.row,
    lines: [...byLine.values()].map((r) => ({
      row: r.row,
      sku: r.sku,
      quantity: r.quantity,
      unitPriceMinor: r.unitPriceMinor,
    })),
    repeated: repeats.length ? repeatedWarning(id, repeats) : null,
  };
}

/** Rows that repeat an earlier line of the same order, worded in the language of the reader. */
function repeatedWarning(order: string, repeats: [number, number][]) {
  const notice: Notice = {
    key: 'order_line_repeated',
    params: {
      order,
      again: repeats.map(([, again]) => again).join(','),
      once: repeats.map(([once]) => once).join(','),
    },
  };
  return { rows: repeats.map(([, again]) => again), message: noticeMessage(notice, 'en'), notice };
}
