/**
 * `puente readiness`, `puente merchant`, `puente documents` and `puente applications` end to end,
 * on both engines: the command line and the API read the same records and print the same plan.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/apiClient.ts';
import { besideServer, runPuente } from './support/cli.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { engines } from './support/stores.ts';

describe.each(engines)('launch readiness from the command line on %s', (engine) => {
  const cwd = mkdtempSync(join(tmpdir(), 'puente-cli-'));
  let server: TestServer;
  const puente = (...args: string[]) => runPuente(args, { cwd, env: besideServer(server) });

  beforeAll(async () => {
    server = await startTestServer({ engine });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('keeps the records, and prints exactly [{item, status, dueBy, detail}], as the API says', async () => {
    expect((await puente('merchant', 'set', '--country', 'us', '--sps', '4.5')).code).toBe(0);
    const scan = join(cwd, 'aviso.pdf');
    writeFileSync(scan, '%PDF-1.4 aviso');
    const added = await puente(
      'documents',
      'add',
      '--kind',
      'cofepris_operation_notice',
      '--issued',
      '2025-06-01',
      '--expires',
      '2026-04-10',
      '--file',
      scan,
      '--format',
      'json',
    );
    expect(added.stderr).toBe('');
    const [doc] = JSON.parse(added.stdout) as { id: string; fileName: string }[];
    expect(doc?.fileName).toBe('aviso.pdf');
    const out = join(cwd, 'back.pdf');
    expect((await puente('documents', 'get', doc?.id ?? '', '--out', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('%PDF-1.4 aviso');

    const printed = await puente('readiness', '--launch', '2026-04-01', '--format', 'json');
    expect(printed.stderr).toBe('');
    const items = JSON.parse(printed.stdout) as Record<string, string>[];
    for (const i of items) expect(Object.keys(i)).toEqual(['item', 'status', 'dueBy', 'detail']);
    // A US local merchant connects the storefront as selection starts [P19].
    expect(items.find((i) => i.item === 'storefronts_connected')?.dueBy).toBe('2026-02-01');
    expect(items.find((i) => i.item === 'merchant_eligible')?.detail).toBe(
      'US local merchant: eligible (SPS 4.5, minimum 4)',
    );

    const api = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
    const answer = await api.get('/api/v1/readiness?launch=2026-04-01&lang=en');
    expect(answer.status).toBe(200);
    const fromApi = (answer.body as { items: Record<string, unknown>[] }).items.map(
      ({ item, status, dueBy, detail }) => ({ item, status, dueBy, detail }),
    );
    expect(fromApi).toEqual(items);
    // Six processes, each starting Node and opening the database.
  }, 240_000);

  it('says the plan in Chinese, and refuses a bad date naming the option', async () => {
    const zh = await puente('--lang', 'zh', 'readiness', '--launch', '2026-04-01');
    expect(zh.stdout).toContain('美国本土商家：符合资格（SPS 4.5，最低 4）');
    const bad = await puente('readiness', '--launch', '2026-02-30');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--launch: "2026-02-30" is not a date');
    const kind = await puente('applications', 'set', 'pets.toys', '--on', '2026-03-02');
    expect(kind.code).not.toBe(0);
    expect(kind.stderr).toContain('category: "pets.toys" is not an invitation-only category');
  }, 240_000);
});
