import { useCallback } from 'react';
import type { Storefront, Warehouse, WarehouseZone } from './apiModels';
import { useResource } from './useResource';

/**
 * The zone an order's times are shown in: its queue warehouse's. Board rows carry `warehouse`,
 * older rows `warehouses` (the first is the queue's); an order with neither (waiting for stock
 * before it was given a queue) takes the storefront's first warehouse, and UTC when even that is
 * unknown, so every order's paid time and deadline read in the same zone wherever they appear.
 */
export interface ZonedRow {
  storefront?: string;
  warehouse?: WarehouseZone | null;
  warehouses?: WarehouseZone[];
}

export const UTC_ZONE: WarehouseZone = { code: '', timeZone: 'UTC' };

export function orderZone(
  row: ZonedRow,
  storefronts: readonly Storefront[],
  warehouses: readonly Warehouse[],
): WarehouseZone {
  if (row.warehouse) return row.warehouse;
  const first = row.warehouses?.[0];
  if (first) return first;
  const storefront = storefronts.find((s) => s.code === row.storefront);
  const preferred = [...(storefront?.warehouses ?? [])].sort((a, b) => a.priority - b.priority)[0];
  const w = preferred && warehouses.find((x) => x.code === preferred.code);
  return w ? { code: w.code, timeZone: w.timeZone } : UTC_ZONE;
}

/** The zone of a warehouse named by its code, UTC when it is unknown. */
export function warehouseZone(
  code: string | null | undefined,
  warehouses: readonly Warehouse[],
): WarehouseZone {
  const w = code ? warehouses.find((x) => x.code === code) : undefined;
  return w ? { code: w.code, timeZone: w.timeZone } : UTC_ZONE;
}

/** Loads the organization's warehouses and storefronts once, for pages that show orders' times. */
export function useZones() {
  const warehouses = useResource<{ items: Warehouse[] }>('/warehouses');
  const storefronts = useResource<{ items: Storefront[] }>('/storefronts');
  const wh = warehouses.data?.items;
  const sf = storefronts.data?.items;
  const ofOrder = useCallback((row: ZonedRow) => orderZone(row, sf ?? [], wh ?? []), [sf, wh]);
  const ofWarehouse = useCallback((code: string | null | undefined) => warehouseZone(code, wh ?? []), [wh]);
  return { ofOrder, ofWarehouse, warehouses: wh ?? [], storefronts: sf ?? [] };
}
