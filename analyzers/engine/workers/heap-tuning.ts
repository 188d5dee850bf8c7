// How V8's heap should grow in a process that streams gigabytes through the
// engine. V8 counts the memory behind Buffers (each zlib output chunk, 1 MiB)
// towards the old generation's limit, and a chunk that waits a moment in a
// stream buffer is promoted there and freed only by a full collection. With
// V8's own growth factor (about 1.6 on a heap of 40 MB) that meant a full
// collection every 23 MB of chunks: on the 3.2 GB benchmark archive, 100 to
// 200 of them and a third of all CPU time. A fixed factor of 3 cuts them to
// about 20 and the analysis time by a quarter; peak RSS stays near 230 MiB
// (npm run bench; factor 2 gave 215 MiB and half the gain). The heap that
// is multiplied is small whatever the archive's size: facts are bounded, and
// log lines never stay. Set once, at the start of the CLI and of the app.
import { setFlagsFromString } from 'node:v8';
import type { ResourceLimits } from 'node:worker_threads';

export const HEAP_GROWING_FLAG = '--heap-growing-percent=200';

export function tuneHeapForStreaming(): void {
  setFlagsFromString(HEAP_GROWING_FLAG);
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
