/**
 * The words of a purchase order workbook, in the supplier's language: Chinese by default, since
 * most factories behind US→MX sellers are in China (采购单, 品名, 箱数, 要求交期 are what a factory's
 * order clerk reads). en and es-MX for others.
 */
export type SupplierLanguage = 'zh-CN' | 'en' | 'es-MX';

export interface PurchaseOrderWords {
  title: string;
  number: string;
  date: string;
  supplier: string;
  shipTo: string;
  mode: string;
  requested: string;
  eta: string;
  sku: string;
  name: string;
  quantity: string;
  cartons: string;
  unitCost: string;
  amount: string;
  requestedDate: string;
  total: string;
  modes: Record<'sea' | 'air' | 'express', string>;
  note: string;
}

export const purchaseOrderWords: Record<SupplierLanguage, PurchaseOrderWords> = {
  'zh-CN': {
    title: '采购单',
    number: '采购单号',
    date: '下单日期',
    supplier: '供应商',
    shipTo: '收货仓库',
    mode: '运输方式',
    requested: '要求交期',
    eta: '预计到仓',
    sku: 'SKU',
    name: '品名',
    quantity: '数量',
    cartons: '箱数',
    unitCost: '单价',
    amount: '金额',
    requestedDate: '要求交期',
    total: '合计',
    modes: { sea: '海运', air: '空运', express: '快递' },
    note: '请按箱规装箱，每箱标明 SKU 与数量。',
  },
  en: {
    title: 'Purchase order',
    number: 'PO number',
    date: 'Order date',
    supplier: 'Supplier',
    shipTo: 'Ship to warehouse',
    mode: 'Transit mode',
    requested: 'Requested ship date',
    eta: 'Expected at warehouse',
    sku: 'SKU',
    name: 'Product name',
    quantity: 'Quantity',
    cartons: 'Cartons',
    unitCost: 'Unit cost',
    amount: 'Amount',
    requestedDate: 'Requested date',
    total: 'Total',
    modes: { sea: 'Sea', air: 'Air', express: 'Express' },
    note: 'Pack by the case pack; mark each carton with its SKU and quantity.',
  },
  'es-MX': {
    title: 'Orden de compra',
    number: 'Número de orden de compra',
    date: 'Fecha de la orden',
    supplier: 'Proveedor',
    shipTo: 'Almacén de destino',
    mode: 'Modo de transporte',
    requested: 'Fecha de envío requerida',
    eta: 'Llegada estimada al almacén',
    sku: 'SKU',
    name: 'Nombre del producto',
    quantity: 'Cantidad',
    cartons: 'Cajas',
    unitCost: 'Costo unitario',
    amount: 'Importe',
    requestedDate: 'Fecha requerida',
    total: 'Total',
    modes: { sea: 'Marítimo', air: 'Aéreo', express: 'Exprés' },
    note: 'Empaca según las unidades por caja; marca cada caja con su SKU y cantidad.',
  },
};

export function wordsFor(language: string | null | undefined): PurchaseOrderWords {
  return purchaseOrderWords[(language ?? 'zh-CN') as SupplierLanguage] ?? purchaseOrderWords['zh-CN'];
}
