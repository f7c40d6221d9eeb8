import { type Command, CommanderError } from 'commander';
import { buildProgram } from './program.ts';
import { cliLang, refusalOf, wantsDebug } from './refusal.ts';

const argv = process.argv.slice(2);
/** Known before commander parses: a refusal of the command line itself is said in this language too. */
const lang = cliLang(argv, process.env);
const debug = wantsDebug(argv);

// `puente check … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const program = buildProgram(lang);

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof CommanderError && ['commander.helpDisplayed', 'commander.version'].includes(e.code)) {
    process.exitCode = 0;
  } else if (e instanceof CommanderError && e.code === 'commander.help') {
    // A command group without its subcommand: commander has shown the group's help.
    process.exitCode = 2;
  } else {
    const refusal = refusalOf(e, lang, commandPath(program, argv));
    process.stderr.write(`${refusal.line}\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exitCode = refusal.exitCode;
  }
}

/** The (sub)command the arguments name, e.g. "storefront set", for the hints of a usage refusal. */
function commandPath(root: Command, args: readonly string[]): string {
  const names: string[] = [];
  let at = root;
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    const sub = at.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!sub) break;
    names.push(sub.name());
    at = sub;
  }
  return names.join(' ');
}
