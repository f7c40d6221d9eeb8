import { CommanderError } from 'commander';
import { TableError } from '../channels/spreadsheet/readTable.ts';
import { TikTokError } from '../channels/tiktok/errors.ts';
import { type Lang, languages } from '../i18n/messages.ts';
import {
  choicesText,
  expectationText,
  isExpectation,
  type RefusalReason,
  refusalMessage,
} from '../i18n/refusals.ts';
import { AccountError } from '../services/accounts.ts';
import { ConfigError } from '../services/loadConfig.ts';
import { NotFound } from '../services/lookups.ts';
import { type RefusalKind, Refused } from '../services/refused.ts';
import { faultOf } from '../store/databaseFaults.ts';
import { OrderError } from '../store/reservations.ts';
import { StockError } from '../store/stockLedger.ts';
import { isUniqueViolation } from '../store/transaction.ts';
import { UsageError } from './usageError.ts';

/**
 * The one place where the command line turns an error into what the user reads: one line,
 * `puente: <message>`, in the user's language, and an exit code that says what kind of answer it is.
 */

export const exitCodes = { ok: 0, refused: 1, usage: 2, not_found: 3, conflict: 4 } as const;

export const exitCodesHelp = `
Exit codes:
  0  done
  1  refused by the rules (e.g. cancelling a shipped order, removing reserved stock), a negative
     answer (check-merchant: not eligible; verify: drift), or an unexpected error
  2  usage: a missing or invalid option or argument, an unreadable input file, no --org on a
     database of several organizations
  3  not found: no such order, SKU, warehouse, storefront, alert or organization (--org)
  4  conflict with what is there: the code exists, someone else changed it, the alert is resolved,
     the database is not empty (demo), the organization is disabled (--org)

Language of messages: --lang, else PUENTE_LANG, else LC_ALL / LC_MESSAGES / LANG (zh*, es*, else en).
Organization (a database of several sellers): --org, else PUENTE_ORG; needed when there are several.
Refusals print one line; --debug adds the stack trace.`;

export interface Refusal {
  line: string;
  exitCode: number;
}

/** The language the user asked for: --lang, then PUENTE_LANG, then the locale (zh_CN.UTF-8 → zh). */
export function cliLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const given = i < 0 ? undefined : argv[i]?.startsWith('--lang=') ? argv[i]?.slice(7) : argv[i + 1];
  for (const wanted of [given, env.PUENTE_LANG, env.LC_ALL || env.LC_MESSAGES || env.LANG]) {
    const lang = langOf(wanted);
    if (lang) return lang;
  }
  return 'en';
}

function langOf(value: string | undefined): Lang | undefined {
  if (!value) return undefined;
  const two = value.slice(0, 2).toLowerCase();
  return (languages as readonly string[]).includes(two) ? (two as Lang) : undefined;
}

export const wantsDebug = (argv: readonly string[]) => argv.includes('--debug');

const kindExit: Record<RefusalKind, number> = {
  refused: exitCodes.refused,
  usage: exitCodes.usage,
  not_found: exitCodes.not_found,
  conflict: exitCodes.conflict,
};

/** One line and an exit code for any error; `commandPath` names the command for usage hints. */
export function refusalOf(error: unknown, lang: Lang, commandPath = ''): Refusal {
  const say = (reason: RefusalReason, exitCode: number): Refusal => ({
    line: `puente: ${refusalMessage(reason, lang)}`,
    exitCode,
  });
  const plain = (message: string, exitCode: number): Refusal => ({
    line: `puente: ${oneLine(message)}`,
    exitCode,
  });

  if (error instanceof CommanderError) return say(commanderReason(error, lang, commandPath), exitCodes.usage);
  if (error instanceof Refused) return say(error.reason, kindExit[error.kind]);
  if (error instanceof UsageError)
    return error.reason ? say(error.reason, exitCodes.usage) : plain(error.message, exitCodes.usage);
  if (error instanceof NotFound)
    return error.reason ? say(error.reason, exitCodes.not_found) : plain(error.message, exitCodes.not_found);
  if (error instanceof OrderError) {
    const exitCode = error.code === 'NOT_FOUND' ? exitCodes.not_found : exitCodes.refused;
    return error.reason ? say(error.reason, exitCode) : plain(error.message, exitCode);
  }
  if (error instanceof StockError) {
    if (error.code === 'BELOW_RESERVED') return say({ key: 'below_reserved' }, exitCodes.refused);
    if (error.code === 'NO_STOCK_LEVEL') return say({ key: 'no_stock_level' }, exitCodes.refused);
    return say({ key: 'bad_quantity', params: { detail: error.message } }, exitCodes.usage);
  }
  if (error instanceof TikTokError)
    return say({ key: 'tiktok_refused', params: { detail: oneLine(error.message) } }, exitCodes.refused);
  if (error instanceof AccountError && error.code === 'USER_DISABLED')
    return say({ key: 'user_disabled' }, exitCodes.conflict);
  if (error instanceof TableError) return plain(error.say(lang), exitCodes.usage);
  if (error instanceof ConfigError) return plain(error.message, exitCodes.usage);
  const fault = faultOf(error);
  if (fault) {
    const detail = oneLine(String((error as Error)?.message ?? error)).replace(
      /^the database cannot be reached: /,
      '',
    );
    return say({ key: `database_${fault}`, params: { detail } }, exitCodes.refused);
  }
  if (isUniqueViolation(error))
    return say({ key: 'already_exists', params: { detail: (error as Error).message } }, exitCodes.conflict);
  const message = error instanceof Error ? error.message : String(error);
  return say({ key: 'unexpected', params: { message: oneLine(message) } }, exitCodes.refused);
}

/** Config errors list their problems on several lines; a refusal is one. */
const oneLine = (message: string) => message.replace(/\s*\n\s*/g, '; ');

/**
 * Commander's own errors (English, with the names in quotes) in the user's words, by error code:
 * "error: required option '--warehouse <code>' not specified" → missing_option.
 */
function commanderReason(e: CommanderError, lang: Lang, command: string): RefusalReason {
  const quoted = [...e.message.matchAll(/'([^']*)'/g)].map((m) => m[1] as string);
  const [first = '', second = ''] = quoted;
  const cmd = command || '';
  switch (e.code) {
    case 'commander.unknownOption':
      return { key: 'unknown_option', params: { option: first, command: cmd } };
    case 'commander.missingMandatoryOptionValue':
      return { key: 'missing_option', params: { option: first, command: cmd } };
    case 'commander.optionMissingArgument':
      return { key: 'option_missing_value', params: { option: first } };
    case 'commander.missingArgument':
      return { key: 'missing_argument', params: { argument: `<${first}>`, command: cmd } };
    case 'commander.excessArguments':
      return { key: 'too_many_arguments', params: { command: cmd } };
    case 'commander.unknownCommand':
      return { key: 'unknown_command', params: { name: first } };
    case 'commander.conflictingOption':
      return { key: 'conflicting_options', params: { option: first, other: second } };
    case 'commander.invalidArgument': {
      // "option '--x <n>' argument 'v' is invalid. <why>" or
      // "command-argument value 'v' is invalid for argument 'name'. <why>"
      const isOption = e.message.includes("error: option '");
      const why = /is invalid(?: for argument '[^']*')?\. ?(.*)$/s.exec(e.message)?.[1]?.trim() ?? '';
      const choices = /^Allowed choices are (.*)\.$/.exec(why)?.[1];
      const expected = isExpectation(why)
        ? expectationText(why, lang)
        : choices
          ? choicesText(choices, lang)
          : why;
      return {
        key: 'invalid_value',
        params: isOption
          ? { name: first.replace(/\s*[<[].*$/, ''), value: second, expected }
          : { name: `<${second}>`, value: first, expected },
      };
    }
    default:
      return { key: 'usage', params: { detail: oneLine(e.message.replace(/^error: /, '')) } };
  }
}
