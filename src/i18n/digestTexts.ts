import type { Lang } from './messages.ts';

/**
 * The morning digest's words, in zh-CN, en and es-MX (issue 12, part 4). Terms follow
 * src/i18n/glossary.json and the dashboard's Overview: 今日待发 / por enviar hoy, 临近超时 / en
 * riesgo, 已超时 / atrasados, 等待到货 / en espera de inventario, 延迟发货率 / tasa de envío tardío,
 * 低库存 / inventario bajo, 可售天数 / días de cobertura, 揽收 / recolección, 同步失败 / error de
 * sincronización, 早报 / resumen matutino.
 */
type Params = Record<string, string | number>;
type Text = Record<Lang, (p: Params) => string>;

const plural = (n: string | number | undefined, one: string, many: string) => (Number(n) === 1 ? one : many);

const texts = {
  title: {
    en: (p) => `${p.warehouse} morning digest · ${p.date}`,
    zh: (p) => `${p.warehouse} 仓库早报 · ${p.date}`,
    es: (p) => `Resumen matutino de ${p.warehouse} · ${p.date}`,
  },
  zone: {
    en: (p) => `Times in the warehouse's zone: ${p.zone} (${p.abbr}).`,
    zh: (p) => `时间均按仓库所在时区：${p.zone}（${p.abbr}）。`,
    es: (p) => `Horas en la zona del almacén: ${p.zone} (${p.abbr}).`,
  },
  open_link: {
    en: () => 'Open in Puente',
    zh: () => '在 Puente 中查看',
    es: () => 'Abrir en Puente',
  },
  more_orders: {
    en: (p) => `…and ${p.n} more ${plural(p.n, 'order', 'orders')}`,
    zh: (p) => `……另有 ${p.n} 单`,
    es: (p) => `…y ${p.n} ${plural(p.n, 'pedido', 'pedidos')} más`,
  },
  more_skus: {
    en: (p) => `…and ${p.n} more SKU(s)`,
    zh: (p) => `……另有 ${p.n} 个 SKU`,
    es: (p) => `…y ${p.n} SKU más`,
  },
  more_failures: {
    en: (p) => `…and ${p.n} more`,
    zh: (p) => `……另有 ${p.n} 次`,
    es: (p) => `…y ${p.n} más`,
  },

  ship_today_title: { en: () => 'To ship today', zh: () => '今日待发', es: () => 'Por enviar hoy' },
  ship_today: {
    en: (p) => `${p.n} ${plural(p.n, 'order', 'orders')} to ship by the next pickup, ${p.time}`,
    zh: (p) => `${p.n} 单须在下次揽收（${p.time}）前发出`,
    es: (p) =>
      `${p.n} ${plural(p.n, 'pedido', 'pedidos')} por enviar antes de la próxima recolección, ${p.time}`,
  },
  ship_today_none: {
    en: (p) => `Nothing to ship by the next pickup, ${p.time}.`,
    zh: (p) => `下次揽收（${p.time}）前没有须发出的订单。`,
    es: (p) => `Nada por enviar antes de la próxima recolección, ${p.time}.`,
  },

  deadlines_title: {
    en: () => 'Late and at risk',
    zh: () => '已超时与临近超时',
    es: () => 'Atrasados y en riesgo',
  },
  deadlines: {
    en: (p) => `${p.late} late, ${p.atRisk} at risk (operational deadline within ${p.hours} h)`,
    zh: (p) => `已超时 ${p.late} 单，临近超时 ${p.atRisk} 单（${p.hours} 小时内到达运营截止）`,
    es: (p) =>
      `${p.late} ${plural(p.late, 'atrasado', 'atrasados')}, ${p.atRisk} en riesgo (límite operativo en menos de ${p.hours} h)`,
  },
  deadlines_none: {
    en: () => 'No order is late or at risk.',
    zh: () => '没有已超时或临近超时的订单。',
    es: () => 'Ningún pedido está atrasado ni en riesgo.',
  },

  waiting_title: {
    en: () => 'Awaiting stock',
    zh: () => '等待到货',
    es: () => 'En espera de inventario',
  },
  waiting: {
    en: (p) =>
      `${p.orders} ${plural(p.orders, 'order', 'orders')} awaiting stock (${p.units} units)${Number(p.late) ? `; ${p.late} past the platform deadline` : ''}`,
    zh: (p) =>
      `${p.orders} 单等待到货（共 ${p.units} 件）${Number(p.late) ? `；其中 ${p.late} 单已超平台截止` : ''}`,
    es: (p) =>
      `${p.orders} ${plural(p.orders, 'pedido', 'pedidos')} en espera de inventario (${p.units} unidades)${Number(p.late) ? `; ${p.late} pasaron el límite de la plataforma` : ''}`,
  },
  waiting_none: {
    en: () => 'No order is waiting for stock.',
    zh: () => '没有等待到货的订单。',
    es: () => 'Ningún pedido espera inventario.',
  },
  short_of: {
    en: (p) => `short ${p.sku} ×${p.wanted} (${p.available} available)`,
    zh: (p) => `缺 ${p.sku} ×${p.wanted}（可用 ${p.available}）`,
    es: (p) =>
      `falta ${p.sku} ×${p.wanted} (${p.available} ${plural(p.available, 'disponible', 'disponibles')})`,
  },

  rate_title: {
    en: () => 'Late-dispatch rate',
    zh: () => '延迟发货率',
    es: () => 'Tasa de envío tardío',
  },
  rate_lines: {
    en: (p) => `Keep it under ${p.warning}; over ${p.limit} the platform restricts the shop.`,
    zh: (p) => `请保持在 ${p.warning} 以下；超过 ${p.limit} 时，平台将限制店铺。`,
    es: (p) =>
      `Mantenla por debajo de ${p.warning}; por encima de ${p.limit}, la plataforma restringe la tienda.`,
  },
  rate: {
    en: (p) => `Last ${p.days} days: ${p.rate} (${p.late} late of ${p.due})`,
    zh: (p) => `近 ${p.days} 天：${p.rate}（${p.due} 单中延迟 ${p.late} 单）`,
    es: (p) => `Últimos ${p.days} días: ${p.rate} (${p.late} de ${p.due} con retraso)`,
  },
  rate_none: {
    en: (p) => `Last ${p.days} days: no order was due`,
    zh: (p) => `近 ${p.days} 天：没有到期的订单`,
    es: (p) => `Últimos ${p.days} días: ningún pedido vencía`,
  },
  rate_level_ok: {
    en: (p) => `under the ${p.warning} warning line`,
    zh: (p) => `低于 ${p.warning} 预警线`,
    es: (p) => `por debajo del aviso de ${p.warning}`,
  },
  rate_level_warning: {
    en: (p) => `over the ${p.warning} warning line`,
    zh: (p) => `已超过 ${p.warning} 预警线`,
    es: (p) => `por encima del aviso de ${p.warning}`,
  },
  rate_level_penalty: {
    en: (p) => `over the ${p.limit} limit`,
    zh: (p) => `已超过 ${p.limit} 上限`,
    es: (p) => `por encima del límite de ${p.limit}`,
  },
  rate_empty: {
    en: () => 'No order of this warehouse was due in the last 30 days.',
    zh: () => '近 30 天该仓库没有到期的订单。',
    es: () => 'Ningún pedido de este almacén vencía en los últimos 30 días.',
  },

  low_title: { en: () => 'Low stock', zh: () => '低库存', es: () => 'Inventario bajo' },
  low: {
    en: (p) => `${p.n} SKU(s) with fewer days of cover than their lead time`,
    zh: (p) => `${p.n} 个 SKU 的可售天数低于补货周期`,
    es: (p) => `${p.n} SKU con menos días de cobertura que su tiempo de reposición`,
  },
  low_none: {
    en: () => 'No SKU is running low.',
    zh: () => '没有库存不足的 SKU。',
    es: () => 'Ningún SKU se está agotando.',
  },
  low_item: {
    en: (p) =>
      `${p.sku} ${p.title}: ${p.available} available, ${p.days} days of cover (lead time ${p.lead} days)${Number(p.inbound) ? `, ${p.inbound} inbound` : ''}`,
    zh: (p) =>
      `${p.sku} ${p.title}：可用 ${p.available}，可售 ${p.days} 天（补货周期 ${p.lead} 天）${Number(p.inbound) ? `，在途 ${p.inbound}` : ''}`,
    es: (p) =>
      `${p.sku} ${p.title}: ${p.available} ${plural(p.available, 'disponible', 'disponibles')}, ${p.days} días de cobertura (reposición en ${p.lead} días)${Number(p.inbound) ? `, ${p.inbound} en camino` : ''}`,
  },

  sync_title: {
    en: () => 'Sync failures, last 24 hours',
    zh: () => '近 24 小时同步失败',
    es: () => 'Errores de sincronización, últimas 24 horas',
  },
  sync: {
    en: (p) => `${p.n} sync ${plural(p.n, 'failure', 'failures')} since ${p.time}`,
    zh: (p) => `自 ${p.time} 起共 ${p.n} 次同步失败`,
    es: (p) => `${p.n} ${plural(p.n, 'error', 'errores')} de sincronización desde ${p.time}`,
  },
  sync_none: {
    en: (p) => `No sync failure since ${p.time}.`,
    zh: (p) => `自 ${p.time} 起没有同步失败。`,
    es: (p) => `Ningún error de sincronización desde ${p.time}.`,
  },
  sync_outbox: {
    en: (p) =>
      `${p.storefront}: ${p.figures} stock figure(s) TikTok Shop has not taken, ${p.tracking} tracking number(s) refused`,
    zh: (p) => `${p.storefront}：${p.figures} 条库存未被 TikTok Shop 接受，${p.tracking} 个运单号被拒`,
    es: (p) =>
      `${p.storefront}: ${p.figures} cifra(s) de inventario que TikTok Shop no ha aceptado, ${p.tracking} número(s) de guía rechazados`,
  },
} satisfies Record<string, Text>;

/** Where a connector failure came from, as a person names it. */
const syncSources = {
  stock: { en: 'stock update refused', zh: '库存推送被拒', es: 'actualización de inventario rechazada' },
  tracking: { en: 'tracking number refused', zh: '运单号回传被拒', es: 'número de guía rechazado' },
  unknown_sku: {
    en: 'order names an unknown SKU',
    zh: '订单含未知 SKU',
    es: 'pedido con un SKU desconocido',
  },
  drift: {
    en: 'stock differed from TikTok Shop',
    zh: '与 TikTok Shop 库存不一致',
    es: 'inventario distinto al de TikTok Shop',
  },
  other: { en: 'sync failure', zh: '同步失败', es: 'error de sincronización' },
} satisfies Record<string, Record<Lang, string>>;

/** An order's standing, as the board's badges say it. */
const orderStates = {
  on_time: { en: 'on time', zh: '按时', es: 'a tiempo' },
  at_risk: { en: 'at risk', zh: '临近超时', es: 'en riesgo' },
  late: { en: 'late', zh: '已超时', es: 'atrasado' },
  awaiting_stock: { en: 'awaiting stock', zh: '等待到货', es: 'en espera de inventario' },
} satisfies Record<string, Record<Lang, string>>;

const deadlineKinds = {
  operational: { en: 'operational deadline', zh: '运营截止', es: 'límite operativo' },
  platform: { en: 'platform deadline', zh: '平台截止', es: 'límite de la plataforma' },
} satisfies Record<string, Record<Lang, string>>;

const alertStates = {
  open: { en: 'open', zh: '待处理', es: 'abierta' },
  acknowledged: { en: 'acknowledged', zh: '已确认', es: 'en atención' },
  resolved: { en: 'resolved', zh: '已解决', es: 'resuelta' },
} satisfies Record<string, Record<Lang, string>>;

export type DigestTextKey = keyof typeof texts;

export function digestText(key: DigestTextKey, lang: Lang, params: Params = {}): string {
  return texts[key][lang](params);
}

export const digestWords = { syncSources, orderStates, deadlineKinds, alertStates };

/** For src/i18n/glossary.test.ts: every word here, in the three languages. */
export const digestTables = { texts, ...digestWords };
