// The entry of a worker thread that analyzes archives one at a time (see
// in-worker.ts): it loads the same analyzers as its parent (built-in and the
// job's rule packs, kept while the packs stay the same), reads the archive,
// and posts progress and the result back. The parent stops a job by
// terminating the worker, so nothing here waits for a cancel.
import { parentPort, workerData } from 'node:worker_threads';
import { keepingTee } from '../lognav/keep.js';
import { StoreBudget, StoreKeeper, keepArchive } from '../lognav/member-store.js';
import type { Progress } from '../archive/archive.js';
import { analyzeArchive } from '../run/engine.js';
import { collectGarbage } from './collect.js';
import { warmIcuCaches } from './icu-warm.js';
import type { WorkerJob, WorkerMessage, WorkerStart } from './in-worker.js';
import type { LoadedAnalyzers } from '../../registry.js';
import { loadAnalyzers } from '../../registry.js';

// Before anything is read: ICU's caches at the bottom of this thread's arena, not above its read buffers (icu-warm.ts).
warmIcuCaches();

/** Progress is posted at most this often; the end of each archive always. */
const PROGRESS_MS = 50;

let loaded: { key: string; analyzers: Promise<LoadedAnalyzers> } | null = null;

function analyzersFor(dirs: readonly string[]): Promise<LoadedAnalyzers> {
  const key = JSON.stringify(dirs);
  // The parent has already loaded (and timed) these packs: load, don't check again.
  if (loaded?.key !== key) loaded = { key, analyzers: loadAnalyzers(dirs, { timePatterns: false }) };
  return loaded.analyzers;
}

/** Posts progress at most every PROGRESS_MS, and always at the end of an archive. */
function progressPoster(job: WorkerJob): (file: string, progress: Progress) => void {
  let last = 0;
  return (file, progress) => {
    const now = Date.now();
    const finished = progress.member === null && progress.bytesRead >= progress.totalBytes;
    if (!finished && now - last < PROGRESS_MS) return;
    last = now;
    parentPort?.postMessage({ type: 'progress', job: job.id, file, progress } satisfies WorkerMessage);
  };
}

async function run(job: WorkerJob): Promise<WorkerMessage> {
  const post = progressPoster(job);
  if (job.keepOnly) {
    // The log view's pass of its own over an archive the analysis did not keep (no analyzers loaded for it).
    const kept = await keepArchive(job.file, job.keep ?? 0, { onProgress: (p) => post(job.file, { ...p, member: '' }), ...(job.storage ? { storage: job.storage } : {}) });
    return { type: 'kept', job: job.id, kept };
  }
  const { analyzers } = await analyzersFor(job.rulePackDirs);
  // The app's log view keeps the text it will open from this pass (lognav/keep.ts), within the bytes it allowed.
  // Its blocks go in the storage the parent made (blockStorage), which goes back with the result.
  const keeper = job.keep === undefined ? null : new StoreKeeper(new StoreBudget(job.keep), job.storage);
  const result = await analyzeArchive(job.file, {
    analyzers,
    ...(keeper ? { tee: keepingTee(keeper) } : {}),
    now: new Date(job.now),
    ...(job.version ? { version: job.version } : {}),
    ...(job.limits ? { limits: job.limits } : {}),
    onProgress: post,
  });
  return keeper ? { type: 'done', job: job.id, result, kept: await keeper.finish() } : { type: 'done', job: job.id, result };
}

// Prestarted (WorkerPool.prestart): load the analyzers before the first job arrives, and say so.
const start = workerData as WorkerStart | null;
if (start?.preload) {
  analyzersFor(start.preload).then(
    () => parentPort?.postMessage({ type: 'ready', job: 0 } satisfies WorkerMessage),
    () => undefined, // The first job meets the same error and reports it.
  );
}

parentPort?.on('message', (job: WorkerJob) => {
  run(job).then((message) => {
    // To be let go: its garbage is collected before the copy of its result is made for the parent.
    if (job.last) collectGarbage();
    return message;
  }).then(
    (message) => {
      // The kept blocks' arenas move to the parent, not copied.
      parentPort?.postMessage(message, (message.type === 'done' || message.type === 'kept') && message.kept ? message.kept.arenas : []);
      // Posted, the result is a copy in the parent's queue: this thread's objects of it are garbage, collected
      // while the parent reads the copy (in a task of its own: this frame names the result).
      if (job.last) setImmediate(collectGarbage);
    },
    (err: unknown) => parentPort?.postMessage({
      type: 'failed', job: job.id, message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? (err.stack ?? '') : '',
    } satisfies WorkerMessage),
  );
});
