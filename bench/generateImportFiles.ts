/**
 * Big orders and stock CSV files for bench/importMemory.ts, written in a stream (the generator's own
 * memory stays flat). The codes come from a workspace loaded with `puente demo`, so every row is
 * importable: two lines for every third order, next to each other as exports write them; stock rows
 * as deliveries with a reference per thousand rows.
 *
 * As a command: `node --import tsx bench/generateImportFiles.ts <workspace dir> <out dir> [MB]`
 * writes <out dir>/orders-<MB>mb.csv and stock-<MB>mb.csv (keep them out of the repository: /tmp).
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export interface DemoCodes {
  skus: string[];
  storefronts: { code: string; currency: string }[];
  warehouses: string[];
}

/** The SKU, storefront and warehouse codes of a demo workspace (its puente-data/puente.db). */
export function demoCodes(workspace: string): DemoCodes {
  const db = new Database(join(workspace, 'puente-data', 'puente.db'), { readonly: true });
  try {
    return {
      skus: (db.prepare('select sku from skus order by sku').pluck().all() as string[]).slice(),
      storefronts: db.prepare('select code, currency from storefronts order by code').all() as {
        code: string;
        currency: string;
      }[],
      warehouses: db.prepare('select code from warehouses order by code').pluck().all() as string[],
    };
  } finally {
    db.close();
  }
}

/** Writes lines until the file holds `mb` MB; answers the number of rows after the header. */
async function write(path: string, mb: number, header: string, line: (i: number) => string): Promise<number> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  let rows = 0;
  let bytes = 0;
  while (bytes < mb * 1024 * 1024) {
    let block = '';
    for (let k = 0; k < 1000; k++) block += `${line(rows++)}\n`;
    bytes += block.length;
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return rows;
}

export function writeOrdersFile(path: string, mb: number, codes: DemoCodes): Promise<number> {
  let order = 0;
  return write(path, mb, 'storefront,order_id,paid_at,sku,quantity,unit_price,currency', (i) => {
    if (i % 3 !== 2) order++;
    const f = codes.storefronts[order % codes.storefronts.length] as DemoCodes['storefronts'][number];
    return `${f.code},BENCH-${order},2026-11-2${order % 8}T1${order % 10}:00:00Z,${codes.skus[(i * 7) % codes.skus.length]},1,19.90,${f.currency}`;
  });
}

export function writeStockFile(path: string, mb: number, codes: DemoCodes): Promise<number> {
  return write(
    path,
    mb,
    'sku,warehouse,quantity,reference',
    (i) =>
      `${codes.skus[i % codes.skus.length]},${codes.warehouses[i % codes.warehouses.length]},${1 + (i % 5)},DELIVERY-${Math.floor(i / 1000)}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [workspace, out, mb = '200'] = process.argv.slice(2);
  if (!workspace || !out) throw new Error('usage: generateImportFiles.ts <workspace dir> <out dir> [MB]');
  mkdirSync(out, { recursive: true });
  const codes = demoCodes(workspace);
  for (const [kind, writer] of [
    ['orders', writeOrdersFile],
    ['stock', writeStockFile],
  ] as const) {
    const path = join(out, `${kind}-${mb}mb.csv`);
    process.stdout.write(`${path}: ${await writer(path, Number(mb), codes)} rows\n`);
  }
}
