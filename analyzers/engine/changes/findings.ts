// Findings new, resolved and still there between two archives of a node, and
// the events the later archive logged between the two collections.
import type { Finding } from '../plugin/findings.js';
import type { NodeReport } from '../report/report.js';
import { MAX_EVENTS_BETWEEN } from '../run/budget.js';
import type { Change, ChangeEvent } from './types.js';
import { change } from './diff.js';

/**
 * A finding is "the same" in both archives when its rule and title are; a
 * rule's finding whose title changed (a count in it grew) is matched next by
 * rule alone, in order, so it is "still there" rather than resolved and new.
 */
export function findingChanges(before: readonly Finding[], after: readonly Finding[]): Change[] {
  const key = (f: Finding): string => `${f.id}\u0000${f.title.en}`;
  const left = [...before];
  const out: Change[] = [];
  const unmatched: Finding[] = [];
  for (const f of after) {
    const i = left.findIndex((g) => key(g) === key(f));
    if (i >= 0) out.push(still(left.splice(i, 1)[0] as Finding, f));
    else unmatched.push(f);
  }
  for (const f of unmatched) {
    const i = left.findIndex((g) => g.id === f.id);
    if (i >= 0) out.push(still(left.splice(i, 1)[0] as Finding, f));
    else out.push(change('finding', f.id, 'new', null, null, f.title.en, [], f.evidence.slice(0, 2)));
  }
  for (const g of left) out.push(change('finding', g.id, 'resolved', null, g.title.en, null, g.evidence.slice(0, 2), []));
  // New first, then resolved, then still there: what changed before what did not.
  const rank: Record<string, number> = { new: 0, resolved: 1, still: 2 };
  return out.sort((x, y) => (rank[x.change] ?? 3) - (rank[y.change] ?? 3));
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
