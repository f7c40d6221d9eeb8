import { auditIn } from '../store/accounts.ts';
import type { Store } from '../store/openDatabase.ts';
import { storefrontVersion, updateStorefrontIn } from '../store/settings.ts';
import { inTransaction } from '../store/transaction.ts';
import { warehouseId } from './lookups.ts';

/** What a person may change on a storefront; warehouses by code, highest priority first. */
export interface StorefrontEdit {
  name?: string | undefined;
  bufferUnits?: number | undefined;
  bufferPercent?: number | undefined;
  allowSplit?: boolean | undefined;
  warehouses?: string[] | undefined;
}

export type StorefrontEditResult =
  | { status: 'updated'; version: number }
  | { status: 'stale'; current: number }
  | { status: 'missing' };

/**
 * Changes a storefront for the API (PATCH with If-Match) and the command line (`storefront set`,
 * optionally `--if-version`): the change, the republished quantities and the audit row commit
 * together. `expectedVersion` null edits the version there now, read and written in one transaction.
 */
export async function editStorefront(
  store: Store,
  e: {
    organizationId: string;
    code: string;
    edit: StorefrontEdit;
    expectedVersion: number | null;
    actor: string;
  },
): Promise<StorefrontEditResult> {
  const { warehouses, ...rest } = e.edit;
  // Unknown warehouse codes are refused (NotFound) before anything is written.
  const warehouseIds = warehouses
    ? await Promise.all(warehouses.map((code) => warehouseId(store, e.organizationId, code)))
    : undefined;
  return inTransaction(store, async (trx): Promise<StorefrontEditResult> => {
    const current = await storefrontVersion(trx, store.engine, e.organizationId, e.code);
    if (current === undefined) return { status: 'missing' };
    const expected = e.expectedVersion ?? current;
    if (expected !== current) return { status: 'stale', current };
    const result = await updateStorefrontIn(
      trx,
      store.engine,
      e.organizationId,
      e.code,
      { ...rest, warehouseIds },
      expected,
    );
    if (result.status !== 'updated') return { status: 'missing' };
    await auditIn(trx, {
      organizationId: e.organizationId,
      actor: e.actor,
      action: 'storefront.update',
      subject: e.code,
      data: { ...e.edit, version: { from: current, to: result.value } },
    });
    return { status: 'updated', version: result.value };
  });
}
