import type { ReadinessItem, ReadinessItemId, ReadinessStatus } from '../domain/readiness/readinessPlan.ts';
import type { Lang } from './messages.ts';

/**
 * The words of the launch readiness plan [P18–P19] in zh-CN, en and es-MX: item names, statuses
 * and each detail. The command line prints them and the API returns the detail in the language
 * asked. Terms follow glossary.json (主力款 core SKU, 定邀 invitation, 资质 document, 客户经理
 * account manager, 延迟发货 late dispatch, 店铺 storefront).
 */

type Params = Record<string, string | number>;
type Text = Record<Lang, (p: Params) => string>;

export const readinessItemNames: Record<ReadinessItemId, Record<Lang, string>> = {
  merchant_eligible: { en: 'Merchant eligible', zh: '商家资格', es: 'Vendedor elegible' },
  catalog_checked: { en: 'Catalog checked', zh: '商品目录已检查', es: 'Catálogo revisado' },
  bestsellers_selected: {
    en: 'Open-category bestsellers selected',
    zh: '已选开放类目热销款',
    es: 'Más vendidos de categorías abiertas elegidos',
  },
  core_stock_cover: {
    en: 'Core SKUs stocked in a US warehouse',
    zh: '主力款已在美国仓备货',
    es: 'SKU principales con inventario en un almacén de EE. UU.',
  },
  invitation_documents: {
    en: 'Invitation category documents',
    zh: '定邀类目资质',
    es: 'Documentos para categorías por invitación',
  },
  invitation_applications: {
    en: 'Invitation categories applied for',
    zh: '已申请定邀类目',
    es: 'Categorías por invitación solicitadas',
  },
  storefronts_connected: { en: 'Storefronts connected', zh: '店铺已连接', es: 'Tiendas conectadas' },
  dispatch_rate: {
    en: 'Late dispatch under 4% (7 days)',
    zh: '近 7 天延迟发货率低于 4%',
    es: 'Envío tardío por debajo del 4 % (7 días)',
  },
  notification_channels: {
    en: 'Notification channels set',
    zh: '已设置通知渠道',
    es: 'Canales de aviso configurados',
  },
};

export const readinessStatusNames: Record<ReadinessStatus, Record<Lang, string>> = {
  done: { en: 'done', zh: '已完成', es: 'listo' },
  missing: { en: 'missing', zh: '缺少', es: 'falta' },
  at_risk: { en: 'at risk', zh: '有风险', es: 'en riesgo' },
};

const merchantTypeNames: Record<string, Record<Lang, string>> = {
  us_local: { en: 'US local merchant', zh: '美国本土商家', es: 'Vendedor local de EE. UU.' },
  cn_cross_border: {
    en: 'Chinese cross-border merchant',
    zh: '中国跨境商家',
    es: 'Vendedor transfronterizo chino',
  },
  unknown: { en: 'Merchant', zh: '商家', es: 'Vendedor' },
};

/** [P19] what a playbook starts with, from its category prefixes (playbook.ts). */
function starterName(starter: string | number | undefined, lang: Lang): string {
  if (!starter)
    return {
      en: 'open-category bestsellers',
      zh: '开放类目热销款',
      es: 'los más vendidos de categorías abiertas',
    }[lang];
  return {
    en: '3C electronics and pet products',
    zh: '3C 数码和宠物用品',
    es: 'electrónica 3C y productos para mascotas',
  }[lang];
}

const type = (p: Params, lang: Lang) =>
  (merchantTypeNames[String(p.type)] ?? merchantTypeNames.unknown)?.[lang];

const detailTexts = {
  merchant_profile_missing: {
    en: () =>
      'No merchant profile: set the registered country and Shop Performance Score (puente merchant set)',
    zh: () => '尚未填写商家信息：请设置注册国家和店铺绩效分（puente merchant set）',
    es: () =>
      'Falta el perfil del vendedor: indica el país de registro y la puntuación de desempeño de la tienda (puente merchant set)',
  },
  merchant_eligible: {
    en: (p) => `${type(p, 'en')}: eligible (SPS ${p.sps ?? '—'}, minimum ${p.minSps ?? '—'})`,
    zh: (p) => `${type(p, 'zh')}：符合资格（SPS ${p.sps ?? '—'}，最低 ${p.minSps ?? '—'}）`,
    es: (p) => `${type(p, 'es')}: elegible (SPS ${p.sps ?? '—'}, mínimo ${p.minSps ?? '—'})`,
  },
  merchant_sps_missing: {
    en: (p) => `${type(p, 'en')}: no Shop Performance Score yet; the program asks for ${p.minSps} or more`,
    zh: (p) => `${type(p, 'zh')}：还没有店铺绩效分；项目要求不低于 ${p.minSps}`,
    es: (p) =>
      `${type(p, 'es')}: aún no tiene puntuación de desempeño de la tienda; el programa pide ${p.minSps} o más`,
  },
  merchant_sps_below: {
    en: (p) => `${type(p, 'en')}: SPS ${p.sps} is below the minimum ${p.minSps}`,
    zh: (p) => `${type(p, 'zh')}：SPS ${p.sps} 低于最低要求 ${p.minSps}`,
    es: (p) => `${type(p, 'es')}: SPS ${p.sps} está por debajo del mínimo ${p.minSps}`,
  },
  merchant_country: {
    en: (p) => `Registered in ${p.country}: the program takes merchants registered in ${p.countries}`,
    zh: (p) => `注册地 ${p.country}：项目只接受注册在 ${p.countries} 的商家`,
    es: (p) => `Registrado en ${p.country}: el programa acepta vendedores registrados en ${p.countries}`,
  },
  catalog_empty: {
    en: () => 'No SKUs yet: import the catalog and check it (puente check)',
    zh: () => '还没有 SKU：请导入商品目录并检查（puente check）',
    es: () => 'Aún no hay SKU: importa el catálogo y revísalo (puente check)',
  },
  catalog_unchecked: {
    en: (p) => `${p.unchecked} of ${p.total} SKUs have no verdict yet`,
    zh: (p) => `${p.total} 个 SKU 中有 ${p.unchecked} 个还没有结论`,
    es: (p) => `${p.unchecked} de ${p.total} SKU aún no tienen resultado`,
  },
  catalog_none_allowed: {
    en: (p) => `${p.total} SKUs checked, none allowed`,
    zh: (p) => `已检查 ${p.total} 个 SKU，没有可售的`,
    es: (p) => `${p.total} SKU revisados, ninguno permitido`,
  },
  catalog_checked: {
    en: (p) =>
      `${p.total} SKUs checked: ${p.allowed} allowed (${p.share}%), ${p.invitation} need invitation, ${p.blocked} blocked`,
    zh: (p) =>
      `已检查 ${p.total} 个 SKU：${p.allowed} 个可售（${p.share}%），${p.invitation} 个需定邀，${p.blocked} 个不可售`,
    es: (p) =>
      `${p.total} SKU revisados: ${p.allowed} permitidos (${p.share} %), ${p.invitation} requieren invitación, ${p.blocked} bloqueados`,
  },
  bestsellers_none: {
    en: (p) =>
      `No open-category SKU sold in the last 30 days with stock in a US warehouse; start with ${starterName(p.starter, 'en')}`,
    zh: (p) => `近 30 天没有在美国仓有货且有销量的开放类目 SKU；请从${starterName(p.starter, 'zh')}开始`,
    es: (p) =>
      `Ningún SKU de categoría abierta con inventario en un almacén de EE. UU. se vendió en los últimos 30 días; empieza con ${starterName(p.starter, 'es')}`,
  },
  bestsellers_off_playbook: {
    en: (p) =>
      `${p.count} open-category bestsellers (${p.top}), none in ${starterName(p.starter, 'en')}, which this merchant starts with`,
    zh: (p) =>
      `${p.count} 个开放类目热销款（${p.top}），但没有一个属于该商家应先做的${starterName(p.starter, 'zh')}`,
    es: (p) =>
      `${p.count} más vendidos de categorías abiertas (${p.top}), ninguno de ${starterName(p.starter, 'es')}, con los que empieza este vendedor`,
  },
  bestsellers_selected: {
    en: (p) => `${p.count} open-category bestsellers with US stock, top: ${p.top} (units in 30 days)`,
    zh: (p) => `${p.count} 个美国仓有货的开放类目热销款，前几名：${p.top}（30 天销量）`,
    es: (p) =>
      `${p.count} más vendidos de categorías abiertas con inventario en EE. UU.; los primeros: ${p.top} (unidades en 30 días)`,
  },
  core_none: {
    en: () => 'No core SKU yet: no SKU is allowed in the program',
    zh: () => '还没有主力款：没有可售的 SKU',
    es: () => 'Aún no hay SKU principales: ningún SKU está permitido en el programa',
  },
  core_covered: {
    en: (p) => `All ${p.count} core SKUs have ${p.days}+ days of cover in a US warehouse`,
    zh: (p) => `全部 ${p.count} 个主力款在美国仓的可售天数都不少于 ${p.days} 天`,
    es: (p) =>
      `Los ${p.count} SKU principales tienen ${p.days} días de cobertura o más en un almacén de EE. UU.`,
  },
  core_short: {
    en: (p) =>
      `${p.short} of ${p.count} core SKUs have under ${p.days} days of cover in a US warehouse (days: ${p.examples}); a restock ordered today arrives ${p.arrives} (${p.lead}-day lead time)`,
    zh: (p) =>
      `${p.count} 个主力款中有 ${p.short} 个在美国仓的可售天数不足 ${p.days} 天（天数：${p.examples}）；今天补货，${p.arrives} 到货（补货周期 ${p.lead} 天）`,
    es: (p) =>
      `${p.short} de ${p.count} SKU principales tienen menos de ${p.days} días de cobertura en un almacén de EE. UU. (días: ${p.examples}); un reabastecimiento pedido hoy llega el ${p.arrives} (${p.lead} días de reposición)`,
  },
  core_short_late: {
    en: (p) =>
      `${p.short} of ${p.count} core SKUs have under ${p.days} days of cover in a US warehouse (days: ${p.examples}); a restock ordered today arrives ${p.arrives}, after the due date (${p.lead}-day lead time)`,
    zh: (p) =>
      `${p.count} 个主力款中有 ${p.short} 个在美国仓的可售天数不足 ${p.days} 天（天数：${p.examples}）；今天补货也要 ${p.arrives} 才到，晚于截止日期（补货周期 ${p.lead} 天）`,
    es: (p) =>
      `${p.short} de ${p.count} SKU principales tienen menos de ${p.days} días de cobertura en un almacén de EE. UU. (días: ${p.examples}); un reabastecimiento pedido hoy llega el ${p.arrives}, después de la fecha límite (${p.lead} días de reposición)`,
  },
  documents_none_needed: {
    en: () => 'No SKU is in an invitation category that needs documents',
    zh: () => '没有 SKU 属于需要资质的定邀类目',
    es: () => 'Ningún SKU está en una categoría por invitación que pida documentos',
  },
  documents_missing: {
    en: (p) => `Missing documents (category: document): ${p.documents}`,
    zh: (p) => `缺少资质（类目：资质）：${p.documents}`,
    es: (p) => `Faltan documentos (categoría: documento): ${p.documents}`,
  },
  documents_expiring: {
    en: (p) => `Documents expire before ${p.until} (${p.margin} days after launch): ${p.documents}`,
    zh: (p) => `以下资质在 ${p.until}（上线后 ${p.margin} 天）之前到期：${p.documents}`,
    es: (p) =>
      `Documentos que vencen antes del ${p.until} (${p.margin} días después del lanzamiento): ${p.documents}`,
  },
  documents_held: {
    en: (p) => `All ${p.count} documents held and valid past launch`,
    zh: (p) => `全部 ${p.count} 份资质齐全，上线后仍有效`,
    es: (p) => `Los ${p.count} documentos están completos y vigentes después del lanzamiento`,
  },
  applications_none_needed: {
    en: () => 'No SKU is in an invitation category',
    zh: () => '没有 SKU 属于定邀类目',
    es: () => 'Ningún SKU está en una categoría por invitación',
  },
  applications_missing: {
    en: (p) => `Not yet applied for through the account manager (SKUs): ${p.categories}`,
    zh: (p) => `尚未通过客户经理申请（SKU 数）：${p.categories}`,
    es: (p) => `Aún no solicitadas con el ejecutivo de cuenta (SKU): ${p.categories}`,
  },
  applications_declined: {
    en: (p) => `Declined by the account manager: ${p.categories}`,
    zh: (p) => `客户经理未通过：${p.categories}`,
    es: (p) => `Rechazadas por el ejecutivo de cuenta: ${p.categories}`,
  },
  applications_made: {
    en: (p) => `${p.approved} approved, ${p.applied} waiting for the account manager`,
    zh: (p) => `${p.approved} 个已通过，${p.applied} 个等待客户经理审核`,
    es: (p) => `${p.approved} aprobadas, ${p.applied} en espera del ejecutivo de cuenta`,
  },
  storefronts_none: {
    en: () => 'No storefront yet (puente storefront add)',
    zh: () => '还没有店铺（puente storefront add）',
    es: () => 'Aún no hay tiendas (puente storefront add)',
  },
  storefronts_unconnected: {
    en: (p) => `Not connected to TikTok Shop: ${p.codes} (puente tiktok connect)`,
    zh: (p) => `未连接 TikTok Shop：${p.codes}（puente tiktok connect）`,
    es: (p) => `Sin conectar a TikTok Shop: ${p.codes} (puente tiktok connect)`,
  },
  storefronts_no_mx: {
    en: () => 'No storefront sells in Mexico yet',
    zh: () => '还没有面向墨西哥的店铺',
    es: () => 'Aún no hay una tienda que venda en México',
  },
  storefronts_connected: {
    en: (p) => `Connected: ${p.codes}`,
    zh: (p) => `已连接：${p.codes}`,
    es: (p) => `Conectadas: ${p.codes}`,
  },
  dispatch_no_orders: {
    en: () => 'No order was due in the last 7 days: the late dispatch rate cannot be measured yet',
    zh: () => '近 7 天没有到期的订单：暂时无法计算延迟发货率',
    es: () => 'Ningún pedido venció en los últimos 7 días: aún no se puede medir el envío tardío',
  },
  dispatch_rate_ok: {
    en: (p) => `${p.rate}% late dispatch (${p.late} of ${p.due} orders), under ${p.limit}%`,
    zh: (p) => `延迟发货率 ${p.rate}%（${p.due} 个订单中 ${p.late} 个），低于 ${p.limit}%`,
    es: (p) => `${p.rate} % de envío tardío (${p.late} de ${p.due} pedidos), por debajo del ${p.limit} %`,
  },
  dispatch_rate_high: {
    en: (p) => `${p.rate}% late dispatch (${p.late} of ${p.due} orders): at or over ${p.limit}%`,
    zh: (p) => `延迟发货率 ${p.rate}%（${p.due} 个订单中 ${p.late} 个）：达到或超过 ${p.limit}%`,
    es: (p) => `${p.rate} % de envío tardío (${p.late} de ${p.due} pedidos): igual o mayor al ${p.limit} %`,
  },
  channels_set: {
    en: (p) => `Alerts are sent by: ${p.channels}`,
    zh: (p) => `预警通过以下渠道发送：${p.channels}`,
    es: (p) => `Las alertas se envían por: ${p.channels}`,
  },
  channels_dashboard_only: {
    en: () => 'Alerts are shown on the dashboard only: no e-mail or Slack channel is set',
    zh: () => '预警只显示在控制台：尚未设置邮件或 Slack 渠道',
    es: () => 'Las alertas solo se ven en el panel: no hay un canal de correo o Slack configurado',
  },
} satisfies Record<string, Text>;

const overdueTexts: Text = {
  en: (p) => ` (overdue since ${p.dueBy})`,
  zh: (p) => `（已超过截止日期 ${p.dueBy}）`,
  es: (p) => ` (vencido desde el ${p.dueBy})`,
};

/** The item's detail in the language asked, saying when it is overdue. */
export function readinessDetail(item: ReadinessItem, lang: Lang): string {
  const text = (detailTexts as Record<string, Text>)[item.detail.key];
  const detail = text ? text[lang](item.detail.params) : item.detail.key;
  return item.overdue ? detail + overdueTexts[lang]({ dueBy: item.dueBy }) : detail;
}

export const readinessTables = {
  readinessItemNames,
  readinessStatusNames,
  merchantTypeNames,
  detailTexts,
  overdueTexts,
};
