// Folds LifeKeeper's EMERG, FATAL, ERROR and WARN lines into one entry per
// message id: how often, the first and last time, the earliest line as it is.
// Bounded: past `maxIds` distinct ids the rest are counted, not kept.
import type { Evidence } from '../../engine/plugin/findings.js';
import type { LogLine, LogTime } from '../../engine/lines/syslog.js';
import { parseAnyLogLine } from '../../engine/lines/syslog.js';
import type { SourceLine } from '../../engine/lines/lines.js';
import { evidenceOf } from '../../engine/lines/lines.js';

/** The severities listed: the ones KB 900000881683 says affect LifeKeeper (EMERG, FATAL), a resource (ERROR), or call for caution (WARN). */
export type ListedSeverity = 'EMERG' | 'FATAL' | 'ERROR' | 'WARN';
export const LISTED_SEVERITIES: readonly ListedSeverity[] = ['EMERG', 'FATAL', 'ERROR', 'WARN'];

/** Byte keywords: a line without one of them is never decoded. */
export const MESSAGE_KEYWORDS = ['EMERG', 'FATAL', 'ERROR', 'WARN'];

export interface LoggedMessage {
  msgid: string;
  /** The most severe level the id was logged at. */
  severity: ListedSeverity;
  /** The component field of the earliest line as logged (`lcd.mes`, `dr`, `qsp`), '' when the line has none. */
  loggedComponent: string;
  count: number;
  /** Local wall-clock times as logged of the earliest and latest timed lines; null when no line had a time. */
  first: string | null;
  last: string | null;
  /** The earliest line (the first one read when none has a time). */
  evidence: Evidence;
}

export interface Seen {
  severity: ListedSeverity;
  msgid: string;
  component: string;
}

/**
 * `ERROR 104052: text`: how SIOS's known-issues page prints a DataKeeper
 * message, severity and id without the colon-separated payload of §2.1.
 */
const BARE = /\b(EMERG|FATAL|ERROR|WARN) (\d{6}): /;

export const isListed = (s: string): s is ListedSeverity => (LISTED_SEVERITIES as readonly string[]).includes(s);

/** The listed message a parsed line carries, in either shape, or null. */
export function messageOf(l: LogLine | null, raw: string): Seen | null {
  if (l?.lk) return isListed(l.lk.severity) ? { severity: l.lk.severity, msgid: l.lk.msgid, component: l.lk.component } : null;
  const bare = BARE.exec(l ? l.message : raw);
  if (!bare) return null;
  const [, severity = '', msgid = ''] = bare;
  return isListed(severity) ? { severity, msgid, component: '' } : null;
}

/** The message id a line of evidence cites (any shape, any severity: a finding may quote an INFO line of an id logged as ERROR elsewhere). */
export function msgidOf(evidenceText: string): string | null {
  const l = parseAnyLogLine(evidenceText, EPOCH);
  if (l?.lk) return l.lk.msgid;
  return BARE.exec(l ? l.message : evidenceText)?.[2] ?? null;
}

/** Only the payload of an evidence line is read: any reference year will do. */
const EPOCH = new Date(0);

function evidenceFrom(make: (() => Evidence) | null, line: SourceLine | null): Evidence {
  return make ? make() : evidenceOf(line as SourceLine);
}

const RANK: Record<ListedSeverity, number> = { EMERG: 0, FATAL: 1, ERROR: 2, WARN: 3 };

interface Slot {
  message: LoggedMessage;
  firstKey: number | null;
  lastKey: number | null;
}

export class MessageCollector {
  private readonly slots = new Map<string, Slot>();
  /** Lines of ids past the bound, and those ids (a bit each: ids are six digits, so 125 KB hold them all). */
  overflowLines = 0;
  private overflowIds: Uint8Array | null = null;
  private overflowIdCount = 0;

  constructor(private readonly maxIds: number) {}

  add(seen: Seen, time: LogTime | null, evidence: () => Evidence): void {
    this.addMessage(seen.severity, seen.msgid, seen.component, time, evidence, null);
  }

  /**
   * add() of a streamed line's payload: no Seen object and no closure per
   * line (an event-heavy log's ERROR lines are a ninth of it), the evidence
   * made from the line when it is kept.
   */
  addLine(severity: ListedSeverity, msgid: string, component: string, time: LogTime | null, line: SourceLine): void {
    this.addMessage(severity, msgid, component, time, null, line);
  }

  private addMessage(severity: ListedSeverity, msgid: string, component: string, time: LogTime | null, make: (() => Evidence) | null, line: SourceLine | null): void {
    const slot = this.slots.get(msgid);
    if (!slot) {
      if (this.slots.size >= this.maxIds) return this.overflow(msgid);
      const key = time?.sortKey ?? null;
      this.slots.set(msgid, {
        message: { msgid, severity, loggedComponent: component, count: 1, first: time?.local ?? null, last: time?.local ?? null, evidence: evidenceFrom(make, line) },
        firstKey: key,
        lastKey: key,
      });
      return;
    }
    const m = slot.message;
    m.count++;
    if (RANK[severity] < RANK[m.severity]) m.severity = severity;
    if (!time) return;
    // Rotated logs are read in archive order, not time order: the earliest line is found by time.
    if (slot.firstKey === null || time.sortKey < slot.firstKey) {
      slot.firstKey = time.sortKey;
      m.first = time.local;
      m.evidence = evidenceFrom(make, line);
      m.loggedComponent = component;
    }
    if (slot.lastKey === null || time.sortKey > slot.lastKey) {
      slot.lastKey = time.sortKey;
      m.last = time.local;
    }
  }

  private overflow(msgid: string): void {
    this.overflowLines++;
    const n = Number(msgid);
    this.overflowIds ??= new Uint8Array(125_000);
    const bit = 1 << (n & 7);
    const byte = n >> 3;
    if (((this.overflowIds[byte] ?? 0) & bit) === 0) {
      this.overflowIds[byte] = (this.overflowIds[byte] ?? 0) | bit;
      this.overflowIdCount++;
    }
  }

  get overflowIdsSeen(): number {
    return this.overflowIdCount;
  }

  /** The entries, most severe first, then by first time (untimed last), then by id. */
  result(): LoggedMessage[] {
    return [...this.slots.values()]
      .sort((a, b) => RANK[a.message.severity] - RANK[b.message.severity]
        || (a.firstKey ?? Number.POSITIVE_INFINITY) - (b.firstKey ?? Number.POSITIVE_INFINITY)
        || a.message.msgid.localeCompare(b.message.msgid))
      .map((s) => s.message);
  }
}
