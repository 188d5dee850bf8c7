// Findings new, resolved and still there between two archives of a node, and
// the events the later archive logged between the two collections.
import type { Finding } from '../plugin/findings.js';
import type { Text } from '../plugin/text.js';
import { text } from '../plugin/text.js';
import type { NodeReport } from '../report/report.js';
import { inputsOfName } from '../archive/inputs.js';
import { isAfterGzipData } from '../archive/native-gunzip.js';
import { MAX_EVENTS_BETWEEN } from '../run/budget.js';
import type { Change, ChangeEvent } from './types.js';
import { change } from './diff.js';

/**
 * A title or a line with what changes between two runs of one rule taken
 * out: counts, times, dates, sizes and percentages become `#` (an address
 * stays: it names what the finding is about, as a tag or a device does).
 */
export function normalised(s: string): string {
  return s.replace(/(?<![\w.:/,%-])\d[\d.,:/%-]*(?![\w-])/g, (m) => (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(m) ? m : '#')).replace(/\s+/g, ' ').trim();
}

/** A log line without its leading time stamp (syslog's `Jun  3 09:00:07` or ISO 8601): the month is no subject. */
const untimed = (s: string): string => s.replace(/^\s*(?:[A-Z][a-z]{2}\s+\d{1,2}\s+\d\d:\d\d:\d\d|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\S*)\s*/, '');

/** A rotated log is one log: `lifekeeper.log.1` and `messages-20240603` name the member `lifekeeper.log` and `messages`. */
const memberOf = (path: string): string => path.replace(/(?:[.-]\d+)+(?:\.gz)?$/, '');

/**
 * The keys a finding is known by across two archives, most exact first: its
 * rule and English title; its rule and subject (the title with counts and
 * times taken out, so "failed 3 times" and "failed 5 times" are one finding of
 * one resource, mirror or comm path); its rule and its first line's member and
 * text, likewise normalised.
 */
const KEYS: ReadonlyArray<(f: Finding) => string | null> = [
  (f) => `${f.id}\u0000${f.title.en}`,
  (f) => `${f.id}\u0000${normalised(f.title.en)}`,
  (f) => (f.evidence[0] ? `${f.id}\u0000${memberOf(f.evidence[0].path)}\u0000${normalised(untimed(f.evidence[0].text))}` : null),
];

/** What the rules' statuses say of one archive: the rules that ran (others' silence says nothing). */
type Statuses = ReadonlyArray<{ id: string; status: string }>;

export interface FindingChanges {
  changes: Change[];
  /**
   * Rules with findings in one archive that were not checked (or failed) in
   * the other, or whose finding's log was only partly read there: their
   * findings are not compared. `reason`: why, where the rule's status does not say it;
   * `title`: the first such finding's own title (a pattern rule's own title is a template).
   */
  notChecked: Array<{ id: string; missingIn: 'before' | 'after'; title: Text; reason?: Text }>;
}

/**
 * Why a finding of one archive cannot be said gone from (or new in) another:
 * the other archive read only part of the kind of member its evidence comes
 * from (a log past the lines examined, cut by damage, or not read at all), so
 * the rule ran there on part of what it needs. Null when that is read whole.
 */
export type PartlyRead = (f: Finding) => Text | null;

/** A node's PartlyRead, for findings of `source` (the archive the finding comes from: its members say what input its evidence is). */
export function partlyReadIn(node: NodeReport, source: NodeReport): PartlyRead {
  // The first member of each input read in part, and why.
  const partly = new Map<string, Text>();
  for (const m of node.members.read) {
    // A note of bytes after a rotated log's gzip data is no part missing: everything before them was read.
    if (m.problem && !isAfterGzipData(m.problem) && !partly.has(m.input)) partly.set(m.input, readInPart(m.path, m.problem));
  }
  for (const m of node.members.skipped) {
    for (const spec of inputsOfName(m.path)) if (!partly.has(spec.id)) partly.set(spec.id, readInPart(m.path, m.reason));
  }
  if (partly.size === 0) return () => null;
  const inputOf = new Map<string, string>();
  for (const m of source.members.read) inputOf.set(m.path, m.input);
  return (f) => {
    for (const e of f.evidence) {
      const input = inputOf.get(e.path);
      const why = input === undefined ? undefined : partly.get(input);
      if (why) return why;
    }
    return null;
  };
}

function readInPart(path: string, problem: Text): Text {
  return text(`${path} was read only in part there: ${problem.en}`, `${path} は一部のみ読み込みました: ${problem.ja}`);
}

/**
 * Findings new, resolved and still there. A finding is paired with one of the
 * other archive by the first of its keys that matches; never by rule alone,
 * which would take one resource's finding for another's. A rule not
 * checked in the other archive (for want of its input) neither resolves nor
 * raises its findings: they are set apart as not compared.
 */
export function findingChanges(
  before: readonly Finding[],
  after: readonly Finding[],
  statuses?: { before: Statuses; after: Statuses },
  partly?: { before: PartlyRead; after: PartlyRead },
): FindingChanges {
  const ran = (list: Statuses | undefined, id: string): boolean => !list || !list.some((a) => a.id === id) || list.some((a) => a.id === id && a.status === 'ran');
  const notChecked: FindingChanges['notChecked'] = [];
  const setApart = (f: Finding, missingIn: 'before' | 'after', reason?: Text): void => {
    if (!notChecked.some((n) => n.id === f.id && n.missingIn === missingIn)) notChecked.push({ id: f.id, missingIn, title: f.title, ...(reason ? { reason } : {}) });
  };
  let left: Finding[] = [];
  for (const f of before) {
    if (ran(statuses?.after, f.id)) left.push(f);
    else setApart(f, 'after');
  }
  let right: Finding[] = [];
  for (const f of after) {
    if (ran(statuses?.before, f.id)) right.push(f);
    else setApart(f, 'before');
  }
  const out: Change[] = [];
  // Each key computed once per finding, and looked up in a map: a node may have hundreds of findings.
  for (const key of KEYS) {
    const byKey = new Map<string, Finding[]>();
    for (const g of left) {
      const k = key(g);
      if (k === null) continue;
      const same = byKey.get(k);
      if (same) same.push(g);
      else byKey.set(k, [g]);
    }
    const paired = new Set<Finding>();
    const rest: Finding[] = [];
    for (const f of right) {
      const k = key(f);
      const g = k === null ? undefined : byKey.get(k)?.shift();
      if (g) {
        out.push(still(g, f));
        paired.add(g);
      } else rest.push(f);
    }
    right = rest;
    left = left.filter((g) => !paired.has(g));
  }
  // Unpaired: new, or resolved, unless the other archive read only part of what the finding's rule reads there.
  for (const f of right) {
    const why = partly?.before(f);
    if (why) setApart(f, 'before', why);
    else out.push(change('finding', f.id, 'new', null, null, f.title.en, [], f.evidence.slice(0, 2)));
  }
  for (const g of left) {
    const why = partly?.after(g);
    if (why) setApart(g, 'after', why);
    else out.push(change('finding', g.id, 'resolved', null, g.title.en, null, g.evidence.slice(0, 2), []));
  }
  // New first, then resolved, then still there: what changed before what did not.
  const rank: Record<string, number> = { new: 0, resolved: 1, still: 2 };
  return { changes: out.sort((x, y) => (rank[x.change] ?? 3) - (rank[y.change] ?? 3)), notChecked };
}

function still(b: Finding, a: Finding): Change {
  return change('finding', a.id, 'still', null, b.title.en, a.title.en, b.evidence.slice(0, 1), a.evidence.slice(0, 1));
}

/** When an archive was collected, as a sort key like the timeline's (wall clock read as UTC), or null. */
export function collectedKey(node: NodeReport): number | null {
  const at = node.collectedAt;
  const ms = at ? Date.parse(`${at.slice(0, 19)}Z`) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Events of the later archive after the earlier one was collected and up to
 * its own collection: what happened in between. Events without a time cannot
 * be placed and are left out; so is everything when a collection time is unknown.
 */
export function eventsBetween(before: NodeReport, after: NodeReport): { events: ChangeEvent[]; dropped: number } {
  const from = collectedKey(before);
  const to = collectedKey(after);
  if (from === null || to === null) return { events: [], dropped: 0 };
  const between = (after.timeline?.events ?? []).filter((e) => e.time !== null && e.sortKey > from && e.sortKey <= to);
  return {
    events: between.slice(0, MAX_EVENTS_BETWEEN).map((e) => ({ time: e.time, severity: e.severity, kind: e.kind, tag: e.tag, title: e.title, count: e.count, evidence: e.evidence.slice(0, 1) })),
    dropped: Math.max(0, between.length - MAX_EVENTS_BETWEEN),
  };
}
