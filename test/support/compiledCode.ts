import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The end-to-end tests run the compiled code, as `npm start` does: bin/puente.js runs dist/cli.js,
 * the child servers dist/server.js, the browser tests' server serves dist/web. `npm test` builds
 * first. A run of a few files (`npx vitest run test/cli.e2e.test.ts`) after an edit of src/ would
 * test the previous build: the server bundle (esbuild, seconds) is rebuilt here when src/ is newer.
 * The dashboard (Vite, a minute) is not: the run says to build it.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

function newest(dir: string, skip: (name: string) => boolean = () => false): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (skip(e.name)) continue;
    const path = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(path, skip) : statSync(path).mtimeMs);
  }
  return t;
}

const age = (file: string) => (existsSync(file) ? statSync(file).mtimeMs : 0);

export async function freshCompiledCode(say: (line: string) => void): Promise<void> {
  const cli = join(root, 'dist/cli.js');
  if (age(cli) < newest(join(root, 'src'), (name) => name.endsWith('.test.ts'))) {
    const started = Date.now();
    const { buildServer } = (await import(join(root, 'scripts/build.js'))) as {
      buildServer: () => Promise<void>;
    };
    await buildServer();
    say(`dist/ was older than src/: server and command line recompiled (${Date.now() - started} ms).`);
  }
  const web = join(root, 'dist/web/index.html');
  if (!existsSync(web))
    say('The dashboard is not built (no dist/web): browser tests will fail until npm run build.');
  else if (age(web) < Math.max(newest(join(root, 'web/src')), age(join(root, 'web/index.html'))))
    say('dist/web is older than web/src/: browser tests run the previous dashboard until npm run build.');
}
