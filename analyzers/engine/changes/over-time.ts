// Archives of one node taken at different times: paired in collection order
// (the time each archive says it was collected, never the order given, unless
// a time is unknown) and compared fact by fact.
import type { Finding } from '../plugin/findings.js';
import type { FactId } from '../plugin/facts.js';
import type { NodeReport } from '../report/report.js';
import { MAX_CHANGES_PER_PAIR } from '../run/budget.js';
import type { Text } from '../plugin/text.js';
import type { Change, Incomplete, NodeChanges } from './types.js';
import { packageChanges } from './packages.js';
import { collectedKey, eventsBetween, findingChanges, partlyReadIn } from './findings.js';
import { commPathChanges, flagChanges, mirrorChanges, resourceChanges } from './resources.js';
import { hasIscsiConf, hasLifeKeeperDefaults, settingChanges } from './settings.js';
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
  // Last: a whole OS update is hundreds of these, and past MAX_CHANGES_PER_PAIR they are the ones cut.
  { fact: 'installed-packages', compare: packageChanges },
];

/** What an analyzer is and the inputs it reads, from its metadata (the engine knows the analyzers; this module does not). */
export type AboutAnalyzer = (id: string) => { title: Text; inputs: readonly string[] } | undefined;

/** The two files of the settings fact, each compared only when both archives hold it. */
const SETTINGS_FILES: ReadonlyArray<{ id: string; title: Text; has: (n: NodeReport) => boolean }> = [
  { id: 'lifekeeper-defaults', title: { en: '/etc/default/LifeKeeper', ja: '/etc/default/LifeKeeper' }, has: hasLifeKeeperDefaults },
  { id: 'iscsid-conf', title: { en: 'iscsid.conf', ja: 'iscsid.conf' }, has: hasIscsiConf },
];

/** Why an analyzer was not checked in `node`, as its status says. */
export function notCheckedReason(node: NodeReport, id: string): Text | null {
  return node.analyzers.find((a) => a.id === id && a.status !== 'ran')?.reason ?? null;
}

/** Archives of one host sorted oldest first; `collected` only when every archive's time is known. */
export function inCollectionOrder(nodes: readonly NodeReport[]): { nodes: NodeReport[]; orderedBy: NodeChanges['orderedBy'] } {
  const known = nodes.every((n) => collectedKey(n) !== null);
  if (!known) return { nodes: [...nodes], orderedBy: 'given' };
  // A stable sort: two archives collected at the same moment keep the order given.
  return { nodes: [...nodes].sort((a, b) => (collectedKey(a) ?? 0) - (collectedKey(b) ?? 0)), orderedBy: 'collected' };
}

/** What changed from `before` to `after`, two archives of one node. */
export function compareArchives(before: NodeReport, after: NodeReport, findings: { before: readonly Finding[]; after: readonly Finding[] }, orderedBy: NodeChanges['orderedBy'], about: AboutAnalyzer = () => undefined): NodeChanges {
  const incomplete: Incomplete[] = [];
  const missing = (what: 'fact' | 'file', fact: string, missingIn: Incomplete['missingIn'], title: Text | undefined, lookedFor: readonly string[]): void => {
    const reason = notCheckedReason(missingIn === 'before' ? before : after, fact);
    incomplete.push({ fact, missingIn, what, ...(title ? { title } : {}), lookedFor: [...lookedFor], reason });
  };
  const changes: Change[] = [];
  for (const { fact, compare } of COMPARED) {
    const a = before[fact] !== undefined;
    const b = after[fact] !== undefined;
    const meta = about(fact);
    // One side lacks the fact: nothing of it is compared, and the report says so rather than guess.
    if (a !== b) missing('fact', fact, a ? 'after' : 'before', meta?.title, meta?.inputs ?? []);
    if (fact === 'settings' && a && b) {
      for (const file of SETTINGS_FILES) {
        if (file.has(before) !== file.has(after)) missing('file', file.id, file.has(before) ? 'after' : 'before', file.title, [file.id]);
      }
    }
    // A loop, not push(...): forty thousand package changes are too many arguments for one call.
    if (a && b) for (const c of compare(before, after)) changes.push(c);
  }
  const found = findingChanges(findings.before, findings.after, { before: before.analyzers, after: after.analyzers }, { before: partlyReadIn(before, after), after: partlyReadIn(after, before) });
  for (const rule of found.notChecked) {
    const meta = about(rule.id);
    const reason = rule.reason ?? notCheckedReason(rule.missingIn === 'before' ? before : after, rule.id);
    incomplete.push({ fact: rule.id, missingIn: rule.missingIn, what: 'rule', title: rule.title, lookedFor: [...(meta?.inputs ?? [])], reason });
  }
  // Findings before other packages, which come last: past the bound they are the ones cut.
  const ordered = changes.filter((c) => c.kind !== 'other-package').concat(found.changes, changes.filter((c) => c.kind === 'other-package'));
  const { events, dropped } = eventsBetween(before, after);
  return {
    node: after.hostname ?? '',
    before: { archive: before.archive, collectedAt: before.collectedAt },
    after: { archive: after.archive, collectedAt: after.collectedAt },
    orderedBy,
    incomplete,
    changes: ordered.slice(0, MAX_CHANGES_PER_PAIR),
    changesDropped: Math.max(0, ordered.length - MAX_CHANGES_PER_PAIR),
    events,
    eventsDropped: dropped,
  };
}

/** Every host given more than once: one comparison per pair of consecutive archives. */
export function changesOverTime(nodes: readonly NodeReport[], findingsOf: (n: NodeReport) => readonly Finding[], about: AboutAnalyzer = () => undefined): NodeChanges[] {
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
      out.push(compareArchives(before, after, { before: findingsOf(before), after: findingsOf(after) }, orderedBy, about));
    }
  }
  return out;
}
