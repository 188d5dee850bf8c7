// Runs the CLI's own entry (run.ts, heap settings included) in this process
// and prints its peak RSS when the process exits, for the benchmark. The entry
// is the bundle's (dist/bundle/run.js), as bin/lkanalyze runs it;
// LKANALYZE_BENCH_MODULES=1 runs the compiled modules of dist/cli/ instead, to
// compare the two (npm run bench -- --modules).
// VmHWM belongs to this address space; getrusage's maxrss would also count the
// parent's memory at fork, which Linux carries across exec.
import { readFileSync } from 'node:fs';

function peakRssKb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m?.[1]) return Number(m[1]);
  } catch {
    // not Linux: fall back below
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => {
  process.stdout.write(`maxRssKb=${peakRssKb()}\n`);
});
const entry = process.env['LKANALYZE_BENCH_MODULES'] === '1' ? '../cli/run.js' : '../bundle/run.js';
await import(new URL(entry, import.meta.url).href);
