import type { TikTokClient } from '../channels/tiktok/client.ts';
import { TikTokError } from '../channels/tiktok/errors.ts';
import {
  deliveryOptions,
  MARK_SHIPPED_REGIONS,
  markPackageShipped,
  ORDER_DETAIL_MAX_IDS,
  orderDetails,
  shipPackageSelf,
  shippingProviders,
} from '../channels/tiktok/tiktokApi.ts';
import { raiseAlert, resolveAlert } from '../store/alerts.ts';
import type { Store } from '../store/openDatabase.ts';
import { type TikTokConnectionRow, tiktokWarehouses } from '../store/tiktokConnections.ts';
import {
  markTrackingFailed,
  markTrackingSent,
  type PendingTracking,
  pendingTracking,
} from '../store/tiktokTracking.ts';
import { inTransaction } from '../store/transaction.ts';
import { connectedStorefront } from './tiktokConnected.ts';
import { type TikTokDeps, tiktokClientFor } from './tiktokSession.ts';

/**
 * Tracking out (issue 11): an order shipped in Puente — dashboard, `puente ship`, bulk CSV, all
 * through store/settling.ts `shipOrder` — leaves a row in the tracking outbox, written in the ship's
 * transaction. This sends those rows to TikTok Shop after commit, with Mark Package As Shipped
 * (seller shipping, reference §6): the tracking number and TikTok's id for the carrier.
 *
 * - Where TikTok has no Mark Package As Shipped (MX among others, §6), the order's package is shipped
 *   instead (Ship Package with `self_shipment`), its id read from Get Order Detail.
 * - Carrier names become ids through the shop's own list: the SEND_BY_SELLER delivery options of the
 *   TikTok warehouse the order shipped from, and their shipping providers (§6). Names are compared
 *   without case, spaces or punctuation ("J&T Express" = "jt express"); a carrier TikTok does not
 *   offer is a refusal naming the ones it does.
 * - A refusal of tracking TikTok already shows on the order is no refusal: a run that died after
 *   TikTok took it, before it wrote so, is finished by the next one without sending twice.
 * - TikTok's throttling and internal errors, and an order still ON_HOLD at TikTok (21011044), leave
 *   the row pending for the next cycle. Any other refusal is final: the row says why, the order's
 *   page shows it, a `sync_failure` alert names the order — and the order stays shipped in Puente,
 *   since the parcel has left the warehouse whatever TikTok says.
 */

export interface TrackingResult {
  sent: number;
  failed: number;
  calls: number;
  retries: number;
}

/** TikTok: the order is on hold and cannot be fulfilled yet (§3); it will be, within the hour. */
const ON_HOLD = 21011044;

export async function sendPendingTracking(
  store: Store,
  deps: TikTokDeps,
  o: { storefrontId: string },
): Promise<TrackingResult> {
  const connection = await connectedStorefront(store, o.storefrontId);
  const rows = await pendingTracking(store, o.storefrontId);
  const result: TrackingResult = { sent: 0, failed: 0, calls: 0, retries: 0 };
  if (rows.length === 0) return result;
  const { client } = await tiktokClientFor(store, deps, o.storefrontId);
  const carriers = new CarrierIds(client, store, connection);
  const packages = new PackageIds(
    client,
    rows.map((r) => r.externalId),
  );
  for (const row of rows) {
    try {
      const providerId = await carriers.idOf(row);
      if (typeof providerId !== 'string') {
        await refuse(store, connection, row, 'carrier_unknown', providerId.message);
        result.failed++;
        continue;
      }
      const shipment = { trackingNumber: row.tracking, shippingProviderId: providerId };
      if (MARK_SHIPPED_REGIONS.has(connection.shop_region))
        await markPackageShipped(client, row.externalId, shipment);
      else {
        const packageId = await packages.of(row.externalId);
        if (!packageId) {
          await refuse(store, connection, row, 'no_package', 'TikTok Shop lists no package for this order');
          result.failed++;
          continue;
        }
        await shipPackageSelf(client, packageId, shipment);
      }
      await markTrackingSent(store, connection.organization_id, row.id);
      await inTransaction(store, (trx) =>
        resolveAlert(trx, connection.organization_id, 'sync_failure', `tiktok-tracking:${row.orderId}`),
      );
      result.sent++;
    } catch (error) {
      if (!(error instanceof TikTokError)) throw error;
      result.failed++;
      const code = error.code === null ? null : String(error.code);
      if (error.retryable || error.code === ON_HOLD)
        await markTrackingFailed(store, connection.organization_id, row.id, {
          state: 'pending',
          code,
          error: error.reason,
        });
      else if (await alreadyOnTikTok(client, row)) {
        // Sent before, by a run that died before it could write so: nothing is sent twice.
        await markTrackingSent(store, connection.organization_id, row.id);
        result.failed--;
        result.sent++;
      } else await refuse(store, connection, row, code, error.reason);
    }
  }
  result.calls = client.stats.calls;
  result.retries = client.stats.retries;
  return result;
}

/** Whether TikTok already shows this tracking number on the order (a refusal then means "done"). */
async function alreadyOnTikTok(client: TikTokClient, row: PendingTracking): Promise<boolean> {
  try {
    const [order] = await orderDetails(client, [row.externalId]);
    if (!order) return false;
    return [order.tracking_number, ...order.line_items.map((l) => l.tracking_number)].includes(row.tracking);
  } catch (error) {
    if (error instanceof TikTokError) return false;
    throw error;
  }
}

async function refuse(
  store: Store,
  connection: TikTokConnectionRow,
  row: PendingTracking,
  code: string | null,
  message: string,
): Promise<void> {
  await markTrackingFailed(store, connection.organization_id, row.id, {
    state: 'refused',
    code,
    error: message,
  });
  await inTransaction(store, (trx) =>
    raiseAlert(trx, {
      organizationId: connection.organization_id,
      kind: 'sync_failure',
      subject: `tiktok-tracking:${row.orderId}`,
      severity: 'warning',
      message: `TikTok Shop refused the tracking of order ${row.externalId} (${row.carrier} ${row.tracking}): ${message}`,
      data: {
        event: 'tiktok_tracking_refused',
        orderId: row.orderId,
        externalId: row.externalId,
        carrier: row.carrier,
        tracking: row.tracking,
        code,
        error: message,
      },
    }),
  );
}

/** Compared without case, spaces or punctuation: "J&T Express" and "jt express" are one carrier. */
export const carrierKey = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The shop's carriers per TikTok warehouse, read once per run. */
class CarrierIds {
  private readonly byWarehouse = new Map<string, Promise<{ id: string; name: string }[]>>();
  private mapping: Promise<Map<string | null, string>> | null = null;

  constructor(
    private readonly client: TikTokClient,
    private readonly store: Store,
    private readonly connection: TikTokConnectionRow,
  ) {}

  /** The TikTok warehouse for a Puente warehouse (null: the shop's first mapped sales warehouse). */
  private tiktokWarehouses(): Promise<Map<string | null, string>> {
    this.mapping ??= tiktokWarehouses(this.store, {
      storefrontId: this.connection.storefront_id,
      organizationId: this.connection.organization_id,
    }).then((rows) => {
      const sales = rows.filter((r) => (r.type ?? 'SALES_WAREHOUSE') === 'SALES_WAREHOUSE');
      const map = new Map<string | null, string>();
      for (const r of sales) if (r.warehouse_id) map.set(r.warehouse_id, r.tiktok_warehouse_id);
      const fallback = sales.find((r) => r.warehouse_id) ?? sales.find((r) => r.is_default) ?? sales[0];
      if (fallback) map.set(null, fallback.tiktok_warehouse_id);
      return map;
    });
    return this.mapping;
  }

  private providers(tiktokWarehouseId: string): Promise<{ id: string; name: string }[]> {
    let found = this.byWarehouse.get(tiktokWarehouseId);
    if (!found) {
      found = (async () => {
        const options = await deliveryOptions(this.client, tiktokWarehouseId);
        const all: { id: string; name: string }[] = [];
        for (const option of options.filter((x) => x.type === 'SEND_BY_SELLER'))
          all.push(...(await shippingProviders(this.client, option.id)));
        return all;
      })();
      // A failed read is not kept: the next order tries again.
      found.catch(() => this.byWarehouse.delete(tiktokWarehouseId));
      this.byWarehouse.set(tiktokWarehouseId, found);
    }
    return found;
  }

  /** TikTok's id for the row's carrier, or why there is none. */
  async idOf(row: PendingTracking): Promise<string | { message: string }> {
    const warehouses = await this.tiktokWarehouses();
    const warehouse = warehouses.get(row.warehouseId) ?? warehouses.get(null);
    if (!warehouse) return { message: 'the TikTok shop lists no sales warehouse to ship from' };
    const providers = await this.providers(warehouse);
    const wanted = carrierKey(row.carrier);
    const match = providers.find((p) => carrierKey(p.name) === wanted);
    if (match) return match.id;
    const names = providers.map((p) => p.name).join(', ');
    return {
      message: `TikTok Shop does not offer carrier "${row.carrier}" here (it offers: ${names || 'none'})`,
    };
  }
}

/** TikTok's package id of each order, read with Get Order Detail 50 orders a call, once per run. */
class PackageIds {
  private loaded: Promise<Map<string, string>> | null = null;

  constructor(
    private readonly client: TikTokClient,
    private readonly orderIds: string[],
  ) {}

  async of(orderId: string): Promise<string | null> {
    this.loaded ??= (async () => {
      const ids = new Map<string, string>();
      for (let i = 0; i < this.orderIds.length; i += ORDER_DETAIL_MAX_IDS)
        for (const order of await orderDetails(
          this.client,
          this.orderIds.slice(i, i + ORDER_DETAIL_MAX_IDS),
        )) {
          const first = order.packages[0]?.id ?? order.line_items.find((l) => l.package_id)?.package_id;
          if (first) ids.set(order.id, first);
        }
      return ids;
    })();
    // A failed read is not kept: the next order tries again.
    this.loaded.catch(() => {
      this.loaded = null;
    });
    return (await this.loaded).get(orderId) ?? null;
  }
}
