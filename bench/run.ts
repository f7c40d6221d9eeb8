import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateCatalog } from './generateCatalog.ts';

/**
 * `npm run bench:check [-- --quick]`: `puente check --format ndjson` on a generated catalog, beside
 * the bare csv-parse of the same file (as arrays, the way Puente reads, and as objects, the common
 * way) measured in the same run. The ratio is the figure; absolute numbers vary by machine.
 * Goals (issue 15): check throughput ≥ 30% of the bare parse (arrays), peak RSS < 300 MB, and
 * 1,000,000 rows in under 10 s. `--quick` checks 100,000 rows once each (under 2 minutes); the
 * full run checks 1,000,000 rows, 3 times each, and keeps the median.
 */
const quick = process.argv.includes('--quick');
const ROWS = Number(process.env.BENCH_ROWS ?? (quick ? 100_000 : 1_000_000));
const RUNS = Number(process.env.BENCH_RUNS ?? (quick ? 1 : 3));
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `${root}.bench`;
const file = `${dir}/catalog-${ROWS}.csv`;
const usageFile = `${dir}/usage-${process.pid}.json`;
const GOAL = { share: 30, rssMb: 300, msPerMillion: 10_000 };

interface Run {
  ms: number;
  /** CPU time of every thread of the process: on a shared machine wall time includes waiting. */
  cpuMs: number;
  peakRssMb: number;
}

/** Runs a command RUNS times (stdout to /dev/null) and keeps the run of median wall time. */
async function measure(args: string[]): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measureOnce(args));
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)] as Run;
}

function measureOnce(args: string[]): Promise<Run> {
  rmSync(usageFile, { force: true });
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--import', './bench/reportUsage.js', ...args], {
      cwd: root,
      stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'],
      env: { ...process.env, BENCH_USAGE_FILE: usageFile },
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}`));
      const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuMs: number; peakRssKb: number };
      resolve({ ms, cpuMs: usage.cpuMs, peakRssMb: usage.peakRssKb / 1024 });
    });
  });
}

mkdirSync(dir, { recursive: true });
if (!existsSync(file)) {
  process.stdout.write(`generating ${ROWS.toLocaleString('en-US')} rows → ${file}\n`);
  await generateCatalog(file, ROWS);
}
const mb = statSync(file).size / 1e6;
const cores = availableParallelism();
const load = () => loadavg()[0]?.toFixed(1);
process.stdout.write(
  `catalog: ${ROWS.toLocaleString('en-US')} rows, ${mb.toFixed(0)} MB; ${RUNS === 1 ? '1 run' : `median of ${RUNS} runs`} each; ${cores} cores, load average ${load()} at start\n\n`,
);

const rate = (r: Run) => Math.round(ROWS / (r.ms / 1000));
const header = `${''.padEnd(46)} ${'wall'.padStart(8)} ${'rows/s'.padStart(10)} ${'CPU'.padStart(8)} ${'peak RSS'.padStart(9)}`;
const line = (name: string, r: Run) =>
  `${name.padEnd(46)} ${(r.ms / 1000).toFixed(2).padStart(6)} s ${rate(r).toLocaleString('en-US').padStart(10)} ${(r.cpuMs / 1000).toFixed(2).padStart(6)} s ${r.peakRssMb.toFixed(0).padStart(6)} MB`;
process.stdout.write(`${header}\n`);

const bareArrays = await measure(['--import', 'tsx', 'bench/bareParse.ts', file, 'arrays']);
process.stdout.write(`${line('baseline: csv-parse, arrays (as Puente reads)', bareArrays)}\n`);
const bareObjects = await measure(['--import', 'tsx', 'bench/bareParse.ts', file, 'objects']);
process.stdout.write(`${line('baseline: csv-parse, objects (columns: true)', bareObjects)}\n`);
const checkArgs = ['bin/puente.js', 'check', file, '--format', 'ndjson', '--usd-mxn', '18.25'];
const checks: [string, Run][] = [];
for (const [name, args] of [
  ['puente check, default threads', checkArgs],
  ['puente check --jobs 1', [...checkArgs, '--jobs', '1']],
] as const) {
  const run = await measure([...args]);
  checks.push([name, run]);
  process.stdout.write(`${line(name, run)}\n`);
}

/** Throughput as a share of a baseline's: the inverse ratio of wall times (or of CPU times). */
const share = (check: number, base: number) => (100 * base) / check;
const mark = (ok: boolean) => (ok ? 'met' : 'missed');
process.stdout.write(`\nload average ${load()} at end\n`);
for (const [name, run] of checks) {
  const arrays = share(run.ms, bareArrays.ms);
  const perMillion = (run.ms * 1_000_000) / ROWS;
  process.stdout.write(
    [
      `${name}:`,
      `  throughput ${arrays.toFixed(0)}% of bare arrays (goal ≥ ${GOAL.share}%: ${mark(arrays >= GOAL.share)}), ${share(run.ms, bareObjects.ms).toFixed(0)}% of bare objects; by CPU time ${share(run.cpuMs, bareArrays.cpuMs).toFixed(0)}% of bare arrays`,
      `  peak RSS ${run.peakRssMb.toFixed(0)} MB (goal < ${GOAL.rssMb} MB: ${mark(run.peakRssMb < GOAL.rssMb)})`,
      `  1M rows in ${(perMillion / 1000).toFixed(1)} s${ROWS === 1_000_000 ? '' : ` (projected from ${ROWS.toLocaleString('en-US')})`} (goal < ${GOAL.msPerMillion / 1000} s: ${mark(perMillion < GOAL.msPerMillion)})`,
      '',
    ].join('\n'),
  );
}
