// The app's log view on one archive, measured (issue 18): not part of `npm run
// bench` (which times the CLI, which keeps nothing). Run after `tsc -b`:
//   node dist/bench/lognav-keep.js [ARCHIVE] [PAIRS]
//     What keeping the log view's blocks in the app's analysis pass costs, and
//     how fast a member opens right after the report. Each analysis runs in a
//     fresh process (`--one keep|nokeep`), keeping and not keeping alternated,
//     through the host's Session as the app and serve run it (in a worker); the
//     keeping runs then open 240 lines at 20 random lines of the largest kept
//     member through the host's channels.
//   node dist/bench/lognav-keep.js --app [ARCHIVE]
//     The app's whole sequence on one archive, in one process as `lkanalyze
//     serve` runs it, with the peak RSS of each phase: sampled every 10 ms and
//     the kernel's VmHWM (/proc/self/status, reset between phases through
//     /proc/self/clear_refs). Phases: the analysis (in the worker, and its
//     answer serialised for the page as serve does); the first open (the
//     members' list: for an archive of 100 MB or more, a keeping pass of its
//     own, which also indexes the members past the budget); 20 opens of 240
//     lines at random lines of the largest member kept as blocks; 21 opens at
//     random lines of the largest indexed member and of the largest indexed
//     rotated .gz (the first, then the median and most of the other 20); a
//     search across the archive through the search channels, a literal then a
//     regular expression, and a literal found nowhere (every text member read
//     whole: the members not kept in a pass over the archive), every page of
//     hits fetched as the page does; the last
//     lines of the largest member; the all-logs-by-time view around a time of
//     lifekeeper.log. One JSON line per phase, then the whole run's VmHWM.
//     LKANALYZE_MEM_TRACE=FILE also writes process.memoryUsage() every 50 ms;
//     LKANALYZE_MEM_HOOK=COMMAND runs COMMAND PID PHASE at the end of each phase.
// The archive is the `--quick` bench archive by default.
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { channelTable, dispatch } from '../app/host/channels.js';
import { Session } from '../app/host/session.js';
import { getHeapSpaceStatistics } from 'node:v8';
import { tuneHeapForStreaming } from '../analyzers/engine/workers/heap-tuning.js';

const QUICK = join(homedir(), '.cache/lkanalyze-bench/bench-200mb-logs-4rot-128mb-core.tar.gz');

interface OneRun {
  keep: boolean;
  analysisMs: number;
  cpuS: number;
  peakRssMiB: number;
  keptMiB: number;
  openMedianMs: number | null;
  openMaxMs: number | null;
}

async function one(file: string, keep: boolean): Promise<OneRun> {
  let peak = 0;
  const tick = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const session = new Session({ version: 'bench' });
  if (!keep) session.lognav.keeping.allowance = () => null;
  const [ref] = await session.add([file]);
  const id = ref?.id ?? '';
  const started = performance.now();
  const analyzed = await session.analyze([id], () => undefined);
  const analysisMs = Math.round(performance.now() - started);
  if (!analyzed.ok) throw new Error(analyzed.error.message.en);
  // Not keeping, the host would start a pass of its own now: not what is measured.
  if (!keep) session.lognav.cancel(id);
  const cpu = process.cpuUsage();
  let openMedianMs: number | null = null;
  let openMaxMs: number | null = null;
  if (keep) {
    const table = channelTable(session, { openArchives: { available: false, why: { en: '', ja: '' } }, deliverExport: () => Promise.resolve({ ok: false, error: { code: 'failed', message: { en: '', ja: '' } } }), pushProgress: () => undefined });
    const list = await dispatch(table, 'members:list', { archive: id });
    if (!list.ok) throw new Error(list.error.message.en);
    const big = list.value.members.filter((m) => m.lines !== null && !m.notKept).sort((a, b) => (b.lines ?? 0) - (a.lines ?? 0))[0];
    if (!big?.lines) throw new Error('no member kept');
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const from = 1 + Math.floor(Math.random() * Math.max(1, big.lines - 240));
      const t = performance.now();
      const got = await dispatch(table, 'member:lines', { member: big.id, from, count: 240 });
      times.push(performance.now() - t);
      if (!got.ok || got.value.lines.length === 0) throw new Error('no lines');
    }
    times.sort((a, b) => a - b);
    openMedianMs = +(times[10] ?? 0).toFixed(1);
    openMaxMs = +(times[19] ?? 0).toFixed(1);
  }
  clearInterval(tick);
  const budget = (session.lognav as unknown as { budget: { used: number } }).budget;
  return { keep, analysisMs, cpuS: +((cpu.user + cpu.system) / 1e6).toFixed(1), peakRssMiB: Math.round(peak / 2 ** 20), keptMiB: keep ? +(budget.used / 2 ** 20).toFixed(1) : 0, openMedianMs, openMaxMs };
}

const MiB = 2 ** 20;

/** The kernel's peak RSS of this process (VmHWM), in MiB. */
function vmHwm(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

/** Resident MiB by kind of mapping (for LKANALYZE_MEM_TRACE): the program's files, the main malloc heap, anonymous maps by size class. */
function smapsSummary(): Record<string, number> {
  const out: Record<string, number> = {};
  let kind = '';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const size = (parseInt(head[2] ?? '0', 16) - parseInt(head[1] ?? '0', 16)) / MiB;
      const name = head[3] ?? '';
      kind = name ? (name.startsWith('/') ? 'files' : name) : size >= 60 && size <= 66 ? 'anon-64MiB(malloc arena?)' : size >= 200 ? 'anon-huge' : `anon`;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[kind] = (out[kind] ?? 0) + Number(rss[1]) / 1024;
  }
  for (const k of Object.keys(out)) out[k] = Math.round(out[k] ?? 0);
  return out;
}

/** Peaks of one phase: sampled RSS (10 ms) and VmHWM, reset at its start. */
class Phases {
  private peak = 0;
  private readonly tick: NodeJS.Timeout;
  private readonly trace = process.env['LKANALYZE_MEM_TRACE'];
  private phase = '';
  /** The highest VmHWM of the phases so far: the run's peak (each phase resets the kernel's). */
  highest = 0;
  private readonly t0 = performance.now();
  constructor() {
    let n = 0;
    this.tick = setInterval(() => {
      const rss = process.memoryUsage.rss();
      this.peak = Math.max(this.peak, rss);
      if (this.trace && n++ % 5 === 0) {
        const m = process.memoryUsage();
        appendFileSync(this.trace, `${JSON.stringify({ t: Math.round(performance.now() - this.t0), phase: this.phase, rss: Math.round(m.rss / MiB), heapUsed: Math.round(m.heapUsed / MiB), heapTotal: Math.round(m.heapTotal / MiB), external: Math.round(m.external / MiB), arrayBuffers: Math.round(m.arrayBuffers / MiB) })}\n`);
      }
    }, 10);
  }
  start(name: string): void {
    this.phase = name;
    this.peak = process.memoryUsage.rss();
    // 5: reset the peak RSS the kernel reports (Linux 4.0 on).
    try {
      writeFileSync('/proc/self/clear_refs', '5');
    } catch {
      // Not Linux: VmHWM then is the run's peak so far.
    }
  }
  async end(fields: Record<string, unknown>): Promise<void> {
    // The last samples of the phase.
    await new Promise((r) => setTimeout(r, 30));
    const m = process.memoryUsage();
    const hwm = vmHwm();
    this.highest = Math.max(this.highest, hwm);
    if (this.trace) appendFileSync(this.trace, `${JSON.stringify({ phase: this.phase, end: true, smaps: smapsSummary() })}\n`);
    // A command run with this process's id and the phase's name at the end of each phase (a probe of its memory from outside: smaps, gdb).
    const hook = process.env['LKANALYZE_MEM_HOOK'];
    if (hook) execFileSync(hook, [String(process.pid), this.phase], { stdio: 'inherit' });
    // The host's young generation (both semi-spaces), which V8 grows up to 32 MiB.
    const young = getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
    process.stdout.write(`${JSON.stringify({ phase: this.phase, ...fields, youngMiB: Math.round((young?.space_size ?? 0) / MiB), peakRssMiB: Math.round(this.peak / MiB), vmHwmMiB: hwm, afterRssMiB: Math.round(m.rss / MiB), heapUsedMiB: Math.round(m.heapUsed / MiB), arrayBuffersMiB: Math.round(m.arrayBuffers / MiB) })}\n`);
  }
  stop(): void {
    clearInterval(this.tick);
  }
}

/** The app's sequence on one archive, each phase's peak RSS printed (see the top of this file). */
async function app(file: string): Promise<void> {
  // As the app's main process and `lkanalyze serve` set it (cli/run.ts, app/electron/main.ts).
  tuneHeapForStreaming();
  const phases = new Phases();
  const session = new Session({ version: 'bench' });
  const table = channelTable(session, { openArchives: { available: false, why: { en: '', ja: '' } }, deliverExport: () => Promise.resolve({ ok: false, error: { code: 'failed', message: { en: '', ja: '' } } }), pushProgress: () => undefined });
  const [ref] = await session.add([file]);
  const id = ref?.id ?? '';
  const ms = (t: number): number => Math.round(performance.now() - t);

  phases.start('analysis');
  let t = performance.now();
  // What serve then sends to the page (app/serve/serve.ts json()): the answer as one JSON text; the answer is then let go, as serve lets it go.
  const sent = await dispatch(table, 'archive:analyze', { ids: [id] }).then((analyzed) => {
    if (!analyzed.ok) throw new Error(analyzed.error.message.en);
    return Buffer.byteLength(JSON.stringify(analyzed));
  });
  await phases.end({ ms: ms(t), reportMB: +(sent / 1e6).toFixed(1) });

  phases.start('first-open');
  t = performance.now();
  const list = await dispatch(table, 'members:list', { archive: id });
  if (!list.ok) throw new Error(list.error.message.en);
  const listMB = Buffer.byteLength(JSON.stringify(list)) / 1e6;
  const budget = (session.lognav as unknown as { budget: { used: number } }).budget;
  const text = list.value.members.filter((m) => m.notKept !== 'binary' && m.notKept !== 'skipped');
  const asBlocks = text.filter((m) => !m.notKept && !m.indexed);
  const entry = (session.lognav as unknown as { entries: Map<string, { store: { indexBytes: number } | null }> }).entries.get(id);
  const indexed = text.filter((m) => m.indexed).sort((a, b) => (b.lines ?? 0) - (a.lines ?? 0));
  await phases.end({ ms: ms(t), members: list.value.members.length, textMembers: text.length, keptMembers: asBlocks.length, keptLinesM: +(asBlocks.reduce((n, m) => n + (m.lines ?? 0), 0) / 1e6).toFixed(1), indexedMembers: indexed.length, indexedLinesM: +(indexed.reduce((n, m) => n + (m.lines ?? 0), 0) / 1e6).toFixed(1), listMB: +listMB.toFixed(1), keptMiB: +(budget.used / MiB).toFixed(1), indexMiB: +((entry?.store?.indexBytes ?? 0) / MiB).toFixed(2) });

  const kept = asBlocks.filter((m) => m.lines !== null).sort((a, b) => (b.lines ?? 0) - (a.lines ?? 0));
  const big = kept[0];
  if (!big?.lines) throw new Error('no member kept');
  phases.start('20-opens');
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const from = 1 + Math.floor(Math.random() * Math.max(1, big.lines - 240));
    t = performance.now();
    const got = await dispatch(table, 'member:lines', { member: big.id, from, count: 240 });
    times.push(performance.now() - t);
    if (!got.ok || got.value.lines.length === 0) throw new Error('no lines');
  }
  times.sort((a, b) => a - b);
  await phases.end({ member: big.name, lines: big.lines, medianMs: +(times[10] ?? 0).toFixed(1), maxMs: +(times[19] ?? 0).toFixed(1) });

  // The third finds nothing: it reads every text member whole, the members not kept in a pass over the whole archive.
  const held = new Set(kept.map((m) => m.id));
  // Members past the budget (not kept before issue 18's index): the first open of each, then later opens at random lines.
  phases.start('indexed-opens');
  const opened: Array<Record<string, unknown>> = [];
  for (const m of [indexed[0], indexed.find((x) => x.name.endsWith('.gz'))]) {
    if (!m?.lines) continue;
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      const from = 1 + Math.floor(Math.random() * Math.max(1, m.lines - 240));
      t = performance.now();
      const got = await dispatch(table, 'member:lines', { member: m.id, from, count: 240 });
      times.push(performance.now() - t);
      if (!got.ok || got.value.lines.length === 0) throw new Error(`no lines of ${m.name}${got.ok ? '' : `: ${got.error.message.en}`}`);
    }
    const later = times.slice(1).sort((a, b) => a - b);
    opened.push({ member: m.name, lines: m.lines, firstMs: +(times[0] ?? 0).toFixed(1), laterMedianMs: +(later[10] ?? 0).toFixed(1), laterMaxMs: +(later[19] ?? 0).toFixed(1) });
  }
  await phases.end({ opened });

  for (const [name, pattern, regex] of [['search-literal', 'error', false], ['search-regex', 'fail(ed|ure)', true], ['search-nothing', 'no such line, xyzzy', false]] as const) {
    phases.start(name);
    t = performance.now();
    const started = await dispatch(table, 'search:start', { archives: [id], pattern, regex, ignoreCase: true, context: 2 });
    if (!started.ok) throw new Error(started.error.message.en);
    let from = 0;
    let hits = 0;
    let truncated = false;
    let notHeld = 0;
    let notSearched = 0;
    // When the pass over the members not held starts: the time, and the peak so far (the search of the members held).
    let rest: { ms: number; heldVmHwmMiB: number } | null = null;
    for (;;) {
      const page = await dispatch(table, 'search:results', { search: started.value, from });
      if (!page.ok) throw new Error(page.error.message.en);
      hits += page.value.hits.length;
      notHeld += page.value.hits.filter((h) => !held.has(h.member)).length;
      from = page.value.next;
      truncated = page.value.truncated;
      notSearched = page.value.notSearched;
      if (!rest && page.value.rest) rest = { ms: ms(t), heldVmHwmMiB: vmHwm() };
      if (page.value.done) break;
      await new Promise((r) => setTimeout(r, page.value.hits.length ? 0 : 150));
    }
    await phases.end({ ms: ms(t), pattern, hits, notHeld, truncated, notSearched, restFromMs: rest?.ms ?? null, heldVmHwmMiB: rest?.heldVmHwmMiB ?? null });
  }

  phases.start('last-lines');
  t = performance.now();
  const last = await dispatch(table, 'member:lines', { member: big.id, from: Math.max(1, big.lines - 239), count: 240 });
  if (!last.ok || last.value.lines.length === 0) throw new Error('no last lines');
  await phases.end({ ms: ms(t), member: big.name, from: big.lines - 239 });

  // Around a time in the middle of lifekeeper.log (or the largest log), ±5 minutes, as "around this" asks.
  const lk = kept.find((m) => m.input === 'lifekeeper-log') ?? big;
  const middle = await dispatch(table, 'member:lines', { member: lk.id, from: Math.max(1, Math.floor((lk.lines ?? 0) / 2)), count: 50 });
  const at = middle.ok ? middle.value.lines.find((l) => l.time)?.time : undefined;
  phases.start('all-logs-by-time');
  t = performance.now();
  if (!at) throw new Error(`no timed line in ${lk.name}`);
  const around = (minutes: number): string => new Date(Date.parse(`${at.slice(0, 19)}Z`) + minutes * 60_000).toISOString().slice(0, 19);
  const merged = await dispatch(table, 'logs:merged', { sources: [{ archive: id, node: 'bench', offsetMs: 0 }], from: around(-5), to: around(5), problemsOnly: false, component: null });
  if (!merged.ok) throw new Error(merged.error.message.en);
  await phases.end({ ms: ms(t), at, lines: merged.value.lines.length, more: merged.value.more });
  phases.stop();
  process.stdout.write(`${JSON.stringify({ phase: 'whole run', vmHwmMiB: phases.highest })}\n`);
}

const args = process.argv.slice(2);
if (args[0] === '--app') {
  await app(args[1] || QUICK);
  process.exit(0);
}
if (args[0] === '--one') {
  process.stdout.write(`${JSON.stringify(await one(args[2] || QUICK, args[1] === 'keep'))}\n`);
  process.exit(0);
}
const file = args[0] || QUICK;
const pairs = Number(args[1] ?? 3);
const self = fileURLToPath(import.meta.url);
for (let i = 0; i < pairs; i++) {
  for (const mode of i % 2 ? ['nokeep', 'keep'] : ['keep', 'nokeep']) {
    process.stdout.write(execFileSync(process.execPath, [self, '--one', mode, file], { encoding: 'utf8' }));
  }
}
