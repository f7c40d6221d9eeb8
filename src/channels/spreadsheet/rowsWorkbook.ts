/** Rows as a one-sheet XLSX workbook, the columns in the order given (e.g. `plan restock --format xlsx`). */
export async function rowsWorkbook(
  sheetName: string,
  rows: Record<string, unknown>[],
  columns: string[],
): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow(columns).font = { bold: true };
  for (const r of rows) sheet.addRow(columns.map((c) => r[c] ?? null));
  return Buffer.from(await book.xlsx.writeBuffer());
}
