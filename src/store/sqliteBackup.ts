import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  rmSync,
  statSync,
} from 'node:fs';
import SqliteDatabase from 'better-sqlite3';

/**
 * The SQLite side of `puente backup` and `puente restore`.
 *
 * A backup is one SQLite database file: a page-by-page copy of the live database made with SQLite's
 * online backup API (a consistent snapshot, taken while the server writes; copying puente.db and
 * its -wal by hand under load gave corrupt copies), plus one table of its own, `puente_backup`
 * (name, value), that says what it is and carries the secret key. It opens with any SQLite tool.
 */

export const BACKUP_FORMAT = 'puente-backup/1';
const META_TABLE = 'puente_backup';
const BUSY_MS = 10_000;

export type BackupMeta = Record<string, string | null>;

/**
 * SQLite's own check of every page and index: ['ok'], or what is wrong, one problem per entry.
 * A row of the pragma can hold several problems on several lines under a "*** in database main ***"
 * heading; they are split so that a message can quote the first few on one line.
 */
function integrity(db: SqliteDatabase.Database): string[] {
  let rows: { integrity_check: string }[];
  try {
    rows = db.pragma('integrity_check') as { integrity_check: string }[];
  } catch (error) {
    // Damage the check cannot walk past ("database disk image is malformed") is itself the finding.
    if ((error as { code?: string }).code === 'SQLITE_CORRUPT') return [(error as Error).message];
    throw error;
  }
  return rows
    .flatMap((r) => r.integrity_check.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^\*\*\* in database \w+ \*\*\*$/.test(line));
}

/** The first few problems on one line, and how many there are beyond them. */
export function problemSummary(problems: string[], first = 3): string {
  const shown = problems.slice(0, first).join('; ');
  return problems.length > first ? `${shown}; … (+${problems.length - first})` : shown;
}

/** The newest migration applied to a database, or null for one with none. */
function schemaOf(db: SqliteDatabase.Database): string | null {
  const table = db
    .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
    .get();
  if (!table) return null;
  const row = db.prepare('select max(name) as name from kysely_migration').get() as { name: string | null };
  return row.name;
}

function countOrders(db: SqliteDatabase.Database): number {
  const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'orders'").get();
  return table ? (db.prepare('select count(*) as n from orders').get() as { n: number }).n : 0;
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies the database `source` into the new file `target` (created 0600: it will hold the key) and
 * records `meta` in it. The copy is taken in one step of the backup API, i.e. in one read
 * transaction: writers go on meanwhile (WAL), and the copy is the database as of one commit.
 */
export async function snapshotSqlite(
  source: string,
  target: string,
  meta: BackupMeta,
): Promise<{ bytes: number; schema: string | null; orders: number }> {
  const db = new SqliteDatabase(source, { fileMustExist: true, timeout: BUSY_MS });
  try {
    closeSync(openSync(target, 'wx', 0o600));
    // The first step copies nothing; asking for every page in the next makes it one snapshot.
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new SqliteDatabase(target, { fileMustExist: true });
  try {
    // A single self-contained file: no -wal beside it to lose.
    copy.pragma('journal_mode = DELETE');
    const problems = integrity(copy);
    if (problems[0] !== 'ok') throw new Error(`the copy failed SQLite's integrity check: ${problems[0]}`);
    const schema = schemaOf(copy);
    const orders = countOrders(copy);
    copy.exec(`create table ${META_TABLE} (name text primary key, value text)`);
    const put = copy.prepare(`insert into ${META_TABLE} (name, value) values (?, ?)`);
    copy.transaction(() => {
      for (const [name, value] of Object.entries({
        format: BACKUP_FORMAT,
        schema,
        orders: String(orders),
        ...meta,
      }))
        put.run(name, value);
    })();
    copy.close();
    fsyncFile(target);
    return { bytes: statSync(target).size, schema, orders };
  } catch (error) {
    if (copy.open) copy.close();
    throw error;
  }
}

export type BackupFile =
  | { status: 'ok'; meta: BackupMeta }
  | { status: 'missing' }
  | { status: 'not_a_backup'; why: string }
  | { status: 'damaged'; problems: string[] };

/** Opens a backup read-only: is it one, is it whole, and what it says about itself. */
export function readBackup(file: string): BackupFile {
  if (!existsSync(file)) return { status: 'missing' };
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { status: 'not_a_backup', why: (error as Error).message };
  }
  try {
    const problems = integrity(db);
    if (problems[0] !== 'ok') return { status: 'damaged', problems };
    const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(META_TABLE);
    if (!table)
      return {
        status: 'not_a_backup',
        why: `no ${META_TABLE} table (a plain database, not made by puente backup)`,
      };
    const rows = db.prepare(`select name, value from ${META_TABLE}`).all() as {
      name: string;
      value: string | null;
    }[];
    const meta = Object.fromEntries(rows.map((r) => [r.name, r.value]));
    if (meta.format !== BACKUP_FORMAT)
      return { status: 'not_a_backup', why: `format ${meta.format ?? 'unknown'}, expected ${BACKUP_FORMAT}` };
    return { status: 'ok', meta };
  } catch (error) {
    // "file is not a database" surfaces at the first read.
    return { status: 'not_a_backup', why: (error as Error).message };
  } finally {
    db.close();
  }
}

/** What SQLite's integrity check finds wrong with a database file; none when it is whole. */
export function integrityProblems(file: string): string[] {
  // Not read-only: the last connection to close tidies the -wal and -shm away.
  const db = new SqliteDatabase(file, { fileMustExist: true, timeout: BUSY_MS });
  try {
    const problems = integrity(db);
    return problems[0] === 'ok' ? [] : problems;
  } finally {
    db.close();
  }
}

/** Whether some process has the database open: it holds a lock that an exclusive one cannot get past. */
export function databaseInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new SqliteDatabase(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('begin exclusive');
    db.exec('commit');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    db.close();
  }
}

/** Whether a database holds anything: a file that is absent, empty, or without tables does not. */
export function databaseHasData(file: string): boolean {
  if (!existsSync(file) || statSync(file).size === 0) return false;
  const db = new SqliteDatabase(file, { fileMustExist: true, timeout: BUSY_MS });
  try {
    return db.prepare("select 1 from sqlite_master where type = 'table'").get() !== undefined;
  } finally {
    db.close();
  }
}

/**
 * Writes the database of backup `file` to the new file `target` (0600), without the backup's own
 * table, flushed to disk: ready to be renamed into place.
 */
export function extractDatabase(file: string, target: string): void {
  copyFileSync(file, target, constants.COPYFILE_EXCL);
  chmodSync(target, 0o600);
  const db = new SqliteDatabase(target, { fileMustExist: true });
  try {
    db.exec(`drop table ${META_TABLE}`);
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  fsyncFile(target);
}

/**
 * Folds a database's -wal into the file and closes it, so that the file alone holds everything
 * and can be moved; the -wal and -shm left are removed (a stale -wal beside another database file
 * would be replayed into it).
 */
export function settleDatabase(file: string): void {
  if (!existsSync(file)) return;
  const db = new SqliteDatabase(file, { fileMustExist: true, timeout: BUSY_MS });
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
}
