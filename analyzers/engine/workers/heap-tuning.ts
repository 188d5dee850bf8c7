// How V8's heap should grow in a process that streams gigabytes through the
// engine. V8 counts the memory behind Buffers (each zlib output chunk, 1 MiB)
// towards the old generation's limit, and a chunk that waits a moment in a
// stream buffer is promoted there and freed only by a full collection. With
// V8's own growth factor (about 1.6 on a heap of 40 MB) that meant a full
// collection every 23 MB of chunks: on the 3.2 GB benchmark archive, 100 to
// 200 of them and a third of all CPU time. A fixed factor of 3 cuts them to
// about 20 and the analysis time by a quarter; peak RSS stayed near 230 MiB
// (npm run bench; factor 2 gave 215 MiB and half the gain), 178 MiB with the
// young-generation cap below (docs/performance.md, Peak RSS). The heap that
// is multiplied is small whatever the archive's size: facts are bounded, and
// log lines never stay. Set once, at the start of the CLI and of the app.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import type { ResourceLimits } from 'node:worker_threads';

export const HEAP_GROWING_FLAG = '--heap-growing-percent=200';

/**
 * The young generation's cap in the CLI: two semi-spaces of this many MiB.
 * V8 grows them to 16 MiB each when much of what is allocated survives a
 * scavenge (the event-heavy bench archive while it reads, every run at its
 * end while it builds the report), and never gives the room back in a run
 * this short: 32 MiB of a peak RSS of about 180-230 MiB. At 4 MiB the
 * event-heavy case took the same CPU (same-run alternations, median of 5:
 * 6.36 against 6.31 s, with `--max-semi-space-size=4`) for a peak of 144
 * against 178 MiB; at 2 MiB it took 15% more CPU.
 */
export const YOUNG_SEMI_SPACE_CAP_MIB = 4;

const MIB = 2 ** 20;

/** Whether this process holds its young generation under the cap (the CLI only: the app's hosts leave V8 its own). */
let holding = false;
/** The growth factor last set: V8 reads it each time it grows the young generation. */
let growthFactor = 2;

function setGrowthFactor(factor: number): void {
  if (factor === growthFactor) return;
  growthFactor = factor;
  setFlagsFromString(`--semi-space-growth-factor=${factor}`);
}

/**
 * One semi-space's capacity now, in bytes: what is used in it and what is
 * left, a little under a power of two (V8 sizes them so). Not half the new
 * space's size: at the start only one of the two semi-spaces is committed.
 */
function semiSpaceBytes(): number {
  for (const s of getHeapSpaceStatistics()) {
    if (s.space_name !== 'new_space') continue;
    const capacity = s.space_used_size + s.space_available_size;
    return capacity > 0 ? 2 ** Math.round(Math.log2(capacity)) : 0;
  }
  return 0;
}

export interface HeapTuning {
  /** Hold the young generation under YOUNG_SEMI_SPACE_CAP_MIB (holdYoungGeneration, freezeYoungGeneration). */
  capYoung?: boolean;
}

/** Whether tuneHeapForStreaming set HEAP_GROWING_FLAG (set again after a worker starts: keepFlagsOn). */
let growingSet = false;

export function tuneHeapForStreaming(options: HeapTuning = {}): void {
  setFlagsFromString(HEAP_GROWING_FLAG);
  growingSet = true;
  if (options.capYoung) {
    holding = true;
    // Loading the CLI's modules keeps much of what it allocates: the young generation grows from the first read on.
    freezeYoungGeneration();
  }
}

/** Bytes handed on between two looks at the young generation (holdYoungGeneration). */
const HOLD_EVERY_BYTES = 256 * 1024;
let sinceLook = HOLD_EVERY_BYTES;

/**
 * Lets the young generation grow up to the cap and no further. The cap
 * cannot be given to V8 once it runs (`--max-semi-space-size` is read when
 * the heap is made), but the growth factor is read at each growth: below the
 * cap it is set so that one growth reaches the cap exactly, at the cap it is
 * 1. V8 grows the young generation only after as much as its size has
 * survived since the last growth, so looking each time a few hundred KiB
 * were handed to the analysis (the archive reader calls this for each chunk
 * it hands on, with its size) sees every growth before the next one can come.
 * A look is one call of getHeapSpaceStatistics (about 3 µs). Does nothing
 * unless tuneHeapForStreaming({ capYoung: true }) was called.
 */
export function holdYoungGeneration(bytes = HOLD_EVERY_BYTES): void {
  if (!holding) return;
  sinceLook += bytes;
  if (sinceLook < HOLD_EVERY_BYTES) return;
  sinceLook = 0;
  const semi = semiSpaceBytes();
  const cap = YOUNG_SEMI_SPACE_CAP_MIB * MIB;
  // Sizes are powers of two: the factor that reaches the cap in one step is a whole number.
  setGrowthFactor(semi <= 0 || semi >= cap ? 1 : Math.max(2, Math.floor(cap / semi)));
}

/**
 * No young-generation growth until the next holdYoungGeneration: for the
 * synchronous work after a read (the facts, the rules, the report), which
 * keeps much of what it allocates and would otherwise grow the young
 * generation several times over before any chunk is read again.
 */
export function freezeYoungGeneration(): void {
  if (!holding) return;
  setGrowthFactor(1);
  // The next read looks at once.
  sinceLook = HOLD_EVERY_BYTES;
}

/**
 * Gives the young generation back to V8 for the rest of the process: V8's
 * flags are the process's, so a growth factor of 1 would hold every worker
 * thread's young generation at its first size too. For a process that reads
 * archives in workers (the CLI's lanes, `lkanalyze serve`), each of which has
 * a young generation bounded by its own resource limits.
 */
export function releaseYoungGeneration(): void {
  if (!holding) return;
  holding = false;
  setGrowthFactor(2);
}

/**
 * A worker's start sets V8's flags back to their defaults (Node 20: once a
 * worker is online, the young generation's growth factor is 2 again whatever
 * was set; seen in the bench of the app's sequence, where the host's held
 * young generation grew to 32 MiB as the first open's worker started). This
 * sets this module's flags again once `worker` is online, so that a pause
 * (the app's host) or the CLI's cap holds past the workers started meanwhile.
 */
export function keepFlagsOn(worker: { once(event: 'online', listener: () => void): unknown }): void {
  worker.once('online', () => {
    if (growingSet) setFlagsFromString(HEAP_GROWING_FLAG);
    setFlagsFromString(`--semi-space-growth-factor=${growthFactor}`);
  });
}

/** Pauses of young-generation growth not yet ended (pauseYoungGrowth). */
let pauses = 0;

/**
 * Stops every young generation in the process from growing, until the
 * returned function is called (once is enough; later calls do nothing). For
 * the app's host while it takes an analysis' result: the worker's answer is
 * tens of MB of objects that live, which V8 takes for a reason to grow the
 * host's young generation to its largest (two semi-spaces of 16 MiB), and it
 * kept them for the rest of the session: on the large bench archive the
 * host's young generation went from 6 to 32 MiB at the end of the analysis.
 * The objects are promoted sooner instead. The flag is the process's: a
 * worker still reading keeps the young generation it has. Does nothing in
 * the CLI, which holds its own (tuneHeapForStreaming({ capYoung: true })).
 */
export function pauseYoungGrowth(): () => void {
  if (holding) return () => undefined;
  pauses++;
  setGrowthFactor(1);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    pauses--;
    if (pauses === 0 && !holding) setGrowthFactor(2);
  };
}

/** Whether young-generation growth is paused (pauseYoungGrowth): for tests. */
export function youngGrowthPaused(): boolean {
  return pauses > 0;
}

/**
 * The heap of each analysis worker the CLI starts (lanes.ts): every worker is
 * one more heap in the process, so each is bounded. A small young generation
 * (V8's default grows it to 48 MiB) keeps a worker's garbage from piling up
 * between scavenges: ten 50 MB nodes on two lanes peaked at 190-200 MiB with
 * it and 200-210 MiB without. The old generation's cap bounds what lanes
 * hold together; the event-heavy bench archive reads within a quarter of it.
 * A worker that reaches it is stopped and its archive read again in the main
 * thread, which has no such cap (in-worker.ts).
 */
export const WORKER_HEAP_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 };
