/**
 * `puente tiktok reconcile` end to end, on both engines, against the protocol fake, as a seller types
 * it: a workspace with stock in TX and CA, TTS-US connected to a shop listing its SKUs, and the stock
 * TikTok shows (nothing: as if TikTok had lost every pushed figure) compared with what Puente
 * publishes. What differs is named and sent again, and the next reconcile finds nothing. Three
 * process starts per engine (each costs seconds); the workspace itself is written in-process.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStorefront, addWarehouse, createOrganization, upsertSkus } from '../src/store/entities.ts';
import { migrate } from '../src/store/migrations.ts';
import { openDatabase } from '../src/store/openDatabase.ts';
import { receive } from '../src/store/stockLedger.ts';
import { engines, freshStore, type TestStore } from './support/stores.ts';
import { demoFake } from './support/tiktokFake.ts';

const bin = fileURLToPath(new URL('../bin/puente.js', import.meta.url));
const skus = Array.from({ length: 12 }, (_, i) => `E2E-${String(i + 1).padStart(3, '0')}`);

interface Reconciled {
  storefront: string;
  checked: number;
  notOnTikTok: number;
  drift: { sku: string; tiktokWarehouse: string; tiktok: number | null; puente: number }[];
  repushed: { pushed: number; failed: number } | null;
}

/** A seller with 13 SKUs in TX and CA (one not listed at TikTok, one publishing 0), TTS-US drawing on both. */
async function seedWorkspace(url: string): Promise<Map<string, number>> {
  const store = openDatabase(url);
  try {
    await migrate(store);
    const org = await createOrganization(store, 'E2E seller');
    const warehouses = {
      TX: await addWarehouse(store, org, {
        code: 'TX',
        name: 'Dallas',
        country: 'US',
        state: 'TX',
        timeZone: 'America/Chicago',
      }),
      CA: await addWarehouse(store, org, {
        code: 'CA',
        name: 'Ontario',
        country: 'US',
        state: 'CA',
        timeZone: 'America/Los_Angeles',
      }),
    };
    const sf = await addStorefront(store, org, {
      code: 'TTS-US',
      name: 'TikTok Shop US',
      platform: 'tiktok',
      region: 'US',
      currency: 'USD',
      policyId: 'tiktok-us-mx-2026',
      warehouses: ['TX', 'CA'],
      bufferUnits: 2,
    });
    const ids = await upsertSkus(
      store,
      org,
      [...skus, 'E2E-UNLISTED'].map((sku) => ({ sku, title: sku })),
    );
    for (const [i, sku] of [...skus, 'E2E-UNLISTED'].entries()) {
      const m = { organizationId: org, skuId: ids.get(sku) as string, actor: 'e2e' };
      // The first has 1 unit, which the buffer of 2 holds back: it publishes 0.
      await receive(store, { ...m, warehouseId: warehouses.TX }, i === 0 ? 1 : 3 * i);
      if (i % 2) await receive(store, { ...m, warehouseId: warehouses.CA }, i);
    }
    await store.db.updateTable('published_quantities').set({ sent_at: new Date().toISOString() }).execute();
    const latest = await store.db
      .selectFrom('published_quantities as pq')
      .innerJoin('skus as s', 's.id', 'pq.sku_id')
      .select(['s.sku', 'pq.quantity'])
      .where('pq.storefront_id', '=', sf)
      .orderBy('pq.id')
      .execute();
    return new Map(latest.map((r) => [r.sku, r.quantity]));
  } finally {
    await store.close();
  }
}

describe.each(engines)('puente tiktok reconcile on %s', (engine) => {
  const cwd = mkdtempSync(join(tmpdir(), 'puente-reconcile-'));
  const { fake, app, seller, us } = demoFake({ sellerSkus: skus });
  let pg: TestStore | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
  delete env.DATABASE_URL;

  const puente = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [bin, ...args], { cwd, env }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      });
    });
  const reconcile = async () => {
    const r = await puente(['tiktok', 'reconcile', '--storefront', 'TTS-US', '--format', 'json']);
    expect(r.stderr).not.toContain(app.appSecret);
    return { code: r.code, result: JSON.parse(r.stdout) as Reconciled };
  };

  let first: { code: number; result: Reconciled };
  let second: { code: number; result: Reconciled };
  let published: Map<string, number>;
  beforeAll(async () => {
    await fake.listen();
    if (engine === 'postgres') {
      pg = await freshStore('postgres');
      env.DATABASE_URL = pg.url;
    }
    mkdirSync(join(cwd, 'puente-data'));
    published = await seedWorkspace(pg?.url ?? `sqlite:${join(cwd, 'puente-data', 'puente.db')}`);
    const connected = await puente([
      'tiktok',
      'connect',
      '--storefront',
      'TTS-US',
      '--app-key',
      app.appKey,
      '--app-secret',
      app.appSecret,
      '--auth-code',
      fake.authCode(app.appKey, seller.id),
      '--api-base',
      fake.apiUrl,
      '--auth-base',
      fake.authUrl,
    ]);
    expect(connected.code).toBe(0);
    first = await reconcile();
    second = await reconcile();
  }, 180_000);
  afterAll(async () => {
    await fake.close();
    await pg?.dispose();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('names every SKU TikTok shows differently and sends it again, so TikTok adds up to what Puente publishes', () => {
    expect(first.code).toBe(0);
    const inStock = [...published].filter(([sku, q]) => q > 0 && skus.includes(sku)).map(([sku]) => sku);
    expect(inStock).toHaveLength(skus.length - 1);
    expect(first.result).toMatchObject({ checked: skus.length, notOnTikTok: 1 });
    expect(new Set(first.result.drift.map((d) => d.sku))).toEqual(new Set(inStock));
    expect(first.result.repushed).toMatchObject({ pushed: inStock.length, failed: 0 });
    for (const sku of skus) {
      const shown = Object.values(fake.stockOf(us, sku)).reduce((a, b) => a + b, 0);
      expect({ sku, shown }).toEqual({ sku, shown: published.get(sku) ?? 0 });
    }
  });

  it('finds nothing to send the second time', () => {
    expect(second.code).toBe(0);
    expect(second.result).toMatchObject({ storefront: 'TTS-US', drift: [], repushed: null });
  });
});
