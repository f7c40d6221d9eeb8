import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogSkus, demoFake, salesWarehouses } from '../support/tiktokFake.ts';
import { type Dashboard, startDashboard } from './harness.ts';

/**
 * The owner connects TTS-US to TikTok Shop from Settings in a real browser (issue 11): types the
 * app key and secret (and the fake's hosts), is sent to the fake's authorization page, comes back
 * to Puente's callback — from another site, so the SameSite=Strict session cookie only travels on
 * the callback's second, same-site load — and lands on Settings with the shop connected. Then the
 * health panel, "Sync now" with its summary, and a warehouse mapped by hand.
 */
describe('connecting TikTok Shop from Settings (demo data)', () => {
  let d: Dashboard;
  // The fake's shops list the demo catalog, so "Sync now" pushes real figures.
  const env = demoFake({
    sellerSkus: catalogSkus(fileURLToPath(new URL('../../examples/catalog.csv', import.meta.url))),
  });

  beforeAll(async () => {
    d = await startDashboard();
    await env.fake.listen();
    await d.login(d.page);
  }, 240_000);

  afterAll(async () => {
    await env.fake.close();
    await d?.close();
  });

  it('connects through the authorization page, syncs now and maps a warehouse', async () => {
    const page = d.page;
    await page.goto(`${d.server.url}/settings?tab=storefronts`);
    const us = page.locator('[data-testid="tiktok-connection"][data-code="TTS-US"]');
    expect(await us.getByTestId('tiktok-state').textContent()).toBe('Not connected');

    await us.getByTestId('tiktok-connect').click();
    await page.getByTestId('tiktok-app-key').fill(env.app.appKey);
    await page.getByTestId('tiktok-app-secret').fill(env.app.appSecret);
    await page.getByTestId('tiktok-api-base').fill(env.fake.apiUrl);
    await page.getByTestId('tiktok-auth-base').fill(env.fake.authUrl);
    await d.shot('tiktok-connect-form');
    await page.getByTestId('tiktok-authorize').click();

    // The fake's page sent the browser back; Settings says the storefront is connected.
    const result = page.getByTestId('tiktok-callback-result');
    await result.waitFor();
    expect(await result.getAttribute('data-result')).toBe('connected');
    expect(await result.textContent()).toContain('TTS-US is connected to TikTok Shop');
    expect(new URL(page.url()).pathname).toBe('/settings');
    expect(await us.getByTestId('tiktok-shop').textContent()).toContain('Puente Demo US · US');
    expect(await us.getByTestId('tiktok-last-pull').textContent()).toBe('—');

    // An order TikTok has and Puente cannot take yet (a SKU it does not know), a minute old.
    env.fake.addOrder(env.us, {
      lines: [{ sellerSku: 'NOT-IN-PUENTE', units: 1 }],
      at: env.fake.nowSeconds - 60,
    });
    await us.getByTestId('tiktok-sync-now').click();
    const summary = us.getByTestId('tiktok-sync-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Orders: 0 new, 0 updated, 0 cancelled, 1 parked');
    expect(await summary.textContent()).toMatch(/Stock: [1-9]\d* pushed, 0 failed/);
    // The health panel shows the pull it just made, labelled with its zone.
    await us.getByTestId('tiktok-last-pull').filter({ hasNotText: '—' }).waitFor();
    expect(await us.getByTestId('tiktok-last-pull').textContent()).toMatch(/\d\d:\d\d \S/);
    expect(await us.getByTestId('tiktok-pending').textContent()).toMatch(/^\d+ waiting, 0 failed/);
    expect(await us.getByTestId('tiktok-last-error').textContent()).toBe('None');
    await page.mouse.move(0, 0);
    await us.screenshot({ path: '/tmp/tt-ui-health.png' });
    await d.shot('tiktok-health');

    // Both warehouses were matched by state; the owner sets Dallas to none by hand.
    await us.getByTestId('tiktok-warehouses-toggle').click();
    const dallasId = salesWarehouses(env.us).find((w) => w.name === 'Dallas FC')?.id as string;
    const dallas = us.locator(`[data-testid="tiktok-warehouse-row"][data-id="${dallasId}"]`);
    const select = dallas.getByTestId('tiktok-warehouse-select');
    await select.waitFor();
    expect(await select.inputValue()).toBe('TX');
    await select.selectOption('');
    await us.getByTestId('tiktok-warehouses-save').click();
    await page.getByText('Saved').first().waitFor();
    await page.screenshot({ path: '/tmp/tt-ui-mapping.png', fullPage: true });
    const row = await d.server.store.db
      .selectFrom('tiktok_warehouses')
      .select(['warehouse_id', 'mapped_by'])
      .where('tiktok_warehouse_id', '=', dallasId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ warehouse_id: null, mapped_by: 'manual' });
    // Shown again from TikTok's list, the choice stands.
    await us.getByTestId('tiktok-warehouses-toggle').click();
    await us.getByTestId('tiktok-warehouses-toggle').click();
    await dallas.getByTestId('tiktok-warehouse-select').waitFor();
    expect(await dallas.getByTestId('tiktok-warehouse-select').inputValue()).toBe('');

    // The panel in the other two languages.
    const words = {
      'zh-CN': { state: '已连接', error: '无' },
      'es-MX': { state: 'Conectada', error: 'Ninguno' },
    } as const;
    for (const lang of ['zh-CN', 'es-MX'] as const) {
      await page.getByTestId(`language-switcher-${lang}`).click();
      await us.getByTestId('tiktok-state').filter({ hasText: words[lang].state }).waitFor();
      expect(await us.getByTestId('tiktok-last-error').textContent()).toBe(words[lang].error);
      await us.screenshot({ path: `/tmp/tt-ui-health-${lang}.png` });
    }
    await page.getByTestId('language-switcher-en').click();
  });

  it("edits a warehouse's postal code in Settings → Warehouses", async () => {
    const page = d.page;
    await d.open('settings');
    const row = page.locator('[data-testid="warehouse-row"][data-code="CA"]');
    await row.getByTestId('warehouse-edit').click();
    const form = page.getByTestId('warehouse-form');
    await form.getByTestId('warehouse-form-postal-code').fill('91761');
    await form.getByTestId('warehouse-save').click();
    await row.getByTestId('warehouse-location').filter({ hasText: '91761' }).waitFor();
    await d.shot('tiktok-warehouse-postal-code');
    const stored = await d.server.store.db
      .selectFrom('warehouses')
      .select('postal_code')
      .where('code', '=', 'CA')
      .executeTakeFirstOrThrow();
    expect(stored.postal_code).toBe('91761');
  });
});
