import { verifyWebhookSignature } from '../channels/tiktok/sign.ts';
import { ORDER_DETAIL_MAX_IDS, orderDetails } from '../channels/tiktok/tiktokApi.ts';
import { targetOf } from '../domain/tiktok/orderMapping.ts';
import type { Store } from '../store/openDatabase.ts';
import { connectionsOfShop } from '../store/tiktokConnections.ts';
import { cancelFromMarketplace } from './orderIntake.ts';
import { applyTikTokOrders } from './tiktokOrderApply.ts';
import { type TikTokDeps, tiktokClientFor } from './tiktokSession.ts';

/**
 * TikTok Shop webhooks (issue 11; reference §7): checked, routed to a connection by shop id, then
 * acknowledged at once — TikTok wants a 200 within 3 s — while the orders they name are fetched
 * (Get Order Detail, ≤ 50 ids a call) and applied right after, in this process. The webhook is a
 * signal, not the order: its status may be spelled CANCEL and its ids may be JSON numbers. If the
 * fetch fails, polling is the backstop: a webhook never moves the watermark, so the next poll reads
 * the order's update anyway. A cancel whose fetch failed is still carried out (or remembered for
 * an order not here yet, cancelTombstones.ts): a cancel is final at TikTok.
 */

/** A webhook that names a connected shop and is signed with that connection's app. */
export interface VerifiedWebhook {
  organizationId: string;
  storefrontId: string;
  code: string;
  type: number | null;
  /**
   * The orders it names, each with the status it says (null when it says none): one for order
   * events (types 1, 3, 11, 12), every order of its packages for PACKAGE_UPDATE (type 4: a split or
   * combine changes the packages tracking is sent to). Empty for product and shop events.
   */
  orders: { id: string; status: string | null }[];
}

/** A 64-bit id that some senders write as a JSON number: read from the raw text, digits intact. */
function idField(raw: string, parsed: Record<string, unknown> | undefined, name: string): string | null {
  const value = parsed?.[name];
  if (typeof value === 'string' && value) return value;
  if (typeof value !== 'number') return null;
  const m = new RegExp(`"${name}"\\s*:\\s*(\\d+)`).exec(raw);
  return m ? (m[1] as string) : String(value);
}

/** The ids of a JSON array field, every one of them, from the raw text: numbers keep their digits. */
function idList(raw: string, name: string): string[] {
  const ids: string[] = [];
  for (const m of raw.matchAll(new RegExp(`"${name}"\\s*:\\s*\\[([^\\]]*)\\]`, 'g')))
    for (const item of (m[1] as string).split(','))
      if (/^\s*"?\d+"?\s*$/.test(item)) ids.push(item.replace(/[\s"]/g, ''));
  return ids;
}

/**
 * The orders a webhook names (reference §7). Its status is a hint only — TikTok's docs spell a
 * cancel CANCEL there — since each order is fetched (Get Order Detail) before it is applied.
 */
function namedOrders(raw: string, data: Record<string, unknown> | undefined): VerifiedWebhook['orders'] {
  const status = typeof data?.order_status === 'string' ? data.order_status : null;
  const single = idField(raw, data, 'order_id');
  const fromPackages = Array.isArray(data?.package_list) ? idList(raw, 'order_id_list') : [];
  const ids = [...new Set([...(single ? [single] : []), ...fromPackages])];
  return ids.map((id) => ({ id, status: id === single ? status : null }));
}

/** The webhook, when its signature is one of a connection of the shop it names; else null (401). */
export async function verifyTikTokWebhook(
  store: Store,
  deps: Pick<TikTokDeps, 'secrets'>,
  rawBody: Buffer,
  authorization: string | undefined,
): Promise<VerifiedWebhook | null> {
  if (!authorization) return null;
  const raw = rawBody.toString('utf8');
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    body = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  const shopId = idField(raw, body, 'shop_id');
  if (!shopId) return null;
  for (const c of await connectionsOfShop(store, shopId)) {
    const appSecret = deps.secrets.tryOpen(c.app_secret);
    if (appSecret === null) continue;
    if (!verifyWebhookSignature({ appKey: c.app_key, appSecret, rawBody, authorization })) continue;
    const data =
      body.data && typeof body.data === 'object' ? (body.data as Record<string, unknown>) : undefined;
    return {
      organizationId: c.organization_id,
      storefrontId: c.storefront_id,
      code: c.code,
      type: typeof body.type === 'number' ? body.type : null,
      orders: namedOrders(raw, data),
    };
  }
  return null;
}

/**
 * The orders webhooks named, fetched and applied in the background, a storefront's ids 50 at a
 * time. `idle()` resolves once everything queued so far is done (the server waits for it on close).
 */
export class TikTokWebhookOrders {
  private readonly queue = new Map<string, { hook: VerifiedWebhook; ids: Map<string, string | null> }>();
  private running: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly deps: TikTokDeps,
    private readonly o: {
      onApplied?: (organizationId: string) => void;
      log?: (line: string) => void;
    } = {},
  ) {}

  push(hook: VerifiedWebhook): void {
    if (hook.orders.length === 0) return;
    const entry = this.queue.get(hook.storefrontId) ?? { hook, ids: new Map() };
    for (const o of hook.orders) entry.ids.set(o.id, o.status ?? entry.ids.get(o.id) ?? null);
    this.queue.set(hook.storefrontId, entry);
    if (!this.running) this.running = this.drain().finally(() => (this.running = null));
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Yield once: webhooks arriving in the same moment share a Get Order Detail call.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.size) {
      const [storefrontId, entry] = this.queue.entries().next().value as [
        string,
        { hook: VerifiedWebhook; ids: Map<string, string | null> },
      ];
      const batch = [...entry.ids].slice(0, ORDER_DETAIL_MAX_IDS);
      for (const [id] of batch) entry.ids.delete(id);
      if (entry.ids.size === 0) this.queue.delete(storefrontId);
      await this.apply(entry.hook, batch).catch((e: unknown) =>
        this.o.log?.(`tiktok webhook ${entry.hook.code}: ${(e as Error).message}`),
      );
    }
  }

  private async apply(hook: VerifiedWebhook, batch: [string, string | null][]): Promise<void> {
    const actor = `tiktok-webhook:${hook.code}`;
    try {
      const { client } = await tiktokClientFor(this.store, this.deps, hook.storefrontId);
      const orders = await orderDetails(
        client,
        batch.map(([id]) => id),
      );
      const summary = await applyTikTokOrders(this.store, { storefrontId: hook.storefrontId, actor }, orders);
      for (const f of summary.failed)
        this.o.log?.(`tiktok webhook ${hook.code} order ${f.orderId}: ${f.error}`);
    } catch (e) {
      // The poll will bring these orders; a cancel is not left to wait for it.
      this.o.log?.(
        `tiktok webhook ${hook.code}: order detail failed (${(e as Error).message}); polling will bring it`,
      );
      for (const [id, status] of batch)
        if (status && targetOf(status) === 'cancelled')
          await cancelFromMarketplace(this.store, {
            organizationId: hook.organizationId,
            storefrontId: hook.storefrontId,
            externalId: id,
            reason: `cancelled at TikTok Shop (${status}, webhook)`,
            actor,
          });
    }
    this.o.onApplied?.(hook.organizationId);
  }
}
