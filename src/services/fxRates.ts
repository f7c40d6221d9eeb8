import { DateTime } from 'luxon';
import { openTable, type TableRow } from '../channels/spreadsheet/readTable.ts';
import { type Currency, type ExchangeRate, parseRate } from '../domain/money/money.ts';
import type { Notice } from '../i18n/notices.ts';
import { type FxRateRow, fxRateOn, fxRates, setFxRates } from '../store/costData.ts';
import type { Store } from '../store/openDatabase.ts';
import { columnsOf, type ImportReport, noteProblem, problemOf, rowProblem } from './importReport.ts';
import { Refused } from './refused.ts';

/**
 * Dated exchange rates (`puente fx set|import|list`, the API's /fx-rates). Every conversion takes
 * the rate of its day: that day's row, else the latest earlier one, and says which it used. The
 * seller keeps the rates (e.g. the DOF/Banxico rate customs uses, inferred in the reference §2.3).
 */

const currencies: Currency[] = ['USD', 'MXN', 'CNY'];

/** Today in Mexico City: the day Mexican rules and rates are read for. */
export const todayInMexico = (now = new Date()) =>
  DateTime.fromJSDate(now, { zone: 'America/Mexico_City' }).toISODate() as string;

export function isDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text).isValid;
}

/** `USD/MXN` → its two currencies, or undefined. */
export function parsePair(text: string): { base: Currency; quote: Currency } | undefined {
  const m = /^([A-Za-z]{3})\s*\/\s*([A-Za-z]{3})$/.exec(text.trim());
  if (!m) return undefined;
  const base = (m[1] as string).toUpperCase() as Currency;
  const quote = (m[2] as string).toUpperCase() as Currency;
  if (!currencies.includes(base) || !currencies.includes(quote) || base === quote) return undefined;
  return { base, quote };
}

const usage = (name: string, value: string, expected: string) =>
  new Refused('usage', { key: 'invalid_value', params: { name, value, expected } });

/** The rate as typed, normalised ("18.2500" stays as typed: it is the figure of record). */
function rateText(text: string): string | undefined {
  return parseRate(text, 'USD', 'MXN') ? text.trim() : undefined;
}

export async function setFxRate(
  store: Store,
  org: string,
  r: { date: string; pair: string; rate: string; actor: string },
): Promise<FxRateRow> {
  if (!isDate(r.date)) throw usage('--date', r.date, 'date');
  const pair = parsePair(r.pair);
  if (!pair) throw usage('--pair', r.pair, 'fx_pair');
  const rate = rateText(r.rate);
  if (!rate) throw usage('--rate', r.rate, 'fx_rate');
  const row = { ...pair, date: r.date, rate };
  await setFxRates(store, org, [row], {
    organizationId: org,
    actor: r.actor,
    action: 'fx.set',
    subject: `${pair.base}/${pair.quote} ${r.date}`,
    data: { rate },
  });
  return row;
}

/** A file with columns date, pair (or base and quote) and rate; bad rows are reported, good ones kept. */
export async function importFxRates(
  store: Store,
  org: string,
  file: string,
  actor: string,
): Promise<ImportReport> {
  const table = await openTable(file);
  const col = columnsOf(
    table.headers,
    {
      date: ['date', 'fecha', '日期', 'effective date'],
      pair: ['pair', 'par', '货币对'],
      base: ['base', 'from'],
      quote: ['quote', 'to'],
      rate: ['rate', 'tipo de cambio', 'tipo', '汇率'],
    },
    ['date', 'rate'],
    file,
  );
  const report: ImportReport = { imported: 0, skipped: 0, problems: [], warnings: [], detail: {} };
  const good: FxRateRow[] = [];
  const cell = (r: TableRow, c: string) =>
    col[c] === undefined ? '' : (r.values[col[c] as number]?.trim() ?? '');
  for await (const rows of table.rows) {
    for (const r of rows) {
      const bad = (field: string, notice: Notice) => {
        noteProblem(report, problemOf(r.row, field, notice));
        report.skipped++;
      };
      if (r.problem) {
        noteProblem(report, rowProblem(r));
        report.skipped++;
        continue;
      }
      const date = cell(r, 'date');
      const pairText =
        col.pair !== undefined ? cell(r, 'pair') : `${cell(r, 'base') || 'USD'}/${cell(r, 'quote') || 'MXN'}`;
      const pair = parsePair(pairText);
      const rate = rateText(cell(r, 'rate'));
      if (!isDate(date)) bad('date', { key: 'row_not_a_date', params: { value: date } });
      else if (!pair) bad('pair', { key: 'row_not_a_pair', params: { value: pairText } });
      else if (!rate) bad('rate', { key: 'row_not_a_rate', params: { value: cell(r, 'rate') } });
      else good.push({ ...pair, date, rate });
    }
  }
  if (good.length) {
    await setFxRates(store, org, good, {
      organizationId: org,
      actor,
      action: 'fx.import',
      subject: file.split(/[\\/]/).pop() ?? file,
      data: { rates: good.length },
    });
  }
  report.imported = good.length;
  return report;
}

export function listFxRates(store: Store, org: string, pair?: string): Promise<FxRateRow[]> {
  if (pair === undefined) return fxRates(store, org);
  const p = parsePair(pair);
  if (!p) throw usage('--pair', pair, 'fx_pair');
  return fxRates(store, org, p);
}

/** The rate a conversion on `date` used: its own date, and whether it is an earlier day's. */
export interface FxUsed {
  pair: string;
  rate: string;
  /** The day of the rate used. */
  date: string;
  /** The day asked for. */
  requestedDate: string;
  earlier: boolean;
  exchangeRate: ExchangeRate;
}

/** The USD/MXN rate of a day, or undefined when the seller has none on or before it. */
export async function usdMxnOn(store: Store, org: string, date: string): Promise<FxUsed | undefined> {
  const row = await fxRateOn(store, org, 'USD', 'MXN', date);
  const exchangeRate = row && parseRate(row.rate, 'USD', 'MXN');
  if (!row || !exchangeRate) return undefined;
  return {
    pair: 'USD/MXN',
    rate: row.rate,
    date: row.date,
    requestedDate: date,
    earlier: row.date !== date,
    exchangeRate,
  };
}

/** The same, refusing when there is none: a cost cannot be guessed without a rate. */
export async function requireUsdMxn(store: Store, org: string, date: string): Promise<FxUsed> {
  const fx = await usdMxnOn(store, org, date);
  if (!fx) throw new Refused('not_found', { key: 'no_fx_rate', params: { pair: 'USD/MXN', date } });
  return fx;
}

/** What to say about the rate used, in any language (notices.ts). */
export function fxNotice(fx: Omit<FxUsed, 'exchangeRate'>): Notice {
  return fx.earlier
    ? {
        key: 'fx_rate_earlier',
        params: { pair: fx.pair, rate: fx.rate, date: fx.date, wanted: fx.requestedDate },
      }
    : { key: 'fx_rate_used', params: { pair: fx.pair, rate: fx.rate, date: fx.date } };
}
