import { describe, expect, it } from 'vitest';
import { defaultLaunch, launchRhythm } from './launchRhythm.ts';
import type { ReadinessFacts } from './readinessFacts.ts';
import { type ReadinessItemId, readinessPlan } from './readinessPlan.ts';

/** A seller ready for an April 2026 launch, seen in mid-January; each test takes one thing away. */
function ready(): ReadinessFacts {
  return {
    today: '2026-01-15',
    launch: '2026-04-01',
    merchant: {
      type: 'cn_cross_border',
      eligibility: {
        status: 'eligible',
        rule: 'cn_cross_border',
        code: 'MERCHANT_ELIGIBLE',
        fact: 'P4',
        params: { sps: 4.2, minSps: 3.5 },
      },
    },
    catalog: { total: 10, unchecked: 0, allowed: 8, needsInvitation: 1, blocked: 1 },
    bestsellers: [{ sku: 'PT-TOY-005', category: 'pets.toys', units: 60 }],
    coverDays: 30,
    core: [{ sku: 'PT-TOY-005', available: 100, inboundInTime: 0, orderedLast14Days: 14, leadTimeDays: 14 }],
    invitationCategories: [
      {
        category: 'beauty.personal_care',
        skus: 1,
        requires: ['cofepris_operation_notice', 'mx_us_affiliation_proof'],
      },
    ],
    applications: [{ category: 'beauty.personal_care', status: 'applied', appliedOn: '2026-01-10' }],
    documents: [
      { kind: 'cofepris_operation_notice', category: null, issuedOn: '2025-06-01', expiresOn: null },
      {
        kind: 'mx_us_affiliation_proof',
        category: 'beauty.personal_care',
        issuedOn: '2025-06-01',
        expiresOn: '2027-06-01',
      },
    ],
    storefronts: [
      { code: 'TTS-US', region: 'US', connected: true },
      { code: 'TTS-MX', region: 'MX', connected: true },
    ],
    dispatch7: { due: 100, late: 2 },
    notificationChannels: { set: true, channels: ['email'] },
  };
}

const itemOf = (f: ReadinessFacts, id: ReadinessItemId) => {
  const found = readinessPlan(f).items.find((i) => i.item === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

describe('the rhythm worked back from the launch date [P18]', () => {
  it('selects in February, stocks and applies in March, for an April launch', () => {
    expect(launchRhythm('2026-04-01')).toEqual({
      launch: '2026-04-01',
      selectFrom: '2026-02-01',
      selectBy: '2026-02-28',
      stockFrom: '2026-03-01',
      stockBy: '2026-03-31',
    });
  });

  it('launches on the next 1 April when no date is given', () => {
    expect(defaultLaunch('2026-01-15')).toBe('2026-04-01');
    expect(defaultLaunch('2026-04-01')).toBe('2026-04-01');
    expect(defaultLaunch('2026-11-30')).toBe('2027-04-01');
  });

  it('gives each item its due date and the facts it comes from', () => {
    const plan = readinessPlan(ready());
    expect(plan.items.map((i) => [i.item, i.status, i.dueBy])).toEqual([
      ['merchant_eligible', 'done', '2026-02-01'],
      ['catalog_checked', 'done', '2026-02-28'],
      ['bestsellers_selected', 'done', '2026-02-28'],
      ['core_stock_cover', 'done', '2026-03-31'],
      ['invitation_documents', 'done', '2026-03-01'],
      ['invitation_applications', 'done', '2026-03-31'],
      ['storefronts_connected', 'done', '2026-03-31'],
      ['dispatch_rate', 'done', '2026-03-31'],
      ['notification_channels', 'done', '2026-03-31'],
    ]);
    expect(plan.items[0]?.facts).toContain('P4');
  });
});

describe('each item', () => {
  it('merchant: no profile is missing, an SPS under the minimum is at risk [P4]', () => {
    const f = ready();
    f.merchant = { type: null, eligibility: null };
    expect(itemOf(f, 'merchant_eligible')).toMatchObject({
      status: 'missing',
      detail: { key: 'merchant_profile_missing' },
    });
    f.merchant = {
      type: 'cn_cross_border',
      eligibility: {
        status: 'not_eligible',
        rule: 'cn_cross_border',
        code: 'MERCHANT_SPS_BELOW_MINIMUM',
        fact: 'P4',
        params: { sps: 3.2, minSps: 3.5 },
      },
    };
    expect(itemOf(f, 'merchant_eligible')).toMatchObject({
      status: 'at_risk',
      detail: { key: 'merchant_sps_below', params: { sps: 3.2, minSps: 3.5 } },
    });
  });

  it('catalog: SKUs without a verdict are missing; the share allowed is given', () => {
    const f = ready();
    expect(itemOf(f, 'catalog_checked').detail.params).toMatchObject({ share: 80, allowed: 8, total: 10 });
    f.catalog.unchecked = 3;
    expect(itemOf(f, 'catalog_checked')).toMatchObject({
      status: 'missing',
      detail: { key: 'catalog_unchecked' },
    });
    f.catalog = { total: 2, unchecked: 0, allowed: 0, needsInvitation: 0, blocked: 2 };
    expect(itemOf(f, 'catalog_checked').status).toBe('at_risk');
  });

  it('bestsellers: none is missing', () => {
    const f = ready();
    f.bestsellers = [];
    expect(itemOf(f, 'bestsellers_selected').status).toBe('missing');
  });

  it('core cover: short with time to restock is missing; a restock that lands after the day is at risk', () => {
    const f = ready();
    // 14 units in 14 days: 1 a day; 20 available is 20 days of cover, under 30.
    f.core = [{ sku: 'A', available: 20, inboundInTime: 0, orderedLast14Days: 14, leadTimeDays: 14 }];
    expect(itemOf(f, 'core_stock_cover')).toMatchObject({
      status: 'missing',
      detail: { key: 'core_short', params: { short: 1, examples: 'A (20)', arrives: '2026-01-29' } },
    });
    // Inbound due before the day counts: 20 + 15 is 35 days.
    f.core = [{ sku: 'A', available: 20, inboundInTime: 15, orderedLast14Days: 14, leadTimeDays: 14 }];
    expect(itemOf(f, 'core_stock_cover').status).toBe('done');
    // In mid-March a 21-day restock arrives after 31 March.
    f.today = '2026-03-15';
    f.core = [{ sku: 'A', available: 20, inboundInTime: 0, orderedLast14Days: 14, leadTimeDays: 21 }];
    expect(itemOf(f, 'core_stock_cover')).toMatchObject({
      status: 'at_risk',
      detail: { key: 'core_short_late' },
    });
  });

  it('core cover: a core SKU with nothing on the shelf and no sales has no cover', () => {
    const f = ready();
    f.core = [{ sku: 'B', available: 0, inboundInTime: 0, orderedLast14Days: 0, leadTimeDays: 14 }];
    expect(itemOf(f, 'core_stock_cover').status).toBe('missing');
  });

  it('documents: a missing COFEPRIS notice is missing; one expiring before launch + 30 days is at risk [P6]', () => {
    const f = ready();
    f.documents = f.documents.filter((d) => d.kind !== 'cofepris_operation_notice');
    expect(itemOf(f, 'invitation_documents')).toMatchObject({
      status: 'missing',
      detail: { params: { documents: 'beauty.personal_care: cofepris_operation_notice' } },
    });
    f.documents.push({
      kind: 'cofepris_operation_notice',
      category: 'beauty.personal_care',
      issuedOn: '2025-04-15',
      expiresOn: '2026-04-15',
    });
    expect(itemOf(f, 'invitation_documents')).toMatchObject({
      status: 'at_risk',
      detail: { key: 'documents_expiring', params: { until: '2026-05-01' } },
    });
  });

  it('documents and applications: nothing to do when no SKU is in an invitation category', () => {
    const f = ready();
    f.invitationCategories = [];
    f.documents = [];
    f.applications = [];
    expect(itemOf(f, 'invitation_documents').status).toBe('done');
    expect(itemOf(f, 'invitation_applications').status).toBe('done');
  });

  it('applications: not applied is missing, declined is at risk', () => {
    const f = ready();
    f.applications = [];
    expect(itemOf(f, 'invitation_applications')).toMatchObject({
      status: 'missing',
      detail: { params: { categories: 'beauty.personal_care (1)' } },
    });
    f.applications = [{ category: 'beauty.personal_care', status: 'declined', appliedOn: '2026-01-10' }];
    expect(itemOf(f, 'invitation_applications').status).toBe('at_risk');
  });

  it('storefronts: an unconnected one is named', () => {
    const f = ready();
    f.storefronts[1] = { code: 'TTS-MX', region: 'MX', connected: false };
    expect(itemOf(f, 'storefronts_connected')).toMatchObject({
      status: 'missing',
      detail: { params: { codes: 'TTS-MX' } },
    });
  });

  it('dispatch: 4 late in 100 is at the line and at risk; 3 is done [P11]', () => {
    const f = ready();
    f.dispatch7 = { due: 100, late: 4 };
    expect(itemOf(f, 'dispatch_rate')).toMatchObject({
      status: 'at_risk',
      detail: { params: { rate: '4.0' } },
    });
    f.dispatch7 = { due: 100, late: 3 };
    expect(itemOf(f, 'dispatch_rate').status).toBe('done');
    f.dispatch7 = { due: 0, late: 0 };
    expect(itemOf(f, 'dispatch_rate').status).toBe('missing');
  });

  it('notification channels: dashboard only is missing', () => {
    const f = ready();
    f.notificationChannels = { set: false, channels: [] };
    expect(itemOf(f, 'notification_channels')).toMatchObject({
      status: 'missing',
      detail: { key: 'channels_dashboard_only' },
    });
  });

  it('an item not done by its day is at risk and says it is overdue', () => {
    const f = ready();
    f.today = '2026-03-02';
    f.documents = [];
    expect(itemOf(f, 'invitation_documents')).toMatchObject({ status: 'at_risk', overdue: true });
  });
});

describe('the playbooks [P19]', () => {
  it('a Chinese cross-border merchant starts with 3C and pets: a home-goods bestseller alone is at risk', () => {
    const f = ready();
    f.bestsellers = [{ sku: 'HM-KIT-001', category: 'home.household', units: 40 }];
    const plan = readinessPlan(f);
    expect(plan.playbook.starterCategories).toEqual(['electronics', 'pets.']);
    expect(plan.items.find((i) => i.item === 'bestsellers_selected')).toMatchObject({
      status: 'at_risk',
      detail: { key: 'bestsellers_off_playbook', params: { starter: 'electronics, pets.' } },
    });
    expect(plan.items.find((i) => i.item === 'storefronts_connected')?.dueBy).toBe('2026-03-31');
  });

  it('a US local merchant starts with any open-category bestseller and connects the shop early', () => {
    const f = ready();
    f.merchant = {
      type: 'us_local',
      eligibility: {
        status: 'eligible',
        rule: 'us_local',
        code: 'MERCHANT_ELIGIBLE',
        fact: 'P4',
        params: { sps: 4.5, minSps: 4 },
      },
    };
    f.bestsellers = [{ sku: 'HM-KIT-001', category: 'home.household', units: 40 }];
    const plan = readinessPlan(f);
    expect(plan.items.find((i) => i.item === 'bestsellers_selected')?.status).toBe('done');
    // Warm up the TikTok Mexico account early: connected as selection starts.
    expect(plan.items.find((i) => i.item === 'storefronts_connected')?.dueBy).toBe('2026-02-01');
  });
});
