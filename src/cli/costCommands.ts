import { type Command, Option } from 'commander';
import { costRoutes } from '../domain/cost/rateCard.ts';
import { parseDecimalToMinor } from '../domain/money/money.ts';
import {
  claimSentence,
  costColumns,
  costWarnings,
  fxColumns,
  rateCardColumns,
  splitSentence,
} from '../i18n/costTexts.ts';
import { flagNames, type Lang } from '../i18n/messages.ts';
import { importSummary, noticeMessage, problemTableRow, warningLine } from '../i18n/notices.ts';
import { refusalMessage } from '../i18n/refusals.ts';
import { fxNotice, importFxRates, listFxRates, setFxRate } from '../services/fxRates.ts';
import { type ImportReport, problemIn } from '../services/importReport.ts';
import { costOrder, costSku, type OrderCost, type SkuCost, setSkuCostFacts } from '../services/landedCost.ts';
import { importRateCards, listRateCards, removeRateCard } from '../services/rateCards.ts';
import { amount, countryCode, fxPair, fxRate, hsChapter, isoDate, positiveInt } from './argParsers.ts';
import { printRows } from './printRows.ts';
import { UsageError } from './usageError.ts';
import { actor, withWorkspace } from './workspace.ts';

/**
 * `puente cost` (landed cost per SKU and per order, three routes), `puente fx` (dated exchange
 * rates) and `puente rate-cards` (the seller's carriers and lines). Thin: each calls one service.
 */

const money = (minor: number) => (minor / 100).toFixed(2);
const jsonOrTable = () =>
  new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');
const rfcOption = () =>
  new Option('--rfc <status>', 'whether the seller has a Mexican RFC (platform withholding)')
    .choices(['with', 'without'])
    .default('with');

function costTable(c: SkuCost | OrderCost, lang: Lang): void {
  const w = costColumns;
  process.stdout.write(`${noticeMessage(fxNotice(c.fx), lang)}\n`);
  printRows(
    c.routes.map((r) => ({
      [w.route[lang]]: r.route,
      [w.customsValueUsd[lang]]: r.customsValueUsd.toFixed(2),
      [w.band[lang]]: r.band,
      [w.dutyRate[lang]]: `${(r.dutyRate * 100).toFixed(1)}%`,
      [w.goods[lang]]: money(r.goodsMinor),
      [w.freight[lang]]: money(r.freightMinor),
      [w.duty[lang]]: money(r.dutyMinor),
      [w.fees[lang]]: money(r.feesMinor),
      [w.platform[lang]]: money(r.platformMinor),
      [w.landed[lang]]: `${money(r.landedCostMinor)} ${r.currency}`,
      [w.margin[lang]]: money(r.marginMinor),
      [w.days[lang]]: r.transitDays,
    })),
    'table',
  );
  for (const r of c.routes) {
    if (r.split)
      process.stdout.write(
        `${splitSentence(r.route, r.split.parcels.length, r.split.savesMinor, r.split.rule.id, lang)}\n`,
      );
    for (const warning of r.warnings) process.stdout.write(`${r.route}: ${costWarnings[warning][lang]}\n`);
  }
  if (c.claim) process.stdout.write(`${claimSentence(c.claim, lang)}\n`);
  if ('noCostAdvantage' in c && c.noCostAdvantage)
    process.stdout.write(`${flagNames.no_cost_advantage[lang]}: ${c.noCostAdvantage}\n`);
  const rules = new Map(c.routes.flatMap((r) => r.rules.map((x) => [x.id, x] as const)));
  for (const rule of rules.values())
    process.stdout.write(`  ${rule.id} (${rule.validFrom}): ${rule.source}\n`);
}

function leftOut(c: SkuCost | OrderCost, lang: Lang): void {
  for (const l of c.leftOut)
    process.stderr.write(
      `${noticeMessage({ key: 'route_skipped', params: { route: l.route, why: refusalMessage(l.reason, lang) } }, lang)}\n`,
    );
}

/**
 * A cost as `--format` asks: the table, or the FX notice on stderr and one JSON object per route
 * with what the cost is of (`of`: the SKU, or the order) and the claim on the US-warehouse route.
 */
function printCost(c: SkuCost | OrderCost, format: string, lang: Lang, of: Record<string, unknown>): void {
  leftOut(c, lang);
  if (format !== 'json') {
    costTable(c, lang);
    return;
  }
  process.stderr.write(`${noticeMessage(fxNotice(c.fx), lang)}\n`);
  const rows = c.routes.map((r) => ({
    ...r,
    ...of,
    fx: c.fx,
    ...(r.route === 'us-warehouse' && c.claim ? { claim: c.claim } : {}),
  }));
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
}

export function registerCostCommands(program: Command): void {
  const lang = (): Lang => program.opts().lang;
  const report = (what: string, r: ImportReport, format: 'table' | 'json') => {
    for (const w of r.warnings) process.stderr.write(`${warningLine(w, lang())}\n`);
    if (format === 'json') return printRows(r as unknown as Record<string, unknown>[], 'json');
    process.stdout.write(`${importSummary(what, r, lang())}\n`);
    if (r.problems.length)
      printRows(
        r.problems.map((p) => problemTableRow(problemIn(p, lang()), lang())),
        'table',
      );
  };

  const cost = program
    .command('cost')
    .description(
      'landed cost of a SKU on each route (US warehouse, China direct, Mexican warehouse), with the rules in force on the date [P2]',
    )
    .option('--sku <sku>', 'the seller SKU')
    .option('--price <amount>', "price of one unit, instead of the SKU's own (e.g. 50.01)", amount)
    .addOption(
      new Option('--currency <currency>', 'currency of --price').choices(['USD', 'MXN']).default('MXN'),
    )
    .option('--quantity <n>', 'units in the parcel', positiveInt, 1)
    .addOption(
      new Option('--route <route>', 'one route, or all').choices([...costRoutes, 'all']).default('all'),
    )
    .option(
      '--date <date>',
      'the day whose rules and exchange rate apply (default: today in Mexico City)',
      isoDate,
    )
    .addOption(rfcOption())
    .addOption(jsonOrTable())
    .action(
      (o: {
        sku?: string;
        price?: string;
        currency: 'USD' | 'MXN';
        quantity: number;
        route: 'all';
        date?: string;
        rfc: 'with';
        format: string;
      }) => {
        if (!o.sku)
          throw new UsageError({ key: 'missing_option', params: { option: '--sku <sku>', command: 'cost' } });
        return withWorkspace(async (store, org) => {
          const c = await costSku(store, org, o.sku as string, {
            route: o.route,
            date: o.date,
            quantity: o.quantity,
            price: o.price ? { amount: o.price, currency: o.currency } : undefined,
            rfc: o.rfc,
          });
          printCost(c, o.format, lang(), { sku: c.sku, date: c.date });
        });
      },
    );

  // --route, --rfc and --format are the cost command's own: written after `order` they still reach it.
  cost
    .command('order')
    .description(
      'landed cost of an order on each route, as one parcel, with a split suggested where it pays (takes --route, --rfc, --format)',
    )
    .argument('<external-id>', 'the order id of the marketplace')
    .option('--storefront <code>', 'when two storefronts have an order with this id')
    .action((externalId: string, _o: unknown, command: Command) =>
      withWorkspace(async (store, org) => {
        const o = command.optsWithGlobals() as {
          storefront?: string;
          route: 'all';
          rfc: 'with';
          format: string;
        };
        const c = await costOrder(store, org, externalId, {
          storefront: o.storefront,
          route: o.route,
          rfc: o.rfc,
        });
        printCost(c, o.format, lang(), { externalId: c.externalId, parcel: 1, items: c.items, date: c.date });
      }),
    );

  cost
    .command('set')
    .description(
      'set what a landed cost needs to know of a SKU: purchase cost, price, box, HS chapter, origin',
    )
    .requiredOption('--sku <sku>', 'the seller SKU')
    .requiredOption('--unit-cost <amount>', 'purchase cost of one unit, in USD', amount)
    .requiredOption('--price <amount>', 'price of one unit on the Mexican storefront', amount)
    .addOption(
      new Option('--currency <currency>', 'currency of --price').choices(['USD', 'MXN']).default('MXN'),
    )
    .requiredOption('--hs <chapter>', 'two-digit HS chapter, e.g. 95', hsChapter)
    .requiredOption('--origin <country>', 'country of origin, e.g. CN', countryCode)
    .option('--rrna', 'under non-tariff restrictions (COFEPRIS, NOM)')
    .option('--length <cm>', 'box length, cm', positiveInt)
    .option('--width <cm>', 'box width, cm', positiveInt)
    .option('--height <cm>', 'box height, cm', positiveInt)
    .action(
      (o: {
        sku: string;
        unitCost: string;
        price: string;
        currency: 'USD' | 'MXN';
        hs: string;
        origin: string;
        rrna?: boolean;
        length?: number;
        width?: number;
        height?: number;
      }) =>
        withWorkspace(async (store, org) => {
          await setSkuCostFacts(
            store,
            org,
            o.sku,
            {
              unitCost: { amount: parseDecimalToMinor(o.unitCost) ?? 0, currency: 'USD' },
              price: { amount: parseDecimalToMinor(o.price) ?? 0, currency: o.currency },
              lengthCm: o.length,
              widthCm: o.width,
              heightCm: o.height,
              hsChapter: o.hs,
              origin: o.origin,
              rrna: o.rrna === true,
            },
            actor(),
          );
          process.stdout.write(
            `${noticeMessage({ key: 'sku_cost_saved', params: { sku: o.sku } }, lang())}\n`,
          );
        }),
    );

  const fx = program
    .command('fx')
    .description('dated exchange rates: every conversion uses the rate of its day');
  fx.command('set')
    .description('set the rate of a day')
    .requiredOption('--date <date>', 'the day, YYYY-MM-DD', isoDate)
    .requiredOption('--pair <pair>', 'currency pair, e.g. USD/MXN', fxPair)
    .requiredOption('--rate <rate>', 'units of the second currency per one of the first, e.g. 18.25', fxRate)
    .action((o: { date: string; pair: string; rate: string }) =>
      withWorkspace(async (store, org) => {
        const row = await setFxRate(store, org, { ...o, actor: actor() });
        process.stdout.write(
          `${noticeMessage({ key: 'fx_rate_set', params: { pair: `${row.base}/${row.quote}`, date: row.date, rate: row.rate } }, lang())}\n`,
        );
      }),
    );
  fx.command('import')
    .description('import rates from CSV or XLSX: columns date, pair (or base, quote) and rate')
    .argument('<file>', '.csv or .xlsx')
    .addOption(jsonOrTable())
    .action((file: string, o: { format: 'table' | 'json' }) =>
      withWorkspace(async (store, org) =>
        report('fx', await importFxRates(store, org, file, actor()), o.format),
      ),
    );
  fx.command('list')
    .description('list the rates, latest first')
    .option('--pair <pair>', 'only this pair, e.g. USD/MXN', fxPair)
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .action((o: { pair?: string; format: 'table' | 'json' | 'csv' }) =>
      withWorkspace(async (store, org) => {
        const rows = await listFxRates(store, org, o.pair);
        if (o.format === 'json') return printRows(rows as unknown as Record<string, unknown>[], 'json');
        const w = fxColumns;
        printRows(
          rows.map((r) => ({
            [w.date[lang()]]: r.date,
            [w.pair[lang()]]: `${r.base}/${r.quote}`,
            [w.rate[lang()]]: r.rate,
          })),
          o.format,
        );
      }),
    );

  const cards = program
    .command('rate-cards')
    .description("the seller's rate cards: per parcel, per kg, volumetric divisor, transit days");
  cards
    .command('list')
    .description('list the rate cards')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .action((o: { format: 'table' | 'json' | 'csv' }) =>
      withWorkspace(async (store, org) => {
        const rows = await listRateCards(store, org);
        if (o.format === 'json') return printRows(rows as unknown as Record<string, unknown>[], 'json');
        const w = rateCardColumns;
        const l = lang();
        printRows(
          rows.map((c) => ({
            [w.code[l]]: c.code,
            [w.name[l]]: c.name,
            [w.route[l]]: c.route,
            [w.leg[l]]: c.leg,
            [w.currency[l]]: c.currency,
            [w.perParcel[l]]: money(c.perParcelMinor),
            [w.perKg[l]]: money(c.perKgMinor),
            [w.feePerParcel[l]]: money(c.feePerParcelMinor),
            [w.perEntry[l]]: money(c.perEntryMinor),
            [w.unitsPerEntry[l]]: c.unitsPerEntry ?? '',
            [w.divisor[l]]: c.volumetricDivisor ?? '',
            [w.transitDays[l]]: c.transitDays,
          })),
          o.format,
        );
      }),
    );
  cards
    .command('import')
    .description(
      'import rate cards from CSV or XLSX: code, name, route, leg, currency, per parcel, per kg, fee per parcel, per entry, units per entry, volumetric divisor, transit days',
    )
    .argument('<file>', '.csv or .xlsx')
    .addOption(jsonOrTable())
    .action((file: string, o: { format: 'table' | 'json' }) =>
      withWorkspace(async (store, org) =>
        report('rate_cards', await importRateCards(store, org, file, actor()), o.format),
      ),
    );
  cards
    .command('remove')
    .description('remove a rate card')
    .argument('<code>', 'the rate card code')
    .action((code: string) => withWorkspace((store, org) => removeRateCard(store, org, code, actor())));
}
