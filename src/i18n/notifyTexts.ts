import type { Lang } from './messages.ts';

/**
 * The words of alert notifications (Feishu cards, WeCom and Slack messages, e-mails), in zh-CN, en
 * and es-MX. Terms follow src/i18n/glossary.json: 预警/alerta, 超卖/sobreventa, 订单/pedido,
 * 店铺/tienda, 仓库/almacén, 延迟发货/envío tardío, 等待到货/en espera de inventario, 可用/disponible,
 * 确认/atender, 通知渠道/canal de notificación.
 */

type Params = Record<string, string | number>;
type Text = Record<Lang, (p: Params) => string>;

const kindTitles = {
  oversell: { en: () => 'Oversell', zh: () => '超卖', es: () => 'Sobreventa' },
  low_stock: { en: () => 'Low stock', zh: () => '低库存', es: () => 'Inventario bajo' },
  ship_by_at_risk: {
    en: () => 'Ship-by at risk',
    zh: () => '临近发货截止',
    es: () => 'Fecha de envío en riesgo',
  },
  ship_by_late: { en: () => 'Late dispatch', zh: () => '延迟发货', es: () => 'Envío tardío' },
  listing_not_compliant: {
    en: () => 'Listing not compliant',
    zh: () => '商品不合规',
    es: () => 'Publicación no conforme',
  },
  sync_failure: { en: () => 'Sync failure', zh: () => '同步失败', es: () => 'Error de sincronización' },
} satisfies Record<string, Text>;

const severityNames = {
  critical: { en: () => 'Critical', zh: () => '紧急', es: () => 'Crítica' },
  warning: { en: () => 'Warning', zh: () => '警示', es: () => 'Advertencia' },
  info: { en: () => 'Info', zh: () => '提示', es: () => 'Aviso' },
} satisfies Record<string, Text>;

/** What the message says first, by why it is sent. */
const reasonLines = {
  raised: { en: () => 'New alert', zh: () => '新预警', es: () => 'Nueva alerta' },
  worsened: { en: () => 'The alert got worse', zh: () => '预警加重', es: () => 'La alerta empeoró' },
  escalated: {
    en: (p) => `Nobody acknowledged it in ${p.minutes} min: escalated`,
    zh: (p) => `${p.minutes} 分钟内无人确认，已升级`,
    es: (p) => `Nadie la atendió en ${p.minutes} min: escalada`,
  },
  resolved: { en: () => 'Resolved', zh: () => '已解决', es: () => 'Resuelta' },
} satisfies Record<string, Text>;

/** One sentence per alert kind, from the alert's figures. */
const summaries = {
  oversell: {
    en: (p) =>
      `${p.sku} on ${p.storefront}: ${p.orders} ${p.orders === 1 ? 'order waits' : 'orders wait'} for stock, ${p.units} ${p.units === 1 ? 'unit' : 'units'} short`,
    zh: (p) => `${p.sku} 在店铺 ${p.storefront} 超卖：${p.orders} 个订单等待到货，缺 ${p.units} 件`,
    es: (p) =>
      `${p.sku} en la tienda ${p.storefront}: ${p.orders} ${p.orders === 1 ? 'pedido' : 'pedidos'} en espera de inventario, faltan ${p.units} ${p.units === 1 ? 'unidad' : 'unidades'}`,
  },
  ship_by_late: {
    en: (p) => `Order ${p.order} (${p.storefront}) is late: it had to leave ${p.warehouse} by ${p.due}`,
    zh: (p) => `订单 ${p.order}（${p.storefront}）延迟发货：应于 ${p.due} 前从仓库 ${p.warehouse} 发货`,
    es: (p) =>
      `Envío tardío del pedido ${p.order} (${p.storefront}): debía salir de ${p.warehouse} antes de ${p.due}`,
  },
  ship_by_at_risk: {
    en: (p) => `Order ${p.order} (${p.storefront}) must leave ${p.warehouse} by ${p.due}`,
    zh: (p) => `订单 ${p.order}（${p.storefront}）须于 ${p.due} 前从仓库 ${p.warehouse} 发货`,
    es: (p) => `El pedido ${p.order} (${p.storefront}) debe salir de ${p.warehouse} antes de ${p.due}`,
  },
  low_stock: {
    en: (p) => `${p.sku} in ${p.warehouse}: ${p.available} available, ${p.days} days of cover`,
    zh: (p) => `${p.sku} 在仓库 ${p.warehouse}：可用 ${p.available} 件，可售 ${p.days} 天`,
    es: (p) =>
      `${p.sku} en el almacén ${p.warehouse}: ${p.available} disponibles, ${p.days} días de cobertura`,
  },
} satisfies Record<string, Text>;

const labels = {
  severity: { en: () => 'Severity', zh: () => '级别', es: () => 'Nivel' },
  sku: { en: () => 'SKU', zh: () => 'SKU', es: () => 'SKU' },
  storefront: { en: () => 'Storefront', zh: () => '店铺', es: () => 'Tienda' },
  warehouse: { en: () => 'Warehouse', zh: () => '仓库', es: () => 'Almacén' },
  orders: {
    en: () => 'Orders awaiting stock',
    zh: () => '等待到货的订单',
    es: () => 'Pedidos en espera de inventario',
  },
  units: { en: () => 'Units short', zh: () => '缺货件数', es: () => 'Unidades faltantes' },
  order: { en: () => 'Order', zh: () => '订单', es: () => 'Pedido' },
  due: { en: () => 'Must leave by', zh: () => '发货截止时间', es: () => 'Fecha límite de envío' },
  available: { en: () => 'Available', zh: () => '可用', es: () => 'Disponible' },
  days: { en: () => 'Days of cover', zh: () => '可售天数', es: () => 'Días de cobertura' },
  open: { en: () => 'Open in Puente', zh: () => '在 Puente 中打开', es: () => 'Abrir en Puente' },
  acknowledge: {
    en: () => 'Acknowledge it in Puente so that it is not escalated.',
    zh: () => '请在 Puente 中确认该预警，以免升级。',
    es: () => 'Atiéndela en Puente para que no se escale.',
  },
  batch: {
    en: (p) => `${p.n} alerts from Puente`,
    zh: (p) => `Puente 的 ${p.n} 条预警`,
    es: (p) => `${p.n} alertas de Puente`,
  },
  batchWhy: {
    en: () => 'Sent together: this channel takes about 20 messages a minute.',
    zh: () => '合并发送：该通知渠道每分钟约可接收 20 条消息。',
    es: () => 'Enviadas juntas: este canal de notificación acepta unos 20 mensajes por minuto.',
  },
  footer: {
    en: (p) => `Sent by Puente to the notification channel “${p.channel}”.`,
    zh: (p) => `由 Puente 发送至通知渠道「${p.channel}」。`,
    es: (p) => `Enviado por Puente al canal de notificación «${p.channel}».`,
  },
  testTitle: {
    en: () => 'Test message from Puente',
    zh: () => 'Puente 测试消息',
    es: () => 'Mensaje de prueba de Puente',
  },
  testBody: {
    en: (p) => `The notification channel “${p.channel}” works: alerts will arrive here.`,
    zh: (p) => `通知渠道「${p.channel}」可用：预警将发送到这里。`,
    es: (p) => `El canal de notificación «${p.channel}» funciona: las alertas llegarán aquí.`,
  },
} satisfies Record<string, Text>;

/** What `puente notify …` prints. */
const cli = {
  testSent: {
    en: (p) => `test message sent to ${p.channel}`,
    zh: (p) => `测试消息已发送至 ${p.channel}`,
    es: (p) => `mensaje de prueba enviado a ${p.channel}`,
  },
  testNotSent: {
    en: (p) => `the test message did not arrive at ${p.channel}: ${p.error}`,
    zh: (p) => `测试消息未送达 ${p.channel}：${p.error}`,
    es: (p) => `el mensaje de prueba no llegó a ${p.channel}: ${p.error}`,
  },
  channelRemoved: {
    en: (p) => `notification channel ${p.id} removed`,
    zh: (p) => `已删除通知渠道 ${p.id}`,
    es: (p) => `canal de notificación ${p.id} eliminado`,
  },
  routeRemoved: {
    en: (p) => `notification route ${p.id} removed`,
    zh: (p) => `已删除通知规则 ${p.id}`,
    es: (p) => `regla de notificación ${p.id} eliminada`,
  },
  sendSummary: {
    en: (p) =>
      `${p.sent} deliveries sent in ${p.messages} messages; ${p.retrying} to retry, ${p.failed} failed, ${p.postponed} postponed`,
    zh: (p) =>
      `已发送 ${p.sent} 条通知（${p.messages} 条消息）；待重试 ${p.retrying}，失败 ${p.failed}，延后 ${p.postponed}`,
    es: (p) =>
      `${p.sent} notificaciones enviadas en ${p.messages} mensajes; ${p.retrying} por reintentar, ${p.failed} fallidas, ${p.postponed} pospuestas`,
  },
} satisfies Record<string, Text>;

export const notifyTables = { kindTitles, severityNames, reasonLines, summaries, labels, cli };

type TableName = keyof typeof notifyTables;

/** A notification word in a language; a key the table lacks reads as null. */
export function notifyText(table: TableName, key: string, lang: Lang, params: Params = {}): string | null {
  const entry = (notifyTables[table] as Record<string, Text>)[key];
  return entry ? entry[lang](params) : null;
}

/** The channel's language setting (zh-CN, en, es-MX) as the text tables' key. */
export const langOfLocale = (locale: string): Lang =>
  locale.startsWith('zh') ? 'zh' : locale.startsWith('es') ? 'es' : 'en';
