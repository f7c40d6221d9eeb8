import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * The project's layering, as DESIGN.md states it: SQL lives in `src/store/` only. Services, routes,
 * the command line and jobs reach the database through store functions, so every query is in one
 * place to index, plan-test and run on both engines. Tests may query directly to check what was stored.
 */
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const QUERY = /\b(selectFrom|insertInto|updateTable|deleteFrom|replaceInto)\(|\bsql`|\.prepare\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

it('keeps every query in src/store/', () => {
  const outside = sourceFiles(SRC)
    .filter((f) => !relative(SRC, f).startsWith('store/') && !f.endsWith('.test.ts'))
    .flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (QUERY.test(line) ? [`src/${relative(SRC, f)}:${i + 1}: ${line.trim()}`] : [])),
    );
  expect(outside).toEqual([]);
});
