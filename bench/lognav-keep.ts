// What keeping the log view's blocks in the app's analysis pass costs, and how
// fast a member opens right after the report (issue 18): not part of `npm run
// bench` (which times the CLI, which keeps nothing). Run after `tsc -b`:
//   node dist/bench/lognav-keep.js [ARCHIVE] [PAIRS]
// Each analysis runs in a fresh process (`--one keep|nokeep`), keeping and not
// keeping alternated, through the host's Session as the app and serve run it
// (in a worker); the keeping runs then open 240 lines at 20 random lines of
// the largest kept member through the host's channels.
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { channelTable, dispatch } from '../app/host/channels.js';
import { Session } from '../app/host/session.js';

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
  return { keep, analysisMs, cpuS: +((cpu.user + cpu.system) / 1e6).toFixed(1), peakRssMiB: Math.round(peak / 2 ** 20), keptMiB: +(budget.used / 2 ** 20).toFixed(1), openMedianMs, openMaxMs };
}

const args = process.argv.slice(2);
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
