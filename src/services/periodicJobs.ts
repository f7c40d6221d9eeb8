import { randomUUID } from 'node:crypto';
import { organizationIds } from '../store/entities.ts';
import { housekeeping } from '../store/housekeeping.ts';
import { releaseLease, takeLease } from '../store/leases.ts';
import { scanAlerts } from '../store/monitor.ts';
import type { Store } from '../store/openDatabase.ts';
import { checkHits } from './hitCheck.ts';

export interface PeriodicJob {
  name: string;
  everyMs: number;
  run(store: Store): Promise<void>;
}

/**
 * Runs `work` once for each enabled organization, fairly: each tick starts one organization further
 * along than the last (round-robin), and one organization's failure is reported and skipped, not
 * the end of the tick. Without this, a seller whose scan fails or runs long every time would hold
 * back every seller after it in the list, every tick. Returns what each organization got.
 */
export function fairOrganizations(log: (msg: string) => void = () => {}) {
  let cursor = 0;
  return async (
    organizations: string[],
    work: (organizationId: string) => Promise<void>,
  ): Promise<{ done: string[]; failed: string[] }> => {
    const done: string[] = [];
    const failed: string[] = [];
    const n = organizations.length;
    const start = n === 0 ? 0 : cursor % n;
    cursor = start + 1;
    for (let i = 0; i < n; i++) {
      const org = organizations[(start + i) % n] as string;
      try {
        await work(org);
        done.push(org);
      } catch (e) {
        failed.push(org);
        log(`organization ${org}: ${(e as Error).message}`);
      }
    }
    return { done, failed };
  };
}

/** The alert scan: ship-by at risk / late and low stock, for every organization [P11][P15]. */
export const alertScan = (onDone: (org: string) => void, log?: (msg: string) => void): PeriodicJob => {
  const each = fairOrganizations(log);
  return {
    name: 'alert-scan',
    everyMs: 60_000,
    async run(store) {
      await each(await organizationIds(store), async (id) => {
        await scanAlerts(store, id, new Date());
        onDone(id);
      });
    },
  };
};

/** The hit check [P14]: every 15 minutes, so a hit is caught within hours of the rise. */
export const hitCheck = (onDone: (org: string) => void, log?: (msg: string) => void): PeriodicJob => {
  const each = fairOrganizations(log);
  return {
    name: 'hit-check',
    everyMs: 15 * 60_000,
    async run(store) {
      await each(await organizationIds(store), async (id) => {
        await checkHits(store, id, new Date());
        onDone(id);
      });
    },
  };
};

export const cleanUp: PeriodicJob = {
  name: 'housekeeping',
  everyMs: 10 * 60_000,
  async run(store) {
    await housekeeping(store);
  },
};

/**
 * Runs each job every period in whichever server holds its lease. The holder renews the lease
 * while it works, so a long run is not taken over; a crashed holder's lease runs out and another
 * server takes the job at its next tick.
 */
export function startPeriodicJobs(store: Store, jobs: PeriodicJob[], log: (msg: string) => void) {
  const holder = randomUUID();
  const inFlight = new Set<Promise<void>>();
  const timers = jobs.map((job) => {
    const ttl = job.everyMs * 0.9;
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      let renew: NodeJS.Timeout | undefined;
      try {
        if (!(await takeLease(store, job.name, holder, ttl))) return;
        renew = setInterval(() => void takeLease(store, job.name, holder, ttl).catch(() => {}), ttl / 3);
        await job.run(store);
      } catch (e) {
        log(`job ${job.name} failed: ${(e as Error).message}`);
      } finally {
        clearInterval(renew);
        running = false;
      }
    };
    const start = () => {
      const run = tick();
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
    };
    start();
    return setInterval(start, job.everyMs);
  });
  return async () => {
    for (const t of timers) clearInterval(t);
    await Promise.all(inFlight);
    for (const job of jobs) await releaseLease(store, job.name, holder).catch(() => {});
  };
}
