// npm run bench: analysis time of `lkanalyze --format json` as a ratio of
// `gzip -dc` on the same archive in the same run (median of several runs),
// analyzed MB/s, and peak RSS. The large archive is generated once and cached
// in ~/.cache/lkanalyze-bench (LKANALYZE_BENCH_DIR to move it).
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchSpec } from './generate.js';
import { exists, generate } from './generate.js';

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

async function tarBytes(archive: string): Promise<number> {
  const t = await timed('sh', ['-c', `gzip -dc '${archive.replace(/'/g, "'\\''")}' | wc -c`]);
  return Number(t.stdout.trim());
}

const quote = (p: string): string => `'${p.replace(/'/g, "'\\''")}'`;

async function benchOne(label: string, archives: string | string[], runs: number): Promise<void> {
  const list = Array.isArray(archives) ? archives : [archives];
  let size = 0;
  let raw = 0;
  for (const a of list) {
    size += (await stat(a)).size;
    raw += await tarBytes(a);
  }
  const gz: number[] = [];
  const an: number[] = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    gz.push((await timed('sh', ['-c', list.map((a) => `gzip -dc ${quote(a)} > /dev/null`).join(' && ')])).ms);
    const a = await analyzeOnce(list);
    an.push(a.ms);
    rss = Math.max(rss, a.maxRssKb);
  }
  const g = median(gz);
  const a = median(an);
  if (label === 'small') {
    process.stdout.write(`${label.padEnd(8)} first report in ${(a / 1000).toFixed(2)} s (process start included), peak RSS ${(rss / 1024).toFixed(0)} MiB\n`);
    return;
  }
  process.stdout.write(
    `${label.padEnd(8)} ${(size / MB).toFixed(1).padStart(8)} MB gz ${(raw / MB).toFixed(1).padStart(9)} MB tar  ` +
      `gzip -dc ${(g / 1000).toFixed(2).padStart(7)} s  lkanalyze ${(a / 1000).toFixed(2).padStart(7)} s  ` +
      `ratio ${(a / g).toFixed(2).padStart(5)}  ${(raw / MB / (a / 1000)).toFixed(0).padStart(5)} MB/s of tar  peak RSS ${(rss / 1024).toFixed(0)} MiB\n`,
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
    },
  });
  const spec: BenchSpec = values.quick
    ? { logBytes: 200 * MB, rotated: 4, coreBytes: 128 * MB }
    : { logBytes: Number(values['log-mb'] ?? 2000) * MB, rotated: 8, coreBytes: Number(values['core-mb'] ?? 1024) * MB };
  const runs = Number(values.runs ?? (values.quick ? 3 : 3));
  const dir = process.env['LKANALYZE_BENCH_DIR'] ?? join(homedir(), '.cache', 'lkanalyze-bench');
  const name = `bench-${spec.logBytes / MB}mb-logs-${spec.rotated}rot-${spec.coreBytes / MB}mb-core.tar.gz`;
  const large = join(dir, name);
  if (!(await exists(large))) {
    process.stdout.write(`generating ${large} (once)…\n`);
    await generate(large, spec);
  }
  process.stdout.write(`node ${process.version}, cores ${(await import('node:os')).cpus().length}, median of ${runs} runs\n`);
  await benchOne('small', join(ROOT, 'samples/healthy-shared-disk-node1.tar.gz'), runs);
  await benchOne('large', large, runs);
  await benchGrep(large, runs);
  // A ticket with the archives of a 10-node cluster: ten archives of 50 MB of logs each, in one run.
  const nodes: string[] = [];
  for (let i = 1; i <= 10; i++) {
    const p = join(dir, `cluster-node${i}-50mb.tar.gz`);
    if (!(await exists(p))) await generate(p, { logBytes: 50 * MB, rotated: 2, coreBytes: 0, host: `bench${i}`, seed: i });
    nodes.push(p);
  }
  await benchOne('10 nodes', nodes, runs);
  // A sick node: a third of lifekeeper.log's lines are events (comm failures, quickCheck timeouts, resyncs).
  const eventful = join(dir, 'eventful-400mb-logs.tar.gz');
  if (!(await exists(eventful))) await generate(eventful, { logBytes: 400 * MB, rotated: 2, coreBytes: 0, host: 'sick1', seed: 77, eventShare: 0.33 });
  await benchOne('eventful', eventful, runs);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
