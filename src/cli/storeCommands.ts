import { type Command, InvalidArgumentError, Option } from 'commander';
import { DateTime } from 'luxon';
import { calendarIds } from '../domain/dispatch/holidayCalendars.ts';
import { CUTOFF_PATTERN } from '../domain/dispatch/operationalDeadline.ts';
import type { Lang } from '../i18n/messages.ts';
import {
  importSummary,
  type NoticeKey,
  noticeMessage,
  problemTableRow,
  warningLine,
} from '../i18n/notices.ts';
import type { Expectation } from '../i18n/refusals.ts';
import { loadDemo } from '../services/demo.ts';
import { editStorefront } from '../services/editStorefront.ts';
import { actOnAlert, alertIdFromPrefix } from '../services/handleAlert.ts';
import { type ImportReport, importCatalog, importOrders, importStock } from '../services/importFiles.ts';
import { LISTED, problemIn } from '../services/importReport.ts';
import { NotFound, orderId, skuId, storefront, warehouseId } from '../services/lookups.ts';
import { cancelOrder } from '../services/orderActions.ts';
import { repairPlanningRollups, verifyPlanningRollups } from '../services/planningRollups.ts';
import { Refused } from '../services/refused.ts';
import { importSkuPlans } from '../services/skuPlans.ts';
import { listAlerts } from '../store/alertQueries.ts';
import { verifyDispatchCounts } from '../store/dispatchCounts.ts';
import { addStorefront, addWarehouse } from '../store/entities.ts';
import { boardPage, lateDispatchRates, scanAlerts, stockReport } from '../store/monitor.ts';
import type { Store } from '../store/openDatabase.ts';
import { verifyOrderCounts } from '../store/orderCounts.ts';
import { shipOrder } from '../store/reservations.ts';
import { listStorefronts, listWarehouses, updateWarehouse } from '../store/settings.ts';
import { adjust, receive, setInbound, transfer } from '../store/stockLedger.ts';
import { isUniqueViolation } from '../store/transaction.ts';
import { ledgerSize, verifyLedger } from '../store/verify.ts';
import { int, nonZeroInt, positiveInt } from './argParsers.ts';
import { planningRows } from './planningDrift.ts';
import { printRows, type RowFormat } from './printRows.ts';
import { registerReturnCommand } from './returnCommand.ts';
import { UsageError } from './usageError.ts';
import { actor, formatOption, installWide, withInstall, withWorkspace } from './workspace.ts';

/**
 * The stock and order commands: thin wrappers that open the store (DATABASE_URL or ./puente-data),
 * call the store, and print. The actor on every ledger movement is the OS user, or PUENTE_ACTOR.
 */

const CUTOFF_HELP =
  "the last carrier pickup of the day, in the warehouse's time zone (HH:MM, 00:00–23:59); orders must be packed by then to count as shipped on time; the platform deadline is separate";
const TZ_HELP = 'IANA time zone, e.g. America/Chicago: the cut-off and working days are counted in it';

function cutoffArg(v: string): string {
  if (!CUTOFF_PATTERN.test(v)) throw new InvalidArgumentError('cutoff' satisfies Expectation);
  return v;
}

function timeZoneArg(v: string): string {
  if (!DateTime.local().setZone(v).isValid) throw new InvalidArgumentError('time_zone' satisfies Expectation);
  return v;
}

const calendarOption = () =>
  new Option(
    '--calendar <id>',
    'holiday calendar: no pickups on its holidays, nor on Saturdays and Sundays',
  ).choices(calendarIds);

/**
 * A time in a warehouse's zone, for people and for spreadsheets: 2026-05-27 23:59 -07:00 PDT. The
 * offset makes the instant exact wherever the export is read; the abbreviation names the zone.
 */
const local = (utc: string | null, zone: string) =>
  utc ? DateTime.fromISO(utc).setZone(zone).toFormat('yyyy-LL-dd HH:mm ZZ ZZZZ') : '';

export function registerStoreCommands(program: Command): void {
  /** What a command did, one line on stdout in the user's language (--lang). */
  const say = (key: NoticeKey, params: Record<string, string | number> = {}) =>
    process.stdout.write(`${noticeMessage({ key, params }, program.opts().lang)}\n`);
  installWide(program.command('migrate'))
    .description('create or update the database schema (also done at every start)')
    .action(() =>
      withInstall(async (store) => {
        say('database_ready', { engine: store.engine, location: store.location });
      }),
    );

  const warehouse = program.command('warehouse').description('warehouses that hold stock');
  warehouse
    .command('add')
    .description('add a warehouse: its time zone, carrier cut-off and holiday calendar set its pickups')
    .requiredOption('--code <code>', 'short code, e.g. TX')
    .requiredOption('--name <name>', 'name')
    .requiredOption('--country <cc>', 'country, e.g. US')
    .option('--state <state>', 'state or province')
    .option('--postal-code <code>', 'postal (ZIP) code: matches the warehouse to a TikTok Shop warehouse')
    .requiredOption('--tz <zone>', TZ_HELP, timeZoneArg)
    .option('--cutoff <HH:MM>', CUTOFF_HELP, cutoffArg, '23:59')
    .addOption(calendarOption())
    .option('--lead-days <n>', 'replenishment lead time in days', int, 14)
    .action((o) =>
      withWorkspace(async (store, org) => {
        await addWarehouse(store, org, {
          code: o.code,
          name: o.name,
          country: o.country,
          state: o.state,
          postalCode: o.postalCode,
          timeZone: o.tz,
          cutoff: o.cutoff,
          holidayCalendar: o.calendar,
          leadTimeDays: o.leadDays,
        }).catch(exists('warehouse_exists', o.code));
        say('warehouse_added', { code: o.code });
      }),
    );
  warehouse
    .command('set')
    .description(
      'change a warehouse; a new cut-off, time zone or calendar recomputes the operational deadline of its open orders',
    )
    .argument('<code>')
    .option('--name <name>', 'name')
    .option('--state <state>', 'state or province')
    .option('--postal-code <code>', 'postal (ZIP) code: matches the warehouse to a TikTok Shop warehouse')
    .option('--tz <zone>', TZ_HELP, timeZoneArg)
    .option('--cutoff <HH:MM>', CUTOFF_HELP, cutoffArg)
    .addOption(calendarOption())
    .option('--lead-days <n>', 'replenishment lead time in days', int)
    .option(
      '--digest-at <HH:MM|off>',
      "when the morning digest is due, on the warehouse's clock (off: none)",
      (v: string) => (v.trim().toLowerCase() === 'off' ? null : cutoffArg(v)),
    )
    .action((code: string, o) =>
      withWorkspace(async (store, org) => {
        const result = await updateWarehouse(
          store,
          org,
          code,
          {
            name: o.name,
            state: o.state,
            postalCode: o.postalCode,
            timeZone: o.tz,
            cutoff: o.cutoff,
            holidayCalendar: o.calendar,
            leadTimeDays: o.leadDays,
            digestAt: o.digestAt,
          },
          null,
          { actor: actor() },
        );
        if (result.status !== 'updated') throw new NotFound({ key: 'no_warehouse', params: { code } });
        const { recomputed } = result.value;
        say('warehouse_updated', { code, recomputed });
      }),
    );
  warehouse
    .command('list')
    .description('list the warehouses')
    .addOption(formatOption())
    .action((o: { format: RowFormat }) =>
      withWorkspace(async (store, org) => {
        const rows = (await listWarehouses(store, org)).map((w) => ({
          code: w.code,
          name: w.name,
          country: w.country,
          state: w.state,
          time_zone: w.time_zone,
          cutoff: w.cutoff,
          holiday_calendar: w.holiday_calendar,
          lead_time_days: w.lead_time_days,
        }));
        printRows(rows, o.format);
      }),
    );

  const sf = program
    .command('storefront')
    .description('storefronts that sell the stock (TikTok Shop US, MX…)');
  sf.command('add')
    .description('add a storefront and the warehouses it sells from')
    .requiredOption('--code <code>', 'short code, e.g. TTS-MX')
    .requiredOption('--name <name>', 'name')
    .option('--platform <platform>', 'platform', 'tiktok')
    .requiredOption('--region <region>', 'region, e.g. MX')
    .requiredOption('--currency <ccy>', 'currency, e.g. MXN')
    .option('--policy <id>', 'program policy', 'tiktok-us-mx-2026')
    .requiredOption('--warehouses <codes>', 'warehouse codes, highest priority first, comma-separated')
    .option('--buffer-units <n>', 'units held back from what is published', int, 0)
    .option('--buffer-percent <n>', 'percent held back from what is published', int, 0)
    .option('--split', 'allow an order to ship from several warehouses', false)
    .action((o) =>
      withWorkspace(async (store, org) => {
        const warehouses = String(o.warehouses).split(',');
        // Unknown warehouse codes are refused as such before anything is written.
        for (const code of warehouses) await warehouseId(store, org, code);
        await addStorefront(store, org, {
          code: o.code,
          name: o.name,
          platform: o.platform,
          region: o.region,
          currency: o.currency,
          policyId: o.policy,
          warehouses,
          bufferUnits: o.bufferUnits,
          bufferPercent: o.bufferPercent,
          allowSplit: o.split,
        }).catch(exists('storefront_exists', o.code));
        say('storefront_added', { code: o.code });
      }),
    );
  sf.command('set')
    .description(
      'change a storefront: buffer, split orders, warehouses in priority order (recorded in the audit log)',
    )
    .argument('<code>')
    .option('--name <name>', 'name')
    .option('--buffer-units <n>', 'units held back from what is published', int)
    .option('--buffer-percent <n>', 'percent held back from what is published', int)
    .option('--split', 'allow an order to ship from several warehouses')
    .option('--no-split', 'ship every order from one warehouse')
    .option('--warehouses <codes>', 'warehouse codes, highest priority first, comma-separated')
    .option(
      '--if-version <n>',
      'change it only if it is still at this version (puente storefront list shows it)',
      positiveInt,
    )
    .action((code: string, o) => {
      const edit = {
        name: o.name,
        bufferUnits: o.bufferUnits,
        bufferPercent: o.bufferPercent,
        allowSplit: o.split,
        warehouses: o.warehouses ? String(o.warehouses).split(',') : undefined,
      };
      if (Object.values(edit).every((v) => v === undefined))
        throw new UsageError({ key: 'nothing_to_change' });
      return withWorkspace(async (store, org) => {
        const result = await editStorefront(store, {
          organizationId: org,
          code,
          edit,
          expectedVersion: o.ifVersion ?? null,
          actor: actor(),
        });
        if (result.status === 'missing') throw new NotFound({ key: 'no_storefront', params: { code } });
        if (result.status === 'stale')
          throw new Refused('conflict', {
            key: 'storefront_changed',
            params: { code, expected: o.ifVersion, current: result.current },
          });
        say('storefront_updated', { code, version: result.version });
      });
    });
  sf.command('list')
    .description('list the storefronts: buffers, split orders, warehouses in priority order, version')
    .addOption(formatOption())
    .action((o: { format: RowFormat }) =>
      withWorkspace(async (store, org) => {
        printRows(
          (await listStorefronts(store, org)).map((s) => ({
            code: s.code,
            name: s.name,
            region: s.region,
            currency: s.currency,
            policy_id: s.policy_id,
            buffer_units: s.buffer_units,
            buffer_percent: s.buffer_percent,
            version: s.version,
            split: s.allow_split ? 'yes' : 'no',
            warehouses: s.warehouses.map((w) => w.code).join(' > '),
          })),
          o.format,
        );
      }),
    );

  const movement = async (
    store: Store,
    org: string,
    sku: string,
    warehouseCode: string,
    extra: { reason?: string; idempotencyKey?: string },
  ) => ({
    organizationId: org,
    skuId: await skuId(store, org, sku),
    warehouseId: await warehouseId(store, org, warehouseCode),
    actor: actor(),
    ...extra,
  });
  program
    .command('receive')
    .description('stock arrived in a warehouse')
    .argument('<sku>')
    .argument('<quantity>', 'units', positiveInt)
    .requiredOption('--warehouse <code>')
    .option('--key <key>', 'idempotency key (e.g. the receipt number): a repeat is a no-op')
    .action((sku: string, quantity: number, o) =>
      withWorkspace(async (store, org) => {
        const r = await receive(
          store,
          await movement(store, org, sku, o.warehouse, { idempotencyKey: o.key }),
          quantity,
        );
        if (r === 'duplicate') say('already_received', { key: o.key });
        else say('received', { quantity, sku, warehouse: o.warehouse });
      }),
    );
  program
    .command('inbound')
    .description('stock on its way to a warehouse, with its expected arrival (replaces the previous figure)')
    .argument('<sku>')
    .argument('<quantity>', 'units on the way; 0 when it has all arrived', int)
    // Checked in the action, not by commander: a required option here would be required of
    // `inbound list` and `inbound receive` too (planCommands.ts).
    .option('--warehouse <code>', 'required')
    .option('--eta <date>', 'expected arrival, YYYY-MM-DD')
    .action((sku: string, quantity: number, o) =>
      withWorkspace(async (store, org) => {
        if (!o.warehouse)
          throw new UsageError({
            key: 'missing_option',
            params: { option: '--warehouse <code>', command: 'inbound' },
          });
        if (o.eta && !/^\d{4}-\d{2}-\d{2}$/.test(o.eta))
          throw new UsageError({ key: 'not_a_date', params: { option: '--eta', value: o.eta } });
        await setInbound(store, await movement(store, org, sku, o.warehouse, {}), quantity, o.eta ?? null);
        say('inbound_set', { quantity, sku, warehouse: o.warehouse, eta: o.eta ?? '' });
      }),
    );
  program
    .command('adjust')
    .description('correct stock on hand by a signed difference, with a reason')
    .argument('<sku>')
    .argument('<delta>', 'units, e.g. -2', nonZeroInt)
    .requiredOption('--warehouse <code>')
    .requiredOption('--reason <text>')
    .action((sku: string, delta: number, o) =>
      withWorkspace(async (store, org) => {
        await adjust(store, await movement(store, org, sku, o.warehouse, { reason: o.reason }), delta);
        say('adjusted', { sku, warehouse: o.warehouse, delta });
      }),
    );
  program
    .command('transfer')
    .description('move stock between warehouses')
    .argument('<sku>')
    .argument('<quantity>', 'units', positiveInt)
    .requiredOption('--from <code>')
    .requiredOption('--to <code>')
    .action((sku: string, quantity: number, o) =>
      withWorkspace(async (store, org) => {
        if (o.from === o.to) throw new UsageError({ key: 'same_warehouse' });
        await transfer(
          store,
          await movement(store, org, sku, o.from, {}),
          await warehouseId(store, org, o.to),
          quantity,
        );
        say('moved', { quantity, sku, from: o.from, to: o.to });
      }),
    );

  program
    .command('ship')
    .description('mark an order shipped: its reservation leaves stock')
    .argument('<order>', 'the marketplace order id')
    .requiredOption('--tracking <number>')
    .requiredOption('--carrier <name>')
    .option('--storefront <code>')
    .action((external: string, o) =>
      withWorkspace(async (store, org) => {
        const r = await shipOrder(store, await orderId(store, org, external, o.storefront), {
          carrier: o.carrier,
          tracking: o.tracking,
          actor: actor(),
        });
        say(r === 'shipped' ? 'order_shipped' : 'order_had_shipped', { order: external });
      }),
    );
  program
    .command('cancel')
    .description('cancel an order: what it reserved is released')
    .argument('<order>')
    .option('--reason <text>', 'why', 'cancelled')
    .option('--storefront <code>')
    .action((external: string, o) =>
      withWorkspace(async (store, org) => {
        await cancelOrder(store, org, await orderId(store, org, external, o.storefront), {
          reason: o.reason,
          actor: actor(),
        });
        say('order_cancelled', { order: external });
      }),
    );
  registerReturnCommand(program);

  program
    .command('stock')
    .description('stock per SKU and warehouse: on hand, reserved, available, days of cover')
    .option('--sku <sku>')
    .option('--warehouse <code>')
    .option('--storefront <code>', 'only the warehouses that serve this storefront')
    .option('--low', 'only SKUs below their lead time in days of cover')
    .addOption(formatOption())
    .action((o) =>
      withWorkspace(async (store, org) => {
        let rows = await stockReport(store, org, new Date(), { sku: o.sku, warehouse: o.warehouse });
        if (o.storefront) {
          const s = await storefront(store, org, o.storefront);
          const [served] = await listStorefronts(store, org, s.code);
          const codes = new Set(served?.warehouses.map((w) => w.code));
          rows = rows.filter((r) => codes.has(r.warehouse));
        }
        if (o.low) rows = rows.filter((r) => r.low);
        printRows(
          rows.map((r) => ({
            sku: r.sku,
            warehouse: r.warehouse,
            on_hand: r.onHand,
            reserved: r.reserved,
            available: r.available,
            inbound: r.inbound ? `${r.inbound}${r.inboundEta ? ` (${r.inboundEta})` : ''}` : '',
            sold_14d: r.orderedLast14Days,
            days_of_cover: Number.isFinite(r.daysOfCover) ? Number(r.daysOfCover.toFixed(1)) : r.daysOfCover,
            lead_days: r.leadTimeDays,
            low: r.low ? 'LOW' : '',
          })),
          o.format,
        );
      }),
    );

  program
    .command('orders')
    .description('open orders by ship-by deadline, in the warehouse time zone')
    .option('--due', 'due within the at-risk lead (late included)')
    .option('--at-risk', 'less than the lead left, not yet late')
    .option('--late', 'past the deadline, not shipped')
    .option('--lead-hours <n>', 'at-risk lead time', int, 12)
    .option('--rates', 'late-dispatch rate per storefront and warehouse, 7 and 30 days')
    .addOption(formatOption())
    .action((o) =>
      withWorkspace(async (store, org) => {
        const now = new Date();
        if (o.rates) {
          const rows = await lateDispatchRates(store, org, now);
          printRows(
            rows.map((r) => ({
              by: r.by,
              code: r.code,
              days: r.days,
              due: r.due,
              late: r.late,
              rate: r.rate === null ? '' : `${(100 * r.rate).toFixed(1)}%`,
              level: r.level,
              warning_at: '4%',
              penalty_at: '10%',
            })),
            o.format,
          );
          return;
        }
        const dueBefore =
          o.due || o.atRisk || o.late ? new Date(now.getTime() + o.leadHours * 3_600_000) : undefined;
        let rows = await boardPage(store, org, now, { dueBefore, after: null, limit: 1000 }, o.leadHours);
        if (o.atRisk) rows = rows.filter((r) => r.state === 'at_risk');
        if (o.late) rows = rows.filter((r) => r.state === 'late');
        printRows(
          rows.map((r) => {
            const zone = r.warehouse?.timeZone ?? 'UTC';
            const due = r.dueBy?.at ?? r.shipBy ?? '';
            const hours = (Date.parse(due) - now.getTime()) / 3_600_000;
            return {
              order: r.externalId,
              storefront: r.storefront,
              warehouse: r.warehouse?.code ?? '',
              due_by: due ? local(due, zone) : '',
              deadline: r.dueBy?.kind ?? '',
              left: hours < 0 ? `${(-hours).toFixed(1)} h late` : `${hours.toFixed(1)} h`,
              state: r.state,
              status: r.status,
            };
          }),
          o.format,
        );
      }),
    );

  const alerts = program
    .command('alerts')
    .description('scan for at-risk/late orders and low stock, then list open alerts');
  alerts
    .command('list', { isDefault: true })
    .description('scan, then list open and acknowledged alerts')
    .option('--all', 'resolved alerts too')
    .addOption(formatOption())
    .action((o) =>
      withWorkspace(async (store, org) => {
        await scanAlerts(store, org, new Date());
        const states = o.all ? [undefined] : (['open', 'acknowledged'] as const);
        const rows = (
          await Promise.all(
            states.map((state) => listAlerts(store, org, { state, after: null, limit: 1000 })),
          )
        ).flat();
        const severity = { critical: 0, warning: 1, info: 2 };
        // Times in the zone of the machine the command runs on, named (2026-11-30 09:14 -06:00 CST).
        const zone = DateTime.local().zoneName;
        printRows(
          rows
            .sort(
              (a, b) =>
                severity[a.severity] - severity[b.severity] ||
                Date.parse(b.updated_at) - Date.parse(a.updated_at),
            )
            // The first 8 characters of an id are enough to acknowledge or resolve an alert.
            .map((a) => ({
              id: a.id.slice(0, 8),
              severity: a.severity,
              kind: a.kind,
              state: a.state,
              message: a.message,
              updated: local(a.updated_at, zone),
            })),
          o.format,
        );
      }),
    );
  for (const [name, action, what] of [
    ['ack', 'acknowledge', 'someone is on it'],
    ['resolve', 'resolve', 'done with it; it opens again if the condition comes back'],
  ] as const) {
    alerts
      .command(name)
      .description(`${action} an alert: ${what} (recorded in the audit log)`)
      .argument('<id>', 'the alert id, or its first 8 characters')
      .action((id: string) =>
        withWorkspace(async (store, org) => {
          const result = await actOnAlert(store, {
            organizationId: org,
            id: await alertIdFromPrefix(store, org, id),
            action,
            actor: actor(),
          });
          if (result.status === 'missing') throw new NotFound({ key: 'no_open_alert', params: { id } });
          if (result.status === 'already_resolved')
            throw new Refused('conflict', { key: 'alert_resolved', params: { id } });
          say(result.alert.state === 'resolved' ? 'alert_resolved_now' : 'alert_acknowledged', { id });
        }),
      );
  }

  program
    .command('verify')
    .description(
      'recompute every stock level from the ledger, and the counts and planning roll-ups from the orders; exit 1 on any drift',
    )
    .option('--repair', 'rebuild the daily demand roll-up from the orders and mend the stock-outs (audited)')
    .action((o: { repair?: boolean }) =>
      withWorkspace(async (store, org) => {
        const drift = await verifyLedger(store, org);
        // The overview's counts are projections of the orders, kept by triggers: they must equal a recount.
        const counts = [
          ...(await verifyOrderCounts(store, org)).map((d) => ({
            projection: 'order_counts',
            key: `${d.warehouseId} ${d.status} ${d.dueHour}`,
            stored: `${d.stored.orders} orders, ${d.stored.units} units`,
            counted: `${d.counted.orders} orders, ${d.counted.units} units`,
          })),
          ...(await verifyDispatchCounts(store, org)).map((d) => ({
            projection: 'dispatch_counts',
            key: d.key,
            stored: String(d.stored),
            counted: String(d.counted),
          })),
        ];
        if (counts.length) {
          printRows(counts, 'table');
          say('counts_drift', { n: counts.length });
          process.exitCode = 1;
        }
        // Restock planning's roll-ups: daily demand against the orders, stock-outs against the last
        // published figures. --repair mends them (the ledger and the counts above are not touched).
        let planning = planningRows(await verifyPlanningRollups(store, org));
        if (planning.length && o.repair) {
          say('planning_repaired', { ...(await repairPlanningRollups(store, org, actor())) });
          planning = planningRows(await verifyPlanningRollups(store, org));
        }
        if (planning.length) {
          printRows(planning, 'table');
          say('planning_drift', { n: planning.length });
          process.exitCode = 1;
        }
        const size = await ledgerSize(store, org);
        if (drift.length === 0) {
          say('ledger_verified', {
            levels: size.levels,
            movements: size.movements,
            countsToo: counts.length || planning.length ? '' : 'yes',
          });
          return;
        }
        printRows(drift as unknown as Record<string, unknown>[], 'table');
        say('levels_drift', { n: drift.length });
        process.exitCode = 1;
      }),
    );

  const imports = program
    .command('import')
    .description('load a catalog, stock counts or orders from a file (CSV, XLSX; orders also JSON)');
  const report = (what: string, r: ImportReport, format: RowFormat) => {
    const lang: Lang = program.opts().lang;
    // Warnings (the encoding used, a repeated order taken once) go to stderr: stdout stays data.
    for (const w of r.warnings) process.stderr.write(`${warningLine(w, lang)}\n`);
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${importSummary(what, r, lang)}\n`);
    if (r.problems.length)
      printRows(
        r.problems.map((p) =>
          format === 'csv' ? problemIn(p, lang) : problemTableRow(problemIn(p, lang), lang),
        ),
        format === 'csv' ? 'csv' : 'table',
      );
    // Past the first LISTED problems and warnings, the report counts them (importReport.ts).
    if (r.unlisted)
      process.stderr.write(
        `${noticeMessage({ key: 'more_not_listed', params: { ...r.unlisted, listed: LISTED } }, lang)}\n`,
      );
  };
  const encodingOption = () =>
    new Option(
      '--encoding <name>',
      'CSV text encoding, e.g. utf-8, windows-1252, gb18030, utf-16le (default: detected)',
    );
  imports
    .command('catalog')
    .description('add or update SKUs from a catalog file (the columns puente check reads)')
    .argument('<file>')
    .option('--usd-mxn <rate>', 'MXN per 1 USD for USD prices')
    .addOption(encodingOption())
    .addOption(formatOption())
    .action((file: string, o) =>
      withWorkspace(async (store, org) =>
        report('catalog', await importCatalog(store, org, file, o.usdMxn, o.encoding), o.format),
      ),
    );
  imports
    .command('stock')
    .description('stock counts or a delivery per SKU and warehouse')
    .argument('<file>', 'columns sku, warehouse, quantity; optional reason, reference')
    .addOption(
      new Option(
        '--mode <mode>',
        'set: the file is a count (the ledger records the difference); add: a delivery',
      )
        .choices(['set', 'add'])
        .default('set'),
    )
    .option(
      '--reference <text>',
      'the delivery number (or count reference) for rows without a reference column: a row already imported under the same reference is skipped, so a later delivery of the same units needs its own',
    )
    .addOption(encodingOption())
    .addOption(formatOption())
    .action((file: string, o) =>
      withWorkspace(async (store, org) =>
        report(
          'stock',
          await importStock(store, org, file, {
            mode: o.mode,
            actor: actor(),
            reference: o.reference,
            encoding: o.encoding,
          }),
          o.format,
        ),
      ),
    );
  imports
    .command('orders')
    .description("paid orders: each is reserved from its storefront's warehouses, or waits for stock")
    .argument(
      '<file>',
      'columns storefront, order_id, paid_at, sku, quantity, unit_price, currency; optional line, lines (lines in the order); or JSON',
    )
    .addOption(encodingOption())
    .addOption(formatOption())
    .action((file: string, o) =>
      withWorkspace(async (store, org) => {
        const progress = process.stderr.isTTY
          ? (done: number, total: number) => process.stderr.write(`\r${done}/${total} orders`)
          : undefined;
        const r = await importOrders(store, org, file, actor(), progress, { encoding: o.encoding });
        if (progress) process.stderr.write('\n');
        report('orders', r, o.format);
      }),
    );

  imports
    .command('plans')
    .description('how SKUs are bought: supplier, lead time, MOQ, case pack, unit cost, transit modes, class')
    .argument(
      '<file>',
      'column sku; any of supplier, supplier name, language, lead time, moq, case pack, unit cost, currency, transit mode, sea days, air days, express days, class',
    )
    .addOption(encodingOption())
    .addOption(formatOption())
    .action((file: string, o) =>
      withWorkspace(async (store, org) =>
        report('plans', await importSkuPlans(store, org, file, actor(), { encoding: o.encoding }), o.format),
      ),
    );

  program
    .command('demo')
    .description(
      'load a realistic demo: TX and CA warehouses, US and MX storefronts, ~200 SKUs, 60 days of orders',
    )
    .action(() =>
      withWorkspace(async (store, org) => {
        const lang: Lang = program.opts().lang;
        const summary = await loadDemo(store, org, new Date(), (n) =>
          process.stderr.write(`${noticeMessage(n, lang)}\n`),
        );
        process.stdout.write(`${noticeMessage(summary, lang)}\n`);
      }),
    );
}

/** A unique key refused the new row: the code is taken, said as such (exit code 4). */
const exists =
  (key: 'warehouse_exists' | 'storefront_exists', code: string) =>
  (e: unknown): never => {
    if (isUniqueViolation(e)) throw new Refused('conflict', { key, params: { code } });
    throw e;
  };
