import { wordsFor } from '../../i18n/purchaseOrderWords.ts';

/**
 * A purchase order as an XLSX workbook a factory can read: a heading block (number, date, supplier,
 * destination, mode, dates), then one row per SKU with 品名, quantity, cartons, unit cost, amount and
 * the requested date, and the total. Money arrives in minor units and is written as numbers with the
 * currency in the column heading, so the factory's spreadsheet can add them up.
 */
export interface PurchaseOrderSheet {
  language: string;
  number: string;
  orderDate: string;
  supplier: string;
  warehouse: string;
  mode: 'sea' | 'air' | 'express';
  requestedDate: string;
  eta: string;
  currency: string | null;
  lines: {
    sku: string;
    name: string;
    quantity: number;
    casePack: number;
    unitCostMinor: number | null;
  }[];
}

export async function purchaseOrderWorkbook(po: PurchaseOrderSheet): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const w = wordsFor(po.language);
  const book = new ExcelJS.Workbook();
  book.creator = 'Puente';
  const sheet = book.addWorksheet(w.title);
  sheet.addRow([w.title]).font = { bold: true, size: 16 };
  const info: [string, string][] = [
    [w.number, po.number],
    [w.date, po.orderDate],
    [w.supplier, po.supplier],
    [w.shipTo, po.warehouse],
    [w.mode, w.modes[po.mode]],
    [w.requested, po.requestedDate],
    [w.eta, po.eta],
  ];
  for (const [label, value] of info) sheet.addRow([label, value]).getCell(1).font = { bold: true };
  sheet.addRow([]);
  const money = (label: string) => (po.currency ? `${label} (${po.currency})` : label);
  const head = sheet.addRow([
    w.sku,
    w.name,
    w.quantity,
    w.cartons,
    money(w.unitCost),
    money(w.amount),
    w.requestedDate,
  ]);
  head.font = { bold: true };
  const first = head.number + 1;
  for (const l of po.lines) {
    const unit = l.unitCostMinor === null ? null : l.unitCostMinor / 100;
    const row = sheet.addRow([
      l.sku,
      l.name,
      l.quantity,
      Math.ceil(l.quantity / Math.max(1, l.casePack)),
      unit,
      unit === null
        ? null
        : { formula: `C${sheet.rowCount + 1}*E${sheet.rowCount + 1}`, result: unit * l.quantity },
      po.requestedDate,
    ]);
    row.getCell(5).numFmt = '#,##0.00';
    row.getCell(6).numFmt = '#,##0.00';
  }
  const last = sheet.rowCount;
  const totalMinor = po.lines.reduce((sum, l) => sum + (l.unitCostMinor ?? 0) * l.quantity, 0);
  const total = sheet.addRow([
    w.total,
    '',
    { formula: `SUM(C${first}:C${last})`, result: po.lines.reduce((s, l) => s + l.quantity, 0) },
    {
      formula: `SUM(D${first}:D${last})`,
      result: po.lines.reduce((s, l) => s + Math.ceil(l.quantity / Math.max(1, l.casePack)), 0),
    },
    '',
    { formula: `SUM(F${first}:F${last})`, result: totalMinor / 100 },
    '',
  ]);
  total.font = { bold: true };
  total.getCell(6).numFmt = '#,##0.00';
  sheet.addRow([]);
  sheet.addRow([w.note]);
  sheet.columns.forEach((c, i) => {
    c.width = [18, 36, 10, 8, 14, 14, 14][i] ?? 12;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
