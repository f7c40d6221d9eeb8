import type { Lang } from './messages.ts';

/**
 * Why a whole file cannot be read, as data, and in the words of each language. A message names the
 * file as the user knows it (the path they typed, or the name of the file they uploaded), never
 * where the server keeps it.
 */

export type NotATable = 'pdf' | 'zip' | 'image' | 'binary';

export type FileProblem =
  | { code: 'not_found' }
  | { code: 'empty' }
  | { code: 'not_a_table'; kind: NotATable }
  | { code: 'old_xls' }
  | { code: 'wrong_extension' }
  | { code: 'unknown_encoding'; encoding: string }
  | { code: 'unreadable_csv'; detail: string }
  | { code: 'no_sheet'; sheet: string; sheets: string[] }
  | { code: 'sheet_empty'; sheet: string }
  | { code: 'missing_columns'; missing: { column: string; accepted: string[] }[]; found: string[] }
  | { code: 'check_failed'; detail: string };

type Texts = { [C in FileProblem['code']]: Record<Lang, (p: Extract<FileProblem, { code: C }>) => string> };

/** What the file is instead, as the words in brackets after "this is not a CSV or Excel file". */
const kindNames: Record<NotATable, Record<Lang, string>> = {
  pdf: { en: 'it is a PDF', zh: '是 PDF 文件', es: 'es un PDF' },
  zip: { en: 'it is a ZIP archive', zh: '是 ZIP 压缩包', es: 'es un archivo ZIP' },
  image: { en: 'it is an image', zh: '是图片', es: 'es una imagen' },
  binary: { en: 'it is not text', zh: '不是文本', es: 'no es texto' },
};

/** Column names as the user reads them; the accepted header names follow each. */
const columnLabels: Record<string, Record<Lang, string>> = {
  sku: { en: 'SKU', zh: 'SKU', es: 'SKU' },
  title: { en: 'title', zh: '标题', es: 'título' },
  warehouse: { en: 'warehouse', zh: '仓库', es: 'almacén' },
  quantity: { en: 'quantity', zh: '数量', es: 'cantidad' },
  storefront: { en: 'storefront', zh: '店铺', es: 'tienda' },
  order_id: { en: 'order ID', zh: '订单号', es: 'ID del pedido' },
  external_id: { en: 'order ID', zh: '订单号', es: 'ID del pedido' },
  paid_at: { en: 'payment time', zh: '付款时间', es: 'fecha de pago' },
  carrier: { en: 'carrier', zh: '物流商', es: 'paquetería' },
  tracking: { en: 'tracking number', zh: '运单号', es: 'número de guía' },
};
const label = (column: string, lang: Lang) => columnLabels[column]?.[lang] ?? column;

const list = (items: string[], lang: Lang) => items.join(lang === 'zh' ? '、' : ', ');
const quoted = (items: string[], lang: Lang) =>
  list(
    items.map((h) => (lang === 'zh' ? `“${h}”` : `"${h}"`)),
    lang,
  );

const texts: Texts = {
  not_found: { en: () => 'file not found', zh: () => '找不到文件', es: () => 'no se encontró el archivo' },
  empty: {
    en: () => 'the file is empty (0 rows): export the spreadsheet again',
    zh: () => '文件是空的（没有任何行）：请重新导出表格',
    es: () => 'el archivo está vacío (0 filas): exporta la hoja de nuevo',
  },
  not_a_table: {
    en: (p) => `this is not a CSV or Excel file (${kindNames[p.kind].en}): export the table as CSV or XLSX`,
    zh: (p) => `这不是 CSV 或 Excel 文件（${kindNames[p.kind].zh}）：请把表格导出为 CSV 或 XLSX`,
    es: (p) => `no es un archivo CSV ni de Excel (${kindNames[p.kind].es}): exporta la tabla como CSV o XLSX`,
  },
  old_xls: {
    en: () =>
      'an old Excel .xls workbook (or another old Office file) cannot be read: save it as .xlsx or CSV',
    zh: () => '无法读取旧版 Excel .xls 文件（或其他旧版 Office 文件）：请另存为 .xlsx 或 CSV',
    es: () =>
      'no se puede leer un libro antiguo de Excel .xls (u otro archivo antiguo de Office): guárdalo como .xlsx o CSV',
  },
  wrong_extension: {
    en: () => 'send a .csv or .xlsx file',
    zh: () => '请上传 .csv 或 .xlsx 文件',
    es: () => 'sube un archivo .csv o .xlsx',
  },
  unknown_encoding: {
    en: (p) => `unknown encoding "${p.encoding}" (try utf-8, windows-1252, gb18030 or utf-16le)`,
    zh: (p) => `未知编码“${p.encoding}”（可用 utf-8、windows-1252、gb18030 或 utf-16le）`,
    es: (p) => `codificación desconocida "${p.encoding}" (prueba utf-8, windows-1252, gb18030 o utf-16le)`,
  },
  unreadable_csv: {
    en: (p) => `not a readable CSV: ${p.detail}`,
    zh: (p) => `无法按 CSV 读取：${p.detail}`,
    es: (p) => `no es un CSV legible: ${p.detail}`,
  },
  no_sheet: {
    en: (p) => `no sheet "${p.sheet}" (sheets: ${list(p.sheets, 'en')})`,
    zh: (p) => `没有名为“${p.sheet}”的工作表（现有：${list(p.sheets, 'zh')}）`,
    es: (p) => `no hay una hoja "${p.sheet}" (hojas: ${list(p.sheets, 'es')})`,
  },
  sheet_empty: {
    en: (p) => `sheet "${p.sheet}" is empty`,
    zh: (p) => `工作表“${p.sheet}”是空的`,
    es: (p) => `la hoja "${p.sheet}" está vacía`,
  },
  missing_columns: {
    en: (p) =>
      `${p.missing.map((m) => `no ${label(m.column, 'en')} column (accepted names: ${list(m.accepted, 'en')})`).join('; ')}. Headers found: ${p.found.length ? quoted(p.found, 'en') : '(none)'}`,
    zh: (p) =>
      `${p.missing.map((m) => `缺少“${label(m.column, 'zh')}”列（可用列名：${list(m.accepted, 'zh')}）`).join('；')}。文件中的列：${p.found.length ? quoted(p.found, 'zh') : '（无）'}`,
    es: (p) =>
      `${p.missing.map((m) => `falta la columna ${label(m.column, 'es')} (nombres aceptados: ${list(m.accepted, 'es')})`).join('; ')}. Encabezados del archivo: ${p.found.length ? quoted(p.found, 'es') : '(ninguno)'}`,
  },
  check_failed: {
    en: (p) => `the check stopped on an unexpected error: ${p.detail}`,
    zh: (p) => `检查因意外错误中止：${p.detail}`,
    es: (p) => `la revisión se detuvo por un error inesperado: ${p.detail}`,
  },
};

/**
 * `catalog.csv: …` in the user's language; `fileName` is the name the user knows the file by, absent
 * for text sent without one (a pasted CSV).
 */
export function fileProblemMessage(problem: FileProblem, lang: Lang, fileName?: string): string {
  const say = texts[problem.code][lang] as (p: FileProblem) => string;
  return fileName ? `${fileName}${lang === 'zh' ? '：' : ': '}${say(problem)}` : say(problem);
}

/** What is wrong with one row of a bulk action, for the row's report. */
export type RowProblemCode = 'empty_field' | 'already_shipped';

const rowTexts: Record<RowProblemCode, Record<Lang, (p: Record<string, string>) => string>> = {
  empty_field: {
    en: (p) => `${label(p.column ?? '', 'en')} is empty`,
    zh: (p) => `${label(p.column ?? '', 'zh')}为空`,
    es: (p) => `el campo ${label(p.column ?? '', 'es')} está vacío`,
  },
  already_shipped: {
    en: (p) => `order ${p.order} had already shipped`,
    zh: (p) => `订单 ${p.order} 已经发货`,
    es: (p) => `el pedido ${p.order} ya se había enviado`,
  },
};

export function rowProblemMessage(code: RowProblemCode, params: Record<string, string>, lang: Lang): string {
  return rowTexts[code][lang](params);
}
