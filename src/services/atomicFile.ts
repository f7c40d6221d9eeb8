import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Files that must never be seen half-written (the secret key): the content goes to a temp file in
 * the same directory, is flushed to disk, and only then takes the real name, by rename or link,
 * which are atomic within a directory. A full disk or a crash leaves the old file (or none) and a
 * temp file at most, never a short one under the real name.
 */

/** Writes `data` to a new temp file beside `file`, flushed to disk; returns its path. */
function writeTemp(file: string, data: string | Buffer, mode: number): string {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  return temp;
}

/** Flushes a directory's entries (the rename itself) to disk; Windows cannot open a directory. */
export function fsyncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `file` with `data`: a reader sees the old content or the new one, never a part. */
export function writeFileAtomic(file: string, data: string | Buffer, mode = 0o600): void {
  const temp = writeTemp(file, data, mode);
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncDirectory(dirname(file));
}

/**
 * Creates `file` with `data` only if it does not exist yet, complete or not at all. Returns false
 * when it existed: two processes creating it at once agree on the one that got there first.
 */
export function createFileAtomic(file: string, data: string | Buffer, mode = 0o600): boolean {
  const temp = writeTemp(file, data, mode);
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  fsyncDirectory(dirname(file));
  return true;
}
