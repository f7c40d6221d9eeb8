import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { integrityProblems, problemSummary } from './sqliteBackup.ts';

const dir = mkdtempSync(join(tmpdir(), 'puente-integrity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database with an indexed table over many pages. */
function database(name: string): { file: string; bytes: Buffer } {
  const file = join(dir, name);
  const db = new SqliteDatabase(file);
  db.exec('create table t (id integer primary key, v text); create index t_v on t (v)');
  const insert = db.prepare('insert into t (v) values (?)');
  db.transaction(() => {
    for (let i = 0; i < 5_000; i++) insert.run(`value ${i} ${'x'.repeat(40)}`);
  })();
  db.close();
  return { file, bytes: readFileSync(file) };
}

describe('SQLite integrity problems', () => {
  it('lists one problem per entry, so that a message quotes them on one line', () => {
    const { file, bytes } = database('index-damaged.db');
    // Flip a bit every 61 bytes in the back half of page 6, an index page: SQLite's check walks
    // the whole file and reports each broken entry, under a "*** in database main ***" heading.
    const page = 5 * 4096;
    for (let i = page + 2000; i < page + 4096; i += 61) bytes[i] = (bytes[i] as number) ^ 1;
    writeFileSync(file, bytes);
    const problems = integrityProblems(file);
    expect(problems.length).toBeGreaterThan(3);
    expect(problems.filter((p) => p.includes('\n') || p.startsWith('***'))).toEqual([]);
    const summary = problemSummary(problems);
    expect(summary).not.toContain('\n');
    expect(summary).toMatch(new RegExp(`; … \\(\\+${problems.length - 3}\\)$`));
  });

  it('reports damage the check cannot walk past as the one problem', () => {
    const { file, bytes } = database('malformed.db');
    bytes.fill(0x5a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 16_384);
    writeFileSync(file, bytes);
    expect(integrityProblems(file)).toEqual(['database disk image is malformed']);
  });

  it('finds none in a whole database', () => {
    const file = join(dir, 'whole.db');
    new SqliteDatabase(file).exec('create table t (id integer primary key)');
    expect(integrityProblems(file)).toEqual([]);
  });

  it('quotes few problems whole', () => {
    expect(problemSummary(['a', 'b'])).toBe('a; b');
  });
});
