import type { Lang } from './messages.ts';

/**
 * What `puente plan backtest` and `npm run bench:plan` print, in zh-CN, en and es-MX. Core and test
 * SKUs are 主力款 and 试水款 as [P13] names them; a hit is 爆款; a stock-out 断货 / agotado.
 */
type Params = Record<string, string | number>;

const verdict = {
  en: (p: Params) => (p.met ? 'met' : `missed by ${p.by}`),
  zh: (p: Params) => (p.met ? '达成' : `未达成，差 ${p.by}`),
  es: (p: Params) => (p.met ? 'cumplido' : `no cumplido por ${p.by}`),
};

const texts = {
  backtest_history: {
    en: (p: Params) =>
      `${p.name}: ${p.days} days from ${p.start}, ${p.skus} SKUs; an order arrives after ${p.lead} days (supplier) + ${p.transit} days (transit)`,
    zh: (p: Params) =>
      `${p.name}：自 ${p.start} 起 ${p.days} 天，${p.skus} 个 SKU；下单后 ${p.lead} 天（供应商）+ ${p.transit} 天（运输）到货`,
    es: (p: Params) =>
      `${p.name}: ${p.days} días desde ${p.start}, ${p.skus} SKU; un pedido al proveedor llega tras ${p.lead} días (proveedor) + ${p.transit} días (tránsito)`,
  },
  backtest_policies: {
    en: () => 'puente: Puente\'s restock suggestions; naive: "reorder to 30 days of cover when below 7"',
    zh: () => 'puente：Puente 的补货建议；naive：“可售天数低于 7 天时补到 30 天”',
    es: () =>
      'puente: sugerencias de reabastecimiento de Puente; naive: "reponer hasta 30 días de cobertura cuando quedan menos de 7"',
  },
  goal_lost_units: {
    en: (p: Params) => `goal, fewer lost units than naive: ${p.puente} vs ${p.naive}: ${verdict.en(p)}`,
    zh: (p: Params) => `目标：损失销量少于 naive：${p.puente} 对 ${p.naive}：${verdict.zh(p)}`,
    es: (p: Params) =>
      `meta, menos unidades perdidas que naive: ${p.puente} frente a ${p.naive}: ${verdict.es(p)}`,
  },
  goal_stock_value: {
    en: (p: Params) => `goal, no more average stock value: ${p.puente} vs ${p.naive}: ${verdict.en(p)}`,
    zh: (p: Params) => `目标：平均库存金额不高于 naive：${p.puente} 对 ${p.naive}：${verdict.zh(p)}`,
    es: (p: Params) =>
      `meta, no más valor promedio de inventario: ${p.puente} frente a ${p.naive}: ${verdict.es(p)}`,
  },
  goal_viral: {
    en: (p: Params) =>
      `goal, hit ${p.sku} flagged at least ${p.need} days before it runs out: flagged ${p.flagged}, ${p.ranOut ? `ran out ${p.ranOut} (${Number(p.days) >= 0 ? `${p.days} days after the flag` : `${-Number(p.days)} days before the flag`})` : 'never ran out after'}: ${verdict.en(p)}`,
    zh: (p: Params) =>
      `目标：爆款 ${p.sku} 至少提前 ${p.need} 天发现：${p.flagged} 发现，${p.ranOut ? `${p.ranOut} 断货（${Number(p.days) >= 0 ? `发现后 ${p.days} 天` : `发现前 ${-Number(p.days)} 天`}）` : '之后未断货'}：${verdict.zh(p)}`,
    es: (p: Params) =>
      `meta, éxito ${p.sku} detectado al menos ${p.need} días antes de agotarse: detectado ${p.flagged}, ${p.ranOut ? `agotado ${p.ranOut} (${Number(p.days) >= 0 ? `${p.days} días después de la detección` : `${-Number(p.days)} días antes de la detección`})` : 'no se agotó después'}: ${verdict.es(p)}`,
  },
  goal_viral_unflagged: {
    en: (p: Params) => `goal, hit ${p.sku} flagged before it runs out: never flagged: missed`,
    zh: (p: Params) => `目标：爆款 ${p.sku} 断货前被发现：未被发现：未达成`,
    es: (p: Params) => `meta, éxito ${p.sku} detectado antes de agotarse: nunca se detectó: no cumplido`,
  },
  goal_overall: {
    en: (p: Params) => (p.met ? 'goal met' : 'goal missed'),
    zh: (p: Params) => (p.met ? '目标达成' : '目标未达成'),
    es: (p: Params) => (p.met ? 'meta cumplida' : 'meta no cumplida'),
  },
  hits_heading: {
    en: (p: Params) => `hits flagged (${p.policy} run): the day flagged and the day the shelf ran out`,
    zh: (p: Params) => `发现的爆款（${p.policy}）：发现日期与断货日期`,
    es: (p: Params) => `éxitos detectados (${p.policy}): el día de la detección y el día en que se agotó`,
  },
} satisfies Record<string, Record<Lang, (p: Params) => string>>;

export type PlanningTextKey = keyof typeof texts;

export function planningText(key: PlanningTextKey, lang: Lang, params: Params = {}): string {
  return texts[key][lang](params);
}

/** Every text here, for the glossary test (src/i18n/glossary.test.ts). */
export const planningTables = { texts };
