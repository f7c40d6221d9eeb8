import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

/** The baseline for bench/importMemory.ts: csv-parse streaming the file as arrays, rows dropped. */
const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: bareParseRss <file>');
let rows = 0;
for await (const _ of createReadStream(file).pipe(parse({ relax_column_count: true }))) rows++;
process.stdout.write(`${rows}\n`);
