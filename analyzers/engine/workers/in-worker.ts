// Runs the analysis of archives in worker threads, so that the desktop app's
// main process, which is also its window's UI thread, never stalls while
// gigabytes are scanned (`lkanalyze serve` uses it too), and so that the CLI
// reads several archives on every core (lanes.ts). Workers are kept and
// reused: a new one costs its start-up and a cold JIT (about 0.15 s of CPU
// each, and 20 MiB), so the CLI starts them before it needs them (prestart).
// A cancel terminates the worker, which stops it at once whatever it is doing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ResourceLimits } from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import type { Progress, ReadLimits } from '../archive/archive.js';
import { keepingTee } from '../lognav/keep.js';
import type { KeepPassOptions, KeptArchive } from '../lognav/member-store.js';
import type { GrepHit, GrepMembersJob, GrepMembersOptions, GrepMembersResult } from '../lognav/search.js';
import { grepMembers } from '../lognav/search.js';
import { WORKER_HEAP_LIMITS, keepFlagsOn } from './heap-tuning.js';
import { StoreBudget, StoreKeeper, blockStorage, keepArchive } from '../lognav/member-store.js';
import type { AnalyzeOptions, ArchiveAnalysis } from '../run/engine.js';
import { analyzeArchive } from '../run/engine.js';

export interface WorkerJob {
  id: number;
  file: string;
  rulePackDirs: string[];
  /** ISO 8601: the report's time, the same for every archive of one report. */
  now: string;
  version?: string;
  limits?: Partial<ReadLimits>;
  /** Bytes of deflated blocks the analysis may keep for the log view (see Keeping); absent, it keeps nothing. */
  keep?: number;
  /** The buffer the kept blocks go in (blockStorage: made by the parent, transferred here and back with what was kept). */
  storage?: ArrayBuffer;
  /** Not an analysis: a pass that only keeps the archive's text members for the log view, within `keep` bytes. */
  keepOnly?: boolean;
  /** Not an analysis: a pass that searches the members named (the app's search over the members its log view does not hold). */
  grep?: GrepMembersJob;
  /**
   * The worker is let go after this job (WorkerPool's retire): it collects its
   * garbage before it posts the result, so that the copy of the result made
   * for the parent does not come on top of it.
   */
  last?: boolean;
}

/** What a worker is started with: the rule packs to load before its first job (prestart). */
export interface WorkerStart {
  preload: string[] | null;
}

export type WorkerMessage =
  /** A prestarted worker has loaded its analyzers (job 0: no job's). */
  | { type: 'ready'; job: 0 }
  | { type: 'progress'; job: number; file: string; progress: Progress }
  | { type: 'done'; job: number; result: ArchiveAnalysis; kept?: KeptArchive }
  /** A keepOnly job's end: what it kept, its arenas transferred. */
  | { type: 'kept'; job: number; kept: KeptArchive }
  /** A grep job's hits, in batches as found. */
  | { type: 'hits'; job: number; hits: GrepHit[] }
  /** A grep job's end. */
  | { type: 'grepped'; job: number; grepped: GrepMembersResult }
  | { type: 'failed'; job: number; message: string; stack: string };

export type ArchiveRunner = NonNullable<AnalyzeOptions['runArchive']>;

/**
 * The app's log view keeping text from the analysis pass (lognav/keep.ts):
 * how many bytes an archive's analysis may keep (null: none, it is kept later
 * if ever), and where what it kept goes. The blocks are made where the
 * analysis runs, in arenas a worker transfers with its result.
 */
export interface Keeping {
  allowance(file: string): number | null;
  adopt(file: string, kept: KeptArchive): void;
}

/** Analyzes one archive in this thread, keeping for the log view what `keeping` allows. */
export async function analyzeKeeping(file: string, options: AnalyzeOptions, keeping: Keeping | undefined): Promise<ArchiveAnalysis> {
  const allowance = keeping?.allowance(file) ?? null;
  if (!keeping || allowance === null) return analyzeArchive(file, options);
  const keeper = new StoreKeeper(new StoreBudget(allowance));
  const result = await analyzeArchive(file, { ...options, tee: keepingTee(keeper) });
  keeping.adopt(file, await keeper.finish());
  return result;
}

const ENTRY = new URL('./archive-worker.js', import.meta.url);

/** A search's pass (grepMembers) runs in a worker that loads the search alone (grep-worker.ts), not the analyzers. */
const GREP_ENTRY = new URL('./grep-worker.js', import.meta.url);

/**
 * The heap of a worker started for a pass that only keeps (keepMembers): a
 * small young generation, so that the inflated chunks it streams through
 * die in scavenges instead of piling up to V8's 64 MB of outside memory
 * before a full collection (the CLI's workers have it too: WORKER_HEAP_LIMITS).
 */
export const KEEP_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: WORKER_HEAP_LIMITS.maxYoungGenerationSizeMb ?? 4 };

/**
 * Workers run the compiled entry (dist/analyzers/engine/workers/archive-worker.js). Sources
 * run through a test runner's transform have none: they analyze in-process.
 */
export function workersAvailable(): boolean {
  return ENTRY.protocol === 'file:' && import.meta.url.endsWith('.js') && existsSync(fileURLToPath(ENTRY));
}

/** A worker that failed before it said anything: it could not load (a packaging fault), not the archive's fault. */
class WorkerStartError extends Error {}

/** A worker that ran out of the heap its pool gives it (`limits`): the archive is analyzed again in this thread, which has no such cap. */
class WorkerHeapError extends Error {}

/**
 * Idle workers kept for the next archive; busy ones are never shared. Should
 * a worker fail to start (its script missing or unloadable where the app was
 * packaged), the pool says so once on stderr and analyzes in this thread from
 * then on: slower to stay responsive, but never unable to analyze.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  /** What a job that takes an idle worker removes: the listener that drops it from `idle` should it die there, and a prestart's. */
  private readonly onIdleExit = new Map<Worker, () => void>();
  private nextJob = 1;
  private startFailure: string | null = null;
  /** Archives read again in this thread after their worker ran out of heap (`limits`). */
  heapFallbacks = 0;
  /** Workers that have posted a message: they loaded, so a later failure is the job's, not the packaging's. */
  private readonly spoke = new WeakSet<Worker>();

  constructor(
    private readonly keep = 2,
    private readonly entry: URL = ENTRY,
    /** Heap bounds of each worker (the CLI caps them so that several workers stay within its memory). */
    private readonly limits?: ResourceLimits,
    /**
     * Archives after which the worker that read them is let go rather than
     * kept warm: its heap and buffers grew with a large archive, and a new
     * worker starts small (the app lets go after archives of 100 MB or more).
     */
    private readonly retire: (file: string) => boolean = () => false,
  ) {}

  /** Workers let go after a job because of `retire`. */
  retired = 0;

  /**
   * Starts workers now, up to `count` idle ones, each loading the analyzers of
   * these rule packs at once: their start-up (module loading, about 0.2 to
   * 0.4 s) then overlaps this thread's own, instead of delaying their first
   * archive. One that cannot start is reported like a failed job's start.
   */
  prestart(count: number, rulePackDirs: readonly string[]): void {
    if (this.startFailure !== null) return;
    for (let i = this.idle.length; i < Math.min(count, this.keep); i++) {
      const worker = this.spawn([...rulePackDirs]);
      const failed = (message: string): void => {
        if (!this.spoke.has(worker)) this.noteStartFailure(message);
      };
      const onError = (err: Error): void => failed(err.message);
      const onExit = (code: number): void => failed(`the analysis worker stopped before it started (exit code ${code})`);
      const onReady = (): void => {
        this.spoke.add(worker);
      };
      // An idle worker's error must have a listener (an unheard 'error' would end the process).
      worker.on('error', onError);
      worker.once('exit', onExit);
      worker.once('message', onReady);
      this.park(worker, () => {
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.off('message', onReady);
      });
    }
  }

  /** Why workers could not start, once they could not (analysis then runs in this thread). */
  get fallbackReason(): string | null {
    return this.startFailure;
  }

  /** An archive runner for the engine, analyzing with the built-in analyzers and these rule packs. */
  runner(rulePackDirs: readonly string[], keeping?: Keeping): ArchiveRunner {
    return async (file, options) => {
      if (this.startFailure === null) {
        try {
          return await this.run(file, rulePackDirs, options, keeping);
        } catch (err) {
          if (err instanceof WorkerHeapError) {
            this.heapFallbacks++;
            return analyzeKeeping(file, options, keeping);
          }
          if (!(err instanceof WorkerStartError)) throw err;
          this.noteStartFailure(err.message);
        }
      }
      return analyzeKeeping(file, options, keeping);
    };
  }

  private noteStartFailure(message: string): void {
    // Several archives may have started at once: say it once.
    if (this.startFailure === null) process.stderr.write(`lkanalyze: analysis worker could not start (${message}); analyzing in the main thread\n`);
    this.startFailure ??= message;
  }

  private spawn(preload: string[] | null, limits = this.limits, entry = this.entry): Worker {
    const worker = new Worker(entry, { workerData: { preload } satisfies WorkerStart, ...(limits ? { resourceLimits: limits } : {}) });
    // Its start sets V8's flags back to their defaults: this thread's heap tuning is set again.
    keepFlagsOn(worker);
    return worker;
  }

  /**
   * Keeps a worker for the next job. An idle worker must not keep the process
   * alive (the CLI exits when its work is done); `unlisten` removes what was
   * listened to while it was idle, once a job takes it.
   */
  private park(worker: Worker, unlisten?: () => void): void {
    worker.unref();
    this.idle.push(worker);
    // One that dies while idle must not be handed a job it would never answer.
    const drop = (): void => {
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      this.onIdleExit.delete(worker);
    };
    this.onIdleExit.set(worker, () => {
      worker.off('exit', drop);
      unlisten?.();
    });
    worker.once('exit', drop);
  }

  private takeIdle(): Worker | undefined {
    const worker = this.idle.pop();
    if (worker) {
      this.onIdleExit.get(worker)?.();
      this.onIdleExit.delete(worker);
    }
    return worker;
  }

  /** Stops every idle worker (busy ones stop when their job is cancelled or ends). */
  async close(): Promise<void> {
    const idle = this.idle.splice(0);
    // Stopped on purpose: a prestarted worker's listeners must not take this for a failed start.
    for (const w of idle) this.onIdleExit.get(w)?.();
    this.onIdleExit.clear();
    await Promise.all(idle.map((w) => w.terminate()));
  }

  /**
   * Keeps an archive's text members for the log view in a pass of its own, in
   * a worker (off this thread, which in the app is the window's; and the
   * buffers of the pass are the worker's, let go with it), within `bytes` of
   * deflated blocks; the blocks' arenas come back transferred. In this thread
   * when workers cannot start.
   */
  async keepMembers(file: string, bytes: number, options: KeepPassOptions = {}): Promise<KeptArchive> {
    if (this.startFailure === null) {
      try {
        // The blocks go in a buffer of this thread's (blockStorage), not in arenas of the worker's.
        return await this.job<KeptArchive>({ id: this.nextJob++, file, rulePackDirs: [], now: new Date().toISOString(), keep: bytes, storage: blockStorage(bytes), keepOnly: true }, options.signal, (p) => options.onProgress?.({ bytesRead: p.bytesRead, totalBytes: p.totalBytes }), (m) => (m.type === 'kept' ? m.kept : undefined));
      } catch (err) {
        if (!(err instanceof WorkerStartError) && !(err instanceof WorkerHeapError)) throw err;
        if (err instanceof WorkerStartError) this.noteStartFailure(err.message);
      }
    }
    return keepArchive(file, bytes, options);
  }

  /**
   * Searches the members named in one pass over the archive, in a worker of
   * its own (a new one that loads the search alone, grep-worker.ts, with
   * KEEP_LIMITS' small young generation, let go after it: no searcher's heap
   * is kept warm), its hits posted in batches.
   * A cancel (`signal`) terminates the worker, which stops the pass at once.
   * In this thread when workers cannot start.
   */
  async grepMembers(file: string, grep: GrepMembersJob, options: GrepMembersOptions): Promise<GrepMembersResult> {
    if (this.startFailure === null) {
      try {
        return await this.job<GrepMembersResult>({ id: this.nextJob++, file, rulePackDirs: [], now: new Date().toISOString(), grep }, options.signal, (p) => options.onProgress?.(p), (m) => (m.type === 'grepped' ? m.grepped : undefined), (hits) => options.onHits(hits));
      } catch (err) {
        if (!(err instanceof WorkerStartError) && !(err instanceof WorkerHeapError)) throw err;
        if (err instanceof WorkerStartError) this.noteStartFailure(err.message);
      }
    }
    return grepMembers(file, grep, options);
  }

  private run(file: string, rulePackDirs: readonly string[], options: AnalyzeOptions, keeping: Keeping | undefined): Promise<ArchiveAnalysis> {
    const job: WorkerJob = {
      id: this.nextJob++,
      file,
      rulePackDirs: [...rulePackDirs],
      now: (options.now ?? new Date()).toISOString(),
      ...(options.version ? { version: options.version } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    };
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    const allowance = keeping?.allowance(file) ?? null;
    if (allowance !== null) {
      job.keep = allowance;
      job.storage = blockStorage(allowance);
    }
    return this.job<ArchiveAnalysis>(job, options.signal, (p, f) => options.onProgress?.(f, p), (m) => {
      if (m.type !== 'done') return undefined;
      if (allowance !== null && m.kept) keeping?.adopt(file, m.kept);
      return m.result;
    });
  }

  /** Runs one job in a worker (an idle one, or a new one): its progress, and its end as `ended` reads it from the worker's answer. */
  private job<T>(job: WorkerJob, signal: AbortSignal | undefined, onProgress: (p: Progress, file: string) => void, ended: (m: WorkerMessage) => T | undefined, onHits?: (hits: GrepHit[]) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const file = job.file;
      // A worker to be let go collects its garbage before it posts its result (archive-worker.ts): the copy
      // made for this thread then does not come on top of the heap it grew while it read.
      if (this.retire(file)) job.last = true;
      // A pass that only keeps starts with a small young generation (KEEP_LIMITS) when no worker is idle.
      // A search's pass never takes a warm worker, and is let go after it (below).
      const worker = job.grep ? this.spawn(null, { ...this.limits, ...KEEP_LIMITS }, GREP_ENTRY) : this.takeIdle() ?? this.spawn(null, job.keepOnly ? { ...this.limits, ...KEEP_LIMITS } : this.limits);
      worker.ref();
      let settled = false;
      const settle = (keepWorker: boolean, fn: () => void): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        const retire = keepWorker && this.retire(file);
        if (retire) this.retired++;
        if (keepWorker && !retire && !job.grep && this.idle.length < this.keep) {
          this.park(worker);
        } else {
          void worker.terminate();
        }
        fn();
      };
      const onAbort = (): void => settle(false, () => reject(signal?.reason));
      const onMessage = (m: WorkerMessage): void => {
        this.spoke.add(worker);
        if (m.type === 'ready' || m.job !== job.id) return;
        if (m.type === 'progress') onProgress(m.progress, m.file);
        else if (m.type === 'hits') onHits?.(m.hits);
        else if (m.type === 'failed') settle(true, () => reject(Object.assign(new Error(m.message), { stack: m.stack || m.message })));
        else {
          const value = ended(m);
          settle(true, () => (value === undefined ? reject(new Error(`the analysis worker answered ${m.type} to job ${job.id}`)) : resolve(value)));
        }
      };
      const onError = (err: Error): void => settle(false, () => {
        if ((err as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') reject(new WorkerHeapError(err.message));
        else reject(this.spoke.has(worker) ? err : new WorkerStartError(err.message));
      });
      const onExit = (code: number): void => settle(false, () => {
        const message = `the analysis worker of ${file} stopped (exit code ${code})`;
        reject(this.spoke.has(worker) ? new Error(message) : new WorkerStartError(message));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      // The storage moves to the worker (it comes back with what was kept, or dies with the worker).
      worker.postMessage(job, job.storage ? [job.storage] : []);
    });
  }
}
