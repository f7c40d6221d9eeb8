import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HttpReceiver, startHttpReceiver } from '../../test/support/notifyReceivers.ts';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { openDatabase, type Store } from '../store/openDatabase.ts';
import { updateWarehouse } from '../store/settings.ts';
import { takeDueDigests } from './digestSchedule.ts';
import { addChannel, addRoute } from './notifyChannels.ts';
import { deliverDue, type NotifyContext } from './notifyWorker.ts';
import { SecretBox } from './security/secrets.ts';

/**
 * The scheduled morning digest goes through the notification outbox: TX (Dallas) sends its digest
 * at 07:00 Central to the channels routed for TX (a route naming TX, or no route at all), not to a
 * channel routed to CA only. Two servers on one database look at the clock and send at the same
 * instant; each channel gets the digest once, in its own language.
 */
describe.each(engines)('the scheduled morning digest on %s', (engine) => {
  let store: TestStore;
  let other: Store;
  let s: Seller;
  const receivers: HttpReceiver[] = [];
  const secrets = SecretBox.fromKey(randomBytes(32));
  const ctx = (holder: string): NotifyContext => ({
    secrets,
    publicUrl: 'https://puente.example.test',
    mail: { smtpUrl: null, from: 'Puente <digest@puente.example.test>' },
    holder,
    timeoutMs: 5_000,
  });
  const receiver = async (kind: Parameters<typeof startHttpReceiver>[0]) => {
    const r = await startHttpReceiver(kind);
    receivers.push(r);
    return r;
  };

  beforeEach(async () => {
    store = await freshStore(engine);
    other = openDatabase(store.url);
    s = await seedSeller(store);
    await updateWarehouse(store, s.org, 'TX', { digestAt: '07:00' }, null, { actor: 'test' });
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await other.close();
    await store.dispose();
  });

  it('becomes one delivery per routed channel at 07:00 Dallas time, sent once across two servers', async () => {
    const add = async (
      kind: 'webhook' | 'wecom' | 'slack',
      name: string,
      language: 'en' | 'es-MX' | 'zh-CN',
    ) => {
      const r = await receiver(kind);
      const c = await addChannel(store, secrets, {
        organizationId: s.org,
        actor: 'test',
        input: { kind, name, url: r.url, language },
      });
      return { r, c };
    };
    const mx = await add('webhook', 'Equipo MX', 'es-MX'); // no route: takes everything
    const zh = await add('wecom', '深圳运营', 'zh-CN');
    await addRoute(store, {
      organizationId: s.org,
      actor: 'test',
      input: { channel: zh.c.id, kinds: [], warehouse: 'tx' },
    });
    const ca = await add('slack', 'California floor', 'en');
    await addRoute(store, {
      organizationId: s.org,
      actor: 'test',
      input: { channel: ca.c.id, kinds: [], warehouse: 'CA' },
    });

    // 06:59 in Dallas: not yet.
    expect(await takeDueDigests(store, new Date('2026-11-25T12:59:00Z'), 'server-1')).toEqual([]);
    const at7 = new Date('2026-11-25T13:00:00Z');
    const taken = await Promise.all([
      takeDueDigests(store, at7, 'server-1'),
      takeDueDigests(other, at7, 'server-2'),
    ]);
    expect(taken.flat()).toEqual([{ organizationId: s.org, warehouse: 'TX', day: '2026-11-25' }]);
    const queued = await store.db
      .selectFrom('notify_deliveries')
      .select(['channel_id', 'reason', 'alert_id', 'status'])
      .execute();
    expect(queued.map((d) => d.channel_id).sort()).toEqual([mx.c.id, zh.c.id].sort());
    expect(queued.every((d) => d.reason === 'digest' && d.alert_id === null && d.status === 'pending')).toBe(
      true,
    );

    // Both servers' workers run at once: each delivery is claimed by one of them.
    const sent = await Promise.all([
      deliverDue(store, ctx('server-1'), at7),
      deliverDue(other, ctx('server-2'), at7),
    ]);
    expect(sent[0].sent + sent[1].sent).toBe(2);
    expect(await deliverDue(store, ctx('server-1'), new Date('2026-11-25T13:05:00Z'))).toMatchObject({
      sent: 0,
    });

    expect(mx.r.accepted()).toHaveLength(1);
    const hook = mx.r.accepted()[0]?.body as { event: string; lang: string; title: string; text: string };
    expect(hook.event).toBe('digest');
    expect(hook.title).toContain('Resumen matutino de');
    expect(hook.text).toContain('Por enviar hoy');
    expect(zh.r.accepted()).toHaveLength(1);
    const markdown = (zh.r.accepted()[0]?.body.markdown as { content: string } | undefined)?.content;
    expect(markdown).toContain('仓库早报');
    expect(markdown).toContain('今日待发');
    expect(ca.r.all).toHaveLength(0);

    const log = await store.db.selectFrom('notify_deliveries').select(['status', 'attempts']).execute();
    expect(log).toEqual([
      { status: 'sent', attempts: 1 },
      { status: 'sent', attempts: 1 },
    ]);
  });

  it('retries a digest the channel could not take, as it retries an alert', async () => {
    const r = await receiver('webhook');
    await addChannel(store, secrets, {
      organizationId: s.org,
      actor: 'test',
      input: { kind: 'webhook', name: 'Hook', url: r.url, language: 'en' },
    });
    const at7 = new Date('2026-11-25T13:00:00Z');
    await takeDueDigests(store, at7, 'server-1');
    r.failNext(503);
    expect(await deliverDue(store, ctx('server-1'), at7)).toMatchObject({ sent: 0, retrying: 1 });
    // 30 s later the retry goes out.
    expect(await deliverDue(store, ctx('server-1'), new Date(at7.getTime() + 30_000))).toMatchObject({
      sent: 1,
    });
    expect(r.accepted()).toHaveLength(1);
    expect((r.accepted()[0]?.body as { title: string } | undefined)?.title).toContain('morning digest');
  });
});
