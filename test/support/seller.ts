import type { DispatchRule } from '../../src/domain/dispatch/shipBy.ts';
import { addStorefront, addWarehouse, createOrganization, upsertSkus } from '../../src/store/entities.ts';
import type { Store } from '../../src/store/openDatabase.ts';
import { pilot } from './policies.ts';

/**
 * A small seller for store tests: warehouses in Texas (priority for both storefronts) and
 * California, TikTok Shop US and MX storefronts sharing them, and SKUs A, B and C.
 */
export interface Seller {
  org: string;
  tx: string;
  ca: string;
  us: string;
  mx: string;
  sku: Record<'A' | 'B' | 'C', string>;
  rule: DispatchRule;
}

export async function seedSeller(
  store: Store,
  options: { mxAllowSplit?: boolean; mxBufferUnits?: number; organizationId?: string } = {},
): Promise<Seller> {
  const org = options.organizationId ?? (await createOrganization(store, 'Shenzhen Demo Trading'));
  const tx = await addWarehouse(store, org, {
    code: 'TX',
    name: 'Dallas 3PL',
    country: 'US',
    state: 'TX',
    timeZone: 'America/Chicago',
  });
  const ca = await addWarehouse(store, org, {
    code: 'CA',
    name: 'Ontario CA',
    country: 'US',
    state: 'CA',
    timeZone: 'America/Los_Angeles',
  });
  const common = { platform: 'tiktok', policyId: 'tiktok-us-mx-2026', warehouses: ['TX', 'CA'] };
  const us = await addStorefront(store, org, {
    ...common,
    code: 'TTS-US',
    name: 'TikTok Shop US',
    region: 'US',
    currency: 'USD',
  });
  const mx = await addStorefront(store, org, {
    ...common,
    code: 'TTS-MX',
    name: 'TikTok Shop MX',
    region: 'MX',
    currency: 'MXN',
    allowSplit: options.mxAllowSplit ?? false,
    bufferUnits: options.mxBufferUnits ?? 0,
  });
  const ids = await upsertSkus(store, org, [
    { sku: 'A', title: 'Wireless earbuds' },
    { sku: 'B', title: 'USB-C cable 2m' },
    { sku: 'C', title: 'Dog chew toy' },
  ]);
  const sku = { A: ids.get('A'), B: ids.get('B'), C: ids.get('C') } as Seller['sku'];
  return { org, tx, ca, us, mx, sku, rule: pilot().dispatch };
}
