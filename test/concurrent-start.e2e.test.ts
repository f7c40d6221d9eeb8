/**
 * Several processes starting at once on a database nobody has started yet, the way a service
 * manager or a deploy starts a few at a time. Before the start-up lock, SQLite processes crashed
 * with "table organizations already exists" (or "duplicate column name") and PostgreSQL ones with
 * EMAIL_TAKEN. Now every process exits 0, and there is one schema, one organization, one owner and
 * one secret key.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeKey } from '../src/services/security/secretKey.ts';
import { SecretBox } from '../src/services/security/secrets.ts';
import { migrations } from '../src/store/migrations.ts';
import { engines, freshStore, type TestStore } from './support/stores.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/puente.js');
const PROCESSES = 4;

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, args, { cwd, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe.each(engines)('%s: four processes starting at once on a fresh database', (engine) => {
  let store: TestStore;
  let dir: string;
  afterEach(async () => {
    await store?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = () => {
    const e: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: store.url, LANG: 'C.UTF-8' };
    delete e.PUENTE_SECRET_KEY;
    return e;
  };

  async function counts() {
    const n = async (table: 'organizations' | 'users' | 'kysely_migration') => {
      const r = await store.db
        // biome-ignore lint/suspicious/noExplicitAny: kysely_migration is Kysely's own table
        .selectFrom(table as any)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    };
    return {
      organizations: await n('organizations'),
      users: await n('users'),
      migrations: await n('kysely_migration'),
    };
  }

  it('`puente migrate` ×4: all exit 0, one schema, one organization', async () => {
    store = await freshStore(engine, { unmigrated: true });
    dir = mkdtempSync(join(tmpdir(), 'puente-start-'));
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, () => run([bin, 'migrate'], env(), dir)),
    );
    expect(results.map((r) => [r.code, r.stderr])).toEqual(Array(PROCESSES).fill([0, '']));
    expect(await counts()).toEqual({
      organizations: 1,
      users: 0,
      migrations: Object.keys(migrations(engine)).length,
    });
  });

  it('the server start path ×4: all exit 0, one organization, one owner, one key for all', async () => {
    store = await freshStore(engine, { unmigrated: true });
    dir = mkdtempSync(join(tmpdir(), 'puente-start-'));
    const keyFile = join(dir, 'puente-data', 'secret.key');
    const child = join(root, 'test/support/startupChild.ts');
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        run(['--import', 'tsx', child, store.url, keyFile], env(), root),
      ),
    );
    expect(results.map((r) => [r.code, r.stderr])).toEqual(Array(PROCESSES).fill([0, '']));
    const started = results.map(
      (r) => JSON.parse(r.stdout) as { organizationId: string; madeOwner: boolean; sealed: string },
    );
    expect(new Set(started.map((s) => s.organizationId)).size).toBe(1);
    expect(started.filter((s) => s.madeOwner)).toHaveLength(1);
    expect(await counts()).toMatchObject({ organizations: 1, users: 1 });
    // Whatever each process sealed opens with the one key file left on disk.
    const key = decodeKey(readFileSync(keyFile, 'latin1'));
    expect(key).not.toBeNull();
    const box = SecretBox.fromKey(key as Buffer);
    expect(started.map((s) => box.tryOpen(s.sealed))).toEqual(Array(PROCESSES).fill('hello'));
  });
});
