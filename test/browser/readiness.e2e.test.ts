import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, SHOTS, startDashboard } from './harness.ts';

/**
 * The Readiness page on the demo seller, planning the next April launch [P18]: the checklist says
 * what the demo lacks (the beauty documents, the applications, the TikTok connections…), a
 * document uploaded through the page shows in the list with its expiry warning, moves its item,
 * and downloads back byte for byte; the page reads the same in Chinese.
 *
 * No sleeps: every step waits for the element or the response it needs.
 */
describe('launch readiness in the dashboard', () => {
  let d: Dashboard;
  let page: Page;
  let launch: string;
  const NOTICE = Buffer.from('%PDF-1.4\n% Aviso de Funcionamiento\n');

  const row = (item: string) => page.getByTestId(`readiness-${item}`);
  const statusOf = (item: string) => row(item).getAttribute('data-status');

  beforeAll(async () => {
    d = await startDashboard();
    page = d.page;
    await d.login(page);
    const planned = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/readiness');
    await page.goto(`${d.server.url}/readiness`);
    launch = ((await (await planned).json()) as { launch: string }).launch;
    await row('notification_channels').waitFor();
  }, 180_000);

  afterAll(async () => {
    await d?.close();
  });

  it('says what the demo seller still lacks for the April launch, with due dates and where to fix it', async () => {
    expect(launch).toMatch(/^\d{4}-04-01$/);
    expect(await statusOf('merchant_eligible')).toBe('done');
    expect(await statusOf('catalog_checked')).toBe('done');
    expect(await statusOf('invitation_documents')).toBe('missing');
    expect(await statusOf('invitation_applications')).toBe('missing');
    expect(await statusOf('storefronts_connected')).toBe('missing');
    expect(await statusOf('notification_channels')).toBe('missing');
    // Dates, not instants: the documents are due as the stocking month starts (1 March).
    const year = launch.slice(0, 4);
    await row('invitation_documents').getByText(`Mar 1, ${year}`).waitFor();
    await row('storefronts_connected').getByText('Not connected to TikTok Shop: TTS-MX, TTS-US').waitFor();
    expect(
      await row('storefronts_connected').getByRole('link', { name: 'Fix it' }).getAttribute('href'),
    ).toBe('/settings?tab=storefronts');
    await page.getByTestId('readiness-today').getByText('Chinese cross-border merchant').waitFor();
    // The navigation leads here, and shows where the reader is.
    expect(await page.getByTestId('nav-readiness').getAttribute('href')).toBe('/readiness');
    expect(await page.getByTestId('nav-readiness').getAttribute('data-active')).toBe('true');
  });

  it('uploads a document that expires too soon: listed with a warning, and its item moves', async () => {
    await page.getByTestId('documents-empty').waitFor();
    const upload = async (kind: string, fileName: string, expires: string | null) => {
      await page.getByTestId('document-kind').click();
      await page.getByRole('option', { name: kind }).click();
      await page.getByTestId('document-issued').fill('2025-06-01');
      await page.getByTestId('document-expires').fill(expires ?? '');
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByTestId('document-file').click(),
      ]);
      await chooser.setFiles({ name: fileName, mimeType: 'application/pdf', buffer: NOTICE });
      const sent = page.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/documents',
      );
      const replanned = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/readiness' && r.request().method() === 'GET',
      );
      await page.getByTestId('document-upload').click();
      expect((await sent).status()).toBe(201);
      await replanned;
    };
    // Expires ten days after launch: under the 30 days a document must last past it.
    const soon = new Date(Date.parse(`${launch}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    await upload(
      'COFEPRIS Operation Notice (Aviso de Funcionamiento) of the Mexican entity',
      'aviso-cofepris.pdf',
      soon,
    );
    await page.getByTestId('document-expiring').waitFor();
    await upload('Proof of affiliation between the Mexican and the US entity', 'affiliation.pdf', null);
    await page.locator('[data-testid="readiness-invitation_documents"][data-status="at_risk"]').waitFor();
    await row('invitation_documents')
      .getByText(/cofepris_operation_notice/)
      .waitFor();
    expect(await page.getByTestId('document-row').count()).toBe(2);
    // The whole page from the top: the checklist, then the records it reads.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}readiness-en.png`, fullPage: true });
  });

  it('downloads the file back as it was uploaded', async () => {
    const list = await page.request.get(`${d.server.url}/api/v1/documents`);
    const [first] = ((await list.json()) as { items: { id: string; kind: string }[] }).items.filter(
      (x) => x.kind === 'cofepris_operation_notice',
    );
    const file = await page.request.get(`${d.server.url}/api/v1/documents/${first?.id}/file`);
    expect(file.headers()['content-disposition']).toContain('aviso-cofepris.pdf');
    expect(Buffer.compare(await file.body(), NOTICE)).toBe(0);
  });

  it('reads in Chinese', async () => {
    await page.getByTestId('language-switcher-zh-CN').click();
    await page.getByTestId('page-title').filter({ hasText: '上线准备' }).waitFor();
    await row('storefronts_connected').getByText('未连接 TikTok Shop：TTS-MX, TTS-US').waitFor();
    await page.getByTestId('readiness-count-missing').getByText('缺少').waitFor();
    await d.shot('readiness-zh-CN');
  });
});
