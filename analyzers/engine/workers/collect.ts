// A full garbage collection of this thread's heap, asked for once a large
// result has been handed over (the app's host) or before one is (a worker
// about to be let go). The app runs with V8's heap tuned for streaming
// (heap-tuning.ts: a heap may grow to three times what it held at its last
// full collection), so the garbage an analysis leaves in the host (the report
// as the worker's message made it, and the copies made to send it to the
// window) could stay there through everything after: on the large bench
// archive, 100 MB of dead heap held for the whole of the first open. V8
// collects on its own only under allocation, which the host then barely does.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** Collects garbage now (a full, blocking collection: tens of milliseconds); false where V8 does not allow it. */
export function collectGarbage(): boolean {
  if (gc === undefined) {
    try {
      // Exposes gc() to contexts made from now on (not to this one's globals): one is made to fetch it.
      setFlagsFromString('--expose-gc');
      const found: unknown = runInNewContext('gc');
      gc = typeof found === 'function' ? (found as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
  return Boolean(gc);
}
