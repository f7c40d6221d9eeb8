import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { receive } from '../store/stockLedger.ts';
import { createPurchaseOrder, listInbound, receiveInbound } from './purchaseOrders.ts';
import { planRestock } from './restockPlan.ts';
import { editSkuPlan } from './skuPlans.ts';

/**
 * A purchase order draft in the factory's language becomes an inbound shipment: inbound stock until
 * it is received, then stock on the shelf, with the difference from what was ordered on record.
 */
describe.each(engines)('purchase orders and inbound shipments on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  const now = new Date('2026-11-30T15:00:00Z');
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
    await receive(store, { organizationId: s.org, actor: 'test', skuId: s.sku.A, warehouseId: s.tx }, 5);
    await editSkuPlan(store, s.org, 'ana', 'A', {
      supplier: 'YW-01',
      supplierName: '义乌宠物用品厂',
      leadTimeDays: 15,
      casePack: 12,
      unitCostMinor: 350,
      currency: 'CNY',
      seaDays: 30,
      airDays: 7,
    });
  });
  afterEach(() => store.dispose());

  it('writes a Chinese 采购单 a factory can read, and shows its units as inbound', async () => {
    const po = await createPurchaseOrder(
      store,
      s.org,
      'ana',
      { warehouse: 'TX', lines: [{ sku: 'A', quantity: 100 }] },
      now,
    );
    expect(po).toMatchObject({
      number: 'PO-20261130-01',
      supplier: 'YW-01',
      language: 'zh-CN',
      mode: 'sea',
      requestedDate: '2026-12-15',
      eta: '2027-01-14',
      lines: [{ sku: 'A', quantity: 100, cartons: 9, unitCostMinor: 350 }],
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(po.workbook as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('采购单') as ExcelJS.Worksheet;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['采购单']);
    expect(values(4)).toEqual(['供应商', '义乌宠物用品厂']);
    expect(values(10)).toEqual(['SKU', '品名', '数量', '箱数', '单价 (CNY)', '金额 (CNY)', '要求交期']);
    expect(values(11).slice(0, 5)).toEqual(['A', 'Wireless earbuds', 100, 9, 3.5]);
    expect((values(11)[5] as { result: number }).result).toBe(350);
    expect(values(11)[6]).toBe('2026-12-15');

    const level = await store.db
      .selectFrom('stock_levels')
      .select(['inbound', 'inbound_eta'])
      .where('sku_id', '=', s.sku.A)
      .where('warehouse_id', '=', s.tx)
      .executeTakeFirstOrThrow();
    expect(level).toEqual({ inbound: 100, inbound_eta: '2027-01-14' });
    const line = (await planRestock(store, s.org, now, { warehouse: 'TX' })).lines.find((l) => l.sku === 'A');
    expect(line).toMatchObject({ inbound: 100, inboundEta: '2027-01-14', onHand: 5 });
    expect((await listInbound(store, s.org, 'open')).map((i) => i.number)).toEqual(['PO-20261130-01']);
  });

  it('receives what was counted, closes the shipment and records the difference', async () => {
    await createPurchaseOrder(
      store,
      s.org,
      'ana',
      { warehouse: 'TX', lines: [{ sku: 'A', quantity: 48 }] },
      now,
    );
    const got = await receiveInbound(store, s.org, 'luis', 'PO-20261130-01', { A: 46 });
    expect(got.lines).toEqual([{ sku: 'A', ordered: 48, received: 46 }]);
    const level = await store.db
      .selectFrom('stock_levels')
      .select(['on_hand', 'inbound', 'inbound_eta'])
      .where('sku_id', '=', s.sku.A)
      .where('warehouse_id', '=', s.tx)
      .executeTakeFirstOrThrow();
    expect(level).toEqual({ on_hand: 51, inbound: 0, inbound_eta: null });
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', '=', 'inbound.difference')
      .execute();
    expect(audit.map((a) => JSON.parse(a.data))).toEqual([
      { sku: 'A', ordered: 48, received: 46, difference: -2 },
    ]);
    await expect(receiveInbound(store, s.org, 'luis', 'PO-20261130-01')).rejects.toThrow(
      'inbound shipment PO-20261130-01 was already received',
    );
    expect(await listInbound(store, s.org, 'open')).toEqual([]);
  });

  it('refuses SKUs of two suppliers in one order, naming them', async () => {
    await editSkuPlan(store, s.org, 'ana', 'B', { supplier: 'SZ-02' });
    await expect(
      createPurchaseOrder(
        store,
        s.org,
        'ana',
        {
          warehouse: 'TX',
          lines: [
            { sku: 'A', quantity: 12 },
            { sku: 'B', quantity: 5 },
          ],
        },
        now,
      ),
    ).rejects.toThrow('A, B come from different suppliers (YW-01, SZ-02)');
  });
});
