/**
 * What the disk-full tests (test/disk-full*.e2e.test.ts) share: a small tmpfs to fill, a server in
 * a process of its own on a database there, with the demo seller, an owner and a write token, and
 * the answer a write gets once the disk is full.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { openDatabase } from '../../src/store/openDatabase.ts';
import { ApiClient } from './apiClient.ts';
import { seedSeller } from './seller.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Mounts a 16 MB tmpfs on `dir` (with more `-o` options when given); null, or why not. */
export function mountSmallDisk(dir: string, options = ''): string | null {
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=16m${options}`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  return mount.status === 0
    ? null
    : `"mount -t tmpfs" failed (${(mount.stderr || mount.error?.message || `exit ${mount.status}`).trim()}); a small disk to fill needs root or CAP_SYS_ADMIN`;
}

/** Writes zeros into a file on the disk until the disk refuses more (ENOSPC). */
export function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

export interface DiskFullServer {
  url: string;
  child: ChildProcess;
  /** A write token's client (scope write), which has received 10 of SKU A at TX. */
  api: ApiClient;
  /** What the server wrote to stderr so far. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * A server (test/support/serveChild.js) on `databaseUrl`, listening; the demo seller seeded in its
 * organization, a write token named `tokenName` issued by the owner, and 10 of SKU A received at TX.
 */
export async function diskFullServer(
  databaseUrl: string,
  dataDir: string,
  tokenName: string,
): Promise<DiskFullServer> {
  const owner = { email: 'owner@example.com', password: `pw-${randomBytes(8).toString('hex')}` };
  const child = spawn(process.execPath, ['test/support/serveChild.js', databaseUrl, dataDir], {
    cwd: root,
    env: {
      ...process.env,
      PUENTE_SECRET_KEY: randomBytes(32).toString('base64'),
      PUENTE_OWNER_EMAIL: owner.email,
      PUENTE_OWNER_PASSWORD: owner.password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk) => {
    log += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', () => reject(new Error(`the server exited before listening: ${log}`)));
  });
  const store = openDatabase(databaseUrl);
  try {
    const org = await store.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
    await seedSeller(store, { organizationId: org.id });
  } finally {
    await store.close();
  }
  const session = await ApiClient.loggedIn(url, owner.email, owner.password);
  const issued = await session.post('/api/v1/tokens', { name: tokenName, scope: 'write' });
  const api = ApiClient.withToken(url, issued.body.token);
  expect((await api.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 10 })).status).toBe(
    200,
  );
  return {
    url,
    child,
    api,
    log: () => log,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The answer to a write on a full disk: 507 DISK_FULL, Retry-After, and what to do. */
export function expectDiskFull(write: { status: number; headers: Headers; body: unknown }): void {
  expect({ status: write.status, retryAfter: write.headers.get('retry-after'), body: write.body }).toEqual({
    status: 507,
    retryAfter: '60',
    body: {
      error: {
        code: 'DISK_FULL',
        message: 'the database disk is full: free space on it; Puente recovers on its own once there is room',
        details: null,
      },
    },
  });
}
