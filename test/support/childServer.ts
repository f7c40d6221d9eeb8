/**
 * A Puente server in a process of its own (test/support/serveChild.js, the compiled server), on a test server's
 * database and secret key, for tests that kill it or stop it with a signal. Resolves once it
 * listens; `exited` resolves with how the process ended.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestServer } from './server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildServer {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function childServer(
  server: TestServer,
  dataDir: string,
  /** PUENTE_TEST_CRASH_AT: the point where the process kills itself (see stockTransaction.ts). */
  crashAt?: string,
): Promise<ChildServer> {
  const child = spawn(process.execPath, ['test/support/serveChild.js', server.databaseUrl, dataDir], {
    cwd: root,
    env: {
      ...process.env,
      PUENTE_SECRET_KEY: server.secretKey,
      ...(crashAt ? { PUENTE_TEST_CRASH_AT: crashAt } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', () => reject(new Error(`the server exited before listening: ${out}`)));
  });
  return { url, child, exited };
}
