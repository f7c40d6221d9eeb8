import type { ClaimCheck } from '../domain/cost/claimCheck.ts';
import type { CostWarning } from '../domain/cost/landedCost.ts';
import type { Lang } from './messages.ts';

/**
 * The words of `puente cost`, `puente fx` and `puente rate-cards` in zh-CN, en and es-MX. Terms
 * follow src/i18n/glossary.json (landed cost 到岸成本 / costo puesto en destino, rate card 运价卡 /
 * tarifa, route 线路 / ruta).
 */

type Words = Record<Lang, string>;

export const costColumns = {
  route: { en: 'route', zh: '线路', es: 'ruta' },
  customsValueUsd: { en: 'customs value USD', zh: '完税价格 USD', es: 'valor en aduana USD' },
  band: { en: 'band', zh: '税率档', es: 'tramo' },
  dutyRate: { en: 'duty rate', zh: '税率', es: 'tasa' },
  goods: { en: 'goods', zh: '货值', es: 'mercancía' },
  freight: { en: 'freight', zh: '运费', es: 'flete' },
  duty: { en: 'duty and tax', zh: '关税及税', es: 'aranceles e impuestos' },
  fees: { en: 'fees', zh: '费用', es: 'cargos' },
  platform: { en: 'platform', zh: '平台', es: 'plataforma' },
  landed: { en: 'landed cost', zh: '到岸成本', es: 'costo puesto en destino' },
  margin: { en: 'margin', zh: '毛利', es: 'margen' },
  days: { en: 'days', zh: '时效（天）', es: 'días' },
} satisfies Record<string, Words>;

export const fxColumns = {
  date: { en: 'date', zh: '日期', es: 'fecha' },
  pair: { en: 'pair', zh: '货币对', es: 'par' },
  rate: { en: 'rate', zh: '汇率', es: 'tipo de cambio' },
} satisfies Record<string, Words>;

export const rateCardColumns = {
  code: { en: 'code', zh: '代码', es: 'código' },
  name: { en: 'name', zh: '名称', es: 'nombre' },
  route: { en: 'route', zh: '线路', es: 'ruta' },
  leg: { en: 'leg', zh: '段', es: 'tramo' },
  currency: { en: 'currency', zh: '币种', es: 'moneda' },
  perParcel: { en: 'per parcel', zh: '每票', es: 'por paquete' },
  perKg: { en: 'per kg', zh: '每公斤', es: 'por kg' },
  feePerParcel: { en: 'fee per parcel', zh: '每票手续费', es: 'cargo por paquete' },
  perEntry: { en: 'per entry', zh: '每次报关', es: 'por pedimento' },
  unitsPerEntry: { en: 'units per entry', zh: '每次报关件数', es: 'unidades por pedimento' },
  divisor: { en: 'volumetric divisor', zh: '材积除数', es: 'divisor volumétrico' },
  transitDays: { en: 'transit days', zh: '时效天数', es: 'días de tránsito' },
} satisfies Record<string, Words>;

export const costWarnings: Record<CostWarning, Words> = {
  rrna_no_simplified: {
    en: 'under non-tariff restrictions (COFEPRIS, NOM): no simplified courier rate, costed as a formal import',
    zh: '受非关税限制（COFEPRIS、NOM）：不能适用快件简易税率，按正式进口核算',
    es: 'sujeto a regulaciones no arancelarias (COFEPRIS, NOM): sin tasa simplificada de paquetería, costeado como importación formal',
  },
  no_withholding_rule: {
    en: 'no platform withholding figure for this RFC status on this date in the sources: none counted',
    zh: '资料中没有该日期、该 RFC 状态下的平台代扣税率：未计入',
    es: 'las fuentes no dan una retención de la plataforma para este RFC en esta fecha: no se contó',
  },
  double_vat_risk: {
    en: 'the platform withholds VAT on goods that already paid import tax: whether both apply is not settled (possible double VAT)',
    zh: '平台对已缴进口税的商品再代扣增值税：两者是否同时适用尚无定论（可能重复征收增值税）',
    es: 'la plataforma retiene IVA de mercancía que ya pagó impuestos de importación: no está claro si aplican ambos (posible doble IVA)',
  },
  igi_planning_rate: {
    en: 'the IGI is a planning figure (the sources give a 5–50% range): use your tariff line’s rate',
    zh: '进口关税为估算值（资料只给出 5–50% 区间）：请使用你税号的实际税率',
    es: 'el IGI es una cifra de planeación (las fuentes dan un rango de 5–50 %): usa la tasa de tu fracción arancelaria',
  },
};

const fmt = (minor: number) => (minor / 100).toFixed(2);

/** "On your numbers: 8 days faster, 58% cheaper than China direct" [P2], and whether the claim holds. */
export function claimSentence(c: ClaimCheck, lang: Lang): string {
  const met = (ok: boolean) =>
    ok
      ? { en: 'as claimed', zh: '符合宣传', es: 'como se anuncia' }[lang]
      : { en: 'short of the claim', zh: '未达宣传', es: 'por debajo de lo anunciado' }[lang];
  const faster = c.daysFaster >= 0;
  return {
    en: `[P2] on your numbers: ${Math.abs(c.daysFaster)} days ${faster ? 'faster' : 'slower'} (${met(c.daysClaimMet)}: 7–12), logistics ${c.logisticsCheaperPercent}% cheaper (${met(c.costClaimMet)}: 25–30%), landed cost ${c.landedCheaperPercent}% cheaper than China direct`,
    zh: `[P2] 按你的数据：比中国直发${faster ? '快' : '慢'} ${Math.abs(c.daysFaster)} 天（${met(c.daysClaimMet)}：7–12 天），物流成本低 ${c.logisticsCheaperPercent}%（${met(c.costClaimMet)}：25–30%），到岸成本低 ${c.landedCheaperPercent}%`,
    es: `[P2] con tus números: ${Math.abs(c.daysFaster)} días más ${faster ? 'rápido' : 'lento'} (${met(c.daysClaimMet)}: 7–12), logística ${c.logisticsCheaperPercent} % más barata (${met(c.costClaimMet)}: 25–30 %), costo puesto en destino ${c.landedCheaperPercent} % más barato que desde China`,
  }[lang];
}

/** "us-warehouse: split into 2 parcels saves MXN 1,234.00 (parcel-split-usmca)". */
export function splitSentence(
  route: string,
  parcels: number,
  savesMinor: number,
  rule: string,
  lang: Lang,
): string {
  return {
    en: `${route}: split into ${parcels} parcels to save MXN ${fmt(savesMinor)} (${rule})`,
    zh: `${route}：拆成 ${parcels} 个包裹可省 MXN ${fmt(savesMinor)}（${rule}）`,
    es: `${route}: dividir en ${parcels} paquetes ahorra MXN ${fmt(savesMinor)} (${rule})`,
  }[lang];
}

export const costTables = { costColumns, fxColumns, rateCardColumns, costWarnings };
