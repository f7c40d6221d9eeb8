import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailSettingsFrom } from '../../src/channels/notify/sendNotice.ts';
import { deliverDue } from '../../src/services/notifyWorker.ts';
import { decodeKey } from '../../src/services/security/secretKey.ts';
import { SecretBox } from '../../src/services/security/secrets.ts';
import { type HttpReceiver, startHttpReceiver } from '../support/notifyReceivers.ts';
import { type Dashboard, SHOTS, startDashboard } from './harness.ts';

/**
 * Notifications in a real browser, on the demo seller (issue 12, part 5): an owner adds a Feishu
 * channel in Settings → Notifications, pointed at a Feishu-like receiver on loopback that checks the
 * signature as Feishu documents it, sends a test, then the oversold dog toy gets one more waiting
 * order: the oversell alert is raised (or worsens), goes to the channel (no route: every critical alert goes to
 * every channel), and its delivery log on the Alerts page says where and when, and that it was sent.
 *
 * The due deliveries are sent as `puente notify send` sends them (deliverDue on the server's
 * database): the test server runs without its periodic jobs, so that nothing else moves meanwhile.
 * No sleeps: every step waits for the element, the receiver's record or the API answer it needs.
 */
const SECRET = 'feishu-bot-secret';

describe('notification channels and the delivery log, in a browser (demo data)', () => {
  let d: Dashboard;
  let page: Page;
  let feishu: HttpReceiver;

  beforeAll(async () => {
    [d, feishu] = await Promise.all([
      startDashboard(),
      startHttpReceiver('feishu', { feishuSecret: SECRET }),
    ]);
    page = d.page;
    await d.login(page);
  }, 120_000);
  afterAll(async () => {
    await feishu?.close();
    await d?.close();
  });

  /** Waits until the receiver has taken `n` messages: each check waits for the next request. */
  async function received(n: number) {
    await expect.poll(() => feishu.accepted().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(n);
  }

  it('adds a Feishu channel with quiet hours, and its test message arrives signed', async () => {
    await page.goto(`${d.server.url}/settings?tab=notifications`);
    await page.getByTestId('channels-table').waitFor();
    await page.getByTestId('channel-add').click();
    await page.getByTestId('channel-form-name').fill('仓库群 TX');
    await page.getByTestId('channel-form-url').fill(`${feishu.url}/open-apis/bot/v2/hook/tx-team`);
    await page.getByLabel('Signing secret').fill(SECRET);
    await page.getByTestId('channel-form-quiet-from').fill('22:00');
    await page.getByTestId('channel-form-quiet-to').fill('07:00');
    await page.getByTestId('channel-save').click();
    const row = page.locator('[data-testid="channel-row"][data-name="仓库群 TX"]');
    await row.waitFor();
    expect(await row.getByTestId('channel-quiet').textContent()).toMatch(/^22:00–07:00 \(.+\)$/);
    // The URL's token is sealed: the list shows the origin only.
    expect(await row.textContent()).not.toContain('tx-team');

    await row.getByTestId('channel-test').click();
    await page.getByText('Test message sent to 仓库群 TX.').waitFor();
    await received(1);
    expect(feishu.accepted()[0]?.body.msg_type).toBe('interactive');
    await d.shot('notifications-settings');
    await page.screenshot({ path: '/tmp/digest-settings-notifications.png', fullPage: true });
  });

  it('sends the oversell alert to the channel and shows the delivery in the alert’s log', async () => {
    const before = feishu.accepted().length;
    const me = await (await page.request.get(`${d.server.url}/api/v1/auth/me`)).json();
    const posted = await page.request.post(`${d.server.url}/api/v1/orders`, {
      headers: { 'X-CSRF-Token': me.csrfToken, 'Idempotency-Key': 'e2e-notify-1' },
      data: {
        storefront: 'TTS-MX',
        externalId: 'MX-E2E-NOTIFY-1',
        paidAt: new Date().toISOString(),
        currency: 'MXN',
        lines: [{ sku: 'PT-TOY-005', quantity: 2, unitPriceMinor: 29_900 }],
      },
    });
    expect((await posted.json()).outcome).toBe('awaiting_stock');
    const sent = await deliverDue(d.server.store, {
      secrets: SecretBox.fromKey(decodeKey(d.server.secretKey) as Buffer),
      mail: mailSettingsFrom({}),
      publicUrl: d.server.url,
      holder: 'browser-test',
    });
    expect(sent).toMatchObject({ sent: 1, failed: 0 });
    await received(before + 1);
    const card = feishu.accepted()[before]?.body as { card?: { header?: { template?: string } } };
    expect(card.card?.header?.template).toBe('red');

    await page.goto(`${d.server.url}/alerts?kind=oversell`);
    const alert = page
      .locator('[data-testid="alert-row"][data-kind="oversell"]', { hasText: 'PT-TOY-005' })
      .first();
    await alert.waitFor();
    await alert.getByTestId('alert-deliveries-toggle').click();
    const logged = alert.locator('[data-testid="delivery-row"][data-status="sent"]');
    await logged.first().waitFor();
    const line = (await logged.first().textContent()) ?? '';
    expect(line).toContain('仓库群 TX · Feishu / Lark');
    expect(line).toContain('Sent');
    // The time names its zone (the reader's: the browser's here).
    expect(line).toMatch(/\d{1,2}:\d{2}.*(UTC|GMT|[A-Z]{2,4})/);
    await alert.scrollIntoViewIfNeeded();
    await d.shot('notifications-alert-log');
    await page.screenshot({ path: '/tmp/digest-alert-deliveries.png', fullPage: false });
  });

  it('shows Settings → Notifications in Chinese for the README', async () => {
    await page.getByTestId('language-switcher-zh-CN').click();
    await page.goto(`${d.server.url}/settings?tab=notifications`);
    await page.locator('[data-testid="channel-row"]').first().waitFor();
    await page.getByText('免打扰时段').first().waitFor();
    // The README's picture (docs/screenshots/notifications.png) is copied from here by hand.
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}notifications-zh-CN.png` });
    expect(SHOTS).toContain('screenshots');
  });
});
