import { parentPort, workerData } from 'node:worker_threads';
import { CatalogChecker, type RowToCheck } from './checkCatalog.ts';
import { checkBatch, type RunnerSetup } from './checkRunner.ts';

/** A worker thread of `puente check`: checks the batches it is sent, then returns its summary. */
const setup = workerData as RunnerSetup;
const checker = new CatalogChecker(setup.ctx, setup.layout);
const port = parentPort;
if (!port) throw new Error('checkWorker runs as a worker thread');

port.on('message', (m: { id: number; rows: RowToCheck[] } | { finish: true }) => {
  if ('finish' in m) port.postMessage({ summary: checker.summary.data });
  else port.postMessage({ id: m.id, batch: checkBatch(checker, m.rows, setup.output) });
});
