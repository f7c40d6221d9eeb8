/**
 * `puente backup` and `puente restore` as a person runs them, in real processes.
 *
 * The probe that found the problem copied puente.db and its -wal while orders arrived: 2 copies in
 * 12 were corrupt, and a copy without secret.key answered every webhook 500. Here a process places
 * 3,000 orders while `puente backup` runs four times; every backup restores into its own directory
 * with SQLite's integrity check ok, the stock ledger clean, and the key that opens the webhook
 * secret. Then the refusals: a backup over an existing file, a restore over data or under a
 * running process, a file that is not a backup, a damaged one; and PostgreSQL's key export.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../src/services/security/secrets.ts';
import { openDatabase, sqliteFileOf } from '../src/store/openDatabase.ts';
import type { OrderInput } from '../src/store/reservations.ts';
import { updateStorefront } from '../src/store/settings.ts';
import { integrityProblems } from '../src/store/sqliteBackup.ts';
import { receive } from '../src/store/stockLedger.ts';
import { verifyLedger } from '../src/store/verify.ts';
import { type Seller, seedSeller } from './support/seller.ts';
import { engines, freshStore, type TestStore } from './support/stores.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/puente.js');
const ORDERS = 3000;
const BACKUPS = 4;
const PER_WORKER = 375;

function puente(args: string[], env: NodeJS.ProcessEnv = {}, cwd = root) {
  const e: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
  delete e.PUENTE_SECRET_KEY;
  delete e.DATABASE_URL;
  Object.assign(e, env);
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: e }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const countOrders = (file: string) => {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from orders').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('sqlite: backups taken while orders arrive restore whole', () => {
  let store: TestStore;
  let s: Seller;
  let dataDir: string;
  let out: string;
  const key = randomBytes(32);
  const backups: { file: string; code: number; stdout: string }[] = [];
  let placed: Record<string, number>;

  beforeAll(async () => {
    store = await freshStore('sqlite');
    s = await seedSeller(store);
    for (const [sku, warehouse] of [
      [s.sku.A, s.tx],
      [s.sku.B, s.ca],
    ] as const)
      await receive(
        store,
        { organizationId: s.org, skuId: sku, warehouseId: warehouse, actor: 'test' },
        2000,
      );
    // The directory of the test database is its data directory: the key goes beside it.
    dataDir = dirname(sqliteFileOf(store.url));
    writeFileSync(join(dataDir, 'secret.key'), key.toString('base64'), { mode: 0o600 });
    await updateStorefront(
      store,
      s.org,
      'TTS-MX',
      { webhookSecret: SecretBox.fromKey(key).seal('whsec_mx') },
      null,
    );
    out = mkdtempSync(join(tmpdir(), 'puente-backups-'));

    const orders: OrderInput[] = Array.from({ length: ORDERS }, (_, i) => ({
      organizationId: s.org,
      storefrontId: i % 2 ? s.us : s.mx,
      externalId: `L-${i}`,
      paidAt: '2026-05-22T22:00:00Z',
      currency: i % 2 ? 'USD' : 'MXN',
      lines: [{ skuId: i % 3 ? s.sku.A : s.sku.B, quantity: 1, unitPriceMinor: 1000 }],
      actor: 'load',
    }));
    // Two chains of worker processes (an argument holds at most 128 kB of orders), placing at once.
    const place = (share: OrderInput[]) =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const worker = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'test/support/placeOrders.ts',
            store.url,
            JSON.stringify({ orders: share, rule: s.rule }),
          ],
          { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let stdout = '';
        worker.stdout.on('data', (chunk) => {
          stdout += chunk;
        });
        worker.on('exit', (code) =>
          code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`worker exit ${code}`)),
        );
      });
    const chain = async (share: OrderInput[]) => {
      const tally: Record<string, number> = {};
      for (let i = 0; i < share.length; i += PER_WORKER)
        for (const [k, n] of Object.entries(await place(share.slice(i, i + PER_WORKER))))
          tally[k] = (tally[k] ?? 0) + n;
      return tally;
    };
    const done = Promise.all([
      chain(orders.filter((_, i) => i % 2)),
      chain(orders.filter((_, i) => !(i % 2))),
    ]);
    // Back up once the load has begun: the first order is in.
    while (countOrders(sqliteFileOf(store.url)) === 0) await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < BACKUPS; i++) {
      const file = join(out, `backup-${i}.puente`);
      backups.push({ file, ...(await puente(['backup', file, '--data-dir', dataDir])) });
    }
    placed = {};
    for (const tally of await done)
      for (const [k, n] of Object.entries(tally)) placed[k] = (placed[k] ?? 0) + n;
  }, 180_000);
  afterAll(async () => {
    await store?.dispose();
    rmSync(out, { recursive: true, force: true });
  });

  it('writes each backup as a secret: exit 0, mode 0600, the key inside said', () => {
    expect(Object.values(placed).reduce((a, b) => a + b, 0)).toBe(ORDERS);
    for (const b of backups) {
      expect(b.code).toBe(0);
      expect(b.stdout).toMatch(/^backup written: .* \d+ orders, schema 2026_\d\d_\d{3}_\w+\), mode 0600\n/);
      expect(b.stdout).toContain(`it holds the secret key (from ${join(dataDir, 'secret.key')})`);
      expect(statSync(b.file).mode & 0o777).toBe(0o600);
    }
  });

  it('restores every backup: integrity ok, the ledger clean, the key back and opening the secret', async () => {
    const counts: number[] = [];
    for (const [i, b] of backups.entries()) {
      const target = join(out, `restored-${i}`);
      const r = await puente(['restore', b.file, '--data-dir', target]);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toContain('verify: the stock ledger agrees with every stock level');
      expect(r.stdout).toContain('the key opens the webhook secrets of 1 storefront(s)');
      expect(r.stdout).toMatch(/integrity: ok\n$/);
      expect(readFileSync(join(target, 'secret.key'), 'latin1').trim()).toBe(key.toString('base64'));
      expect(statSync(join(target, 'secret.key')).mode & 0o777).toBe(0o600);
      // Checked again here, not only by the command.
      const file = join(target, 'puente.db');
      expect(integrityProblems(file)).toEqual([]);
      const restored = openDatabase(`sqlite:${file}`);
      try {
        expect(await verifyLedger(restored)).toEqual([]);
      } finally {
        await restored.close();
      }
      counts.push(countOrders(file));
    }
    // Snapshots in time order: each holds at least what the one before did, none more than placed.
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.every((n) => n >= 1 && n <= ORDERS)).toBe(true);
  });

  it('refuses to write over a file, and to restore over data without --force (exit 4)', async () => {
    const first = backups[0] as { file: string };
    const again = await puente(['backup', first.file, '--data-dir', dataDir]);
    expect([again.code, again.stderr]).toEqual([
      4,
      `puente: ${first.file} exists: choose another name, or --force to replace it\n`,
    ]);
    const target = join(out, 'restored-0');
    const over = await puente(['restore', first.file, '--data-dir', target]);
    expect([over.code, over.stderr]).toEqual([
      4,
      `puente: ${join(target, 'puente.db')} holds data: restore into an empty --data-dir, or add --force to replace it (the current files are kept beside it as *.before-restore-<time>)\n`,
    ]);
    const forced = await puente(['restore', first.file, '--data-dir', target, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/the database that was there is kept as .*puente\.db\.before-restore-/);
  });

  it('refuses to restore under a process that has the database open (exit 4), even with --force', async () => {
    const target = join(out, 'restored-1');
    const open = openDatabase(`sqlite:${join(target, 'puente.db')}`);
    try {
      await verifyLedger(open);
      const r = await puente([
        'restore',
        (backups[1] as { file: string }).file,
        '--data-dir',
        target,
        '--force',
      ]);
      expect([r.code, r.stderr]).toEqual([
        4,
        `puente: ${join(target, 'puente.db')} is in use by a running puente: stop it, then restore\n`,
      ]);
    } finally {
      await open.close();
    }
  });

  it('refuses a file that is not a backup, and a damaged one (exit 2)', async () => {
    const plain = await puente(['restore', sqliteFileOf(store.url), '--data-dir', join(out, 'x')]);
    expect([plain.code, plain.stderr]).toEqual([
      2,
      `puente: ${sqliteFileOf(store.url)} is not a puente backup: no puente_backup table (a plain database, not made by puente backup)\n`,
    ]);
    const damaged = join(out, 'damaged.puente');
    const bytes = readFileSync((backups[3] as { file: string }).file);
    // Overwrite pages in the middle of the file: b-tree pages SQLite's check reads.
    bytes.fill(0x5a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 16_384);
    writeFileSync(damaged, bytes);
    const r = await puente(['restore', damaged, '--data-dir', join(out, 'y')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^puente: .*damaged\.puente is damaged \(SQLite integrity check: .+\): use another backup\n$/,
    );
  });
});

describe.each(engines.filter((e) => e === 'postgres'))('%s: puente backup exports the key', () => {
  let store: TestStore;
  let cwd: string;
  beforeAll(async () => {
    store = await freshStore('postgres');
    cwd = mkdtempSync(join(tmpdir(), 'puente-pgkey-'));
  });
  afterAll(async () => {
    await store?.dispose();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('writes the key to the file (0600) and says how to use pg_dump; restore points to pg_restore', async () => {
    const key = randomBytes(32).toString('base64');
    const env = { DATABASE_URL: store.url, PUENTE_SECRET_KEY: key };
    const r = await puente(['backup', 'puente.key'], env, cwd);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('pg_dump --format=custom --file=puente.dump "$DATABASE_URL"');
    expect(r.stdout).toContain('secret key (from PUENTE_SECRET_KEY) exported to puente.key, mode 0600');
    expect(readFileSync(join(cwd, 'puente.key'), 'latin1')).toBe(`${key}\n`);
    expect(statSync(join(cwd, 'puente.key')).mode & 0o777).toBe(0o600);
    const restore = await puente(['restore', 'puente.key'], env, cwd);
    expect(restore.code).toBe(2);
    expect(restore.stderr).toMatch(
      /^puente: puente restore restores SQLite backups; for PostgreSQL use pg_restore/,
    );
  });
});
