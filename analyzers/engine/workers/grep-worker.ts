// The entry of a worker thread that runs one search for the app: either a
// pass over an archive (WorkerPool.grepMembers: the members named, searched
// with `lkanalyze grep`'s engine), or the search of the blocks the log view
// holds, handed over a batch at a time by the host (held-pass.ts). Hits are
// posted in batches as found. It loads the search alone, not the analyzers
// (about 9 MiB for the thread instead of about 27), and is let go after its
// one job; a cancel terminates it.
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { HeldSearcher } from '../lognav/held-search.js';
import { compileMatcher } from '../lognav/matcher.js';
import { grepMembers } from '../lognav/search.js';
import { collectGarbage } from './collect.js';
import type { HeldToWorker, HeldFromWorker } from './held-pass.js';
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

/** The search of held blocks under way: batches are searched as they come, in order, and each buffer goes back to be filled again. */
let held: HeldSearcher | null = null;

function post(m: HeldFromWorker, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(m, transfer);
}

function onHeld(m: HeldToWorker): void {
  if (m.type === 'held-start') {
    const matcher = compileMatcher(m.job, { checked: true });
    if ('refused' in matcher) throw new Error(matcher.refused.en);
    held = new HeldSearcher(matcher, m.job, (hits) => post({ type: 'held-hits', hits }));
    post({ type: 'held-ready' });
    return;
  }
  const searcher = held;
  if (!searcher) throw new Error('blocks came before the search started');
  let at = 0;
  for (const b of m.blocks) {
    if (searcher.cut) break;
    searcher.block({ member: b.member, data: new Uint8Array(m.data, at, b.bytes), deflated: b.deflated, last: b.last });
    at += b.bytes;
  }
  if (m.end || searcher.cut) {
    searcher.end();
    held = null;
    post({ type: 'held-done', cut: searcher.cut });
    return;
  }
  // What this batch found goes before the next batch is asked for; its buffer goes back to carry one.
  searcher.flush();
  post({ type: 'held-want', data: m.data }, [m.data]);
}

parentPort?.on('message', (message: WorkerJob | HeldToWorker) => {
  if ('type' in message) {
    try {
      onHeld(message);
    } catch (err) {
      post({ type: 'held-failed', message: err instanceof Error ? err.message : String(err) });
    }
    return;
  }
  const job = message;
  run(job).then(
    (m) => parentPort?.postMessage(m),
    (err: unknown) => parentPort?.postMessage({
      type: 'failed', job: job.id, message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? (err.stack ?? '') : '',
    } satisfies WorkerMessage),
  );
});
