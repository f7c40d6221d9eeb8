import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HttpReceiver,
  type ReceivedRequest,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '../../test/support/notifyReceivers.ts';
import { oversellOrder, workerContext } from '../../test/support/notifyWorld.ts';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { MAX_ATTEMPTS } from '../domain/notify/retry.ts';
import { signWebhook } from '../http/routes/webhooks.ts';
import { raiseAlert } from '../store/alerts.ts';
import { claimDueDeliveries } from '../store/notifyOutbox.ts';
import { openDatabase } from '../store/openDatabase.ts';
import { refreshOversell } from '../store/oversellAlerts.ts';
import { receive } from '../store/stockLedger.ts';
import { inTransaction } from '../store/transaction.ts';
import { actOnAlert } from './handleAlert.ts';
import { addChannel, addRoute, type ChannelInput } from './notifyChannels.ts';
import { CLAIM_MS, deliverDue, deliveries } from './notifyWorker.ts';
import { placeOrder } from './orderIntake.ts';
import { SecretBox } from './security/secrets.ts';

/**
 * Alert notifications end to end, against real protocol endpoints on loopback: an SMTP server
 * (STARTTLS, parsed with mailparser) and HTTP receivers that answer as Feishu, WeCom, Slack and a
 * generic webhook would. Time is passed in (`deliverDue(store, ctx, at)`), never waited for.
 */

const FEISHU_SECRET = 'feishu-signing-secret';
const HOOK_SECRET = 'generic-webhook-secret';
const minutes = (t: Date, n: number) => new Date(t.getTime() + n * 60_000);
const markdownOf = (r: ReceivedRequest | undefined) =>
  (r?.body.markdown as { content: string } | undefined)?.content;

describe.each(engines)('alert notifications on %s', (engine) => {
  let store: TestStore;
  let smtp: SmtpReceiver;
  const secrets = SecretBox.fromKey(randomBytes(32));
  const ctx = () => workerContext(secrets, smtp.url);
  const receivers: HttpReceiver[] = [];
  const receiver = async (kind: Parameters<typeof startHttpReceiver>[0], feishuSecret?: string) => {
    const r = await startHttpReceiver(kind, feishuSecret ? { feishuSecret } : {});
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    store = await freshStore(engine);
    smtp = await startSmtpReceiver();
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await smtp?.close();
    await store?.dispose();
  });

  const channel = (seller: Seller, input: ChannelInput) =>
    addChannel(store, secrets, { organizationId: seller.org, actor: 'test', input });

  const oversell = (seller: Seller, externalId: string, sku = 'A') =>
    oversellOrder(store, seller.org, externalId, sku);

  it('sends an oversell at once to each channel kind, once, in its language', async () => {
    const seller = await seedSeller(store);
    const feishu = await receiver('feishu', FEISHU_SECRET);
    const wecom = await receiver('wecom');
    const slack = await receiver('slack');
    const hook = await receiver('webhook');
    await channel(seller, {
      kind: 'feishu',
      name: 'Shenzhen ops',
      url: feishu.url,
      secret: FEISHU_SECRET,
      language: 'zh-CN',
    });
    await channel(seller, { kind: 'wecom', name: 'WeCom ops', url: wecom.url, language: 'zh-CN' });
    await channel(seller, { kind: 'slack', name: 'Texas floor', url: slack.url, language: 'en' });
    await channel(seller, {
      kind: 'email',
      name: 'MX team',
      to: 'ana@example.test, luis@example.test',
      language: 'es-MX',
    });
    await channel(seller, {
      kind: 'webhook',
      name: 'ERP',
      url: hook.url,
      secret: HOOK_SECRET,
      language: 'en',
    });
    const mailsBefore = smtp.mails.length;

    expect((await oversell(seller, 'MX-1001')).status).toBe('awaiting_stock');
    const summary = await deliverDue(store, ctx(), new Date());
    expect(summary).toMatchObject({ sent: 5, failed: 0, retrying: 0 });

    // Feishu: one signed card (the receiver checks the signature as Feishu documents it), in Chinese.
    expect(feishu.all).toHaveLength(1);
    expect(feishu.accepted()).toHaveLength(1);
    const card = feishu.all[0]?.body.card as {
      header: { template: string; title: { content: string } };
      elements: { tag: string; actions?: { url: string }[] }[];
    };
    expect(card.header.template).toBe('red');
    expect(card.header.title.content).toBe('超卖 · A');
    expect(JSON.stringify(card)).toContain('等待到货的订单');
    const button = card.elements.find((e) => e.tag === 'action')?.actions?.[0];
    expect(button?.url).toBe('https://puente.example.test/inventory?sku=A');

    // WeCom: one markdown message, in Chinese.
    expect(wecom.accepted()).toHaveLength(1);
    const markdown = markdownOf(wecom.all[0]);
    expect(markdown).toContain('超卖');
    expect(markdown).toContain('[在 Puente 中打开](https://puente.example.test/inventory?sku=A)');

    // Slack: Block Kit, in English.
    expect(slack.accepted()).toHaveLength(1);
    const blocks = slack.all[0]?.body.blocks as { type: string; text?: { text: string } }[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Oversell · A' } });
    expect(slack.all[0]?.body.text).toBe('Oversell · A: A on TTS-MX: 1 order waits for stock, 1 unit short');

    // E-mail: over STARTTLS, in Spanish, with an HTML and a text part and the link in both.
    expect(smtp.mails.length - mailsBefore).toBe(1);
    const mail = smtp.mails[smtp.mails.length - 1];
    expect(mail?.secure).toBe(true);
    expect(mail?.to).toEqual(['ana@example.test', 'luis@example.test']);
    expect(mail?.mail.subject).toBe('Sobreventa · A');
    expect(mail?.mail.text).toContain('1 pedido en espera de inventario, faltan 1 unidad');
    expect(mail?.mail.text).toContain('Abrir en Puente: https://puente.example.test/inventory?sku=A');
    expect(mail?.mail.html).toContain('href="https://puente.example.test/inventory?sku=A"');
    expect(mail?.mail.html).toContain('lang="es-MX"');

    // The generic webhook: signed with Puente's own scheme, the alert as the API shows it.
    const request = hook.all[0];
    expect(hook.all).toHaveLength(1);
    const timestamp = Number(request?.headers['x-puente-timestamp']);
    expect(request?.headers['x-puente-signature']).toBe(
      signWebhook(HOOK_SECRET, timestamp, request?.raw ?? ''),
    );
    expect(request?.body).toMatchObject({
      event: 'alert.raised',
      alert: { kind: 'oversell', severity: 'critical' },
    });

    const log = await deliveries(store, seller.org, { limit: 10 });
    expect(log.map((d) => [d.channel_kind, d.status, d.attempts])).toEqual(
      expect.arrayContaining([
        ['feishu', 'sent', 1],
        ['wecom', 'sent', 1],
        ['slack', 'sent', 1],
        ['email', 'sent', 1],
        ['webhook', 'sent', 1],
      ]),
    );
  });

  it('does not send an open alert again unless it gets worse', async () => {
    const seller = await seedSeller(store);
    const slack = await receiver('slack');
    await channel(seller, { kind: 'slack', name: 'Ops', url: slack.url });
    await oversell(seller, 'DUP-1');
    await deliverDue(store, ctx(), new Date());
    expect(slack.all).toHaveLength(1);

    // The same condition looked at again (as every stock write does): nothing new to say.
    await inTransaction(store, (trx) =>
      refreshOversell(trx, [{ organizationId: seller.org, storefrontId: seller.mx, skuId: seller.sku.A }]),
    );
    await deliverDue(store, ctx(), new Date());
    expect(slack.all).toHaveLength(1);

    // A second order waits for the same SKU: more orders, more units short. Sent once more.
    await oversell(seller, 'DUP-2');
    await deliverDue(store, ctx(), new Date());
    await deliverDue(store, ctx(), new Date());
    expect(slack.all).toHaveLength(2);
    expect(slack.all[1]?.body.text).toBe('Oversell · A: A on TTS-MX: 2 orders wait for stock, 2 units short');
    expect(JSON.stringify(slack.all[1]?.body.blocks)).toContain('The alert got worse');
  });

  it('says so when the alert is resolved, to a channel that asked for it', async () => {
    const seller = await seedSeller(store);
    const slack = await receiver('slack');
    await channel(seller, { kind: 'slack', name: 'Follow-up', url: slack.url, sendResolved: true });
    await oversell(seller, 'RESOLVE-1');
    await deliverDue(store, ctx(), new Date());
    // Stock arrives in Texas: the waiting order is reserved and the oversell resolves itself.
    await receive(
      store,
      { organizationId: seller.org, skuId: seller.sku.A, warehouseId: seller.tx, actor: 'test' },
      5,
    );
    await deliverDue(store, ctx(), new Date());
    expect(slack.all).toHaveLength(2);
    expect(JSON.stringify(slack.all[1]?.body.blocks)).toContain('*Resolved*');
  });

  it('holds back a warning during quiet hours in the channel’s zone, and lets a critical one through', async () => {
    const seller = await seedSeller(store);
    const wecom = await receiver('wecom');
    const t0 = new Date();
    const zone = 'Asia/Shanghai';
    const hhmm = (t: Date) => DateTime.fromJSDate(t).setZone(zone).toFormat('HH:mm');
    const ch = await channel(seller, {
      kind: 'wecom',
      name: 'Shenzhen night',
      url: wecom.url,
      language: 'zh-CN',
      timeZone: zone,
      quietFrom: hhmm(minutes(t0, -60)),
      quietTo: hhmm(minutes(t0, 60)),
    });
    await addRoute(store, {
      organizationId: seller.org,
      actor: 'test',
      input: { channel: ch.id, kinds: ['at_risk', 'oversell'] },
    });
    await inTransaction(store, (trx) =>
      raiseAlert(trx, {
        organizationId: seller.org,
        kind: 'ship_by_at_risk',
        subject: 'order:quiet-1',
        severity: 'warning',
        message: 'Order Q-1 is at risk',
        data: {
          externalId: 'Q-1',
          storefront: 'TTS-MX',
          warehouse: 'TX',
          operationalBy: minutes(t0, 120).toISOString(),
          warehouseZone: 'America/Chicago',
        },
      }),
    );
    expect(await deliverDue(store, ctx(), new Date())).toMatchObject({ sent: 0, postponed: 1 });
    expect(wecom.all).toHaveLength(0);

    await oversell(seller, 'NIGHT-1');
    expect(await deliverDue(store, ctx(), new Date())).toMatchObject({ sent: 1 });
    expect(markdownOf(wecom.all[0])).toContain('超卖');

    // After the quiet hours the warning goes out.
    expect(await deliverDue(store, ctx(), minutes(t0, 61))).toMatchObject({ sent: 1 });
    expect(markdownOf(wecom.all[1])).toContain('临近发货截止');
  });

  it('escalates a critical alert nobody acknowledged to the next channel, and not one acknowledged', async () => {
    const seller = await seedSeller(store);
    const first = await receiver('slack');
    const next = await receiver('feishu');
    const lead = await channel(seller, { kind: 'feishu', name: 'Ops lead', url: next.url, language: 'en' });
    // The lead's channel hears only of connector failures directly; oversells reach it by escalation.
    await addRoute(store, {
      organizationId: seller.org,
      actor: 'test',
      input: { channel: lead.id, kinds: ['sync_failure'] },
    });
    await channel(seller, {
      kind: 'slack',
      name: 'Floor',
      url: first.url,
      escalateTo: lead.id,
      escalateAfterMinutes: 10,
    });

    await oversell(seller, 'ESC-1', 'A');
    await oversell(seller, 'ESC-2', 'B');
    const t0 = new Date();
    await deliverDue(store, ctx(), t0);
    expect(first.all).toHaveLength(2);
    expect(next.all).toHaveLength(0);

    // Someone takes the SKU B oversell in hand: it is not escalated.
    const skuB = (
      await store.db
        .selectFrom('alerts')
        .select(['id', 'data'])
        .where('organization_id', '=', seller.org)
        .execute()
    ).find((a) => JSON.parse(a.data).sku === 'B');
    await actOnAlert(store, {
      organizationId: seller.org,
      id: skuB?.id as string,
      action: 'acknowledge',
      actor: 'test',
    });

    expect(await deliverDue(store, ctx(), minutes(t0, 5))).toMatchObject({ sent: 0 });
    expect(await deliverDue(store, ctx(), minutes(t0, 11))).toMatchObject({ sent: 1 });
    expect(next.all).toHaveLength(1);
    const card = JSON.stringify(next.all[0]?.body.card);
    expect(card).toContain('Nobody acknowledged it in 10 min: escalated');
    expect(card).toContain('Oversell · A');
    // Not twice.
    expect(await deliverDue(store, ctx(), minutes(t0, 30))).toMatchObject({ sent: 0 });
  });

  it('retries after 503 and 429 with backoff, then delivers once', async () => {
    const seller = await seedSeller(store);
    const feishu = await receiver('feishu', FEISHU_SECRET);
    await channel(seller, { kind: 'feishu', name: 'Retry', url: feishu.url, secret: FEISHU_SECRET });
    feishu.failNext(503, 429);
    await oversell(seller, 'RETRY-1');
    const t0 = new Date();
    expect(await deliverDue(store, ctx(), t0)).toMatchObject({ retrying: 1 });
    // Not due yet: nothing is sent before the backoff.
    expect(await deliverDue(store, ctx(), minutes(t0, 0.25))).toMatchObject({ sent: 0, retrying: 0 });
    expect(await deliverDue(store, ctx(), minutes(t0, 0.5))).toMatchObject({ retrying: 1 });
    expect(await deliverDue(store, ctx(), minutes(t0, 2))).toMatchObject({ sent: 1 });
    expect(feishu.all.map((r) => r.status)).toEqual([503, 429, 200]);
    expect(feishu.accepted()).toHaveLength(1);
    const [d] = await deliveries(store, seller.org, { limit: 1 });
    expect([d?.status, d?.attempts, d?.last_error]).toEqual(['sent', 3, null]);
  });

  it('gives up after the last attempt and shows the delivery failed with its error', async () => {
    const seller = await seedSeller(store);
    const wecom = await receiver('wecom');
    wecom.failAlways(500);
    await channel(seller, { kind: 'wecom', name: 'Down', url: wecom.url });
    await oversell(seller, 'FAIL-1');
    let at = new Date();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverDue(store, ctx(), at);
      at = minutes(at, 61);
    }
    expect(wecom.all).toHaveLength(MAX_ATTEMPTS);
    const [d] = await deliveries(store, seller.org, { limit: 1 });
    expect([d?.status, d?.attempts, d?.last_error]).toEqual([
      'failed',
      MAX_ATTEMPTS,
      'HTTP 500: try again later',
    ]);
    // Given up: never tried again.
    await deliverDue(store, ctx(), minutes(at, 600));
    expect(wecom.all).toHaveLength(MAX_ATTEMPTS);
  });

  it('batches into one message when a chat bot’s 20 messages a minute would be exceeded', async () => {
    const seller = await seedSeller(store);
    const feishu = await receiver('feishu');
    await channel(seller, { kind: 'feishu', name: 'Busy', url: feishu.url, language: 'en' });
    for (let i = 0; i < 25; i++)
      await inTransaction(store, (trx) =>
        raiseAlert(trx, {
          organizationId: seller.org,
          kind: 'sync_failure',
          subject: `sync:${i}`,
          severity: 'critical',
          message: `Stock push ${i} failed`,
          data: { storefront: 'TTS-MX' },
        }),
      );
    expect(await deliverDue(store, ctx(), new Date())).toMatchObject({ sent: 25, messages: 1 });
    expect(feishu.all).toHaveLength(1);
    const card = feishu.all[0]?.body.card as { header: { title: { content: string } } };
    expect(card.header.title.content).toBe('25 alerts from Puente');
    expect(JSON.stringify(card)).toContain('Stock push 24 failed');
  });

  it('sends each delivery once when two servers share the database', async () => {
    const seller = await seedSeller(store);
    const slack = await receiver('slack');
    await channel(seller, { kind: 'slack', name: 'Shared', url: slack.url });
    for (let i = 0; i < 12; i++)
      await inTransaction(store, (trx) =>
        raiseAlert(trx, {
          organizationId: seller.org,
          kind: 'sync_failure',
          subject: `shared:${i}`,
          severity: 'critical',
          message: `Connector failure ${i}`,
          data: {},
        }),
      );
    const other = openDatabase(store.url);
    try {
      const at = new Date();
      const [a, b] = await Promise.all([
        deliverDue(store, { ...ctx(), holder: 'server-a' }, at),
        deliverDue(other, { ...ctx(), holder: 'server-b' }, at),
      ]);
      expect(a.sent + b.sent).toBe(12);
    } finally {
      await other.close();
    }
    const texts = slack.all.map((r) => String(r.body.text));
    expect(texts).toHaveLength(12);
    expect(new Set(texts).size).toBe(12);
  });

  it('delivers after a crash between commit and send, and after a crash mid-send', async () => {
    const seller = await seedSeller(store);
    const hook = await receiver('webhook');
    await channel(seller, { kind: 'webhook', name: 'After crash', url: hook.url });
    // The alert commits, and the process dies before its worker runs: the delivery waits in the outbox.
    const crashed = openDatabase(store.url);
    await placeOrder(
      crashed,
      seller.org,
      {
        storefront: 'TTS-MX',
        externalId: 'CRASH-1',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'C', quantity: 1, unitPriceMinor: 100 }],
      },
      'test',
    );
    await crashed.close();
    const restarted = openDatabase(store.url);
    try {
      expect(await deliverDue(restarted, { ...ctx(), holder: 'after-restart' }, new Date())).toMatchObject({
        sent: 1,
      });
    } finally {
      await restarted.close();
    }
    expect(hook.all).toHaveLength(1);

    // A server claims a delivery and dies mid-send: once its claim runs out, another sends it.
    await oversell(seller, 'CRASH-2', 'B');
    const t0 = new Date();
    expect(await claimDueDeliveries(store, 'died', t0, CLAIM_MS, 10)).toHaveLength(1);
    expect(await deliverDue(store, { ...ctx(), holder: 'survivor' }, minutes(t0, 1))).toMatchObject({
      sent: 0,
    });
    expect(await deliverDue(store, { ...ctx(), holder: 'survivor' }, minutes(t0, 3))).toMatchObject({
      sent: 1,
    });
    expect(hook.all).toHaveLength(2);
  });
});
