// npm run bench: the whole-process time of `lkanalyze --format json` on each
// case as a ratio of the floor (Node's own zlib inflating the same archives,
// 1 MiB chunks, one after the other on one core: bench/floor.ts) and of
// `gzip -dc`, each measured side by side with the analysis in the same run
// (median of several runs), analyzed MB/s, and peak RSS. Only same-run
// ratios compare across machines and loads. The archives are generated once
// and cached in ~/.cache/lkanalyze-bench (LKANALYZE_BENCH_DIR to move them).
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { availableParallelism, homedir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchSpec } from './generate.js';
import { exists, generate } from './generate.js';
import { appLatency } from './app-latency.js';
import { lanesFor } from '../analyzers/engine/workers/lanes.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MB = 1e6;

interface Timed {
  ms: number;
  maxRssKb: number;
  stdout: string;
}

function timed(cmd: string, args: string[]): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      // The start and the end: measure.js prints the peak RSS last, after whatever the command printed.
      stdout = stdout.length < 4096 ? stdout + c.toString() : `${stdout.slice(0, 4096)}${(stdout.slice(4096) + c.toString()).slice(-4096)}`;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`));
      else resolve({ ms, maxRssKb: 0, stdout });
    });
  });
}

/** Runs the real CLI in a child that reports its own peak RSS. */
async function cliOnce(args: string[]): Promise<Timed> {
  const measure = join(ROOT, 'dist/bench/measure.js');
  const t = await timed(process.execPath, [measure, ...args]);
  const rss = /maxRssKb=(\d+)\n?$/.exec(t.stdout);
  return { ...t, maxRssKb: rss ? Number(rss[1]) : 0 };
}

const analyzeOnce = (archives: string[]): Promise<Timed> => cliOnce([...archives, '--format', 'json', '--out', '/dev/null']);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

const quote = (p: string): string => `'${p.replace(/'/g, "'\\''")}'`;

async function benchOne(label: string, archives: string | string[], runs: number): Promise<void> {
  const list = Array.isArray(archives) ? archives : [archives];
  let size = 0;
  for (const a of list) size += (await stat(a)).size;
  const floorJs = join(ROOT, 'dist/bench/floor.js');
  const fl: number[] = [];
  const gz: number[] = [];
  const an: number[] = [];
  let raw = 0;
  let rss = 0;
  // Each run measures the three side by side, so that a load that comes and goes touches all of them.
  for (let i = 0; i < runs; i++) {
    if (label !== 'small') {
      const f = await timed(process.execPath, [floorJs, ...list]);
      fl.push(f.ms);
      raw = Number(f.stdout.trim());
      gz.push((await timed('sh', ['-c', list.map((a) => `gzip -dc ${quote(a)} > /dev/null`).join(' && ')])).ms);
    }
    const a = await analyzeOnce(list);
    an.push(a.ms);
    rss = Math.max(rss, a.maxRssKb);
  }
  const f = median(fl);
  const g = median(gz);
  const a = median(an);
  if (label === 'small') {
    process.stdout.write(`${label.padEnd(9)} first report in ${(a / 1000).toFixed(2)} s (process start included), peak RSS ${(rss / 1024).toFixed(0)} MiB\n`);
    return;
  }
  const s = (ms: number): string => (ms / 1000).toFixed(2).padStart(6);
  process.stdout.write(
    `${label.padEnd(9)} ${(size / MB).toFixed(1).padStart(6)} MB gz ${(raw / MB).toFixed(1).padStart(7)} MB tar  ` +
      `floor ${s(f)} s  gzip -dc ${s(g)} s  lkanalyze ${s(a)} s  ` +
      `x floor ${(a / f).toFixed(2).padStart(5)}  x gzip ${(a / g).toFixed(2).padStart(5)}  ` +
      `${(raw / MB / (a / 1000)).toFixed(0).padStart(4)} MB/s  peak RSS ${(rss / 1024).toFixed(0)} MiB\n`,
  );
}

/**
 * lkanalyze grep over the large archive against its analysis, each run
 * interleaved (analysis, literal, regex) so that the machine's load falls on
 * all three alike. The bounds: a literal at most 1.2 times the analysis, a
 * regex at most 2 times.
 */
async function benchGrep(archive: string, runs: number): Promise<void> {
  const searches: Array<{ label: string; args: string[]; bound: number }> = [
    { label: 'grep literal', args: ['grep', 'Communication failure', archive], bound: 1.2 },
    { label: 'grep -E', args: ['grep', '-E', String.raw`Communication fail\w+: destination system "[\w.-]+"`, archive], bound: 2 },
  ];
  const an: number[] = [];
  const times = searches.map(() => [] as number[]);
  const rss = searches.map(() => 0);
  for (let i = 0; i < runs; i++) {
    an.push((await analyzeOnce([archive])).ms);
    for (const [j, s] of searches.entries()) {
      const t = await cliOnce(s.args);
      times[j]?.push(t.ms);
      rss[j] = Math.max(rss[j] ?? 0, t.maxRssKb);
    }
  }
  const a = median(an);
  process.stdout.write(`${'analysis'.padEnd(13)} ${(a / 1000).toFixed(2).padStart(7)} s  (the same archive, in the same runs)\n`);
  for (const [j, s] of searches.entries()) {
    const g = median(times[j] ?? []);
    process.stdout.write(
      `${s.label.padEnd(13)} ${(g / 1000).toFixed(2).padStart(7)} s  ratio to analysis ${(g / a).toFixed(2)} (bound ${s.bound})  ` +
        `peak RSS ${((rss[j] ?? 0) / 1024).toFixed(0)} MiB${g / a > s.bound ? '  OVER THE BOUND' : ''}\n`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      runs: { type: 'string' },
      'log-mb': { type: 'string' },
      'core-mb': { type: 'string' },
      only: { type: 'string' },
      modules: { type: 'boolean' },
    },
  });
  const spec: BenchSpec = values.quick
    ? { logBytes: 200 * MB, rotated: 4, coreBytes: 128 * MB }
    : { logBytes: Number(values['log-mb'] ?? 2000) * MB, rotated: 8, coreBytes: Number(values['core-mb'] ?? 1024) * MB };
  const runs = Number(values.runs ?? (values.quick ? 3 : 5));
  // --only eventful,10-nodes: the cases to run (small, app, large, grep, 10-nodes, eventful), all by default.
  const only = values.only ? new Set(values.only.split(',')) : null;
  const wanted = (label: string): boolean => !only || only.has(label.replace(' ', '-'));
  const dir = process.env['LKANALYZE_BENCH_DIR'] ?? join(homedir(), '.cache', 'lkanalyze-bench');
  const name = `bench-${spec.logBytes / MB}mb-logs-${spec.rotated}rot-${spec.coreBytes / MB}mb-core.tar.gz`;
  const large = join(dir, name);
  if ((wanted('large') || wanted('grep')) && !(await exists(large))) {
    process.stdout.write(`generating ${large} (once)…\n`);
    await generate(large, spec);
  }
  // The CLI runs from its bundle (dist/bundle/run.js, as bin/lkanalyze runs it); --modules, from the compiled modules of dist/cli/ (bench/measure.ts).
  if (values.modules) process.env['LKANALYZE_BENCH_MODULES'] = '1';
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(`node ${process.version}, ${availableParallelism()} cores, median of ${runs} runs, load average ${load} at the start, the CLI from ${values.modules ? 'dist/cli/ (--modules)' : 'dist/bundle/'}\n`);
  if (wanted('small')) await benchOne('small', join(ROOT, 'samples/healthy-shared-disk-node1.tar.gz'), runs);
  if (wanted('app')) {
    // The app: from the click on Analyze to the sample's report on screen, in Chromium against lkanalyze serve.
    const ms = await appLatency(join(ROOT, 'samples/healthy-shared-disk-node1.tar.gz'), runs + 1);
    if (!ms) process.stdout.write(`${'app'.padEnd(9)} skipped: no Chromium\n`);
    else {
      const [first = 0, ...warm] = ms;
      process.stdout.write(`${'app'.padEnd(9)} a sample's report on screen ${(median(warm) / 1000).toFixed(2)} s after the click (median of ${warm.length}; the first click, which starts the analysis worker, ${(first / 1000).toFixed(2)} s)\n`);
    }
  }
  if (wanted('large')) await benchOne('large', large, runs);
  if (wanted('grep')) await benchGrep(large, runs);
  // A ticket with the archives of a 10-node cluster: ten archives of 50 MB of logs each, in one run.
  if (wanted('10 nodes')) {
    const nodes: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const p = join(dir, `cluster-node${i}-50mb.tar.gz`);
      if (!(await exists(p))) await generate(p, { logBytes: 50 * MB, rotated: 2, coreBytes: 0, host: `bench${i}`, seed: i });
      nodes.push(p);
    }
    await benchOne('10 nodes', nodes, runs);
    const threads = lanesFor(nodes.length, process.env['LKANALYZE_THREADS']);
    process.stdout.write(`${''.padEnd(9)} read on ${threads} thread${threads === 1 ? '' : 's'} (${threads === 1 ? 'the main thread alone' : `the main thread and ${threads - 1} worker${threads === 2 ? '' : 's'}`}; LKANALYZE_THREADS=N to choose)\n`);
  }
  // A sick node: a third of lifekeeper.log's lines are events (comm failures, quickCheck timeouts, resyncs).
  if (wanted('eventful')) {
    const eventful = join(dir, 'eventful-400mb-logs.tar.gz');
    if (!(await exists(eventful))) await generate(eventful, { logBytes: 400 * MB, rotated: 2, coreBytes: 0, host: 'sick1', seed: 77, eventShare: 0.33 });
    await benchOne('eventful', eventful, runs);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
