import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, SHOTS, startDashboard } from './harness.ts';

/**
 * The Cost page on the demo seller, in a real browser (issue 14): the USD 40 pet toy pays 0% from
 * the US warehouse, the USD 130 projector 19% (33.5% direct from China), each route with its
 * waterfall, the [P2] claim checked on those numbers, and the rules with their sources; in English,
 * Chinese and Spanish. The screenshot of the projector (test-output/screenshots/cost-en.png) is the README's docs/screenshots/cost.png.
 */

describe('the Cost page, in a browser', () => {
  let d: Dashboard;
  let page: Page;
  let url: string;

  const openSku = async (sku: string) => {
    await page.goto(`${url}/cost?sku=${sku}`);
    await page.getByTestId('cost-row-us-warehouse').waitFor();
    await page.locator('[data-testid="cost-waterfall-us-warehouse"] canvas').waitFor();
  };
  const rate = (route: string) => page.getByTestId(`cost-rate-${route}`).textContent();

  beforeAll(async () => {
    d = await startDashboard();
    page = d.page;
    url = d.server.url;
    await d.login(page);
  }, 180_000);
  afterAll(async () => {
    await d?.close();
  });

  it('is in the navigation', async () => {
    await page.goto(url);
    await page.getByTestId('nav-cost').click();
    await page.getByTestId('cost-table').waitFor();
    expect(page.url()).toContain('/cost');
  });

  it('shows why the toy pays 0% from the US warehouse and 33.5% from China, and checks [P2]', async () => {
    await openSku('PT-TOY-040');
    expect([await rate('us-warehouse'), await rate('china-direct')]).toEqual(['0.0%', '33.5%']);
    expect(await page.getByTestId('cost-row-us-warehouse').textContent()).toContain('≤ USD 50: 0%');
    expect(await page.getByTestId('cost-claim').textContent()).toMatch(
      /\[P2\] On your numbers the US warehouse is 8 days faster/,
    );
    const rules = await page.getByTestId('cost-rules').textContent();
    expect(rules).toContain('courier-usmca-0-50-2025');
    expect(rules).toContain('courier-general-2025-08-15');
    expect(rules).toContain('[S30]');
    for (const route of ['us-warehouse', 'china-direct', 'mx-local'])
      await page.locator(`[data-testid="cost-waterfall-${route}"] canvas`).waitFor();
  });

  it('shows the projector at 19% from the US warehouse, 33.5% from China', async () => {
    await openSku('3C-PRJ-001');
    expect([await rate('us-warehouse'), await rate('china-direct')]).toEqual(['19.0%', '33.5%']);
    expect(await page.getByTestId('cost-row-us-warehouse').textContent()).toContain('> USD 117: 19%');
    await page.setViewportSize({ width: 1440, height: 1500 });
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}cost-en.png`, fullPage: true });
    await d.shot('cost-en');
  });

  it('says the same in Chinese and Spanish', async () => {
    await d.setLanguage('zh-CN');
    await openSku('3C-PRJ-001');
    expect(await page.getByTestId('page-title').textContent()).toBe('成本');
    expect(await page.getByTestId('cost-row-us-warehouse').textContent()).toContain('> 117 美元：19%');
    await d.shot('cost-zh-CN');
    await d.setLanguage('es-MX');
    await openSku('PT-TOY-040');
    expect(await page.getByTestId('page-title').textContent()).toBe('Costos');
    expect(await page.getByTestId('cost-claim').textContent()).toMatch(
      /Con tus números el almacén en EE. UU. es 8 días más rápido/,
    );
    await d.shot('cost-es-MX');
    await d.setLanguage('en');
  });
});
