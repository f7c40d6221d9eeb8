import en from './i18n/en.json';
import es from './i18n/es-MX.json';
import zh from './i18n/zh-CN.json';

/**
 * The short name a person reads for a time zone at a given instant, in their language: "CST" or
 * "CDT", "美中部标准时间" or "美中部夏令时间". Intl's own short names are only good in en-US
 * (zh-CN and es-MX get "GMT-6"), so the zones Puente's warehouses use have a glossary in the
 * i18n files; any other zone falls back to Intl's name, or to its offset ("GMT+9").
 */

type Glossary = Record<string, { standard: string; daylight?: string }>;
const glossaries: Record<'zh' | 'en' | 'es', Glossary> = { en: en.zones, es: es.zones, zh: zh.zones };

// Spellings of UTC that browsers and settings use for the same zone.
const utcAliases = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Etc/Zulu', 'Zulu']);

function glossaryFor(lang: string): Glossary {
  if (lang.startsWith('zh')) return glossaries.zh;
  if (lang.startsWith('es')) return glossaries.es;
  return glossaries.en;
}

const wallClock = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone is ahead of UTC at `at` (−360 for CST). */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  let f = wallClock.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClock.set(timeZone, f);
  }
  const n: Record<string, number> = {};
  for (const x of f.formatToParts(at)) n[x.type] = Number(x.value);
  const part = (type: string) => n[type] ?? 0;
  const local = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * Whether `at` is in the zone's daylight-saving time: its offset then is ahead of the smaller of
 * its January and July offsets (the standard one, in either hemisphere).
 */
export function isDaylightTime(timeZone: string, at: Date): boolean {
  const year = at.getUTCFullYear();
  const standard = Math.min(
    utcOffsetMinutes(timeZone, new Date(Date.UTC(year, 0, 1))),
    utcOffsetMinutes(timeZone, new Date(Date.UTC(year, 6, 1))),
  );
  return utcOffsetMinutes(timeZone, at) > standard;
}

const intlNames = new Map<string, Intl.DateTimeFormat>();
function intlZoneName(locale: string, timeZone: string, style: 'short' | 'shortOffset', at: Date): string {
  const key = `${locale}|${timeZone}|${style}`;
  let f = intlNames.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style });
    intlNames.set(key, f);
  }
  return f.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** The zone's short name at `at` in `lang` ('zh-CN' | 'en' | 'es-MX'); never an IANA id. */
export function zoneName(timeZone: string, lang: string, locale: string, at: Date): string {
  const zone = utcAliases.has(timeZone) ? 'UTC' : timeZone;
  const entry = glossaryFor(lang)[zone];
  if (entry) {
    if (!isDaylightTime(zone, at)) return entry.standard;
    // A zone that kept daylight time in the past (Mexico City until 2022) has no daylight name.
    if (entry.daylight) return entry.daylight;
  }
  // Intl's own abbreviation when it has one ("CET" in en), else the plain offset.
  const short = intlZoneName(locale, zone, 'short', at);
  return /^(GMT|UTC)[+−-]/.test(short) ? intlZoneName(locale, zone, 'shortOffset', at) : short;
}

/**
 * The zone's name without standard or daylight, for rules that hold all year ("by 23:59 Pacific
 * Time", "北美太平洋时间", "hora del Pacífico"); its offset when Intl has no name for it.
 */
export function genericZoneName(timeZone: string, locale: string): string {
  const key = `${locale}|${timeZone}|generic`;
  let f = intlNames.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'longGeneric' });
    intlNames.set(key, f);
  }
  return f.formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
}

/** The zone of this browser, for the times labelled "your time". */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
