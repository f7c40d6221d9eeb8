import { parseDecimalToMinor } from '../money/money.ts';

/**
 * A TikTok Shop order, as Puente takes it (issue 11, "Mapping"; reference §4, §7). Pure: the order
 * as TikTok sends it in, what Puente should do about it out.
 *
 * - A line item is one unit (TikTok's line items have no quantity, §10.9): lines are grouped by
 *   `seller_sku`, the seller's own code, which is how Puente knows its SKUs.
 * - Statuses: UNPAID holds nothing; ON_HOLD reserves but may not ship yet (TikTok refuses with
 *   21011044, §4); AWAITING_SHIPMENT and PARTIALLY_SHIPPING reserve; AWAITING_COLLECTION and
 *   IN_TRANSIT have shipped, DELIVERED and COMPLETED are delivered (both settle); CANCELLED (and the
 *   webhook's spelling CANCEL, §7) releases.
 * - TikTok's own deadlines are kept as they came; its latest ship time is the earlier of
 *   `rts_sla_time` (ready to ship) and `shipping_due_time` (auto-cancel if not handed over).
 */

/** The TikTok order fields this mapping reads (tiktokApi.ts checks them at the edge). */
export interface TikTokOrderIn {
  id: string;
  status: string;
  update_time: number;
  create_time?: number | undefined;
  paid_time?: number | undefined;
  rts_sla_time?: number | undefined;
  tts_sla_time?: number | undefined;
  shipping_due_time?: number | undefined;
  collection_due_time?: number | undefined;
  delivery_due_time?: number | undefined;
  delivery_sla_time?: number | undefined;
  tracking_number?: string | undefined;
  shipping_provider?: string | undefined;
  payment?: { currency: string } | undefined;
  line_items: {
    seller_sku?: string | undefined;
    sale_price?: string | undefined;
    currency?: string | undefined;
    tracking_number?: string | undefined;
    shipping_provider_name?: string | undefined;
  }[];
}

/** What a TikTok status asks of Puente. */
export type TikTokTarget =
  | 'unpaid'
  | 'on_hold'
  | 'reserve'
  | 'shipped'
  | 'delivered'
  | 'cancelled'
  | 'unknown';

const TARGETS: Record<string, TikTokTarget> = {
  UNPAID: 'unpaid',
  ON_HOLD: 'on_hold',
  AWAITING_SHIPMENT: 'reserve',
  PARTIALLY_SHIPPING: 'reserve',
  AWAITING_COLLECTION: 'shipped',
  IN_TRANSIT: 'shipped',
  DELIVERED: 'delivered',
  COMPLETED: 'delivered',
  CANCELLED: 'cancelled',
  CANCEL: 'cancelled',
};

export function targetOf(status: string): TikTokTarget {
  return TARGETS[status] ?? 'unknown';
}

/**
 * How far along an order is, to choose between two versions with the same update_time (TikTok's
 * clock has whole seconds): the later status wins. A cancel ends every path.
 */
const PROGRESS: Record<TikTokTarget, number> = {
  unknown: -1,
  unpaid: 0,
  on_hold: 1,
  reserve: 2,
  shipped: 3,
  delivered: 4,
  cancelled: 5,
};

/** Whether `incoming` is a version to apply over `stored`: newer, or as new and no less advanced. */
export function isNewerVersion(
  stored: { status: string; updateTime: number },
  incoming: { status: string; updateTime: number },
): boolean {
  if (incoming.updateTime !== stored.updateTime) return incoming.updateTime > stored.updateTime;
  return PROGRESS[targetOf(incoming.status)] >= PROGRESS[targetOf(stored.status)];
}

export interface MappedLine {
  sellerSku: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface MappedOrder {
  externalId: string;
  tiktokStatus: string;
  target: TikTokTarget;
  updateTime: number;
  /** When the buyer paid (ISO UTC): paid_time, else create_time (a cancelled unpaid order has none). */
  paidAt: string | null;
  currency: string | null;
  lines: MappedLine[];
  /** Line items without a seller SKU: such an order is parked, never read as fewer units. */
  linesWithoutSku: number;
  /** TikTok's own deadlines, as ISO UTC, by their TikTok names. */
  sla: Record<string, string>;
  /** The latest time TikTok lets it ship: min(rts_sla_time, shipping_due_time), ISO UTC. */
  marketplaceShipBy: string | null;
  tracking: { number: string; carrier: string } | null;
}

const SLA_FIELDS = [
  'rts_sla_time',
  'tts_sla_time',
  'shipping_due_time',
  'collection_due_time',
  'delivery_due_time',
  'delivery_sla_time',
] as const;

/** Currencies without minor digits among TikTok's (§8); the others have two. */
const ZERO_DECIMAL = new Set(['JPY', 'VND', 'IDR']);

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');

export function mapTikTokOrder(o: TikTokOrderIn): MappedOrder {
  const currency = o.payment?.currency ?? o.line_items.find((l) => l.currency)?.currency ?? null;
  const digits = currency && ZERO_DECIMAL.has(currency) ? 0 : 2;
  const bySku = new Map<string, MappedLine>();
  let linesWithoutSku = 0;
  for (const item of o.line_items) {
    const sku = item.seller_sku?.trim();
    if (!sku) {
      linesWithoutSku++;
      continue;
    }
    const price = parseDecimalToMinor(item.sale_price ?? '0', digits) ?? 0;
    const line = bySku.get(sku) ?? { sellerSku: sku, quantity: 0, unitPriceMinor: 0 };
    // Units of one SKU may sell at different prices (a discount on one): keep the mean, so that
    // quantity × unit price is the lines' total to within a minor unit.
    const total = line.unitPriceMinor * line.quantity + price;
    line.quantity++;
    line.unitPriceMinor = Math.round(total / line.quantity);
    bySku.set(sku, line);
  }
  const sla: Record<string, string> = {};
  for (const f of SLA_FIELDS) {
    const v = o[f];
    if (typeof v === 'number' && v > 0) sla[f] = iso(v);
  }
  const shipTimes = [o.rts_sla_time, o.shipping_due_time].filter(
    (t): t is number => typeof t === 'number' && t > 0,
  );
  const paid = o.paid_time && o.paid_time > 0 ? o.paid_time : o.create_time;
  const withTracking = o.tracking_number
    ? { number: o.tracking_number, carrier: o.shipping_provider ?? '' }
    : (() => {
        const item = o.line_items.find((l) => l.tracking_number);
        return item?.tracking_number
          ? { number: item.tracking_number, carrier: item.shipping_provider_name ?? '' }
          : null;
      })();
  return {
    externalId: o.id,
    tiktokStatus: o.status,
    target: targetOf(o.status),
    updateTime: o.update_time,
    paidAt: paid ? iso(paid) : null,
    currency,
    lines: [...bySku.values()],
    linesWithoutSku,
    sla,
    marketplaceShipBy: shipTimes.length ? iso(Math.min(...shipTimes)) : null,
    tracking: withTracking,
  };
}

/** Where a TikTok order stands in Puente: its order's status, or `none` before it has one. */
export type PuenteState =
  | 'none'
  | 'pending'
  | 'parked'
  | 'on_hold'
  | 'reserved'
  | 'awaiting_stock'
  | 'shipped'
  | 'delivered'
  | 'cancelled';

/**
 * One change to the Puente order, in the order they run:
 * - `take`: store the order and reserve it (or it waits for stock); `hold` after it when ON_HOLD;
 * - `park`: store it with its unknown SKUs named, holding nothing;
 * - `take_parked`: a parked order whose SKUs now exist gets its lines and is reserved;
 * - `end_hold`: the hold ended, the reserved order may ship;
 * - `record`: store an order first seen already shipped, delivered or cancelled, as it is (history:
 *   its units left, or never left, before Puente saw it; no stock moves);
 * - `settle_parked`: a parked order shipped or was cancelled at TikTok: its status follows;
 * - `ship` (consumes the reservation), `deliver`, `cancel` (releases, once).
 */
export type Step =
  | 'take'
  | 'hold'
  | 'park'
  | 'take_parked'
  | 'end_hold'
  | 'record'
  | 'settle_parked'
  | 'ship'
  | 'deliver'
  | 'cancel';

/**
 * The steps that bring the Puente order from `current` to what TikTok's status asks. Statuses only
 * move forward: an older or repeated version changes nothing, which is what makes a poll, a
 * webhook, or both, apply an order exactly once. `skusKnown`: every seller SKU of the order exists.
 */
export function stepsFor(current: PuenteState, target: TikTokTarget, skusKnown: boolean): Step[] {
  if (target === 'unknown' || target === 'unpaid') return [];
  const live = target === 'on_hold' || target === 'reserve';
  switch (current) {
    case 'none':
      if (live) return !skusKnown ? ['park'] : target === 'on_hold' ? ['take', 'hold'] : ['take'];
      return ['record'];
    case 'parked':
      if (live) return !skusKnown ? [] : target === 'on_hold' ? ['take_parked', 'hold'] : ['take_parked'];
      return ['settle_parked'];
    case 'on_hold':
      if (target === 'reserve') return ['end_hold'];
      if (target === 'shipped') return ['end_hold', 'ship'];
      if (target === 'delivered') return ['end_hold', 'ship', 'deliver'];
      return target === 'cancelled' ? ['cancel'] : [];
    case 'reserved':
      // Reserved while TikTok still holds it: it waited for stock, and arriving stock reserved it.
      if (target === 'on_hold') return ['hold'];
      if (target === 'shipped') return ['ship'];
      if (target === 'delivered') return ['ship', 'deliver'];
      return target === 'cancelled' ? ['cancel'] : [];
    case 'awaiting_stock':
      // Shipped at TikTok while Puente had no stock for it: it left anyway; Puente records it.
      if (target === 'shipped' || target === 'delivered') return ['settle_parked'];
      return target === 'cancelled' ? ['cancel'] : [];
    case 'shipped':
      return target === 'delivered' ? ['deliver'] : [];
    default:
      return [];
  }
}

/** More than this apart, TikTok's deadline and Puente's disagree, and the board says so. */
export const SLA_DISAGREEMENT_MS = 60_000;

/** The deadline the board uses (the earlier), and whether the two disagree by more than a minute. */
export function shipDeadline(
  policy: string | null,
  marketplace: string | null,
): { shipBy: string | null; disagree: boolean } {
  if (!policy || !marketplace) return { shipBy: policy ?? marketplace, disagree: false };
  const [p, m] = [Date.parse(policy), Date.parse(marketplace)];
  return {
    shipBy: p <= m ? policy : marketplace,
    disagree: Math.abs(p - m) > SLA_DISAGREEMENT_MS,
  };
}
