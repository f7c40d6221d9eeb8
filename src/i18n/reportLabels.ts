import type { FitFlag } from '../domain/fit/assessFit.ts';
import type { EligibilityStatus } from '../domain/policy/merchant.ts';
import type { ReasonCode } from '../domain/policy/reasons.ts';
import { flagNames, type Lang } from './messages.ts';

/**
 * The words of a check report (the XLSX workbook and the CSV a person opens): sheet names, column
 * headers, summary labels. Verdict and reason names are the dashboard's (web/src/i18n `verdicts`,
 * `reasons`), so that the file and the screen say the same thing.
 */

/** Columns of the results, in order. The ids are the header of `--format csv --lang en` (README). */
export const reportColumns = [
  'row',
  'sku',
  'verdict',
  'category',
  'category_name',
  'detected',
  'confidence',
  'reason_codes',
  'reasons',
  'facts',
  'fit_grade',
  'fit_flags',
  'fit_reason',
  'price_mxn_pesos',
  'max_units_per_order',
] as const;
export type ReportColumn = (typeof reportColumns)[number];

export const columnHeaders: Record<Lang, Record<ReportColumn, string>> = {
  en: {
    row: 'Row',
    sku: 'SKU',
    verdict: 'Verdict',
    category: 'Category ID',
    category_name: 'Program category',
    detected: 'Detected category ID',
    confidence: 'Confidence',
    reason_codes: 'Reason codes',
    reasons: 'Reasons',
    facts: 'Program facts',
    fit_grade: 'Fit grade',
    fit_flags: 'Fit flags',
    fit_reason: 'Fit explanation',
    price_mxn_pesos: 'Price (MXN, pesos)',
    max_units_per_order: 'Max units per order',
  },
  zh: {
    row: '行号',
    sku: 'SKU',
    verdict: '结论',
    category: '类目编号',
    category_name: '项目类目',
    detected: '识别出的类目编号',
    confidence: '识别置信度',
    reason_codes: '原因代码',
    reasons: '原因',
    facts: '规则依据',
    fit_grade: '适配度',
    fit_flags: '适配问题',
    fit_reason: '适配说明',
    price_mxn_pesos: '价格（墨西哥比索）',
    max_units_per_order: '每单最多件数',
  },
  es: {
    row: 'Fila',
    sku: 'SKU',
    verdict: 'Resultado',
    category: 'ID de categoría',
    category_name: 'Categoría del programa',
    detected: 'ID de categoría detectada',
    confidence: 'Confianza',
    reason_codes: 'Códigos de motivo',
    reasons: 'Motivos',
    facts: 'Hechos del programa',
    fit_grade: 'Idoneidad',
    fit_flags: 'Alertas de idoneidad',
    fit_reason: 'Explicación de idoneidad',
    price_mxn_pesos: 'Precio (MXN, pesos)',
    max_units_per_order: 'Máx. unidades por pedido',
  },
};

export const sheetNames: Record<Lang, { summary: string; results: string }> = {
  en: { summary: 'Summary', results: 'Results' },
  zh: { summary: '汇总', results: '检查结果' },
  es: { summary: 'Resumen', results: 'Resultados' },
};

export const summaryLabels: Record<
  Lang,
  {
    report: string;
    policy: string;
    effective: string;
    file: string;
    checkedAt: string;
    merchant: string;
    verdict: string;
    rows: string;
    total: string;
    reason: string;
    code: string;
    fitGrade: string;
    category: string;
    noCategory: string;
    unlisted: string;
  }
> = {
  en: {
    report: 'Catalog check',
    policy: 'Policy',
    effective: 'In force from',
    file: 'File',
    checkedAt: 'Checked at',
    merchant: 'Merchant',
    verdict: 'Verdict',
    rows: 'Rows',
    total: 'Total',
    reason: 'Reason',
    code: 'Code',
    fitGrade: 'Fit grade',
    category: 'Program category',
    noCategory: 'No category found',
    unlisted: 'Not listed in the program',
  },
  zh: {
    report: '商品合规检查',
    policy: '项目政策',
    effective: '生效日期',
    file: '文件',
    checkedAt: '检查时间',
    merchant: '商家准入',
    verdict: '结论',
    rows: '行数',
    total: '合计',
    reason: '原因',
    code: '代码',
    fitGrade: '适配度',
    category: '项目类目',
    noCategory: '未识别出类目',
    unlisted: '项目未列出的类目',
  },
  es: {
    report: 'Revisión del catálogo',
    policy: 'Reglas del programa',
    effective: 'Vigente desde',
    file: 'Archivo',
    checkedAt: 'Revisado el',
    merchant: 'Vendedor',
    verdict: 'Resultado',
    rows: 'Filas',
    total: 'Total',
    reason: 'Motivo',
    code: 'Código',
    fitGrade: 'Idoneidad',
    category: 'Categoría del programa',
    noCategory: 'Sin categoría identificada',
    unlisted: 'No incluida en el programa',
  },
};

/** A reason's short name, as the dashboard's filter and badges name it. */
export const reasonNames: Record<ReasonCode, Record<Lang, string>> = {
  PROHIBITED_CATEGORY: { en: 'Prohibited category', zh: '禁售类目', es: 'Categoría prohibida' },
  NOT_IN_PILOT: { en: 'Not in the pilot', zh: '不在试点范围', es: 'Fuera del piloto' },
  ITEM_PRICE_OVER_CAP: { en: 'Price over the cap', zh: '单件价格超过上限', es: 'Precio mayor al tope' },
  INVITATION_REQUIRED: { en: 'Invitation required', zh: '定邀类目', es: 'Requiere invitación' },
  QUALIFICATION_MISSING: { en: 'Document missing', zh: '缺少资质', es: 'Falta un documento' },
  NEEDS_REVIEW: { en: 'Needs review', zh: '需人工确认', es: 'Requiere revisión' },
  INVALID_FIELD: { en: 'Invalid field', zh: '字段无效', es: 'Campo inválido' },
  FX_RATE_MISSING: { en: 'Exchange rate missing', zh: '缺少汇率', es: 'Falta el tipo de cambio' },
  PRICE_UNCHECKED: {
    en: 'Price not checked against the caps',
    zh: '售价未核对上限',
    es: 'Precio sin revisar contra los topes',
  },
};

/** A merchant's standing, as the dashboard's eligibility form says it. */
export const eligibilityNames: Record<EligibilityStatus, Record<Lang, string>> = {
  eligible: { en: 'Eligible', zh: '可以加入', es: 'Elegible' },
  not_eligible: { en: 'Not eligible', zh: '不能加入', es: 'No elegible' },
  unknown: { en: 'Cannot tell yet', zh: '暂无法判断', es: 'Aún no se puede determinar' },
};

/** Fit flags as a short list: `重货、易碎`. */
export function fitFlagList(flags: readonly FitFlag[], lang: Lang): string {
  return flags.map((f) => flagNames[f][lang]).join(lang === 'zh' ? '、' : ', ');
}

const reportSuffix: Record<Lang, string> = { en: 'check', zh: '合规检查', es: 'revisión' };

/** `店小秘商品导出_20261130.xlsx` → `店小秘商品导出_20261130-合规检查.xlsx`: the uploaded name, kept whole. */
export function reportFileName(uploaded: string, lang: Lang, ext: 'xlsx' | 'csv'): string {
  return `${uploaded.replace(/\.[^.]+$/, '')}-${reportSuffix[lang]}.${ext}`;
}
