import { TableError } from '../channels/spreadsheet/readTable.ts';
import { normalizeHeader } from '../domain/catalog/catalogColumns.ts';
import { findColumns } from '../domain/imports/findColumns.ts';
import { type Notice, noticeMessage } from '../i18n/notices.ts';
import { NotFound } from './lookups.ts';

/** What an import says back: counts, the rows refused and why, and what to check. */
export interface RowProblem {
  row: number;
  field: string;
  message: string;
}

/** Something a person should check that did not stop a row: the encoding used, a duplicate taken once. */
export interface ImportWarning {
  rows: number[];
  /** In English, for the API and logs. */
  message: string;
  /** The same as a notice, for the command line to word in the user's language. */
  notice?: Notice;
}

/** A warning from a notice: the English as its message, the notice for other languages. */
export function warningOf(rows: number[], notice: Notice | undefined, message?: string): ImportWarning {
  return notice ? { rows, message: noticeMessage(notice, 'en'), notice } : { rows, message: message ?? '' };
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
