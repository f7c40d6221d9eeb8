/**
 * `npm run bench:import`: peak memory and speed of `puente import orders` and `puente import stock`
 * on big generated files (200 MB each by default; `-- --mb 50` for a quicker run), beside the
 * baseline of bare csv-parse reading the same file in the same run. Each import runs in its own
 * process, as a user runs it, on a fresh SQLite workspace loaded with `puente demo`; peak RSS is the
 * process's own maximum (getrusage), so nothing samples and nothing is missed. Not part of `npm test`.
 *
 * Goal (issue 9): a 200 MB file under 300 MB RSS.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const mbArg = process.argv.indexOf('--mb');
const MB = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 200;
const bin = fileURLToPath(new URL('../bin/puente.js', import.meta.url));
const bare = fileURLToPath(new URL('./bareParseRss.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'puente-bench-import-'));

function run(args: string[], cwd: string): Promise<{ ms: number; peakMb: number; out: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    // The child prints its own peak RSS on exit (getrusage maxRSS, in KiB on Linux).
    const child = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), '--import', peakReporter, ...args],
      {
        cwd,
        env: { ...process.env, DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code) => {
      const peak = /PEAK_RSS_KB=(\d+)/.exec(err);
      if (code !== 0 || !peak) reject(new Error(`${args.join(' ')} failed (${code}): ${err.slice(-2000)}`));
      else resolve({ ms: performance.now() - start, peakMb: Number(peak[1]) / 1024, out });
    });
  });
}
const peakReporter = `data:text/javascript,process.on('exit',()=>process.stderr.write('PEAK_RSS_KB='+process.resourceUsage().maxRSS+'\\n'))`;

async function write(path: string, header: string, line: (i: number) => string): Promise<number> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  let rows = 0;
  let bytes = 0;
  while (bytes < MB * 1024 * 1024) {
    let block = '';
    for (let k = 0; k < 1000; k++) block += `${line(rows++)}\n`;
    bytes += block.length;
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return rows;
}

async function main() {
  const work = join(dir, 'work');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(work);
  await run([bin, 'demo'], work);
  const db = new Database(join(work, 'puente-data', 'puente.db'), { readonly: true });
  const skus = (db.prepare('select sku from skus order by sku').all() as { sku: string }[]).map((r) => r.sku);
  const fronts = db.prepare('select code, currency from storefronts').all() as {
    code: string;
    currency: string;
  }[];
  const warehouses = (db.prepare('select code from warehouses').all() as { code: string }[]).map(
    (r) => r.code,
  );
  db.close();

  const orders = join(dir, 'orders.csv');
  // Two lines for every third order, next to each other as exports write them.
  let order = 0;
  const orderRows = await write(
    orders,
    'storefront,order_id,paid_at,sku,quantity,unit_price,currency',
    (i) => {
      if (i % 3 !== 2) order++;
      const f = fronts[order % fronts.length] as { code: string; currency: string };
      return `${f.code},BENCH-${order},2026-11-2${order % 8}T1${order % 10}:00:00Z,${skus[(i * 7) % skus.length]},1,19.90,${f.currency}`;
    },
  );
  const stock = join(dir, 'stock.csv');
  const stockRows = await write(stock, 'sku,warehouse,quantity,reference', (i) => {
    return `${skus[i % skus.length]},${warehouses[i % warehouses.length]},${1 + (i % 5)},DELIVERY-${Math.floor(i / 1000)}`;
  });

  for (const [what, file, rows, args] of [
    ['orders', orders, orderRows, ['import', 'orders', orders]],
    ['stock', stock, stockRows, ['import', 'stock', stock, '--mode', 'add']],
  ] as const) {
    const size = statSync(file).size / 1024 / 1024;
    const baseline = await run([bare, file], work);
    const imported = await run([bin, ...args, '--format', 'json'], work);
    const summary = JSON.parse(imported.out) as { imported: number; detail: Record<string, number> };
    process.stdout.write(
      `${what}: ${size.toFixed(0)} MB, ${rows} rows\n` +
        `  puente import ${what}: peak RSS ${imported.peakMb.toFixed(0)} MB, ${Math.round(rows / (imported.ms / 1000))} rows/s (${(imported.ms / 1000).toFixed(1)} s; ${JSON.stringify(summary.detail)})\n` +
        `  bare csv-parse      : peak RSS ${baseline.peakMb.toFixed(0)} MB, ${Math.round(rows / (baseline.ms / 1000))} rows/s (${(baseline.ms / 1000).toFixed(1)} s)\n` +
        `  RSS ratio ${(imported.peakMb / baseline.peakMb).toFixed(2)}×; goal: under 300 MB → ${imported.peakMb < 300 ? 'met' : 'NOT met'}\n`,
    );
  }
}

try {
  await main();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
