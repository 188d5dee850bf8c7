// Fact: every lkscsid start (message 007046 with its pid), classified as part
// of a LifeKeeper startup or as a restart outside any startup, with the core
// files of lkscsid linked to the restart they explain.
import { evidenceOf } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import { HeadTail } from '../../engine/run/bounded.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { text } from '../../engine/plugin/text.js';
import { formatBytes } from '../../engine/report/units.js';
import { classifyStarts, corePid, lkscsidPid } from './classify.js';

export interface LkscsidStart {
  /** `007046`: a start message; `pid-change`: the first line of a new lkscsid pid with no start message of its own. */
  seenBy: '007046' | 'pid-change';
  time: string;
  offset: string | null;
  sortKey: number;
  pid: number | null;
  previousPid: number | null;
  duringStartup: boolean;
  /** A core file of the previous lkscsid process, when the archive has one. */
  coreFile: string | null;
  evidence: Evidence;
}

export interface LkscsidFact {
  /** Every start; the restarts are those not `duringStartup` (restartsOf): the report holds each start once. */
  starts: LkscsidStart[];
  /** Starts (007046) in the logs past the bound that are not among `starts`: counted, not classified. */
  notKept: number;
  startups: Array<{ time: string; evidence: Evidence }>;
  cores: Array<{ path: string; bytes: number; pid: number | null; evidence: Evidence }>;
}

/**
 * The restarts outside any LifeKeeper startup, in time order. The report used
 * to carry them a second time beside `starts` (report@2's `restarts`): on a
 * log where lkscsid restarts in a loop that copy was half the document.
 */
export function restartsOf(fact: Pick<LkscsidFact, 'starts'> | undefined): LkscsidStart[] {
  return (fact?.starts ?? []).filter((s) => !s.duringStartup);
}

type Sighting = Omit<LkscsidStart, 'previousPid' | 'duringStartup' | 'coreFile'>;

/**
 * Bounds, so that a log where lkscsid restarts in a loop stays a small fact:
 * the first and last starts and startup markers are kept, the ones between
 * counted, and pids past the bound are not followed (the report says so).
 */
const KEPT_FIRST = 2000;
const KEPT_LAST = 2000;
const MAX_PIDS = 4000;

interface Seen {
  starts: HeadTail<Sighting>;
  /** First line of each lkscsid pid, to see pid changes whose start message is not in the logs. */
  firstByPid: Map<number, Sighting>;
  pidsNotFollowed: number;
  markers: HeadTail<{ sortKey: number; time: string; msgid: string; evidence: Evidence }>;
}

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'lkscsid': LkscsidFact;
  }
}

export default defineAnalyzer<'lkscsid', Seen>({
  meta: {
    id: 'lkscsid',
    kind: 'fact',
    title: { en: 'lkscsid starts and restarts', ja: 'lkscsid の起動と再起動' },
    inputs: ['lifekeeper-log', 'core-file'],
    version: '3',
  },
  watch: {
    inputs: ['lifekeeper-log'],
    keywords: ['007046', '010021', '010462', 'lkscsid['],
    init: () => ({ starts: new HeadTail(KEPT_FIRST, KEPT_LAST), markers: new HeadTail(KEPT_FIRST, KEPT_LAST), firstByPid: new Map(), pidsNotFollowed: 0 }),
    onLine(seen, line, ctx) {
      const l = ctx.parse(line);
      // Restarts are told apart by time: a line quoted without its syslog header cannot place one.
      if (!l?.lk || !l.time) return;
      // The objects spelt out, each in the key order a spread of { time, offset, sortKey, evidence } gave (the
      // report's), and the evidence made once and only for a line kept: spreads were a slow path, per line.
      const { local: time, offset, sortKey } = l.time;
      let evidence: Evidence | null = null;
      if (l.program === 'lkscsid' && l.pid !== null) {
        const first = seen.firstByPid.get(l.pid);
        if (!first && seen.firstByPid.size >= MAX_PIDS) seen.pidsNotFollowed++;
        else if (!first || sortKey < first.sortKey) {
          evidence = evidenceOf(line);
          seen.firstByPid.set(l.pid, { time, offset, sortKey, evidence, seenBy: 'pid-change', pid: l.pid });
        }
      }
      if (l.lk.msgid === '007046') {
        seen.starts.push({ time, offset, sortKey, evidence: evidence ?? evidenceOf(line), seenBy: '007046', pid: lkscsidPid(l.lk.text, l.pid) });
      } else if (l.lk.msgid === '010021' || l.lk.msgid === '010462') {
        seen.markers.push({ sortKey, time, msgid: l.lk.msgid, evidence: evidence ?? evidenceOf(line) });
      }
    },
  },
  run(ctx) {
    const cores = ctx.listed('core-file')
      .filter((c) => /lkscsid/i.test(c.path))
      .map((c) => ({ path: c.path, bytes: c.size, pid: corePid(c.path), evidence: { path: c.path, line: 0, text: `(${formatBytes(c.size)})` } }));
    if (ctx.streamed('lifekeeper-log').length === 0) {
      return notChecked(text('no lifekeeper.log in the archive', 'アーカイブに lifekeeper.log がありません'));
    }
    const { firstByPid, pidsNotFollowed } = ctx.watched;
    const starts = ctx.watched.starts.items();
    const markers = ctx.watched.markers.items();
    const dropped = ctx.watched.starts.dropped + ctx.watched.markers.dropped;
    if (dropped > 0 || pidsNotFollowed > 0) {
      ctx.note(text(
        `${ctx.watched.starts.total} lkscsid starts and ${ctx.watched.markers.total} LifeKeeper startups in the logs: kept the first and last ${KEPT_FIRST} of each` +
          (pidsNotFollowed > 0 ? `; ${pidsNotFollowed} lines of lkscsid pids beyond the first ${MAX_PIDS} were not followed` : ''),
        `ログに lkscsid の起動が ${ctx.watched.starts.total} 件、LifeKeeper の起動が ${ctx.watched.markers.total} 件あります。それぞれ最初と最後の ${KEPT_FIRST} 件を保持しました` +
          (pidsNotFollowed > 0 ? `。最初の ${MAX_PIDS} 個より後の lkscsid の PID の行 (${pidsNotFollowed} 行) は追跡していません` : ''),
      ));
    }
    // A pid with no start message of its own is a start too, unless it is the first pid of the history
    // (the logs may begin while that lkscsid was already running).
    const started = new Set(starts.map((s) => s.pid));
    const firsts = [...firstByPid.values()].sort((a, b) => a.sortKey - b.sortKey);
    const earliest = starts.reduce((min, s) => Math.min(min, s.sortKey), Number.POSITIVE_INFINITY);
    const pidChanges = firsts.filter((f, i) => !started.has(f.pid) && !(i === 0 && f.sortKey <= earliest));
    // The pid before a start: the last lkscsid pid seen before it, started or already running.
    const sightings = [...starts, ...firsts].sort((a, b) => a.sortKey - b.sortKey);
    // One pass over sightings in time order: for each, the last other pid seen strictly before it.
    const before = new Map<object, number | null>();
    let lastPid: number | null = null;
    let prevDistinct: number | null = null;
    for (let i = 0; i < sightings.length; ) {
      let j = i;
      while (j < sightings.length && sightings[j]?.sortKey === sightings[i]?.sortKey) j++;
      const group = sightings.slice(i, j);
      for (const x of group) before.set(x, lastPid !== x.pid ? lastPid : prevDistinct);
      for (const y of group) {
        if (y.pid !== lastPid) {
          prevDistinct = lastPid;
          lastPid = y.pid;
        }
      }
      i = j;
    }
    const pidBefore = (x: { sortKey: number; pid: number | null }): number | null => before.get(x) ?? null;
    const starts2 = classifyStarts([...starts, ...pidChanges], markers).map(({ start, duringStartup }) => ({
      ...start,
      previousPid: pidBefore(start),
      duringStartup,
      coreFile: duringStartup ? null : (cores.find((c) => c.pid !== null && c.pid === pidBefore(start))?.path ?? null),
    }));
    return {
      starts: starts2,
      // Dropped 007046 lines whose pid was still followed come back as pid changes: only the rest are unknown.
      notKept: Math.max(0, ctx.watched.starts.total - starts2.length),
      startups: markers.filter((m) => m.msgid === '010021').sort((a, b) => a.sortKey - b.sortKey).map(({ time, evidence }) => ({ time, evidence })),
      cores,
    };
  },
});
