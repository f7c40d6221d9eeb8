/**
 * A Puente server in a process of its own, for tests that kill it: `node test/support/serveChild.js
 * <database url> <data dir>`. It runs the compiled server (dist/server.js, npm run build), as
 * `npm start` does, and prints `{"url": …}` once listening. The environment carries the secret key
 * and any test crash point (PUENTE_TEST_CRASH_AT); SIGTERM stops it the way it stops `puente serve`.
 * Plain JavaScript: Node runs it as it is, without a TypeScript loader.
 */
import { startServer, stopOnSignals } from '../../dist/server.js';

const [databaseUrl, dataDir] = process.argv.slice(2);
// The API alone: the tests that kill a server do not open the dashboard.
const server = await startServer({
  port: 0,
  databaseUrl,
  dataDir,
  jobs: false,
  dashboard: false,
  say: () => {},
});
// SIGTERM drains and stops it as `puente serve` does.
stopOnSignals(server);
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
