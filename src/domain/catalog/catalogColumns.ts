import { foldText } from '../classify/textFeatures.ts';
import { type HeaderUnit, splitUnit, unitNamed } from './headerUnits.ts';

/**
 * The columns of a catalog file and the header names accepted for each: Puente's own, English,
 * Chinese and Spanish, and those of the files sellers already have — the product exports of the
 * ERPs Chinese cross-border sellers use (领星 Lingxing, 店小秘 Dianxiaomi, 马帮 Mabang, 积加 Jijia),
 * TikTok Shop's bulk-listing template and Shopify's product CSV (test/fixtures/catalogs/ holds one
 * file of each shape). Header matching ignores case, accents, spaces, underscores and punctuation,
 * and reads a unit in brackets (headerUnits.ts): "Weight (g)", "重量（克）", "毛重(kg)" and
 * "Package Weight(lb)" all find `weight_g`, converted to grams.
 */
export const catalogColumns = {
  sku: [
    'sku',
    'seller sku',
    'sku id',
    'variant sku',
    '商品编码',
    'sku编码',
    '库存sku',
    '商品sku',
    '产品sku',
    '货号',
    '编码',
    'codigo',
    'clave',
    'sku del vendedor',
  ],
  title: [
    'title',
    'product name',
    'name',
    'product title',
    '标题',
    '商品标题',
    '商品名称',
    '名称',
    '品名',
    '产品名称',
    '中文名称',
    '商品中文名称',
    '中文品名',
    '产品中文名称',
    '英文名称',
    '商品英文名称',
    '英文品名',
    '产品英文名称',
    'titulo',
    'nombre',
    'nombre del producto',
  ],
  category: [
    'category',
    'seller category',
    'product category',
    'product type',
    '类目',
    '分类',
    '商品类目',
    '商品分类',
    '产品分类',
    'categoria',
  ],
  description: [
    'description',
    'product description',
    'body html',
    'body',
    '描述',
    '商品描述',
    '产品描述',
    '详情',
    'descripcion',
  ],
  program_category: [
    'program category',
    'program category id',
    '项目类目',
    '计划类目',
    '美通墨类目',
    'categoria del programa',
  ],
  /** The price the buyer pays: the one the caps [P9–P10] apply to. */
  price: [
    'price',
    'sale price',
    'retail price',
    'variant price',
    '价格',
    '售价',
    '销售价',
    '零售价',
    '单价',
    'precio',
    'precio de venta',
  ],
  /** What the seller paid: read and kept, never taken for the price (a cost under the cap says nothing). */
  cost: [
    'cost',
    'cost per item',
    'unit cost',
    'purchase price',
    '采购价',
    '采购单价',
    '采购成本',
    '成本价',
    '成本',
    'costo',
    'precio de compra',
  ],
  /** The customs declared value: not the price either. */
  declared_value: ['declared value', 'customs value', '申报价值', '申报价', '申报金额', 'valor declarado'],
  currency: ['currency', '币种', '货币', 'moneda', 'divisa'],
  weight_g: [
    'weight g',
    'weight',
    'package weight',
    'variant grams',
    'grams',
    '重量',
    '重量 克',
    '重量 g',
    '毛重',
    '净重',
    '单品毛重',
    '单品净重',
    '产品重量',
    '商品重量',
    '包装重量',
    'peso',
    'peso g',
    'peso del paquete',
  ],
  length_cm: [
    'length cm',
    'length',
    'package length',
    '长',
    '长度',
    '长 厘米',
    '长 cm',
    '包装长',
    '包装长度',
    '包装尺寸 长',
    '产品长',
    'largo',
    'longitud',
    'largo cm',
  ],
  width_cm: [
    'width cm',
    'width',
    'package width',
    '宽',
    '宽度',
    '宽 厘米',
    '宽 cm',
    '包装宽',
    '包装宽度',
    '包装尺寸 宽',
    '产品宽',
    'ancho',
    'ancho cm',
  ],
  height_cm: [
    'height cm',
    'height',
    'package height',
    '高',
    '高度',
    '高 厘米',
    '高 cm',
    '包装高',
    '包装高度',
    '包装尺寸 高',
    '产品高',
    'alto',
    'altura',
    'alto cm',
  ],
  fragile: ['fragile', '易碎', '易碎品', 'fragil'],
  customized: ['customized', 'customised', 'custom', 'personalized', '定制', '定制品', 'personalizado'],
  us_stock: [
    'us stock',
    'us inventory',
    'stock us',
    '美国库存',
    '美国仓库存',
    '美仓库存',
    'stock eeuu',
    'inventario eeuu',
    'existencias eeuu',
  ],
} as const;

export type CatalogColumn = keyof typeof catalogColumns;
export const requiredColumns: CatalogColumn[] = ['sku', 'title'];

/** Which kind of unit a column's bracket may name; any other bracket on these columns is refused. */
const unitKinds: Partial<Record<CatalogColumn, HeaderUnit['kind']>> = {
  price: 'currency',
  cost: 'currency',
  declared_value: 'currency',
  weight_g: 'weight',
  length_cm: 'length',
  width_cm: 'length',
  height_cm: 'length',
};

export function normalizeHeader(header: string): string {
  return foldText(header.replace(/^\uFEFF/, ''))
    .replace(/[（(【[]\s*([^）)】\]]*)\s*[）)】\]]/g, ' $1 ')
    .replace(/[_\-/.:*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const byHeader = new Map<string, CatalogColumn>();
for (const [column, names] of Object.entries(catalogColumns) as [CatalogColumn, readonly string[]][]) {
  byHeader.set(normalizeHeader(column), column);
  for (const name of names) byHeader.set(normalizeHeader(name), column);
}

export type ColumnMap = Partial<Record<CatalogColumn, number>>;
/** The unit each column's header named, where it named one (plain data: it goes to worker threads). */
export type ColumnUnits = Partial<Record<CatalogColumn, HeaderUnit>>;

/** Where each column is and in which unit: what reading a row needs. */
export interface CatalogLayout {
  columns: ColumnMap;
  units: ColumnUnits;
}

export interface HeaderReading extends CatalogLayout {
  missing: CatalogColumn[];
  ignored: string[];
}

/**
 * The column a header names, and the unit in its brackets. A weight or length whose bracket names
 * no unit Puente knows (or a currency) is not read at all: a number in an unknown unit would be
 * taken for grams or centimetres. A price's bracket that names no currency ("Local Currency",
 * "含税") leaves the price in the row's currency.
 */
export function columnOf(header: string): { column: CatalogColumn; unit?: HeaderUnit } | undefined {
  const whole = byHeader.get(normalizeHeader(header));
  if (whole) return { column: whole };
  const { name, bracket } = splitUnit(foldText(header.replace(/^\uFEFF/, '').trim()));
  if (bracket === undefined) return undefined;
  const column = byHeader.get(normalizeHeader(name));
  if (!column) return undefined;
  const kind = unitKinds[column];
  const unit = unitNamed(bracket);
  if (!kind) return { column };
  if (unit?.kind === kind) return { column, unit };
  return kind === 'currency' ? { column } : undefined;
}

/** Finds each known column in a header row; the first of two columns with the same meaning wins. */
export function readHeader(headers: string[]): HeaderReading {
  const columns: ColumnMap = {};
  const units: ColumnUnits = {};
  const ignored: string[] = [];
  headers.forEach((header, index) => {
    const found = columnOf(header);
    if (found && columns[found.column] === undefined) {
      columns[found.column] = index;
      if (found.unit) units[found.column] = found.unit;
    } else if (header.trim()) ignored.push(header);
  });
  const missing = requiredColumns.filter((c) => columns[c] === undefined);
  return { columns, units, missing, ignored };
}

/** The required columns a header lacks, each with the names it is accepted under: what a refusal lists. */
export const missingColumns = (reading: HeaderReading) =>
  reading.missing.map((column) => ({ column, accepted: [...new Set([column, ...catalogColumns[column]])] }));
