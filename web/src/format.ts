import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Money, UiLanguage } from './apiModels';
import { browserZone, genericZoneName, zoneName } from './zoneNames';

/**
 * Numbers, money and dates as each language writes them. Money arrives in minor units with its
 * currency; instants are ISO UTC strings shown in a given IANA time zone (a warehouse's, usually),
 * always followed by that zone's short name in the reader's language.
 */

export const languages: UiLanguage[] = ['zh-CN', 'en', 'es-MX'];

export function intlLocale(lang: string): string {
  if (lang.startsWith('zh')) return 'zh-CN';
  if (lang.startsWith('es')) return 'es-MX';
  return 'en-US';
}

/** The `lang` query parameter of endpoints that return human text. */
export function apiLang(lang: string): 'zh' | 'en' | 'es' {
  if (lang.startsWith('zh')) return 'zh';
  if (lang.startsWith('es')) return 'es';
  return 'en';
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f as T;
}

export function formatNumber(n: number, lang: string, maximumFractionDigits = 0): string {
  const locale = intlLocale(lang);
  return cached(
    `n|${locale}|${maximumFractionDigits}`,
    () => new Intl.NumberFormat(locale, { maximumFractionDigits }),
  ).format(n);
}

export function formatPercent(ratio: number, lang: string, digits = 1): string {
  const locale = intlLocale(lang);
  return cached(
    `p|${locale}|${digits}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }),
  ).format(ratio);
}

export function formatMoney(money: Money, lang: string): string {
  const locale = intlLocale(lang);
  const f = cached(`m|${locale}|${money.currency}`, () => {
    try {
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency: money.currency,
        currencyDisplay: 'symbol',
      });
    } catch {
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
  });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(money.minor / 10 ** digits);
}

export function formatDate(iso: string | null | undefined, lang: string, timeZone?: string): string {
  if (!iso) return '—';
  const locale = intlLocale(lang);
  // A bare date (an ETA such as 2026-12-08) is a calendar day: show it as that day, whatever the zone.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  const zone = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? 'UTC' : timeZone;
  return cached(
    `d|${locale}|${zone ?? ''}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: zone }),
  ).format(date);
}

const instantParts = (locale: string, timeZone: string) =>
  cached(
    `i|${locale}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        weekday: 'short',
        year: 'numeric',
        // Chinese writes the month as a number ("12月"); English and Spanish as a short word.
        month: locale === 'zh-CN' ? 'numeric' : 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone,
      }),
  );

function partsOf(at: Date, locale: string, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of instantParts(locale, timeZone).formatToParts(at)) out[p.type] = p.value;
  return out;
}

/**
 * An instant as a person reads it, in a given zone, always naming the zone by its short name in
 * the reader's language: en "Tue 1 Dec 16:00 CST", es-MX "mar 1 dic 16:00 CST", zh-CN
 * "12月1日 周二 16:00 美中部标准时间". The year is added when it is not the current one (in that
 * zone). An unknown zone is named by its offset ("GMT+9"), never by its IANA id.
 */
export function formatInstant(
  iso: string | null | undefined,
  lang: string,
  timeZone: string,
  now: number = Date.now(),
): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '—';
  const locale = intlLocale(lang);
  // The board re-renders every row each second: the same instant is formatted once per year shown.
  const key = `${locale}|${lang}|${timeZone}|${iso}|${yearIn(now, locale, timeZone)}`;
  const known = instants.get(key);
  if (known !== undefined) return known;
  const p = partsOf(at, locale, timeZone);
  const year = p.year !== yearIn(now, locale, timeZone) ? p.year : '';
  const zone = zoneName(timeZone, lang, locale, at);
  const time = `${p.hour}:${p.minute}`;
  let text: string;
  if (locale === 'zh-CN')
    text = `${year ? `${year}年` : ''}${p.month}月${p.day}日 ${p.weekday} ${time} ${zone}`;
  else {
    // Spanish abbreviations may carry a period ("dic."), which reads oddly before the time.
    const month = (p.month ?? '').replace(/\.$/, '');
    const weekday = (p.weekday ?? '').replace(/\.$/, '');
    text = `${weekday} ${p.day} ${month}${year ? ` ${year}` : ''} ${time} ${zone}`;
  }
  if (instants.size >= 20_000) instants.clear();
  instants.set(key, text);
  return text;
}

const instants = new Map<string, string>();
const years = new Map<string, string | undefined>();

/** The current year in a zone, read once a minute per zone. */
function yearIn(now: number, locale: string, timeZone: string): string | undefined {
  const key = `${locale}|${timeZone}|${Math.floor(now / 60_000)}`;
  if (!years.has(key)) {
    if (years.size >= 1_000) years.clear();
    years.set(key, partsOf(new Date(now), locale, timeZone).year);
  }
  return years.get(key);
}

/**
 * The style of a cell that shows an instant: it may wrap between its words when the table is
 * narrow, but never inside one, so "美中部标准时间" or "12月3日" stays whole.
 */
export const instantStyle = { wordBreak: 'keep-all' } as const;

/** The wall-clock time now in a zone: "Thu 09:41 CST", "周四 09:41 美中部标准时间". */
export function formatClock(at: Date, lang: string, timeZone: string): string {
  const locale = intlLocale(lang);
  const p = partsOf(at, locale, timeZone);
  const weekday = (p.weekday ?? '').replace(/\.$/, '');
  return `${weekday} ${p.hour}:${p.minute} ${zoneName(timeZone, lang, locale, at)}`;
}

/**
 * A span of time in words, rounded down to what matters for a deadline: whole days from two days
 * on, whole hours from two hours on, else minutes (at least one). "47 days", "47天", "47 días".
 */
export function formatDuration(ms: number, lang: string): string {
  const locale = intlLocale(lang);
  const abs = Math.abs(ms);
  const [value, unit] =
    abs >= 2 * 86_400_000
      ? [Math.floor(abs / 86_400_000), 'day']
      : abs >= 2 * 3_600_000
        ? [Math.floor(abs / 3_600_000), 'hour']
        : [Math.max(1, Math.floor(abs / 60_000)), 'minute'];
  return cached(
    `u|${locale}|${unit}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }),
  ).format(value);
}

/** "2 d 04:12:09" until a deadline; negative when it has passed. */
export function formatCountdown(ms: number, dayUnit: string): string {
  const sign = ms < 0 ? '−' : '';
  let s = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(s / 86_400);
  s -= days * 86_400;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const clock = [h, m, sec].map((v) => String(v).padStart(2, '0')).join(':');
  return `${sign}${days > 0 ? `${days} ${dayUnit} ` : ''}${clock}`;
}

export function formatRelative(iso: string, lang: string, now = Date.now()): string {
  const locale = intlLocale(lang);
  const diff = (Date.parse(iso) - now) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(Math.round(diff), 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(diff / 3600), 'hour');
  return rtf.format(Math.round(diff / 86_400), 'day');
}

/** The formatters bound to the current UI language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return useMemo(
    () => ({
      lang,
      locale: intlLocale(lang),
      apiLang: apiLang(lang),
      number: (n: number, digits = 0) => formatNumber(n, lang, digits),
      percent: (r: number, digits = 1) => formatPercent(r, lang, digits),
      money: (m: Money) => formatMoney(m, lang),
      /** An instant in a warehouse's zone (or UTC), its zone named. */
      instant: (iso: string | null | undefined, tz: string) => formatInstant(iso, lang, tz),
      /** An instant in this browser's zone: only where the page says "your time". */
      yourInstant: (iso: string | null | undefined) => formatInstant(iso, lang, browserZone()),
      date: (iso: string | null | undefined, tz?: string) => formatDate(iso, lang, tz),
      clock: (at: Date, tz: string) => formatClock(at, lang, tz),
      duration: (ms: number) => formatDuration(ms, lang),
      /** A zone's all-year name, for rules and settings: "Central Time", "北美中部时间". */
      zone: (tz: string) => genericZoneName(tz, intlLocale(lang)),
      relative: (iso: string, now?: number) => formatRelative(iso, lang, now),
    }),
    [lang],
  );
}
