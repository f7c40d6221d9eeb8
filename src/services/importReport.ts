import { TableError } from '../channels/spreadsheet/readTable.ts';
import { findColumns } from '../domain/imports/findColumns.ts';

/** What an import says back: counts, the rows refused and why, and what to check. */
export interface RowProblem {
  row: number;
  field: string;
  message: string;
}

/** Something a person should check that did not stop a row: the encoding used, a duplicate taken once. */
export interface ImportWarning {
  rows: number[];
  message: string;
}

export interface ImportReport {
  /** Rows (stock) or orders applied by this run. */
  imported: number;
  skipped: number;
  problems: RowProblem[];
  warnings: ImportWarning[];
  detail: Record<string, number>;
}

/** Columns by accepted names, for the stock and order files (the catalog has its own list). */
export function columnsOf(
  headers: string[],
  names: Record<string, string[]>,
  required: string[],
  file: string,
) {
  const { index, missing } = findColumns(headers, names, required);
  if (missing.length) throw new TableError({ code: 'missing_columns', missing, found: headers }, file);
  return index;
}
