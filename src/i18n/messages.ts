import type { FieldProblem } from '../domain/catalog/catalogRow.ts';
import type { Doubt } from '../domain/classify/classifyProduct.ts';
import type { Fit, FitFlag, Grade } from '../domain/fit/assessFit.ts';
import { formatMoney } from '../domain/money/money.ts';
import type { Eligibility } from '../domain/policy/merchant.ts';
import type { Policy } from '../domain/policy/policy.ts';
import type { Reason, ReasonCode, Verdict } from '../domain/policy/reasons.ts';
import { categoryName } from './categoryNames.ts';

/** What the user reads, in the three languages of Puente's users: zh-CN, en and es-MX. */
export const languages = ['en', 'zh', 'es'] as const;
export type Lang = (typeof languages)[number];

type Params = Record<string, string | number>;
type Text = Record<Lang, (p: Params) => string>;

const mxn = (minor: string | number | undefined) => formatMoney({ amount: Number(minor), currency: 'MXN' });

const reasonTexts: Record<ReasonCode, Text> = {
  PROHIBITED_CATEGORY: {
    en: (p) => `Prohibited in the program: ${p.name}${p.evidence ? ` (found: ${p.evidence})` : ''}.`,
    zh: (p) => `项目禁售类目：${p.name}${p.evidence ? `（依据：${p.evidence}）` : ''}。`,
    es: (p) => `Prohibido en el programa: ${p.name}${p.evidence ? ` (se encontró: ${p.evidence})` : ''}.`,
  },
  NOT_IN_PILOT: {
    en: (p) => `Not part of the pilot: ${p.name}. Only the listed categories may be sold for now.`,
    zh: (p) => `不在试点范围内：${p.name}。目前只能销售清单内的类目。`,
    es: (p) => `No forma parte del piloto: ${p.name}. Por ahora solo se venden las categorías de la lista.`,
  },
  ITEM_PRICE_OVER_CAP: {
    en: (p) => `Item price ${mxn(p.priceMxn)} is over the ${mxn(p.capMxn)} cap per item.`,
    zh: (p) => `单件价格 ${mxn(p.priceMxn)} 超过单件上限 ${mxn(p.capMxn)}。`,
    es: (p) => `El precio ${mxn(p.priceMxn)} supera el tope de ${mxn(p.capMxn)} por artículo.`,
  },
  INVITATION_REQUIRED: {
    en: (p) => `${p.name} is invitation-only: ask your TikTok account manager (AM) to open it.`,
    zh: (p) => `${p.name}为定邀类目：需通过 TikTok 客户经理（AM）申请开通。`,
    es: (p) =>
      `La categoría ${p.name} es solo por invitación: pide a tu ejecutivo de cuenta (AM) de TikTok que te la habilite.`,
  },
  QUALIFICATION_MISSING: {
    en: (p) => `${p.name} requires: ${p.qualificationName}.`,
    zh: (p) => `${p.name}需要资质：${p.qualificationName}。`,
    es: (p) => `La categoría ${p.name} requiere: ${p.qualificationName}.`,
  },
  NEEDS_REVIEW: {
    en: (p) =>
      `Could not tell the category for sure${p.guess ? ` (best guess: ${p.guess})` : ''}: ${p.doubtText}. Set program_category to confirm.`,
    zh: (p) =>
      `无法确定类目${p.guess ? `（推测：${p.guess}）` : ''}：${p.doubtText}。请在“项目类目”（program_category）列填写类目以确认。`,
    es: (p) =>
      `No se pudo determinar la categoría con certeza${p.guess ? ` (posible: ${p.guess})` : ''}: ${p.doubtText}. Indícala en la columna “categoría del programa” (program_category) para confirmarla.`,
  },
  INVALID_FIELD: {
    en: (p) => `${p.field}: ${p.problemText}${p.value ? ` ("${p.value}")` : ''}.`,
    zh: (p) => `${p.field}：${p.problemText}${p.value ? `（"${p.value}"）` : ''}。`,
    es: (p) => `${p.field}: ${p.problemText}${p.value ? ` ("${p.value}")` : ''}.`,
  },
  FX_RATE_MISSING: {
    en: (p) =>
      `Price is in ${p.currency} and no exchange rate was given: enter the USD → MXN rate (on the command line, --usd-mxn <rate>) to check the MXN cap.`,
    zh: (p) =>
      `价格币种为 ${p.currency}，但未提供汇率：请填写美元 → 比索汇率（命令行用 --usd-mxn <汇率>），以核对比索上限。`,
    es: (p) =>
      `El precio está en ${p.currency} y falta el tipo de cambio: indica el tipo de cambio USD → MXN (en la línea de comandos, --usd-mxn <tipo>) para revisar el tope en MXN.`,
  },
  PRICE_UNCHECKED: {
    en: (p) =>
      `${causeOf(p).en(p)}: the caps of ${mxn(p.capMxn)} per item and ${mxn(p.orderCapMxn)} per order could not be checked.`,
    zh: (p) =>
      `${causeOf(p).zh(p)}：无法核对单件 ${mxn(p.capMxn)}、单笔订单 ${mxn(p.orderCapMxn)} 的价格上限。`,
    es: (p) =>
      `${causeOf(p).es(p)}: no se pudieron revisar los topes de ${mxn(p.capMxn)} por artículo y ${mxn(p.orderCapMxn)} por pedido.`,
  },
};

type PriceCause = 'missing' | 'unreadable' | 'cost_only' | 'no_rate';

/** Why a row's price could not be compared with the caps (PRICE_UNCHECKED). */
/** Why the price could not be checked; a cause this version does not know reads as unreadable. */
const causeOf = (p: Params): Text => priceCause[p.cause as PriceCause] ?? priceCause.unreadable;

const priceCause: Record<PriceCause, Text> = {
  missing: { en: () => 'No price', zh: () => '没有售价', es: () => 'Sin precio' },
  unreadable: {
    en: () => 'The price cannot be read',
    zh: () => '售价无法识别',
    es: () => 'El precio no se puede leer',
  },
  cost_only: {
    en: () => 'No selling price (a purchase cost or declared value is not the price the buyer pays)',
    zh: () => '没有售价（采购价或申报价值不是买家支付的价格）',
    es: () => 'Sin precio de venta (el costo de compra o el valor declarado no es lo que paga el comprador)',
  },
  no_rate: {
    en: (p) =>
      `The price is in ${p.currency} and Puente has no ${p.currency}→MXN rate; give it in MXN, or in USD with a rate`,
    zh: (p) =>
      `售价币种为 ${p.currency}，Puente 没有 ${p.currency}→MXN 汇率；请改用墨西哥比索，或用美元并提供汇率`,
    es: (p) =>
      `El precio está en ${p.currency} y Puente no tiene tipo de cambio ${p.currency}→MXN; indícalo en MXN, o en USD con un tipo de cambio`,
  },
};

/** Where a word was found, with the article Spanish needs ("en el título"). */
const fieldNames: Record<string, Record<Lang, string>> = {
  title: { en: 'title', zh: '标题', es: 'el título' },
  category: { en: 'seller category', zh: '卖家类目', es: 'la categoría del vendedor' },
  description: { en: 'description', zh: '描述', es: 'la descripción' },
};

/** A catalog column as the file's header would name it, for INVALID_FIELD. */
const columnNames: Record<string, Record<Lang, string>> = {
  sku: { en: 'SKU', zh: 'SKU', es: 'SKU' },
  title: { en: 'title', zh: '标题', es: 'título' },
  category: { en: 'seller category', zh: '卖家类目', es: 'categoría del vendedor' },
  description: { en: 'description', zh: '描述', es: 'descripción' },
  program_category: { en: 'program category', zh: '项目类目', es: 'categoría del programa' },
  price: { en: 'price', zh: '价格', es: 'precio' },
  currency: { en: 'currency', zh: '币种', es: 'moneda' },
  weight_g: { en: 'weight (g)', zh: '重量（g）', es: 'peso (g)' },
  length_cm: { en: 'length (cm)', zh: '长（cm）', es: 'largo (cm)' },
  width_cm: { en: 'width (cm)', zh: '宽（cm）', es: 'ancho (cm)' },
  height_cm: { en: 'height (cm)', zh: '高（cm）', es: 'alto (cm)' },
  fragile: { en: 'fragile', zh: '易碎', es: 'frágil' },
  customized: { en: 'customized', zh: '定制', es: 'personalizado' },
  us_stock: { en: 'US stock', zh: '美国仓库存', es: 'inventario en EE. UU.' },
};

/** The classifier's evidence (`title: vape; age: 0-6 months`) in the reader's words, by field. */
const evidenceWhere: Record<string, Record<Lang, (terms: string) => string>> = {
  title: { en: (t) => `${t} in the title`, zh: (t) => `标题中的${t}`, es: (t) => `${t} en el título` },
  category: {
    en: (t) => `${t} in the seller category`,
    zh: (t) => `卖家类目中的${t}`,
    es: (t) => `${t} en la categoría del vendedor`,
  },
  description: {
    en: (t) => `${t} in the description`,
    zh: (t) => `描述中的${t}`,
    es: (t) => `${t} en la descripción`,
  },
  age: { en: (t) => `age ${t}`, zh: (t) => `适用年龄 ${t}`, es: (t) => `edad: ${t}` },
};

const duplicateText: Record<Lang, (row: string) => string> = {
  en: (row) => `this SKU already appears in row ${row}`,
  zh: (row) => `该 SKU 已在第 ${row} 行出现`,
  es: (row) => `este SKU ya aparece en la fila ${row}`,
};

function evidenceText(evidence: string, lang: Lang): string {
  const byField = new Map<string, string[]>();
  for (const item of evidence.split('; ').filter(Boolean)) {
    const m = /^(title|category|description|age): (.*)$/.exec(item);
    const [field, term] = m ? [m[1] as string, m[2] as string] : ['', item];
    byField.set(field, [...(byField.get(field) ?? []), term]);
  }
  const quote = (t: string) => (lang === 'zh' ? `“${t}”` : `"${t}"`);
  return [...byField]
    .map(([field, terms]) => {
      if (field === 'age') return evidenceWhere.age?.[lang](terms.join(', ')) ?? '';
      const quoted = terms.map(quote).join(lang === 'zh' ? '' : ', ');
      return evidenceWhere[field]?.[lang](quoted) ?? terms.join(', ');
    })
    .join(lang === 'zh' ? '；' : '; ');
}

const doubtTexts: Record<Doubt['code'], Text> = {
  no_product_words: {
    en: () => 'no word says what the product is',
    zh: () => '标题、类目和描述都没有说明这是什么商品',
    es: () => 'ningún texto indica qué producto es',
  },
  child_product_of_unknown_kind: {
    en: () => 'made for a child, but of what kind?',
    zh: () => '面向儿童，但商品类型不明',
    es: () => 'es para niños, pero ¿de qué tipo?',
  },
  pet_product_of_unknown_kind: {
    en: () => 'a pet product of unknown kind (pet food and health products are excluded)',
    zh: () => '宠物商品但类型不明（宠物食品与保健品不在开放范围）',
    es: () => 'producto para mascota de tipo desconocido (alimento y salud para mascotas están excluidos)',
  },
  thin_evidence: {
    en: () => 'only the seller category or the description says what it is',
    zh: () => '只有卖家类目或描述说明了商品类型',
    es: () => 'solo la categoría del vendedor o la descripción dicen qué es',
  },
  two_readings: {
    en: (p) => `reads as both ${p.first} and ${p.second}`,
    zh: (p) => `既像${p.first}，又像${p.second}`,
    es: (p) => `puede ser ${p.first} o ${p.second}`,
  },
  weak_prohibited_word: {
    en: (p) => `"${p.term}" in the ${p.fieldName} may mean ${p.category}`,
    zh: (p) => `${p.fieldName}中的“${p.term}”可能属于${p.category}`,
    es: (p) => `"${p.term}" en ${p.fieldName} puede indicar ${p.category}`,
  },
  supplement_or_container: {
    en: () => 'a supplement, or something that holds one?',
    zh: () => '是保健品，还是装保健品的容器？',
    es: () => '¿es un suplemento o algo para guardarlo?',
  },
};

const problemTexts: Record<FieldProblem, Record<Lang, string>> = {
  required: { en: 'required, but empty', zh: '必填但为空', es: 'obligatorio, pero vacío' },
  not_a_price: {
    en: 'not a price like 249.00',
    zh: '不是有效价格（如 249.00）',
    es: 'no es un precio como 249.00',
  },
  unknown_currency: {
    en: 'unknown currency (MXN, USD or CNY)',
    zh: '未知币种（应为 MXN、USD 或 CNY）',
    es: 'moneda desconocida (MXN, USD o CNY)',
  },
  not_a_number: { en: 'not a number', zh: '不是数字', es: 'no es un número' },
  negative: { en: 'must not be negative', zh: '不能为负数', es: 'no puede ser negativo' },
  not_an_integer: { en: 'must be a whole number', zh: '必须为整数', es: 'debe ser un número entero' },
  not_yes_no: { en: 'not yes/no', zh: '应为 是/否', es: 'no es sí/no' },
  not_a_category: {
    en: 'not a program category id',
    zh: '不是项目类目编号',
    es: 'no es una categoría del programa',
  },
  duplicate_sku: {
    en: 'this SKU already appears in an earlier row',
    zh: '该 SKU 已在前面的行出现',
    es: 'este SKU ya aparece en una fila anterior',
  },
};

export function reasonMessage(reason: Reason, lang: Lang, policy: Policy): string {
  const p: Params = { ...reason.params };
  if ('category' in p) p.name = categoryName(policy, p.category, lang);
  if (reason.code === 'QUALIFICATION_MISSING') {
    p.qualificationName =
      policy.qualifications.find((q) => q.id === p.qualification)?.name[lang] ?? String(p.qualification);
  }
  if (typeof p.evidence === 'string') p.evidence = evidenceText(p.evidence, lang);
  if (reason.code === 'NEEDS_REVIEW') {
    // Category ids in a doubt (a guess, two readings, what a weak word may mean) become names.
    for (const key of ['guess', 'first', 'second', 'category'] as const)
      if (p[key]) p[key] = categoryName(policy, p[key], lang);
    p.fieldName = fieldNames[String(p.field)]?.[lang] ?? String(p.field ?? '');
    p.doubtText = doubtTexts[p.doubt as Doubt['code']]?.[lang](p) ?? String(p.doubt);
  }
  if (reason.code === 'INVALID_FIELD') {
    p.problemText = problemTexts[p.problem as FieldProblem]?.[lang] ?? String(p.problem);
    // checkCatalog words a duplicate's value as `<sku>, row <n>`: the row goes into the sentence.
    const duplicate = p.problem === 'duplicate_sku' && /^(.*), row (\d+)$/.exec(String(p.value));
    if (duplicate) {
      p.value = duplicate[1] as string;
      p.problemText = duplicateText[lang](duplicate[2] as string);
    }
    const column = columnNames[String(p.field)]?.[lang] ?? String(p.field);
    // The column starts the sentence: "Título: obligatorio, pero vacío."
    p.field = column.charAt(0).toUpperCase() + column.slice(1);
  }
  return reasonTexts[reason.code][lang](p);
}

const eligibilityTexts: Record<Eligibility['code'], Text> = {
  MERCHANT_ELIGIBLE: {
    en: (p) => `Eligible${p.minSps ? `: SPS ${p.sps} ≥ ${p.minSps}` : ''}.`,
    zh: (p) => `符合入驻条件${p.minSps ? `：店铺绩效分（SPS）${p.sps} ≥ ${p.minSps}` : ''}。`,
    es: (p) => `Elegible${p.minSps ? `: SPS ${p.sps} ≥ ${p.minSps}` : ''}.`,
  },
  MERCHANT_COUNTRY_NOT_ELIGIBLE: {
    en: (p) => `Not eligible: merchants registered in ${p.country} cannot join (open to: ${p.countries}).`,
    zh: (p) => `不符合条件：注册地 ${p.country} 的商家不能加入（仅限：${p.countries}）。`,
    es: (p) =>
      `No elegible: los vendedores registrados en ${p.country} no pueden unirse (abierto a: ${p.countries}).`,
  },
  MERCHANT_SPS_BELOW_MINIMUM: {
    en: (p) => `Not eligible: Shop Performance Score ${p.sps} is below the minimum ${p.minSps}.`,
    zh: (p) => `不符合条件：店铺绩效分（SPS）${p.sps} 低于最低要求 ${p.minSps}。`,
    es: (p) =>
      `No elegible: la puntuación de desempeño de la tienda (SPS) ${p.sps} es menor que el mínimo ${p.minSps}.`,
  },
  MERCHANT_SPS_MISSING: {
    en: (p) =>
      `Unknown: the profile has no Shop Performance Score (a shop gets one after 30 delivered orders in 90 days); minimum ${p.minSps}.`,
    zh: (p) =>
      `无法判断：资料中没有店铺绩效分（SPS）。店铺须在 90 天内妥投满 30 单才会有评分；最低要求 ${p.minSps}。`,
    es: (p) =>
      `Sin determinar: el perfil no tiene puntuación de desempeño de la tienda (SPS); la tienda la obtiene tras 30 pedidos entregados en 90 días. Mínimo: ${p.minSps}.`,
  },
};

export function eligibilityMessage(e: Eligibility, lang: Lang): string {
  return eligibilityTexts[e.code][lang](e.params);
}

export const flagNames: Record<FitFlag, Record<Lang, string>> = {
  heavy: { en: 'heavy', zh: '重货', es: 'pesado' },
  oversize: { en: 'oversize', zh: '超尺寸', es: 'sobredimensionado' },
  fragile: { en: 'fragile', zh: '易碎', es: 'frágil' },
  customized: { en: 'customised', zh: '定制品', es: 'personalizado' },
  low_value: {
    en: 'too cheap to carry parcel cost',
    zh: '客单价过低，难以覆盖物流成本',
    es: 'demasiado barato para cubrir el envío',
  },
  no_us_stock: { en: 'no US stock', zh: '美国仓无库存', es: 'sin inventario en EE. UU.' },
  no_cost_advantage: { en: 'no cost advantage', zh: '无成本优势', es: 'sin ventaja de costo' },
};

const gradeA: Record<Lang, string> = {
  en: 'light, small and priced to carry US→MX shipping',
  zh: '轻小件，售价足以覆盖美墨物流成本',
  es: 'ligero, pequeño y con precio que cubre el envío EE. UU.→MX',
};

/** `A: light, small…` for each grade and language, made once. */
const gradeOnly = Object.fromEntries(
  languages.map((lang) => {
    const colon = lang === 'zh' ? '：' : ': ';
    const line = (grade: Grade) => `${grade}${colon}${gradeA[lang]}`;
    return [lang, { A: line('A'), B: line('B'), C: line('C') }];
  }),
) as Record<Lang, Record<Grade, string>>;

/** One line: `B: heavy (3200 g > 2000 g)`. */
export function fitReason(fit: Fit, lang: Lang): string {
  const colon = lang === 'zh' ? '：' : ': ';
  // Most rows have nothing to say: the same text each time, not a new string per row.
  if (fit.details.length === 0) return gradeOnly[lang][fit.grade];
  const sep = lang === 'zh' ? '；' : '; ';
  const flags = fit.details.map((d) =>
    d.detail
      ? lang === 'zh'
        ? `${flagNames[d.flag][lang]}（${d.detail}）`
        : `${flagNames[d.flag][lang]} (${d.detail})`
      : flagNames[d.flag][lang],
  );
  return `${fit.grade}${colon}${flags.join(sep)}`;
}

export const verdictNames: Record<Verdict, Record<Lang, string>> = {
  allowed: { en: 'allowed', zh: '可售', es: 'permitido' },
  needs_invitation: { en: 'needs invitation', zh: '需定邀', es: 'requiere invitación' },
  blocked: { en: 'blocked', zh: '不可售', es: 'bloqueado' },
  invalid: { en: 'invalid', zh: '数据无效', es: 'datos inválidos' },
};

/** Every table of words here, for the glossary test (src/i18n/glossary.test.ts). */
export const messageTables = {
  reasonTexts,
  priceCause,
  fieldNames,
  columnNames,
  evidenceWhere,
  duplicateText,
  doubtTexts,
  problemTexts,
  eligibilityTexts,
  flagNames,
  gradeA,
  verdictNames,
};
