// Folds classified events into groups as lines stream past, so that a log of
// a million lines keeps only its events, and a storm of one event keeps one
// entry with a count, its first evidence lines and its last.
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

export class EventGrouper {
  private readonly events: Grouped[] = [];
  /** The open group of each key, per member (lines of one member arrive in time order). */
  private readonly open = new Map<string, Grouped>();
  dropped = 0;

  /** The sortKey of the last timed line of each member, to keep untimed lines in their place. */
  private readonly lastTimed = new Map<string, number>();

  /** Where an untimed line of this member stands: after the last timed line seen in it. */
  placeOf(path: string): number {
    return this.lastTimed.get(path) ?? 0;
  }

  add(c: Classified, o: Occurrence): void {
    if (o.time !== null) this.lastTimed.set(o.evidence.path, o.sortKey);
    // An untimed line cannot be grouped by time with its neighbours: it stands alone.
    const key = c.groupKey === null || o.time === null ? null : `${o.evidence.path}\u0000${c.groupKey}`;
    if (key !== null) {
      const g = this.open.get(key);
      if (g && o.sortKey >= g.lastSortKey && o.sortKey - g.lastSortKey <= c.gapMs) {
        extend(g, { sortKey: o.sortKey, time: o.time, lastSortKey: o.sortKey, lastTime: o.time, count: 1 }, [o.evidence]);
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
      time: o.time, offset: o.offset, sortKey: o.sortKey, lastTime: null, lastSortKey: o.sortKey, count: 1, evidence: [o.evidence],
    };
    this.events.push(g);
    if (key !== null) this.open.set(key, g);
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
