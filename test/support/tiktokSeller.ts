import { connectTikTok } from '../../src/services/tiktokConnect.ts';
import type { TikTokDeps } from '../../src/services/tiktokSession.ts';
import type { Store } from '../../src/store/openDatabase.ts';
import { receive } from '../../src/store/stockLedger.ts';
import { seedSeller } from './seller.ts';
import { demoFake, fakeConnection } from './tiktokFake.ts';

/**
 * The demo seller (test/support/seller.ts) with 5 of SKU A at TX, and its TTS-US connected to a
 * TikTok fake, listening, whose shops list `sellerSkus`: the world the order tests start from.
 */
export async function sellerOnTikTok(store: Store, deps: TikTokDeps, sellerSkus: string[]) {
  const seller = await seedSeller(store);
  await receive(
    store,
    { organizationId: seller.org, skuId: seller.sku.A, warehouseId: seller.tx, actor: 'test' },
    5,
  );
  const env = demoFake({ sellerSkus });
  await env.fake.listen();
  await connectTikTok(store, deps, fakeConnection(env, seller.org, 'TTS-US'));
  return { seller, env, fake: env.fake };
}
