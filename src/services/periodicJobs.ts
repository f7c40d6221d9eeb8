import { randomUUID } from 'node:crypto';
import { releaseLease, takeLease } from '../store/leases.ts';
import { scanAlerts } from '../store/monitor.ts';
import type { Store } from '../store/openDatabase.ts';

export interface PeriodicJob {
  name: string;
  everyMs: number;
  run(store: Store): Promise<void>;
}

/** The alert scan: ship-by at risk / late and low stock, for every organization [P11][P15]. */
export const alertScan = (onDone: (org: string) => void): PeriodicJob => ({
  name: 'alert-scan',
  everyMs: 60_000,
  async run(store) {
    const orgs = await store.db.selectFrom('organizations').select('id').execute();
    for (const { id } of orgs) {
      await scanAlerts(store, id, new Date());
      onDone(id);
    }
  },
});

/**
 * Runs each job every period in whichever process holds its lease. The lease lasts a little less
 * than the period, so a crashed holder's job is taken over at the next tick by another process.
 */
export function startPeriodicJobs(store: Store, jobs: PeriodicJob[], log: (msg: string) => void) {
  const holder = randomUUID();
  const timers = jobs.map((job) => {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        if (await takeLease(store, job.name, holder, job.everyMs * 0.9)) await job.run(store);
      } catch (e) {
        log(`job ${job.name} failed: ${(e as Error).message}`);
      } finally {
        running = false;
      }
    };
    void tick();
    return setInterval(tick, job.everyMs);
  });
  return async () => {
    for (const t of timers) clearInterval(t);
    for (const job of jobs) await releaseLease(store, job.name, holder).catch(() => {});
  };
}
