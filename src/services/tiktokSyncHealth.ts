import { TikTokError } from '../channels/tiktok/errors.ts';
import type { Store } from '../store/openDatabase.ts';
import { recordSyncHealth } from '../store/tiktokConnections.ts';
import { Refused } from './refused.ts';

/**
 * The last error of a storefront's sync, kept as data so the dashboard can say it in the seller's
 * language (web i18n `tiktok.error.*`): which step, what kind of failure (errors.ts sorts TikTok's
 * codes into them), TikTok's code, and the words only TikTok or the failing part can give.
 */
export interface SyncError {
  step: 'orders' | 'stock' | 'tracking' | 'reconcile';
  kind: 'throttled' | 'transient' | 'token_expired' | 'rejected' | 'items_failed' | 'other';
  code: number | null;
  detail: string;
}

export function syncErrorOf(step: SyncError['step'], e: unknown): SyncError {
  if (e instanceof TikTokError) return { step, kind: e.failure, code: e.code, detail: e.reason };
  if (e instanceof Refused) return { step, kind: 'other', code: null, detail: e.message };
  return { step, kind: 'other', code: null, detail: e instanceof Error ? e.message : String(e) };
}

/** The health one cycle leaves: a step that went through stamps its time; the first error is kept. */
export class CycleHealth {
  private pulledAt: string | undefined;
  private pushedAt: string | undefined;
  private error: SyncError | undefined;

  pulled(): void {
    this.pulledAt = new Date().toISOString();
  }

  pushed(): void {
    this.pushedAt = new Date().toISOString();
  }

  failed(error: SyncError): void {
    this.error ??= error;
  }

  save(store: Store, storefrontId: string): Promise<void> {
    return recordSyncHealth(store, storefrontId, {
      ...(this.pulledAt ? { pulledAt: this.pulledAt } : {}),
      ...(this.pushedAt ? { pushedAt: this.pushedAt } : {}),
      ...(this.error ? { error: JSON.stringify(this.error) } : {}),
    });
  }
}

export function parseSyncError(json: string | null): SyncError | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as SyncError;
  } catch {
    return null;
  }
}
