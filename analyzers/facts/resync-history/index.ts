// Fact: every DataKeeper resync in all lifekeeper.log files (rotated ones
// too), oldest first: partial resyncs (104009) with their size in bytes, and
// full resyncs, pauses, resumes and forced mirrors where the log shows them.
import { evidenceOf } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import { HeadTail } from '../../engine/run/bounded.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { text } from '../../engine/plugin/text.js';
import type { Document } from '../../engine/plugin/analyzer.js';
import type { MemberRef, SourceLine } from '../../engine/lines/lines.js';
import type { ResyncEvent } from './parse.js';
import { parseResyncLine, unreadableSize } from './parse.js';

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
/** Lines with an unreadable size remembered per member, to be counted as unread; their text only for the first few, which the report shows. */
const UNREAD_LINES_KEPT = 50_000;
const UNREAD_TEXTS_KEPT = 5;

/** Lines of one log whose resync size could not be read. */
interface UnreadableLines {
  member: MemberRef;
  /** 0-based line indexes. */
  lines: number[];
  texts: Map<number, string>;
  /** Past UNREAD_LINES_KEPT: counted only. */
  more: number;
}

interface State {
  resyncs: HeadTail<Resync>;
  unreadable: Map<string, UnreadableLines>;
}

function noteUnreadable(state: State, line: SourceLine): void {
  let u = state.unreadable.get(line.member.path);
  if (!u) {
    u = { member: line.member, lines: [], texts: new Map(), more: 0 };
    state.unreadable.set(line.member.path, u);
  }
  if (u.lines.length >= UNREAD_LINES_KEPT) {
    u.more++;
    return;
  }
  u.lines.push(line.line - 1);
  if (u.texts.size < UNREAD_TEXTS_KEPT) u.texts.set(line.line - 1, line.text);
}

/**
 * The unreadable lines of one log as the engine's unread accounting takes
 * them: a document whose lines are the log's, of which only those it shows
 * are held (a sparse array: a log is never held whole).
 */
function asDocument(u: UnreadableLines): Document {
  const lines: string[] = [];
  for (const [i, t] of u.texts) lines[i] = t;
  lines.length = Math.max(lines.length, (u.lines[u.lines.length - 1] ?? -1) + 1);
  return { path: u.member.path, input: u.member.input, lines, truncated: false, mtime: u.member.mtime };
}

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
    init: (): State => ({ resyncs: new HeadTail<Resync>(KEPT_FIRST, KEPT_LAST), unreadable: new Map() }),
    onLine(state, line, ctx) {
      const l = ctx.parse(line);
      const r = l && parseResyncLine(l);
      if (!r) return;
      // A size that cannot be read (10^400 TB, negative) is no number: bytes stay null and the line is counted as unread.
      if (unreadableSize(r)) noteUnreadable(state, line);
      // The history is an order in time: a line quoted without its syslog header has no place in it.
      if (!l.time) return;
      const evidence = evidenceOf(line);
      // Spelt out for partial resyncs, the frequent kind (a spread and three more keys was a slow path, per line),
      // in the key order the spread gives and the report shows.
      state.resyncs.push(r.kind === 'partial'
        ? { kind: r.kind, action: r.action, tag: r.tag, device: r.device, size: r.size, bytes: r.bytes, time: l.time.local, offset: l.time.offset, sortKey: l.time.sortKey, evidence }
        : { ...r, time: l.time.local, offset: l.time.offset, sortKey: l.time.sortKey, evidence });
    },
  },
  run(ctx) {
    if (ctx.streamed('lifekeeper-log').length === 0) {
      return notChecked(text('no lifekeeper.log in the archive', 'アーカイブに lifekeeper.log がありません'));
    }
    const { resyncs, unreadable } = ctx.watched;
    for (const u of unreadable.values()) ctx.unread(asDocument(u), u.lines);
    const beyond = [...unreadable.values()].reduce((n, u) => n + u.more, 0);
    if (beyond > 0) {
      ctx.note(text(
        `${beyond} more lines with a resync size that could not be read were not counted as unread, past ${UNREAD_LINES_KEPT} per log`,
        `サイズを読み取れない再同期の行のうち、ログごとに ${UNREAD_LINES_KEPT} 行を超える ${beyond} 行は未読として数えていません`,
      ));
    }
    const dropped = resyncs.dropped;
    if (dropped > 0) {
      ctx.note(text(
        `${resyncs.total} resyncs in the logs: kept the first ${KEPT_FIRST} and the last ${KEPT_LAST} read, counted the other ${dropped}`,
        `ログに再同期が ${resyncs.total} 件あります。読み込み順で最初の ${KEPT_FIRST} 件と最後の ${KEPT_LAST} 件を保持し、残り ${dropped} 件は件数のみ数えました`,
      ));
    }
    return resyncs.items().sort((a, b) => a.sortKey - b.sortKey || a.evidence.path.localeCompare(b.evidence.path) || a.evidence.line - b.evidence.line);
  },
});
