import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchRule } from '../../src/domain/dispatch/shipBy.ts';
import { connectTikTok } from '../../src/services/tiktokConnect.ts';
import type { TikTokDeps } from '../../src/services/tiktokSession.ts';
import { sendPendingTracking } from '../../src/services/tiktokTracking.ts';
import { openDatabase, type Store } from '../../src/store/openDatabase.ts';
import { reserveOrder } from '../../src/store/reservations.ts';
import { demoFake, fakeConnection, fakeDeps } from '../support/tiktokFake.ts';
import { type Dashboard, startDashboard } from './harness.ts';

/**
 * Tracking out in a real browser (issue 11), on the demo seller with TTS-US connected to the TikTok
 * fake: two TikTok orders shipped from the dashboard's API; TikTok takes one tracking and refuses
 * the other (the buyer cancelled at TikTok). The Orders list shows, in zh-CN, en and es-MX, that one
 * is on TikTok and why the other was refused — while both stay shipped in Puente.
 */
const rule: DispatchRule = { days: 2, dayKind: 'business', cutoff: '17:00', timeZone: 'America/Chicago' };

describe('TikTok tracking on the Orders page (demo data)', () => {
  let d: Dashboard;
  let store: Store;
  const env = demoFake();
  const placed: { ok: string; refused: string } = { ok: '', refused: '' };

  beforeAll(async () => {
    d = await startDashboard();
    await d.login(d.page);
    await env.fake.listen();
    store = openDatabase(d.server.databaseUrl);
    const org = (await store.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow()).id;
    const deps: TikTokDeps = fakeDeps({ attempts: 3, secretKey: d.server.secretKey });
    await connectTikTok(store, deps, fakeConnection(env, org, 'TTS-US'));
    const sf = await store.db
      .selectFrom('storefronts')
      .select('id')
      .where('code', '=', 'TTS-US')
      .executeTakeFirstOrThrow();
    // A SKU with units to spare in a warehouse TTS-US draws on.
    const stocked = await store.db
      .selectFrom('stock_levels as sl')
      .innerJoin('storefront_warehouses as sw', 'sw.warehouse_id', 'sl.warehouse_id')
      .innerJoin('skus as s', 's.id', 'sl.sku_id')
      .select(['s.id', 's.sku'])
      .where('sw.storefront_id', '=', sf.id)
      .where((eb) => eb(eb('sl.on_hand', '-', eb.ref('sl.reserved')), '>', 10))
      .executeTakeFirstOrThrow();
    const csrf = await d.csrf();
    for (const which of ['ok', 'refused'] as const) {
      const remote = env.fake.addOrder(env.us, { lines: [{ sellerSku: stocked.sku, units: 1 }] });
      const outcome = await reserveOrder(
        store,
        {
          organizationId: org,
          storefrontId: sf.id,
          externalId: remote.id,
          paidAt: new Date().toISOString(),
          currency: 'USD',
          lines: [{ skuId: stocked.id, quantity: 1, unitPriceMinor: 1299 }],
          actor: 'test',
        },
        rule,
      );
      if (which === 'refused') env.fake.setOrderStatus(remote, 'CANCELLED');
      const shipped = await d.page.request.post(`${d.server.url}/api/v1/orders/${outcome.orderId}/ship`, {
        headers: { 'X-CSRF-Token': csrf },
        data: { carrier: 'USPS', tracking: `9400 ${which}` },
      });
      expect(shipped.status()).toBe(200);
      placed[which] = remote.id;
    }
    expect(await sendPendingTracking(store, deps, { storefrontId: sf.id })).toMatchObject({
      sent: 1,
      failed: 1,
    });
  }, 240_000);

  afterAll(async () => {
    await store?.close();
    await env.fake.close();
    await d?.close();
  });

  const words = {
    en: {
      nav: 'Overview',
      shipped: 'Shipped',
      sent: 'Tracking on TikTok Shop',
      refused: 'TikTok Shop refused the tracking:',
      alert: 'TikTok Shop refused the tracking of order',
    },
    'zh-CN': {
      nav: '概览',
      shipped: '已发货',
      sent: '运单号已回传 TikTok Shop',
      refused: 'TikTok Shop 拒绝了运单号：',
      alert: 'TikTok Shop 拒绝了订单',
    },
    'es-MX': {
      nav: 'Resumen',
      shipped: 'Enviado',
      sent: 'Guía registrada en TikTok Shop',
      refused: 'TikTok Shop rechazó la guía:',
      alert: 'TikTok Shop rechazó la guía del pedido',
    },
  } as const;

  it('shows which tracking TikTok took and why it refused the other, in the three languages', async () => {
    const page = d.page;
    for (const lang of ['zh-CN', 'es-MX', 'en'] as const) {
      await page.goto(`${d.server.url}/orders?tab=all`);
      // The search is typed once the language is saved with the account and the page shows it:
      // typed sooner, it raced the page's re-render in the new language, and the rows it found
      // could vanish under the test.
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/me') && r.request().method() === 'PATCH'),
        page.getByTestId(`language-switcher-${lang}`).click(),
      ]);
      await page.getByTestId('nav-overview').filter({ hasText: words[lang].nav }).waitFor();
      await page.getByTestId('orders-search').fill(placed.ok.slice(0, 12));
      const ok = page.locator(`[data-testid="order-row"][data-external-id="${placed.ok}"]`);
      const refused = page.locator(`[data-testid="order-row"][data-external-id="${placed.refused}"]`);
      await ok.getByTestId('order-tiktok-tracking').waitFor();
      await refused.getByTestId('order-tiktok-tracking').waitFor();
      expect(await ok.getByTestId('order-tiktok-tracking').textContent()).toBe(words[lang].sent);
      const reason = await refused.getByTestId('order-tiktok-tracking').textContent();
      expect(reason).toContain(words[lang].refused);
      expect(reason).toContain('CANCELLED');
      // Both stay shipped in Puente.
      for (const row of [ok, refused])
        expect(await row.locator('td').nth(1).textContent()).toBe(words[lang].shipped);
      await d.shot(`tiktok-tracking-${lang}`);
      // The alert names the order, in the same language.
      await page.goto(`${d.server.url}/alerts?kind=sync_failure`);
      const alert = page.getByTestId('alert-text').filter({ hasText: placed.refused });
      await alert.waitFor();
      expect(await alert.textContent()).toContain(words[lang].alert);
      await d.shot(`tiktok-tracking-alert-${lang}`);
    }
  });
});
