import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogSink } from '../../src/http/logging.ts';
import { type RunningServer, startServer } from '../../src/http/server.ts';
import type { Engine } from '../../src/store/openDatabase.ts';
import { freshStore } from './stores.ts';

export interface TestServer extends RunningServer {
  owner: { email: string; password: string };
  engine: Engine;
  databaseUrl: string;
  secretKey: string;
}

/**
 * The real server (`npm start`) on a random port, on a fresh database of the engine, with a data
 * directory of its own. The owner's password is chosen here so tests can log in.
 */
export async function startTestServer(
  options: {
    engine?: Engine;
    demo?: boolean;
    jobs?: boolean;
    loginAttemptsPerMinute?: number;
    /** Another server's database: a second process on the same data (it is not dropped on close). */
    sameDatabaseAs?: TestServer;
    /** More environment for the server (TLS files, trust proxy, timeouts). */
    env?: NodeJS.ProcessEnv;
    /** Where the server's log goes (default: failures on stderr). */
    logTo?: LogSink;
    /** Serve the built dashboard (dist/web, npm run build): the browser tests do; API tests need not. */
    dashboard?: boolean;
  } = {},
): Promise<TestServer> {
  const engine = options.sameDatabaseAs?.engine ?? options.engine ?? 'sqlite';
  const database = options.sameDatabaseAs
    ? { url: options.sameDatabaseAs.databaseUrl, dispose: async () => {} }
    : await freshStore(engine);
  const dataDir = mkdtempSync(join(tmpdir(), 'puente-server-'));
  const owner = options.sameDatabaseAs?.owner ?? {
    email: 'owner@example.com',
    password: `pw-${randomBytes(8).toString('hex')}`,
  };
  const secretKey = options.sameDatabaseAs?.secretKey ?? randomBytes(32).toString('base64');
  const server = await startServer({
    port: 0,
    databaseUrl: database.url,
    dataDir,
    demo: options.demo ?? false,
    jobs: options.jobs ?? false,
    loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? 1000,
    say: () => {},
    dashboard: options.dashboard ?? false,
    ...(options.logTo ? { logTo: options.logTo } : {}),
    env: {
      PUENTE_OWNER_EMAIL: owner.email,
      PUENTE_OWNER_PASSWORD: owner.password,
      PUENTE_SECRET_KEY: secretKey,
      ...options.env,
    },
  });
  return {
    ...server,
    owner,
    engine,
    databaseUrl: database.url,
    secretKey,
    async close() {
      await server.close();
      await database.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
