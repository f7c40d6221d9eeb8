import PQueue from 'p-queue';
import type { TikTokClient } from '../channels/tiktok/client.ts';
import { searchProductsBySellerSku, type TikTokProduct } from '../channels/tiktok/tiktokApi.ts';
import type { Store } from '../store/openDatabase.ts';
import type { TikTokConnectionRow } from '../store/tiktokConnections.ts';
import { cachedSkuRefs, saveSkuRefs, type TikTokSkuRef } from '../store/tiktokStock.ts';

/**
 * Seller SKU → TikTok's (product id, SKU id, assigned warehouses), which stock writes need (reference
 * §8): read from the cache, and what it lacks looked up with Search Products by `seller_skus`
 * (≤ 10 a call, §5) and cached. The reference leaves seller SKU uniqueness open: when two products
 * carry one, the active one wins, then the first TikTok lists.
 */

/** Search Products takes at most 10 seller SKUs a call (§5). */
const SELLER_SKUS_PER_SEARCH = 10;
const IN_FLIGHT = 8;

export async function resolveSkuRefs(
  store: Store,
  client: TikTokClient,
  connection: TikTokConnectionRow,
  sellerSkus: string[],
): Promise<Map<string, TikTokSkuRef>> {
  const of = { storefrontId: connection.storefront_id, organizationId: connection.organization_id };
  const refs = await cachedSkuRefs(store, of, sellerSkus);
  const missing = sellerSkus.filter((s) => !refs.has(s));
  if (missing.length === 0) return refs;
  const found = await searchBySellerSku(client, missing);
  const fresh: TikTokSkuRef[] = [];
  for (const sku of missing) {
    const hit = found.get(sku);
    if (!hit) continue;
    const ref = {
      sellerSku: sku,
      productId: hit.product.id,
      skuId: hit.sku.id,
      warehouseIds: hit.warehouseIds,
    };
    refs.set(sku, ref);
    fresh.push(ref);
  }
  await saveSkuRefs(store, of, fresh);
  return refs;
}

/** A SKU as TikTok shows it now: its ids and assigned warehouses, and its stock per warehouse. */
export interface ShownSku {
  ref: TikTokSkuRef;
  stock: Map<string, number>;
}

/** What TikTok shows now for these seller SKUs, looked up by seller SKU (10 a call). */
export async function currentStock(
  client: TikTokClient,
  sellerSkus: string[],
): Promise<Map<string, ShownSku>> {
  return shownSkus(await searchBySellerSku(client, sellerSkus));
}

export function shownSkus(found: Map<string, Hit>): Map<string, ShownSku> {
  return new Map(
    [...found].map(([sellerSku, hit]) => [
      sellerSku,
      {
        ref: { sellerSku, productId: hit.product.id, skuId: hit.sku.id, warehouseIds: hit.warehouseIds },
        stock: new Map(hit.sku.inventory.map((i) => [i.warehouse_id, i.quantity])),
      },
    ]),
  );
}

export interface Hit {
  product: TikTokProduct;
  sku: TikTokProduct['skus'][number];
  warehouseIds: string[];
}

async function searchBySellerSku(client: TikTokClient, sellerSkus: string[]): Promise<Map<string, Hit>> {
  const wanted = new Set(sellerSkus);
  const found = new Map<string, Hit>();
  const queue = new PQueue({ concurrency: IN_FLIGHT });
  const batches: string[][] = [];
  for (let i = 0; i < sellerSkus.length; i += SELLER_SKUS_PER_SEARCH)
    batches.push(sellerSkus.slice(i, i + SELLER_SKUS_PER_SEARCH));
  await Promise.all(
    batches.map((batch) =>
      queue.add(async () => {
        let token: string | null = null;
        do {
          const page = await searchProductsBySellerSku(client, batch, token);
          for (const product of page.products) noteProduct(found, wanted, product);
          token = page.nextPageToken;
        } while (token);
      }),
    ),
  );
  return found;
}

/** Records the product's SKUs that are wanted; an active product replaces an inactive one. */
export function noteProduct(
  found: Map<string, Hit>,
  wanted: Set<string> | null,
  product: TikTokProduct,
): void {
  for (const sku of product.skus) {
    if (!sku.seller_sku || (wanted && !wanted.has(sku.seller_sku))) continue;
    const before = found.get(sku.seller_sku);
    const active = (product.status ?? 'ACTIVATE') === 'ACTIVATE';
    if (before && (!active || (before.product.status ?? 'ACTIVATE') === 'ACTIVATE')) continue;
    found.set(sku.seller_sku, { product, sku, warehouseIds: sku.inventory.map((i) => i.warehouse_id) });
  }
}
