import { DateTime } from 'luxon';
import type { Lang } from '../../i18n/messages.ts';
import { notifyText } from '../../i18n/notifyTexts.ts';
import type { Severity } from './routing.ts';

/**
 * An alert as a person reads it, before any channel's format: a title, what happened, the figures
 * as labelled fields, and a link that opens the order or SKU in Puente. Each channel (Feishu card,
 * WeCom markdown, Slack blocks, e-mail, webhook) lays this out its own way (channelMessages.ts).
 */
export interface Notice {
  title: string;
  severity: Severity;
  headline: string;
  summary: string;
  fields: { label: string; value: string }[];
  link: { label: string; url: string } | null;
  footer: string;
}

export interface AlertForNotice {
  id: string;
  kind: string;
  severity: string;
  message: string;
  data: Record<string, unknown>;
}

export type DeliveryReason = 'raised' | 'worsened' | 'escalated' | 'resolved';

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** The page of Puente that shows what the alert is about. */
export function alertPath(a: AlertForNotice): string {
  const d = a.data;
  if ((a.kind === 'oversell' || a.kind === 'low_stock') && d.sku)
    return `/inventory?sku=${encodeURIComponent(str(d.sku))}`;
  if ((a.kind === 'ship_by_late' || a.kind === 'ship_by_at_risk') && d.externalId)
    return `/orders?tab=all&order=${encodeURIComponent(str(d.externalId))}`;
  return `/alerts?id=${encodeURIComponent(a.id)}`;
}

export const joinUrl = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

/** A deadline said in its warehouse's zone, named (2026-12-01 16:00 CST). */
function dueText(iso: unknown, zone: unknown): string {
  if (typeof iso !== 'string') return '';
  return DateTime.fromISO(iso)
    .setZone(typeof zone === 'string' ? zone : 'UTC')
    .toFormat('yyyy-LL-dd HH:mm ZZZZ');
}

export function noticeOf(
  a: AlertForNotice,
  o: {
    lang: Lang;
    reason: DeliveryReason;
    publicUrl: string;
    channel: string;
    escalateMinutes?: number | null;
  },
): Notice {
  const t = (table: Parameters<typeof notifyText>[0], key: string, p: Record<string, string | number> = {}) =>
    notifyText(table, key, o.lang, p);
  const d = a.data;
  const params: Record<string, string | number> = {
    sku: str(d.sku),
    storefront: str(d.storefront),
    warehouse: str(d.warehouse),
    orders: Number(d.orders ?? 0),
    units: Number(d.unitsShort ?? 0),
    order: str(d.externalId),
    due: dueText(d.operationalBy, d.warehouseZone),
    available: str(d.available),
    days: typeof d.daysOfCover === 'number' ? d.daysOfCover.toFixed(1) : str(d.daysOfCover),
  };
  const field = (key: string, value: string | number) =>
    value === '' ? [] : [{ label: t('labels', key) as string, value: String(value) }];
  const fields = [
    ...field('severity', t('severityNames', a.severity) ?? a.severity),
    ...(a.kind === 'oversell'
      ? [
          ...field('sku', params.sku as string),
          ...field('storefront', params.storefront as string),
          ...field('orders', params.orders as number),
          ...field('units', params.units as number),
        ]
      : a.kind === 'low_stock'
        ? [
            ...field('sku', params.sku as string),
            ...field('warehouse', params.warehouse as string),
            ...field('available', params.available as string),
            ...field('days', params.days as string),
          ]
        : a.kind === 'ship_by_late' || a.kind === 'ship_by_at_risk'
          ? [
              ...field('order', params.order as string),
              ...field('storefront', params.storefront as string),
              ...field('warehouse', params.warehouse as string),
              ...field('due', params.due as string),
            ]
          : []),
  ];
  const kind = t('kindTitles', a.kind) ?? a.kind;
  const subjectName = str(d.sku || d.externalId);
  return {
    title: `${kind}${subjectName ? ` · ${subjectName}` : ''}`,
    severity: (['info', 'warning', 'critical'].includes(a.severity) ? a.severity : 'info') as Severity,
    headline: t('reasonLines', o.reason, { minutes: o.escalateMinutes ?? 0 }) as string,
    // Kinds without a sentence of their own (listing, sync) say the alert's own message.
    summary: t('summaries', a.kind, params) ?? a.message,
    fields,
    link: { label: t('labels', 'open') as string, url: joinUrl(o.publicUrl, alertPath(a)) },
    footer: [
      a.severity === 'critical' && o.reason !== 'resolved' ? t('labels', 'acknowledge') : null,
      t('labels', 'footer', { channel: o.channel }),
    ]
      .filter(Boolean)
      // Chinese sentences follow each other without a space.
      .join(o.lang === 'zh' ? '' : ' '),
  };
}

/** Several notices as one message, for a chat bot past its rate limit. */
export function batchNotice(
  notices: readonly Notice[],
  o: { lang: Lang; publicUrl: string; channel: string },
): Notice {
  const worst = notices.some((n) => n.severity === 'critical')
    ? 'critical'
    : notices.some((n) => n.severity === 'warning')
      ? 'warning'
      : 'info';
  return {
    title: notifyText('labels', 'batch', o.lang, { n: notices.length }) as string,
    severity: worst,
    headline: notifyText('labels', 'batchWhy', o.lang) as string,
    summary: notices.map((n) => `• ${n.title}: ${n.summary}`).join('\n'),
    fields: [],
    link: { label: notifyText('labels', 'open', o.lang) as string, url: joinUrl(o.publicUrl, '/alerts') },
    footer: notifyText('labels', 'footer', o.lang, { channel: o.channel }) as string,
  };
}

/** The message `channel test` sends. */
export function testNotice(o: { lang: Lang; publicUrl: string; channel: string }): Notice {
  return {
    title: notifyText('labels', 'testTitle', o.lang) as string,
    severity: 'info',
    headline: notifyText('labels', 'testBody', o.lang, { channel: o.channel }) as string,
    summary: '',
    fields: [],
    link: { label: notifyText('labels', 'open', o.lang) as string, url: joinUrl(o.publicUrl, '/settings') },
    footer: notifyText('labels', 'footer', o.lang, { channel: o.channel }) as string,
  };
}
