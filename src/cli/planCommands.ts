import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { rowsWorkbook } from '../channels/spreadsheet/rowsWorkbook.ts';
import { createPurchaseOrder, listInbound, receiveInbound } from '../services/purchaseOrders.ts';
import { planRestock, type RestockLine } from '../services/restockPlan.ts';
import { transitModes } from '../store/schema.ts';
import { printRows, type RowFormat } from './printRows.ts';
import { UsageError } from './usageError.ts';
import { actor, withWorkspace } from './workspace.ts';

/**
 * `puente plan restock|hits|po create` and `puente inbound list|receive` [P13][P14]: thin, each
 * calls one service. `plan` is a group plan-core's `plan backtest` shares: whichever registers
 * first creates it.
 */

/** The fields `plan restock --format json` prints, in this order (issue 13's contract). */
export const RESTOCK_FIELDS = [
  'sku',
  'warehouse',
  'class',
  'velocityPerDay',
  'censoredDays',
  'leadTimeDays',
  'safetyStock',
  'reorderPoint',
  'onHand',
  'inbound',
  'waiting',
  'suggestedQuantity',
  'coverDaysNow',
  'coverDaysAfter',
] as const;
const HIT_FIELDS = [
  'sku',
  'storefront',
  'windowHours',
  'observed',
  'expected',
  'ratio',
  'pValue',
  'runsOutOn',
] as const;

const pick = <K extends string>(row: Record<string, unknown>, keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, row[k]])) as Record<K, unknown>;

/** `SKU=quantity` (or a bare SKU: the suggested quantity). */
function skuQuantity(text: string): { sku: string; quantity?: number } {
  const [sku, qty] = text.split('=');
  if (!sku) throw new UsageError(`not a SKU or SKU=quantity: ${text}`);
  if (qty === undefined) return { sku };
  if (!/^[1-9]\d{0,8}$/.test(qty)) throw new UsageError(`${sku}: "${qty}" is not a whole number above 0`);
  return { sku, quantity: Number(qty) };
}

export function planGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'plan') ??
    program.command('plan').description('restock planning: suggestions, hits, purchase orders')
  );
}

export function registerPlanCommands(program: Command): void {
  const plan = planGroup(program);
  plan
    .command('restock')
    .description(
      'restock suggestions per SKU × warehouse: pace, lead time, safety stock, cover now and after',
    )
    .option('--warehouse <code>', 'only this warehouse')
    .option('--all', 'every SKU × warehouse, not only those to reorder')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'xlsx']).default('table'),
    )
    .option('--out <file>', 'the XLSX file to write (--format xlsx)', 'restock.xlsx')
    .action((o) =>
      withWorkspace(async (store, org) => {
        const result = await planRestock(store, org, new Date(), { warehouse: o.warehouse });
        const lines: RestockLine[] = o.all ? result.lines : result.suggestions;
        const rows = lines.map((l) => pick(l as unknown as Record<string, unknown>, RESTOCK_FIELDS));
        if (o.format === 'xlsx') {
          writeFileSync(o.out, await rowsWorkbook('restock', rows, [...RESTOCK_FIELDS]));
          process.stderr.write(`${o.out}\n`);
        } else printRows(rows, o.format as RowFormat, [...RESTOCK_FIELDS]);
      }),
    );
  plan
    .command('hits')
    .description('SKUs selling far above their baseline now (a hit: restock at once)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((o) =>
      withWorkspace(async (store, org) => {
        const result = await planRestock(store, org, new Date());
        printRows(
          result.hits.map((h) => pick(h as unknown as Record<string, unknown>, HIT_FIELDS)),
          o.format as RowFormat,
          [...HIT_FIELDS],
        );
      }),
    );
  const po = plan.command('po').description('purchase orders');
  po.command('create')
    .description('a purchase order draft (XLSX in the supplier language) and its inbound shipment')
    .argument('<skus...>', 'SKU (the suggested quantity) or SKU=quantity')
    .requiredOption('--warehouse <code>', 'destination warehouse')
    .addOption(new Option('--mode <mode>', 'transit mode (default: the SKUs’)').choices([...transitModes]))
    .option('--out <file>', 'the XLSX file to write (default: <PO number>.xlsx)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((skus: string[], o) =>
      withWorkspace(async (store, org) => {
        const order = await createPurchaseOrder(
          store,
          org,
          actor(),
          { warehouse: o.warehouse, mode: o.mode, lines: skus.map(skuQuantity) },
          new Date(),
        );
        const file = o.out ?? order.fileName;
        writeFileSync(file, order.workbook);
        const { workbook: _, ...summary } = order;
        if (o.format === 'json') process.stdout.write(`${JSON.stringify({ ...summary, file }, null, 2)}\n`);
        else {
          process.stdout.write(
            `${order.number} → ${order.warehouse}, ${order.mode}, ETA ${order.eta}: ${file}\n`,
          );
          printRows(order.lines, 'table');
        }
      }),
    );

  // `puente inbound <sku> <quantity>` sets a figure by hand (storeCommands.ts); `list` and `receive`
  // are its subcommands for purchase orders on their way.
  const inbound =
    program.commands.find((c) => c.name() === 'inbound') ??
    program.command('inbound').description('stock on its way: purchase orders until received');
  inbound
    .command('list')
    .description('inbound shipments, earliest arrival first')
    .addOption(new Option('--status <status>', 'open or received').choices(['open', 'received']))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((o) =>
      withWorkspace(async (store, org) => {
        const shipments = await listInbound(store, org, o.status);
        if (o.format === 'json')
          return printRows(
            shipments.map(({ id: _, warehouseId: __, ...s }) => ({
              ...s,
              lines: s.lines.map(({ skuId: ___, ...l }) => l),
            })),
            'json',
          );
        printRows(
          shipments.flatMap((s) =>
            s.lines.map((l) => ({
              number: s.number,
              warehouse: s.warehouse,
              mode: s.mode,
              eta: s.eta,
              status: s.status,
              sku: l.sku,
              quantity: l.quantity,
              received: l.receivedQuantity,
            })),
          ),
          'table',
        );
      }),
    );
  inbound
    .command('receive')
    .description('receive a shipment: the units counted go on the shelf; differences are recorded')
    .argument('<number>', 'the purchase order number, e.g. PO-20261130-01')
    .argument('[counted...]', 'SKU=units counted, for lines that did not arrive as ordered')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((number: string, counted: string[], o) =>
      withWorkspace(async (store, org) => {
        const given = Object.fromEntries(
          counted.map(skuQuantity).map((c) => {
            if (c.quantity === undefined)
              throw new UsageError(`${c.sku}: give the units counted as ${c.sku}=N`);
            return [c.sku, c.quantity];
          }),
        );
        const result = await receiveInbound(store, org, actor(), number, given);
        printRows(
          result.lines.map((l) => ({ ...l, difference: l.received - l.ordered })),
          o.format as RowFormat,
        );
      }),
    );
}
