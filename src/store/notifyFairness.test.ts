import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { createOrganization } from './entities.ts';
import { claimDueDeliveries } from './notifyOutbox.ts';
import { setOrganizationDisabled } from './organizations.ts';

/**
 * The notification outbox is claimed fairly across organizations: one claim takes every
 * organization's oldest due delivery before any organization's second. Counted per organization
 * per claim, not timed.
 */
describe.each(engines)('fair claims of due notifications, %s', (engine) => {
  let store: TestStore;
  const at = new Date('2026-12-01T12:00:00Z');
  const orgs: Record<string, string> = {};

  async function due(org: string, n: number, minutesAgo: number) {
    const channel = randomUUID();
    await store.db
      .insertInto('notify_channels')
      .values({
        id: channel,
        organization_id: org,
        kind: 'webhook',
        name: `ops ${channel.slice(0, 4)}`,
        language: 'en',
        sealed_url: null,
        url_origin: null,
        sealed_secret: null,
        recipients: null,
        time_zone: 'UTC',
        quiet_from: null,
        quiet_to: null,
        escalate_after_minutes: null,
        escalate_to: null,
        send_resolved: 0,
        created_at: at.toISOString(),
        updated_at: at.toISOString(),
        removed_at: null,
      })
      .execute();
    const rows = Array.from({ length: n }, (_, i) => ({
      id: randomUUID(),
      organization_id: org,
      alert_id: null,
      channel_id: channel,
      reason: 'digest' as const,
      figures: '{}',
      status: 'pending' as const,
      attempts: 0,
      last_error: null,
      // The big seller's are the oldest: ordered by time alone, they would fill every claim.
      next_attempt_at: new Date(at.getTime() - (minutesAgo + n - i) * 60_000).toISOString(),
      claimed_by: null,
      claim_until: null,
      message_id: null,
      created_at: at.toISOString(),
      sent_at: null,
      digest: '{}',
    }));
    for (let i = 0; i < rows.length; i += 100)
      await store.db
        .insertInto('notify_deliveries')
        .values(rows.slice(i, i + 100))
        .execute();
  }

  beforeAll(async () => {
    store = await freshStore(engine);
    for (const name of ['big', 'small-1', 'small-2', 'disabled'])
      orgs[name] = await createOrganization(store, name);
    await due(orgs.big as string, 500, 60);
    await due(orgs['small-1'] as string, 2, 1);
    await due(orgs['small-2'] as string, 1, 1);
    await due(orgs.disabled as string, 5, 1);
    await setOrganizationDisabled(store, { id: orgs.disabled as string, disabled: true, actor: 'test' });
  });
  afterAll(() => store?.dispose());

  const perOrganization = (claimed: Awaited<ReturnType<typeof claimDueDeliveries>>) => {
    const count: Record<string, number> = {};
    const nameOf = new Map(Object.entries(orgs).map(([name, id]) => [id, name]));
    for (const c of claimed) {
      const name = nameOf.get(c.delivery.organization_id) as string;
      count[name] = (count[name] ?? 0) + 1;
    }
    return count;
  };

  it('serves the small sellers in the first claim, the big one takes the rest, a disabled one waits', async () => {
    const first = await claimDueDeliveries(store, 'server-1', at, 60_000, 20);
    expect(perOrganization(first)).toEqual({ big: 17, 'small-1': 2, 'small-2': 1 });
    // Alone with due work, the big seller gets whole claims.
    const second = await claimDueDeliveries(store, 'server-1', at, 60_000, 20);
    expect(perOrganization(second)).toEqual({ big: 20 });
  });
});
