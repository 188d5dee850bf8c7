// Runs the CLI in this process and prints its peak RSS, for the benchmark.
// VmHWM belongs to this address space; getrusage's maxrss would also count the
// parent's memory at fork, which Linux carries across exec.
import { readFileSync } from 'node:fs';
import { main } from '../cli/main.js';

function peakRssKb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m?.[1]) return Number(m[1]);
  } catch {
    // not Linux: fall back below
  }
  return process.resourceUsage().maxRSS;
}

const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
process.stdout.write(`maxRssKb=${peakRssKb()}\n`);
process.exitCode = code;
