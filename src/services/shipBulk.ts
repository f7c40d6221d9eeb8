import { parse } from 'csv-parse/sync';
import { findColumns } from '../domain/imports/findColumns.ts';
import { requiredShipColumns, shipColumns } from '../domain/imports/shipColumns.ts';
import { type FileProblem, fileProblemMessage, rowProblemMessage } from '../i18n/fileProblems.ts';
import type { Lang } from '../i18n/messages.ts';
import { refusalMessage } from '../i18n/refusals.ts';
import type { Store } from '../store/openDatabase.ts';
import { shipOrder } from '../store/settling.ts';
import { NotFound, orderId } from './lookups.ts';

/**
 * Bulk ship: many orders marked shipped from a CSV, as a carrier's, TikTok Shop's batch-shipping
 * template or an ERP's shipment export has them (headers in shipColumns.ts). Each row ships its
 * order or is reported with its row, field and why, in the user's language; the other rows go on.
 */

export interface ShipRowProblem {
  row: number;
  field: string | null;
  message: string;
}

/** The CSV itself cannot be used: nothing was shipped. */
export class ShipFileRefused extends Error {
  constructor(
    readonly code: 'BAD_CSV' | 'MISSING_COLUMNS',
    message: string,
  ) {
    super(message);
  }
}

export async function shipFromCsv(
  store: Store,
  org: string,
  input: { csv: string; actor: string; lang: Lang },
): Promise<{ shipped: number; problems: ShipRowProblem[] }> {
  const { lang } = input;
  let records: string[][];
  try {
    records = parse(input.csv, { skip_empty_lines: true, trim: true, bom: true, relax_column_count: true });
  } catch (e) {
    const problem: FileProblem = { code: 'unreadable_csv', detail: (e as Error).message };
    throw new ShipFileRefused('BAD_CSV', fileProblemMessage(problem, lang));
  }
  const [headers = [], ...rows] = records;
  const { index, missing } = findColumns(headers, shipColumns, requiredShipColumns);
  if (missing.length)
    throw new ShipFileRefused(
      'MISSING_COLUMNS',
      fileProblemMessage({ code: 'missing_columns', missing, found: headers }, lang),
    );
  const cell = (values: string[], column: string) =>
    index[column] === undefined ? '' : (values[index[column] as number] ?? '');

  let shipped = 0;
  const problems: ShipRowProblem[] = [];
  for (const [i, values] of rows.entries()) {
    const row = i + 2; // the header is row 1
    const empty = requiredShipColumns.find((c) => !cell(values, c));
    if (empty) {
      problems.push({
        row,
        field: empty,
        message: rowProblemMessage('empty_field', { column: empty }, lang),
      });
      continue;
    }
    const order = cell(values, 'external_id');
    try {
      const id = await orderId(store, org, order, cell(values, 'storefront') || undefined);
      const result = await shipOrder(store, id, {
        carrier: cell(values, 'carrier'),
        tracking: cell(values, 'tracking'),
        actor: input.actor,
      });
      if (result === 'shipped') shipped++;
      else
        problems.push({ row, field: null, message: rowProblemMessage('already_shipped', { order }, lang) });
    } catch (e) {
      const reason = (e as { reason?: Parameters<typeof refusalMessage>[0] }).reason;
      problems.push({
        row,
        field: e instanceof NotFound ? 'external_id' : null,
        message: reason ? refusalMessage(reason, lang) : (e as Error).message,
      });
    }
  }
  return { shipped, problems };
}
