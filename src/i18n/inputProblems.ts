import type { InputProblem, InputProblemKind } from '../domain/inputProblems.ts';
import type { Lang } from './messages.ts';

/*
 * A field the API refused, as a sentence in the user's language that names the field as the
 * dashboard's form labels it (web/src/i18n: stock.quantity, settings.bufferUnits…) and gives the
 * allowed range. The dashboard shows its own sentences beside the field; these are for the API's
 * `message`, scripts and the CLI. Zod's own English never reaches a person.
 */

type Label = Record<Lang, string>;

/** Request fields by name, worded as the forms label them (the glossary test holds some to the forms). */
export const fieldLabels: Record<string, Label> = {
  sku: { en: 'SKU', zh: 'SKU', es: 'SKU' },
  warehouse: { en: 'Warehouse', zh: '仓库', es: 'Almacén' },
  quantity: { en: 'Quantity', zh: '数量', es: 'Cantidad' },
  delta: { en: 'Change (+/−)', zh: '变动（+/−）', es: 'Cambio (+/−)' },
  reason: { en: 'Reason', zh: '原因', es: 'Motivo' },
  from: { en: 'From warehouse', zh: '调出仓库', es: 'Almacén de origen' },
  to: { en: 'To warehouse', zh: '调入仓库', es: 'Almacén de destino' },
  carrier: { en: 'Carrier', zh: '物流商', es: 'Paquetería' },
  tracking: { en: 'Tracking number', zh: '运单号', es: 'Número de guía' },
  bufferUnits: { en: 'Buffer (units)', zh: '安全库存（件）', es: 'Reserva de seguridad (unidades)' },
  bufferPercent: {
    en: 'Buffer (percent)',
    zh: '安全库存（百分比）',
    es: 'Reserva de seguridad (porcentaje)',
  },
  leadTimeDays: { en: 'Lead time', zh: '补货周期', es: 'Tiempo de reposición' },
  sps: {
    en: 'Shop Performance Score',
    zh: '店铺绩效分（SPS）',
    es: 'Puntuación de desempeño de la tienda (SPS)',
  },
  registered_country: { en: 'Registered in', zh: '注册地', es: 'Registrada en' },
  storefront: { en: 'Storefront', zh: '店铺', es: 'Tienda' },
  externalId: { en: 'Order number', zh: '订单号', es: 'Número de pedido' },
  lines: { en: 'Order lines', zh: '订单明细', es: 'Líneas del pedido' },
  unitPriceMinor: { en: 'Unit price', zh: '单价', es: 'Precio unitario' },
  title: { en: 'Title', zh: '标题', es: 'Título' },
  weightG: { en: 'Weight (g)', zh: '重量（克）', es: 'Peso (g)' },
  name: { en: 'Name', zh: '名称', es: 'Nombre' },
  code: { en: 'Code', zh: '代码', es: 'Código' },
  email: { en: 'Email', zh: '邮箱', es: 'Correo electrónico' },
  password: { en: 'Password', zh: '密码', es: 'Contraseña' },
  country: { en: 'Country', zh: '国家', es: 'País' },
  state: { en: 'State', zh: '州', es: 'Estado' },
  timeZone: { en: 'Time zone', zh: '时区', es: 'Zona horaria' },
  cutoff: { en: 'Carrier pickup', zh: '揽收截止时间', es: 'Hora de recolección' },
  warehouses: { en: 'Warehouses', zh: '仓库', es: 'Almacenes' },
};

/** "Quantity", or "Quantity (item 2)" inside a list; a field without a label keeps its name, quoted. */
export function fieldLabel(field: string, lang: Lang): string {
  const parts = field.split('.');
  const isIndex = (part: string) => /^\d+$/.test(part);
  const name = parts.filter((part) => !isIndex(part)).at(-1) ?? field;
  const index = parts.filter(isIndex).at(-1);
  const label =
    fieldLabels[name]?.[lang] ??
    (lang === 'zh' ? `字段 ${name}` : lang === 'es' ? name : `The field ${name}`);
  if (index === undefined) return label;
  const n = Number(index) + 1;
  return lang === 'zh'
    ? `第 ${n} 项的${label}`
    : lang === 'es'
      ? `${label} (elemento ${n})`
      : `${label} (item ${n})`;
}

type Sentence = (field: string, p: Vars) => string;
interface Vars {
  min: string;
  max: string;
  length: number;
  values: string;
}

// Spanish names the field as «El campo “…”», so every adjective agrees with "campo" whatever the label.
const es = (field: string) => `El campo “${field}”`;

const sentences: Record<InputProblemKind, Record<Lang, Sentence>> = {
  required: {
    en: (f) => `${f} is required.`,
    zh: (f) => `请填写${f}。`,
    es: (f) => `${es(f)} es obligatorio.`,
  },
  not_number: {
    en: (f) => `${f} must be a number.`,
    zh: (f) => `${f}须为数字。`,
    es: (f) => `${es(f)} debe ser un número.`,
  },
  not_integer: {
    en: (f) => `${f} must be a whole number, without decimals.`,
    zh: (f) => `${f}须为整数，不能有小数。`,
    es: (f) => `${es(f)} debe ser un número entero, sin decimales.`,
  },
  too_small: {
    en: (f, p) => `${f} cannot be less than ${p.min}.`,
    zh: (f, p) => `${f}不能小于 ${p.min}。`,
    es: (f, p) => `${es(f)} no puede ser menor que ${p.min}.`,
  },
  too_big: {
    en: (f, p) => `${f} cannot be more than ${p.max}.`,
    zh: (f, p) => `${f}不能大于 ${p.max}。`,
    es: (f, p) => `${es(f)} no puede ser mayor que ${p.max}.`,
  },
  not_zero: {
    en: (f) => `${f} cannot be 0.`,
    zh: (f) => `${f}不能为 0。`,
    es: (f) => `${es(f)} no puede ser 0.`,
  },
  too_short: {
    en: (f, p) => (p.length <= 1 ? `${f} is required.` : `${f} needs at least ${p.length} characters.`),
    zh: (f, p) => (p.length <= 1 ? `请填写${f}。` : `${f}至少需要 ${p.length} 个字符。`),
    es: (f, p) =>
      p.length <= 1 ? `${es(f)} es obligatorio.` : `${es(f)} debe tener al menos ${p.length} caracteres.`,
  },
  too_long: {
    en: (f, p) => `${f} is too long: at most ${p.length} characters.`,
    zh: (f, p) => `${f}过长：最多 ${p.length} 个字符。`,
    es: (f, p) => `${es(f)} es demasiado largo: admite como máximo ${p.length} caracteres.`,
  },
  wrong_length: {
    en: (f, p) => `${f} must have exactly ${p.length} characters.`,
    zh: (f, p) => `${f}须为 ${p.length} 个字符。`,
    es: (f, p) => `${es(f)} debe tener exactamente ${p.length} caracteres.`,
  },
  too_few: {
    en: (f, p) => `${f} needs at least ${p.length} ${p.length === 1 ? 'item' : 'items'}.`,
    zh: (f, p) => `${f}至少需要 ${p.length} 项。`,
    es: (f, p) => `${es(f)} necesita al menos ${p.length} ${p.length === 1 ? 'elemento' : 'elementos'}.`,
  },
  too_many: {
    en: (f, p) => `${f} takes at most ${p.length} items.`,
    zh: (f, p) => `${f}最多 ${p.length} 项。`,
    es: (f, p) => `${es(f)} admite como máximo ${p.length} elementos.`,
  },
  invalid_choice: {
    en: (f, p) => `${f} must be one of: ${p.values}.`,
    zh: (f, p) => `${f}只能是以下之一：${p.values}。`,
    es: (f, p) => `${es(f)} debe ser uno de estos valores: ${p.values}.`,
  },
  invalid_format: {
    en: (f) => `${f} is not in the expected format.`,
    zh: (f) => `${f}格式不正确。`,
    es: (f) => `${es(f)} no tiene el formato esperado.`,
  },
  control_character: {
    en: (f) => `${f} contains a control character (such as a line break or NUL): remove it.`,
    zh: (f) => `${f}含有控制字符（如换行符或空字符），请删除。`,
    es: (f) => `${es(f)} contiene un carácter de control (como un salto de línea o NUL): quítalo.`,
  },
  not_text: {
    en: (f) => `${f} must be text.`,
    zh: (f) => `${f}须为文本。`,
    es: (f) => `${es(f)} debe ser texto.`,
  },
  not_boolean: {
    en: (f) => `${f} must be true or false.`,
    zh: (f) => `${f}须为 true 或 false。`,
    es: (f) => `${es(f)} debe ser true o false.`,
  },
  not_list: {
    en: (f) => `${f} must be a list.`,
    zh: (f) => `${f}须为列表。`,
    es: (f) => `${es(f)} debe ser una lista.`,
  },
  unknown_field: {
    en: (f) => `${f} is not a field this request takes.`,
    zh: (f) => `此请求不接受${f}。`,
    es: (f) => `${es(f)} no se acepta en esta solicitud.`,
  },
  invalid: {
    en: (f) => `${f} is not valid.`,
    zh: (f) => `${f}无效。`,
    es: (f) => `${es(f)} no es válido.`,
  },
};

/** "Allowed: whole numbers from 1 to 1,000,000." */
const ranges: Record<Lang, (p: Vars, whole: boolean) => string> = {
  en: (p, whole) => `Allowed: ${whole ? 'whole numbers' : 'numbers'} from ${p.min} to ${p.max}.`,
  zh: (p, whole) => `允许范围：${p.min} 至 ${p.max}${whole ? ' 的整数' : ''}。`,
  es: (p, whole) => `Se aceptan ${whole ? 'números enteros' : 'números'} de ${p.min} a ${p.max}.`,
};

const numberKinds: ReadonlySet<InputProblemKind> = new Set([
  'required',
  'not_number',
  'not_integer',
  'too_small',
  'too_big',
  'not_zero',
]);

const locales: Record<Lang, string> = { en: 'en-US', zh: 'zh-CN', es: 'es-MX' };

/** One refused field as a sentence, with the allowed range of a number when it is known. */
export function inputProblemText(p: InputProblem, lang: Lang): string {
  if (p.field === '') return requestInvalid[lang];
  const number = new Intl.NumberFormat(locales[lang], { maximumFractionDigits: 20 });
  const vars: Vars = {
    min: p.min === undefined ? '' : number.format(p.min),
    max: p.max === undefined ? '' : number.format(p.max),
    length: p.length ?? 0,
    values: (p.values ?? []).join(lang === 'zh' ? '、' : ', '),
  };
  const sentence = sentences[p.problem][lang](fieldLabel(p.field, lang), vars);
  const range =
    numberKinds.has(p.problem) && p.min !== undefined && p.max !== undefined
      ? ranges[lang](vars, p.whole ?? false)
      : '';
  return range ? `${sentence}${lang === 'zh' ? '' : ' '}${range}` : sentence;
}

/** The request as a whole (not one of its fields) could not be read. */
const requestInvalid: Record<Lang, string> = {
  en: 'The request is not valid.',
  zh: '请求无效。',
  es: 'La solicitud no es válida.',
};

/** A refusal's message: every refused field's sentence, one after the other. */
export function validationMessage(problems: readonly InputProblem[], lang: Lang): string {
  if (problems.length === 0) return requestInvalid[lang];
  return problems.map((p) => inputProblemText(p, lang)).join(lang === 'zh' ? '' : ' ');
}
