// Archives of one node taken at different times: paired in collection order
// (the time each archive says it was collected, never the order given, unless
// a time is unknown) and compared fact by fact.
import type { Finding } from '../plugin/findings.js';
import type { FactId } from '../plugin/facts.js';
import type { NodeReport } from '../report/report.js';
import { MAX_CHANGES_PER_PAIR } from '../run/budget.js';
import type { Change, NodeChanges } from './types.js';
import { collectedKey, eventsBetween, findingChanges } from './findings.js';
import { commPathChanges, flagChanges, mirrorChanges, resourceChanges } from './resources.js';
import { hasLifeKeeperDefaults, settingChanges } from './settings.js';
import { kernelChanges, lifeKeeperChanges, osChanges } from './versions.js';

/** The facts compared, in the order their changes are listed. */
const COMPARED: ReadonlyArray<{ fact: FactId; compare: (a: NodeReport, b: NodeReport) => Change[] }> = [
  { fact: 'lifekeeper-version', compare: lifeKeeperChanges },
  { fact: 'kernel', compare: kernelChanges },
  { fact: 'os-release', compare: osChanges },
  { fact: 'settings', compare: settingChanges },
  { fact: 'resource-hierarchy', compare: resourceChanges },
  { fact: 'comm-paths', compare: commPathChanges },
  { fact: 'lifekeeper-flags', compare: flagChanges },
  { fact: 'datakeeper', compare: mirrorChanges },
];

/** Archives of one host sorted oldest first; `collected` only when every archive's time is known. */
export function inCollectionOrder(nodes: readonly NodeReport[]): { nodes: NodeReport[]; orderedBy: NodeChanges['orderedBy'] } {
  const known = nodes.every((n) => collectedKey(n) !== null);
  if (!known) return { nodes: [...nodes], orderedBy: 'given' };
  // A stable sort: two archives collected at the same moment keep the order given.
  return { nodes: [...nodes].sort((a, b) => (collectedKey(a) ?? 0) - (collectedKey(b) ?? 0)), orderedBy: 'collected' };
}

/** What changed from `before` to `after`, two archives of one node. */
export function compareArchives(before: NodeReport, after: NodeReport, findings: { before: readonly Finding[]; after: readonly Finding[] }, orderedBy: NodeChanges['orderedBy']): NodeChanges {
  const incomplete: NodeChanges['incomplete'] = [];
  const changes: Change[] = [];
  for (const { fact, compare } of COMPARED) {
    const a = before[fact] !== undefined;
    const b = after[fact] !== undefined;
    // One side lacks the fact: nothing of it is compared, and the report says so rather than guess.
    if (a !== b) incomplete.push({ fact, missingIn: a ? 'after' : 'before' });
    if (fact === 'settings' && a && b && hasLifeKeeperDefaults(before) !== hasLifeKeeperDefaults(after)) {
      incomplete.push({ fact: 'lifekeeper-defaults', missingIn: hasLifeKeeperDefaults(before) ? 'after' : 'before' });
    }
    if (a && b) changes.push(...compare(before, after));
  }
  changes.push(...findingChanges(findings.before, findings.after));
  const { events, dropped } = eventsBetween(before, after);
  return {
    node: after.hostname ?? '',
    before: { archive: before.archive, collectedAt: before.collectedAt },
    after: { archive: after.archive, collectedAt: after.collectedAt },
    orderedBy,
    incomplete,
    changes: changes.slice(0, MAX_CHANGES_PER_PAIR),
    changesDropped: Math.max(0, changes.length - MAX_CHANGES_PER_PAIR),
    events,
    eventsDropped: dropped,
  };
}

/** Every host given more than once: one comparison per pair of consecutive archives. */
export function changesOverTime(nodes: readonly NodeReport[], findingsOf: (n: NodeReport) => readonly Finding[]): NodeChanges[] {
  const byHost = new Map<string, NodeReport[]>();
  for (const n of nodes) {
    if (!n.recognized || !n.hostname) continue;
    byHost.set(n.hostname, [...(byHost.get(n.hostname) ?? []), n]);
  }
  const out: NodeChanges[] = [];
  for (const archives of byHost.values()) {
    if (archives.length < 2) continue;
    const { nodes: ordered, orderedBy } = inCollectionOrder(archives);
    for (let i = 1; i < ordered.length; i++) {
      const before = ordered[i - 1] as NodeReport;
      const after = ordered[i] as NodeReport;
      out.push(compareArchives(before, after, { before: findingsOf(before), after: findingsOf(after) }, orderedBy));
    }
  }
  return out;
}
