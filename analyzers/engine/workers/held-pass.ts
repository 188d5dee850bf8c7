// The app's search of the members its log view holds, off the host's thread
// (issue 18): the held blocks are copied a batch at a time into one of two
// buffers that go to a worker of their own (grep-worker.ts) and come back to
// be filled again, and the worker searches them with the same searcher as in
// this thread (HeldSearcher). In the host's thread a regex that passed the
// backtracking checks but is slow on a hostile line ((a|ab)*c on a 64 KiB
// line of "a" took about 30 s) froze every channel of `lkanalyze serve` and
// Electron's main process, a cancel among them; here it stalls the worker,
// which a cancel terminates at once. The store's arenas stay where they are:
// the log view opens, seeks and merges from them while the worker searches.
import type { ResourceLimits } from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import type { HeldBlock, HeldPassOptions, HeldPassResult, HeldSearchJob } from '../lognav/held-search.js';
import { searchHeldHere } from '../lognav/held-search.js';
import type { GrepHit } from '../lognav/search.js';
import { keepFlagsOn } from './heap-tuning.js';
import { KEEP_LIMITS } from './in-worker.js';

/**
 * Compressed bytes of blocks per batch: about 10 MB of text, tens of
 * milliseconds of search. Two buffers of it go back and forth: one is
 * searched while the host fills the other, and neither thread allocates per
 * batch. (A block is at most a block of text and a line, stored as it is when
 * deflating did not gain: a batch takes at least one whole.)
 */
export const HELD_BATCH_BYTES = 1024 * 1024;

/** Host to worker. */
export type HeldToWorker =
  | { type: 'held-start'; job: HeldSearchJob }
  /** Blocks one after another in `data` (transferred), described in order; `end`: there are no more. */
  | { type: 'held-blocks'; data: ArrayBuffer; blocks: Array<{ member: number; bytes: number; deflated: boolean; last: boolean }>; end: boolean };

/** Worker to host. */
export type HeldFromWorker =
  /** It started and took the pattern: a failure from now on is the search's, not the worker's start. */
  | { type: 'held-ready' }
  | { type: 'held-hits'; hits: GrepHit[] }
  /** A batch searched: its buffer, back to carry the next. */
  | { type: 'held-want'; data: ArrayBuffer }
  | { type: 'held-done'; cut: boolean }
  | { type: 'held-failed'; message: string };

const GREP_ENTRY = new URL('./grep-worker.js', import.meta.url);

/** The next batch of blocks, copied into `buffer` (at least the next block, however large). */
function fill(blocks: Iterator<HeldBlock>, pending: { next: HeldBlock | null }, buffer: ArrayBuffer): { data: ArrayBuffer; blocks: Array<{ member: number; bytes: number; deflated: boolean; last: boolean }>; end: boolean } {
  const out: Array<{ member: number; bytes: number; deflated: boolean; last: boolean }> = [];
  let data = buffer;
  let at = 0;
  for (;;) {
    const b = pending.next ?? blocks.next().value ?? null;
    pending.next = null;
    if (!b) return { data, blocks: out, end: true };
    if (at + b.data.byteLength > data.byteLength) {
      if (out.length > 0) {
        pending.next = b;
        return { data, blocks: out, end: false };
      }
      // A block larger than a batch: a buffer of its own, this once.
      data = new ArrayBuffer(b.data.byteLength);
    }
    new Uint8Array(data, at, b.data.byteLength).set(b.data);
    at += b.data.byteLength;
    out.push({ member: b.member, bytes: b.data.byteLength, deflated: b.deflated, last: b.last });
  }
}

/** A worker that could not start (not the search's fault): the search runs in this thread instead. */
class HeldWorkerStartError extends Error {}

/**
 * Searches the held blocks in a worker of its own (let go after it), hits
 * posted in batches as found; `signal` terminates it, whatever it is doing.
 * Where the worker cannot start, in this thread (searchHeldHere).
 */
export async function searchHeldInWorker(blocks: () => Iterable<HeldBlock>, job: HeldSearchJob, options: HeldPassOptions, limits: ResourceLimits = KEEP_LIMITS): Promise<HeldPassResult> {
  try {
    return await inWorker(blocks, job, options, limits);
  } catch (err) {
    if (!(err instanceof HeldWorkerStartError)) throw err;
    return searchHeldHere(blocks, job, options);
  }
}

function inWorker(blocks: () => Iterable<HeldBlock>, job: HeldSearchJob, options: HeldPassOptions, limits: ResourceLimits): Promise<HeldPassResult> {
  return new Promise<HeldPassResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason);
      return;
    }
    const worker = new Worker(GREP_ENTRY, { resourceLimits: limits });
    keepFlagsOn(worker);
    const source = blocks()[Symbol.iterator]();
    const pending: { next: HeldBlock | null } = { next: null };
    let spoke = false;
    let ended = false;
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      void worker.terminate();
      fn();
    };
    const send = (buffer: ArrayBuffer): void => {
      if (ended) return;
      // A buffer made for one large block is not kept: batches go on in full ones.
      const batch = fill(source, pending, buffer.byteLength >= HELD_BATCH_BYTES ? buffer : new ArrayBuffer(HELD_BATCH_BYTES));
      ended = batch.end;
      worker.postMessage({ type: 'held-blocks', ...batch } satisfies HeldToWorker, [batch.data]);
    };
    const onAbort = (): void => settle(() => reject(options.signal?.reason));
    const onMessage = (m: HeldFromWorker): void => {
      spoke = true;
      if (m.type === 'held-ready') return;
      if (m.type === 'held-hits') options.onHits(m.hits);
      else if (m.type === 'held-want') send(m.data);
      else if (m.type === 'held-done') settle(() => resolve({ cut: m.cut }));
      else settle(() => reject(new Error(m.message)));
    };
    const onError = (err: Error): void => settle(() => reject(spoke ? err : new HeldWorkerStartError(err.message)));
    const onExit = (code: number): void => settle(() => {
      const message = `the search worker stopped (exit code ${code})`;
      reject(spoke ? new Error(message) : new HeldWorkerStartError(message));
    });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ type: 'held-start', job } satisfies HeldToWorker);
    // Two batches at once: the worker searches one while the next waits for it.
    send(new ArrayBuffer(HELD_BATCH_BYTES));
    send(new ArrayBuffer(HELD_BATCH_BYTES));
  });
}
