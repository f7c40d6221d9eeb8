import { readFile } from 'node:fs/promises';
import { parse as parseDisposition } from 'content-disposition';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/apiClient.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

/**
 * A check's exports keep the uploaded file's Chinese name (RFC 6266 `filename*`) and speak the
 * language asked; the list of earlier checks pages newest first, for the signed-in organization only.
 */
describe.each(engines)('check exports and the list of checks on %s', (engine) => {
  let server: TestServer;
  let api: ApiClient;
  let good: { id: string; status: string; fileName: string };
  const CHINESE_NAME = '店小秘商品导出_20261130.csv';

  beforeAll(async () => {
    server = await startTestServer({ engine });
    api = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    good = await checkFile(CHINESE_NAME, await readFile('examples/catalog.csv', 'utf8'));
  });
  afterAll(() => server?.close());

  /** Uploads a file and waits for its check to end (done or failed), asking again until it has. */
  async function checkFile(name: string, content: string) {
    const form = new FormData();
    form.set('file', new Blob([content]), name);
    form.set('usdMxn', '18.25');
    const started = await api.send('POST', '/api/v1/checks', { raw: form });
    expect(started.status).toBe(202);
    let job = started.body;
    while (job.status === 'queued' || job.status === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      job = (await api.get(`/api/v1/checks/${job.id}`)).body;
    }
    return job as { id: string; status: string; fileName: string; createdAt: string };
  }

  const download = (path: string) =>
    fetch(`${server.url}${path}`, { headers: { cookie: (api as unknown as { cookie: string }).cookie } });

  it('names the XLSX download after the uploaded file, in Chinese, with an ASCII fallback', async () => {
    expect(good).toMatchObject({ status: 'done', fileName: CHINESE_NAME });
    const answer = await download(`/api/v1/checks/${good.id}/export.xlsx?lang=zh`);
    expect(answer.status).toBe(200);
    const header = answer.headers.get('content-disposition') as string;
    expect(header).toBe(
      `attachment; filename=________20261130-____.xlsx; filename*=UTF-8''${encodeURIComponent('店小秘商品导出_20261130-合规检查.xlsx')}`,
    );
    expect(parseDisposition(header).parameters.filename).toBe('店小秘商品导出_20261130-合规检查.xlsx');

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await answer.arrayBuffer()) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '检查结果']);
    const results = book.getWorksheet('检查结果') as ExcelJS.Worksheet;
    expect(results.getRow(1).getCell(3).value).toBe('结论');
    const verdicts = new Set<unknown>();
    for (let i = 2; i <= results.rowCount; i++) verdicts.add(results.getRow(i).getCell(3).value);
    expect([...verdicts].sort()).toEqual(['可售', '数据无效', '不可售', '需定邀'].sort());
  });

  it('exports CSV: in Spanish for a person, with --lang en the header scripts read', async () => {
    const es = await download(`/api/v1/checks/${good.id}/export.csv?lang=es`);
    expect(es.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(parseDisposition(es.headers.get('content-disposition') as string).parameters.filename).toBe(
      '店小秘商品导出_20261130-revisión.csv',
    );
    const esRows = parseCsv(await es.text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(esRows).toHaveLength(100);
    expect(esRows.find((r) => r.SKU === 'HM-MSC-031')).toMatchObject({
      Resultado: 'Bloqueado',
      'Códigos de motivo': 'PROHIBITED_CATEGORY',
      'Precio (MXN, pesos)': '399.00',
    });

    const en = await (await download(`/api/v1/checks/${good.id}/export.csv?lang=en`)).text();
    expect(en.split('\n')[0]).toBe(
      'row,sku,verdict,category,category_name,detected,confidence,reason_codes,reasons,facts,fit_grade,fit_flags,fit_reason,price_mxn_pesos,max_units_per_order',
    );
  });

  it('refuses to export a check that failed', async () => {
    const failed = await checkFile('领星导出.csv', 'name,cost\nx,1\n');
    expect(failed.status).toBe('failed');
    const answer = await download(`/api/v1/checks/${failed.id}/export.xlsx?lang=zh`);
    expect(answer.status).toBe(409);
    expect((await answer.json()).error.code).toBe('CHECK_NOT_DONE');
  });

  it('lists earlier checks newest first, page by page, and only to someone signed in', async () => {
    const first = (await api.get('/api/v1/checks?limit=1')).body;
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toMatchObject({ fileName: '领星导出.csv', status: 'failed' });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await api.get(`/api/v1/checks?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`))
      .body;
    expect(second.items[0]).toMatchObject({ id: good.id, fileName: CHINESE_NAME, status: 'done' });
    expect(second.items[0].summary.verdicts).toMatchObject({ allowed: 73, needs_invitation: 6 });

    const stranger = new ApiClient(server.url);
    expect((await stranger.get('/api/v1/checks')).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/checks/${good.id}/export.xlsx`)).status).toBe(401);
  });
});
