import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
export const WEB_DIST = join(WEB_DIR, 'dist');

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return t;
}

/**
 * The dashboard is built by Vite into web/dist the first time the server starts, and again when a
 * source file is newer than the build: `npm install && npm start` needs no separate build step.
 */
export async function ensureDashboardBuilt(log: (msg: string) => void): Promise<string | null> {
  const index = join(WEB_DIST, 'index.html');
  const src = join(WEB_DIR, 'src');
  if (!existsSync(src)) return null;
  const sources = Math.max(newest(src), statSync(join(WEB_DIR, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return WEB_DIST;
  log('building the dashboard (web/ → web/dist), once…');
  const { build } = await import('vite');
  try {
    await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'error' });
  } catch (e) {
    // A broken dashboard source must not take the API down with it.
    log(`the dashboard did not build, serving the API only: ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
  return WEB_DIST;
}
