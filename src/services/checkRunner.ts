import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { formatChunk, type TextFormat } from '../channels/spreadsheet/formatResults.ts';
import type { CatalogLayout } from '../domain/catalog/catalogColumns.ts';
import {
  CatalogChecker,
  type CheckContext,
  type CheckResult,
  type RowToCheck,
  type SummaryData,
} from './checkCatalog.ts';
import { COMPILED, packagePath } from './packageFiles.ts';

/**
 * Runs the check of a catalog's rows, batch by batch, on this thread or on worker threads. Both ways
 * give the same results in the same order: the caller awaits batches in the order it sent them.
 */

/** What the caller wants back: finished text (ndjson, json, csv), result objects (xlsx) or nothing (table). */
export type BatchOutput = { kind: 'text'; format: TextFormat } | { kind: 'results' } | { kind: 'none' };

export interface CheckedBatch {
  text: string;
  results: CheckResult[];
}

export interface CheckRunner {
  check(rows: RowToCheck[]): Promise<CheckedBatch>;
  /** Ends the run: the summaries of every thread, to merge. */
  finish(): Promise<SummaryData[]>;
}

export interface RunnerSetup {
  ctx: CheckContext;
  layout: CatalogLayout;
  output: BatchOutput;
}

/** Checks a batch with a checker: the one function both runners use. */
export function checkBatch(checker: CatalogChecker, rows: RowToCheck[], output: BatchOutput): CheckedBatch {
  const results = rows.map((r) => checker.check(r));
  if (output.kind === 'text') return { text: formatChunk(results, output.format, checker.ctx), results: [] };
  return { text: '', results: output.kind === 'results' ? results : [] };
}

export function inlineRunner(setup: RunnerSetup): CheckRunner {
  const checker = new CatalogChecker(setup.ctx, setup.layout);
  return {
    check: async (rows) => checkBatch(checker, rows, setup.output),
    finish: async () => [checker.summary.data],
  };
}

// Compiled, the worker is its own bundle (dist/checkWorker.js, npm run build). From source (tsx,
// vitest) it is a shim that registers tsx first: worker threads do not inherit the main thread's loader.
const WORKER_ENTRY = COMPILED
  ? pathToFileURL(packagePath('dist/checkWorker.js'))
  : new URL('./checkWorkerEntry.js', import.meta.url);

interface Pending {
  resolve: (b: CheckedBatch) => void;
  reject: (e: Error) => void;
}

/** A pool of worker threads, each with its own checker; batches go round-robin. */
export function workerRunner(setup: RunnerSetup, jobs: number): CheckRunner {
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: Error | undefined;
  const workers = Array.from({ length: jobs }, () => {
    const worker = new Worker(WORKER_ENTRY, { workerData: setup });
    worker.on('message', (m: { id: number; batch: CheckedBatch }) => {
      pending.get(m.id)?.resolve(m.batch);
      pending.delete(m.id);
    });
    worker.on('error', (e) => {
      failure = e;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
    return worker;
  });

  return {
    check(rows) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      const worker = workers[id % workers.length] as Worker;
      return new Promise<CheckedBatch>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, rows });
      });
    },
    async finish() {
      const summaries = await Promise.all(
        workers.map(
          (w) =>
            new Promise<SummaryData>((resolve, reject) => {
              w.removeAllListeners('message');
              w.once('message', (m: { summary: SummaryData }) => resolve(m.summary));
              w.once('error', reject);
              w.postMessage({ finish: true });
            }),
        ),
      );
      await Promise.all(workers.map((w) => w.terminate()));
      return summaries;
    },
  };
}
