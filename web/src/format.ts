import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Money, UiLanguage } from './apiTypes';

/**
 * Numbers, money and dates as each language writes them. Money arrives in minor units with its
 * currency; dates are ISO UTC strings shown in a given IANA time zone (a warehouse's, usually).
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

export function formatDateTime(iso: string | null | undefined, lang: string, timeZone?: string): string {
  if (!iso) return '—';
  const locale = intlLocale(lang);
  return cached(
    `dt|${locale}|${timeZone ?? ''}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  ).format(new Date(iso));
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

/** The wall-clock time now in a zone: "Thu 09:41 CST". */
export function formatClock(at: Date, lang: string, timeZone: string): string {
  const locale = intlLocale(lang);
  return cached(
    `c|${locale}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone,
        timeZoneName: 'short',
      }),
  ).format(at);
}

/** A deadline in the warehouse's zone: "Thu, Dec 3, 15:00 CST (America/Chicago)". */
export function formatDeadline(iso: string, lang: string, timeZone: string): string {
  const locale = intlLocale(lang);
  const text = cached(
    `dl|${locale}|${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        weekday: 'short',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone,
        timeZoneName: 'short',
      }),
  ).format(new Date(iso));
  return `${text} (${timeZone})`;
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
      dateTime: (iso: string | null | undefined, tz?: string) => formatDateTime(iso, lang, tz),
      date: (iso: string | null | undefined, tz?: string) => formatDate(iso, lang, tz),
      clock: (at: Date, tz: string) => formatClock(at, lang, tz),
      deadline: (iso: string, tz: string) => formatDeadline(iso, lang, tz),
      relative: (iso: string, now?: number) => formatRelative(iso, lang, now),
    }),
    [lang],
  );
}
