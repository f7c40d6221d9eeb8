/**
 * Many sellers on one database, from the command line: the real `puente` runs as a child process
 * against a database holding three organizations (two sellers with the same warehouse and SKU codes,
 * and a disabled one). `--org` (or PUENTE_ORG) chooses the one a command acts on, and the others
 * are untouched; without it the command refuses in one line rather than guess. On both engines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../src/store/entities.ts';
import { openDatabase, type Store } from '../src/store/openDatabase.ts';
import { setOrganizationDisabled } from '../src/store/organizations.ts';
import { type CliRun, runPuente } from './support/cli.ts';
import { type Seller, seedSeller } from './support/seller.ts';
import { engines, freshStore, type TestStore } from './support/stores.ts';

describe.each(engines)('puente --org on a database of several sellers (%s)', (engine) => {
  let db: TestStore;
  let shenzhen: Seller;
  let acme: Seller;
  let closedId: string;
  const cwd = mkdtempSync(join(tmpdir(), 'puente-org-'));
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', PUENTE_ACTOR: 'cli:tester' };
  delete env.PUENTE_LANG;
  delete env.PUENTE_ORG;
  // A delivery for Acme MX: codes every seller on the install uses.
  writeFileSync(join(cwd, 'delivery.csv'), 'sku,warehouse,quantity\nA,TX,7\nB,CA,3\n');

  const puente = (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> =>
    runPuente(args, { cwd, env: { ...env, DATABASE_URL: db.url, ...extraEnv } });

  async function read<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const store = openDatabase(db.url);
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  /** Units on hand per `sku@warehouse` code of one organization, from its ledger. */
  const onHand = (org: string) =>
    read(async (store) => {
      const rows = await store.db
        .selectFrom('stock_movements as m')
        .innerJoin('skus as s', 's.id', 'm.sku_id')
        .innerJoin('warehouses as w', 'w.id', 'm.warehouse_id')
        .select(['s.sku', 'w.code', 'm.on_hand_delta'])
        .where('m.organization_id', '=', org)
        .execute();
      const totals: Record<string, number> = {};
      for (const r of rows)
        totals[`${r.sku}@${r.code}`] = (totals[`${r.sku}@${r.code}`] ?? 0) + r.on_hand_delta;
      return totals;
    });

  const movementCount = () =>
    read(async (store) =>
      Number(
        (
          await store.db
            .selectFrom('stock_movements')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );

  beforeAll(async () => {
    db = await freshStore(engine);
    shenzhen = await seedSeller(db);
    acme = await seedSeller(db, { organizationId: await createOrganization(db, 'Acme MX') });
    closedId = await createOrganization(db, 'Closed Co');
    await setOrganizationDisabled(db, { id: closedId, disabled: true, actor: 'test' });
  }, 60_000);

  afterAll(async () => {
    await db.dispose();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('receives into the organization --org names by its name, written with a dash', async () => {
    const r = await puente(['receive', 'A', '5', '--warehouse', 'TX', '--org', 'acme-mx']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(await onHand(acme.org)).toEqual({ 'A@TX': 5 });
    expect(await onHand(shenzhen.org)).toEqual({});
  });

  it('imports a delivery for the organization PUENTE_ORG names, in any case', async () => {
    const r = await puente(['import', 'stock', 'delivery.csv', '--mode', 'add', '--reference', 'PO-1'], {
      PUENTE_ORG: 'ACME MX',
    });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(await onHand(acme.org)).toEqual({ 'A@TX': 12, 'B@CA': 3 });
    expect(await onHand(shenzhen.org)).toEqual({});
  });

  it('lists each organization its own stock, by name or by the first characters of its id', async () => {
    const listed = async (org: string) => {
      const r = await puente(['stock', '--format', 'json', '--org', org]);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      return (JSON.parse(r.stdout) as { sku: string; warehouse: string; on_hand: number }[])
        .filter((row) => row.on_hand !== 0)
        .map((row) => `${row.sku}@${row.warehouse} ${row.on_hand}`)
        .sort();
    };
    expect(await listed(acme.org.slice(0, 8))).toEqual(['A@TX 12', 'B@CA 3']);
    expect(await listed('Shenzhen Demo Trading')).toEqual([]);
  });

  it('--org on the command line wins over PUENTE_ORG, and the audit row names the actor as before', async () => {
    const r = await puente(['warehouse', 'set', 'TX', '--lead-days', '30', '--org', acme.org], {
      PUENTE_ORG: 'Shenzhen Demo Trading',
    });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const audit = await read((store) =>
      store.db
        .selectFrom('audit_log')
        .select(['organization_id', 'actor'])
        .where('action', '=', 'warehouse.update')
        .execute(),
    );
    expect(audit).toEqual([{ organization_id: acme.org, actor: 'cli:tester' }]);
    const leadDays = await read((store) =>
      store.db
        .selectFrom('warehouses')
        .select(['organization_id', 'lead_time_days'])
        .where('code', '=', 'TX')
        .execute(),
    );
    const byOrg = Object.fromEntries(leadDays.map((w) => [w.organization_id, w.lead_time_days]));
    expect(byOrg[acme.org]).toBe(30);
    expect(byOrg[shenzhen.org]).not.toBe(30);
  });

  it('refuses in one line, without --org, to guess among several organizations (exit 2), in English and Chinese', async () => {
    const before = await movementCount();
    const en = await puente(['receive', 'A', '1', '--warehouse', 'TX']);
    expect(en).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'puente: this database holds 3 organizations: choose one with --org <name> or PUENTE_ORG (puente org list)\n',
    });
    const zh = await puente(['stock', '--lang', 'zh']);
    expect(zh).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'puente: 此数据库中有 3 个组织：请用 --org <名称> 或 PUENTE_ORG 选择一个（puente org list 查看组织）\n',
    });
    expect(await movementCount()).toBe(before);
  });

  it('refuses an unknown organization as not found (exit 3) and a disabled one as a conflict (exit 4)', async () => {
    const before = await movementCount();
    expect(await puente(['receive', 'A', '1', '--warehouse', 'TX', '--org', 'Globex'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'puente: no organization Globex (puente org list)\n',
    });
    expect(await puente(['stock', '--org', 'closed co', '--lang', 'es'])).toEqual({
      code: 4,
      stdout: '',
      stderr: `puente: la organización Closed Co está deshabilitada: los comandos no actúan sobre ella hasta puente org enable ${closedId}\n`,
    });
    expect(await movementCount()).toBe(before);
  });

  it('keeps commands of the whole database whole: --org is refused there, PUENTE_ORG ignored', async () => {
    expect(await puente(['org', 'list', '--org', 'acme-mx'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'puente: puente org list acts on every organization of the database, not on one: leave out --org\n',
    });
    const listed = await puente(['org', 'list', '--format', 'json'], { PUENTE_ORG: 'acme-mx' });
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((o) => o.name).sort()).toEqual([
      'Acme MX',
      'Closed Co',
      'Shenzhen Demo Trading',
    ]);
  });
});
