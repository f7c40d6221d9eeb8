import { z } from 'zod';
import type { TikTokClient } from './client.ts';

/**
 * The TikTok Shop endpoints Puente uses, typed (reference §1, §4–§6). Answers are checked at this
 * edge with zod, keeping only the fields Puente reads (unknown fields are dropped, not refused:
 * TikTok adds fields without a new version). IDs stay strings: they are 64-bit.
 */

const shopSchema = z.object({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  seller_type: z.string().optional(),
  cipher: z.string(),
  code: z.string().optional(),
});
export type TikTokShop = z.infer<typeof shopSchema>;

export async function authorizedShops(client: TikTokClient): Promise<TikTokShop[]> {
  const data = await client.call('GET', '/authorization/202309/shops', { sellerLevel: true });
  return z.object({ shops: z.array(shopSchema).default([]) }).parse(data).shops;
}

const warehouseSchema = z.object({
  id: z.string(),
  name: z.string(),
  is_default: z.boolean().optional(),
  effect_status: z.string().optional(),
  type: z.string().optional(),
  sub_type: z.string().optional(),
  address: z
    .object({
      region_code: z.string().optional(),
      state: z.string().optional(),
      city: z.string().optional(),
      postal_code: z.string().optional(),
      full_address: z.string().optional(),
    })
    .optional(),
});
export type TikTokWarehouse = z.infer<typeof warehouseSchema>;

export async function shopWarehouses(client: TikTokClient): Promise<TikTokWarehouse[]> {
  const data = await client.call('GET', '/logistics/202309/warehouses');
  return z.object({ warehouses: z.array(warehouseSchema).default([]) }).parse(data).warehouses;
}

const lineItemSchema = z.object({
  id: z.string(),
  sku_id: z.string().optional(),
  product_id: z.string().optional(),
  seller_sku: z.string().optional(),
  sale_price: z.string().optional(),
  currency: z.string().optional(),
  display_status: z.string().optional(),
  package_id: z.string().optional(),
  tracking_number: z.string().optional(),
  shipping_provider_name: z.string().optional(),
});
const orderSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  update_time: z.number(),
  create_time: z.number().optional(),
  paid_time: z.number().optional(),
  rts_sla_time: z.number().optional(),
  tts_sla_time: z.number().optional(),
  shipping_due_time: z.number().optional(),
  collection_due_time: z.number().optional(),
  delivery_due_time: z.number().optional(),
  delivery_sla_time: z.number().optional(),
  cancel_time: z.number().optional(),
  tracking_number: z.string().optional(),
  shipping_provider: z.string().optional(),
  is_on_hold_order: z.boolean().optional(),
  warehouse_id: z.string().optional(),
  shipping_type: z.string().optional(),
  payment: z.looseObject({ currency: z.string(), total_amount: z.string().optional() }).optional(),
  line_items: z.array(lineItemSchema).default([]),
  packages: z.array(z.object({ id: z.string() })).default([]),
});
export type TikTokOrder = z.infer<typeof orderSchema>;

export interface OrderPage {
  orders: TikTokOrder[];
  /** Absent or empty on the last page. Opaque: may hold + / =, passed back as it came. */
  nextPageToken: string | null;
  totalCount: number;
}

/** One page of orders updated in [updateTimeGe, updateTimeLt), oldest update first (§4). */
export async function searchOrders(
  client: TikTokClient,
  o: { updateTimeGe: number; updateTimeLt: number; pageToken?: string | null; pageSize?: number },
): Promise<OrderPage> {
  const data = await client.call('POST', '/order/202309/orders/search', {
    query: {
      page_size: o.pageSize ?? 100,
      page_token: o.pageToken ?? undefined,
      sort_field: 'update_time',
      sort_order: 'ASC',
    },
    body: { update_time_ge: o.updateTimeGe, update_time_lt: o.updateTimeLt },
  });
  const d = z
    .object({
      orders: z.array(orderSchema).default([]),
      next_page_token: z.string().optional(),
      total_count: z.number().default(0),
    })
    .parse(data);
  return { orders: d.orders, nextPageToken: d.next_page_token || null, totalCount: d.total_count };
}

export const ORDER_DETAIL_MAX_IDS = 50;

/** Orders by id, at most 50 per call (§4). */
export async function orderDetails(client: TikTokClient, ids: string[]): Promise<TikTokOrder[]> {
  if (ids.length > ORDER_DETAIL_MAX_IDS)
    throw new Error(`at most ${ORDER_DETAIL_MAX_IDS} order ids per call`);
  const data = await client.call('GET', '/order/202309/orders', { query: { ids: ids.join(',') } });
  return z.object({ orders: z.array(orderSchema).default([]) }).parse(data).orders;
}

const productSchema = z.object({
  id: z.string(),
  status: z.string().optional(),
  skus: z
    .array(
      z.object({
        id: z.string(),
        seller_sku: z.string().optional(),
        inventory: z.array(z.object({ warehouse_id: z.string(), quantity: z.number() })).default([]),
      }),
    )
    .default([]),
});
export type TikTokProduct = z.infer<typeof productSchema>;

/** Products holding any of these seller SKUs (≤ 10 per call, §5), one page. */
export async function searchProductsBySellerSku(
  client: TikTokClient,
  sellerSkus: string[],
  pageToken?: string | null,
): Promise<{ products: TikTokProduct[]; nextPageToken: string | null }> {
  const data = await client.call('POST', '/product/202309/products/search', {
    query: { page_size: 100, page_token: pageToken ?? undefined },
    body: { seller_skus: sellerSkus },
  });
  const d = z
    .object({ products: z.array(productSchema).default([]), next_page_token: z.string().optional() })
    .parse(data);
  return { products: d.products, nextPageToken: d.next_page_token || null };
}

/** TikTok's product search caps its result window at 10,000 (§5, 12052180). */
export const PRODUCT_SEARCH_WINDOW = 10_000;

/** One page of every product of the shop (no filter), with each SKU's stock per warehouse (§5). */
export async function searchProductsPage(
  client: TikTokClient,
  pageToken?: string | null,
): Promise<{ products: TikTokProduct[]; nextPageToken: string | null; totalCount: number }> {
  const data = await client.call('POST', '/product/202309/products/search', {
    query: { page_size: 100, page_token: pageToken ?? undefined },
    body: { status: 'ACTIVATE' },
  });
  const d = z
    .object({
      products: z.array(productSchema).default([]),
      next_page_token: z.string().optional(),
      total_count: z.number().default(0),
    })
    .parse(data);
  return { products: d.products, nextPageToken: d.next_page_token || null, totalCount: d.total_count };
}

export interface InventoryError {
  code: number;
  message: string;
  skuId: string | null;
  warehouseErrors: { warehouseId: string; code: number; message: string }[];
}

/**
 * Sets stock per warehouse for SKUs of one product (§5). Every warehouse the SKU is assigned to
 * must be listed. Code 0 can still carry per-SKU failures: they are returned, not thrown.
 */
export async function updateInventory(
  client: TikTokClient,
  productId: string,
  skus: { id: string; inventory: { warehouse_id: string; quantity: number }[] }[],
): Promise<InventoryError[]> {
  const data = await client.call('POST', `/product/202309/products/${productId}/inventory/update`, {
    body: { skus },
  });
  const d = z
    .object({
      errors: z
        .array(
          z.object({
            code: z.number(),
            message: z.string().default(''),
            detail: z
              .object({
                sku_id: z.string().optional(),
                extra_errors: z
                  .array(
                    z.object({ warehouse_id: z.string(), code: z.number(), message: z.string().default('') }),
                  )
                  .default([]),
              })
              .optional(),
          }),
        )
        .default([]),
    })
    .parse(data ?? {});
  return d.errors.map((e) => ({
    code: e.code,
    message: e.message,
    skuId: e.detail?.sku_id ?? null,
    warehouseErrors: (e.detail?.extra_errors ?? []).map((x) => ({
      warehouseId: x.warehouse_id,
      code: x.code,
      message: x.message,
    })),
  }));
}

/** Seller shipping: tracking number and carrier on an order (Mark Package As Shipped, §6). */
export async function markPackageShipped(
  client: TikTokClient,
  orderId: string,
  o: { trackingNumber: string; shippingProviderId: string; lineItemIds?: string[] },
): Promise<{ packageId: string | null }> {
  const data = await client.call('POST', `/fulfillment/202309/orders/${orderId}/packages`, {
    body: {
      tracking_number: o.trackingNumber,
      shipping_provider_id: o.shippingProviderId,
      ...(o.lineItemIds ? { order_line_item_ids: o.lineItemIds } : {}),
    },
  });
  return { packageId: z.object({ package_id: z.string().optional() }).parse(data ?? {}).package_id ?? null };
}

/**
 * Mark Package As Shipped works only in these regions (§6); elsewhere (MX among them) a seller-shipped
 * package is shipped with Ship Package and `self_shipment`.
 */
export const MARK_SHIPPED_REGIONS = new Set(['US', 'GB', 'UK', 'ES', 'IE', 'IT', 'DE', 'FR', 'JP']);

/** Seller shipping by package: Ship Package with the tracking number and carrier (§6). */
export async function shipPackageSelf(
  client: TikTokClient,
  packageId: string,
  o: { trackingNumber: string; shippingProviderId: string },
): Promise<void> {
  await client.call('POST', `/fulfillment/202309/packages/${packageId}/ship`, {
    body: {
      self_shipment: { tracking_number: o.trackingNumber, shipping_provider_id: o.shippingProviderId },
    },
  });
}

/** The delivery options of a warehouse (§6): seller shipping is type SEND_BY_SELLER. */
export async function deliveryOptions(
  client: TikTokClient,
  warehouseId: string,
): Promise<{ id: string; name: string; type: string | null }[]> {
  const data = await client.call('GET', `/logistics/202309/warehouses/${warehouseId}/delivery_options`);
  const d = z
    .object({
      delivery_options: z
        .array(z.object({ id: z.string(), name: z.string().default(''), type: z.string().optional() }))
        .default([]),
    })
    .parse(data ?? {});
  return d.delivery_options.map((o) => ({ id: o.id, name: o.name, type: o.type ?? null }));
}

/** The carriers of a delivery option, with the ids Mark Package As Shipped takes (§6). */
export async function shippingProviders(
  client: TikTokClient,
  deliveryOptionId: string,
): Promise<{ id: string; name: string }[]> {
  const data = await client.call(
    'GET',
    `/logistics/202309/delivery_options/${deliveryOptionId}/shipping_providers`,
  );
  return z
    .object({ shipping_providers: z.array(z.object({ id: z.string(), name: z.string() })).default([]) })
    .parse(data ?? {}).shipping_providers;
}
