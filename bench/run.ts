import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateCatalog } from './generateCatalog.ts';

/**
 * `npm run bench`: `puente check --format ndjson` on a 1,000,000-row catalog, beside the bare CSV
 * parse of the same file measured in the same run. The ratio is the figure; absolute numbers vary by
 * machine. Goals (issue 2): ratio ≥ 35% of the bare parse, under 15 s, peak RSS under 300 MB.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `${root}.bench`;
const file = `${dir}/catalog-${ROWS}.csv`;

interface Run {
  ms: number;
  peakRssMb: number;
  stdout: string;
}

/** Runs a command with stdout to /dev/null or a pipe, sampling its peak RSS (VmHWM) from /proc. */
function measure(args: string[], keepStdout = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const stdout = keepStdout ? 'pipe' : openSync('/dev/null', 'w');
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', stdout, 'inherit'] });
    let peakKb = 0;
    let text = '';
    child.stdout?.on('data', (d) => {
      text += d;
    });
    const sample = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // the process has just exited
      }
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sample);
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}`));
      else resolve({ ms: performance.now() - start, peakRssMb: peakKb / 1024, stdout: text });
    });
  });
}

mkdirSync(dir, { recursive: true });
if (!existsSync(file)) {
  process.stdout.write(`generating ${ROWS.toLocaleString('en-US')} rows → ${file}\n`);
  await generateCatalog(file, ROWS);
}
const mb = statSync(file).size / 1e6;
process.stdout.write(`catalog: ${ROWS.toLocaleString('en-US')} rows, ${mb.toFixed(0)} MB\n\n`);

const rate = (ms: number) => Math.round(ROWS / (ms / 1000));
const line = (name: string, r: Run) =>
  `${name.padEnd(44)} ${(r.ms / 1000).toFixed(2).padStart(7)} s ${rate(r.ms).toLocaleString('en-US').padStart(10)} rows/s ${r.peakRssMb.toFixed(0).padStart(5)} MB peak RSS`;

const bareArrays = await measure(['--import', 'tsx', 'bench/bareParse.ts', file, 'arrays']);
process.stdout.write(`${line('baseline: csv-parse, arrays (as Puente reads)', bareArrays)}\n`);
const bareObjects = await measure(['--import', 'tsx', 'bench/bareParse.ts', file, 'objects']);
process.stdout.write(`${line('baseline: csv-parse, objects (columns: true)', bareObjects)}\n`);
const check = await measure(['bin/puente.js', 'check', file, '--format', 'ndjson', '--usd-mxn', '18.25']);
process.stdout.write(`${line('puente check --format ndjson', check)}\n\n`);

const pct = (base: Run) => `${((100 * bareParseMs(base)) / check.ms).toFixed(0)}%`;
function bareParseMs(r: Run) {
  return r.ms;
}
process.stdout.write(
  [
    `check throughput vs bare parse (arrays):  ${pct(bareArrays)}  (goal ≥ 35%)`,
    `check throughput vs bare parse (objects): ${pct(bareObjects)}`,
    `check wall time: ${(check.ms / 1000).toFixed(2)} s (goal < 15 s); peak RSS ${check.peakRssMb.toFixed(0)} MB (goal < 300 MB)`,
    '',
  ].join('\n'),
);
