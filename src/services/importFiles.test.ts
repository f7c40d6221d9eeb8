import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { receive } from '../store/stockLedger.ts';
import { importOrders } from './importFiles.ts';
import { problemIn, type RowProblem } from './importReport.ts';

/** Importing orders: bad rows are reported with their row and field, and the good ones go in. */
describe.each(engines)('puente import orders on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  const dir = mkdtempSync(join(tmpdir(), 'puente-import-'));
  const file = (name: string, text: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
    await receive(store, { organizationId: s.org, skuId: s.sku.A, warehouseId: s.tx, actor: 'test' }, 50);
  });
  afterEach(async () => {
    await store.dispose();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const HEAD = 'storefront,order_id,paid_at,sku,quantity,unit_price,currency';
  const stored = async () =>
    (
      await store.db
        .selectFrom('orders as o')
        .innerJoin('order_lines as l', 'l.order_id', 'o.id')
        .innerJoin('skus as k', 'k.id', 'l.sku_id')
        .select(['o.external_id', 'k.sku', 'l.quantity', 'o.status'])
        .orderBy('o.external_id')
        .orderBy('k.sku')
        .execute()
    ).map((r) => `${r.external_id} ${r.sku}×${r.quantity} ${r.status}`);
  const reservedUnits = async () =>
    Number(
      (
        await store.db
          .selectFrom('stock_levels')
          .select((eb) => eb.fn.sum<number>('reserved').as('n'))
          .executeTakeFirstOrThrow()
      ).n ?? 0,
    );

  it('skips an order whose paid_at has no offset, or whose currency is not the storefront one', async () => {
    const csv = file(
      'orders.csv',
      [
        'storefront,order_id,paid_at,sku,quantity,unit_price,currency',
        'TTS-MX,M-1,2026-11-25T10:00:00-06:00,A,1,199.00,',
        'TTS-US,U-1,2026-11-25T10:00:00,A,1,9.99,USD',
        'TTS-US,U-2,2026-11-25T10:00:00Z,A,1,9.99,MXN',
        'TTS-US,U-3,2026-11-25T10:00:00Z,A,2,9.99,USD',
      ].join('\n'),
    );
    const report = await importOrders(store, s.org, csv, 'test');
    expect(report.detail).toMatchObject({ reserved: 2 });
    expect(report.problems).toMatchObject([
      {
        row: 3,
        field: 'paid_at',
        message:
          'not a date and time with its offset, such as 2026-05-22T15:00:00-07:00 ("2026-11-25T10:00:00")',
      },
      { row: 4, field: 'currency', message: 'MXN, but TTS-US sells in USD: order U-2 skipped' },
    ]);
    // The same problems as a person reads them in Chinese and in Spanish.
    const [late, currency] = report.problems as [RowProblem, RowProblem];
    expect(problemIn(late, 'zh').message).toBe(
      '不是带时区偏移的日期时间（如 2026-05-22T15:00:00-07:00）（"2026-11-25T10:00:00"）',
    );
    expect(problemIn(currency, 'es').message).toBe(
      'MXN, pero la tienda TTS-US vende en USD: se omitió el pedido U-2',
    );
    expect(problemIn(currency, 'zh').message).toBe('币种为 MXN，但店铺 TTS-US 以 USD 销售：已跳过订单 U-2');
    const stored = await store.db
      .selectFrom('orders')
      .select(['external_id', 'currency'])
      .orderBy('external_id')
      .execute();
    expect(stored).toEqual([
      { external_id: 'M-1', currency: 'MXN' }, // no currency in the file: the storefront's
      { external_id: 'U-3', currency: 'USD' },
    ]);
  });

  it('reports a JSON order without an id and imports the others', async () => {
    const json = file(
      'orders.json',
      JSON.stringify([
        {
          storefront: 'TTS-MX',
          order_id: 'J-1',
          paid_at: '2026-11-25T10:00:00Z',
          lines: [{ sku: 'A', quantity: 1, unit_price: '199.00' }],
        },
        { storefront: 'TTS-MX', paid_at: '2026-11-25T10:00:00Z', lines: [{ sku: 'A', quantity: 1 }] },
        { storefront: 'TTS-MX', order_id: 'J-3', paid_at: '2026-11-25T10:00:00Z', lines: ['A'] },
        {
          storefront: 'TTS-MX',
          order_id: 'J-4',
          paid_at: '2026-11-25T10:00:00Z',
          lines: [{ sku: 'A', quantity: 2 }],
        },
      ]),
    );
    const report = await importOrders(store, s.org, json, 'test');
    expect(report.problems.map((p) => [p.row, p.field])).toEqual([
      [2, 'order_id'],
      [3, 'lines'],
    ]);
    expect(report.detail).toMatchObject({ reserved: 2 });
  });

  it('takes an order repeated in one file (two exports pasted together) once, with a warning naming the rows', async () => {
    const csv = file(
      'pasted.csv',
      [
        HEAD,
        'TTS-MX,D-1,2026-11-25T10:00:00-06:00,A,2,199.00,MXN',
        'TTS-MX,D-1,2026-11-25T10:00:00-06:00,B,1,49.00,MXN',
        'TTS-MX,D-2,2026-11-25T11:00:00-06:00,A,1,199.00,MXN',
        // The second export starts here: D-1 again, whole; then D-3, whose second line is far below.
        'TTS-MX,D-1,2026-11-25T10:00:00-06:00,A,2,199.00,MXN',
        'TTS-MX,D-1,2026-11-25T10:00:00-06:00,B,1,49.00,MXN',
        'TTS-MX,D-3,2026-11-25T12:00:00-06:00,A,1,199.00,MXN',
        'TTS-MX,D-4,2026-11-25T12:30:00-06:00,A,1,199.00,MXN',
        'TTS-MX,D-3,2026-11-25T12:00:00-06:00,C,1,99.00,MXN',
      ].join('\n'),
    );
    const report = await importOrders(store, s.org, csv, 'test');
    expect(report.problems).toEqual([]);
    // B and C have no stock: D-1 and D-3 wait, whole.
    expect(report.detail).toEqual({ reserved: 2, awaiting_stock: 2, duplicate: 0 });
    expect(report.warnings).toContainEqual({
      rows: [5, 6],
      message: 'order D-1: row 5 repeats row 2, row 6 repeats row 3 (the same line): taken once',
      notice: { key: 'order_line_repeated', params: { order: 'D-1', again: '5,6', once: '2,3' } },
    });
    expect(await stored()).toEqual([
      'D-1 A×2 awaiting_stock',
      'D-1 B×1 awaiting_stock',
      'D-2 A×1 reserved',
      'D-3 A×1 awaiting_stock',
      'D-3 C×1 awaiting_stock',
      'D-4 A×1 reserved',
    ]);
    expect(await reservedUnits()).toBe(2);
  });

  it('refuses an order whose repeated line or paid time disagrees, naming both rows', async () => {
    const csv = file(
      'conflict.csv',
      [
        HEAD,
        'TTS-MX,C-1,2026-11-25T10:00:00-06:00,A,2,199.00,MXN',
        'TTS-MX,C-2,2026-11-25T10:00:00-06:00,A,1,199.00,MXN',
        'TTS-MX,C-1,2026-11-25T10:00:00-06:00,A,3,199.00,MXN',
        'TTS-MX,C-2,2026-11-26T10:00:00-06:00,A,1,199.00,MXN',
        'TTS-MX,C-3,2026-11-25T10:00:00-06:00,A,1,199.00,MXN',
      ].join('\n'),
    );
    const report = await importOrders(store, s.org, csv, 'test');
    expect(report.problems).toMatchObject([
      {
        row: 4,
        field: 'quantity',
        message:
          'order C-1: line A is A × 3 at 199.00 here, but A × 2 at 199.00 in row 2: order C-1 not imported',
      },
      {
        row: 5,
        field: 'paid_at',
        message:
          'order C-2: paid at 2026-11-26T16:00:00.000Z here, but 2026-11-25T16:00:00.000Z in row 3: order C-2 not imported',
      },
    ]);
    const [line, paid] = report.problems as [RowProblem, RowProblem];
    expect(problemIn(line, 'zh').message).toBe(
      '订单 C-1：商品行 A 在本行为 A × 3，单价 199.00，但第 2 行为 A × 2，单价 199.00：订单 C-1 未导入',
    );
    expect(problemIn(paid, 'es').message).toBe(
      'pedido C-2: aquí se pagó el 2026-11-26T16:00:00.000Z, pero en la fila 3 el 2026-11-25T16:00:00.000Z: el pedido C-2 no se importa',
    );
    expect(await stored()).toEqual(['C-3 A×1 reserved']);
  });

  it('keeps every order of a file whose line ends are mixed (CRLF, LF, CR)', async () => {
    const csv = file(
      'mixed.csv',
      `${HEAD}\r\nTTS-MX,E-1,2026-11-25T10:00:00-06:00,A,1,199.00,MXN\nTTS-MX,E-2,2026-11-25T10:00:00-06:00,A,1,199.00,MXN\rTTS-MX,E-3,2026-11-25T10:00:00-06:00,A,1,199.00,MXN\r\n`,
    );
    const report = await importOrders(store, s.org, csv, 'test');
    expect(report.detail.reserved).toBe(3);
    expect(await stored()).toEqual(['E-1 A×1 reserved', 'E-2 A×1 reserved', 'E-3 A×1 reserved']);
  });

  it('stores no part of an order cut off by the end of the file', async () => {
    // With the number of lines per order: a file cut at a line boundary is caught.
    const declared = file(
      'cut-lines.csv',
      [
        `${HEAD},lines`,
        'TTS-MX,F-1,2026-11-25T10:00:00-06:00,A,1,199.00,MXN,1',
        'TTS-MX,F-2,2026-11-25T10:00:00-06:00,A,1,199.00,MXN,2',
        '',
      ].join('\n'),
    );
    const report = await importOrders(store, s.org, declared, 'test');
    expect(report.problems).toMatchObject([
      {
        row: 3,
        field: 'lines',
        message:
          'order F-2 has 2 lines, but the file holds 1 (rows 3): the file may be cut; order F-2 not imported',
      },
    ]);
    // Cut inside a quoted field: the cut row and the order before it are held back.
    const quote = file(
      'cut-quote.csv',
      `${HEAD}\nTTS-MX,G-1,2026-11-25T10:00:00-06:00,A,1,199.00,MXN\nTTS-MX,G-2,2026-11-25T10:00:00-06:00,A,1,199.00,MXN\nTTS-MX,"G-2`,
    );
    const cut = await importOrders(store, s.org, quote, 'test');
    expect(cut.problems).toMatchObject([
      {
        row: 4,
        field: 'row',
        message:
          'the file ends inside a quoted field that opens in this row: the file looks cut, and the row is not imported; order G-2 (row 3) is not imported either, in case this row was one of its lines',
      },
    ]);
    expect(problemIn(cut.problems[0] as RowProblem, 'zh').message).toBe(
      '文件在本行开始的一个带引号字段中结束：文件似乎不完整，本行未导入；订单 G-2（第 3 行）也未导入，因为本行可能是它的商品行之一',
    );
    expect(problemIn(cut.problems[0] as RowProblem, 'es').message).toBe(
      'el archivo termina dentro de un campo entre comillas que empieza en esta fila: parece cortado y la fila no se importa; el pedido G-2 (fila 3) tampoco se importa, por si esta fila era una de sus líneas',
    );
    // Cut inside a row, short of its columns: that row's order is not imported.
    const short = file(
      'cut-short.csv',
      `${HEAD}\nTTS-MX,H-1,2026-11-25T10:00:00-06:00,A,1,199.00,MXN\nTTS-MX,H-1,2026-11-25T10:00:00-06:00,B`,
    );
    const shortReport = await importOrders(store, s.org, short, 'test');
    expect(shortReport.problems).toMatchObject([
      {
        row: 3,
        field: 'row',
        message: expect.stringMatching(/^the file ends in this row, after 4 of 7 columns/),
      },
    ]);
    expect(await stored()).toEqual(['F-1 A×1 reserved', 'G-1 A×1 reserved']);
  });

  it('reads a UTF-16LE file with a byte order mark (Excel "Unicode text")', async () => {
    const text = `\uFEFF${HEAD.replaceAll(',', '\t')}\r\nTTS-MX\tU16-1\t2026-11-25T10:00:00-06:00\tA\t1\t199.00\tMXN\r\n`;
    const report = await importOrders(store, s.org, file('utf16.csv', Buffer.from(text, 'utf16le')), 'test');
    expect(report.problems).toEqual([]);
    expect(report.warnings.map((w) => w.message)).toEqual([expect.stringContaining('read as utf-16le')]);
    expect(await stored()).toEqual(['U16-1 A×1 reserved']);
  });
});
