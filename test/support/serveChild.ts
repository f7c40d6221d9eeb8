/**
 * A Puente server in a process of its own, for tests that kill it: `node --import tsx
 * test/support/serveChild.ts <database url> <data dir>`. It prints `{"url": …}` once listening.
 * The environment carries the secret key and any test crash point (PUENTE_TEST_CRASH_AT); SIGTERM
 * stops it the way it stops `puente serve`.
 */
import { startServer, stopOnSignals } from '../../src/http/server.ts';

const [databaseUrl, dataDir] = process.argv.slice(2);
const server = await startServer({ port: 0, databaseUrl, dataDir, jobs: false, say: () => {} });
// SIGTERM drains and stops it as `puente serve` does.
stopOnSignals(server);
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
