// The server and the command line compiled into dist/ (esbuild): `node scripts/build.js`. `npm run build`
// runs it and then builds the dashboard into dist/web (Vite). Plain JavaScript, so that it runs on a
// bare Node from `npm install` (prepare), before anything else is compiled.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

/**
 * The bundle's entry points: the command line (bin/puente.js runs it; `puente serve` is the server),
 * the server alone for a program that starts it (the tests' child servers do), and the worker thread
 * of `puente check` (started by file name, so it is a bundle of its own).
 */
export const entryPoints = {
  cli: 'src/cli/main.ts',
  server: 'src/http/server.ts',
  checkWorker: 'src/services/checkWorker.ts',
};

// Every module of the bundle shares its file's import.meta.url: a path relative to it
// (new URL('../../policies/', import.meta.url)) would point elsewhere than from source.
const RELATIVE_TO_MODULE = /new URL\(\s*['"`]\.\.\/[^)]*import\.meta\.url/;
const samePathsCompiled = {
  name: 'same-paths-compiled',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      if (!RELATIVE_TO_MODULE.test(readFileSync(args.path, 'utf8'))) return undefined;
      return {
        errors: [
          {
            text: 'a path relative to import.meta.url moves in the bundle: use packagePath() from src/services/packageFiles.ts',
          },
        ],
      };
    });
  },
};

/**
 * Bundled rather than loaded from node_modules: ESM packages of many small modules that every
 * command loads. Node resolves, reads and links each file on every start (kysely alone is 280
 * files, about 0.2 s of CPU per `puente` process); in the bundle they are parsed once, as part of
 * one file. Only packages whose objects never cross into another package of node_modules, so that
 * no two copies of one meet.
 */
const BUNDLED = new Set(['kysely', 'luxon', 'uuid', 'cockatiel', 'p-queue']);

/** Every other dependency, and its subpaths (csv-parse/sync), stays external. */
function external() {
  const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return Object.keys(dependencies)
    .filter((name) => !BUNDLED.has(name))
    .flatMap((name) => [name, `${name}/*`]);
}

/** Compiles src/ into dist/ (everything there but the dashboard, dist/web, is replaced). */
export async function buildServer() {
  for (const name of existsSync(dist) ? readdirSync(dist) : [])
    if (name !== 'web') rmSync(join(dist, name), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir: dist,
    bundle: true,
    // Shared modules and what the command line loads on demand (the server, `puente check`…)
    // become chunks: a command loads only what it runs.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    // The oldest Node the package still runs on (engines in package.json).
    target: 'node20',
    // Dependencies stay in node_modules, loaded by Node as they are (native ones included), except
    // the pure-ESM libraries every command loads that come as hundreds of small files (see BUNDLED).
    external: external(),
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [samePathsCompiled],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  await buildServer();
  process.stdout.write(`dist/: server and command line compiled in ${Date.now() - started} ms\n`);
}
