import { Option } from 'commander';
import { openWorkspace } from '../services/organization.ts';
import type { Store } from '../store/openDatabase.ts';

/** Who the command line acts as, on ledger movements and audit rows: PUENTE_ACTOR, or the OS user. */
export const actor = () => process.env.PUENTE_ACTOR ?? `cli:${process.env.USER ?? 'unknown'}`;

export const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table');

/** Opens the store (DATABASE_URL or ./puente-data) for one command and closes it after. */
export async function withWorkspace<T>(fn: (store: Store, org: string) => Promise<T>): Promise<T> {
  const { store, org } = await openWorkspace();
  try {
    return await fn(store, org);
  } finally {
    await store.close();
  }
}
