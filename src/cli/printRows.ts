import { stringify } from 'csv-stringify/sync';

/** Prints rows as an aligned table, JSON or CSV: the one output helper of the store commands. */
export type RowFormat = 'table' | 'json' | 'csv';

export function printRows(rows: Record<string, unknown>[], format: RowFormat, columns?: string[]): void {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const cell = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'number' && !Number.isFinite(v) ? '∞' : String(v);
  if (format === 'csv') {
    process.stdout.write(stringify([cols, ...rows.map((r) => cols.map((c) => cell(r[c])))]));
    return;
  }
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  process.stdout.write(
    `${[line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n')}\n`,
  );
}
