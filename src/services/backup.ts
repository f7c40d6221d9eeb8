import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrate } from '../store/migrations.ts';
import { isPostgresUrl, openDatabase, sqliteFileOf } from '../store/openDatabase.ts';
import { sealedSecrets } from '../store/sealedSecrets.ts';
import {
  databaseHasData,
  databaseInUse,
  extractDatabase,
  integrityProblems,
  readBackup,
  settleDatabase,
  snapshotSqlite,
} from '../store/sqliteBackup.ts';
import { verifyLedger } from '../store/verify.ts';
import { createFileAtomic, fsyncDirectory, writeFileAtomic } from './atomicFile.ts';
import { decodeKey, encodeKey, readKeyFile } from './security/secretKey.ts';
import { SecretBox } from './security/secrets.ts';

/**
 * `puente backup` and `puente restore`. A SQLite backup is one file holding a snapshot of the
 * database and the secret key (sqliteBackup.ts): whoever has it can read the webhook secrets, so it
 * is created with mode 0600 and must be kept like the key. On PostgreSQL the database is copied with
 * pg_dump; `puente backup` exports the key, the one thing pg_dump cannot copy.
 *
 * Exit codes, as for every command: 0 done, 1 done with a problem found (drift, a key that does
 * not open the secrets), 2 an unusable input (no database, not a backup, a damaged backup),
 * 4 refused because of what is there (a file exists, a running server, data without --force).
 */

export interface Outcome {
  exitCode: 0 | 1 | 2 | 4;
  /** What was done, for standard output. */
  out: string[];
  /** Refusals and warnings, for standard error. */
  err: string[];
}

export interface Place {
  /** A directory laid out like ./puente-data: puente.db and secret.key. */
  dataDir?: string | undefined;
  force?: boolean | undefined;
  env?: NodeJS.ProcessEnv;
}

type Location =
  | { engine: 'sqlite'; dbFile: string; keyFile: string }
  | { engine: 'postgres'; url: string; keyFile: string };

const DEFAULT_DATA_DIR = './puente-data';

/** Where the data is: --data-dir, else DATABASE_URL and ./puente-data, as the server finds them. */
function locate(o: Place): Location {
  const env = o.env ?? process.env;
  if (o.dataDir)
    return { engine: 'sqlite', dbFile: join(o.dataDir, 'puente.db'), keyFile: join(o.dataDir, 'secret.key') };
  const keyFile = join(DEFAULT_DATA_DIR, 'secret.key');
  const url = env.DATABASE_URL;
  if (isPostgresUrl(url)) return { engine: 'postgres', url, keyFile };
  return { engine: 'sqlite', dbFile: sqliteFileOf(url), keyFile };
}

/** The key a server started here would use, where it comes from, or what is wrong with it. */
function currentKey(keyFile: string, env: NodeJS.ProcessEnv) {
  if (env.PUENTE_SECRET_KEY) {
    const key = decodeKey(env.PUENTE_SECRET_KEY);
    return key
      ? { key, source: 'PUENTE_SECRET_KEY' }
      : { key: null, source: 'PUENTE_SECRET_KEY', problem: 'PUENTE_SECRET_KEY is not a key' };
  }
  const found = readKeyFile(keyFile);
  if (found.state === 'ok') return { key: found.key, source: keyFile };
  if (found.state === 'missing') return { key: null, source: keyFile };
  return { key: null, source: keyFile, problem: `${keyFile} ${found.problem}` };
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');
const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

export async function backup(file: string, o: Place = {}): Promise<Outcome> {
  const env = o.env ?? process.env;
  const where = locate(o);
  const out: string[] = [];
  const err: string[] = [];
  if (existsSync(file) && !o.force)
    return { exitCode: 4, out, err: [`${file} exists: choose another name, or --force to replace it`] };
  if (!existsSync(dirname(file)))
    return { exitCode: 2, out, err: [`no directory ${dirname(file)} for ${file}`] };
  const current = currentKey(where.keyFile, env);

  if (where.engine === 'postgres') {
    out.push(
      'PostgreSQL: copy the database with pg_dump, e.g.',
      '  pg_dump --format=custom --file=puente.dump "$DATABASE_URL"',
      'and restore it with pg_restore (see the README, "Backup and restore").',
    );
    if (!current.key) {
      if (current.problem) return { exitCode: 1, out, err: [`no key exported: ${current.problem}`] };
      out.push(`no secret key to export: ${current.source} does not exist yet (nothing was sealed with one)`);
      return { exitCode: 0, out, err };
    }
    writeKeyExport(file, current.key, o.force);
    out.push(
      `secret key (from ${current.source}) exported to ${file}, mode 0600: keep it with the dump, as secret as the key;`,
      `  after pg_restore, put it back as ${where.keyFile} or set PUENTE_SECRET_KEY to its content`,
    );
    return { exitCode: 0, out, err };
  }

  if (!existsSync(where.dbFile)) return { exitCode: 2, out, err: [`no database at ${where.dbFile}`] };
  const temp = `${file}.partial-${process.pid}`;
  rmSync(temp, { force: true });
  try {
    const made = await snapshotSqlite(where.dbFile, temp, {
      created_at: new Date().toISOString(),
      source: where.dbFile,
      key_source: current.key ? current.source : null,
      secret_key: current.key ? current.key.toString('base64') : null,
    });
    renameSync(temp, file);
    fsyncDirectory(dirname(file));
    out.push(
      `backup written: ${file} (${megabytes(made.bytes)}, ${made.orders} orders, schema ${made.schema ?? 'none'}), mode 0600`,
    );
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  if (current.key) {
    out.push(`it holds the secret key (from ${current.source}): keep the file as secret as the key itself`);
    return { exitCode: 0, out, err };
  }
  if (current.problem) {
    err.push(
      `the backup holds no secret key: ${current.problem}; webhook secrets sealed with it cannot be restored`,
    );
    return { exitCode: 1, out, err };
  }
  out.push(`it holds no secret key: ${current.source} does not exist yet (nothing was sealed with one)`);
  return { exitCode: 0, out, err };
}

function writeKeyExport(file: string, key: Buffer, force: boolean | undefined) {
  if (force) writeFileAtomic(file, encodeKey(key));
  else if (!createFileAtomic(file, encodeKey(key)))
    throw new Error(`${file} appeared while exporting the key`);
}

export async function restore(file: string, o: Place = {}): Promise<Outcome> {
  const env = o.env ?? process.env;
  const where = locate(o);
  const out: string[] = [];
  if (where.engine === 'postgres')
    return {
      exitCode: 2,
      out,
      err: [
        'puente restore restores SQLite backups; for PostgreSQL use pg_restore (README, "Backup and restore"), then put the exported key back as puente-data/secret.key or PUENTE_SECRET_KEY; --data-dir restores into a SQLite data directory instead',
      ],
    };
  const found = readBackup(file);
  if (found.status === 'missing') return { exitCode: 2, out, err: [`no backup at ${file}`] };
  if (found.status === 'not_a_backup')
    return { exitCode: 2, out, err: [`${file} is not a puente backup: ${found.why}`] };
  if (found.status === 'damaged')
    return {
      exitCode: 2,
      out,
      err: [
        `${file} is damaged (SQLite integrity check: ${found.problems.slice(0, 3).join('; ')}): use another backup`,
      ],
    };
  const { meta } = found;
  const key = meta.secret_key ? decodeKey(meta.secret_key) : null;

  // What is there already: never under a running server; existing data only when asked.
  if (databaseInUse(where.dbFile))
    return {
      exitCode: 4,
      out,
      err: [`${where.dbFile} is in use by a running puente: stop it, then restore`],
    };
  const existingKey = readKeyFile(where.keyFile);
  const keyDiffers =
    existingKey.state !== 'missing' && !(existingKey.state === 'ok' && key && existingKey.key.equals(key));
  const hasData = databaseHasData(where.dbFile);
  if ((hasData || keyDiffers) && !o.force)
    return {
      exitCode: 4,
      out,
      err: [
        `${hasData ? `${where.dbFile} holds data` : `${where.keyFile} holds another key`}: restore into an empty --data-dir, or add --force to replace it (the current files are kept beside it as *.before-restore-<time>)`,
      ],
    };

  mkdirSync(dirname(where.dbFile), { recursive: true });
  const when = stamp();
  const temp = `${where.dbFile}.restoring-${process.pid}`;
  rmSync(temp, { force: true });
  extractDatabase(file, temp);
  if (existsSync(where.dbFile)) {
    settleDatabase(where.dbFile);
    renameSync(where.dbFile, `${where.dbFile}.before-restore-${when}`);
    out.push(`the database that was there is kept as ${where.dbFile}.before-restore-${when}`);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(where.dbFile + suffix, { force: true });
  renameSync(temp, where.dbFile);
  fsyncDirectory(dirname(where.dbFile));
  out.push(
    `restored ${file} (taken ${meta.created_at ?? 'at an unknown time'} from ${meta.source ?? '?'}) into ${where.dbFile}`,
  );

  if (key) {
    if (keyDiffers) {
      renameSync(where.keyFile, `${where.keyFile}.before-restore-${when}`);
      out.push(`the key that was there is kept as ${where.keyFile}.before-restore-${when}`);
    }
    mkdirSync(dirname(where.keyFile), { recursive: true });
    writeFileAtomic(where.keyFile, encodeKey(key));
    out.push(`secret key restored to ${where.keyFile} (mode 0600)`);
  } else out.push(`the backup holds no secret key (${meta.key_source ?? 'none had been made'})`);

  return checkRestored(where.dbFile, key ?? currentKey(where.keyFile, env).key, env, out);
}

/** Migrations, SQLite's integrity check, the ledger check and the key against the sealed secrets. */
async function checkRestored(dbFile: string, fileKey: Buffer | null, env: NodeJS.ProcessEnv, out: string[]) {
  const err: string[] = [];
  let exitCode: Outcome['exitCode'] = 0;
  const store = openDatabase(`sqlite:${dbFile}`);
  try {
    const applied = await migrate(store);
    out.push(applied.length ? `migrations applied: ${applied.join(', ')}` : 'migrations: none needed');
    const drift = await verifyLedger(store);
    if (drift.length === 0) out.push('verify: the stock ledger agrees with every stock level');
    else {
      exitCode = 1;
      err.push(
        `verify: ${drift.length} difference(s) between the ledger and the stock levels (puente verify lists them)`,
      );
    }
    const envKey = env.PUENTE_SECRET_KEY ? decodeKey(env.PUENTE_SECRET_KEY) : null;
    const serverKey = envKey ?? fileKey;
    const sealed = await sealedSecrets(store);
    if (sealed.length > 0) {
      const box = serverKey ? SecretBox.fromKey(serverKey) : null;
      const closed = [
        ...new Set(sealed.filter((s) => !box || box.tryOpen(s.sealed) === null).map((s) => s.storefront)),
      ];
      if (closed.length === 0)
        out.push(
          `the key opens the webhook secrets of ${new Set(sealed.map((s) => s.storefront)).size} storefront(s)${envKey ? ' (PUENTE_SECRET_KEY)' : ''}`,
        );
      else {
        exitCode = 1;
        err.push(
          `the ${envKey ? 'PUENTE_SECRET_KEY' : 'restored'} key does not open the webhook secrets of ${closed.join(', ')}: their webhooks will be answered 503 until the right key is in place or the secrets are rotated`,
        );
      }
    }
  } finally {
    await store.close();
  }
  const problems = integrityProblems(dbFile);
  if (problems.length === 0) out.push('integrity: ok');
  else {
    exitCode = 2;
    err.push(`integrity check failed after restoring: ${problems.slice(0, 3).join('; ')}`);
  }
  return { exitCode, out, err };
}
