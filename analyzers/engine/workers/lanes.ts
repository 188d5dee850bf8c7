// Several archives on every core: this thread reads one archive and worker
// threads read the others, one each, so that ten nodes take about a tenth of
// their CPU time per core instead of queueing on one thread (issue 21).
import { availableParallelism } from 'node:os';
import type { AnalyzeOptions, ArchiveAnalysis } from '../run/engine.js';
import { analyzeArchive } from '../run/engine.js';
import type { ArchiveRunner, WorkerPool } from './in-worker.js';

/**
 * Threads reading archives at once, at most. Each costs about 20 MiB once
 * (its own copy of the engine's code and heap) and 20 MiB more while it reads
 * (its archive's chunks and facts): 8 lanes stay near 400 MiB, and a cluster
 * has at most 8 nodes. zlib's thread pool (4 threads unless UV_THREADPOOL_SIZE
 * says otherwise) inflates for all of them: inflate is a fifth of an archive's
 * CPU time, so 4 threads keep up with 8 lanes.
 */
export const MAX_LANES = 8;

/**
 * How many threads should read `archives` archives (files: a stream is read in
 * this thread whatever this says): one per core, never more than archives or
 * MAX_LANES; `requested` (LKANALYZE_THREADS) overrides the core count, and 1 is
 * the analysis in this thread alone.
 */
export function lanesFor(archives: number, requested?: string, cores: number = availableParallelism()): number {
  const asked = requested === undefined || requested === '' ? NaN : Number(requested);
  const wanted = Number.isInteger(asked) && asked >= 1 ? asked : cores;
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
