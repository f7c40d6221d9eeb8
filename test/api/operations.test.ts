import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/apiClient.ts';
import { seedSeller } from '../support/seller.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { engines } from '../support/stores.ts';

describe.each(engines)('API operations on %s', (engine) => {
  let server: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    // Each overview read here follows a write: recompute every time instead of sharing for 5 s.
    server = await startTestServer({ engine, env: { PUENTE_OVERVIEW_REFRESH_MS: '0' } });
    await seedSeller(server.store, { organizationId: server.organizationId });
    api = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
  });
  afterAll(() => server?.close());

  const orderOf = (externalId: string, quantity = 1, sku = 'A') => ({
    storefront: 'TTS-MX',
    externalId,
    paidAt: '2026-11-26T09:30:00-06:00',
    lines: [{ sku, quantity, unitPriceMinor: 25_000 }],
  });

  it('replays a retried receive with the same Idempotency-Key instead of receiving twice', async () => {
    const headers = { 'idempotency-key': 'po-1001-line-1' };
    const first = await api.post(
      '/api/v1/stock/receive',
      { sku: 'A', warehouse: 'TX', quantity: 40 },
      { headers },
    );
    const retry = await api.post(
      '/api/v1/stock/receive',
      { sku: 'A', warehouse: 'TX', quantity: 40 },
      { headers },
    );
    expect(first.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.body.level).toMatchObject({ onHand: 40, reserved: 0, available: 40 });
    const reused = await api.post(
      '/api/v1/stock/receive',
      { sku: 'A', warehouse: 'TX', quantity: 41 },
      { headers },
    );
    expect([reused.status, reused.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect((await api.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0].onHand).toBe(40);
  });

  it('keeps Idempotency-Keys per caller, and lets a failed request run again', async () => {
    await api.post('/api/v1/users', {
      email: 'op@example.com',
      name: 'Op',
      role: 'operator',
      password: 'operator-pass-1',
    });
    const operator = await ApiClient.loggedIn(server.url, 'op@example.com', 'operator-pass-1');
    const headers = { 'idempotency-key': 'same-key' };
    const mine = await api.post(
      '/api/v1/stock/receive',
      { sku: 'C', warehouse: 'CA', quantity: 1 },
      { headers },
    );
    const theirs = await operator.post(
      '/api/v1/stock/receive',
      { sku: 'C', warehouse: 'CA', quantity: 1 },
      { headers },
    );
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.level.onHand).toBe(mine.body.level.onHand + 1);
    const missing = await api.post(
      '/api/v1/skus/unknown-route',
      {},
      { headers: { 'idempotency-key': 'k2' } },
    );
    expect(missing.status).toBe(404);
    const early = await api.post(
      '/api/v1/stock/receive',
      { sku: 'NEW-1', warehouse: 'TX', quantity: 2 },
      { headers: { 'idempotency-key': 'k3' } },
    );
    expect(early.status).toBe(404);
    await api.post('/api/v1/skus', { items: [{ sku: 'NEW-1', title: 'Phone stand' }] });
    const retried = await api.post(
      '/api/v1/stock/receive',
      { sku: 'NEW-1', warehouse: 'TX', quantity: 2 },
      { headers: { 'idempotency-key': 'k3' } },
    );
    expect(retried.status).toBe(200);
  });

  it('creates an order once per Idempotency-Key and once per marketplace id', async () => {
    const headers = { 'idempotency-key': 'create-MX-1' };
    const first = await api.post('/api/v1/orders', orderOf('MX-1', 3), { headers });
    const replay = await api.post('/api/v1/orders', orderOf('MX-1', 3), { headers });
    const redelivered = await api.post('/api/v1/orders', orderOf('MX-1', 3));
    expect(first.status).toBe(201);
    expect(first.body.outcome).toBe('reserved');
    expect(first.body.order.shipBy).toBeTruthy();
    expect(replay).toMatchObject({ status: 201, body: first.body });
    expect(redelivered).toMatchObject({
      status: 200,
      body: { outcome: 'duplicate', order: { id: first.body.order.id } },
    });
    expect((await api.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0]).toMatchObject({
      onHand: 40,
      reserved: 3,
    });
  });

  it('never reserves more than is available: a short order is awaiting_stock and raises an oversell alert', async () => {
    const answer = await api.post('/api/v1/orders', orderOf('MX-BIG', 500));
    expect(answer.status).toBe(201);
    expect(answer.body.outcome).toBe('awaiting_stock');
    const alerts = (await api.get('/api/v1/alerts?state=open&kind=oversell')).body.items;
    expect(alerts.length).toBe(1);
    const overview = (await api.get('/api/v1/metrics/overview')).body;
    expect(overview.openOversellAlerts).toBe(1);
    const ack = await api.post(`/api/v1/alerts/${alerts[0].id}/acknowledge`);
    expect(ack.body.alert.state).toBe('acknowledged');
    const resolved = await api.post(`/api/v1/alerts/${alerts[0].id}/resolve`);
    expect(resolved.body.alert.state).toBe('resolved');
    expect((await api.post(`/api/v1/alerts/${alerts[0].id}/resolve`)).status).toBe(409);
  });

  it('ships and cancels through the API and refuses what the order state forbids', async () => {
    const placed = (await api.post('/api/v1/orders', orderOf('MX-2', 2))).body.order;
    const shipped = await api.post(`/api/v1/orders/${placed.id}/ship`, {
      carrier: 'Estafeta',
      tracking: 'EST123',
    });
    expect(shipped.body.order).toMatchObject({ status: 'shipped', carrier: 'Estafeta', tracking: 'EST123' });
    const cancel = await api.post(`/api/v1/orders/${placed.id}/cancel`, {});
    expect([cancel.status, cancel.body.error.code]).toEqual([409, 'ORDER_STATE']);
    const other = (await api.post('/api/v1/orders', orderOf('MX-3', 1))).body.order;
    expect((await api.post(`/api/v1/orders/${other.id}/cancel`, { reason: 'buyer' })).body.order.status).toBe(
      'cancelled',
    );
    expect(
      (
        await api.post('/api/v1/orders/00000000-0000-0000-0000-000000000000/ship', {
          carrier: 'x',
          tracking: 'y',
        })
      ).status,
    ).toBe(404);
  });

  it('ships in bulk from a CSV and names the rows it could not ship', async () => {
    await api.post('/api/v1/orders', orderOf('MX-10'));
    await api.post('/api/v1/orders', orderOf('MX-11'));
    const csv = [
      'external_id,storefront,carrier,tracking',
      'MX-10,TTS-MX,DHL,D1',
      'MX-11,TTS-MX,,D2',
      'MX-404,TTS-MX,DHL,D3',
      'MX-2,TTS-MX,DHL,D4',
    ].join('\n');
    const answer = await api.post('/api/v1/orders/ship-bulk', { csv });
    expect(answer.body.shipped).toBe(1);
    expect(answer.body.problems).toEqual([
      { row: 3, field: 'carrier', message: 'carrier is empty' },
      { row: 4, field: 'external_id', message: expect.stringContaining('MX-404') },
      { row: 5, field: null, message: 'order MX-2 had already shipped' },
    ]);
  });

  it('ships in bulk from TikTok Shop’s batch-shipping template (Order ID, Tracking ID, Shipping Provider Name)', async () => {
    await api.post('/api/v1/orders', orderOf('MX-20'));
    await api.post('/api/v1/orders', orderOf('MX-21'));
    const csv = [
      'Order ID,Package ID,SKU ID,Product Name,Quantity,Shipping Provider Name,Tracking ID',
      'MX-20,PKG-1,1729,Cable USB-C,1,Estafeta,7788123',
      'MX-21,PKG-2,1729,Cable USB-C,1,,7788124',
    ].join('\n');
    const answer = await api.post('/api/v1/orders/ship-bulk', { csv, lang: 'es' });
    expect(answer.body).toEqual({
      shipped: 1,
      problems: [{ row: 3, field: 'carrier', message: 'el campo paquetería está vacío' }],
    });
  });

  it('ships in bulk from an ERP export with Chinese headers (订单号, 物流商, 运单号), and says why in Chinese', async () => {
    await api.post('/api/v1/orders', orderOf('MX-30'));
    const csv = [
      '\uFEFF订单号,店铺,物流商,运单号',
      'MX-30,TTS-MX,DHL,JD0001',
      'MX-30,TTS-MX,DHL,JD0001',
    ].join('\n');
    const answer = await api.post('/api/v1/orders/ship-bulk', { csv, lang: 'zh' });
    expect(answer.body).toEqual({
      shipped: 1,
      problems: [{ row: 3, field: null, message: '订单 MX-30 已经发货' }],
    });
    const other = ['订单编号,承运商,跟踪号', 'MX-404,DHL,JD0002'].join('\n');
    expect((await api.post('/api/v1/orders/ship-bulk', { csv: other, lang: 'zh' })).body.problems).toEqual([
      { row: 2, field: 'external_id', message: expect.stringContaining('没有订单 MX-404') },
    ]);
  });

  it('refuses a bulk-ship CSV without an order column, listing the names it accepts in the user’s language', async () => {
    const csv = ['单号,物流商,运单号', 'MX-1,DHL,1'].join('\n');
    const answer = await api.post('/api/v1/orders/ship-bulk', { csv, lang: 'zh' });
    expect([answer.status, answer.body.error.code]).toEqual([400, 'MISSING_COLUMNS']);
    expect(answer.body.error.message).toMatch(
      /^缺少“订单号”列（可用列名：external_id、external id、order id、.*订单号/,
    );
    expect(answer.body.error.message).toContain('文件中的列：“单号”、“物流商”、“运单号”');
  });

  it('shows the board by operational deadline with the warehouse time zone, a page at a time', async () => {
    const board = (await api.get('/api/v1/board?limit=500')).body;
    const deadlines = board.items.map((o: { operationalBy: string }) => o.operationalBy);
    expect(deadlines).toEqual([...deadlines].sort());
    expect(board.items.find((o: { externalId: string }) => o.externalId === 'MX-1')).toMatchObject({
      warehouse: { code: 'TX', timeZone: 'America/Chicago' },
      dueBy: { kind: 'operational' },
      lines: [{ sku: 'A', quantity: 3 }],
      state: expect.stringMatching(/on_time|at_risk|late/),
    });
    const waiting = board.items.find((o: { externalId: string }) => o.externalId === 'MX-BIG');
    expect(waiting).toMatchObject({ state: 'awaiting_stock', dueBy: { kind: 'platform' } });
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const answer: { items: { id: string }[]; nextCursor: string | null } = (
        await api.get(`/api/v1/board?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).body;
      paged.push(...answer.items.map((o) => o.id));
      cursor = answer.nextCursor;
    } while (cursor);
    expect(paged).toEqual(board.items.map((o: { id: string }) => o.id));
    const tx = (await api.get('/api/v1/board?warehouse=TX&status=awaiting_stock')).body.items;
    expect(tx.map((o: { externalId: string }) => o.externalId)).toEqual(['MX-BIG']);
    const overview = (await api.get('/api/v1/metrics/overview')).body;
    expect(overview.awaitingStock).toEqual({ orders: 1, units: 500, late: expect.any(Number) });
    expect(overview.shipToday.map((w: { warehouse: string }) => w.warehouse)).toEqual(['CA', 'TX']);
  });

  it('pages every order exactly once with the cursor while filtering', async () => {
    for (let i = 0; i < 23; i++)
      await api.post('/api/v1/orders', { ...orderOf(`PG-${i}`, 1, 'B'), storefront: 'TTS-US' });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/v1/orders?storefront=TTS-US&limit=5${cursor ? `&cursor=${cursor}` : ''}`;
      const answer = (await api.get(query)).body;
      seen.push(...answer.items.map((o: { externalId: string }) => o.externalId));
      cursor = answer.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(23);
    expect(seen.every((id) => id.startsWith('PG-'))).toBe(true);
    expect((await api.get('/api/v1/orders?cursor=garbage!')).body.error.code).toBe('BAD_CURSOR');
    // A well-formed cursor of the wrong shape is refused too, on both engines, not sent to the database.
    const forged = Buffer.from(JSON.stringify(['x'])).toString('base64url');
    expect((await api.get(`/api/v1/stock/movements?cursor=${forged}`)).status).toBe(400);
  });

  it('pages stock levels in one order whatever the case of the SKUs', async () => {
    await api.post('/api/v1/skus', { items: ['a-low', 'b_low', 'Zed'].map((sku) => ({ sku, title: sku })) });
    for (const sku of ['a-low', 'b_low', 'Zed'])
      await api.post('/api/v1/stock/receive', { sku, warehouse: 'CA', quantity: 1 });
    const all = (await api.get('/api/v1/stock?limit=500')).body.items.map(
      (r: { sku: string; warehouse: string }) => `${r.sku}/${r.warehouse}`,
    );
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const answer: { items: { sku: string; warehouse: string }[]; nextCursor: string | null } = (
        await api.get(`/api/v1/stock?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).body;
      paged.push(...answer.items.map((r) => `${r.sku}/${r.warehouse}`));
      cursor = answer.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(all).toContain('a-low/CA');
  });

  it('edits config only against the version the editor saw (ETag / If-Match)', async () => {
    const read = await api.get('/api/v1/storefronts/TTS-MX');
    const etag = read.headers.get('etag') as string;
    expect(etag).toMatch(/^"v\d+"$/);
    const noMatch = await api.patch('/api/v1/storefronts/TTS-MX', { bufferPercent: 10 });
    expect(noMatch.status).toBe(428);
    const first = await api.patch(
      '/api/v1/storefronts/TTS-MX',
      { bufferPercent: 10, warehouses: ['CA', 'TX'] },
      { headers: { 'if-match': etag } },
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      bufferPercent: 10,
      warehouses: [
        { code: 'CA', priority: 0 },
        { code: 'TX', priority: 1 },
      ],
    });
    const stale = await api.patch(
      '/api/v1/storefronts/TTS-MX',
      { bufferUnits: 5 },
      { headers: { 'if-match': etag } },
    );
    expect([stale.status, stale.body.error.code]).toEqual([412, 'PRECONDITION_FAILED']);
    expect(first.headers.get('etag')).not.toBe(etag);
    // The buffer shows in what the storefront may publish: 10% of what is available, rounded up.
    const published = (await api.get('/api/v1/stock/published?sku=A')).body.items;
    const mx = published.find((p: { storefront: string }) => p.storefront === 'TTS-MX');
    expect(mx.buffer).toBe(Math.ceil(mx.available * 0.1));
    expect(mx.published).toBe(mx.available - mx.buffer);
  });

  it('checks an uploaded catalog as a job and pages its results in the reader’s language', async () => {
    const form = new FormData();
    form.set('file', new Blob([await readFile('examples/catalog.csv')]), 'catalog.csv');
    form.set('usdMxn', '18.25');
    const started = await api.send('POST', '/api/v1/checks', { raw: form });
    expect(started.status).toBe(202);
    let job = started.body;
    for (let i = 0; i < 200 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await api.get(`/api/v1/checks/${job.id}`)).body;
    }
    expect(job).toMatchObject({ status: 'done', rowsDone: 100, rowsTotal: 100 });
    expect(job.summary.verdicts.allowed + job.summary.verdicts.blocked).toBeGreaterThan(50);
    const blocked = (
      await api.get(
        `/api/v1/checks/${job.id}/results?verdict=blocked&reason=PROHIBITED_CATEGORY&lang=zh&limit=100`,
      )
    ).body;
    expect(blocked.items.length).toBeGreaterThan(0);
    for (const r of blocked.items) {
      expect(r.verdict).toBe('blocked');
      expect(r.reasons.map((x: { code: string }) => x.code)).toContain('PROHIBITED_CATEGORY');
      expect(r.reasons[0].fact).toBe('P7');
      expect(r.reasons[0].message).toMatch(/[\u4e00-\u9fff]/);
    }
    const xlsx = await fetch(`${server.url}/api/v1/checks/${job.id}/export.xlsx?lang=es`, {
      headers: { cookie: (api as unknown as { cookie: string }).cookie },
    });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(book.worksheets.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses an upload that is not a catalog, saying why', async () => {
    const form = new FormData();
    form.set('file', new Blob(['hello']), 'notes.pdf');
    const answer = await api.send('POST', '/api/v1/checks', { raw: form });
    expect([answer.status, answer.body.error.code]).toEqual([400, 'UNSUPPORTED_FILE']);
    const noColumns = new FormData();
    noColumns.set('lang', 'zh');
    noColumns.set('file', new Blob(['品名,采购价\nx,1\n']), '领星导出.csv');
    let job = (await api.send('POST', '/api/v1/checks', { raw: noColumns })).body;
    for (let i = 0; i < 100 && job.status !== 'failed' && job.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await api.get(`/api/v1/checks/${job.id}?lang=zh`)).body;
    }
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^领星导出\.csv：缺少“SKU”列（可用列名：sku、seller sku、.*sku编码/);
    expect(job.error).toContain('文件中的列：“品名”、“采购价”');
    // The same failure read in Spanish, and never the server's own path of the upload.
    const es = (await api.get(`/api/v1/checks/${job.id}?lang=es`)).body;
    expect(es.error).toMatch(/^领星导出\.csv: falta la columna SKU \(nombres aceptados: sku, /);
    expect(`${job.error} ${es.error}`).not.toMatch(/uploads|puente-data|[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('sniffs an upload by its content: a PDF or an image named .csv, or an empty file, is refused at once', async () => {
    const upload = async (content: BlobPart, name: string, lang: string) => {
      const form = new FormData();
      form.set('lang', lang);
      form.set('file', new Blob([content]), name);
      return api.send('POST', '/api/v1/checks', { raw: form });
    };
    const pdf = await upload('%PDF-1.5\n1 0 obj\n', 'catalogo.csv', 'es');
    expect([pdf.status, pdf.body.error.code]).toEqual([400, 'NOT_A_SPREADSHEET']);
    expect(pdf.body.error.message).toBe(
      'catalogo.csv: no es un archivo CSV ni de Excel (es un PDF): exporta la tabla como CSV o XLSX',
    );
    const png = await upload(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
      '截图.csv',
      'zh',
    );
    expect(png.body.error.message).toBe(
      '截图.csv：这不是 CSV 或 Excel 文件（是图片）：请把表格导出为 CSV 或 XLSX',
    );
    const empty = await upload('', 'catalog.csv', 'en');
    expect([empty.status, empty.body.error.code]).toEqual([400, 'EMPTY_FILE']);
    expect(empty.body.error.message).toBe(
      'catalog.csv: the file is empty (0 rows): export the spreadsheet again',
    );
    // Refused before a job exists: the list of checks has none of them.
    const jobs = (await api.get('/api/v1/checks?limit=100')).body.items;
    expect(jobs.map((j: { fileName: string }) => j.fileName)).not.toContain('截图.csv');
  });

  it('pushes board events to a live stream when an order arrives', async () => {
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/api/v1/events`, {
      headers: { cookie: (api as unknown as { cookie: string }).cookie },
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    await reader.read(); // the retry line: the stream is open and subscribed
    await api.post('/api/v1/orders', orderOf('MX-LIVE'));
    while (!text.includes('event: board')) text += decoder.decode((await reader.read()).value);
    controller.abort();
    expect(text).toMatch(/event: board\ndata: \{"reason":"order"/);
  });

  it('closes at once with dashboards still listening', async () => {
    const other = await startTestServer({ engine });
    const client = await ApiClient.loggedIn(other.url, other.owner.email, other.owner.password);
    const stream = await fetch(`${other.url}/api/v1/events`, {
      headers: { cookie: (client as unknown as { cookie: string }).cookie },
    });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await other.close();
    // The server cut the stream (the reader sees its end or a terminated connection), not left it hanging.
    const ended = await reader.read().then(
      (r) => r.done,
      () => true,
    );
    expect(ended).toBe(true);
  });

  it('reads the program facts in the language asked for, English by default, without markdown', async () => {
    const zh = await api.get('/api/v1/policies/tiktok-us-mx-2026?lang=zh');
    expect(zh.status).toBe(200);
    expect(zh.body.facts.P9).toBe('单件商品价格不得超过 3,500 比索（原文：“约 170 美元”）。');
    expect(zh.body.dispatch.note.zh).toMatch(/^原文只说 2 日/);
    const es = await api.get('/api/v1/policies/tiktok-us-mx-2026?lang=es');
    expect(es.body.facts.P9).toBe(
      'El precio de un artículo no puede pasar de 3,500 MXN (el artículo dice "unos 170 USD").',
    );
    const en = await api.get('/api/v1/policies/tiktok-us-mx-2026');
    expect(en.body.facts.P9).toBe('One item\'s price may not exceed 3,500 MXN (article: "about USD 170").');
    expect(Object.values(en.body.facts).filter((text) => String(text).includes('*'))).toEqual([]);
  });
});
