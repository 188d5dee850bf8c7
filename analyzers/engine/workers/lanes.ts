// Several archives on every core: this thread reads one archive and worker
// threads read the others, one each, so that ten nodes on a machine of many
// cores no longer queue on one thread (issue 21).
import { availableParallelism } from 'node:os';
import type { AnalyzeOptions, ArchiveAnalysis } from '../run/engine.js';
import { analyzeArchive } from '../run/engine.js';
import type { ArchiveRunner, WorkerPool } from './in-worker.js';

/**
 * Threads reading archives at once, at most. Each costs about 20 MiB once
 * (its own copy of the engine's code and heap) and 20 MiB more while it reads
 * (its archive's chunks and facts): 8 lanes stay near 400 MiB, and a cluster
 * has at most 8 nodes. zlib's thread pool (4 threads unless UV_THREADPOOL_SIZE
 * says otherwise) inflates for all of them: inflate is a quarter of an
 * archive's CPU time, so 8 lanes keep 2 of its 4 threads busy.
 */
export const MAX_LANES = 8;

/**
 * Cores one lane keeps busy. A thread reading archives is about half of their
 * CPU time: zlib inflates on its thread pool and V8 collects on its own
 * threads beside it (ten 50 MB nodes read in one thread: the main thread 1.6
 * to 2.1 s of CPU, the other threads 1.5 to 1.8 s). On two cores one thread
 * therefore already keeps both busy, and a worker only adds its cost: 0.4 s
 * of CPU to start (the ESM loader over 141 modules) and a cold first archive,
 * about 1.5 s of CPU on ten nodes (one core: 4.35 s in one thread, 5.97 s with
 * a worker; two cores: 3.41 against 3.11 s in one run, 2.73 against 2.94 s in
 * another; medians, same-run alternations on a loaded machine). The CLI's
 * bundle (session 10) took a worker's start to 0.18 s of CPU, and a worker
 * still does not pay on two cores: ten nodes, 6 pairs at load 9-14, all
 * threads 2.84 s of CPU in one thread against 3.61 s with a worker (4.01 s
 * from the compiled modules), wall 4.89 against 6.46 s (docs/performance.md,
 * "Session 10: one bundle").
 */
export const CORES_PER_LANE = 2;

/**
 * How many threads should read `archives` archives (files: a stream is read in
 * this thread whatever this says): a lane for every CORES_PER_LANE cores,
 * rounded (three cores: two lanes), never more than archives or MAX_LANES;
 * `requested` (LKANALYZE_THREADS) overrides, and 1 is the analysis in this
 * thread alone (two archives at once, as on two cores).
 */
export function lanesFor(archives: number, requested?: string, cores: number = availableParallelism()): number {
  const asked = requested === undefined || requested === '' ? NaN : Number(requested);
  const wanted = Number.isInteger(asked) && asked >= 1 ? asked : Math.round(cores / CORES_PER_LANE);
  return Math.max(1, Math.min(wanted, archives, MAX_LANES));
}

/**
 * An archive runner for the engine with `lanes` archives at once (its
 * concurrency): this thread takes an archive whenever it has none, so the
 * first one starts at once (the workers' start-up overlaps it) and an archive
 * read alone (LARGE_ARCHIVE_BYTES) costs no worker; the pool's workers take the
 * others.
 */
export function lanes(pool: WorkerPool, rulePackDirs: readonly string[]): ArchiveRunner {
  const inWorker = pool.runner(rulePackDirs);
  let reading = false;
  return async (file: string, options: AnalyzeOptions): Promise<ArchiveAnalysis> => {
    if (reading) return inWorker(file, options);
    reading = true;
    try {
      return await analyzeArchive(file, options);
    } finally {
      reading = false;
    }
  };
}
