import { randomUUID } from 'node:crypto';
import { type ExpressionBuilder, sql } from 'kysely';
import { type AlertFacts, channelsFor, severityRank } from '../domain/notify/routing.ts';
import { type AlertFigures, figuresOf, isWorse } from '../domain/notify/worsening.ts';
import { newId } from './ids.ts';
import { listChannels, listRoutes } from './notifyChannels.ts';
import type { Store } from './openDatabase.ts';
import type { Database } from './schema.ts';
import { now, type Tx } from './transaction.ts';

/**
 * The delivery outbox of notifications. A delivery row is written in the transaction that raised
 * or worsened its alert, so an alert that committed is never lost to a crash before sending, and
 * one that rolled back is never sent. Workers claim due rows with a lease (`claimed_by`,
 * `claim_until`): on PostgreSQL under FOR UPDATE SKIP LOCKED, so several servers never claim the
 * same row; SQLite has one writer at a time, so its claiming UPDATE is atomic anyway.
 */

export type DeliveryRow = Database['notify_deliveries'];
type AlertRow = Database['alerts'];

function alertFacts(a: AlertRow): AlertFacts & { figures: AlertFigures } {
  const data = JSON.parse(a.data) as Record<string, unknown>;
  const code = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    kind: a.kind,
    severity: a.severity,
    warehouse: code(data.warehouse),
    storefront: code(data.storefront),
    figures: figuresOf(severityRank(a.severity), data),
  };
}

/**
 * Writes the deliveries these alerts call for, inside the caller's transaction: one per channel
 * that takes the alert and has not had it yet, or has had it with lower figures (it got worse).
 * Returns how many were written.
 */
export async function queueAlertDeliveries(
  trx: Tx,
  organizationId: string,
  alertIds: readonly string[],
): Promise<number> {
  if (alertIds.length === 0) return 0;
  const channels = await listChannels(trx, organizationId);
  if (channels.length === 0) return 0;
  const routes = (await listRoutes(trx, organizationId)).map((r) => ({
    channelId: r.channel_id,
    kinds: r.kinds ? r.kinds.split(',') : [],
    minSeverity: r.min_severity,
    warehouse: r.warehouse,
    storefront: r.storefront,
  }));
  const alerts = await trx
    .selectFrom('alerts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [...alertIds])
    .where('state', '!=', 'resolved')
    .orderBy('id')
    .execute();
  const at = now();
  let written = 0;
  for (const alert of alerts) {
    const facts = alertFacts(alert);
    const targets = channelsFor(
      channels.map((c) => c.id),
      routes,
      facts,
    );
    for (const channelId of targets) {
      const last = await trx
        .selectFrom('notify_deliveries')
        .select(['figures'])
        .where('alert_id', '=', alert.id)
        .where('channel_id', '=', channelId)
        .where('reason', 'in', ['raised', 'worsened'])
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (last && !isWorse(facts.figures, JSON.parse(last.figures) as AlertFigures)) continue;
      await insertDelivery(trx, {
        organizationId,
        alertId: alert.id,
        channelId,
        reason: last ? 'worsened' : 'raised',
        figures: facts.figures,
        at,
      });
      written++;
    }
  }
  return written;
}

/** Deliveries for the alerts this transaction wrote at `at` (the alert scan writes them in bulk). */
export async function queueDeliveriesOfAlertsWrittenAt(
  trx: Tx,
  organizationId: string,
  at: string,
  kinds: readonly string[],
): Promise<number> {
  if ((await listChannels(trx, organizationId)).length === 0) return 0;
  const ids = await trx
    .selectFrom('alerts')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('updated_at', '=', at)
    .where('kind', 'in', [...kinds])
    .where('state', '!=', 'resolved')
    .execute();
  return queueAlertDeliveries(
    trx,
    organizationId,
    ids.map((r) => r.id),
  );
}

/**
 * The optional "resolved" follow-up: for channels that asked for it (`send_resolved`) and were told
 * of the alert, in the transaction that resolved it.
 */
export async function queueResolvedDeliveries(
  trx: Tx,
  organizationId: string,
  alertId: string,
): Promise<void> {
  const told = await trx
    .selectFrom('notify_deliveries as d')
    .innerJoin('notify_channels as c', 'c.id', 'd.channel_id')
    .select(['d.channel_id', 'd.figures'])
    .where('d.alert_id', '=', alertId)
    .where('c.send_resolved', '=', 1)
    .where('c.removed_at', 'is', null)
    .where('d.reason', '!=', 'resolved')
    .where('d.status', '!=', 'failed')
    .execute();
  const at = now();
  for (const channelId of new Set(told.map((t) => t.channel_id)))
    await insertDelivery(trx, {
      organizationId,
      alertId,
      channelId,
      reason: 'resolved',
      figures: JSON.parse(told[0]?.figures ?? '{}') as AlertFigures,
      at,
    });
}

async function insertDelivery(
  trx: Tx,
  d: {
    organizationId: string;
    alertId: string | null;
    channelId: string;
    reason: DeliveryRow['reason'];
    figures: AlertFigures;
    at: string;
    digest?: DigestRef;
  },
) {
  await trx
    .insertInto('notify_deliveries')
    .values({
      id: newId(),
      organization_id: d.organizationId,
      alert_id: d.alertId,
      channel_id: d.channelId,
      reason: d.reason,
      figures: JSON.stringify(d.figures),
      status: 'pending',
      attempts: 0,
      last_error: null,
      next_attempt_at: d.at,
      claimed_by: null,
      claim_until: null,
      message_id: null,
      created_at: d.at,
      sent_at: null,
      digest: d.digest ? JSON.stringify(d.digest) : null,
    })
    .execute();
}

/** Which morning digest a delivery carries: the warehouse (code), its local day, the instant described. */
export interface DigestRef {
  warehouse: string;
  day: string;
  at: string;
}

/**
 * A taken morning digest's deliveries, in the caller's transaction (the one that took it): one per
 * channel routed for the warehouse, that is a channel with a route naming the warehouse, or a
 * channel without any route (it takes everything, as for alerts). Returns how many were written.
 */
export async function queueDigestDeliveries(
  trx: Tx,
  organizationId: string,
  digest: DigestRef,
): Promise<number> {
  const channels = await listChannels(trx, organizationId);
  const routes = await listRoutes(trx, organizationId);
  const targets = channels.filter((c) => {
    const own = routes.filter((r) => r.channel_id === c.id);
    return own.length === 0 || own.some((r) => r.warehouse?.toUpperCase() === digest.warehouse.toUpperCase());
  });
  for (const c of targets)
    await insertDelivery(trx, {
      organizationId,
      alertId: null,
      channelId: c.id,
      reason: 'digest',
      figures: {} as AlertFigures,
      // Due from the instant it was taken: the digest's time on the warehouse's clock.
      at: digest.at,
      digest,
    });
  return targets.length;
}

/** A claimed delivery and its alert; a morning digest's has none (`delivery.digest` says which). */
export interface ClaimedDelivery {
  delivery: DeliveryRow;
  alert: AlertRow | null;
}

/**
 * Claims up to `limit` due deliveries for `holder` until `leaseMs` from `at`. A claim that ran out
 * (its server died mid-send) is claimable again: a crash between commit and send delays a delivery,
 * it does not lose it.
 */
export async function claimDueDeliveries(
  store: Store,
  holder: string,
  at: Date,
  leaseMs: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const nowIso = at.toISOString();
  const until = new Date(at.getTime() + leaseMs).toISOString();
  // Fair across organizations, round-robin: every organization's oldest due delivery comes
  // before any organization's second, and so on, so a seller with thousands due cannot hold back
  // another's one alert, while a seller alone still gets the whole batch. A disabled
  // organization's deliveries wait.
  const ranked = store.db
    .selectFrom('notify_deliveries as d')
    .innerJoin('organizations as o', 'o.id', 'd.organization_id')
    .select([
      'd.id',
      'd.next_attempt_at',
      sql<number>`row_number() over (partition by d.organization_id order by d.next_attempt_at, d.id)`.as(
        'n',
      ),
    ])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', nowIso)
    .where((eb) => eb.or([eb('d.claim_until', 'is', null), eb('d.claim_until', '<', nowIso)]))
    .where('o.disabled_at', 'is', null);
  // The claimable conditions again, on the rows themselves: under READ COMMITTED a row another
  // server claimed and committed meanwhile is re-read when locked, and only these conditions (not
  // the ranking subquery, read from the earlier snapshot) see that it is taken. Without them two
  // servers sent the same deliveries.
  const claimable = (eb: ExpressionBuilder<Database, 'notify_deliveries'>) =>
    eb.and([
      eb('status', '=', 'pending'),
      eb.or([eb('claim_until', 'is', null), eb('claim_until', '<', nowIso)]),
    ]);
  let due = store.db
    .selectFrom('notify_deliveries')
    .select('id')
    .where(claimable)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom(ranked.as('r'))
        .select('r.id')
        .orderBy('r.n')
        .orderBy('r.next_attempt_at')
        .orderBy('r.id')
        .limit(limit),
    );
  if (store.engine === 'postgres') due = due.forUpdate().skipLocked();
  const claimed = await store.db
    .updateTable('notify_deliveries')
    .set({ claimed_by: holder, claim_until: until })
    .where(claimable)
    .where('id', 'in', due)
    .returningAll()
    .execute();
  if (claimed.length === 0) return [];
  const alertIds = claimed.flatMap((d) => (d.alert_id ? [d.alert_id] : []));
  const alerts = alertIds.length
    ? await store.db.selectFrom('alerts').selectAll().where('id', 'in', alertIds).execute()
    : [];
  const byId = new Map(alerts.map((a) => [a.id, a]));
  return claimed
    .sort((a, b) =>
      a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1,
    )
    .map((delivery) => ({
      delivery,
      alert: delivery.alert_id ? (byId.get(delivery.alert_id) ?? null) : null,
    }));
}

/** Records that these claimed deliveries went out, as one message (`note`: why to nobody). */
export async function markSent(
  store: Store,
  holder: string,
  ids: readonly string[],
  at: Date,
  note: string | null = null,
): Promise<void> {
  if (ids.length === 0) return;
  const messageId = randomUUID();
  await store.db
    .updateTable('notify_deliveries')
    .set((eb) => ({
      status: 'sent',
      sent_at: at.toISOString(),
      attempts: eb('attempts', '+', 1),
      last_error: note,
      message_id: note ? null : messageId,
      claimed_by: null,
      claim_until: null,
    }))
    .where('id', 'in', [...ids])
    .where('claimed_by', '=', holder)
    .execute();
}

/**
 * The error as a database may store it: a receiver's answer can hold a NUL or other control bytes
 * (a binary body from a proxy), which PostgreSQL refuses in text. That refusal left the delivery
 * claimed and pending, the same row failing the same way at every run.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const printable = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');

/** An attempt that failed: tried again at `retryAt`, or given up (`failed`) when it is null. */
export async function markAttemptFailed(
  store: Store,
  holder: string,
  ids: readonly string[],
  error: string,
  retryAt: Date | null,
): Promise<void> {
  if (ids.length === 0) return;
  await store.db
    .updateTable('notify_deliveries')
    .set((eb) => ({
      status: retryAt ? 'pending' : 'failed',
      attempts: eb('attempts', '+', 1),
      last_error: printable(error).slice(0, 500),
      ...(retryAt ? { next_attempt_at: retryAt.toISOString() } : {}),
      claimed_by: null,
      claim_until: null,
    }))
    .where('id', 'in', [...ids])
    .where('claimed_by', '=', holder)
    .execute();
}

/** Puts claimed deliveries back to wait (quiet hours, a full rate window) without counting a try. */
export async function postponeDeliveries(
  store: Store,
  holder: string,
  ids: readonly string[],
  until: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await store.db
    .updateTable('notify_deliveries')
    .set({ next_attempt_at: until.toISOString(), claimed_by: null, claim_until: null })
    .where('id', 'in', [...ids])
    .where('claimed_by', '=', holder)
    .execute();
}

/** Sent messages of a channel since `since` (deliveries batched into one message count once), oldest first. */
export async function messagesSentSince(store: Store, channelId: string, since: Date): Promise<string[]> {
  const rows = await store.db
    .selectFrom('notify_deliveries')
    .select((eb) => ['message_id', eb.fn.min('sent_at').as('sent_at')])
    .where('channel_id', '=', channelId)
    .where('status', '=', 'sent')
    .where('sent_at', '>=', since.toISOString())
    .groupBy('message_id')
    .orderBy('sent_at')
    .execute();
  return rows.map((r) => r.sent_at as string);
}

/** A line of the delivery log: an alert's delivery, or a morning digest's (`alert_id` null, `digest` set). */
export interface DeliveryListRow extends DeliveryRow {
  channel_name: string;
  channel_kind: string;
}

export function listDeliveries(
  db: Tx,
  organizationId: string,
  o: { alertId?: string | undefined; limit: number; only?: 'alerts' | 'digests' | undefined },
): Promise<DeliveryListRow[]> {
  let q = db
    .selectFrom('notify_deliveries as d')
    .innerJoin('notify_channels as c', 'c.id', 'd.channel_id')
    .selectAll('d')
    .select(['c.name as channel_name', 'c.kind as channel_kind'])
    .where('d.organization_id', '=', organizationId)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(o.limit);
  if (o.alertId) q = q.where('d.alert_id', '=', o.alertId);
  if (o.only === 'alerts') q = q.where('d.alert_id', 'is not', null);
  if (o.only === 'digests') q = q.where('d.digest', 'is not', null);
  return q.execute();
}

/**
 * Escalation: critical alerts still open (nobody acknowledged them) whose delivery to a channel
 * went out at least that channel's `escalate_after_minutes` ago, and which its next channel has
 * not had yet. Each gets one `escalated` delivery to the next channel, written here.
 */
export async function escalateUnacknowledged(store: Store, at: Date): Promise<number> {
  const candidates = await store.db
    .selectFrom('notify_deliveries as d')
    .innerJoin('notify_channels as c', 'c.id', 'd.channel_id')
    .innerJoin('alerts as a', 'a.id', 'd.alert_id')
    .innerJoin('notify_channels as next', 'next.id', 'c.escalate_to')
    .select([
      'd.organization_id',
      'd.alert_id',
      'd.figures',
      'd.sent_at',
      'c.escalate_after_minutes',
      'c.escalate_to',
    ])
    .where('d.status', '=', 'sent')
    .where('d.reason', '!=', 'resolved')
    .where('a.state', '=', 'open')
    .where('a.severity', '=', 'critical')
    .where('c.removed_at', 'is', null)
    .where('next.removed_at', 'is', null)
    .where('c.escalate_after_minutes', 'is not', null)
    .execute();
  const due = candidates.filter(
    (c) => Date.parse(c.sent_at as string) + Number(c.escalate_after_minutes) * 60_000 <= at.getTime(),
  );
  let written = 0;
  for (const c of due) {
    const target = c.escalate_to as string;
    const had = await store.db
      .selectFrom('notify_deliveries')
      .select('id')
      .where('alert_id', '=', c.alert_id as string)
      .where('channel_id', '=', target)
      .executeTakeFirst();
    if (had) continue;
    await insertDelivery(store.db, {
      organizationId: c.organization_id,
      alertId: c.alert_id as string,
      channelId: target,
      reason: 'escalated',
      figures: JSON.parse(c.figures) as AlertFigures,
      at: at.toISOString(),
    });
    written++;
  }
  return written;
}
