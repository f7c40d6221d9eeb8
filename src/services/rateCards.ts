import { openTable, type TableRow } from '../channels/spreadsheet/readTable.ts';
import { costRoutes, legs, type RateCard, rateCardSchema } from '../domain/cost/rateCard.ts';
import { parseDecimalToMinor } from '../domain/money/money.ts';
import type { Notice } from '../i18n/notices.ts';
import { deleteRateCard, rateCards, upsertRateCards } from '../store/costData.ts';
import type { Store } from '../store/openDatabase.ts';
import { columnsOf, type ImportReport, noteProblem, problemOf, rowProblem } from './importReport.ts';
import { NotFound } from './lookups.ts';

/**
 * The seller's rate cards: typed in (API), imported from CSV/XLSX (`puente rate-cards import`),
 * listed and removed. A card's money is in its own currency (USD or MXN), decimals in files.
 */

export const listRateCards = (store: Store, org: string) => rateCards(store, org);

export async function saveRateCard(
  store: Store,
  org: string,
  card: RateCard,
  actor: string,
): Promise<RateCard> {
  const valid = rateCardSchema.parse(card);
  await upsertRateCards(store, org, [valid], {
    organizationId: org,
    actor,
    action: 'rate_card.save',
    subject: valid.code,
    data: valid,
  });
  return valid;
}

export async function removeRateCard(store: Store, org: string, code: string, actor: string): Promise<void> {
  const done = await deleteRateCard(store, org, code, {
    organizationId: org,
    actor,
    action: 'rate_card.delete',
    subject: code,
    data: {},
  });
  if (!done) throw new NotFound({ key: 'no_rate_card', params: { code } });
}

const columns = {
  code: ['code', 'card', 'código', '代码'],
  name: ['name', 'carrier', 'line', 'nombre', '名称'],
  route: ['route', 'ruta', '线路'],
  leg: ['leg', 'tramo', '段'],
  currency: ['currency', 'moneda', '币种'],
  perParcel: ['per parcel', 'per_parcel', 'parcel', 'por paquete', '每票'],
  perKg: ['per kg', 'per_kg', 'kg', 'por kg', '每公斤'],
  feePerParcel: ['fee per parcel', 'fee_per_parcel', 'fee', 'cargo por paquete', '每票手续费'],
  perEntry: ['per entry', 'per_entry', 'por pedimento', '每票报关'],
  unitsPerEntry: ['units per entry', 'units_per_entry', 'unidades por pedimento', '每次报关件数'],
  volumetricDivisor: [
    'volumetric divisor',
    'volumetric_divisor',
    'divisor',
    'divisor volumétrico',
    '材积除数',
  ],
  transitDays: ['transit days', 'transit_days', 'days', 'días de tránsito', '时效天数'],
};

/** Reads rate cards from a file; a bad row is reported with its row and field, good rows are saved. */
export async function importRateCards(
  store: Store,
  org: string,
  file: string,
  actor: string,
): Promise<ImportReport> {
  const table = await openTable(file);
  const col = columnsOf(table.headers, columns, ['code', 'route', 'leg', 'currency', 'transitDays'], file);
  const report: ImportReport = { imported: 0, skipped: 0, problems: [], warnings: [], detail: {} };
  const good: RateCard[] = [];
  const cell = (r: TableRow, c: string) =>
    col[c] === undefined ? '' : (r.values[col[c] as number]?.trim() ?? '');
  for await (const rows of table.rows) {
    for (const r of rows) {
      if (r.problem) {
        noteProblem(report, rowProblem(r));
        report.skipped++;
        continue;
      }
      const problems: { field: string; notice: Notice }[] = [];
      const choice = <T extends string>(field: string, choices: readonly T[]): T => {
        const v = cell(r, field).toLowerCase();
        if (!choices.includes(v as T))
          problems.push({
            field,
            notice: { key: 'row_not_one_of', params: { value: v, choices: choices.join(', ') } },
          });
        return v as T;
      };
      const money = (field: string): number => {
        const v = cell(r, field);
        if (v === '') return 0;
        const minor = parseDecimalToMinor(v);
        if (minor === undefined)
          problems.push({ field, notice: { key: 'row_not_a_price', params: { value: v } } });
        return minor ?? 0;
      };
      const whole = (field: string, optional: boolean): number | null => {
        const v = cell(r, field);
        if (v === '' && optional) return null;
        if (!/^\d+$/.test(v)) {
          problems.push({
            field,
            notice:
              v === ''
                ? { key: 'row_required_empty' }
                : { key: 'row_not_whole_number', params: { value: v } },
          });
          return null;
        }
        return Number(v);
      };
      const code = cell(r, 'code');
      if (!code) problems.push({ field: 'code', notice: { key: 'row_required_empty' } });
      const card = {
        code,
        name: cell(r, 'name') || code,
        route: choice('route', costRoutes),
        leg: choice('leg', legs),
        currency: choice('currency', ['usd', 'mxn'] as const).toUpperCase() as RateCard['currency'],
        perParcelMinor: money('perParcel'),
        perKgMinor: money('perKg'),
        feePerParcelMinor: money('feePerParcel'),
        perEntryMinor: money('perEntry'),
        unitsPerEntry: whole('unitsPerEntry', true) || null,
        volumetricDivisor: whole('volumetricDivisor', true) || null,
        transitDays: whole('transitDays', false) ?? 0,
      };
      const parsed = problems.length ? undefined : rateCardSchema.safeParse(card);
      if (parsed && !parsed.success) {
        const issue = parsed.error.issues[0];
        problems.push({
          field: String(issue?.path[0] ?? 'row'),
          notice: {
            key: 'row_not_one_of',
            params: {
              value: String(card[issue?.path[0] as keyof typeof card] ?? ''),
              choices: issue?.message ?? '',
            },
          },
        });
      }
      if (problems.length || !parsed?.success) {
        for (const p of problems) noteProblem(report, problemOf(r.row, p.field, p.notice));
        report.skipped++;
      } else good.push(parsed.data);
    }
  }
  if (good.length)
    await upsertRateCards(store, org, good, {
      organizationId: org,
      actor,
      action: 'rate_card.import',
      subject: file.split(/[\\/]/).pop() ?? file,
      data: { codes: good.map((c) => c.code) },
    });
  report.imported = good.length;
  return report;
}
