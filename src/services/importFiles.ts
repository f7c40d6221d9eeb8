import { openTable, TableError } from '../channels/spreadsheet/readTable.ts';
import { missingColumns, readHeader } from '../domain/catalog/catalogColumns.ts';
import { parseRate } from '../domain/money/money.ts';
import { upsertSkus } from '../store/entities.ts';
import type { Store } from '../store/openDatabase.ts';
import { CatalogChecker } from './checkCatalog.ts';
import {
  type ImportReport,
  type ImportWarning,
  problemOf,
  type RowProblem,
  rowProblem,
  warningOf,
} from './importReport.ts';
import { loadFitConfig, loadPolicy } from './loadConfig.ts';

export { importOrders } from './importOrders.ts';
export type { ImportReport, ImportWarning, RowProblem } from './importReport.ts';
export { importStock } from './importStock.ts';

/**
 * `puente import catalog|stock|orders <file>`: spreadsheet rows into the store. A bad row is reported
 * with its row number and field, and the other rows go on; what was stored before is never lost.
 * Stock (importStock.ts) and orders (importOrders.ts) stream in bounded memory and commit in chunks.
 */

async function* rowsOf<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

export async function importCatalog(
  store: Store,
  org: string,
  file: string,
  usdMxn?: string,
  encoding?: string,
): Promise<ImportReport> {
  const table = await openTable(file, { encoding });
  const header = readHeader(table.headers);
  if (header.missing.length)
    throw new TableError(
      { code: 'missing_columns', missing: missingColumns(header), found: table.headers },
      file,
    );
  const policy = await loadPolicy();
  const rate = usdMxn ? parseRate(usdMxn, 'USD', 'MXN') : undefined;
  const checker = new CatalogChecker(
    { policy, fit: await loadFitConfig(), lang: 'en', usdMxn: rate },
    header,
  );
  const problems: RowProblem[] = [];
  const warnings: ImportWarning[] = table.encodingWarning
    ? [warningOf([], table.encodingNotice, table.encodingWarning)]
    : [];
  const skus = [];
  for await (const r of rowsOf(table.rows)) {
    if (r.problem) {
      problems.push(rowProblem(r));
      continue;
    }
    if (r.warning) warnings.push(warningOf([r.row], r.warningNotice, r.warning));
    const result = checker.check(r);
    const title = r.values[header.columns.title as number]?.trim();
    if (!result.sku || !title) {
      problems.push(problemOf(r.row, result.sku ? 'title' : 'sku', { key: 'row_required_empty' }));
      continue;
    }
    skus.push({ sku: result.sku, title, programCategory: result.category, verdict: result.verdict });
  }
  await upsertSkus(store, org, skus);
  const detail: Record<string, number> = {};
  for (const s of skus) detail[s.verdict] = (detail[s.verdict] ?? 0) + 1;
  return { imported: skus.length, skipped: problems.length, problems, warnings, detail };
}
