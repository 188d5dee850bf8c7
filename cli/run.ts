// Process entry for bin/lkanalyze: runs main() and turns an unexpected crash
// into one line and exit 3 (the stack only with LKANALYZE_DEBUG=1). The heap
// is tuned before the rest of the CLI is loaded: loading it already grows
// V8's young generation, which the CLI holds under a cap (heap-tuning.ts).
import { tuneHeapForStreaming } from '../analyzers/engine/workers/heap-tuning.js';

tuneHeapForStreaming({ capYoung: true });

const { main } = await import('./main.js');

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`lkanalyze: internal error: ${message}\n`);
    if (process.env['LKANALYZE_DEBUG'] && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
    process.exitCode = 3;
  },
);
