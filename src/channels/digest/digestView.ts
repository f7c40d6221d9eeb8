import { DateTime } from 'luxon';
import { type DigestTextKey, digestText, digestWords } from '../../i18n/digestTexts.ts';
import type { Lang } from '../../i18n/messages.ts';
import type { DigestOrder, MorningDigest } from '../../services/morningDigest.ts';

/**
 * The morning digest in one language, as titled sections of lines: what every channel renders
 * (digestFormats.ts), so that the words are chosen once and each channel only lays them out. Every
 * time is shown in the warehouse's zone with its abbreviation, and the header names the zone.
 */

export type Tone = 'ok' | 'warning' | 'critical';

export interface DigestSection {
  id: 'ship_today' | 'deadlines' | 'waiting' | 'late_dispatch' | 'low_stock' | 'sync';
  title: string;
  tone: Tone;
  summary: string;
  items: string[];
  link: { label: string; url: string };
}

export interface DigestView {
  lang: Lang;
  warehouse: string;
  title: string;
  /** Names the zone every time is in. */
  zoneLine: string;
  /** The worst tone of its sections: the colour of a card. */
  tone: Tone;
  /** The dashboard's Overview, for a card's button. */
  link: { label: string; url: string };
  sections: DigestSection[];
}

const rank: Record<Tone, number> = { ok: 0, warning: 1, critical: 2 };
const worst = (tones: Tone[]): Tone => tones.reduce((a, b) => (rank[b] > rank[a] ? b : a), 'ok');

/** 0.04 → "4%", 0.025 → "2.5%". */
export const percent = (x: number) => `${Number((x * 100).toFixed(1))}%`;

/** A time in the warehouse's zone: "16:00 CST" today, with the date on any other day. */
export function zoneTime(iso: string, zone: string, day: string, lang: Lang): string {
  const t = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  const clock = `${t.toFormat('HH:mm')} ${t.setLocale('en-US').toFormat('ZZZZ')}`;
  if (t.toISODate() === day) return clock;
  if (lang === 'zh') return `${t.toFormat('M月d日')} ${clock}`;
  return `${t.setLocale(lang === 'es' ? 'es-MX' : 'en-US').toFormat(lang === 'es' ? 'd LLL' : 'LLL d')}, ${clock}`;
}

function longDate(day: string, zone: string, lang: Lang): string {
  const d = DateTime.fromISO(day, { zone });
  if (lang === 'zh') return d.setLocale('zh-CN').toFormat('yyyy年M月d日 cccc');
  if (lang === 'es') return d.setLocale('es-MX').toFormat("cccc d 'de' LLLL 'de' yyyy");
  return d.setLocale('en-US').toFormat('cccc, LLLL d, yyyy');
}

export function digestView(d: MorningDigest, lang: Lang): DigestView {
  const say = (key: DigestTextKey, p: Record<string, string | number> = {}) => digestText(key, lang, p);
  const zone = d.warehouse.timeZone;
  const time = (iso: string) => zoneTime(iso, zone, d.day, lang);
  const link = (url: string) => ({ label: say('open_link'), url });
  const sep = lang === 'zh' ? '；' : '; ';
  const more = (shown: number, total: number, of: 'orders' | 'skus' | 'failures' = 'orders') =>
    total > shown ? [say(`more_${of}`, { n: total - shown })] : [];
  const colon = lang === 'zh' ? '：' : ': ';
  /** One order on a line; its state is left out where the section already says it (`withState`). */
  const order = (o: DigestOrder, withState = true) =>
    [
      o.externalId,
      o.storefront,
      withState ? digestWords.orderStates[o.state][lang] : null,
      o.dueBy ? `${digestWords.deadlineKinds[o.dueBy.kind][lang]} ${time(o.dueBy.at)}` : null,
      o.shortfalls.length
        ? o.shortfalls
            .map((s) => say('short_of', { sku: s.sku, wanted: s.wanted, available: s.available }))
            .join(sep)
        : null,
    ]
      .filter((x): x is string => x !== null)
      .join(' · ');

  // The orders themselves are listed under the deadlines: the late and at-risk ones come first.
  const t = d.shipToday;
  const shipToday: DigestSection = {
    id: 'ship_today',
    title: say('ship_today_title'),
    tone: t.count > 0 ? 'warning' : 'ok',
    summary: t.count
      ? say('ship_today', { n: t.count, time: time(t.nextPickup) })
      : say('ship_today_none', { time: time(t.nextPickup) }),
    items: [],
    link: link(t.link),
  };

  const dl = d.deadlines;
  const deadlines: DigestSection = {
    id: 'deadlines',
    title: say('deadlines_title'),
    tone: dl.late > 0 ? 'critical' : dl.atRisk > 0 ? 'warning' : 'ok',
    summary:
      dl.late + dl.atRisk
        ? say('deadlines', { late: dl.late, atRisk: dl.atRisk, hours: dl.atRiskHours })
        : say('deadlines_none'),
    items: [...dl.orders.map((o) => order(o)), ...more(dl.orders.length, dl.late + dl.atRisk)],
    link: link(dl.link),
  };

  const w = d.awaitingStock;
  const waiting: DigestSection = {
    id: 'waiting',
    title: say('waiting_title'),
    tone: w.late > 0 ? 'critical' : w.orders > 0 ? 'warning' : 'ok',
    summary: w.orders
      ? say('waiting', { orders: w.orders, units: w.units, late: w.late })
      : say('waiting_none'),
    items: [...w.list.map((o) => order(o, false)), ...more(w.list.length, w.orders)],
    link: link(w.link),
  };

  // [P11] the 2-day rule; the lines are the platform's: over 4% a warning, over 10% order limits and
  // delayed settlement (reference/dispatch-and-calendars.md §1.2–1.3).
  const r = d.lateDispatch;
  const lines = { warning: percent(r.warning), limit: percent(r.limit) };
  const rate: DigestSection = {
    id: 'late_dispatch',
    title: say('rate_title'),
    tone: worst(
      r.windows.map((x) => (x.level === 'penalty' ? 'critical' : x.level === 'warning' ? 'warning' : 'ok')),
    ),
    summary: say('rate_lines', lines),
    items: r.windows.length
      ? r.windows.map((x) =>
          x.rate === null
            ? say('rate_none', { days: x.days })
            : `${say('rate', { days: x.days, rate: percent(x.rate), late: x.late, due: x.due })}${lang === 'zh' ? '，' : ', '}${say(
                x.level === 'penalty'
                  ? 'rate_level_penalty'
                  : x.level === 'warning'
                    ? 'rate_level_warning'
                    : 'rate_level_ok',
                lines,
              )}`,
        )
      : [say('rate_empty')],
    link: link(r.link),
  };

  const l = d.lowStock;
  const low: DigestSection = {
    id: 'low_stock',
    title: say('low_title'),
    tone: l.items.some((s) => s.available <= 0) ? 'critical' : l.total > 0 ? 'warning' : 'ok',
    summary: l.total ? say('low', { n: l.total }) : say('low_none'),
    items: [
      ...l.items.map((s) =>
        say('low_item', {
          sku: s.sku,
          title: s.title,
          available: s.available,
          // Low needs sales, so a low SKU always has a pace; "—" only guards the type.
          days: s.daysOfCover === null ? '—' : Number(s.daysOfCover.toFixed(1)),
          lead: s.leadTimeDays,
          inbound: s.inbound,
        }),
      ),
      ...more(l.items.length, l.total, 'skus'),
    ],
    link: link(l.link),
  };

  const s = d.syncErrors;
  const sync: DigestSection = {
    id: 'sync',
    title: say('sync_title'),
    tone: s.items.some((f) => f.severity === 'critical' && f.state !== 'resolved')
      ? 'critical'
      : s.total > 0 || s.outbox.length > 0
        ? 'warning'
        : 'ok',
    summary: s.total
      ? say('sync', { n: s.total, time: time(s.since) })
      : say('sync_none', { time: time(s.since) }),
    items: [
      ...s.items.map(
        (f) =>
          `${time(f.at)} · ${digestWords.syncSources[f.source][lang]} · ${digestWords.alertStates[f.state][lang]}${colon}${f.message}`,
      ),
      ...more(s.items.length, s.total, 'failures'),
      ...s.outbox.map((o) =>
        say('sync_outbox', { storefront: o.storefront, figures: o.stockFailed, tracking: o.trackingRefused }),
      ),
    ],
    link: link(s.link),
  };

  const sections = [shipToday, deadlines, waiting, rate, low, sync];
  return {
    lang,
    warehouse: d.warehouse.code,
    title: say('title', { warehouse: d.warehouse.code, date: longDate(d.day, zone, lang) }),
    zoneLine: say('zone', {
      zone,
      abbr: DateTime.fromISO(d.at, { zone: 'utc' }).setZone(zone).setLocale('en-US').toFormat('ZZZZ'),
    }),
    tone: worst(sections.map((x) => x.tone)),
    link: link(d.link),
    sections,
  };
}
