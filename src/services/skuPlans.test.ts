import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Seller, seedSeller } from '../../test/support/seller.ts';
import { engines, freshStore, type TestStore } from '../../test/support/stores.ts';
import { skuPlanRows } from '../store/skuPlans.ts';
import { problemIn } from './importReport.ts';
import { editSkuPlan, importSkuPlans } from './skuPlans.ts';

/** Planning data per SKU: edited one at a time or imported from a sheet, each change audited. */
describe.each(engines)('planning data per SKU on %s', (engine) => {
  let store: TestStore;
  let s: Seller;
  const dir = mkdtempSync(join(tmpdir(), 'puente-plans-'));
  beforeEach(async () => {
    store = await freshStore(engine);
    s = await seedSeller(store);
  });
  afterEach(() => store.dispose());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports an XLSX with Chinese headers, adding the supplier, and reports bad cells by row and field', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('补货参数');
    sheet.addRow([
      'SKU',
      '供应商',
      '交期',
      '起订量',
      '箱规',
      '单价',
      '币种',
      '运输方式',
      '海运天数',
      '空运天数',
      '分类',
    ]);
    sheet.addRow(['A', '义乌玩具厂', 15, 200, 24, '3.50', 'CNY', '海运', 35, 8, '主力']);
    sheet.addRow(['B', '义乌玩具厂', 15, 0, 10, '1.20', 'CNY', '空运', '', '', '']);
    sheet.addRow(['C', '', '', '', '', '', '', 'boat', '', '', '']);
    sheet.addRow(['Z', '', 10, '', '', '', '', '', '', '', '']);
    const file = join(dir, 'plans.xlsx');
    await book.xlsx.writeFile(file);

    const report = await importSkuPlans(store, s.org, file, 'test');
    expect(report.imported).toBe(1);
    expect(report.problems.map((p) => problemIn(p, 'zh'))).toEqual([
      { row: 3, field: 'moq', message: '不是大于 0 的整数（"0"）' },
      { row: 4, field: 'transit_mode', message: '不是运输方式：海运、空运或快递（"boat"）' },
      { row: 5, field: 'sku', message: expect.stringContaining('Z') },
    ]);
    const [a] = await skuPlanRows(store.db, s.org, ['A']);
    expect(a).toMatchObject({
      supplier: { code: '义乌玩具厂', language: 'zh-CN' },
      leadTimeDays: 15,
      moq: 200,
      casePack: 24,
      unitCostMinor: 350,
      currency: 'CNY',
      transitMode: 'sea',
      transitDays: { sea: 35, air: 8, express: null },
      pinnedClass: 'core',
    });
    const audits = await store.db.selectFrom('audit_log').select(['action', 'subject']).execute();
    expect(audits).toEqual([{ action: 'sku_plan.import', subject: 'A' }]);
  });

  it('edits one field and leaves the others, and clears a pinned class', async () => {
    await editSkuPlan(store, s.org, 'ana', 'C', { moq: 50, pinnedClass: 'test', supplier: 'F1' });
    await editSkuPlan(store, s.org, 'ana', 'C', { casePack: 12, pinnedClass: null });
    const [c] = await skuPlanRows(store.db, s.org, ['C']);
    expect(c).toMatchObject({ moq: 50, casePack: 12, pinnedClass: null, supplier: { code: 'F1' } });
    expect(await store.db.selectFrom('audit_log').select('action').execute()).toHaveLength(2);
  });
});
