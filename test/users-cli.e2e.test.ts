/**
 * `puente users reset-password` end to end, on both engines: with nobody able to log in, whoever
 * runs the server prints a link from its shell, and the link sets a new password on the running
 * server (a separate process on the same database).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/apiClient.ts';
import { besideServer, runPuente } from './support/cli.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { engines } from './support/stores.ts';

describe.each(engines)('puente users reset-password on %s', (engine) => {
  const cwd = mkdtempSync(join(tmpdir(), 'puente-cli-'));
  let server: TestServer;
  const puente = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    runPuente(args, { cwd, env: besideServer(server, env) });

  beforeAll(async () => {
    server = await startTestServer({ engine });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('prints a link on the public URL that sets the owner a new password and ends the owner’s session', async () => {
    const before = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    const printed = await puente(
      { PUENTE_PUBLIC_URL: `${server.url}/` },
      'users',
      'reset-password',
      server.owner.email,
      '--format',
      'json',
    );
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    const out = JSON.parse(printed.stdout) as { email: string; link: string; expiresAt: string };
    expect(out.email).toBe(server.owner.email);
    expect(out.link.startsWith(`${server.url}/reset-password#token=`)).toBe(true);

    const token = new URLSearchParams(new URL(out.link).hash.slice(1)).get('token');
    const set = await new ApiClient(server.url).post('/api/v1/auth/password-reset', {
      token,
      password: 'recovered-from-the-shell',
    });
    expect(set.status).toBe(200);
    expect((await before.get('/api/v1/auth/me')).status).toBe(401);
    expect(
      (await new ApiClient(server.url).logIn(server.owner.email, 'recovered-from-the-shell')).status,
    ).toBe(200);
    const audit = await server.store.db
      .selectFrom('audit_log')
      .select(['actor', 'subject'])
      .where('action', '=', 'user.password_reset_link')
      .execute();
    expect(audit).toEqual([{ actor: 'cli:ops', subject: server.owner.email }]);
  });

  it('says it in the user’s language, on this machine’s port without a public URL', async () => {
    const zh = await puente({ PORT: '8080' }, '--lang', 'zh', 'users', 'reset-password', server.owner.email);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain(`${server.owner.email} 的一次性链接，30 分钟内有效`);
    expect(zh.stdout).toMatch(/^ {2}http:\/\/127\.0\.0\.1:8080\/reset-password#token=\S+$/m);
    const es = await puente({}, '--lang', 'es', 'users', 'reset-password', 'nadie@shop.mx');
    expect([es.code, es.stderr]).toEqual([3, 'puente: no existe el usuario nadie@shop.mx\n']);
  });
});
