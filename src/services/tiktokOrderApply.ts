import type { TikTokOrder } from '../channels/tiktok/tiktokApi.ts';
import {
  isNewerVersion,
  type MappedOrder,
  mapTikTokOrder,
  type PuenteState,
  type Step,
  stepsFor,
} from '../domain/tiktok/orderMapping.ts';
import { auditIn } from '../store/accounts.ts';
import { raiseAlert, resolveAlert } from '../store/alerts.ts';
import { applyTombstones } from '../store/cancelTombstones.ts';
import type { Store } from '../store/openDatabase.ts';
import { takeOrders } from '../store/reservations.ts';
import { reserveStored } from '../store/reserving.ts';
import { cancelIn, shipIn } from '../store/settling.ts';
import { withStock } from '../store/stockTransaction.ts';
import {
  addOrderLines,
  heldButReserved,
  holdTikTokOrder,
  insertOrderAsIs,
  knownSkuCodes,
  lockedOrderByExternalId,
  moveOrderStatus,
  parkedTikTokOrders,
  saveTikTokOrder,
  skuIdsByCode,
  storedTikTokOrder,
  storefrontOfConnection,
} from '../store/tiktokOrders.ts';
import { now } from '../store/transaction.ts';

/**
 * Applying TikTok orders to Puente, exactly once (issue 11, "Orders in").
 *
 * Each order is applied in one transaction with its audit row: the TikTok order's row (the version
 * applied last), the Puente order, its reservations and alerts. The same order may come by poll, by
 * webhook, or both at once, in any order, any number of times:
 * - one at a time: the transaction first takes a lock on (storefront, TikTok order id) (PostgreSQL;
 *   SQLite has one writer anyway);
 * - an older version than the one applied is not applied (TikTok's update_time, and its status
 *   order within one second: orderMapping.ts);
 * - what to do is read from where the Puente order stands (`stepsFor`), not from what arrived: a
 *   repeat finds nothing to do, and statuses only move forward. A cancel releases once because a
 *   cancelled order has nothing left to release.
 * The Puente order is found by (storefront, external id) — the TikTok order id — so an order that
 * came earlier by CSV or the API is the same order, not a second one.
 */

export type AppliedAs = 'new' | 'updated' | 'cancelled' | 'parked' | 'unchanged';

export interface ApplySummary {
  new: number;
  updated: number;
  cancelled: number;
  parked: number;
  unchanged: number;
  /** Orders that could not be applied, by TikTok order id, with why. */
  failed: { orderId: string; error: string }[];
}

export const emptyApplySummary = (): ApplySummary => ({
  new: 0,
  updated: 0,
  cancelled: 0,
  parked: 0,
  unchanged: 0,
  failed: [],
});

export interface ApplyContext {
  storefrontId: string;
  actor: string;
}

/** Applies each order in its own transaction; one that fails is named, the others go on. */
export async function applyTikTokOrders(
  store: Store,
  c: ApplyContext,
  orders: readonly TikTokOrder[],
  summary: ApplySummary = emptyApplySummary(),
): Promise<ApplySummary> {
  return applyMappedOrders(
    store,
    c,
    orders.map((o) => mapTikTokOrder(o)),
    summary,
  );
}

/**
 * Orders applied again from what was stored, since a poll would not bring them (TikTok did not
 * change them): the parked orders whose SKUs exist now are taken in, and the orders TikTok holds
 * that arriving stock reserved are put on hold again.
 */
export async function reapplyStoredOrders(
  store: Store,
  c: ApplyContext,
  summary: ApplySummary = emptyApplySummary(),
): Promise<ApplySummary> {
  const storefront = await storefrontOfConnection(store, c.storefrontId);
  if (!storefront) throw new Error(`no storefront ${c.storefrontId}`);
  const org = storefront.organization_id;
  const parked = (await parkedTikTokOrders(store, org, c.storefrontId)) as MappedOrder[];
  const codes = [...new Set(parked.flatMap((m) => m.lines.map((l) => l.sellerSku)))];
  const known = await knownSkuCodes(store, org, codes);
  // Only those whose every SKU exists now: the others would stay parked.
  const ready = parked.filter((m) => m.linesWithoutSku === 0 && m.lines.every((l) => known.has(l.sellerSku)));
  // And the orders TikTok still holds that arriving stock reserved: on hold again.
  const held = (await heldButReserved(store, org, c.storefrontId)) as MappedOrder[];
  return applyMappedOrders(store, c, [...ready, ...held], summary);
}

async function applyMappedOrders(
  store: Store,
  c: ApplyContext,
  orders: readonly MappedOrder[],
  summary: ApplySummary,
): Promise<ApplySummary> {
  const storefront = await storefrontOfConnection(store, c.storefrontId);
  if (!storefront) throw new Error(`no storefront ${c.storefrontId}`);
  for (const order of orders) {
    try {
      summary[await applyOne(store, { ...c, ...storefront }, order)]++;
    } catch (e) {
      summary.failed.push({ orderId: order.externalId, error: (e as Error).message });
    }
  }
  return summary;
}

interface Storefront {
  storefrontId: string;
  actor: string;
  organization_id: string;
  code: string;
  currency: string;
}

async function applyOne(store: Store, sf: Storefront, m: MappedOrder): Promise<AppliedAs> {
  if (m.currency && m.currency !== sf.currency)
    throw new Error(
      `TikTok order ${m.externalId} is in ${m.currency}, but ${sf.code} sells in ${sf.currency}`,
    );
  return withStock(store, async (st) => {
    const { trx } = st;
    const org = sf.organization_id;
    await holdTikTokOrder(trx, st.engine, sf.storefrontId, m.externalId);
    const stored = await storedTikTokOrder(trx, org, sf.storefrontId, m.externalId);
    if (
      stored &&
      !isNewerVersion(
        { status: stored.tiktokStatus, updateTime: stored.updateTime },
        {
          status: m.tiktokStatus,
          updateTime: m.updateTime,
        },
      )
    )
      return 'unchanged';
    const existing = await lockedOrderByExternalId(trx, st.engine, sf.storefrontId, m.externalId);
    const current = (existing?.status ?? 'none') as PuenteState;
    const skuIds = await skuIdsByCode(
      trx,
      org,
      m.lines.map((l) => l.sellerSku),
    );
    const missing = m.lines.map((l) => l.sellerSku).filter((s) => !skuIds.has(s));
    const known = missing.length === 0 && m.linesWithoutSku === 0 && m.lines.length > 0;
    // A line item without a seller SKU parks the order too: it is never read as fewer units.
    const unknown = known || missing.length ? missing : ['(no seller_sku)'];
    const steps = stepsFor(current, m.target, known);
    // The version applied already, with nothing to do: a poll's overlap reads it again. No write.
    if (
      steps.length === 0 &&
      stored?.tiktokStatus === m.tiktokStatus &&
      stored.updateTime === m.updateTime &&
      (current !== 'parked' || !known)
    )
      return 'unchanged';
    const at = now();
    const paidAt = existing?.paid_at ?? m.paidAt ?? new Date(m.updateTime * 1000).toISOString();
    const lines = known
      ? m.lines.map((l) => ({
          skuId: skuIds.get(l.sellerSku) as string,
          quantity: l.quantity,
          unitPriceMinor: l.unitPriceMinor,
        }))
      : [];
    const totalMinor = m.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
    let orderId = existing?.id ?? null;
    const run = async (step: Step, id: string | null): Promise<string | null> => {
      switch (step) {
        case 'take': {
          const [outcome] = await takeOrders(st, [
            {
              organizationId: org,
              storefrontId: sf.storefrontId,
              externalId: m.externalId,
              paidAt,
              currency: sf.currency,
              lines,
              actor: sf.actor,
              marketplaceShipBy: m.marketplaceShipBy,
            },
          ]);
          return (outcome as { orderId: string }).orderId;
        }
        case 'park': {
          const parked = await insertOrderAsIs(trx, {
            organizationId: org,
            storefrontId: sf.storefrontId,
            externalId: m.externalId,
            status: 'parked',
            currency: sf.currency,
            paidAt,
            totalMinor,
            marketplaceShipBy: m.marketplaceShipBy,
            shippedAt: null,
            tracking: null,
            lines: [],
            at,
          });
          for (const sku of unknown)
            await raiseAlert(trx, {
              organizationId: org,
              kind: 'sync_failure',
              subject: `tiktok-sku:${sf.storefrontId}:${sku}`,
              severity: 'warning',
              message: `TikTok order ${m.externalId} on ${sf.code} names SKU ${sku}, which Puente does not know: the order is parked and holds no stock until the SKU exists (then the next sync takes it in)`,
              data: { storefront: sf.code, sku, tiktokOrderId: m.externalId, orderId: parked },
            });
          return parked;
        }
        case 'take_parked': {
          const parkedId = id as string;
          await addOrderLines(trx, parkedId, lines);
          await reserveStored(
            st,
            {
              id: parkedId,
              organizationId: org,
              storefrontId: sf.storefrontId,
              paidAt,
              lines,
              waiting: false,
            },
            { actor: sf.actor, at },
          );
          for (const l of m.lines)
            await resolveAlert(trx, org, 'sync_failure', `tiktok-sku:${sf.storefrontId}:${l.sellerSku}`);
          return parkedId;
        }
        case 'hold':
          await moveOrderStatus(trx, id as string, ['reserved'], 'on_hold', at);
          return id;
        case 'end_hold':
          await moveOrderStatus(trx, id as string, ['on_hold'], 'reserved', at);
          return id;
        case 'record': {
          const recorded = await insertOrderAsIs(trx, {
            organizationId: org,
            storefrontId: sf.storefrontId,
            externalId: m.externalId,
            status:
              m.target === 'cancelled' ? 'cancelled' : m.target === 'delivered' ? 'delivered' : 'shipped',
            currency: sf.currency,
            paidAt,
            totalMinor,
            marketplaceShipBy: m.marketplaceShipBy,
            shippedAt: m.target === 'cancelled' ? null : new Date(m.updateTime * 1000).toISOString(),
            tracking: m.tracking,
            lines,
            at,
          });
          // A cancel a webhook remembered before the order was here is spent by it.
          if (m.target === 'cancelled')
            await applyTombstones(
              trx,
              [
                {
                  id: recorded,
                  organizationId: org,
                  storefrontId: sf.storefrontId,
                  externalId: m.externalId,
                },
              ],
              at,
            );
          return recorded;
        }
        case 'settle_parked': {
          const to =
            m.target === 'cancelled' ? 'cancelled' : m.target === 'delivered' ? 'delivered' : 'shipped';
          await moveOrderStatus(trx, id as string, ['parked', 'awaiting_stock'], to, at, {
            shippedAt: to === 'cancelled' ? undefined : at,
            tracking: m.tracking,
          });
          if (current === 'awaiting_stock') st.waitingChanged(org, sf.storefrontId, [...skuIds.values()]);
          return id;
        }
        case 'ship':
          await shipIn(st, id as string, {
            carrier: m.tracking?.carrier || 'TikTok Shop',
            tracking: m.tracking?.number ?? '',
            actor: sf.actor,
          });
          return id;
        case 'deliver':
          await moveOrderStatus(trx, id as string, ['shipped'], 'delivered', at);
          return id;
        case 'cancel':
          await cancelIn(st, id as string, sf.actor, `cancelled at TikTok Shop (${m.tiktokStatus})`);
          return id;
      }
    };
    for (const step of steps) orderId = await run(step, orderId);
    await saveTikTokOrder(trx, {
      storefrontId: sf.storefrontId,
      tiktokOrderId: m.externalId,
      organizationId: org,
      orderId,
      tiktokStatus: m.tiktokStatus,
      updateTime: m.updateTime,
      // Parked while it is: an order taken in, or settled, no longer waits for a SKU.
      unknownSkus:
        (steps.includes('park') || (current === 'parked' && steps.length === 0)) && !known ? unknown : null,
      sla: m.sla,
      mapped: m,
      at,
    });
    if (steps.length === 0) return 'unchanged';
    await auditIn(trx, {
      organizationId: org,
      actor: sf.actor,
      action: 'tiktok.order.apply',
      subject: `order:${orderId ?? m.externalId}`,
      data: {
        storefront: sf.code,
        tiktokOrderId: m.externalId,
        tiktokStatus: m.tiktokStatus,
        from: current,
        steps,
      },
    });
    if (steps.includes('park')) return 'parked';
    if (steps.includes('cancel') || (m.target === 'cancelled' && steps.length > 0)) return 'cancelled';
    return current === 'none' ? 'new' : 'updated';
  });
}
