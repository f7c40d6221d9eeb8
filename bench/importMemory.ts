/**
 * `npm run bench:import [-- --mb 200 --baseline-mb 20]`: peak memory and speed of `puente import
 * orders` and `puente import stock` on big generated files (bench/generateImportFiles.ts), beside
 * two baselines measured in the same run: the same import of a small file (20 MB), and bare
 * csv-parse reading the big file. Each import runs in its own process, as a user runs it, on a fresh
 * copy of one SQLite workspace loaded with `puente demo`; peak RSS is the process's own maximum
 * (getrusage), so nothing samples and nothing is missed. Not part of `npm test`: at 200 MB the order
 * import alone takes tens of minutes.
 *
 * Goal (issue 9): a 200 MB file under 300 MB RSS; and the peak does not grow with the file.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoCodes, writeOrdersFile, writeStockFile } from './generateImportFiles.ts';

const option = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MB = option('mb', 200);
const BASELINE_MB = option('baseline-mb', 20);
const bin = fileURLToPath(new URL('../bin/puente.js', import.meta.url));
const bareParse = fileURLToPath(new URL('./bareParseRss.ts', import.meta.url));
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

async function main() {
  const demo = join(dir, 'demo');
  mkdirSync(demo);
  await run([bin, 'demo'], demo);
  const codes = demoCodes(demo);
  /** A fresh copy of the demo workspace, so that every import starts from the same stock. */
  let copies = 0;
  const fresh = () => {
    const work = join(dir, `work-${++copies}`);
    cpSync(demo, work, { recursive: true });
    return work;
  };
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const figures = (label: string, rows: number, r: { ms: number; peakMb: number }) =>
    `  ${label.padEnd(34)} peak RSS ${r.peakMb.toFixed(0).padStart(4)} MB, ${String(Math.round(rows / (r.ms / 1000))).padStart(7)} rows/s (${(r.ms / 1000).toFixed(1)} s)`;

  for (const [what, writer, args] of [
    ['orders', writeOrdersFile, ['import', 'orders']],
    ['stock', writeStockFile, ['import', 'stock', '--mode', 'add']],
  ] as const) {
    const small = join(dir, `${what}-${BASELINE_MB}mb.csv`);
    const big = join(dir, `${what}-${MB}mb.csv`);
    const smallRows = await writer(small, BASELINE_MB, codes);
    const bigRows = await writer(big, MB, codes);
    const bare = await run([bareParse, big], demo);
    const baseline = await run([bin, ...args, small, '--format', 'json'], fresh());
    const imported = await run([bin, ...args, big, '--format', 'json'], fresh());
    const summary = JSON.parse(imported.out) as { detail: Record<string, number> };
    out(
      `${what}: ${(statSync(big).size / 1024 / 1024).toFixed(1)} MB, ${bigRows} rows (${JSON.stringify(summary.detail)})`,
    );
    out(figures(`puente import ${what}, ${MB} MB`, bigRows, imported));
    out(figures(`baseline: the same, ${BASELINE_MB} MB`, smallRows, baseline));
    out(figures(`baseline: bare csv-parse, ${MB} MB`, bigRows, bare));
    out(
      `  goal: under 300 MB → ${imported.peakMb < 300 ? 'met' : 'NOT met'}; peak ${MB} MB / ${BASELINE_MB} MB: ${(imported.peakMb / baseline.peakMb).toFixed(2)}×`,
    );
  }
}

try {
  await main();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
