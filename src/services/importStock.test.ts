import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { reserveOrder } from '../store/reservations.ts';
import { verifyLedger } from '../store/verify.ts';
import { problemIn, type RowProblem } from './importReport.ts';
import { importStock } from './importStock.ts';

/**
 * Importing stock never counts a row twice: a receipt's key is what the row says (and its reference),
 * not where it sits in the file, so a file imported again after a fix applies only the fixed row.
 */
describe.each(engines)('puente import stock on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  const dir = mkdtempSync(join(tmpdir(), 'puente-stock-'));
  const file = (name: string, text: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const onHand = async () =>
    Object.fromEntries(
      (
        await store.db
          .selectFrom('stock_levels as l')
          .innerJoin('skus as k', 'k.id', 'l.sku_id')
          .innerJoin('warehouses as w', 'w.id', 'l.warehouse_id')
          .select(['k.sku', 'w.code', 'l.on_hand'])
          .execute()
      ).map((r) => [`${r.sku}@${r.code}`, Number(r.on_hand)]),
    );
  const add = (path: string, reference?: string) =>
    importStock(store, s.org, path, { mode: 'add', actor: 'test', reference });
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
  });
  afterEach(async () => {
    await store.dispose();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies only the fixed row when a file is imported again after a fix', async () => {
    const rows = ['sku,warehouse,quantity', 'A,TX,10', 'B,TX,5', 'C,TX,1O', 'A,CA,3'];
    const first = await add(file('delivery.csv', `${rows.join('\n')}\n`));
    expect(first.detail).toEqual({ new: 3, already_imported: 0 });
    expect(first.problems).toEqual([
      {
        row: 4,
        field: 'quantity',
        message: 'not a whole number ≥ 0 ("1O")',
        notice: { key: 'row_not_whole_number', params: { value: '1O' } },
      },
    ]);
    // Said again in the user's language where a person reads it (the command line's report).
    expect(problemIn(first.problems[0] as RowProblem, 'zh').message).toBe('不是大于等于 0 的整数（"1O"）');
    expect(problemIn(first.problems[0] as RowProblem, 'es').message).toBe(
      'no es un número entero ≥ 0 ("1O")',
    );

    rows[3] = 'C,TX,10';
    // Saved again by Excel: another name, CRLF line ends, same rows.
    const again = await add(file('delivery-fixed.csv', `${rows.join('\r\n')}\r\n`));
    expect(again).toMatchObject({ imported: 1, detail: { new: 1, already_imported: 3 }, problems: [] });
    expect(await onHand()).toEqual({ 'A@TX': 10, 'B@TX': 5, 'C@TX': 10, 'A@CA': 3 });
    expect(await verifyLedger(store)).toEqual([]);
  });

  it('gives units that arrive by file to the orders waiting for them, earliest payment first', async () => {
    const wait = (externalId: string, paidAt: string) =>
      reserveOrder(
        store,
        {
          organizationId: s.org,
          storefrontId: s.mx,
          externalId,
          paidAt,
          currency: 'MXN',
          lines: [{ skuId: s.sku.C, quantity: 2, unitPriceMinor: 19900 }],
          actor: 'test',
        },
        s.rule,
      );
    await wait('LATER', '2026-05-20T18:00:00Z');
    await wait('EARLIER', '2026-05-19T18:00:00Z');
    await add(file('three.csv', 'sku,warehouse,quantity\nC,TX,3\n'));
    const status = Object.fromEntries(
      (await store.db.selectFrom('orders').select(['external_id', 'status']).execute()).map((o) => [
        o.external_id,
        o.status,
      ]),
    );
    expect(status).toEqual({ EARLIER: 'reserved', LATER: 'awaiting_stock' });
    expect(await verifyLedger(store)).toEqual([]);
    // A count below the 2 units EARLIER holds is refused for its row, in the reader's words too.
    const count = await importStock(store, s.org, file('low.csv', 'sku,warehouse,quantity\nC,TX,1\n'), {
      mode: 'set',
      actor: 'test',
    });
    expect(count.problems).toMatchObject([{ row: 2, field: 'quantity' }]);
    expect(problemIn(count.problems[0] as RowProblem, 'zh').message).toBe(
      '在库数量将低于已预留数量（或小于零）：本行未生效',
    );
    expect(problemIn(count.problems[0] as RowProblem, 'es').message).toBe(
      'la existencia quedaría por debajo de lo reservado (o de cero): la fila no se aplica',
    );
  });

  it('applies two identical lines of one file both, once however often the file is imported', async () => {
    const path = file('twice.csv', 'sku,warehouse,quantity\nA,TX,4\nA,TX,4\n');
    expect((await add(path)).detail).toEqual({ new: 2, already_imported: 0 });
    expect((await add(path)).detail).toEqual({ new: 0, already_imported: 2 });
    expect(await onHand()).toEqual({ 'A@TX': 8 });
  });

  it('numbers identical lines across the chunks a long file is applied in', async () => {
    // 600 identical receipts: more than one chunk of 500 rows.
    const path = file('long.csv', `sku,warehouse,quantity\n${'A,TX,1\n'.repeat(600)}`);
    expect((await add(path)).detail).toEqual({ new: 600, already_imported: 0 });
    expect((await add(path)).detail).toEqual({ new: 0, already_imported: 600 });
    expect(await onHand()).toEqual({ 'A@TX': 600 });
  });

  it('lists the first thousand problems of a file and counts the rest', async () => {
    const path = file('bad.csv', `sku,warehouse,quantity\n${'A,TX,one\n'.repeat(1_200)}A,TX,2\n`);
    const report = await add(path);
    expect(report).toMatchObject({ imported: 1, skipped: 1_200, unlisted: { problems: 200, warnings: 0 } });
    expect(report.problems).toHaveLength(1_000);
    expect(report.problems[999]).toMatchObject({
      row: 1_001,
      field: 'quantity',
      message: 'not a whole number ≥ 0 ("one")',
    });
  });

  it('takes the same units under another reference as another delivery', async () => {
    const path = file('same.csv', 'sku,warehouse,quantity\nA,TX,6\n');
    expect((await add(path, 'PO-1')).detail).toEqual({ new: 1, already_imported: 0 });
    expect((await add(path, 'PO-1')).detail).toEqual({ new: 0, already_imported: 1 });
    expect((await add(path, 'PO-2')).detail).toEqual({ new: 1, already_imported: 0 });
    const column = file('column.csv', 'sku,warehouse,quantity,reference\nA,TX,6,PO-2\nA,TX,6,PO-3\n');
    expect((await add(column)).detail).toEqual({ new: 1, already_imported: 1 });
    expect(await onHand()).toEqual({ 'A@TX': 18 });
  });

  it('sets counts: the difference once, and a count under a reference never again', async () => {
    const count = file('count.csv', 'sku,warehouse,quantity\nA,TX,7\nB,TX,0\n');
    const set = (reference?: string) =>
      importStock(store, s.org, count, { mode: 'set', actor: 'test', reference });
    expect((await set()).detail).toEqual({ new: 1, unchanged: 1, already_imported: 0 });
    expect((await set()).detail).toEqual({ new: 0, unchanged: 2, already_imported: 0 });
    expect((await set('COUNT-1')).detail).toEqual({ new: 0, unchanged: 2, already_imported: 0 });
    await add(file('more.csv', 'sku,warehouse,quantity\nA,TX,5\n'));
    // The old count again under its reference: skipped, not laid over the 5 received since.
    expect((await set('COUNT-1')).detail).toEqual({ new: 0, unchanged: 0, already_imported: 2 });
    expect(await onHand()).toEqual({ 'A@TX': 12, 'B@TX': 0 });
  });

  it('reads a Latin-1 file and says so; refuses a row with undecodable bytes', async () => {
    const latin1 = Buffer.from('sku,warehouse,quantity,reason\nA,TX,2,recepción\n', 'latin1');
    const report = await add(file('latin1.csv', latin1));
    expect(report.detail.new).toBe(1);
    expect(report.warnings).toEqual([
      {
        rows: [],
        message: expect.stringContaining('read as windows-1252 (detected, not UTF-8)'),
        notice: {
          key: 'encoding_read_as',
          params: expect.objectContaining({ encoding: 'windows-1252', given: 0 }),
        },
      },
    ]);
    const reason = await store.db.selectFrom('stock_movements').select('reason').executeTakeFirstOrThrow();
    expect(reason.reason).toBe('recepción');

    const bad = Buffer.concat([
      Buffer.from('sku,warehouse,quantity,reason\nB,TX,1,caf'),
      Buffer.from([0xe9, 0x0a]),
    ]);
    const refused = await importStock(store, s.org, file('bad.csv', bad), {
      mode: 'add',
      actor: 'test',
      encoding: 'utf-8',
    });
    expect(refused.problems).toMatchObject([
      { row: 2, field: 'row', message: expect.stringMatching(/^column 4: bytes that are not utf-8 text/) },
    ]);
    expect(problemIn(refused.problems[0] as RowProblem, 'es').message).toMatch(
      /^columna 4: hay bytes que no son texto utf-8: el archivo está en otra codificación/,
    );
    expect(await onHand()).toEqual({ 'A@TX': 2 });
  });
});
