import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailSettingsFrom } from '../../src/channels/notify/sendNotice.ts';
import { deliverDue } from '../../src/services/notifyWorker.ts';
import { decodeKey } from '../../src/services/security/secretKey.ts';
import { SecretBox } from '../../src/services/security/secrets.ts';
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '../support/notifyReceivers.ts';
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
  let relay: SmtpReceiver;

  beforeAll(async () => {
    [d, feishu, relay] = await Promise.all([
      startDashboard(),
      startHttpReceiver('feishu', { feishuSecret: SECRET }),
      startSmtpReceiver({ user: 'puente', pass: 'relay-secret-pw', plain: true }),
    ]);
    page = d.page;
    await d.login(page);
  }, 120_000);
  afterAll(async () => {
    await relay?.close();
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

  it('lets me choose my own e-mail alerts, language and digest under My notifications', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('my-notifications-link').click();
    await page.getByTestId('my-notify-form').waitFor();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('me');
    await page.getByText('You have not saved any choice').waitFor();
    await page.getByTestId('my-notify-kinds').click();
    await page.getByRole('option', { name: 'Oversell' }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('my-notify-language').click();
    await page.getByRole('option', { name: 'Español' }).click();
    await page.getByTestId('my-notify-digest').uncheck({ force: true });
    await page.getByTestId('my-notify-save').click();
    await page.getByText('Your notification preferences are saved.').waitFor();
    const mine = await (await page.request.get(`${d.server.url}/api/v1/me/notifications`)).json();
    expect(mine).toMatchObject({ kinds: ['oversell'], language: 'es-MX', digest: false, saved: true });
    await d.shot('my-notifications');
  });

  it('sets the SMTP server (password never shown back), sends a test e-mail, and lists deliveries', async () => {
    await page.goto(`${d.server.url}/settings?tab=notifications`);
    await page.getByTestId('smtp-form').waitFor();
    expect(await page.getByTestId('smtp-source').textContent()).toBe('No mail server');
    await page.getByTestId('smtp-host').fill('127.0.0.1');
    await page.getByTestId('smtp-port').fill(new URL(relay.url).port);
    await page.getByTestId('smtp-from').fill('Shop alerts <alerts@shop.example.test>');
    await page.getByTestId('smtp-username').fill('puente');
    await page.getByTestId('smtp-password').fill('relay-secret-pw');
    // This loopback relay has no TLS: STARTTLS off for it.
    await page.getByTestId('smtp-starttls').uncheck({ force: true });
    await page.getByTestId('smtp-save').click();
    await page.getByText('SMTP settings saved.').waitFor();
    await page.getByText('A password is saved (encrypted). Leave empty to keep it.').waitFor();
    expect(await page.getByTestId('smtp-password').inputValue()).toBe('');
    expect(await page.getByTestId('smtp-source').textContent()).toBe('In use: these settings');
    const api = await (await page.request.get(`${d.server.url}/api/v1/notify/smtp`)).text();
    expect(api).not.toContain('relay-secret-pw');

    await page.getByTestId('smtp-test').click();
    await page.getByText(/^Test e-mail sent to /).waitFor();
    expect(relay.mails.map((m) => m.to)).toEqual([[d.server.owner.email]]);

    // The delivery log: the oversell sent to the Feishu channel, with its status.
    const logged = page.locator('[data-testid="log-row"][data-reason="raised"][data-status="sent"]');
    await logged.first().waitFor();
    expect(await logged.first().textContent()).toContain('仓库群 TX · Feishu / Lark');
    await page.getByTestId('smtp-panel').scrollIntoViewIfNeeded();
    await d.shot('notifications-smtp-and-log');
    await page.screenshot({ path: `${SHOTS}notifications-smtp-and-log-full.png`, fullPage: true });
  });

  it('opens what a message’s link names: the SKU in Inventory, the order in Orders', async () => {
    await page.goto(`${d.server.url}/inventory?sku=PT-TOY-005`);
    await page.getByTestId('published-table').waitFor();
    expect(await page.getByTestId('stock-search').inputValue()).toBe('PT-TOY-005');
    await expect
      .poll(
        async () =>
          new Set(
            await page
              .getByTestId('stock-row')
              .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-sku'))),
          ),
      )
      .toEqual(new Set(['PT-TOY-005']));
    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).searchParams.get('sku')).toBeNull();

    await page.goto(`${d.server.url}/orders?tab=all&order=MX-E2E-NOTIFY-1`);
    await page.locator('[data-testid="order-row"][data-external-id="MX-E2E-NOTIFY-1"]').waitFor();
    expect(await page.getByTestId('orders-search').inputValue()).toBe('MX-E2E-NOTIFY-1');
    await expect.poll(() => page.getByTestId('order-row').count()).toBe(1);

    // (A digest's /orders?warehouse=…&status=… link: the board has read those since it was written.)
    await page.goto(`${d.server.url}/settings?tab=notifications`);
    await page.getByTestId('channels-table').waitFor();
  });

  it('removes a route, then a channel with its routes, asking first each time', async () => {
    await page.goto(`${d.server.url}/settings?tab=notifications`);
    await page.getByTestId('channels-table').waitFor();
    await page.getByTestId('channel-add').click();
    await page.getByTestId('channel-form-name').fill('Short-lived');
    await page.getByTestId('channel-form-url').fill(`${feishu.url}/open-apis/bot/v2/hook/short-lived`);
    await page.getByTestId('channel-save').click();
    const channel = page.locator('[data-testid="channel-row"][data-name="Short-lived"]');
    await channel.waitFor();
    // The channel's own routes: the rows that name it.
    const routes = page.getByTestId('route-row').filter({ hasText: 'Short-lived' });
    const addRoute = async () => {
      await page.getByTestId('route-add').click();
      await page.getByTestId('route-form').getByLabel('Channel').click();
      await page.getByRole('option', { name: 'Short-lived' }).click();
      await page.getByTestId('route-save').click();
      await routes.first().waitFor();
    };

    await addRoute();
    await routes.first().getByTestId('route-remove').click();
    await page.getByText('Remove this route?').waitFor();
    await page.getByTestId('confirm-ok').click();
    await page.getByText('Removed.').first().waitFor();
    await expect.poll(() => routes.count()).toBe(0);

    await addRoute();
    await channel.getByTestId('channel-remove').click();
    await page.getByText('Remove the channel Short-lived?', { exact: false }).waitFor();
    await page.getByTestId('confirm-ok').click();
    await channel.waitFor({ state: 'detached' });
    // Its route went with it, and the list of routes was read again.
    await expect.poll(() => routes.count()).toBe(0);
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
