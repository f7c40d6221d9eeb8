import type { TikTokClient } from '../channels/tiktok/client.ts';
import { PRODUCT_SEARCH_WINDOW, searchProductsPage } from '../channels/tiktok/tiktokApi.ts';
import { planStock } from '../domain/tiktok/stockSplit.ts';
import { raiseAlert, resolveAlert } from '../store/alerts.ts';
import type { Store } from '../store/openDatabase.ts';
import { connectionOf, tiktokWarehouses } from '../store/tiktokConnections.ts';
import {
  availableByWarehouse,
  latestFigures,
  markReconciled,
  pendingFigures,
  requeueFigure,
  saveSkuRefs,
} from '../store/tiktokStock.ts';
import { inTransaction } from '../store/transaction.ts';
import { connectedStorefront } from './tiktokConnected.ts';
import { type TikTokDeps, tiktokClientFor } from './tiktokSession.ts';
import { currentStock, type Hit, noteProduct, type ShownSku, shownSkus } from './tiktokSkuRefs.ts';
import { pushTikTokStock, type StockPushResult } from './tiktokStockPush.ts';

/**
 * Reconciliation (issue 11): TikTok's stock read back and compared, per mapped warehouse, with what
 * Puente would push now. Someone may have edited stock in Seller Center, a push may have been lost
 * with its answer, a promotion may have locked a SKU: every SKU where they differ is an alert and a
 * re-push (a fresh outbox row, sent the usual way, so a re-push that dies is resumed like any
 * other). Hourly from the sync cycle (`reconcileIfDue`) and on demand (`puente tiktok reconcile`).
 *
 * TikTok is read with Search Products, whose SKUs carry their stock per warehouse (§5): all
 * products page by page (100 a call) while the shop is under the 10,000-result window, else by
 * seller SKU (10 a call). SKUs with a figure still pending are not compared: they are on their way.
 */

export const RECONCILE_EVERY_MS = 60 * 60_000;

export interface StockDrift {
  sku: string;
  /** TikTok's warehouse id. */
  tiktokWarehouse: string;
  /** What TikTok shows, and what Puente would push. */
  tiktok: number | null;
  puente: number;
}

export interface ReconcileResult {
  /** SKUs compared. */
  checked: number;
  /** SKUs Puente publishes that TikTok does not list in this shop. */
  notOnTikTok: number;
  drift: StockDrift[];
  /** The re-push of the drifted SKUs, when there were any. */
  repushed: Pick<StockPushResult, 'pushed' | 'failed' | 'skipped'> | null;
  calls: number;
  retries: number;
}

/** Reconciles when the last one is older than `everyMs` (or there was none); null when not due. */
export async function reconcileIfDue(
  store: Store,
  deps: TikTokDeps,
  o: { storefrontId: string; everyMs?: number },
): Promise<ReconcileResult | null> {
  const connection = await connectionOf(store, o.storefrontId);
  if (!connection) return null;
  const now = deps.now?.() ?? new Date();
  const last = connection.reconciled_at ? Date.parse(connection.reconciled_at) : null;
  if (last !== null && now.getTime() - last < (o.everyMs ?? RECONCILE_EVERY_MS)) return null;
  return reconcileTikTokStock(store, deps, { storefrontId: o.storefrontId });
}

export async function reconcileTikTokStock(
  store: Store,
  deps: TikTokDeps,
  o: { storefrontId: string },
): Promise<ReconcileResult> {
  const connection = await connectedStorefront(store, o.storefrontId);
  const startedAt = deps.now?.() ?? new Date();
  const { client } = await tiktokClientFor(store, deps, o.storefrontId);
  const onTheirWay = new Set((await pendingFigures(store, o.storefrontId)).map((f) => f.skuId));
  const figures = (await latestFigures(store, o.storefrontId)).filter((f) => !onTheirWay.has(f.skuId));
  const shown = await readTikTokStock(
    client,
    figures.map((f) => f.sellerSku),
  );
  await saveSkuRefs(
    store,
    { storefrontId: o.storefrontId, organizationId: connection.organization_id },
    [...shown.values()].map((s) => s.ref),
  );
  const mapped = new Map(
    (
      await tiktokWarehouses(store, {
        storefrontId: o.storefrontId,
        organizationId: connection.organization_id,
      })
    ).map((w) => [w.tiktok_warehouse_id, w.warehouse_id]),
  );
  const levels = await availableByWarehouse(
    store,
    { storefrontId: o.storefrontId, organizationId: connection.organization_id },
    figures.map((f) => f.skuId),
  );

  const result: ReconcileResult = {
    checked: 0,
    notOnTikTok: 0,
    drift: [],
    repushed: null,
    calls: 0,
    retries: 0,
  };
  const drifted: typeof figures = [];
  for (const figure of figures) {
    const tiktok = shown.get(figure.sellerSku);
    if (!tiktok) {
      result.notOnTikTok++;
      continue;
    }
    result.checked++;
    const plan = planStock(
      figure.quantity,
      levels.get(figure.skuId) ?? [],
      tiktok.ref.warehouseIds.map((id) => ({ tiktokId: id, warehouseId: mapped.get(id) ?? null })),
    );
    const off = plan.inventory.filter((i) => tiktok.stock.get(i.warehouse_id) !== i.quantity);
    if (!off.length) continue;
    drifted.push(figure);
    for (const i of off)
      result.drift.push({
        sku: figure.sellerSku,
        tiktokWarehouse: i.warehouse_id,
        tiktok: tiktok.stock.get(i.warehouse_id) ?? null,
        puente: i.quantity,
      });
  }

  const subject = `tiktok-drift:${o.storefrontId}`;
  if (drifted.length) {
    await inTransaction(store, (trx) =>
      raiseAlert(trx, {
        organizationId: connection.organization_id,
        kind: 'sync_failure',
        subject,
        severity: 'warning',
        message: `TikTok Shop ${connection.shop_name} showed other stock than Puente for ${drifted.length} SKU(s) (${drifted
          .slice(0, 5)
          .map((f) => f.sellerSku)
          .join(', ')}): sent again`,
        data: {
          event: 'tiktok_stock_drift',
          storefrontId: o.storefrontId,
          shop: connection.shop_name,
          skus: drifted.length,
          sample: drifted.slice(0, 5).map((f) => f.sellerSku),
        },
      }),
    );
    for (const f of drifted)
      await requeueFigure(store, {
        organizationId: connection.organization_id,
        storefrontId: o.storefrontId,
        skuId: f.skuId,
        quantity: f.quantity,
      });
    const pushed = await pushTikTokStock(store, deps, {
      storefrontId: o.storefrontId,
      skuIds: drifted.map((f) => f.skuId),
    });
    result.repushed = { pushed: pushed.pushed, failed: pushed.failed, skipped: pushed.skipped };
    result.calls += pushed.calls;
    result.retries += pushed.retries;
  } else
    await inTransaction(store, (trx) =>
      resolveAlert(trx, connection.organization_id, 'sync_failure', subject),
    );
  await markReconciled(store, o.storefrontId, startedAt);
  result.calls += client.stats.calls;
  result.retries += client.stats.retries;
  return result;
}

/** TikTok's stock for these seller SKUs: all products page by page, or by SKU for a big shop. */
async function readTikTokStock(client: TikTokClient, sellerSkus: string[]): Promise<Map<string, ShownSku>> {
  if (sellerSkus.length === 0) return new Map();
  const wanted = new Set(sellerSkus);
  const found = new Map<string, Hit>();
  const first = await searchProductsPage(client);
  // Paging everything costs a call per 100 products; by SKU, a call per 10 SKUs. Page when cheaper
  // and allowed (TikTok refuses past 10,000 results, 12052180).
  if (first.totalCount > PRODUCT_SEARCH_WINDOW || first.totalCount / 100 > sellerSkus.length / 10)
    return currentStock(client, sellerSkus);
  for (const p of first.products) noteProduct(found, wanted, p);
  let token = first.nextPageToken;
  while (token) {
    const page = await searchProductsPage(client, token);
    for (const p of page.products) noteProduct(found, wanted, p);
    token = page.nextPageToken;
  }
  return shownSkus(found);
}
