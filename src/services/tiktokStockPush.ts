import PQueue from 'p-queue';
import type { TikTokClient } from '../channels/tiktok/client.ts';
import { TikTokError } from '../channels/tiktok/errors.ts';
import { type InventoryError, updateInventory } from '../channels/tiktok/tiktokApi.ts';
import { planStock } from '../domain/tiktok/stockSplit.ts';
import { raiseAlert, resolveAlert } from '../store/alerts.ts';
import type { Store } from '../store/openDatabase.ts';
import { type TikTokConnectionRow, tiktokWarehouses } from '../store/tiktokConnections.ts';
import {
  availableByWarehouse,
  forgetSkuRefs,
  markFigures,
  type PendingFigure,
  pendingFigures,
  type TikTokSkuRef,
} from '../store/tiktokStock.ts';
import { inTransaction } from '../store/transaction.ts';
import { connectedStorefront } from './tiktokConnected.ts';
import { type TikTokDeps, tiktokClientFor } from './tiktokSession.ts';
import { currentStock, resolveSkuRefs } from './tiktokSkuRefs.ts';

/**
 * Sellable quantities out (issue 11): the published-quantity outbox of one connected storefront,
 * sent to TikTok Shop with Update Inventory (reference §5).
 *
 * - The latest pending figure of each SKU wins; pushing it settles every earlier pending row.
 * - It runs after the transactions that wrote the figures, and holds none while TikTok is called:
 *   each call is followed by its own short write marking the rows it settled. A push that dies
 *   part-way leaves the rest pending; the next one sends those and only those (figures are absolute,
 *   so even a call whose mark was lost is harmless to send again).
 * - Each SKU is sent with every TikTok warehouse it is assigned to (omitting one is refused): mapped
 *   ones get what their Puente warehouse gives the storefront (domain/tiktok/stockSplit.ts); unmapped
 *   ones keep the figure TikTok shows, and are named in `skipped`.
 * - Per-SKU refusals in `data.errors[]` fail that SKU only. A refusal that names stale ids (product
 *   replaced, warehouses reassigned) drops the cached ids, looks the SKU up again and sends it once
 *   more. Failed rows stay pending for the next cycle; a refusal retrying cannot cure raises a
 *   `sync_failure` alert, resolved when the SKU goes through.
 */

export type SkippedStock =
  /** TikTok lists no product with this seller SKU in the shop: nothing to send it to. */
  | { reason: 'not_on_tiktok'; sku: string }
  /** A TikTok warehouse with no Puente warehouse mapped: its figures are left as TikTok has them. */
  | { reason: 'unmapped_warehouse'; tiktokWarehouse: string; name: string | null; skus: number }
  /** TikTok assigns the SKU to fewer warehouses than the storefront draws on: pushed < published. */
  | { reason: 'short_of_published'; sku: string; published: number; pushed: number };

export interface StockPushResult {
  /** SKUs whose figure TikTok took. */
  pushed: number;
  /** SKUs whose figure failed: still pending, tried again next cycle. */
  failed: number;
  /** Each of those, with TikTok's code and reason: the summary names them. */
  failures: { sku: string; error: string }[];
  skipped: SkippedStock[];
  /** HTTP calls made to TikTok (retries included) and retries. */
  calls: number;
  retries: number;
}

export interface StockPushOptions {
  storefrontId: string;
  /** Only these SKUs (Puente SKU ids): reconciliation re-pushes the ones that drifted. */
  skuIds?: string[];
  /**
   * Called before each Update Inventory call starts. If it throws, no further call starts; the calls
   * in flight finish and write their marks, then the push throws: a process that died between calls
   * (the crash tests use it).
   */
  beforeEachCall?: () => void;
}

/** Update Inventory takes at most 100 SKUs of one product per call (§5). */
const SKUS_PER_CALL = 100;
/** Calls in flight per push: the rate limiter paces them; this only keeps the pipe full. */
export const IN_FLIGHT = 16;
/** Refusals that mean the cached ids no longer match TikTok: look the SKU up again. */
const STALE_IDS = new Set([12052700, 12052048, 12019028, 12052533, 12052097]);

interface Send {
  figure: PendingFigure;
  ref: TikTokSkuRef;
  inventory: { warehouse_id: string; quantity: number }[];
}

export async function pushTikTokStock(
  store: Store,
  deps: TikTokDeps,
  o: StockPushOptions,
): Promise<StockPushResult> {
  const connection = await connectedStorefront(store, o.storefrontId);
  const { client } = await tiktokClientFor(store, deps, o.storefrontId);
  const only = o.skuIds ? new Set(o.skuIds) : null;
  const figures = (await pendingFigures(store, o.storefrontId)).filter((f) => !only || only.has(f.skuId));
  const result: StockPushResult = { pushed: 0, failed: 0, failures: [], skipped: [], calls: 0, retries: 0 };
  if (figures.length === 0) return result;

  const push = new StockPush(store, client, connection, result, o.beforeEachCall);
  const stale = await push.send(figures, false);
  if (stale.length) {
    // Looked up again once; refused again, they fail like any other refusal.
    await forgetSkuRefs(
      store,
      { storefrontId: o.storefrontId, organizationId: connection.organization_id },
      stale.map((f) => f.sellerSku),
    );
    await push.send(stale, true);
  }
  push.reportUnmapped();
  if (result.pushed > 0 && !push.callRefused)
    await inTransaction(store, (trx) =>
      resolveAlert(trx, connection.organization_id, 'sync_failure', `tiktok-stock:${o.storefrontId}`),
    );
  result.calls = client.stats.calls;
  result.retries = client.stats.retries;
  return result;
}

class StockPush {
  private readonly unmapped = new Map<string, number>();
  private readonly names = new Map<string, string>();
  /** A whole call was refused this run (its storefront-wide alert stays open). */
  callRefused = false;

  constructor(
    private readonly store: Store,
    private readonly client: TikTokClient,
    private readonly connection: TikTokConnectionRow,
    private readonly result: StockPushResult,
    private readonly beforeEachCall?: () => void,
  ) {}

  private get storefrontId() {
    return this.connection.storefront_id;
  }

  /** Sends the figures; answers those refused for stale ids (when `lastTry` is false). */
  async send(figures: PendingFigure[], lastTry: boolean): Promise<PendingFigure[]> {
    const { store, storefrontId } = this;
    const refs = await resolveSkuRefs(
      store,
      this.client,
      this.connection,
      figures.map((f) => f.sellerSku),
    );
    const mapped = new Map<string, string | null>();
    for (const w of await tiktokWarehouses(store, {
      storefrontId,
      organizationId: this.connection.organization_id,
    })) {
      this.names.set(w.tiktok_warehouse_id, w.name);
      mapped.set(w.tiktok_warehouse_id, w.warehouse_id);
    }
    const levels = await availableByWarehouse(
      store,
      { storefrontId, organizationId: this.connection.organization_id },
      figures.map((f) => f.skuId),
    );

    const sends: Send[] = [];
    const keepAsIs: {
      figure: PendingFigure;
      ref: TikTokSkuRef;
      inventory: Send['inventory'];
      unmapped: string[];
    }[] = [];
    for (const figure of figures) {
      const ref = refs.get(figure.sellerSku);
      if (!ref) {
        this.result.skipped.push({ reason: 'not_on_tiktok', sku: figure.sellerSku });
        await markFigures(
          store,
          { storefrontId, skuId: figure.skuId, upToId: figure.upToId },
          { kind: 'unsent', reason: 'not_on_tiktok' },
        );
        continue;
      }
      const plan = planStock(
        figure.quantity,
        levels.get(figure.skuId) ?? [],
        ref.warehouseIds.map((id) => ({ tiktokId: id, warehouseId: mapped.get(id) ?? null })),
      );
      if (plan.gap > 0)
        this.result.skipped.push({
          reason: 'short_of_published',
          sku: figure.sellerSku,
          published: figure.quantity,
          pushed: figure.quantity - plan.gap,
        });
      for (const id of plan.unmapped) this.unmapped.set(id, (this.unmapped.get(id) ?? 0) + 1);
      if (plan.unmapped.length)
        keepAsIs.push({ figure, ref, inventory: plan.inventory, unmapped: plan.unmapped });
      else sends.push({ figure, ref, inventory: plan.inventory });
    }
    // Unmapped warehouses must still be listed: with the figure TikTok shows now, read fresh.
    if (keepAsIs.length) {
      const shown = await currentStock(
        this.client,
        keepAsIs.map((k) => k.figure.sellerSku),
      );
      for (const k of keepAsIs) {
        const now = shown.get(k.figure.sellerSku);
        if (!now) {
          sends.push({ figure: k.figure, ref: k.ref, inventory: k.inventory }); // TikTok will say what is wrong
          continue;
        }
        sends.push({
          figure: k.figure,
          ref: k.ref,
          inventory: [
            ...k.inventory,
            ...k.unmapped.map((id) => ({ warehouse_id: id, quantity: now.stock.get(id) ?? 0 })),
          ],
        });
      }
    }

    const stale: PendingFigure[] = [];
    const queue = new PQueue({ concurrency: IN_FLIGHT });
    let stopped: unknown = null;
    const calls = byProduct(sends).map((batch) =>
      queue.add(async () => {
        if (stopped) return;
        try {
          this.beforeEachCall?.();
          stale.push(...(await this.call(batch, lastTry)));
        } catch (error) {
          stopped ??= error;
        }
      }),
    );
    // Every call in flight finishes and writes its mark before the push gives up.
    await Promise.all(calls);
    if (stopped) throw stopped;
    return stale;
  }

  private async call(batch: Send[], lastTry: boolean): Promise<PendingFigure[]> {
    const productId = (batch[0] as Send).ref.productId;
    let errors: InventoryError[];
    try {
      errors = await updateInventory(
        this.client,
        productId,
        batch.map((s) => ({ id: s.ref.skuId, inventory: s.inventory })),
      );
    } catch (error) {
      if (!(error instanceof TikTokError)) throw error;
      if (!lastTry && error.code !== null && STALE_IDS.has(error.code)) return batch.map((s) => s.figure);
      for (const s of batch) await this.failed(s, error.code, error.reason, false);
      // Retrying could not help (bad signature, scope, shop mismatch…): a person must act.
      if (!error.retryable) await this.alertCall(error, batch.length);
      return [];
    }
    const bySku = new Map(errors.map((e) => [e.skuId, e]));
    const stale: PendingFigure[] = [];
    for (const s of batch) {
      const e =
        bySku.get(s.ref.skuId) ?? (errors.length && !errors.some((x) => x.skuId) ? errors[0] : undefined);
      if (!e) {
        await markFigures(this.store, { storefrontId: this.storefrontId, ...s.figure }, { kind: 'sent' });
        if (s.figure.failedBefore) await this.resolve(s.figure.sellerSku);
        this.result.pushed++;
        continue;
      }
      const codes = [e.code, ...e.warehouseErrors.map((w) => w.code)];
      if (!lastTry && codes.some((c) => STALE_IDS.has(c))) {
        stale.push(s.figure);
        continue;
      }
      const detail = e.warehouseErrors.map((w) => `${w.warehouseId}: ${w.code} ${w.message}`).join('; ');
      await this.failed(s, e.code, detail ? `${e.message} (${detail})` : e.message, true);
    }
    return stale;
  }

  private async failed(s: Send, code: number | null, message: string, alert: boolean): Promise<void> {
    this.result.failed++;
    const error = `${code ?? 'no answer'} ${message}`.trim();
    this.result.failures.push({ sku: s.figure.sellerSku, error });
    await markFigures(
      this.store,
      { storefrontId: this.storefrontId, ...s.figure },
      { kind: 'failed', error },
    );
    if (!alert) return;
    await inTransaction(this.store, (trx) =>
      raiseAlert(trx, {
        organizationId: this.connection.organization_id,
        kind: 'sync_failure',
        subject: `tiktok-stock:${this.storefrontId}:${s.figure.sellerSku}`,
        severity: 'warning',
        message: `TikTok Shop refused the stock of ${s.figure.sellerSku}: ${error}`,
        data: {
          event: 'tiktok_stock_refused',
          storefrontId: this.storefrontId,
          sku: s.figure.sellerSku,
          code,
          error: message,
        },
      }),
    );
  }

  private async alertCall(error: TikTokError, skus: number): Promise<void> {
    this.callRefused = true;
    await inTransaction(this.store, (trx) =>
      raiseAlert(trx, {
        organizationId: this.connection.organization_id,
        kind: 'sync_failure',
        subject: `tiktok-stock:${this.storefrontId}`,
        severity: 'critical',
        message: `TikTok Shop refused a stock update (${skus} SKUs): ${error.message}`,
        data: {
          event: 'tiktok_stock_call_refused',
          storefrontId: this.storefrontId,
          shop: this.connection.shop_name,
          code: error.code,
          error: error.reason,
        },
      }),
    );
  }

  private async resolve(sellerSku: string): Promise<void> {
    await inTransaction(this.store, (trx) =>
      resolveAlert(
        trx,
        this.connection.organization_id,
        'sync_failure',
        `tiktok-stock:${this.storefrontId}:${sellerSku}`,
      ),
    );
  }

  /** One entry per unmapped TikTok warehouse, with how many SKUs it left as TikTok has them. */
  reportUnmapped(): void {
    for (const [id, skus] of this.unmapped)
      this.result.skipped.push({
        reason: 'unmapped_warehouse',
        tiktokWarehouse: id,
        name: this.names.get(id) ?? null,
        skus,
      });
  }
}

/** The sends grouped per product, at most 100 SKUs a call. */
function byProduct(sends: Send[]): Send[][] {
  const groups = new Map<string, Send[]>();
  for (const s of sends) groups.set(s.ref.productId, [...(groups.get(s.ref.productId) ?? []), s]);
  const batches: Send[][] = [];
  for (const group of groups.values())
    for (let i = 0; i < group.length; i += SKUS_PER_CALL) batches.push(group.slice(i, i + SKUS_PER_CALL));
  return batches;
}
