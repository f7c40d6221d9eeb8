import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the package's own files are (policies/, config/, examples/, dist/), whether this code runs
 * from source (src/…/x.ts under tsx or vitest) or bundled (dist/cli.js, dist/chunks/…): the nearest
 * folder above this module that holds a package.json. A path relative to `import.meta.url` would
 * differ between the two, since the bundle puts every module at one depth.
 */
function findRoot(from: string): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = findRoot(fileURLToPath(import.meta.url));

/** A file or folder of the package, e.g. packagePath('policies/'). */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}

/** The compiled code (npm run build): the bundle, its worker threads and the dashboard (dist/web). */
export const DIST = packagePath('dist');

/** True when this module runs from dist/ (npm start, bin/puente.js), false from source (tsx, vitest). */
export const COMPILED = !import.meta.url.endsWith('.ts');
