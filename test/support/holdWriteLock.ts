/**
 * Another process holding SQLite's write lock, as a long import in one transaction did:
 * `node --import tsx test/support/holdWriteLock.ts <database file>`. It takes the lock with BEGIN
 * IMMEDIATE, prints `locked`, and commits and exits when a line arrives on its stdin (or stdin ends).
 */
import SqliteDatabase from 'better-sqlite3';

const db = new SqliteDatabase(process.argv[2] as string, { fileMustExist: true });
db.exec('begin immediate');
process.stdout.write('locked\n');
const release = () => {
  db.exec('commit');
  db.close();
  process.exit(0);
};
process.stdin.once('data', release);
process.stdin.once('end', release);
