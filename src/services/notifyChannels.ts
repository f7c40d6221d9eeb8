import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { type ChannelTarget, type MailSettings, sendNotice } from '../channels/notify/sendNotice.ts';
import { testNotice } from '../domain/notify/notice.ts';
import { isClockTime } from '../domain/notify/quietHours.ts';
import type { SendOutcome } from '../domain/notify/retry.ts';
import { alertKindOf, type Severity } from '../domain/notify/routing.ts';
import { langOfLocale } from '../i18n/notifyTexts.ts';
import { auditIn } from '../store/accounts.ts';
import {
  type ChannelRow,
  channelById,
  channelIdsStartingWith,
  deleteRoute,
  insertChannel,
  insertRoute,
  listChannels,
  listRoutes,
  type RouteRow,
  removeChannel,
  updateChannel,
} from '../store/notifyChannels.ts';
import { usersWithRoles } from '../store/notifyPrefs.ts';
import type { Store } from '../store/openDatabase.ts';
import { type Role, roles as userRoles } from '../store/schema.ts';
import { inTransaction, now } from '../store/transaction.ts';
import { NotFound } from './lookups.ts';
import { mailSettingsFor } from './notifyPrefs.ts';
import { Refused } from './refused.ts';
import type { SecretBox } from './security/secrets.ts';

/**
 * Notification channels and routes, for the command line and the API alike: each change and its
 * audit row commit together. Webhook URLs (they carry the bot's token) and signing secrets are
 * sealed with the server key and never returned, printed or logged; lists show the URL's origin.
 */

export const channelKinds = ['feishu', 'wecom', 'slack', 'email', 'webhook'] as const;
export type ChannelKind = (typeof channelKinds)[number];
export const channelLanguages = ['zh-CN', 'en', 'es-MX'] as const;
export type ChannelLanguage = (typeof channelLanguages)[number];

export interface ChannelInput {
  kind: ChannelKind;
  name: string;
  url?: string | undefined;
  to?: string | undefined;
  secret?: string | undefined;
  language?: ChannelLanguage | undefined;
  timeZone?: string | undefined;
  quietFrom?: string | null | undefined;
  quietTo?: string | null | undefined;
  escalateAfterMinutes?: number | null | undefined;
  escalateTo?: string | null | undefined;
  sendResolved?: boolean | undefined;
  /** E-mail: roles whose users also get it, each per their own preferences (services/notifyPrefs.ts). */
  roles?: string[] | null | undefined;
}

const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;

function httpUrl(value: string, field: string): URL {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new Refused('usage', { key: 'notify_bad_url', params: { field } });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new Refused('usage', { key: 'notify_bad_url', params: { field } });
  return u;
}

function recipientsOf(to: string, audience: string | null): string[] {
  const list = to
    .split(/[,;\s]+/)
    .map((a) => a.trim())
    .filter(Boolean);
  if (list.length === 0 && !audience) throw new Refused('usage', { key: 'notify_to_required' });
  for (const a of list)
    if (!EMAIL.test(a)) throw new Refused('usage', { key: 'notify_bad_address', params: { value: a } });
  return list;
}

function checkQuiet(field: string, value: string | null | undefined) {
  if (value && !isClockTime(value))
    throw new Refused('usage', { key: 'notify_bad_time', params: { field, value } });
}

/** An e-mail channel's roles as stored: comma-separated, or null for addresses only. */
function audienceOf(roles: readonly string[] | null | undefined): string | null {
  const list = (roles ?? [])
    .flatMap((r) => r.split(','))
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  for (const r of list)
    if (!(userRoles as readonly string[]).includes(r))
      throw new Refused('usage', { key: 'notify_bad_role', params: { value: r } });
  return list.length ? [...new Set(list)].join(',') : null;
}

/** The target as stored: URL sealed, its origin kept apart for lists. */
function sealedTarget(
  secrets: SecretBox,
  input: Pick<ChannelInput, 'kind' | 'url' | 'to'>,
  audience: string | null = null,
) {
  if (input.kind === 'email') {
    const recipients = recipientsOf(input.to ?? '', audience);
    if (!input.url) return { sealed_url: null, url_origin: null, recipients: recipients.join(',') };
    const u = new URL(input.url.includes('://') ? input.url : 'bad://');
    if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:')
      throw new Refused('usage', { key: 'notify_bad_smtp_url' });
    return {
      sealed_url: secrets.seal(input.url),
      url_origin: `${u.protocol}//${u.host}`,
      recipients: recipients.join(','),
    };
  }
  if (!input.url) throw new Refused('usage', { key: 'notify_url_required', params: { kind: input.kind } });
  const u = httpUrl(input.url, '--url');
  return { sealed_url: secrets.seal(input.url), url_origin: u.origin, recipients: null };
}

async function escalationTarget(store: Store, org: string, self: string, to: string | null | undefined) {
  if (!to) return null;
  const id = await channelIdFromPrefix(store, org, to);
  if (id === self) throw new Refused('usage', { key: 'notify_escalate_self' });
  return id;
}

export async function addChannel(
  store: Store,
  secrets: SecretBox,
  a: { organizationId: string; actor: string; input: ChannelInput },
): Promise<ChannelRow> {
  const i = a.input;
  const zone = i.timeZone ?? 'UTC';
  if (!DateTime.local().setZone(zone).isValid)
    throw new Refused('usage', { key: 'notify_bad_zone', params: { value: zone } });
  checkQuiet('--quiet-from', i.quietFrom);
  checkQuiet('--quiet-to', i.quietTo);
  const id = randomUUID();
  const escalateTo = await escalationTarget(store, a.organizationId, id, i.escalateTo);
  const audience = i.kind === 'email' ? audienceOf(i.roles) : null;
  const at = now();
  const row: Omit<ChannelRow, 'removed_at'> = {
    id,
    organization_id: a.organizationId,
    kind: i.kind,
    name: i.name,
    language: i.language ?? 'en',
    ...sealedTarget(secrets, i, audience),
    audience,
    sealed_secret: i.secret ? secrets.seal(i.secret) : null,
    time_zone: zone,
    quiet_from: i.quietFrom ?? null,
    quiet_to: i.quietTo ?? null,
    escalate_after_minutes: escalateTo ? (i.escalateAfterMinutes ?? 15) : null,
    escalate_to: escalateTo,
    send_resolved: i.sendResolved ? 1 : 0,
    created_at: at,
    updated_at: at,
  };
  await inTransaction(store, async (trx) => {
    await insertChannel(trx, row);
    await auditIn(trx, {
      organizationId: a.organizationId,
      actor: a.actor,
      action: 'notify.channel.add',
      subject: id,
      // Never the URL or the secret.
      data: {
        kind: row.kind,
        name: row.name,
        language: row.language,
        origin: row.url_origin,
        roles: audience,
      },
    });
  });
  return { ...row, removed_at: null };
}

export type ChannelChange = Omit<Partial<ChannelInput>, 'kind'>;

/** Changes what was sent; a new URL or secret is sealed again, an empty secret removes it. */
export async function changeChannel(
  store: Store,
  secrets: SecretBox,
  a: { organizationId: string; actor: string; id: string; change: ChannelChange },
): Promise<ChannelRow> {
  const current = await channelById(store.db, a.organizationId, a.id);
  if (!current) throw new NotFound({ key: 'no_channel', params: { id: a.id } });
  const c = a.change;
  if (c.timeZone !== undefined && !DateTime.local().setZone(c.timeZone).isValid)
    throw new Refused('usage', { key: 'notify_bad_zone', params: { value: c.timeZone } });
  checkQuiet('quietFrom', c.quietFrom);
  checkQuiet('quietTo', c.quietTo);
  const set: Parameters<typeof updateChannel>[3] = {};
  if (c.name !== undefined) set.name = c.name;
  if (c.language !== undefined) set.language = c.language;
  if (c.timeZone !== undefined) set.time_zone = c.timeZone;
  if (c.quietFrom !== undefined) set.quiet_from = c.quietFrom;
  if (c.quietTo !== undefined) set.quiet_to = c.quietTo;
  if (c.sendResolved !== undefined) set.send_resolved = c.sendResolved ? 1 : 0;
  if (c.escalateTo !== undefined) {
    set.escalate_to = await escalationTarget(store, a.organizationId, a.id, c.escalateTo);
    set.escalate_after_minutes = set.escalate_to
      ? (c.escalateAfterMinutes ?? current.escalate_after_minutes ?? 15)
      : null;
  } else if (c.escalateAfterMinutes !== undefined) set.escalate_after_minutes = c.escalateAfterMinutes;
  const audience = c.roles !== undefined && current.kind === 'email' ? audienceOf(c.roles) : current.audience;
  if (c.roles !== undefined) set.audience = audience;
  if (c.url !== undefined || c.to !== undefined || c.roles !== undefined)
    Object.assign(
      set,
      sealedTarget(
        secrets,
        {
          kind: current.kind,
          url: c.url ?? (current.sealed_url ? secrets.open(current.sealed_url) : undefined),
          to: c.to ?? current.recipients ?? undefined,
        },
        audience,
      ),
    );
  if (c.secret !== undefined) set.sealed_secret = c.secret ? secrets.seal(c.secret) : null;
  return inTransaction(store, async (trx) => {
    const row = await updateChannel(trx, a.organizationId, a.id, set);
    if (!row) throw new NotFound({ key: 'no_channel', params: { id: a.id } });
    await auditIn(trx, {
      organizationId: a.organizationId,
      actor: a.actor,
      action: 'notify.channel.change',
      subject: a.id,
      data: { fields: Object.keys(c).filter((k) => k !== 'secret' && k !== 'url') },
    });
    return row;
  });
}

export function channels(store: Store, organizationId: string): Promise<ChannelRow[]> {
  return listChannels(store.db, organizationId);
}

export async function channelOf(store: Store, organizationId: string, id: string): Promise<ChannelRow> {
  const row = await channelById(store.db, organizationId, id);
  if (!row) throw new NotFound({ key: 'no_channel', params: { id } });
  return row;
}

/** The channel whose id starts with what a person typed (lists show 8 characters). */
export async function channelIdFromPrefix(
  store: Store,
  organizationId: string,
  prefix: string,
): Promise<string> {
  const ids = await channelIdsStartingWith(store.db, organizationId, prefix.toLowerCase());
  if (ids.length === 0) throw new NotFound({ key: 'no_channel', params: { id: prefix } });
  if (ids.length > 1) throw new Refused('usage', { key: 'channel_id_ambiguous', params: { id: prefix } });
  return ids[0] as string;
}

export async function removeChannelById(
  store: Store,
  a: { organizationId: string; actor: string; id: string },
): Promise<void> {
  await inTransaction(store, async (trx) => {
    if (!(await removeChannel(trx, a.organizationId, a.id)))
      throw new NotFound({ key: 'no_channel', params: { id: a.id } });
    await auditIn(trx, {
      organizationId: a.organizationId,
      actor: a.actor,
      action: 'notify.channel.remove',
      subject: a.id,
      data: {},
    });
  });
}

/** What the sender needs: the URL and secret opened with the server key. */
export function targetOf(secrets: SecretBox, c: ChannelRow): ChannelTarget {
  return {
    kind: c.kind,
    name: c.name,
    language: c.language,
    url: c.sealed_url ? secrets.open(c.sealed_url) : null,
    secret: c.sealed_secret ? secrets.open(c.sealed_secret) : null,
    recipients: c.recipients ? c.recipients.split(',') : [],
  };
}

/** Sends a test message through the channel now (not through the outbox) and says how it went. */
export async function testChannel(
  store: Store,
  secrets: SecretBox,
  a: { organizationId: string; id: string; publicUrl: string; mail: MailSettings },
): Promise<SendOutcome> {
  const c = await channelOf(store, a.organizationId, a.id);
  const notice = testNotice({ lang: langOfLocale(c.language), publicUrl: a.publicUrl, channel: c.name });
  const target = targetOf(secrets, c);
  // An e-mail channel to roles: the test goes to its addresses and its roles' users as they are now.
  if (c.audience)
    target.recipients = [
      ...target.recipients,
      ...(await usersWithRoles(store.db, a.organizationId, c.audience.split(',') as Role[])).map(
        (u) => u.email,
      ),
    ];
  return sendNotice(target, notice, {
    mail: c.kind === 'email' ? await mailSettingsFor(store, secrets, a.organizationId, a.mail) : a.mail,
    event: 'test',
    alert: null,
    deliveryId: randomUUID(),
  });
}

export interface RouteInput {
  channel: string;
  kinds: string[];
  severity?: Severity | null | undefined;
  warehouse?: string | null | undefined;
  storefront?: string | null | undefined;
}

/** Adds a route; `kinds` takes the kinds' names or their short names (late, at_risk…). */
export async function addRoute(
  store: Store,
  a: { organizationId: string; actor: string; input: RouteInput },
): Promise<RouteRow> {
  const channelId = await channelIdFromPrefix(store, a.organizationId, a.input.channel);
  const kinds = a.input.kinds
    .flatMap((k) => k.split(','))
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => {
      const kind = alertKindOf(k);
      if (!kind) throw new Refused('usage', { key: 'notify_bad_kind', params: { value: k } });
      return kind;
    });
  const row: RouteRow = {
    id: randomUUID(),
    organization_id: a.organizationId,
    channel_id: channelId,
    kinds: [...new Set(kinds)].join(','),
    min_severity: a.input.severity ?? null,
    warehouse: a.input.warehouse?.toUpperCase() ?? null,
    storefront: a.input.storefront?.toUpperCase() ?? null,
    created_at: now(),
  };
  await inTransaction(store, async (trx) => {
    await insertRoute(trx, row);
    await auditIn(trx, {
      organizationId: a.organizationId,
      actor: a.actor,
      action: 'notify.route.add',
      subject: row.id,
      data: {
        channel: channelId,
        kinds: row.kinds,
        severity: row.min_severity,
        warehouse: row.warehouse,
        storefront: row.storefront,
      },
    });
  });
  return row;
}

export function routes(store: Store, organizationId: string): Promise<RouteRow[]> {
  return listRoutes(store.db, organizationId);
}

export async function removeRoute(
  store: Store,
  a: { organizationId: string; actor: string; id: string },
): Promise<void> {
  await inTransaction(store, async (trx) => {
    const all = await listRoutes(trx, a.organizationId);
    const matches = all.filter((r) => r.id.startsWith(a.id.toLowerCase()));
    if (matches.length !== 1) throw new NotFound({ key: 'no_route', params: { id: a.id } });
    const removed = await deleteRoute(trx, a.organizationId, (matches[0] as RouteRow).id);
    if (!removed) throw new NotFound({ key: 'no_route', params: { id: a.id } });
    await auditIn(trx, {
      organizationId: a.organizationId,
      actor: a.actor,
      action: 'notify.route.remove',
      subject: removed.id,
      data: { channel: removed.channel_id },
    });
  });
}
