/**
 * What a storefront may offer [P15]: the units available in its warehouses less a safety buffer,
 * never below zero. The buffer is the larger of a fixed number of units and a percentage of what
 * is available (rounded up), so that two storefronts selling one pool leave room for the orders in
 * flight between a sale and the next stock sync.
 */
export function publishedQuantity(available: number, bufferUnits: number, bufferPercent: number): number {
  const held = Math.max(bufferUnits, Math.ceil((Math.max(0, available) * bufferPercent) / 100));
  return Math.max(0, available - held);
}
