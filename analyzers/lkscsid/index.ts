// Fact: every lkscsid start (message 007046 with its pid), classified as part
// of a LifeKeeper startup or as a restart outside any startup, with the core
// files of lkscsid linked to the restart they explain.
import { defineAnalyzer, notChecked } from '../core/analyzer.js';
import type { Evidence } from '../core/findings.js';
import { text } from '../core/text.js';
import { classifyStarts, corePid, lkscsidPid } from './classify.js';

export interface LkscsidStart {
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
  starts: LkscsidStart[];
  restarts: LkscsidStart[];
  startups: Array<{ time: string; evidence: Evidence }>;
  cores: Array<{ path: string; bytes: number; pid: number | null; evidence: Evidence }>;
}

interface Seen {
  starts: Array<Omit<LkscsidStart, 'previousPid' | 'duringStartup' | 'coreFile'>>;
  markers: Array<{ sortKey: number; time: string; msgid: string; evidence: Evidence }>;
}

export default defineAnalyzer<Seen, LkscsidFact>({
  meta: {
    id: 'lkscsid',
    kind: 'fact',
    provides: 'lkscsid',
    title: { en: 'lkscsid starts and restarts', ja: 'lkscsid の起動と再起動' },
    inputs: ['lifekeeper-log', 'core-file'],
    version: '1',
  },
  watch: {
    inputs: ['lifekeeper-log'],
    keywords: ['007046', '010021', '010462'],
    init: () => ({ starts: [], markers: [] }),
    onLine(seen, line, ctx) {
      const l = ctx.parse(line);
      if (!l?.lk) return;
      const evidence = { path: line.member.path, line: line.line, text: line.text };
      if (l.lk.msgid === '007046') {
        seen.starts.push({ time: l.time.local, offset: l.time.offset, sortKey: l.time.sortKey, pid: lkscsidPid(l.lk.text, l.pid), evidence });
      } else if (l.lk.msgid === '010021' || l.lk.msgid === '010462') {
        seen.markers.push({ sortKey: l.time.sortKey, time: l.time.local, msgid: l.lk.msgid, evidence });
      }
    },
  },
  run(ctx) {
    const cores = ctx.listed('core-file')
      .filter((c) => /lkscsid/i.test(c.path))
      .map((c) => ({ path: c.path, bytes: c.size, pid: corePid(c.path), evidence: { path: c.path, line: 0, text: `core file, ${c.size} bytes` } }));
    if (ctx.streamed('lifekeeper-log').length === 0) {
      return notChecked(text('no lifekeeper.log in the archive', 'アーカイブに lifekeeper.log がありません'));
    }
    const { starts, markers } = ctx.watched;
    const starts2 = classifyStarts(starts, markers).map(({ start, duringStartup, previousPid }) => ({
      ...start,
      previousPid,
      duringStartup,
      coreFile: !duringStartup && previousPid !== null ? (cores.find((c) => c.pid === previousPid)?.path ?? null) : null,
    }));
    return {
      starts: starts2,
      restarts: starts2.filter((s) => !s.duringStartup),
      startups: markers.filter((m) => m.msgid === '010021').sort((a, b) => a.sortKey - b.sortKey).map(({ time, evidence }) => ({ time, evidence })),
      cores,
    };
  },
});
