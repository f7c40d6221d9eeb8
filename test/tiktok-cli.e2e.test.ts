/**
 * `puente tiktok connect` and `puente tiktok warehouses` end to end, on both engines, against the
 * protocol fake: the "Done when" steps 1–2 up to the warehouse mapping, as a seller types
 * them. SQLite runs in a fresh working folder (./puente-data), PostgreSQL through DATABASE_URL.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type TestStore } from './support/stores.ts';
import { demoFake } from './support/tiktokFake.ts';

const bin = fileURLToPath(new URL('../bin/puente.js', import.meta.url));

describe.each(engines)('puente tiktok connect and warehouses on %s', (engine) => {
  const cwd = mkdtempSync(join(tmpdir(), 'puente-tiktok-'));
  const { fake, app, seller, us, mx } = demoFake();
  let pg: TestStore | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
  delete env.DATABASE_URL;
  delete env.PUENTE_TIKTOK_API_BASE;
  delete env.PUENTE_TIKTOK_AUTH_BASE;

  const puente = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [bin, ...args],
        { cwd, env: { ...env, ...extraEnv } },
        (error, stdout, stderr) => {
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
        },
      );
    });
  const connectArgs = (storefront: string) => [
    'tiktok',
    'connect',
    '--storefront',
    storefront,
    '--app-key',
    app.appKey,
    '--app-secret',
    app.appSecret,
    '--auth-code',
    fake.authCode(app.appKey, seller.id),
  ];
  const everything: string[] = [];
  const run = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const r = await puente(args, extraEnv);
    everything.push(r.stdout, r.stderr);
    return r;
  };

  let connectUs: { code: number; stdout: string };
  let connectMx: { code: number; stdout: string };
  beforeAll(async () => {
    await fake.listen();
    if (engine === 'postgres') {
      pg = await freshStore('postgres');
      env.DATABASE_URL = pg.url;
    }
    expect((await puente(['demo'])).code).toBe(0);
    connectUs = await run([...connectArgs('TTS-US'), '--api-base', fake.apiUrl, '--auth-base', fake.authUrl]);
    // The bases from the environment: only defaults for a new connection.
    connectMx = await run(connectArgs('TTS-MX'), {
      PUENTE_TIKTOK_API_BASE: fake.apiUrl,
      PUENTE_TIKTOK_AUTH_BASE: fake.authUrl,
    });
  }, 180_000);
  afterAll(async () => {
    await fake.close();
    await pg?.dispose();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('connects TTS-US to the US shop and prints the mapping it made', () => {
    expect(connectUs.code).toBe(0);
    expect(connectUs.stdout).toContain(`TTS-US connected to TikTok shop Puente Demo US (US, id ${us.id})`);
    const [dallas, ontario] = us.warehouses;
    expect(connectUs.stdout).toMatch(
      new RegExp(`${dallas?.id}\\s+Dallas FC\\s+sales\\s+Texas\\s+75241\\s+TX \\(auto\\)`),
    );
    expect(connectUs.stdout).toMatch(
      new RegExp(`${ontario?.id}\\s+Ontario CA\\s+sales\\s+California\\s+91761\\s+CA \\(auto\\)`),
    );
  });

  it('connects TTS-MX to the MX shop with the bases from the environment', () => {
    expect(connectMx.code).toBe(0);
    expect(connectMx.stdout).toContain(
      `TTS-MX connected to TikTok shop Puente Demo MX (MX, id ${mx.id}) at ${fake.apiUrl}`,
    );
  });

  it('lists the warehouses as JSON using the stored bases, with null for the unmapped', async () => {
    const { code, stdout } = await run([
      'tiktok',
      'warehouses',
      '--storefront',
      'TTS-MX',
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as {
      id: string;
      name: string;
      state: string;
      postal_code: string;
      warehouse: string | null;
    }[];
    const [dallas, ontario, returns] = mx.warehouses;
    expect(rows).toEqual([
      {
        id: dallas?.id,
        name: 'Dallas FC',
        type: 'SALES_WAREHOUSE',
        state: 'Texas',
        postal_code: '75241',
        warehouse: 'TX',
      },
      {
        id: ontario?.id,
        name: 'Ontario CA',
        type: 'SALES_WAREHOUSE',
        state: 'California',
        postal_code: '91761',
        warehouse: 'CA',
      },
      {
        id: returns?.id,
        name: 'Dallas FC returns',
        type: 'RETURN_WAREHOUSE',
        state: 'Texas',
        postal_code: '75241',
        warehouse: null,
      },
    ]);
  });

  it('maps by hand with --map, repeated', async () => {
    const [dallas, ontario] = us.warehouses;
    const { code, stdout } = await run([
      'tiktok',
      'warehouses',
      '--storefront',
      'TTS-US',
      '--map',
      `TX=${ontario?.id}`,
      '--map',
      `CA=${dallas?.id}`,
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { id: string; warehouse: string | null }[];
    expect(Object.fromEntries(rows.map((r) => [r.id, r.warehouse]))).toMatchObject({
      [ontario?.id as string]: 'TX',
      [dallas?.id as string]: 'CA',
    });
  });

  it('refuses in one line, in the user’s language, with an exit code that says why', async () => {
    const badMap = await run(['tiktok', 'warehouses', '--storefront', 'TTS-US', '--map', 'TX']);
    expect(badMap).toMatchObject({ code: 2, stdout: '' });
    expect(badMap.stderr).toBe(
      'puente: --map TX: write it as <Puente warehouse code>=<TikTok warehouse id>, e.g. TX=7068517275539719942\n',
    );
    const notConnected = await run(['--lang', 'es', 'tiktok', 'warehouses', '--storefront', 'TTS-XX']);
    expect(notConnected).toMatchObject({
      code: 3,
      stderr: 'puente: no existe la tienda TTS-XX (puente storefront list)\n',
    });
    // sync exits 0, 1 or 2 only: a storefront that is not connected is a usage error.
    const syncNotConnected = await run(['tiktok', 'sync', '--once', '--storefront', 'TTS-XX']);
    expect(syncNotConnected).toMatchObject({
      code: 2,
      stderr:
        'puente: storefront TTS-XX is not connected to TikTok Shop (puente tiktok connect --storefront TTS-XX …)\n',
    });
    expect(await run(['tiktok', 'sync'])).toMatchObject({ code: 2 });
    const spent = await run([
      'tiktok',
      'connect',
      '--storefront',
      'TTS-US',
      '--app-key',
      app.appKey,
      '--app-secret',
      app.appSecret,
      '--auth-code',
      'ac_spent',
      '--api-base',
      fake.apiUrl,
      '--auth-base',
      fake.authUrl,
    ]);
    expect(spent.code).toBe(1);
    expect(spent.stderr).toMatch(/^puente: TikTok Shop refused: .*36004004/);
  });

  it('never prints the app secret or a token', () => {
    const printed = everything.join('\n');
    expect(printed).not.toContain(app.appSecret);
    expect(printed).not.toMatch(/TTP_/);
  });

  it('syncs once as JSON: the fake’s orders in once, an unknown SKU parked, a second run takes nothing twice', async () => {
    // A second before now: a window ends before the second it is read in.
    const at = fake.nowSeconds - 5;
    fake.addOrder(us, { lines: [{ sellerSku: '3C-CBL-001', units: 2 }], at });
    fake.addOrder(us, { lines: [{ sellerSku: 'NOT-IN-PUENTE', units: 1 }], at });
    const sync = ['tiktok', 'sync', '--storefront', 'TTS-US', '--once', '--format', 'json'];
    const first = await run(sync);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      orders: { new: 1, updated: 0, cancelled: 0, parked: 1 },
      stock: { pushed: 0, failed: 0 },
      tracking: { sent: 0, failed: 0 },
      calls: expect.any(Number),
      retries: 0,
      // The stock push runs after the orders; the demo's SKUs this fake shop does not list are
      // named once, as one line, and are not a failure.
      skipped: [
        {
          storefront: 'TTS-US',
          step: 'stock',
          reason: expect.stringMatching(/^\d+ SKU\(s\) not listed on TikTok Shop, left unsent: /),
          failed: false,
        },
      ],
    });
    const second = await run(sync);
    expect(JSON.parse(second.stdout).orders).toEqual({ new: 0, updated: 0, cancelled: 0, parked: 0 });

    // The ledger and the order counts still add up with TikTok orders in.
    expect((await run(['verify'])).code).toBe(0);

    expect((await run(['tiktok', 'sync'])).code).toBe(2);
    const badSince = await run(['tiktok', 'sync', '--once', '--since', 'last week']);
    expect(badSince).toMatchObject({ code: 2, stdout: '' });
    expect(badSince.stderr).toContain('--since last week');
  });
});
