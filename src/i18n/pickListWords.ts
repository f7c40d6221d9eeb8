import type { Lang } from './messages.ts';

/** The pick list's CSV in the user's language: the same words as the dashboard's printed list. */
export const pickListWords: Record<
  Lang,
  { warehouse: string; sku: string; title: string; total: string; orders: string; fileName: string }
> = {
  en: {
    warehouse: 'Warehouse',
    sku: 'SKU',
    title: 'Title',
    total: 'Total quantity',
    orders: 'Orders (quantity)',
    fileName: 'pick-list',
  },
  zh: {
    warehouse: '仓库',
    sku: 'SKU',
    title: '标题',
    total: '总数量',
    orders: '订单（数量）',
    fileName: '拣货单',
  },
  es: {
    warehouse: 'Almacén',
    sku: 'SKU',
    title: 'Título',
    total: 'Cantidad total',
    orders: 'Pedidos (cantidad)',
    fileName: 'lista-de-surtido',
  },
};
