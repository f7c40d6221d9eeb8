/**
 * Landed cost end to end, on both engines: the seller's rates and rate cards through `puente fx` and
 * `puente rate-cards`, then `puente cost` and the API on the same data print the same figures. The
 * figures are those worked by hand in src/domain/cost/landedCost.test.ts (USD/MXN 18.25, 2026).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COST_SKUS } from '../src/services/demoCosts.ts';
import { setSkuCostFacts } from '../src/services/landedCost.ts';
import { loadPolicy } from '../src/services/loadConfig.ts';
import { addStorefront, addWarehouse, firstOrganizationId, upsertSkus } from '../src/store/entities.ts';
import { openDatabase, type Store } from '../src/store/openDatabase.ts';
import { reserveOrder } from '../src/store/reservations.ts';
import { receive } from '../src/store/stockLedger.ts';
import { ApiClient } from './support/apiClient.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { engines } from './support/stores.ts';

const bin = fileURLToPath(new URL('../bin/puente.js', import.meta.url));
const TOY = DEMO_COST_SKUS.toy.sku;
const PROJECTOR = DEMO_COST_SKUS.projector.sku;

/** The demo's rate cards as a seller's file, the way a seller would type them (money in decimals). */
const RATE_CARDS = `code,name,route,leg,currency,per parcel,per kg,fee per parcel,per entry,units per entry,volumetric divisor,transit days
CN-US-OCEAN,China → Dallas ocean,us-warehouse,linehaul,USD,0,1.20,0,0,,,30
TX-MX-COURIER,Texas → Mexico courier,us-warehouse,delivery,USD,6.00,2.50,1.00,0,200,5000,4
CN-MX-LINE,China → Mexico line,china-direct,delivery,USD,3.00,8.50,1.00,0,200,6000,12
CN-MX-OCEAN,China → Manzanillo ocean,mx-local,linehaul,USD,0,1.50,0,600.00,500,,25
MX-JT-LASTMILE,J&T Mexico last mile,mx-local,delivery,MXN,97.00,10.00,0,0,,,4
BAD-ROUTE,Nowhere,by-sea,delivery,USD,1,1,0,0,,,4
`;

describe.each(engines)(
  'landed cost from the command line and the API on %s',
  { timeout: 300_000 },
  (engine) => {
    const cwd = mkdtempSync(join(tmpdir(), 'puente-cost-'));
    let server: TestServer;
    let api: ApiClient;
    let store: Store;
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };

    const puente = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [bin, ...args], { cwd, env }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    const json = async (...args: string[]) => {
      const r = await puente(...args, '--format', 'json');
      expect(r.stderr.includes('error') ? r.stderr : '', args.join(' ')).toBe('');
      return JSON.parse(r.stdout);
    };

    beforeAll(async () => {
      server = await startTestServer({ engine });
      env.DATABASE_URL = server.databaseUrl;
      api = await ApiClient.loggedIn(server.url, server.owner.email, server.owner.password);
      store = openDatabase(server.databaseUrl);
      const org = (await firstOrganizationId(store)) as string;
      const products = [DEMO_COST_SKUS.toy, DEMO_COST_SKUS.projector];
      const ids = await upsertSkus(
        store,
        org,
        products.map((p) => ({
          sku: p.sku,
          title: p.title,
          programCategory: p.programCategory,
          weightG: p.weightG,
        })),
      );
      // The toy at MXN 730.00 (USD 40.00 at 18.25), as in the hand-worked table.
      for (const p of products) {
        const f = p.facts;
        await setSkuCostFacts(
          store,
          org,
          p.sku,
          {
            unitCost: { amount: f.unit_cost_minor, currency: 'USD' },
            price: { amount: p === DEMO_COST_SKUS.toy ? 73000 : f.price_minor, currency: 'MXN' },
            lengthCm: f.length_cm,
            widthCm: f.width_cm,
            heightCm: f.height_cm,
            hsChapter: f.hs_chapter,
            origin: f.origin,
            rrna: false,
          },
          'test',
        );
      }
      const tx = await addWarehouse(store, org, {
        code: 'TX',
        name: 'Dallas',
        country: 'US',
        state: 'TX',
        timeZone: 'America/Chicago',
        cutoff: '16:00',
        holidayCalendar: 'US-federal',
        leadTimeDays: 14,
      });
      const mx = await addStorefront(store, org, {
        code: 'TTS-MX',
        name: 'TikTok Shop MX',
        platform: 'tiktok',
        region: 'MX',
        currency: 'MXN',
        policyId: 'tiktok-us-mx-2026',
        warehouses: ['TX'],
      });
      const toyId = ids.get(TOY) as string;
      await receive(
        store,
        { organizationId: org, skuId: toyId, warehouseId: tx, actor: 'test', reason: 'stock' },
        10,
      );
      await reserveOrder(
        store,
        {
          organizationId: org,
          storefrontId: mx,
          externalId: 'MX-TWO-TOYS',
          // 2026-02-03 in Mexico City.
          paidAt: '2026-02-03T18:00:00.000Z',
          currency: 'MXN',
          lines: [{ skuId: toyId, quantity: 2, unitPriceMinor: 73000 }],
          actor: 'test',
          takenAt: '2026-02-03T18:05:00.000Z',
        },
        (await loadPolicy()).dispatch,
      );
      writeFileSync(join(cwd, 'cards.csv'), RATE_CARDS);
      writeFileSync(
        join(cwd, 'rates.csv'),
        'date,pair,rate\n2025-08-01,USD/MXN,18.25\n2026-02-30,USD/MXN,18.30\n2026-01-05,USD/MXN,abc\n',
      );
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      await server?.close();
      rmSync(cwd, { recursive: true, force: true });
    });

    it('imports rate cards and rates, naming each bad row and field, keeping the good ones', async () => {
      const cards = await puente('rate-cards', 'import', 'cards.csv');
      expect(cards.stdout).toMatch(/rate cards: 5 imported \(\), 1 skipped/);
      expect(cards.stdout).toMatch(
        /7\s+route\s+not one of us-warehouse, china-direct, mx-local \("by-sea"\)/,
      );
      const rates = await puente('fx', 'import', 'rates.csv', '--lang', 'es');
      expect(rates.stdout).toMatch(/tipos de cambio: 1 importados/);
      expect(rates.stdout).toMatch(/3\s+date\s+no es una fecha AAAA-MM-DD \("2026-02-30"\)/);
      expect(rates.stdout).toMatch(/4\s+rate\s+no es un tipo de cambio como 18.25 \("abc"\)/);
      expect(
        (await puente('fx', 'set', '--date', '2026-02-02', '--pair', 'USD/MXN', '--rate', '18.25')).stdout,
      ).toBe('USD/MXN on 2026-02-02: 18.25\n');
      expect(
        (await puente('fx', 'set', '--date', '2026-02-31', '--pair', 'USD/MXN', '--rate', '18')).stderr,
      ).toMatch(/--date: "2026-02-31" is not valid: a date as YYYY-MM-DD/);
      expect(await json('fx', 'list', '--pair', 'USD/MXN')).toEqual([
        { base: 'USD', quote: 'MXN', date: '2026-02-02', rate: '18.25' },
        { base: 'USD', quote: 'MXN', date: '2025-08-01', rate: '18.25' },
      ]);
    });

    it('a day with no rate takes the latest earlier one, and says which', async () => {
      // Saturday 2026-02-07 has no rate of its own: Monday's is used.
      const r = await puente('cost', '--sku', TOY, '--date', '2026-02-07', '--format', 'json');
      expect(r.stderr).toContain(
        'no USD/MXN rate on 2026-02-07: used 18.25, the latest earlier rate (of 2026-02-02)',
      );
      const api_ = await api.get(`/api/v1/cost/skus/${TOY}?date=2026-02-07`);
      expect(api_.body.fx).toEqual({
        pair: 'USD/MXN',
        rate: '18.25',
        date: '2026-02-02',
        requestedDate: '2026-02-07',
        earlier: true,
      });
      const none = await puente('cost', '--sku', TOY, '--date', '2025-07-01');
      expect([none.code, none.stderr]).toEqual([
        3,
        expect.stringContaining('no USD/MXN exchange rate on or before 2025-07-01'),
      ]);
    });

    it('prints the hand-worked figures, the same on the command line and the API', async () => {
      const cli = await json('cost', '--sku', TOY, '--date', '2026-02-07');
      const http = (await api.get(`/api/v1/cost/skus/${TOY}?date=2026-02-07`)).body;
      const figures = (r: Record<string, unknown>) => ({
        route: r.route,
        customsValueUsd: r.customsValueUsd,
        band: r.band,
        dutyRate: r.dutyRate,
        dutyMinor: r.dutyMinor,
        freightMinor: r.freightMinor,
        feesMinor: r.feesMinor,
        platformMinor: r.platformMinor,
        landedCostMinor: r.landedCostMinor,
        currency: r.currency,
        transitDays: r.transitDays,
        marginMinor: r.marginMinor,
        rules: r.rules,
      });
      expect(cli.map(figures)).toEqual(http.routes.map(figures));
      expect(cli.map((r: Record<string, unknown>) => [r.route, r.landedCostMinor, r.marginMinor])).toEqual([
        ['us-warehouse', 46267, 26733],
        ['china-direct', 72310, 690],
        ['mx-local', 47628, 25372],
      ]);
      expect(cli[0].rules[0]).toEqual({
        id: expect.any(String),
        source: expect.stringMatching(/\[S\d+/),
        validFrom: expect.any(String),
      });
      expect(cli[0].claim).toEqual(http.claim);
      expect(http.claim).toMatchObject({ daysFaster: 8, logisticsCheaperPercent: 58 });
    });

    it.each([
      ['50.00', 'usmca-0-50', 0],
      ['50.01', 'usmca-50-117', 0.17],
      ['117.00', 'usmca-50-117', 0.17],
      ['117.01', 'usmca-over-117', 0.19],
    ])('--price %s USD probes the band edge: %s at %f', async (price, band, rate) => {
      const [cost] = await json(
        'cost',
        '--sku',
        TOY,
        '--price',
        price,
        '--currency',
        'USD',
        '--route',
        'us-warehouse',
        '--date',
        '2026-02-02',
      );
      expect(cost).toMatchObject({
        route: 'us-warehouse',
        customsValueUsd: Number(price),
        band,
        dutyRate: rate,
      });
    });

    it('China direct pays 19% on 2025-08-14 and 33.5% on 2025-08-15 [S30]', async () => {
      const [on14th] = await json(
        'cost',
        '--sku',
        PROJECTOR,
        '--route',
        'china-direct',
        '--date',
        '2025-08-14',
      );
      const [on15th] = await json(
        'cost',
        '--sku',
        PROJECTOR,
        '--route',
        'china-direct',
        '--date',
        '2025-08-15',
      );
      expect([on14th.dutyRate, on15th.dutyRate]).toEqual([0.19, 0.335]);
      expect(on15th.rules.map((r: { id: string }) => r.id)).toContain('courier-general-2025-08-15');
    });

    it('an order of two toys: one parcel is USD 80 at 17%; the split into two 0% parcels is suggested', async () => {
      const cli = await json('cost', 'order', 'MX-TWO-TOYS');
      const http = (await api.get('/api/v1/cost/orders/MX-TWO-TOYS')).body;
      const us = cli.find((r: { route: string }) => r.route === 'us-warehouse');
      expect(us).toMatchObject({
        parcel: 1,
        items: [{ sku: TOY, quantity: 2 }],
        band: 'usmca-50-117',
        dutyMinor: 24820,
        date: '2026-02-03',
      });
      expect(us.split.parcels.map((p: { cost: { band: string } }) => p.cost.band)).toEqual([
        'usmca-0-50',
        'usmca-0-50',
      ]);
      expect(us.split.savesMinor).toBe(us.landedCostMinor - 2 * 46267);
      expect(http.routes.find((r: { route: string }) => r.route === 'us-warehouse').split).toEqual(us.split);
      // China direct: no de minimis, and the line consolidates a recipient's parcels: no split.
      expect(cli.find((r: { route: string }) => r.route === 'china-direct').split).toBeNull();
    });

    it('refuses clearly: an unknown SKU, a SKU without cost facts, bad query values', async () => {
      expect((await puente('cost', '--sku', 'NOPE')).stderr).toMatch(/no SKU NOPE/);
      expect((await api.get('/api/v1/cost/skus/NOPE')).status).toBe(404);
      expect((await api.get(`/api/v1/cost/skus/${TOY}?date=2026-13-01`)).status).toBe(400);
      expect(
        (
          await api.send('PUT', '/api/v1/fx-rates', {
            body: { date: '2026-02-03', pair: 'USD/MXN', rate: 'x' },
          })
        ).status,
      ).toBe(400);
    });
  },
);
