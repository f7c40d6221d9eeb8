import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestServer } from './server.ts';

/** The compiled command line (`npm run build`), as an installed `puente` runs. */
const PUENTE_BIN = fileURLToPath(new URL('../../bin/puente.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `puente <args>` once in a process of its own: its exit code and what it printed. */
export function runPuente(
  args: string[],
  o: { cwd: string; env: NodeJS.ProcessEnv; maxBuffer?: number },
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [PUENTE_BIN, ...args],
      { cwd: o.cwd, env: o.env, ...(o.maxBuffer ? { maxBuffer: o.maxBuffer } : {}) },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/**
 * The environment of a command run beside a test server, as an operator on its machine runs one:
 * the server's database and secret key, an actor for the audit rows, and a UTF-8 locale.
 */
export function besideServer(server: TestServer, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: server.databaseUrl,
    PUENTE_SECRET_KEY: server.secretKey,
    PUENTE_ACTOR: 'cli:ops',
    LANG: 'C.UTF-8',
    ...more,
  };
}
