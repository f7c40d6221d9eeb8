/**
 * The columns of a bulk-ship file and the names each is accepted under: Puente's own, the headers of
 * TikTok Shop's batch-shipping template (Order ID, Tracking ID, Shipping Provider Name), and those of
 * the Chinese ERPs' shipment exports (订单号, 物流商/承运商, 运单号/跟踪号), in English, Chinese and Spanish.
 */
export const shipColumns = {
  external_id: [
    'external id',
    'order id',
    'order',
    'order number',
    'order no',
    '订单号',
    '订单编号',
    '平台订单号',
    '订单id',
    'pedido',
    'id del pedido',
    'numero de pedido',
  ],
  storefront: ['storefront', 'shop', 'store', 'shop name', '店铺', '店铺名称', 'tienda'],
  carrier: [
    'carrier',
    'shipping provider',
    'shipping provider name',
    'logistics provider',
    'courier',
    '物流商',
    '承运商',
    '物流公司',
    '快递公司',
    '物流渠道',
    'paqueteria',
    'transportista',
  ],
  tracking: [
    'tracking',
    'tracking id',
    'tracking number',
    'tracking no',
    'waybill',
    'waybill number',
    '运单号',
    '跟踪号',
    '物流单号',
    '快递单号',
    '追踪号',
    'guia',
    'numero de guia',
    'numero de rastreo',
  ],
} as const;

export type ShipColumn = keyof typeof shipColumns;
export const requiredShipColumns: ShipColumn[] = ['external_id', 'carrier', 'tracking'];
