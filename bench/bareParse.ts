import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

/**
 * The baseline: csv-parse streaming the same file and doing nothing with the rows.
 * `arrays` is how Puente reads; `objects` (columns: true) is the common way to use the parser.
 */
const [file, mode = 'arrays'] = process.argv.slice(2);
if (!file) throw new Error('usage: bareParse <file> [arrays|objects]');
const start = performance.now();
let rows = 0;
for await (const _ of createReadStream(file).pipe(
  parse({ columns: mode === 'objects', relax_column_count: true }),
))
  rows++;
process.stdout.write(JSON.stringify({ rows, ms: performance.now() - start }));
