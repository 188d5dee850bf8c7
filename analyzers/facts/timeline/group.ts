// Folds classified events into groups as lines stream past, so that a log of
// a million lines keeps only its events, and a storm of one event keeps one
// entry with a count, its first evidence lines and its last.
import type { SourceLine } from '../../engine/lines/lines.js';
import { evidenceOf } from '../../engine/lines/lines.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import type { Text } from '../../engine/plugin/text.js';
import type { Classified } from './classify.js';

export const EVIDENCE_PER_EVENT = 4;
/** Past this many kept events, further ones are counted, not kept. */
export const MAX_EVENTS = 20_000;

export interface Grouped extends Omit<Classified, 'groupKey' | 'gapMs' | 'describe'> {
  title: Text;
  /** Null for a line quoted without its syslog header: its sortKey then only keeps it in place (see Occurrence). */
  time: string | null;
  offset: string | null;
  sortKey: number;
  lastTime: string | null;
  lastSortKey: number;
  count: number;
  evidence: Evidence[];
  groupKey: string | null;
  gapMs: number;
}

export interface Occurrence {
  /** Null for a LifeKeeper line without its syslog header (formats.md §2.14): an event without a time. */
  time: string | null;
  offset: string | null;
  /** For an untimed line, the sortKey of the last timed line before it in its member (0 when none): it orders, it does not date. */
  sortKey: number;
  evidence: Evidence;
}

function addEvidence(g: Grouped, e: Evidence): void {
  if (g.evidence.length < EVIDENCE_PER_EVENT - 1) g.evidence.push(e);
  else g.evidence[EVIDENCE_PER_EVENT - 1] = e;
}

function extend(g: Grouped, o: Pick<Grouped, 'sortKey' | 'time' | 'lastSortKey' | 'lastTime' | 'count'>, e: Evidence[]): void {
  g.count += o.count;
  if (o.lastSortKey >= g.lastSortKey) {
    g.lastSortKey = o.lastSortKey;
    g.lastTime = o.lastTime ?? o.time;
  }
  for (const x of e) addEvidence(g, x);
}

/** What the grouper follows in one member: lines of one member arrive in time order. */
interface MemberState {
  /** The open group of each key. */
  open: Map<string, Grouped>;
  /** The sortKey of the last timed line, to keep untimed lines in their place. */
  lastTimed: number | undefined;
}

export class EventGrouper {
  private readonly events: Grouped[] = [];
  /**
   * Each member's state, and the last one asked for: a storm's lines come
   * from one member in a row. (One map keyed by path and group key, as this
   * was, joined and hashed a string of the path for every line.)
   */
  private readonly members = new Map<string, MemberState>();
  private lastPath: string | null = null;
  private lastMember: MemberState | null = null;
  dropped = 0;

  private member(path: string): MemberState {
    if (path === this.lastPath && this.lastMember) return this.lastMember;
    let m = this.members.get(path);
    if (!m) {
      m = { open: new Map(), lastTimed: undefined };
      this.members.set(path, m);
    }
    this.lastPath = path;
    this.lastMember = m;
    return m;
  }

  /** Where an untimed line of this member stands: after the last timed line seen in it. */
  placeOf(path: string): number {
    return this.member(path).lastTimed ?? 0;
  }

  add(c: Classified, o: Occurrence): void {
    this.addLine(c, o.evidence.path, o.time, o.offset, o.sortKey, o.evidence, null);
  }

  /**
   * add() for a line as it streams past: its evidence is made only when the
   * line is kept (a new event, or one of an event's evidence lines), and no
   * occurrence object is made for the line that joins an open group.
   */
  addLine(c: Classified, path: string, time: string | null, offset: string | null, sortKey: number, evidence: Evidence | null, line: SourceLine | null): void {
    const m = this.member(path);
    if (time !== null) m.lastTimed = sortKey;
    // An untimed line cannot be grouped by time with its neighbours: it stands alone.
    const key = c.groupKey === null || time === null ? null : c.groupKey;
    if (key !== null) {
      const g = m.open.get(key);
      if (g && sortKey >= g.lastSortKey && sortKey - g.lastSortKey <= c.gapMs) {
        // extend() with one occurrence of one line.
        g.count++;
        g.lastSortKey = sortKey;
        g.lastTime = time;
        addEvidence(g, evidence ?? evidenceOf(line as SourceLine));
        return;
      }
    }
    if (this.events.length >= MAX_EVENTS) {
      this.dropped++;
      return;
    }
    const g: Grouped = {
      // In the report's key order (tag, msgid, kind, severity, component, title, time ...).
      tag: c.tag, msgid: c.msgid, kind: c.kind, severity: c.severity, component: c.component, title: c.describe(), groupKey: c.groupKey, gapMs: c.gapMs,
      time, offset, sortKey, lastTime: null, lastSortKey: sortKey, count: 1, evidence: [evidence ?? evidenceOf(line as SourceLine)],
    };
    this.events.push(g);
    if (key !== null) m.open.set(key, g);
  }

  /** Sorted by time, with groups split across rotated files joined again. */
  result(): Grouped[] {
    const sorted = [...this.events].sort((a, b) => a.sortKey - b.sortKey);
    const out: Grouped[] = [];
    const lastOfKey = new Map<string, Grouped>();
    for (const g of sorted) {
      const prev = g.groupKey === null || g.time === null ? undefined : lastOfKey.get(g.groupKey);
      if (prev && g.sortKey - prev.lastSortKey <= g.gapMs) {
        extend(prev, g, g.evidence);
        continue;
      }
      out.push(g);
      if (g.groupKey !== null && g.time !== null) lastOfKey.set(g.groupKey, g);
    }
    return out;
  }
}
