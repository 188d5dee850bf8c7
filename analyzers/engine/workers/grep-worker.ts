// The entry of a worker thread that runs one search pass for the app
// (WorkerPool.grepMembers): the members named, searched with `lkanalyze
// grep`'s engine, hits posted in batches as found. It loads the search alone,
// not the analyzers (about 9 MiB for the thread instead of about 27), and is
// let go after its one job; a cancel terminates it.
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { grepMembers } from '../lognav/search.js';
import { collectGarbage } from './collect.js';
import type { WorkerJob, WorkerMessage } from './in-worker.js';

/** Progress is posted at most this often. */
const PROGRESS_MS = 50;

/**
 * The archive streams through in 1 MiB buffers, which V8 lets pile up
 * outside its heap (to 64 MB) before it collects them: past this much the
 * pass collects its garbage, at most every GC_MS. On the large bench archive
 * (13 s of pass) that is about 50 collections, no slower, and the process's
 * peak RSS over the pass +69 MiB instead of +96.
 */
const EXTERNAL_BYTES = 24 * 1024 * 1024;
const GC_MS = 250;

async function run(job: WorkerJob): Promise<WorkerMessage> {
  if (!job.grep) throw new Error('a search worker was given a job that is not a search');
  let posted = 0;
  let collected = 0;
  const grepped = await grepMembers(job.file, job.grep, {
    onProgress: (p) => {
      const now = Date.now();
      if (now - collected >= GC_MS && getHeapStatistics().external_memory > EXTERNAL_BYTES) {
        collected = now;
        collectGarbage();
      }
      if (now - posted < PROGRESS_MS) return;
      posted = now;
      parentPort?.postMessage({ type: 'progress', job: job.id, file: job.file, progress: { ...p, member: '' } } satisfies WorkerMessage);
    },
    onHits: (hits) => parentPort?.postMessage({ type: 'hits', job: job.id, hits } satisfies WorkerMessage),
  });
  return { type: 'grepped', job: job.id, grepped };
}

parentPort?.on('message', (job: WorkerJob) => {
  run(job).then(
    (message) => parentPort?.postMessage(message),
    (err: unknown) => parentPort?.postMessage({
      type: 'failed', job: job.id, message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? (err.stack ?? '') : '',
    } satisfies WorkerMessage),
  );
});
