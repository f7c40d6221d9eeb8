import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Notice } from '../i18n/notices.ts';
import { migrate } from '../store/migrations.ts';
import { isPostgresUrl, openDatabase, sqliteFileOf } from '../store/openDatabase.ts';
import { sealedSecrets } from '../store/sealedSecrets.ts';
import {
  databaseHasData,
  databaseInUse,
  extractDatabase,
  integrityProblems,
  problemSummary,
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
  /** What was done, for standard output, worded by the command line in the user's language. */
  out: Notice[];
  /** Refusals and warnings, for standard error. */
  err: Notice[];
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
  const out: Notice[] = [];
  const err: Notice[] = [];
  if (existsSync(file) && !o.force)
    return { exitCode: 4, out, err: [{ key: 'backup_file_exists', params: { file } }] };
  if (!existsSync(dirname(file)))
    return { exitCode: 2, out, err: [{ key: 'backup_no_directory', params: { dir: dirname(file), file } }] };
  const current = currentKey(where.keyFile, env);

  if (where.engine === 'postgres') {
    out.push({ key: 'backup_postgres_hint' });
    if (!current.key) {
      if (current.problem)
        return { exitCode: 1, out, err: [{ key: 'key_not_exported', params: { detail: current.problem } }] };
      out.push({ key: 'no_key_yet', params: { source: current.source } });
      return { exitCode: 0, out, err };
    }
    writeKeyExport(file, current.key, o.force);
    out.push({ key: 'key_exported', params: { source: current.source, file, keyFile: where.keyFile } });
    return { exitCode: 0, out, err };
  }

  if (!existsSync(where.dbFile))
    return { exitCode: 2, out, err: [{ key: 'no_database_at', params: { file: where.dbFile } }] };
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
    out.push({
      key: 'backup_written',
      params: { file, size: megabytes(made.bytes), orders: made.orders, schema: made.schema ?? 'none' },
    });
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  if (current.key) {
    out.push({ key: 'backup_holds_key', params: { source: current.source } });
    return { exitCode: 0, out, err };
  }
  if (current.problem) {
    err.push({ key: 'backup_key_unreadable', params: { detail: current.problem } });
    return { exitCode: 1, out, err };
  }
  out.push({ key: 'backup_no_key_yet', params: { source: current.source } });
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
  const out: Notice[] = [];
  if (where.engine === 'postgres') return { exitCode: 2, out, err: [{ key: 'restore_postgres' }] };
  const found = readBackup(file);
  if (found.status === 'missing')
    return { exitCode: 2, out, err: [{ key: 'no_backup_at', params: { file } }] };
  if (found.status === 'not_a_backup')
    return { exitCode: 2, out, err: [{ key: 'not_a_backup', params: { file, detail: found.why } }] };
  if (found.status === 'damaged')
    return {
      exitCode: 2,
      out,
      err: [{ key: 'backup_damaged', params: { file, detail: problemSummary(found.problems) } }],
    };
  const { meta } = found;
  const key = meta.secret_key ? decodeKey(meta.secret_key) : null;

  // What is there already: never under a running server; existing data only when asked.
  if (databaseInUse(where.dbFile))
    return { exitCode: 4, out, err: [{ key: 'database_in_use', params: { file: where.dbFile } }] };
  const existingKey = readKeyFile(where.keyFile);
  const keyDiffers =
    existingKey.state !== 'missing' && !(existingKey.state === 'ok' && key && existingKey.key.equals(key));
  const hasData = databaseHasData(where.dbFile);
  if ((hasData || keyDiffers) && !o.force)
    return {
      exitCode: 4,
      out,
      err: [
        {
          key: 'restore_would_replace',
          params: { hasData: hasData ? 1 : 0, dbFile: where.dbFile, keyFile: where.keyFile },
        },
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
    out.push({ key: 'database_kept', params: { file: `${where.dbFile}.before-restore-${when}` } });
  }
  for (const suffix of ['-wal', '-shm']) rmSync(where.dbFile + suffix, { force: true });
  renameSync(temp, where.dbFile);
  fsyncDirectory(dirname(where.dbFile));
  out.push({
    key: 'restored',
    params: { file, taken: meta.created_at ?? '', source: meta.source ?? '?', dbFile: where.dbFile },
  });

  if (key) {
    if (keyDiffers) {
      renameSync(where.keyFile, `${where.keyFile}.before-restore-${when}`);
      out.push({ key: 'key_kept', params: { file: `${where.keyFile}.before-restore-${when}` } });
    }
    mkdirSync(dirname(where.keyFile), { recursive: true });
    writeFileAtomic(where.keyFile, encodeKey(key));
    out.push({ key: 'key_restored', params: { file: where.keyFile } });
  } else out.push({ key: 'backup_without_key', params: { source: meta.key_source ?? '' } });

  return checkRestored(where.dbFile, key ?? currentKey(where.keyFile, env).key, env, out);
}

/** Migrations, SQLite's integrity check, the ledger check and the key against the sealed secrets. */
async function checkRestored(dbFile: string, fileKey: Buffer | null, env: NodeJS.ProcessEnv, out: Notice[]) {
  const err: Notice[] = [];
  let exitCode: Outcome['exitCode'] = 0;
  const store = openDatabase(`sqlite:${dbFile}`);
  try {
    const applied = await migrate(store);
    out.push({ key: 'migrations_applied', params: { list: applied.join(', ') } });
    const drift = await verifyLedger(store);
    if (drift.length === 0) out.push({ key: 'ledger_agrees' });
    else {
      exitCode = 1;
      err.push({ key: 'ledger_drift', params: { n: drift.length } });
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
        out.push({
          key: 'key_opens_secrets',
          params: { n: new Set(sealed.map((s) => s.storefront)).size, fromEnv: envKey ? 1 : 0 },
        });
      else {
        exitCode = 1;
        err.push({
          key: 'key_does_not_open',
          params: { fromEnv: envKey ? 1 : 0, storefronts: closed.join(', ') },
        });
      }
    }
  } finally {
    await store.close();
  }
  const problems = integrityProblems(dbFile);
  if (problems.length === 0) out.push({ key: 'integrity_ok' });
  else {
    exitCode = 2;
    err.push({ key: 'integrity_failed', params: { detail: problemSummary(problems) } });
  }
  return { exitCode, out, err };
}
