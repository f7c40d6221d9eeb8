import { type Command, Option } from 'commander';
import { formatMoney, parseRate } from '../domain/money/money.ts';
import { type BacktestComparison, VIRAL_WARNING_DAYS } from '../domain/planning/backtest/compareBacktest.ts';
import { policyNames } from '../domain/planning/backtest/policies.ts';
import type { BacktestResult } from '../domain/planning/backtest/simulate.ts';
import type { Lang } from '../i18n/messages.ts';
import { planningText } from '../i18n/planningTexts.ts';
import { DEFAULT_TERMS, type PlanBacktest, planBacktest } from '../services/planBacktest.ts';
import { int } from './argParsers.ts';
import { printRows } from './printRows.ts';
import { UsageError } from './usageError.ts';

/**
 * `puente plan backtest`: replays a history under Puente's restock policy and the naive rule and
 * prints the comparison against issue 13's goal. The other `plan` commands live beside it; each
 * file adds its commands to the one `plan` group (planCommand).
 */

/** The `plan` command group, created by whichever plan file registers first. */
export function planCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'plan') ??
    program.command('plan').description('restock planning: core and test SKUs, hits, suggestions [P13, P14]')
  );
}

export function registerPlanBacktestCommand(program: Command): void {
  planCommand(program)
    .command('backtest')
    .description(
      "replay a history day by day under Puente's restock policy and the naive rule (reorder to 30 days of cover when below 7): stock-out days, lost units, average stock value, units bought, and each hit's warning",
    )
    .option(
      '--history <file|demo>',
      'an orders file as `puente import orders` reads it (CSV, XLSX, JSON; paid times give the days), or "demo" for the demo seller; default: the seeded synthetic history',
    )
    .option('--seed <n>', 'seed of the synthetic history', int, 7)
    .addOption(new Option('--policy <policy>', 'replay one policy only').choices(policyNames))
    .option('--lead-days <n>', "supplier's lead time in days", int, DEFAULT_TERMS.supplierLeadTimeDays)
    .option('--transit-days <n>', 'transit days of the shipping mode', int, DEFAULT_TERMS.transitDays)
    .option('--usd-mxn <rate>', 'MXN per 1 USD: stock is valued in USD at the median selling price')
    .option('--planning-config <file>', 'planning rules JSON instead of config/planning.json')
    .option(
      '--encoding <name>',
      'CSV text encoding, e.g. utf-8, windows-1252, gb18030, utf-16le (default: detected)',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      async (o: {
        history?: string;
        seed: number;
        policy?: (typeof policyNames)[number];
        leadDays: number;
        transitDays: number;
        usdMxn?: string;
        planningConfig?: string;
        encoding?: string;
        format: 'table' | 'json';
      }) => {
        const lang: Lang = program.opts().lang;
        if (o.usdMxn !== undefined && !parseRate(o.usdMxn, 'USD', 'MXN'))
          throw new UsageError({ key: 'not_a_rate', params: { option: '--usd-mxn', value: o.usdMxn } });
        const run = await planBacktest({
          history: o.history,
          seed: o.seed,
          policies: o.policy ? [o.policy] : undefined,
          terms: { supplierLeadTimeDays: o.leadDays, transitDays: o.transitDays },
          usdMxn: o.usdMxn,
          encoding: o.encoding,
          config: o.planningConfig,
        });
        if (o.format === 'json') process.stdout.write(`${JSON.stringify(backtestJson(run), null, 2)}\n`);
        else printBacktest(run.comparison, lang);
        if (run.problems.length)
          process.stderr.write(
            `${run.problems.map((p) => `row ${p.row}${p.field ? ` (${p.field})` : ''}: ${p.message}`).join('\n')}\n`,
          );
      },
    );
}

/** The JSON of `--format json`: per policy the four figures and the hits, and the goal; no traces. */
export function backtestJson(run: PlanBacktest) {
  const { comparison } = run;
  return {
    history: comparison.history,
    terms: comparison.terms,
    policies: comparison.results.map(({ traces: _, ...figures }) => figures),
    goal: comparison.goal,
    problems: run.problems,
  };
}

const money = (r: BacktestResult) => formatMoney({ amount: r.avgStockValueMinor, currency: r.currency });

/** The comparison as people read it: the history, a row per policy, the hits, the goal. */
export function printBacktest(c: BacktestComparison, lang: Lang): void {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    planningText('backtest_history', lang, {
      name: c.history.name,
      days: c.history.days,
      start: c.history.start,
      skus: c.history.skus,
      lead: c.terms.supplierLeadTimeDays,
      transit: c.terms.transitDays,
    }),
  );
  say(planningText('backtest_policies', lang));
  printRows(
    c.results.map((r) => ({
      policy: r.policy,
      stockout_days: r.stockoutDays,
      lost_units: r.lostUnits,
      avg_stock_value: money(r),
      units_bought: r.unitsBought,
      demand_units: r.demandUnits,
    })),
    'table',
  );
  for (const r of c.results) {
    if (r.hits.length === 0) continue;
    say('');
    say(planningText('hits_heading', lang, { policy: r.policy }));
    printRows(
      r.hits.map((h) => ({
        sku: h.sku,
        flagged_on: h.flaggedOn,
        ran_out_on: h.ranOutOn ?? '',
        days_before_stockout: h.daysBeforeStockout ?? '',
      })),
      'table',
    );
  }
  const g = c.goal;
  if (!g) return;
  const [puente, naive] = ['puente', 'naive'].map((p) => c.results.find((r) => r.policy === p)) as [
    BacktestResult,
    BacktestResult,
  ];
  say('');
  say(
    planningText('goal_lost_units', lang, {
      puente: puente.lostUnits,
      naive: naive.lostUnits,
      met: g.lostUnitsMet ? 1 : 0,
      by: 1 - g.lostUnitsFewerBy,
    }),
  );
  say(
    planningText('goal_stock_value', lang, {
      puente: money(puente),
      naive: money(naive),
      met: g.avgStockValueMet ? 1 : 0,
      by: formatMoney({ amount: -g.avgStockValueLowerByMinor, currency: puente.currency }),
    }),
  );
  const viralSku = c.results[0]?.traces && Object.keys(c.results[0].traces)[0];
  if (g.viral)
    say(
      planningText('goal_viral', lang, {
        sku: g.viral.sku,
        need: VIRAL_WARNING_DAYS,
        flagged: g.viral.flaggedOn,
        ranOut: g.viral.ranOutOn ?? '',
        days: g.viral.daysBeforeStockout ?? '',
        met: g.viral.met ? 1 : 0,
        by: `${VIRAL_WARNING_DAYS - (g.viral.daysBeforeStockout ?? 0)} d`,
      }),
    );
  else if (viralSku) say(planningText('goal_viral_unflagged', lang, { sku: viralSku }));
  say(planningText('goal_overall', lang, { met: g.met ? 1 : 0 }));
}
