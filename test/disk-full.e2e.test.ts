/**
 * A full disk (issue 9: everything answered 500, reads too, and 21k lines of "cannot rollback - no
 * transaction is active" hid the real SQLITE_FULL). A server in a process of its own keeps its
 * SQLite database on a small tmpfs, which the test fills:
 * - writes are answered 507 DISK_FULL with Retry-After and a message that says what to do;
 * - reads are answered 200, with an API token whose last-used time is due to be written;
 * - the log names SQLITE_FULL and has no "cannot rollback";
 * - once space is freed, writes work again without a restart.
 * Mounting needs root (CAP_SYS_ADMIN); where the machine does not allow it the test fails saying
 * why, unless PUENTE_TEST_SKIP=disk leaves it out.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/openDatabase.ts';
import { ApiClient } from './support/apiClient.ts';
import { seedSeller } from './support/seller.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const disk = mkdtempSync(join(tmpdir(), 'puente-small-disk-'));
const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', disk], { encoding: 'utf8' });
const cannotMount =
  mount.status === 0
    ? null
    : `"mount -t tmpfs" failed (${(mount.stderr || mount.error?.message || `exit ${mount.status}`).trim()}); a small disk to fill needs root or CAP_SYS_ADMIN`;
if (cannotMount) {
  console.warn(`CANNOT TEST test/disk-full.e2e.test.ts: ${cannotMount}`);
  rmSync(disk, { recursive: true, force: true });
}

/** Writes zeros into a file on the disk until the disk refuses more (ENOSPC). */
function fillDisk(file: string): void {
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

// Left out only on request (PUENTE_TEST_SKIP=disk); a machine that cannot mount fails saying so.
it.runIf(cannotMount !== null)('needs a small disk to fill', () => {
  throw new Error(`${cannotMount}; or leave these tests out explicitly with PUENTE_TEST_SKIP=disk`);
});

describe.skipIf(cannotMount !== null)('the database disk fills up, sqlite', () => {
  const dbFile = join(disk, 'puente.db');
  const filler = join(disk, 'filler');
  const dataDir = mkdtempSync(join(tmpdir(), 'puente-small-disk-data-'));
  const owner = { email: 'owner@example.com', password: `pw-${randomBytes(8).toString('hex')}` };
  let child: ChildProcess;
  let url = '';
  let log = '';
  let api: ApiClient;

  beforeAll(async () => {
    child = spawn(process.execPath, ['test/support/serveChild.js', `sqlite:${dbFile}`, dataDir], {
      cwd: root,
      env: {
        ...process.env,
        PUENTE_SECRET_KEY: randomBytes(32).toString('base64'),
        PUENTE_OWNER_EMAIL: owner.email,
        PUENTE_OWNER_PASSWORD: owner.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (chunk) => {
      log += chunk;
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk) => {
        out += chunk;
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { url: string }).url);
      });
      child.on('exit', () => reject(new Error(`the server exited before listening: ${log}`)));
    });
    const store = openDatabase(`sqlite:${dbFile}`);
    try {
      const org = await store.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
      await seedSeller(store, { organizationId: org.id });
    } finally {
      await store.close();
    }
    const session = await ApiClient.loggedIn(url, owner.email, owner.password);
    const issued = await session.post('/api/v1/tokens', { name: 'warehouse script', scope: 'write' });
    api = ApiClient.withToken(url, issued.body.token);
    expect(
      (await api.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 10 })).status,
    ).toBe(200);

    // The token was last used long ago, so every read now tries to record its use; and the WAL is
    // emptied, so the next write must grow a file on the full disk.
    const sqlite = new SqliteDatabase(dbFile);
    sqlite.prepare("update api_tokens set last_used_at = '2026-01-01T00:00:00.000Z'").run();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
    fillDisk(filler);
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    spawnSync('umount', ['-l', disk]);
    rmSync(disk, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  const receiveOne = () => api.post('/api/v1/stock/receive', { sku: 'A', warehouse: 'TX', quantity: 1 });

  it('answers writes 507 DISK_FULL with Retry-After, and reads 200', async () => {
    const write = await receiveOne();
    expect({ status: write.status, retryAfter: write.headers.get('retry-after'), body: write.body }).toEqual({
      status: 507,
      retryAfter: '60',
      body: {
        error: {
          code: 'DISK_FULL',
          message:
            'the database disk is full: free space on it; Puente recovers on its own once there is room',
          details: null,
        },
      },
    });
    const read = await api.get('/api/v1/stock?sku=A&warehouse=TX');
    expect([read.status, read.body.items[0].onHand]).toEqual([200, 10]);
    expect((await api.get('/api/v1/orders')).status).toBe(200);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('logs the real cause, not "cannot rollback"', () => {
    expect(log).toMatch(/SQLITE_FULL|SQLITE_IOERR_WRITE/);
    expect(log).toContain('DISK_FULL');
    expect(log).not.toContain('cannot rollback');
  });

  it('works again once space is freed, without a restart', async () => {
    rmSync(filler);
    const write = await receiveOne();
    expect([write.status, write.body.level.onHand]).toEqual([200, 11]);
    expect((await api.get('/api/v1/stock?sku=A&warehouse=TX')).body.items[0].onHand).toBe(11);
    expect(child.exitCode).toBe(null);
  });
});
