import { describe, expect, it } from 'vitest';
import fitDefaults from '../../config/fit.json' with { type: 'json' };
import { pilot } from '../../test/support/policies.ts';
import { openTable } from '../channels/spreadsheet/readTable.ts';
import { columnOf, readHeader } from '../domain/catalog/catalogColumns.ts';
import { type CatalogItem, parseCatalogRow } from '../domain/catalog/catalogRow.ts';
import { fitConfigSchema } from '../domain/fit/assessFit.ts';
import { parseRate } from '../domain/money/money.ts';
import { CatalogChecker, type CheckResult } from './checkCatalog.ts';

/**
 * The files sellers already have, read as `puente check` and the dashboard's upload read them. The
 * fixtures (test/fixtures/catalogs/sellers/) are modelled on each tool's export or listing template:
 * 领星, 店小秘, 马帮 and 积加 product exports, TikTok Shop's bulk-listing template, Shopify's product CSV.
 */

const dir = new URL('../../test/fixtures/catalogs/sellers/', import.meta.url).pathname;

async function check(file: string, usdMxn?: string) {
  const table = await openTable(`${dir}${file}`);
  const header = readHeader(table.headers);
  const checker = new CatalogChecker(
    {
      policy: pilot(),
      fit: fitConfigSchema.parse(fitDefaults),
      lang: 'en',
      usdMxn: usdMxn ? parseRate(usdMxn, 'USD', 'MXN') : undefined,
    },
    header,
  );
  const items: Record<string, CatalogItem> = {};
  const results: Record<string, CheckResult> = {};
  for await (const rows of table.rows)
    for (const r of rows) {
      const result = checker.check(r);
      results[result.sku] = result;
      items[result.sku] = parseCatalogRow(r.values, header).item;
    }
  return { header, items, results };
}
const codes = (r: CheckResult | undefined) => r?.reasons.map((x) => x.code);

describe('catalog files from sellers’ tools', () => {
  it('领星: 品名 is the title; 采购价(CNY) is a cost, so the caps could not be checked', async () => {
    const { header, items, results } = await check('lingxing.csv');
    expect(header.missing).toEqual([]);
    expect(header.units.cost).toEqual({ kind: 'currency', currency: 'CNY' });
    expect(items['LX-CBL-001']).toMatchObject({
      title: 'Type-C 快充数据线 1米 编织',
      weightG: 45,
      lengthCm: 12,
    });
    expect(results['LX-CBL-001']?.verdict).toBe('blocked');
    expect(results['LX-CBL-001']?.reasons).toEqual([
      expect.objectContaining({ code: 'PRICE_UNCHECKED', fact: 'P9' }),
    ]);
    expect(results['LX-CBL-001']?.reasons[0]?.message).toMatch(/purchase cost .* could not be checked/);
    expect(results['LX-VAP-003']?.category).toBe('vape');
  });

  it('店小秘: 中文名称 is the title, 售价(USD) a price in USD, converted with the rate given', async () => {
    const { header, items, results } = await check('dianxiaomi.csv', '18.25');
    expect(header.ignored).toEqual(['英文名称', '申报中文名', '申报英文名', '海关编码']);
    expect(header.units.declared_value).toEqual({ kind: 'currency', currency: 'USD' });
    expect(items['DXM-EAR-001']).toMatchObject({
      title: '无线蓝牙耳机 降噪',
      price: { amount: 2999, currency: 'USD' },
    });
    expect(results['DXM-EAR-001']).toMatchObject({ verdict: 'allowed', price_mxn: 54732 });
    // 189.00 USD is 3,449.25 MXN, under the 3,500 cap; the toy for 6+ needs an invitation [P6].
    expect(results['DXM-BAG-002']).toMatchObject({ verdict: 'allowed', price_mxn: 344925 });
    expect(results['DXM-TOY-003']?.verdict).toBe('needs_invitation');
  });

  it('店小秘 without a rate: every USD price asks for one, none is allowed', async () => {
    const { results } = await check('dianxiaomi.csv');
    expect(Object.values(results).map((r) => r.verdict)).toEqual(['invalid', 'invalid', 'invalid']);
    expect(codes(results['DXM-EAR-001'])).toEqual(['FX_RATE_MISSING']);
  });

  it('马帮: 库存SKU, full-width （墨西哥比索）, weight in kg and sizes in mm are converted', async () => {
    const { items, results } = await check('mabang.csv');
    expect(items['MB-WCH-001']).toMatchObject({
      sku: 'MB-WCH-001',
      price: { amount: 89900, currency: 'MXN' },
      weightG: 85,
      lengthCm: 11,
      widthCm: 9,
      heightCm: 7,
    });
    expect(results['MB-WCH-001']?.verdict).toBe('allowed');
    expect(codes(results['MB-LMP-002'])).toEqual(['ITEM_PRICE_OVER_CAP']);
    expect(results['MB-SUP-003']?.category).toBe('health.supplements');
  });

  it('积加: 【MXN】 and 【lb】 brackets, package size in inches', async () => {
    const { items, results } = await check('jijia.csv');
    expect(items['JJ-SUN-001']).toMatchObject({
      price: { amount: 34900, currency: 'MXN' },
      weightG: 226.8, // 0.5 lb
      lengthCm: 16.51, // 6.5 in
      heightCm: 5.08,
    });
    expect(results['JJ-SUN-001']?.verdict).toBe('allowed');
    expect(results['JJ-DOG-003']?.category).toBe('pets.food_health');
  });

  it('TikTok Shop bulk-listing template: Product Name, Seller SKU, Package Weight(lb)', async () => {
    const { header, items, results } = await check('tiktok-bulk-listing.csv');
    expect(header.columns).toMatchObject({ title: 2, description: 3, price: 9, sku: 11 });
    expect(header.units.price).toBeUndefined(); // "Local Currency" names none: the row's, MXN by default
    expect(items['TT-CBL-001']).toMatchObject({ weightG: 68.04, lengthCm: 17.78, price: { amount: 18900 } });
    expect(results['TT-CBL-001']?.verdict).toBe('allowed');
    expect(results['TT-LIP-003']?.verdict).toBe('needs_invitation');
  });

  it('Shopify product CSV: Title, Body (HTML), Variant SKU, Variant Grams, Variant Price', async () => {
    const { header, items, results } = await check('shopify-products.csv');
    expect(header.columns).toMatchObject({
      title: 1,
      description: 2,
      category: 4,
      sku: 10,
      weight_g: 11,
      price: 13,
      cost: 15,
    });
    expect(items['SH-SHO-002']).toMatchObject({ weightG: 150, price: { amount: 45900, currency: 'MXN' } });
    expect(results['SH-SHO-002']?.verdict).toBe('allowed');
    expect(results['SH-BAB-003']?.category).toBe('baby.under3');
  });
});

describe('a unit in a header’s brackets', () => {
  it.each([
    ['Price (USD)', 'price', { kind: 'currency', currency: 'USD' }],
    ['售价（美元）', 'price', { kind: 'currency', currency: 'USD' }],
    ['precio (MXN)', 'price', { kind: 'currency', currency: 'MXN' }],
    ['销售价【墨西哥比索】', 'price', { kind: 'currency', currency: 'MXN' }],
    ['采购价(人民币)', 'cost', { kind: 'currency', currency: 'CNY' }],
    ['Weight (kg)', 'weight_g', { kind: 'weight', unit: 'kg' }],
    ['重量（磅）', 'weight_g', { kind: 'weight', unit: 'lb' }],
    ['Peso (oz)', 'weight_g', { kind: 'weight', unit: 'oz' }],
    ['长(mm)', 'length_cm', { kind: 'length', unit: 'mm' }],
    ['Width (in)', 'width_cm', { kind: 'length', unit: 'in' }],
    ['高【毫米】', 'height_cm', { kind: 'length', unit: 'mm' }],
  ])('%s is %s in %o', (header, column, unit) => {
    expect(columnOf(header)).toEqual({ column, unit });
  });

  it('a weight in a unit Puente does not know is not read as grams', () => {
    expect(columnOf('Weight (stone)')).toBeUndefined();
    expect(columnOf('重量(USD)')).toBeUndefined();
    expect(readHeader(['sku', 'title', 'Weight (stone)']).ignored).toEqual(['Weight (stone)']);
  });

  it('a price bracket that names no currency leaves the row’s currency', () => {
    expect(columnOf('Retail Price (Local Currency)')).toEqual({ column: 'price' });
    expect(columnOf('价格(含税)')).toEqual({ column: 'price' });
  });

  it('the header’s currency is that column’s, and a currency column names CNY in Chinese', () => {
    const layout = readHeader(['sku', 'title', 'price', 'currency']);
    expect(parseCatalogRow(['A', 'Cable', '99.00', '人民币'], layout).item.price).toEqual({
      amount: 9900,
      currency: 'CNY',
    });
    const usd = readHeader(['sku', 'title', 'Price (USD)', 'currency']);
    expect(parseCatalogRow(['A', 'Cable', '9.90', 'MXN'], usd).item.price).toEqual({
      amount: 990,
      currency: 'USD',
    });
  });
});
