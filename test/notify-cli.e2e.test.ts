/**
 * `puente notify …` end to end, on both engines: channels of each kind added from the shell point
 * at loopback receivers; an oversell taken by the running server (a separate process on the same
 * database) reaches each of them once, in its language.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/apiClient.ts';
import { besideServer, runPuente } from './support/cli.ts';
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from './support/notifyReceivers.ts';
import { seedSeller } from './support/seller.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { engines } from './support/stores.ts';

describe.each(engines)('puente notify on %s', (engine) => {
  const cwd = mkdtempSync(join(tmpdir(), 'puente-cli-'));
  let server: TestServer;
  let smtp: SmtpReceiver;
  let feishu: HttpReceiver;
  let wecom: HttpReceiver;
  let slack: HttpReceiver;
  const puente = (...args: string[]) => runPuente(args, { cwd, env: besideServer(server) });

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    [feishu, wecom, slack] = await Promise.all([
      startHttpReceiver('feishu', { feishuSecret: 'bot-secret' }),
      startHttpReceiver('wecom'),
      startHttpReceiver('slack'),
    ]);
    // Jobs on: the server sends right after the order commits (the nudge), as it does in production.
    server = await startTestServer({
      engine,
      jobs: true,
      env: {
        PUENTE_SMTP_URL: smtp.url,
        PUENTE_MAIL_FROM: 'Puente <alerts@example.test>',
        PUENTE_PUBLIC_URL: 'https://ops.example.test',
      },
    });
    await seedSeller(server.store, { organizationId: server.organizationId });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await Promise.all([feishu?.close(), wecom?.close(), slack?.close(), smtp?.close()]);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('adds a channel of each kind, and an oversell reaches each once in its language', async () => {
    const add = async (...args: string[]) => {
      const r = await puente('notify', 'channel', 'add', ...args);
      expect([r.code, r.stderr]).toEqual([0, '']);
      return r.stdout.trim();
    };
    const feishuId = await add(
      '--kind',
      'feishu',
      '--name',
      '深圳运营',
      '--url',
      feishu.url,
      '--secret',
      'bot-secret',
      '--lang',
      'zh-CN',
    );
    expect(feishuId).toMatch(/^[0-9a-f-]{36}$/);
    await add('--kind', 'wecom', '--name', 'WeCom', '--url', wecom.url, '--lang', 'zh-CN');
    const slackJson = JSON.parse(
      await add('--kind', 'slack', '--name', 'Texas', '--url', slack.url, '--lang', 'en', '--format', 'json'),
    );
    expect(slackJson).toMatchObject({ kind: 'slack', name: 'Texas', language: 'en' });
    await add('--kind', 'email', '--name', 'Equipo MX', '--to', 'ana@example.test', '--lang', 'es-MX');

    const refused = await puente(
      'notify',
      'channel',
      'add',
      '--kind',
      'wecom',
      '--name',
      'x',
      '--lang',
      'es-MX',
    );
    expect([refused.code, refused.stderr.trim()]).toEqual([
      2,
      'puente: --url: un canal de notificación wecom necesita la URL del Webhook',
    ]);

    const owner = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    const order = await owner.post('/api/v1/orders', {
      storefront: 'TTS-MX',
      externalId: 'CLI-OVERSELL-1',
      paidAt: new Date().toISOString(),
      lines: [{ sku: 'A', quantity: 2, unitPriceMinor: 10_000 }],
    });
    expect(order.body.outcome).toBe('awaiting_stock');

    // Sent by the server after commit; `notify send` from the shell finds nothing left to send.
    await expect
      .poll(
        async () =>
          (await owner.get('/api/v1/notify/deliveries')).body.items.filter(
            (d: { status: string }) => d.status === 'sent',
          ).length,
        { timeout: 60_000, interval: 100 },
      )
      .toBe(4);
    expect((await puente('notify', 'send')).stdout.trim()).toBe(
      '0 deliveries sent in 0 messages; 0 to retry, 0 failed, 0 postponed',
    );

    expect(feishu.accepted()).toHaveLength(1);
    expect(JSON.stringify(feishu.all[0]?.body)).toContain('超卖 · A');
    expect(wecom.accepted()).toHaveLength(1);
    expect(slack.accepted()).toHaveLength(1);
    expect(slack.all[0]?.body.text).toBe('Oversell · A: A on TTS-MX: 1 order waits for stock, 2 units short');
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]?.mail.subject).toBe('Sobreventa · A');
    expect(smtp.mails[0]?.mail.text).toContain('https://ops.example.test/inventory?sku=A');

    const deliveries = JSON.parse((await puente('notify', 'deliveries', '--format', 'json')).stdout);
    expect(
      deliveries.map((d: { status: string; attempts: number; lastError: null }) => [
        d.status,
        d.attempts,
        d.lastError,
      ]),
    ).toEqual([
      ['sent', 1, null],
      ['sent', 1, null],
      ['sent', 1, null],
      ['sent', 1, null],
    ]);

    const route = await puente(
      'notify',
      'route',
      'add',
      '--channel',
      feishuId.slice(0, 8),
      '--kinds',
      'oversell,late',
      '--storefront',
      'TTS-MX',
    );
    expect(route.code).toBe(0);
    const routes = JSON.parse((await puente('notify', 'route', 'list', '--format', 'json')).stdout);
    expect(routes).toMatchObject([{ kinds: 'oversell,ship_by_late', storefront: 'TTS-MX' }]);
  }, 240_000);
});
