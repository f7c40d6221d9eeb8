import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { tiktokText } from '../i18n/tiktokTexts.ts';
import { storefront as storefrontByCode } from '../services/lookups.ts';
import { loadSecretBox } from '../services/security/secretKey.ts';
import type { SecretBox } from '../services/security/secrets.ts';
import { connectTikTok } from '../services/tiktokConnect.ts';
import { reconcileTikTokStock } from '../services/tiktokReconcile.ts';
import { type SyncSummary, syncOnce, syncSucceeded } from '../services/tiktokSync.ts';
import { parseMapping, tiktokWarehouseMapping, type WarehouseMapping } from '../services/tiktokWarehouses.ts';
import type { Store } from '../store/openDatabase.ts';
import { underStartupLock } from '../store/startupLock.ts';
import { connectedStorefronts } from '../store/tiktokConnections.ts';
import { printRows, type RowFormat } from './printRows.ts';
import { cliLang } from './refusal.ts';
import { UsageError } from './usageError.ts';
import { actor, withWorkspace } from './workspace.ts';

/**
 * `puente tiktok …`: connect a storefront to its TikTok shop and map the shop's warehouses. Thin:
 * each command calls one service. The app secret and tokens never reach the output.
 */

/** The server's key (PUENTE_SECRET_KEY, else ./puente-data/secret.key), as `puente serve` loads it. */
export function serverSecrets(store: Store): Promise<SecretBox> {
  return underStartupLock(store, () =>
    loadSecretBox(store, {
      file: join('./puente-data', 'secret.key'),
      env: process.env.PUENTE_SECRET_KEY,
      say: (line) => process.stderr.write(`${line}\n`),
    }),
  );
}

const collect = (value: string, previous: string[]) => [...previous, value];

const tableFormat = () =>
  new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');

function printMapping(rows: WarehouseMapping[], format: RowFormat, storefront: string): void {
  if (format === 'json') return;
  printRows(
    rows.map((r) => ({
      'TikTok warehouse': r.id,
      name: r.name,
      type:
        r.type === 'SALES_WAREHOUSE' ? 'sales' : r.type === 'RETURN_WAREHOUSE' ? 'returns' : (r.type ?? ''),
      state: r.state,
      'postal code': r.postal_code,
      Puente: r.warehouse ? `${r.warehouse}${r.mapped_by === 'auto' ? ' (auto)' : ''}` : 'null',
    })),
    'table',
  );
  const unmapped = rows.filter((r) => !r.warehouse && r.type !== 'RETURN_WAREHOUSE').length;
  if (unmapped)
    process.stdout.write(
      `${tiktokText('unmapped_warehouses', cliLang(process.argv, process.env), { n: unmapped, storefront })}\n`,
    );
}

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000 };

/** `--since 30d | 12h | 90m | <date>`: the instant this run's order window reaches back to. */
export function parseSince(value: string, now = new Date()): Date {
  const duration = /^(\d+)([dhm])$/.exec(value.trim());
  if (duration)
    return new Date(now.getTime() - Number(duration[1]) * (UNIT_MS[duration[2] as string] as number));
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError({ key: 'bad_since', params: { value } });
  return new Date(at);
}

function printSummary(s: SyncSummary): void {
  const lines = [
    `orders: ${s.orders.new} new, ${s.orders.updated} updated, ${s.orders.cancelled} cancelled, ${s.orders.parked} parked`,
    `stock: ${s.stock.pushed} pushed, ${s.stock.failed} failed`,
    `tracking: ${s.tracking.sent} sent, ${s.tracking.failed} failed`,
    `TikTok calls: ${s.calls} (${s.retries} retries)`,
    ...s.skipped.map(
      (k) =>
        `${k.failed ? 'FAILED' : 'skipped'} ${k.storefront} ${k.step}${k.subject ? ` ${k.subject}` : ''}: ${k.reason}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerTikTokCommands(program: Command): void {
  const tiktok = program
    .command('tiktok')
    .description('TikTok Shop: connect storefronts, map warehouses, sync orders and stock');

  tiktok
    .command('connect')
    .description(
      "bind a storefront to its TikTok shop with an authorization code, and map the shop's warehouses (by state and postal code)",
    )
    .requiredOption('--storefront <code>', 'the Puente storefront, e.g. TTS-US')
    .requiredOption('--app-key <key>', 'the app key from TikTok Shop Partner Center')
    .requiredOption('--app-secret <secret>', 'the app secret (stored encrypted, never printed)')
    .requiredOption('--auth-code <code>', 'the single-use code of the authorization redirect (valid 30 min)')
    .option('--shop <id or code>', "the TikTok shop (default: the one in the storefront's region)")
    .option('--api-base <url>', 'API host (default: PUENTE_TIKTOK_API_BASE, else TikTok Shop)')
    .option('--auth-base <url>', 'auth host (default: PUENTE_TIKTOK_AUTH_BASE, else TikTok Shop)')
    .addOption(tableFormat())
    .action(
      (o: {
        storefront: string;
        appKey: string;
        appSecret: string;
        authCode: string;
        shop?: string;
        apiBase?: string;
        authBase?: string;
        format: RowFormat;
      }) =>
        withWorkspace(async (store, org) => {
          const result = await connectTikTok(
            store,
            { secrets: await serverSecrets(store) },
            {
              organizationId: org,
              storefront: o.storefront,
              appKey: o.appKey,
              appSecret: o.appSecret,
              authCode: o.authCode,
              shop: o.shop,
              apiBase: o.apiBase,
              authBase: o.authBase,
              actor: actor(),
            },
          );
          if (o.format === 'json') {
            process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
            return;
          }
          const said = tiktokText('connected', cliLang(process.argv, process.env), {
            storefront: result.storefront,
            shop: result.shop.name,
            region: result.shop.region,
            id: result.shop.id,
            apiBase: result.apiBase,
          });
          process.stdout.write(`${said}\n`);
          printMapping(result.warehouses, 'table', result.storefront);
        }),
    );

  tiktok
    .command('warehouses')
    .description(
      "list the TikTok shop's warehouses (id, name, state, postal code) with the Puente warehouse each maps to, or null; --map sets pairs by hand",
    )
    .requiredOption('--storefront <code>', 'a connected storefront, e.g. TTS-MX')
    .option(
      '--map <code=id>',
      'map a Puente warehouse to a TikTok warehouse, e.g. TX=7068517275539719942 (repeatable)',
      collect,
      [],
    )
    .addOption(tableFormat())
    .action((o: { storefront: string; map: string[]; format: RowFormat }) =>
      withWorkspace(async (store, org) => {
        const map = o.map.map(parseMapping);
        const rows = await tiktokWarehouseMapping(
          store,
          { secrets: await serverSecrets(store) },
          { organizationId: org, storefront: o.storefront, map, actor: actor() },
        );
        if (o.format === 'json')
          process.stdout.write(
            `${JSON.stringify(
              rows.map((r) => ({
                id: r.id,
                name: r.name,
                type: r.type,
                state: r.state,
                postal_code: r.postal_code,
                warehouse: r.warehouse,
              })),
              null,
              2,
            )}\n`,
          );
        else printMapping(rows, 'table', o.storefront);
      }),
    );

  tiktok
    .command('reconcile')
    .description(
      "read the storefront's stock back from TikTok Shop and compare it with what Puente pushes; what differs raises an alert and is sent again (the sync does this hourly)",
    )
    .requiredOption('--storefront <code>', 'a connected storefront, e.g. TTS-US')
    .addOption(tableFormat())
    .action((o: { storefront: string; format: RowFormat }) =>
      withWorkspace(async (store, org) => {
        const sf = await storefrontByCode(store, org, o.storefront);
        const result = await reconcileTikTokStock(
          store,
          { secrets: await serverSecrets(store) },
          { storefrontId: sf.id },
        );
        // Exit 1 when a drifted figure could not be sent again: it is named in the output.
        if (result.repushed?.failed) process.exitCode = 1;
        if (o.format === 'json') {
          process.stdout.write(`${JSON.stringify({ storefront: sf.code, ...result }, null, 2)}\n`);
          return;
        }
        const lang = cliLang(process.argv, process.env);
        const drifted = new Set(result.drift.map((d) => d.sku)).size;
        process.stdout.write(
          `${tiktokText('reconcile_summary', lang, { storefront: sf.code, checked: result.checked, drifted, notOnTikTok: result.notOnTikTok, calls: result.calls })}\n`,
        );
        if (!result.drift.length) return;
        const [sku, warehouse, shows, pushes] = tiktokText('drift_columns', lang).split('|') as [
          string,
          string,
          string,
          string,
        ];
        printRows(
          result.drift.map((d) => ({
            [sku]: d.sku,
            [warehouse]: d.tiktokWarehouse,
            [shows]: d.tiktok ?? '—',
            [pushes]: d.puente,
          })),
          'table',
        );
        if (result.repushed)
          process.stdout.write(
            `${tiktokText('reconcile_repushed', lang, { pushed: result.repushed.pushed, failed: result.repushed.failed })}\n`,
          );
      }),
    );

  tiktok
    .command('sync')
    .description(
      'run one sync cycle with TikTok Shop: orders in (new, updated, cancelled, parked), then stock and tracking out; exit 1 when something failed for good',
    )
    .option('--storefront <code>', 'one connected storefront (default: every connected one)')
    .option('--once', 'run one cycle now (the server runs it every PUENTE_TIKTOK_SYNC_SECONDS)')
    .option('--since <30d|date>', "widen this run's order window back to a duration ago or a date")
    .addOption(tableFormat())
    .action((o: { storefront?: string; once?: boolean; since?: string; format: RowFormat }) => {
      if (!o.once) throw new UsageError({ key: 'tiktok_sync_once', params: {} });
      const since = o.since === undefined ? undefined : parseSince(o.since);
      return withWorkspace(async (store, org) => {
        // A storefront that is not connected is a mistake in the command: exit 2, as the contract's
        // sync exits only 0, 1 or 2.
        if (o.storefront && (await connectedStorefronts(store, org, o.storefront)).length === 0)
          throw new UsageError({ key: 'no_tiktok_connection', params: { code: o.storefront } });
        const summary = await syncOnce(
          store,
          { secrets: await serverSecrets(store) },
          { organizationId: org, storefront: o.storefront, since, actor: actor() },
        );
        if (o.format === 'json') process.stdout.write(`${JSON.stringify(summary)}\n`);
        else printSummary(summary);
        if (!syncSucceeded(summary)) process.exitCode = 1;
      });
    });
}
