import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import type { Policy } from '../../domain/policy/policy.ts';
import type { ReasonCode, Verdict } from '../../domain/policy/reasons.ts';
import { eligibilityMessage, type Lang } from '../../i18n/messages.ts';
import {
  eligibilityNames,
  type ReportColumn,
  reasonNames,
  reportColumns,
  sheetNames,
  summaryLabels,
} from '../../i18n/reportLabels.ts';
import type { CheckSummary } from '../../services/checkCatalog.ts';
import type { BatchOutput, CheckedBatch } from '../../services/checkRunner.ts';
import { categoryName, flatRow, reportHeader, speaksIds, verdictWord } from './formatResults.ts';
import { renderTable } from './renderTable.ts';

/**
 * Writers for `puente check` results. They receive checked batches in input order (text already
 * formatted for ndjson, json and csv; result objects for xlsx) and write them as they come, so
 * memory stays flat; the summary comes last.
 */
export interface ResultWriter {
  write(batch: CheckedBatch): Promise<void> | void;
  finish(summary: CheckSummary): Promise<void>;
}

export const formats = ['table', 'json', 'ndjson', 'csv', 'xlsx'] as const;
export type Format = (typeof formats)[number];

/** What a writer needs from the checker for each batch. */
export function batchOutputFor(format: Format): BatchOutput {
  if (format === 'xlsx') return { kind: 'results' };
  if (format === 'table') return { kind: 'none' };
  return { kind: 'text', format };
}

export interface WriterOptions {
  format: Format;
  out: Writable;
  /** Where an xlsx workbook goes; ExcelJS writes the file itself. */
  outFile?: string | undefined;
  policy: Policy;
  lang: Lang;
  color: boolean;
  /** The checked file and when it was checked, for the report's first page. */
  source?: { file: string; checkedAt: Date } | undefined;
}

/** Writes with back-pressure: waits when the stream's buffer is full. */
async function put(out: Writable, text: string): Promise<void> {
  if (text && !out.write(text)) await once(out, 'drain');
}

export async function createWriter(o: WriterOptions): Promise<ResultWriter> {
  switch (o.format) {
    case 'ndjson':
      return { write: (b) => put(o.out, b.text), finish: async () => {} };
    case 'json':
      return jsonWriter(o);
    case 'csv':
      return csvWriter(o);
    case 'xlsx':
      return xlsxWriter(o, (await import('exceljs')).default);
    case 'table':
      return {
        write: () => {},
        finish: (summary) => put(o.out, renderTable(summary, o.policy, o.lang, o.color)),
      };
  }
}

export function policyHeader(policy: Policy) {
  return { id: policy.id, version: policy.version, name: policy.name, effective_from: policy.effectiveFrom };
}

function merchantJson(summary: CheckSummary, lang: Lang) {
  const m = summary.merchant;
  return m
    ? { status: m.status, rule: m.rule, code: m.code, fact: m.fact, message: eligibilityMessage(m, lang) }
    : null;
}

/**
 * `{"policy", "results": [...], "merchant", "summary"}`: results stream out as they are checked,
 * so the merchant and the summary, complete only at the end, come after them.
 */
function jsonWriter(o: WriterOptions): ResultWriter {
  let started = false;
  let empty = true;
  const start = async () => {
    if (!started) await put(o.out, `{"policy":${JSON.stringify(policyHeader(o.policy))},"results":[`);
    started = true;
  };
  return {
    async write(b) {
      await start();
      if (!b.text) return;
      await put(o.out, `${empty ? '\n' : ',\n'}${b.text}`);
      empty = false;
    },
    async finish(summary) {
      await start();
      await put(
        o.out,
        `\n],"merchant":${JSON.stringify(merchantJson(summary, o.lang))},"summary":${JSON.stringify(summary)}}\n`,
      );
    },
  };
}

/** A person's CSV starts with a byte-order mark: without it Excel reads UTF-8 as the local code page. */
const BOM = '\uFEFF';

function csvWriter(o: WriterOptions): ResultWriter {
  let headerWritten = false;
  const header = async () => {
    if (!headerWritten) {
      const bom = speaksIds('csv', o.lang) ? '' : BOM;
      await put(o.out, bom + stringify([reportHeader('csv', o.lang)]));
    }
    headerWritten = true;
  };
  return {
    async write(b) {
      await header();
      await put(o.out, b.text);
    },
    finish: header,
  };
}

const verdictFill: Record<Verdict, string> = {
  allowed: 'FFC6EFCE',
  needs_invitation: 'FFFFEB9C',
  blocked: 'FFFFC7CE',
  invalid: 'FFD9D9D9',
};

const wideColumns: Partial<Record<ReportColumn, number>> = {
  reasons: 70,
  fit_reason: 50,
  sku: 22,
  category: 22,
  category_name: 22,
  detected: 22,
  reason_codes: 22,
  fit_flags: 22,
  price_mxn_pesos: 16,
};

/**
 * A workbook a seller opens, in the seller's language: the summary sheet first, then the results
 * with verdict colours, filters and a frozen header. Rows stream to disk; the summary sheet is
 * written last but sits first.
 */
function xlsxWriter(o: WriterOptions, Excel: typeof ExcelJS): ResultWriter {
  if (!o.outFile) throw new Error('--format xlsx needs --out <file.xlsx>');
  const workbook = new Excel.stream.xlsx.WorkbookWriter({
    filename: o.outFile,
    useStyles: true,
    useSharedStrings: false,
  });
  // Printed (or saved as PDF) each sheet fits the page width.
  const pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } as const;
  const names = sheetNames[o.lang];
  const summarySheet = workbook.addWorksheet(names.summary, { pageSetup });
  const results = workbook.addWorksheet(names.results, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup,
  });
  const header = reportHeader('xlsx', o.lang);
  results.columns = reportColumns.map((c, i) => ({ header: header[i], key: c, width: wideColumns[c] ?? 12 }));
  results.getRow(1).font = { bold: true };
  results.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: reportColumns.length } };
  const verdictColumn = reportColumns.indexOf('verdict') + 1;
  const priceColumn = reportColumns.indexOf('price_mxn_pesos') + 1;
  results.getColumn(priceColumn).numFmt = '#,##0.00';
  return {
    write(b) {
      for (const r of b.results) {
        const values = flatRow(r, o, true);
        // Money as a number of pesos, so that a seller can sum and sort it in Excel.
        values[priceColumn - 1] = r.price_mxn === null ? '' : r.price_mxn / 100;
        const row = results.addRow(values);
        row.getCell(verdictColumn).fill = {
          type: 'pattern',
          pattern: 'solid',
          fgColor: { argb: verdictFill[r.verdict] },
        };
        row.commit();
      }
    },
    async finish(summary) {
      results.commit();
      writeSummarySheet(summarySheet, summary, o);
      summarySheet.commit();
      await workbook.commit();
    },
  };
}

/** `2026-11-30 17:05 UTC`: the time a check ran, with its zone. */
const utcMinute = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function writeSummarySheet(sheet: ExcelJS.Worksheet, summary: CheckSummary, o: WriterOptions) {
  const s = summary.toJSON();
  const t = summaryLabels[o.lang];
  const heading = (...cells: (string | number)[]) => {
    sheet.addRow(cells).font = { bold: true };
  };
  sheet.columns = [{ width: 30 }, { width: 14 }, { width: 60 }];
  // The policy's title in the reader's language; its id and version, on the next row, stay as ids.
  const title = sheet.addRow([`${t.report} — ${o.policy.title?.[o.lang] ?? o.policy.name}`]);
  title.font = { bold: true, size: 14 };
  sheet.addRow([t.policy, `${o.policy.id} v${o.policy.version}`]);
  sheet.addRow([t.effective, o.policy.effectiveFrom]);
  if (o.source) {
    sheet.addRow([t.file, o.source.file]);
    sheet.addRow([t.checkedAt, utcMinute(o.source.checkedAt)]);
  }
  const merchant = summary.merchant;
  if (merchant)
    sheet.addRow([
      t.merchant,
      eligibilityNames[merchant.status][o.lang],
      eligibilityMessage(merchant, o.lang),
    ]);
  sheet.addRow([]);
  heading(t.verdict, t.rows);
  for (const v of Object.keys(s.verdicts) as Verdict[]) {
    const row = sheet.addRow([verdictWord(v, o.lang), s.verdicts[v]]);
    row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: verdictFill[v] } };
  }
  heading(t.total, s.rows);
  sheet.addRow([]);
  heading(t.reason, t.rows, t.code);
  for (const r of s.top_reasons)
    sheet.addRow([reasonNames[r.code as ReasonCode]?.[o.lang] ?? r.code, r.count, r.code]);
  sheet.addRow([]);
  heading(t.fitGrade, t.rows);
  for (const [g, n] of Object.entries(s.fit_grades)) sheet.addRow([g, n]);
  sheet.addRow([]);
  heading(t.category, t.rows, t.code);
  for (const [c, n] of Object.entries(s.categories).sort((a, b) => b[1] - a[1])) {
    // Rows with no category at all are counted as `unknown` (CheckSummary).
    const name = c === 'unknown' ? t.noCategory : categoryName(o.policy, c, o.lang) || c;
    sheet.addRow([name, n, c === 'unknown' ? '' : c]);
  }
}
