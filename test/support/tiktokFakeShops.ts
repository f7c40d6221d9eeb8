import { randomBytes } from 'node:crypto';

/**
 * The data a TikTok Shop fake holds, per shop, in the shapes of the reference (tiktok-shop-api.md
 * §4–§6): orders with line items (one unit each), products with SKUs and stock per warehouse,
 * warehouses with addresses, tracking put on orders. Times are Unix seconds, ids 19-digit strings.
 */

export interface FakeWarehouse {
  id: string;
  name: string;
  is_default: boolean;
  effect_status: 'ENABLED' | 'DISABLED' | 'RESTRICTED';
  type: 'SALES_WAREHOUSE' | 'RETURN_WAREHOUSE';
  sub_type: 'DOMESTIC_WAREHOUSE' | 'CB_OVERSEA_WAREHOUSE' | 'CB_DIRECT_SHIPPING_WAREHOUSE';
  address: { region_code: string; state: string; city: string; postal_code: string; full_address: string };
}

export interface FakeLineItem {
  id: string;
  sku_id: string;
  product_id: string;
  seller_sku: string;
  product_name: string;
  sale_price: string;
  original_price: string;
  currency: string;
  display_status: string;
  package_id?: string;
  tracking_number?: string;
  shipping_provider_id?: string;
}

export interface FakeOrder {
  id: string;
  status: string;
  create_time: number;
  update_time: number;
  paid_time?: number;
  rts_sla_time?: number;
  tts_sla_time?: number;
  shipping_due_time?: number;
  cancel_time?: number;
  is_on_hold_order: boolean;
  shipping_type: 'TIKTOK' | 'SELLER';
  warehouse_id: string;
  tracking_number?: string;
  shipping_provider_id?: string;
  payment: { currency: string; sub_total: string; total_amount: string; shipping_fee: string };
  line_items: FakeLineItem[];
  packages: { id: string }[];
}

export interface FakeSku {
  id: string;
  seller_sku: string;
  /** The warehouses the SKU is assigned to, and their stock. */
  inventory: { warehouse_id: string; quantity: number }[];
}

export interface FakeProduct {
  id: string;
  title: string;
  status: 'ACTIVATE' | 'DRAFT' | 'SELLER_DEACTIVATED';
  skus: FakeSku[];
  create_time: number;
  update_time: number;
}

export interface FakeShop {
  id: string;
  name: string;
  region: string;
  seller_type: 'CROSS_BORDER' | 'LOCAL';
  cipher: string;
  code: string;
  currency: string;
  warehouses: FakeWarehouse[];
  orders: Map<string, FakeOrder>;
  products: Map<string, FakeProduct>;
}

let sequence = 0;
/** A 19-digit id like TikTok's, unique in the process. */
export function newId(): string {
  sequence++;
  return `7${String(Date.now()).slice(-9)}${String(sequence).padStart(9, '0')}`;
}

export function newShop(o: {
  name: string;
  region: string;
  currency: string;
  sellerType?: FakeShop['seller_type'];
  warehouses: {
    name: string;
    state: string;
    city: string;
    postalCode: string;
    subType?: FakeWarehouse['sub_type'];
  }[];
}): FakeShop {
  const warehouses: FakeWarehouse[] = o.warehouses.map((w, i) => ({
    id: newId(),
    name: w.name,
    is_default: i === 0,
    effect_status: 'ENABLED',
    type: 'SALES_WAREHOUSE',
    sub_type: w.subType ?? (o.region === 'US' ? 'DOMESTIC_WAREHOUSE' : 'CB_OVERSEA_WAREHOUSE'),
    address: {
      region_code: 'US',
      state: w.state,
      city: w.city,
      postal_code: w.postalCode,
      full_address: `${w.city}, ${w.state} ${w.postalCode}`,
    },
  }));
  // Returns go somewhere too; stock is never pushed there (only SALES_WAREHOUSE ids).
  const first = o.warehouses[0];
  if (first)
    warehouses.push({
      id: newId(),
      name: `${first.name} returns`,
      is_default: false,
      effect_status: 'ENABLED',
      type: 'RETURN_WAREHOUSE',
      sub_type: 'DOMESTIC_WAREHOUSE',
      address: {
        region_code: 'US',
        state: first.state,
        city: first.city,
        postal_code: first.postalCode,
        full_address: `${first.city}, ${first.state} ${first.postalCode}`,
      },
    });
  return {
    id: newId(),
    name: o.name,
    region: o.region,
    seller_type: o.sellerType ?? 'CROSS_BORDER',
    // Ciphers look like TikTok's: a region prefix and base64-ish text.
    cipher: `ROW_${randomBytes(18).toString('base64url')}`,
    code: `${o.region}LC${randomBytes(3).toString('hex').toUpperCase()}`,
    currency: o.currency,
    warehouses,
    orders: new Map(),
    products: new Map(),
  };
}

export const salesWarehouses = (shop: FakeShop) =>
  shop.warehouses.filter((w) => w.type === 'SALES_WAREHOUSE');

/** A product with one SKU per seller SKU, assigned to the given warehouses (default: every sales warehouse). */
export function addProduct(
  shop: FakeShop,
  o: { title: string; sellerSkus: string[]; warehouseIds?: string[]; quantity?: number; at: number },
): FakeProduct {
  const warehouseIds = o.warehouseIds ?? salesWarehouses(shop).map((w) => w.id);
  const product: FakeProduct = {
    id: newId(),
    title: o.title,
    status: 'ACTIVATE',
    skus: o.sellerSkus.map((seller_sku) => ({
      id: newId(),
      seller_sku,
      inventory: warehouseIds.map((warehouse_id) => ({ warehouse_id, quantity: o.quantity ?? 0 })),
    })),
    create_time: o.at,
    update_time: o.at,
  };
  shop.products.set(product.id, product);
  return product;
}

export function findSku(shop: FakeShop, sellerSku: string): { product: FakeProduct; sku: FakeSku } | null {
  for (const product of shop.products.values())
    for (const sku of product.skus) if (sku.seller_sku === sellerSku) return { product, sku };
  return null;
}

/**
 * An order of `lines` (seller SKU, units): a line item per unit (§4: no quantity field). Paid
 * orders get TikTok's SLA fields: ready-to-ship within 2 days of payment [P11-like], auto-cancel a
 * day later.
 */
export function addOrder(
  shop: FakeShop,
  o: {
    lines: { sellerSku: string; units: number; price?: string }[];
    status?: string;
    at: number;
    id?: string;
  },
): FakeOrder {
  const status = o.status ?? 'AWAITING_SHIPMENT';
  const paid = status !== 'UNPAID';
  const warehouse = salesWarehouses(shop)[0];
  const items: FakeLineItem[] = [];
  let subTotal = 0;
  for (const line of o.lines) {
    const found = findSku(shop, line.sellerSku);
    const price = line.price ?? '10.00';
    for (let u = 0; u < line.units; u++) {
      subTotal += Number(price);
      items.push({
        id: newId(),
        sku_id: found?.sku.id ?? newId(),
        product_id: found?.product.id ?? newId(),
        seller_sku: line.sellerSku,
        product_name: found?.product.title ?? line.sellerSku,
        sale_price: price,
        original_price: price,
        currency: shop.currency,
        display_status: status === 'ON_HOLD' ? 'AWAITING_SHIPMENT' : status,
      });
    }
  }
  const order: FakeOrder = {
    id: o.id ?? newId(),
    status,
    create_time: o.at,
    update_time: o.at,
    ...(paid
      ? {
          paid_time: o.at,
          rts_sla_time: o.at + 2 * 86400,
          tts_sla_time: o.at + 3 * 86400,
          shipping_due_time: o.at + 3 * 86400,
        }
      : {}),
    is_on_hold_order: status === 'ON_HOLD',
    shipping_type: 'SELLER',
    warehouse_id: warehouse?.id ?? '',
    payment: {
      currency: shop.currency,
      sub_total: subTotal.toFixed(2),
      total_amount: subTotal.toFixed(2),
      shipping_fee: '0.00',
    },
    line_items: items,
    packages: [{ id: newId() }],
  };
  shop.orders.set(order.id, order);
  return order;
}

/** Moves an order to `status` at `at` (the update time moves with it, as at TikTok). */
export function setOrderStatus(order: FakeOrder, status: string, at: number): void {
  order.status = status;
  order.update_time = Math.max(at, order.update_time + 1);
  if (status === 'CANCELLED') order.cancel_time = order.update_time;
  if (status === 'AWAITING_SHIPMENT' && order.paid_time === undefined) {
    order.paid_time = at;
    order.rts_sla_time = at + 2 * 86400;
    order.shipping_due_time = at + 3 * 86400;
  }
  for (const item of order.line_items)
    item.display_status = status === 'ON_HOLD' ? 'AWAITING_SHIPMENT' : status;
}
