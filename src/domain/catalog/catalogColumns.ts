import { foldText } from '../classify/textFeatures.ts';

/**
 * The columns of a catalog file and the header names accepted for each, in English, Chinese and
 * Spanish. Header matching ignores case, accents, spaces, underscores and the unit in brackets, so
 * "Weight (g)", "weight_g", "重量（克）" and "Peso" all find `weight_g`.
 */
export const catalogColumns = {
  sku: [
    'sku',
    'seller sku',
    'sku id',
    '商品编码',
    'sku编码',
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
    'titulo',
    'nombre',
    'nombre del producto',
  ],
  category: ['category', 'seller category', '类目', '分类', '商品类目', 'categoria'],
  description: ['description', '描述', '商品描述', '详情', 'descripcion'],
  program_category: [
    'program category',
    'program category id',
    '项目类目',
    '计划类目',
    '美通墨类目',
    'categoria del programa',
  ],
  price: ['price', 'sale price', '价格', '售价', '单价', 'precio', 'precio de venta'],
  currency: ['currency', '币种', '货币', 'moneda', 'divisa'],
  weight_g: ['weight g', 'weight', '重量', '重量 克', '重量 g', 'peso', 'peso g'],
  length_cm: ['length cm', 'length', '长', '长度', '长 厘米', '长 cm', 'largo', 'longitud', 'largo cm'],
  width_cm: ['width cm', 'width', '宽', '宽度', '宽 厘米', '宽 cm', 'ancho', 'ancho cm'],
  height_cm: ['height cm', 'height', '高', '高度', '高 厘米', '高 cm', 'alto', 'altura', 'alto cm'],
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

export function normalizeHeader(header: string): string {
  return foldText(header.replace(/^\uFEFF/, ''))
    .replace(/[（(]\s*([^）)]*)\s*[）)]/g, ' $1 ')
    .replace(/[_\-/.:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const byHeader = new Map<string, CatalogColumn>();
for (const [column, names] of Object.entries(catalogColumns) as [CatalogColumn, readonly string[]][]) {
  byHeader.set(normalizeHeader(column), column);
  for (const name of names) byHeader.set(normalizeHeader(name), column);
}

export type ColumnMap = Partial<Record<CatalogColumn, number>>;

export interface HeaderReading {
  columns: ColumnMap;
  missing: CatalogColumn[];
  ignored: string[];
}

/** Finds each known column in a header row; the first of two columns with the same meaning wins. */
export function readHeader(headers: string[]): HeaderReading {
  const columns: ColumnMap = {};
  const ignored: string[] = [];
  headers.forEach((header, index) => {
    const column = byHeader.get(normalizeHeader(header));
    if (column && columns[column] === undefined) columns[column] = index;
    else if (header.trim()) ignored.push(header);
  });
  const missing = requiredColumns.filter((c) => columns[c] === undefined);
  return { columns, missing, ignored };
}
