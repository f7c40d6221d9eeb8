import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, SHOTS, startDashboard } from './harness.ts';

/**
 * The Compliance page in Chinese, as a Shenzhen team uses it: a 店小秘 export is checked, a wrong
 * file then fails without hiding that result, the list of earlier checks opens either, and the
 * report downloads under its Chinese name, in Chinese.
 *
 * No sleeps: every step waits for the element or the event it needs.
 */
describe('earlier checks and Chinese downloads on the Compliance page', () => {
  let d: Dashboard;
  let page: Page;
  const GOOD = '店小秘商品导出_20261130.csv';
  const WRONG = '领星导出_缺标题.csv';

  beforeAll(async () => {
    d = await startDashboard();
    page = d.page;
    await d.login(page);
    await d.open('compliance');
    await page.getByTestId('language-switcher-zh-CN').click();
    await page.getByTestId('page-title').filter({ hasText: '合规检查' }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await d?.close();
  });

  /** Uploads a file through the page and answers the id of the check it started. */
  async function upload(name: string, content: Buffer | string): Promise<string> {
    const started = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/checks',
    );
    await page
      .getByTestId('catalog-upload-input')
      .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
    return ((await (await started).json()) as { id: string }).id;
  }

  const summaryOf = (id: string) => page.locator(`[data-testid="check-summary"][data-check-id="${id}"]`);
  const historyRow = (id: string) => page.locator(`[data-testid="history-row"][data-check-id="${id}"]`);

  let good: string;
  let wrong: string;

  it('keeps the last good result on screen when the next file fails, and says which it is', async () => {
    good = await upload(GOOD, readFileSync('examples/catalog.csv'));
    await summaryOf(good).waitFor();
    await page.getByTestId('result-row').first().waitFor();

    wrong = await upload(WRONG, '名称,成本\nx,1\n');
    await page.getByText('检查失败').waitFor();
    // The failed check is the one named in the address; the good one's summary and rows stay.
    await page.waitForURL((u) => u.searchParams.get('check') === wrong);
    await summaryOf(good).waitFor();
    await page.getByTestId('result-row').first().waitFor();
    await page.getByTestId('last-good-note').filter({ hasText: GOOD }).waitFor();
    await d.shot('compliance-failed-zh-CN');
    await page.getByTestId('last-good-note').evaluate((note) => note.scrollIntoView({ block: 'center' }));
    await d.shot('compliance-failed-keeps-last-good-zh-CN');
  });

  it('lists earlier checks with their Chinese names, when (with the zone), rows, verdicts and status', async () => {
    await historyRow(wrong).filter({ hasText: '失败' }).waitFor();
    await historyRow(good).filter({ hasText: '已完成' }).waitFor();
    const rows = page.getByTestId('history-row');
    // Newest first.
    expect(
      await rows.evaluateAll((r) => r.slice(0, 2).map((x) => (x as HTMLElement).dataset.checkId)),
    ).toEqual([wrong, good]);
    const goodRow = historyRow(good);
    expect(await goodRow.getByTestId('history-open').textContent()).toBe(GOOD);
    expect(await goodRow.textContent()).toMatch(/可售 73.*需定邀 6.*不可售 17.*数据无效 4/);
    expect(await goodRow.locator('td').nth(2).textContent()).toBe('100');
    // The time names its zone (the browser's: the test's Chromium runs in UTC).
    expect(await goodRow.locator('td').nth(1).textContent()).toMatch(/\d{1,2}:\d\d .+/);
    await page.getByTestId('check-history').screenshot({ path: `${SHOTS}compliance-history-zh-CN.png` });
  });

  it('opens an earlier check from the list', async () => {
    await historyRow(good).getByTestId('history-open').click();
    await page.waitForURL((u) => u.searchParams.get('check') === good);
    await summaryOf(good).waitFor();
    await page.getByTestId('last-good-note').waitFor({ state: 'detached' });
    expect(await historyRow(good).getAttribute('aria-current')).toBe('true');
    await page.getByText('检查失败').waitFor({ state: 'detached' });
  });

  it('a refused upload shows its error and leaves the result as it was', async () => {
    await upload('说明.pdf', '%PDF-1.5');
    await page.getByTestId('error-notice').waitFor();
    await summaryOf(good).waitFor();
    expect(new URL(page.url()).searchParams.get('check')).toBe(good);
  });

  it('downloads the report under its Chinese name, in Chinese (XLSX and CSV)', async () => {
    const xlsxDownload = page.waitForEvent('download');
    await summaryOf(good).getByTestId('export-xlsx').click();
    const xlsx = await xlsxDownload;
    expect(xlsx.suggestedFilename()).toBe('店小秘商品导出_20261130-合规检查.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '检查结果']);
    expect((book.getWorksheet('检查结果') as ExcelJS.Worksheet).getRow(1).getCell(3).value).toBe('结论');

    const csvDownload = page.waitForEvent('download');
    await summaryOf(good).getByTestId('export-csv').click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toBe('店小秘商品导出_20261130-合规检查.csv');
    expect(readFileSync(await csv.path(), 'utf8')).toMatch(/^\uFEFF行号,SKU,结论,/);

    await page.getByTestId('language-switcher-en').click();
    await page.getByTestId('page-title').filter({ hasText: 'Compliance' }).waitFor();
  });
});
