import { TableError } from '../channels/spreadsheet/readTable.ts';
import { findColumns } from '../domain/imports/findColumns.ts';
import type { Lang } from '../i18n/messages.ts';
import { type Notice, noticeMessage } from '../i18n/notices.ts';

/** What an import says back: counts, the rows refused and why, and what to check. */
export interface RowProblem {
  row: number;
  field: string;
  /** In English, for the API and logs. */
  message: string;
  /** The same as a notice, for the command line to word in the user's language. */
  notice?: Notice;
  /** What follows from it, said after it ("; order G-2 is not imported either"). */
  then?: Notice;
}

/** A row problem from a notice: the English as its message, the notice for other languages. */
export function problemOf(row: number, field: string, notice: Notice): RowProblem {
  return { row, field, message: noticeMessage(notice, 'en'), notice };
}

/** A row the reader refused (undecodable bytes, the file cut inside it). */
export function rowProblem(r: { row: number; problem?: string; problemNotice?: Notice }): RowProblem {
  return r.problemNotice
    ? problemOf(r.row, 'row', r.problemNotice)
    : { row: r.row, field: 'row', message: r.problem ?? '' };
}

/** A row problem as a person reads it: the message in their language, the row and field as they are. */
export function problemIn(p: RowProblem, lang: Lang): { row: number; field: string; message: string } {
  if (!p.notice) return { row: p.row, field: p.field, message: p.message };
  const then = p.then ? `${lang === 'zh' ? '；' : '; '}${noticeMessage(p.then, lang)}` : '';
  return { row: p.row, field: p.field, message: noticeMessage(p.notice, lang) + then };
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
  /** The first LISTED problems, in file order; the rest are counted in `unlisted`. */
  problems: RowProblem[];
  /** The first LISTED warnings; the rest are counted in `unlisted`. */
  warnings: ImportWarning[];
  detail: Record<string, number>;
  /** Problems and warnings past the first LISTED of each: counted, not kept. Absent when none. */
  unlisted?: { problems: number; warnings: number };
}

/**
 * How many problems and warnings a report lists. A 200 MB file of bad rows would otherwise hold
 * millions of them in memory; past the first thousand a person fixes the cause, not each row.
 */
export const LISTED = 1_000;

export function noteProblem(report: ImportReport, ...problems: RowProblem[]): void {
  for (const p of problems) {
    if (report.problems.length < LISTED) report.problems.push(p);
    else unlisted(report).problems++;
  }
}

export function noteWarning(report: ImportReport, warning: ImportWarning): void {
  if (report.warnings.length < LISTED) report.warnings.push(warning);
  else unlisted(report).warnings++;
}

/** Every problem, listed or not: what a report's `skipped` counts for orders. */
export function problemCount(report: ImportReport): number {
  return report.problems.length + (report.unlisted?.problems ?? 0);
}

function unlisted(report: ImportReport): { problems: number; warnings: number } {
  report.unlisted ??= { problems: 0, warnings: 0 };
  return report.unlisted;
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
