import { type Command, Option } from 'commander';
import { openInstall, openWorkspace } from '../services/organization.ts';
import type { Store } from '../store/openDatabase.ts';
import { UsageError } from './usageError.ts';

/** Who the command line acts as, on ledger movements and audit rows: PUENTE_ACTOR, or the OS user. */
export const actor = () => process.env.PUENTE_ACTOR ?? `cli:${process.env.USER ?? 'unknown'}`;

export const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table');

/** The global option that chooses the organization a command acts on (PUENTE_ORG when not given). */
export const orgOption = () =>
  new Option(
    '--org <name|id>',
    'the organization a command acts on, when the database holds several: its name (any case) or id, as puente org list shows',
  ).env('PUENTE_ORG');

/** Commands of the whole database rather than of one organization: serve, migrate, backup, org … */
const installWideCommands = new WeakSet<Command>();

/** Marks a command (and its subcommands) as the whole database's: --org is refused there, PUENTE_ORG ignored. */
export function installWide<T extends Command>(command: T): T {
  installWideCommands.add(command);
  return command;
}

/** --org or PUENTE_ORG, as the preAction hook took it for the command about to run. */
let wantedOrganization: string | undefined;

/**
 * Run before every command's action (program.ts): keeps --org / PUENTE_ORG for withWorkspace. A
 * command of the whole database refuses --org typed on its command line, so nobody believes
 * `puente org list --org acme` or `puente serve --org acme` narrowed anything; PUENTE_ORG, which
 * a 3PL may keep exported in its shell, is ignored there.
 */
export function takeOrganizationOption(program: Command, action: Command): void {
  const value = program.opts().org as string | undefined;
  wantedOrganization = value;
  for (let c: Command | null = action; c; c = c.parent) {
    if (!installWideCommands.has(c)) continue;
    wantedOrganization = undefined;
    if (value !== undefined && program.getOptionValueSource('org') === 'cli')
      throw new UsageError({ key: 'org_option_not_here', params: { command: commandPath(action) } });
    return;
  }
}

const commandPath = (command: Command) => {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
};

/** The organization the user asked for (--org, PUENTE_ORG), for commands that open the workspace themselves. */
export const wantedOrganizationOption = () => wantedOrganization;

/**
 * Opens the store (DATABASE_URL or ./puente-data) for one command of one organization, and closes it
 * after: the organization of --org / PUENTE_ORG, or the database's only one.
 */
export async function withWorkspace<T>(fn: (store: Store, org: string) => Promise<T>): Promise<T> {
  const { store, org } = await openWorkspace(wantedOrganization);
  try {
    return await fn(store, org);
  } finally {
    await store.close();
  }
}

/** Opens the store for a command of the whole database (installWide), and closes it after. */
export async function withInstall<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openInstall();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
