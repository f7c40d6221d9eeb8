/**
 * `puente check` on worker threads must say exactly what it says on one thread: same rows, same
 * order, same summary. Checked on a generated catalog of several thousand rows (many batches),
 * with a repeated SKU far from its first row.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../bench/generateCatalog.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'puente-parallel-'));
const file = join(dir, 'catalog.csv');
const ROWS = 3210;

const check = async (...args: string[]) =>
  (
    await promisify(execFile)(
      process.execPath,
      ['bin/puente.js', 'check', file, '--usd-mxn', '18.25', ...args],
      { cwd: root, maxBuffer: 256 * 1024 * 1024 },
    )
  ).stdout;

let single: string;
let parallel: string;
let json1: { summary: unknown };
let json2: { summary: unknown };

beforeAll(async () => {
  await generateCatalog(file, ROWS);
  appendFileSync(file, 'SKU-0000002,Wireless earbuds repeated,Electronics,,,199.00,MXN,80,10,8,4,no,no,20\n');
  [single, parallel, json1, json2] = await Promise.all([
    check('--format', 'ndjson', '--jobs', '1'),
    check('--format', 'ndjson', '--jobs', '2'),
    check('--format', 'json', '--jobs', '1').then(JSON.parse),
    check('--format', 'json', '--jobs', '3').then(JSON.parse),
  ]);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('puente check --jobs', () => {
  it('checks every row once, in file order', () => {
    const rows = single
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).row as number);
    expect(rows).toEqual(Array.from({ length: ROWS + 1 }, (_, i) => i + 2));
  });

  it('prints the same results on 2 threads as on 1', () => {
    expect(parallel).toBe(single);
  });

  it('gives the same summary on 3 threads as on 1', () => {
    expect(json2.summary).toEqual(json1.summary);
  });

  it('finds a SKU repeated thousands of rows later, across batches and threads', () => {
    const last = JSON.parse(parallel.trim().split('\n').at(-1) as string);
    expect(last).toMatchObject({ row: ROWS + 2, sku: 'SKU-0000002', verdict: 'invalid' });
    expect(last.reasons[0].message).toContain('row 3');
  });
});
