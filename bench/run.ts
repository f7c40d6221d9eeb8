import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Run {
  ms: number;
  peakRssMb: number;
}

/**
 * Runs a command RUNS times (stdout to /dev/null) and keeps the run of median time: on a shared
 * 2-core machine single runs vary by ±20%. Peak RSS is sampled from /proc (VmHWM).
 */
async function measure(args: string[]): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measureOnce(args));
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)] as Run;
}

function measureOnce(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'],
    });
    let peakKb = 0;
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
      else resolve({ ms: performance.now() - start, peakRssMb: peakKb / 1024 });
    });
  });
}

mkdirSync(dir, { recursive: true });
if (!existsSync(file)) {
  process.stdout.write(`generating ${ROWS.toLocaleString('en-US')} rows → ${file}\n`);
  await generateCatalog(file, ROWS);
}
const mb = statSync(file).size / 1e6;
process.stdout.write(
  `catalog: ${ROWS.toLocaleString('en-US')} rows, ${mb.toFixed(0)} MB; median of ${RUNS} runs each\n\n`,
);

const rate = (ms: number) => Math.round(ROWS / (ms / 1000));
const line = (name: string, r: Run) =>
  `${name.padEnd(44)} ${(r.ms / 1000).toFixed(2).padStart(7)} s ${rate(r.ms).toLocaleString('en-US').padStart(10)} rows/s ${r.peakRssMb.toFixed(0).padStart(5)} MB peak RSS`;

const bareArrays = await measure(['--import', 'tsx', 'bench/bareParse.ts', file, 'arrays']);
process.stdout.write(`${line('baseline: csv-parse, arrays (as Puente reads)', bareArrays)}\n`);
const bareObjects = await measure(['--import', 'tsx', 'bench/bareParse.ts', file, 'objects']);
process.stdout.write(`${line('baseline: csv-parse, objects (columns: true)', bareObjects)}\n`);
const checkArgs = ['bin/puente.js', 'check', file, '--format', 'ndjson', '--usd-mxn', '18.25'];
const single = await measure([...checkArgs, '--jobs', '1']);
process.stdout.write(`${line('puente check --format ndjson --jobs 1', single)}\n`);
const jobs = availableParallelism();
const parallel = await measure([...checkArgs, '--jobs', String(jobs)]);
process.stdout.write(`${line(`puente check --format ndjson --jobs ${jobs}`, parallel)}\n\n`);

const pct = (check: Run, base: Run) => `${((100 * base.ms) / check.ms).toFixed(0)}%`;
process.stdout.write(
  [
    `check throughput as a share of the bare parse (arrays), goal ≥ 35%: ${pct(single, bareArrays)} with 1 thread, ${pct(parallel, bareArrays)} with ${jobs}`,
    `check throughput as a share of the bare parse (objects): ${pct(single, bareObjects)} with 1 thread, ${pct(parallel, bareObjects)} with ${jobs}`,
    `wall time, goal < 15 s: ${(single.ms / 1000).toFixed(1)} s with 1 thread, ${(parallel.ms / 1000).toFixed(1)} s with ${jobs}`,
    `peak RSS, goal < 300 MB: ${single.peakRssMb.toFixed(0)} MB with 1 thread, ${parallel.peakRssMb.toFixed(0)} MB with ${jobs}`,
    '',
  ].join('\n'),
);
