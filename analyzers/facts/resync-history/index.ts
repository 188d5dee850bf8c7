// Fact: every DataKeeper resync in all lifekeeper.log files (rotated ones
// too), oldest first: partial resyncs (104009) with their size in bytes, and
// full resyncs, pauses, resumes and forced mirrors where the log shows them.
import { evidenceOf } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import { HeadTail } from '../../engine/run/bounded.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { text } from '../../engine/plugin/text.js';
import type { ResyncEvent } from './parse.js';
import { parseResyncLine } from './parse.js';

export interface Resync extends ResyncEvent {
  /** Local wall-clock time as logged (ISO 8601, no zone). */
  time: string;
  offset: string | null;
  sortKey: number;
  evidence: Evidence;
}

/** Resyncs kept from the start of the logs and from their end; the ones between are counted. */
const KEPT_FIRST = 2000;
const KEPT_LAST = 2000;

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'resync-history': Resync[];
  }
}

export default defineAnalyzer({
  meta: {
    id: 'resync-history',
    kind: 'fact',
    title: { en: 'DataKeeper resync history', ja: 'DataKeeper 再同期履歴' },
    inputs: ['lifekeeper-log'],
    version: '1',
  },
  watch: {
    inputs: ['lifekeeper-log'],
    // DataKeeper lines are "<SEVERITY>:dr:<action>:...". The six severities
    // are all LifeKeeper writes (formats.md, JP-KB 900000881683); naming them
    // instead of ":dr:" alone keeps every keyword of lifekeeper.log at 6 bytes
    // or more, which is what lets the byte search skip ahead (engine/lines/lines.ts).
    keywords: ['104009', ...['EMERG', 'FATAL', 'NOTIFY', 'ERROR', 'WARN', 'INFO'].map((severity) => `${severity}:dr:`)],
    init: () => new HeadTail<Resync>(KEPT_FIRST, KEPT_LAST),
    onLine(resyncs, line, ctx) {
      const l = ctx.parse(line);
      const r = l && parseResyncLine(l);
      // The history is an order in time: a line quoted without its syslog header has no place in it.
      if (!l?.time || !r) return;
      resyncs.push({ ...r, time: l.time.local, offset: l.time.offset, sortKey: l.time.sortKey, evidence: evidenceOf(line) });
    },
  },
  run(ctx) {
    if (ctx.streamed('lifekeeper-log').length === 0) {
      return notChecked(text('no lifekeeper.log in the archive', 'アーカイブに lifekeeper.log がありません'));
    }
    const dropped = ctx.watched.dropped;
    if (dropped > 0) {
      ctx.note(text(
        `${ctx.watched.total} resyncs in the logs: kept the first ${KEPT_FIRST} and the last ${KEPT_LAST} read, counted the other ${dropped}`,
        `ログに再同期が ${ctx.watched.total} 件あります。読み込み順で最初の ${KEPT_FIRST} 件と最後の ${KEPT_LAST} 件を保持し、残り ${dropped} 件は件数のみ数えました`,
      ));
    }
    return ctx.watched.items().sort((a, b) => a.sortKey - b.sortKey || a.evidence.path.localeCompare(b.evidence.path) || a.evidence.line - b.evidence.line);
  },
});
