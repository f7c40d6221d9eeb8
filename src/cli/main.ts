import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { TableError } from '../channels/spreadsheet/readTable.ts';
import { formats } from '../channels/spreadsheet/resultWriters.ts';
import { evaluateMerchant, type Merchant, merchantSchema } from '../domain/policy/merchant.ts';
import { eligibilityMessage, type Lang, languages } from '../i18n/messages.ts';
import { ConfigError, loadMerchant, loadPolicy } from '../services/loadConfig.ts';
import { NotFound } from '../services/lookups.ts';
import { StockError } from '../store/stockLedger.ts';
import { runCheck } from './checkCommand.ts';
import { registerStoreCommands } from './storeCommands.ts';
import { UsageError } from './usageError.ts';

/** The user's language from the environment (LANG=zh_CN.UTF-8 → zh), English otherwise. */
function envLang(): Lang {
  const lang = (process.env.LC_ALL || process.env.LANG || '').slice(0, 2);
  return (languages as readonly string[]).includes(lang) ? (lang as Lang) : 'en';
}

const langOption = () =>
  new Option('--lang <lang>', 'language of messages').choices(languages).default(envLang());

// Exit codes: 0 done, 1 a negative answer (check-merchant: not eligible), 2 a usage or input error.
const program = new Command('puente')
  .description('Operations hub for sellers shipping from US warehouses to Mexico (TikTok Shop US→MX, 美通墨)')
  .showHelpAfterError()
  .exitOverride();

// `puente check … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

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
  .addOption(langOption())
  .option(
    '--encoding <name>',
    'CSV text encoding, e.g. utf-8, windows-1252, gb18030, utf-16le (default: detected)',
  )
  .option('--sheet <name|number>', 'XLSX sheet to read (default: the first)')
  .option('--fit-config <file>', 'fit thresholds JSON, over config/fit.json')
  .option(
    '--jobs <n>',
    'threads to check with (default: 1 for small files or 2 cores, else cores - 1, up to 4)',
    positiveInt,
  )
  .action(runCheck);

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('a whole number from 1 to 64');
  return n;
}

const sps = (v: string) => {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || n > 5) throw new InvalidArgumentError('a score from 0 to 5, e.g. 3.8');
  return n;
};

program
  .command('check-merchant')
  .description('tell whether a merchant may join the program, and why [P4]')
  .option('--country <code>', 'country where the merchant is registered, e.g. CN or US')
  .option('--sps <score>', 'Shop Performance Score, 0-5', sps)
  .option('--merchant <file>', 'merchant profile JSON instead of --country/--sps')
  .option('--policy <id|file>', 'program policy id or file', 'tiktok-us-mx-2026')
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
  .addOption(langOption())
  .action(
    async (o: {
      country?: string;
      sps?: number;
      merchant?: string;
      policy: string;
      format: string;
      lang: Lang;
    }) => {
      const policy = await loadPolicy(o.policy);
      let merchant: Merchant;
      if (o.merchant) merchant = await loadMerchant(o.merchant, policy);
      else if (o.country)
        merchant = merchantSchema.parse({ registered_country: o.country, sps: o.sps ?? null });
      else throw new UsageError('give --country (and --sps) or --merchant <file>');
      const e = evaluateMerchant(policy, merchant);
      const message = eligibilityMessage(e, o.lang);
      if (o.format === 'json')
        process.stdout.write(`${JSON.stringify({ policy: policy.id, ...e, message })}\n`);
      else process.stdout.write(`${e.status}: ${message} [${e.fact}] (${policy.id} v${policy.version})\n`);
      if (e.status !== 'eligible') process.exitCode = 1;
    },
  );

program
  .command('serve')
  .description('serve the API (/api/v1, docs at /api/docs) and the dashboard')
  .option('--port <n>', 'port to listen on', (v) => Number.parseInt(v, 10), Number(process.env.PORT ?? 3000))
  .option(
    '--host <host>',
    'address to listen on (0.0.0.0 for every interface)',
    process.env.HOST ?? '127.0.0.1',
  )
  .option('--demo', 'load the demo seller first (into an empty database)')
  .option('--log', 'request logs as JSON lines on stdout')
  .action(async (o: { port: number; host: string; demo?: boolean; log?: boolean }) => {
    const { startServer } = await import('../http/server.ts');
    const server = await startServer({ port: o.port, host: o.host, demo: o.demo, log: o.log });
    const say = (line = '') => process.stdout.write(`${line}\n`);
    say();
    say(`Puente is running at ${server.url}  (API ${server.url}/api/v1, docs ${server.url}/api/docs)`);
    say(`database: ${server.store.engine} ${server.store.location}`);
    if (server.owner) {
      say();
      say('First start: an owner account was created. Its password is shown this once:');
      say(`  e-mail:   ${server.owner.email}`);
      say(`  password: ${server.owner.password}`);
      say('Log in, then add your team under Settings → Users.');
    }
    say();
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

registerStoreCommands(program);

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof CommanderError) {
    // Commander has printed its message (or the help) already.
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else if (
    e instanceof UsageError ||
    e instanceof ConfigError ||
    e instanceof TableError ||
    e instanceof NotFound ||
    e instanceof StockError
  ) {
    process.stderr.write(`puente: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
