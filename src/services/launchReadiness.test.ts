import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { readinessItemIds } from '../domain/readiness/readinessPlan.ts';
import { readinessDetail, readinessTables } from '../i18n/readinessTexts.ts';
import { createOrganization } from '../store/entities.ts';
import { loadDemo } from './demo.ts';
import { launchReadiness } from './launchReadiness.ts';
import {
  addLaunchDocument,
  documentFile,
  listDocuments,
  removeLaunchDocument,
  setInvitationApplication,
  setMerchantProfile,
} from './launchRecords.ts';
import { NotFound } from './lookups.ts';
import { Refused } from './refused.ts';

/** The demo loaded on a January morning, planning the April 2026 launch of the seed [P18]. */
const NOW = new Date('2026-01-12T15:00:00Z');
const LAUNCH = '2026-04-01';
const PDF = Buffer.from('%PDF-1.4\n% Aviso de Funcionamiento COFEPRIS\n');

describe.each(engines)('launch readiness of the demo seller, %s', (engine) => {
  let store: TestStore;
  let org: string;
  const who = () => ({ organizationId: org, actor: 'test' });
  const plan = () => launchReadiness(store, org, { now: NOW, launch: LAUNCH });
  const itemOf = async (id: string) => {
    const found = (await plan()).items.find((i) => i.item === id);
    if (!found) throw new Error(`no ${id}`);
    return found;
  };
  const document = (kind: string, expiresOn: string | null) => ({
    kind,
    category: 'beauty.personal_care',
    issuedOn: '2025-06-01',
    expiresOn,
    fileName: `${kind}.pdf`,
    contentType: 'application/pdf',
    content: PDF,
  });

  beforeAll(async () => {
    store = await freshStore(engine);
    org = await createOrganization(store, 'Shenzhen Demo Trading');
    await loadDemo(store, org, NOW, () => {});
  }, 400_000);
  afterAll(() => store.dispose());

  it('says what the demo still lacks for an April launch', async () => {
    const p = await plan();
    expect(p.today).toBe('2026-01-12');
    expect(p.playbook.type).toBe('cn_cross_border');
    expect(p.items.map((i) => [i.item, i.status, i.dueBy])).toEqual([
      ['merchant_eligible', 'done', '2026-02-01'],
      ['catalog_checked', 'done', '2026-02-28'],
      ['bestsellers_selected', 'done', '2026-02-28'],
      // What it lacks: cover for the viral toy, the beauty documents, the AM applications, the
      // TikTok connections and a channel that takes alerts beyond the dashboard.
      ['core_stock_cover', 'missing', '2026-03-31'],
      ['invitation_documents', 'missing', '2026-03-01'],
      ['invitation_applications', 'missing', '2026-03-31'],
      ['storefronts_connected', 'missing', '2026-03-31'],
      ['dispatch_rate', 'done', '2026-03-31'],
      ['notification_channels', 'missing', '2026-03-31'],
    ]);
    const say = (id: string) => readinessDetail(p.items.find((i) => i.item === id) as never, 'en');
    expect(say('invitation_documents')).toBe(
      'Missing documents (category: document): beauty.personal_care: cofepris_operation_notice; beauty.personal_care: mx_us_affiliation_proof',
    );
    expect(say('invitation_applications')).toBe(
      'Not yet applied for through the account manager (SKUs): beauty.personal_care (2), kids.apparel (2), toys.age3plus (2)',
    );
    expect(say('storefronts_connected')).toBe(
      'Not connected to TikTok Shop: TTS-MX, TTS-US (puente tiktok connect)',
    );
    expect(say('core_stock_cover')).toMatch(/core SKUs have under 30 days of cover .*PT-TOY-005/);
    expect(say('dispatch_rate')).toMatch(/^\d+\.\d% late dispatch \(\d+ of \d+ orders\), under 4%$/);
  });

  it('words every detail in the three languages', async () => {
    const p = await plan();
    for (const i of p.items)
      for (const lang of ['en', 'zh', 'es'] as const)
        expect(readinessDetail(i, lang)).not.toMatch(/undefined|\{/);
    expect(Object.keys(readinessTables.readinessItemNames)).toEqual([...readinessItemIds]);
  });

  it('tracks the documents with their files, and a document expiring before launch + 30 days is at risk [P6]', async () => {
    await addLaunchDocument(store, who(), document('cofepris_operation_notice', '2026-04-20'));
    const proof = await addLaunchDocument(store, who(), document('mx_us_affiliation_proof', null));
    expect(await itemOf('invitation_documents')).toMatchObject({
      status: 'at_risk',
      detail: { key: 'documents_expiring', params: { until: '2026-05-01' } },
    });
    const renewed = await addLaunchDocument(
      store,
      who(),
      document('cofepris_operation_notice', '2027-04-20'),
    );
    expect((await itemOf('invitation_documents')).status).toBe('done');
    // The file comes back byte for byte.
    const file = await documentFile(store, org, renewed.id);
    expect(Buffer.compare(Buffer.from(file.content), PDF)).toBe(0);
    expect(file.sha256).toBe(renewed.sha256);
    expect((await listDocuments(store, org)).map((d) => d.kind).sort()).toEqual([
      'cofepris_operation_notice',
      'cofepris_operation_notice',
      'mx_us_affiliation_proof',
    ]);
    await removeLaunchDocument(store, who(), proof.id);
    expect((await itemOf('invitation_documents')).status).toBe('missing');
    await expect(removeLaunchDocument(store, who(), proof.id)).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses a document the program does not ask for, bad dates, or an empty file, naming the field', async () => {
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => (e instanceof Refused ? e.message : e),
      );
    expect(await refusal(addLaunchDocument(store, who(), { ...document('passport', null) }))).toMatch(
      /^kind: "passport"/,
    );
    expect(
      await refusal(addLaunchDocument(store, who(), document('mx_us_affiliation_proof', '2025-01-01'))),
    ).toMatch(/^expires: 2025-01-01 is before the issue date 2025-06-01/);
    expect(
      await refusal(
        addLaunchDocument(store, who(), {
          ...document('mx_us_affiliation_proof', null),
          issuedOn: '2025-02-30',
        }),
      ),
    ).toMatch(/^issued: "2025-02-30" is not a date/);
    expect(
      await refusal(
        addLaunchDocument(store, who(), {
          ...document('mx_us_affiliation_proof', null),
          content: Buffer.alloc(0),
        }),
      ),
    ).toMatch(/^file: mx_us_affiliation_proof.pdf is empty or over 10 MB/);
    expect(
      await refusal(
        setInvitationApplication(store, who(), {
          category: 'pets.toys',
          status: 'applied',
          appliedOn: '2026-01-10',
        }),
      ),
    ).toMatch(/^category: "pets.toys" is not an invitation-only category/);
  });

  it('counts applications: every invitation category applied for is done, a declined one at risk', async () => {
    for (const category of ['beauty.personal_care', 'kids.apparel', 'toys.age3plus'])
      await setInvitationApplication(store, who(), { category, status: 'applied', appliedOn: '2026-01-10' });
    expect(await itemOf('invitation_applications')).toMatchObject({
      status: 'done',
      detail: { params: { approved: 0, applied: 3 } },
    });
    await setInvitationApplication(store, who(), {
      category: 'kids.apparel',
      status: 'declined',
      appliedOn: '2026-01-10',
    });
    expect((await itemOf('invitation_applications')).status).toBe('at_risk');
  });

  it('follows the merchant profile into the US local playbook: connect the shop as selection starts [P19]', async () => {
    await setMerchantProfile(store, who(), { country: 'US', sps: 3.9 });
    const p = await plan();
    expect(p.playbook.type).toBe('us_local');
    expect(p.items.find((i) => i.item === 'merchant_eligible')).toMatchObject({
      status: 'at_risk',
      detail: { key: 'merchant_sps_below', params: { sps: 3.9, minSps: 4 } },
    });
    expect(p.items.find((i) => i.item === 'storefronts_connected')?.dueBy).toBe('2026-02-01');
    await setMerchantProfile(store, who(), { country: 'CN', sps: 4.2 });
  });

  it('puts a day past due at risk: the same demo seen in March lacks its documents too late', async () => {
    const march = await launchReadiness(store, org, {
      now: new Date('2026-03-05T15:00:00Z'),
      launch: LAUNCH,
    });
    expect(march.items.find((i) => i.item === 'invitation_documents')).toMatchObject({
      status: 'at_risk',
      overdue: true,
    });
  });
});
