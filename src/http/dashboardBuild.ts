import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
export const WEB_DIST = join(WEB_DIR, 'dist');

// Vite's own command line (its package exports no path to it: found beside its package.json).
const VITE = fileURLToPath(new URL('bin/vite.js', import.meta.resolve('vite/package.json')));

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return t;
}

/** Server modules the dashboard imports too (the limits and the field rules: one source for both). */
const SHARED = ['../src/domain/limitValues.ts', '../src/domain/inputProblems.ts'].map((p) =>
  join(WEB_DIR, p),
);

function upToDate(): boolean {
  const index = join(WEB_DIST, 'index.html');
  const sources = Math.max(
    newest(join(WEB_DIR, 'src')),
    statSync(join(WEB_DIR, 'index.html')).mtimeMs,
    ...SHARED.filter(existsSync).map((p) => statSync(p).mtimeMs),
  );
  return existsSync(index) && statSync(index).mtimeMs >= sources;
}

/**
 * The dashboard is built by Vite into web/dist the first time the server starts, and again when a
 * source file is newer than the build: `npm install && npm start` needs no separate build step.
 * Servers starting together (tests, several processes) build once: the others wait for the lock.
 * Vite runs in a process of its own: built in the server's process, the bundler's native memory
 * (~550 MB) stayed in the server's RSS for as long as it ran (npm run soak: 721 MB before any load,
 * against 179 MB with the build already done).
 */
export async function ensureDashboardBuilt(log: (msg: string) => void): Promise<string | null> {
  if (!existsSync(join(WEB_DIR, 'src'))) return null;
  if (upToDate()) return WEB_DIST;
  const release = await buildLock();
  try {
    if (upToDate()) return WEB_DIST;
    log('building the dashboard (web/ → web/dist), once…');
    await promisify(execFile)(
      process.execPath,
      [VITE, 'build', '--config', join(WEB_DIR, 'vite.config.ts'), '--logLevel', 'error'],
      { cwd: WEB_DIR, maxBuffer: 16 * 1024 * 1024 },
    );
    return WEB_DIST;
  } catch (e) {
    // A broken dashboard source must not take the API down with it.
    const { stderr, message } = e as { stderr?: string; message: string };
    log(`the dashboard did not build, serving the API only: ${(stderr?.trim() || message).split('\n')[0]}`);
    return null;
  } finally {
    release();
  }
}

/** A lock file holding the builder's pid; one left by a process that died is taken over. */
async function buildLock(): Promise<() => void> {
  const name = createHash('sha256').update(WEB_DIR).digest('hex').slice(0, 12);
  const lock = join(tmpdir(), `puente-dashboard-build-${name}.lock`);
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (!holderAlive(lock)) rmSync(lock, { force: true });
      else await delay(100);
    }
  }
}

function holderAlive(lock: string): boolean {
  let pid = 0;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return false;
  }
  // An empty file is a lock being written this instant: its writer is alive.
  if (!pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
