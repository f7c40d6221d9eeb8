import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { formats } from '../channels/spreadsheet/resultWriters.ts';
import { evaluateMerchant, type Merchant, merchantSchema } from '../domain/policy/merchant.ts';
import { eligibilityMessage, type Lang } from '../i18n/messages.ts';
import { type NoticeKey, noticeMessage } from '../i18n/notices.ts';
import { loadMerchant, loadPolicy } from '../services/loadConfig.ts';
import { packagePath } from '../services/packageFiles.ts';
import { jobCount, languageArg, port, spsScore } from './argParsers.ts';
import { registerBackupCommands } from './backupCommands.ts';
import { type CheckOptions, runCheck } from './checkCommand.ts';
import { registerCostCommands } from './costCommands.ts';
import { registerNotifyCommands } from './notifyCommands.ts';
import { registerNotifyDigestCommand } from './notifyDigestCommand.ts';
import { registerOrgCommands } from './orgCommands.ts';
import { registerPlanBacktestCommand } from './planBacktestCommand.ts';
import { registerPlanCommands } from './planCommands.ts';
import { registerReadinessCommands } from './readinessCommands.ts';
import { exitCodesHelp } from './refusal.ts';
import { registerStoreCommands } from './storeCommands.ts';
import { registerTikTokCommands } from './tiktokCommands.ts';
import { UsageError } from './usageError.ts';
import { registerUserCommands } from './userCommands.ts';
import { installWide, orgOption, takeOrganizationOption } from './workspace.ts';

const { version } = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as {
  version: string;
};

/**
 * Every command of `puente`, with its options and help. `lang` is the default of --lang: the
 * language the environment asks for (cliLang).
 */
export function buildProgram(lang: Lang): Command {
  const program = new Command('puente')
    .description(
      'Operations hub for sellers shipping from US warehouses to Mexico (TikTok Shop US→MX, 美通墨)',
    )
    .version(version, '-V, --version', 'print the version')
    .addOption(
      new Option(
        '--lang <lang>',
        'language of messages: en, zh (zh-CN) or es (es-MX) (else PUENTE_LANG, else LANG)',
      )
        .argParser(languageArg)
        .default(lang),
    )
    .addOption(orgOption())
    .option('--debug', 'show the stack trace of an error')
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', exitCodesHelp)
    // Errors are printed once, as one line in the user's language, by main.ts.
    .configureOutput({ outputError: () => {} })
    .exitOverride()
    // Every action learns --org / PUENTE_ORG first; commands of the whole database refuse --org.
    .hook('preAction', (_program, action) => takeOrganizationOption(program, action));

  program
    .command('check')
    .description('check a catalog (CSV or XLSX) against the program rules, SKU by SKU, with reasons')
    .argument('<file>', 'catalog file: .csv (UTF-8 or GB18030/GBK) or .xlsx')
    .option('--policy <id|file>', 'program policy id or file', 'tiktok-us-mx-2026')
    .option('--merchant <file>', 'merchant profile JSON: invitations and qualifications you hold')
    .option('--usd-mxn <rate>', 'MXN per 1 USD, to convert USD prices for the MXN caps')
    .addOption(
      new Option('--format <format>', 'output format (default: table on a terminal, else ndjson)').choices(
        formats,
      ),
    )
    .option('--out <file>', 'write to a file instead of standard output')
    .option(
      '--encoding <name>',
      'CSV text encoding, e.g. utf-8, windows-1252, gb18030, utf-16le (default: detected)',
    )
    .option('--sheet <name|number>', 'XLSX sheet to read (default: the first)')
    .option('--fit-config <file>', 'fit thresholds JSON, over config/fit.json')
    .option(
      '--jobs <n>',
      'threads to check with; 1 checks on the reading thread (default: 1 for small files, else cores - 1 workers beside the reading thread, at least 1, up to 4)',
      jobCount,
    )
    .action((file: string, o: Omit<CheckOptions, 'lang'>) =>
      runCheck(file, { ...o, lang: program.opts().lang }),
    );

  program
    .command('check-merchant')
    .description('tell whether a merchant may join the program, and why [P4]')
    .option('--country <code>', 'country where the merchant is registered, e.g. CN or US')
    .option('--sps <score>', 'Shop Performance Score, 0-5', spsScore)
    .option('--merchant <file>', 'merchant profile JSON instead of --country/--sps')
    .option('--policy <id|file>', 'program policy id or file', 'tiktok-us-mx-2026')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      async (o: { country?: string; sps?: number; merchant?: string; policy: string; format: string }) => {
        const lang: Lang = program.opts().lang;
        const policy = await loadPolicy(o.policy);
        let merchant: Merchant;
        if (o.merchant) merchant = await loadMerchant(o.merchant, policy);
        else if (o.country) {
          // --sps is already checked by its parser: a refusal here can only be the country.
          const parsed = merchantSchema.safeParse({ registered_country: o.country, sps: o.sps ?? null });
          if (!parsed.success) throw new UsageError({ key: 'not_a_country', params: { value: o.country } });
          merchant = parsed.data;
        } else throw new UsageError({ key: 'merchant_input' });
        const e = evaluateMerchant(policy, merchant);
        const message = eligibilityMessage(e, lang);
        if (o.format === 'json')
          process.stdout.write(`${JSON.stringify({ policy: policy.id, ...e, message })}\n`);
        else process.stdout.write(`${e.status}: ${message} [${e.fact}] (${policy.id} v${policy.version})\n`);
        if (e.status !== 'eligible') process.exitCode = 1;
      },
    );

  // The server hosts every organization of the database.
  installWide(program.command('serve'))
    .description('serve the API (/api/v1, docs at /api/docs) and the dashboard')
    .option('--port <n>', 'port to listen on (0: any free port)', port, Number(process.env.PORT ?? 3000))
    .option(
      '--host <host>',
      'address to listen on (0.0.0.0 for every interface)',
      process.env.HOST ?? '127.0.0.1',
    )
    .option('--demo', 'load the demo seller first (into an empty database)')
    .option('--log', 'request logs as JSON lines on stdout')
    .option('--api-only', "the API without the dashboard (npm run dev serves it from Vite's dev server)")
    .action(async (o: { port: number; host: string; demo?: boolean; log?: boolean; apiOnly?: boolean }) => {
      const { startServer, stopOnSignals } = await import('../http/server.ts');
      const server = await startServer({
        port: o.port,
        host: o.host,
        demo: o.demo,
        log: o.log,
        dashboard: !o.apiOnly,
      });
      const say = (line = '') => process.stdout.write(`${line}\n`);
      say();
      const lang: Lang = program.opts().lang;
      const notice = (key: NoticeKey, params: Record<string, string | number>) =>
        say(noticeMessage({ key, params }, lang));
      notice('serve_running', { url: server.url });
      notice('serve_database', { engine: server.store.engine, location: server.store.location });
      if (server.owner) {
        say();
        notice('first_owner', { email: server.owner.email, password: server.owner.password });
      }
      say();
      stopOnSignals(server, say);
    });

  registerStoreCommands(program);
  registerNotifyCommands(program);
  registerBackupCommands(program);
  registerUserCommands(program);
  registerOrgCommands(program);
  registerTikTokCommands(program);
  // After registerNotifyCommands: it adds `digest` to the `notify` group (or creates the group).
  registerNotifyDigestCommand(program);
  registerPlanBacktestCommand(program);
  registerCostCommands(program);
  registerReadinessCommands(program);
  registerPlanCommands(program);

  return program;
}
