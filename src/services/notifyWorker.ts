import { randomUUID } from 'node:crypto';
import { digestView } from '../channels/digest/digestView.ts';
import { sendDigest } from '../channels/digest/sendDigest.ts';
import type { ChannelTarget, MailSettings } from '../channels/notify/sendNotice.ts';
import { sendNotice } from '../channels/notify/sendNotice.ts';
import { type MailGroup, type MailSubject, mailGroups } from '../domain/notify/emailAudience.ts';
import { batchNotice, type DeliveryReason, type Notice, noticeOf } from '../domain/notify/notice.ts';
import { quietUntil } from '../domain/notify/quietHours.ts';
import { MAX_ATTEMPTS, retryDelayMs, type SendOutcome } from '../domain/notify/retry.ts';
import { langOfLocale } from '../i18n/notifyTexts.ts';
import { alertById } from '../store/alertQueries.ts';
import { type ChannelRow, channelById, listChannels } from '../store/notifyChannels.ts';
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  type DigestRef,
  escalateUnacknowledged,
  listDeliveries,
  markAttemptFailed,
  markSent,
  messagesSentSince,
  postponeDeliveries,
} from '../store/notifyOutbox.ts';
import { usersWithRoles } from '../store/notifyPrefs.ts';
import type { Store } from '../store/openDatabase.ts';
import type { Role } from '../store/schema.ts';
import { NotFound } from './lookups.ts';
import { morningDigest } from './morningDigest.ts';
import { targetOf } from './notifyChannels.ts';
import { mailSettingsFor } from './notifyPrefs.ts';
import type { PeriodicJob } from './periodicJobs.ts';
import type { SecretBox } from './security/secrets.ts';

/**
 * The notification worker: sends the outbox's due deliveries after their transaction committed.
 * It runs as a periodic job and whenever a server has just raised an alert (a nudge), on every
 * server at once if need be: each claims rows before sending them (store/notifyOutbox.ts), so a
 * delivery goes out once however many servers share the database. A server that dies mid-send
 * leaves its claim to run out; the delivery is sent after that (at least once, never lost).
 */

export interface NotifyContext {
  secrets: SecretBox;
  /** PUENTE_PUBLIC_URL: where the message's button leads. */
  publicUrl: string;
  mail: MailSettings;
  /** Who claims: one id per server process. */
  holder: string;
  timeoutMs?: number;
}

/** How long a claim holds: longer than any send (10 s timeout), short enough to recover a crash soon. */
export const CLAIM_MS = 120_000;
const BATCH = 100;
/** Feishu and WeCom group bots take about 20 messages a minute; past that, deliveries go as one. */
export const CHAT_MESSAGES_PER_MINUTE = 20;
const rateLimited = new Set(['feishu', 'wecom']);

export interface DeliverySummary {
  sent: number;
  retrying: number;
  failed: number;
  postponed: number;
  messages: number;
}

export function deliveries(
  store: Store,
  organizationId: string,
  o: { alertId?: string | undefined; limit: number; only?: 'alerts' | 'digests' | undefined },
) {
  return listDeliveries(store.db, organizationId, o);
}

/** One alert's deliveries, or null when the organization has no such alert (another's included). */
export async function alertDeliveries(store: Store, organizationId: string, alertId: string, limit: number) {
  if (!(await alertById(store.db, organizationId, alertId))) return null;
  return listDeliveries(store.db, organizationId, { alertId, limit });
}

/** A claimed delivery of an alert (not of a digest): its alert is there. */
type AlertDelivery = ClaimedDelivery & { alert: NonNullable<ClaimedDelivery['alert']> };

const alertBody = ({ alert }: AlertDelivery) => ({
  id: alert.id,
  kind: alert.kind,
  subject: alert.subject,
  state: alert.state,
  severity: alert.severity,
  message: alert.message,
  data: JSON.parse(alert.data) as Record<string, unknown>,
  createdAt: alert.created_at,
  updatedAt: alert.updated_at,
  resolvedAt: alert.resolved_at,
});

/** Writes escalations that are due, then sends what is due, in rounds, until nothing is left. */
export async function deliverDue(
  store: Store,
  ctx: NotifyContext,
  at = new Date(),
): Promise<DeliverySummary> {
  const total: DeliverySummary = { sent: 0, retrying: 0, failed: 0, postponed: 0, messages: 0 };
  await escalateUnacknowledged(store, at);
  for (let round = 0; round < 20; round++) {
    const claimed = await claimDueDeliveries(store, ctx.holder, at, CLAIM_MS, BATCH);
    if (claimed.length === 0) break;
    const byChannel = new Map<string, ClaimedDelivery[]>();
    for (const c of claimed)
      byChannel.set(c.delivery.channel_id, [...(byChannel.get(c.delivery.channel_id) ?? []), c]);
    for (const [channelId, group] of byChannel) {
      try {
        await deliverToChannel(store, ctx, at, channelId, group, total);
      } catch (error) {
        // One channel's trouble (a row the database refused, a query that failed) must not keep the
        // other channels' deliveries claimed, nor leave its own claimed without a try counted: it
        // was what kept a delivery pending for ever, each run dying on the same row.
        const left = group.map((c) => c.delivery);
        const attempts = Math.max(...left.map((d) => Number(d.attempts))) + 1;
        await markAttemptFailed(
          store,
          ctx.holder,
          left.map((d) => d.id),
          (error as Error).message,
          attempts < MAX_ATTEMPTS ? new Date(at.getTime() + retryDelayMs(attempts)) : null,
        ).catch(() => {});
      }
    }
    if (claimed.length < BATCH) break;
  }
  return total;
}

/** Which e-mails to write for an e-mail channel with roles; null for any other channel. */
type MailReaders = ((what: MailSubject) => MailGroup[]) | null;

async function readersOf(store: Store, channel: ChannelRow): Promise<MailReaders> {
  if (channel.kind !== 'email' || !channel.audience) return null;
  const readers = await usersWithRoles(
    store.db,
    channel.organization_id,
    channel.audience.split(',') as Role[],
  );
  const addresses = channel.recipients ? channel.recipients.split(',') : [];
  return (what) => mailGroups({ language: channel.language, addresses }, readers, what);
}

/**
 * Sends one e-mail per language group; the outcome is the first failure, if any. Null when nobody
 * is left to write to (every user of the roles turned it off).
 */
async function sendToGroups(
  target: ChannelTarget,
  groups: MailGroup[],
  send: (target: ChannelTarget, lang: string) => Promise<SendOutcome>,
): Promise<SendOutcome | null> {
  if (groups.length === 0) return null;
  let failed: SendOutcome | null = null;
  for (const g of groups) {
    const outcome = await send({ ...target, language: g.language, recipients: g.recipients }, g.language);
    if (!outcome.ok && !failed) failed = outcome;
  }
  return failed ?? { ok: true };
}

/** Recorded on a delivery nobody was left to receive: sent to no one, by their own choice. */
export const NO_READER = 'no recipient: the users of this channel’s roles turned it off';

async function deliverToChannel(
  store: Store,
  ctx: NotifyContext,
  at: Date,
  channelId: string,
  claimed: ClaimedDelivery[],
  total: DeliverySummary,
) {
  const ids = (g: ClaimedDelivery[]) => g.map((c) => c.delivery.id);
  const org = (claimed[0] as ClaimedDelivery).delivery.organization_id;
  const channel = await channelById(store.db, org, channelId);
  if (!channel) {
    await markAttemptFailed(store, ctx.holder, ids(claimed), 'the channel was removed', null);
    total.failed += claimed.length;
    return;
  }
  // The SMTP server for this organization: the environment's, else the one set in Settings.
  const sendCtx: NotifyContext =
    channel.kind === 'email'
      ? { ...ctx, mail: await mailSettingsFor(store, ctx.secrets, org, ctx.mail) }
      : ctx;
  const readers = await readersOf(store, channel);
  // Morning digests go out at the time the warehouse chose, one message each.
  for (const c of claimed)
    if (c.delivery.digest) await sendDigestDelivery(store, sendCtx, at, channel, readers, c, total);
  const group = claimed.filter((c): c is AlertDelivery => c.alert !== null);
  // A delivery whose alert is gone cannot be composed: given up rather than claimed for ever.
  const orphans = claimed.filter((c) => !c.delivery.digest && c.alert === null);
  if (orphans.length) {
    await markAttemptFailed(store, ctx.holder, ids(orphans), 'the alert no longer exists', null);
    total.failed += orphans.length;
  }
  if (group.length === 0) return;
  // Quiet hours hold back all but critical alerts (and their escalations), in the channel's zone.
  const quietEnd = quietUntil(
    { zone: channel.time_zone, from: channel.quiet_from, to: channel.quiet_to },
    at,
  );
  const breaksThrough = (c: AlertDelivery) =>
    c.alert.severity === 'critical' && c.delivery.reason !== 'resolved';
  const held = quietEnd ? group.filter((c) => !breaksThrough(c)) : [];
  if (quietEnd && held.length) {
    await postponeDeliveries(store, ctx.holder, ids(held), quietEnd);
    total.postponed += held.length;
  }
  const due = group.filter((c) => !held.includes(c));
  if (due.length === 0) return;

  const escalatedFrom = (await listChannels(store.db, org)).find((c) => c.escalate_to === channel.id);
  const noticeIn = (c: AlertDelivery, language: string) =>
    noticeOf(
      { ...c.alert, data: JSON.parse(c.alert.data) as Record<string, unknown> },
      {
        lang: langOfLocale(language),
        reason: c.delivery.reason as DeliveryReason,
        publicUrl: ctx.publicUrl,
        channel: channel.name,
        escalateMinutes: escalatedFrom?.escalate_after_minutes ?? null,
      },
    );
  if (readers) {
    // E-mail to users by role: each reads it in their language, if their preferences take it.
    for (const c of due) {
      const outcome = await sendToGroups(
        targetOf(ctx.secrets, channel),
        readers({ alert: { kind: c.alert.kind, severity: c.alert.severity } }),
        (target, language) => sendAlert(sendCtx, target, [c], noticeIn(c, language)),
      );
      await recordOutcome(store, ctx, at, [c], outcome, total);
    }
    return;
  }
  const lang = langOfLocale(channel.language);
  const notices = due.map((c) => noticeIn(c, channel.language));
  let messages: { deliveries: AlertDelivery[]; notice: Notice }[] = due.map((c, i) => ({
    deliveries: [c],
    notice: notices[i] as Notice,
  }));
  if (rateLimited.has(channel.kind)) {
    const recent = await messagesSentSince(store, channel.id, new Date(at.getTime() - 60_000));
    const room = CHAT_MESSAGES_PER_MINUTE - recent.length;
    if (room <= 0) {
      // The minute is used up: wait until its oldest message is a minute old.
      const free = new Date(Date.parse(recent[0] as string) + 60_000);
      await postponeDeliveries(store, ctx.holder, ids(due), free);
      total.postponed += due.length;
      return;
    }
    if (due.length > room)
      messages = [
        {
          deliveries: due,
          notice: batchNotice(notices, { lang, publicUrl: ctx.publicUrl, channel: channel.name }),
        },
      ];
  }
  for (const m of messages) {
    const outcome = await sendAlert(sendCtx, targetOf(ctx.secrets, channel), m.deliveries, m.notice);
    await recordOutcome(store, ctx, at, m.deliveries, outcome, total);
  }
}

async function sendAlert(
  ctx: NotifyContext,
  target: ChannelTarget,
  group: AlertDelivery[],
  notice: Notice,
): Promise<SendOutcome> {
  const first = group[0] as AlertDelivery;
  try {
    return await sendNotice(target, notice, {
      mail: ctx.mail,
      event: `alert.${first.delivery.reason}`,
      alert: group.length === 1 ? alertBody(first) : null,
      deliveryId: first.delivery.id,
      ...(ctx.timeoutMs ? { timeoutMs: ctx.timeoutMs } : {}),
    });
  } catch (error) {
    // A channel whose URL the server key cannot open, or a sender bug: retried, then given up.
    return { ok: false, retry: true, error: (error as Error).message };
  }
}

/**
 * Marks a send's deliveries sent, to retry (with backoff) or given up. A null outcome: nobody was
 * left to receive it (users' preferences), recorded as sent with a note saying so.
 */
async function recordOutcome(
  store: Store,
  ctx: NotifyContext,
  at: Date,
  group: ClaimedDelivery[],
  outcome: SendOutcome | null,
  total: DeliverySummary,
) {
  const ids = group.map((c) => c.delivery.id);
  if (outcome === null || outcome.ok) {
    await markSent(store, ctx.holder, ids, at, outcome === null ? NO_READER : null);
    total.sent += ids.length;
    if (outcome) total.messages++;
    return;
  }
  const attempts = Math.max(...group.map((c) => Number(c.delivery.attempts))) + 1;
  if (outcome.retry && attempts < MAX_ATTEMPTS) {
    const wait = Math.max(retryDelayMs(attempts), outcome.retryAfterMs ?? 0);
    await markAttemptFailed(store, ctx.holder, ids, outcome.error, new Date(at.getTime() + wait));
    total.retrying += ids.length;
  } else {
    await markAttemptFailed(store, ctx.holder, ids, outcome.error, null);
    total.failed += ids.length;
  }
}

/**
 * A morning digest's delivery: composed now from the figures at the instant the digest was taken
 * (morningDigest), in the channel's language (or, to users by role, in each reader's), laid out
 * for its kind (channels/digest/).
 */
async function sendDigestDelivery(
  store: Store,
  ctx: NotifyContext,
  at: Date,
  channel: ChannelRow,
  readers: MailReaders,
  c: ClaimedDelivery,
  total: DeliverySummary,
) {
  const ref = JSON.parse(c.delivery.digest as string) as DigestRef;
  let outcome: SendOutcome | null;
  try {
    const digest = await morningDigest(store, {
      organizationId: c.delivery.organization_id,
      warehouse: ref.warehouse,
      now: new Date(ref.at),
      baseUrl: ctx.publicUrl.replace(/\/+$/, ''),
    });
    const send = (target: ChannelTarget, language: string) =>
      sendDigest(target, digestView(digest, langOfLocale(language)), {
        mail: ctx.mail,
        deliveryId: c.delivery.id,
        ...(ctx.timeoutMs ? { timeoutMs: ctx.timeoutMs } : {}),
      });
    const target = targetOf(ctx.secrets, channel);
    outcome = readers
      ? await sendToGroups(target, readers({ digest: true }), send)
      : await send(target, channel.language);
  } catch (error) {
    // The warehouse was removed (nothing to retry), or the channel's URL cannot be opened.
    outcome = { ok: false, retry: !(error instanceof NotFound), error: (error as Error).message };
  }
  await recordOutcome(store, ctx, at, [c], outcome, total);
}

/**
 * The worker as a periodic job (every 15 s, in whichever server holds its lease), plus `nudge`:
 * called right after a transaction that raised an alert commits, it sends at once instead of at
 * the next tick. Nudges that arrive while a run is going coalesce into one more run.
 */
export function notifier(store: Store, ctx: Omit<NotifyContext, 'holder'>, log: (msg: string) => void) {
  const full: NotifyContext = { ...ctx, holder: randomUUID() };
  let running: Promise<void> | null = null;
  let again = false;
  const run = async () => {
    await deliverDue(store, full);
  };
  const nudge = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await run().catch((e) => log(`notifications: ${(e as Error).message}`));
      } while (again);
      running = null;
    })();
  };
  const job: PeriodicJob = { name: 'notify-deliveries', everyMs: 15_000, run: () => run() };
  return { job, nudge, idle: () => running ?? Promise.resolve() };
}
