import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateWarehouse } from '../../src/store/settings.ts';
import { ApiClient } from '../support/apiClient.ts';
import { type HttpReceiver, startHttpReceiver } from '../support/notifyReceivers.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

/**
 * The servers send the morning digest themselves: TX's digest time (00:00 on Dallas' clock) has
 * passed today when two servers with their jobs start on the database; one of them takes the
 * digest, and the WeCom group routed for TX receives it once, in Chinese.
 */
describe.each(engines)('servers send the morning digest on %s', (engine) => {
  let first: TestServer;
  const running: TestServer[] = [];
  let wecom: HttpReceiver;
  beforeAll(async () => {
    wecom = await startHttpReceiver('wecom');
    first = await startTestServer({ engine });
    await seedSeller(first.store, { organizationId: first.organizationId });
    const owner = await ApiClient.loggedIn(first.url, first.owner.email, first.owner.password);
    const made = await owner.post('/api/v1/notify/channels', {
      kind: 'wecom',
      name: '达拉斯仓',
      url: wecom.url,
      language: 'zh-CN',
    });
    expect(made.status).toBe(201);
    expect(
      (await owner.post('/api/v1/notify/routes', { channelId: made.body.id, kinds: [], warehouse: 'TX' }))
        .status,
    ).toBe(201);
    await updateWarehouse(first.store, first.organizationId, 'TX', { digestAt: '00:00' }, null, {
      actor: 'test',
    });
  });
  afterAll(async () => {
    for (const s of running) await s.close();
    await first?.close();
    await wecom?.close();
  });

  it('is sent once by one of two servers, in the channel’s language', async () => {
    running.push(
      ...(await Promise.all([
        startTestServer({ sameDatabaseAs: first, jobs: true }),
        startTestServer({ sameDatabaseAs: first, jobs: true }),
      ])),
    );
    await expect.poll(() => wecom.accepted().length, { timeout: 30_000, interval: 100 }).toBe(1);
    const markdown = (wecom.accepted()[0]?.body.markdown as { content: string } | undefined)?.content;
    expect(markdown).toContain('TX');
    expect(markdown).toContain('仓库早报');
    // Marked sent once the receiver has answered: a moment after it recorded the message.
    await expect
      .poll(() => first.store.db.selectFrom('notify_deliveries').select(['reason', 'status']).execute(), {
        timeout: 30_000,
        interval: 100,
      })
      .toEqual([{ reason: 'digest', status: 'sent' }]);
  }, 60_000);
});
