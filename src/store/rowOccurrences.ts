import Database from 'better-sqlite3';
import { textHash64 } from '../domain/imports/textHash.ts';

/**
 * Counts how often each text has been seen in one file: `number(texts)` answers 1 for a text's first
 * occurrence, 2 for its second… A stock file's rows use it to number identical rows, so that the
 * same file imported again gives every row the same key (stockRowKey.ts).
 *
 * The counts live in a private temporary SQLite database on disk, keyed by a 64-bit hash of the
 * text, not in memory: a 200 MB stock file has some 7 million distinct rows, and an in-memory table
 * of them (even 12 bytes a slot in typed arrays) took ~290 MB at its peak while it grew. Two
 * different texts that share a hash (about 3·10⁻⁸ in a million rows) only share a count: the
 * numbering is still the same on every import of the same file.
 */
export class RowOccurrences {
  // '' is SQLite's private temporary database: a file that is deleted when closed.
  private readonly db = new Database('');
  private readonly bump;

  constructor() {
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -8000');
    this.db.pragma('temp_store = FILE');
    this.db.exec('create table seen (hash integer primary key, n integer not null)');
    this.bump = this.db
      .prepare(
        'insert into seen (hash, n) values (?, 1) on conflict (hash) do update set n = n + 1 returning n',
      )
      .pluck();
  }

  /** The occurrence of each text, in the order given, counting on from earlier calls. */
  number(texts: readonly string[]): number[] {
    return this.db.transaction(() => texts.map((t) => this.bump.get(textHash64(t)) as number))();
  }

  close(): void {
    this.db.close();
  }
}
