// The changes section of a report: archives of one node over time, and the
// nodes of each cluster side by side. Pure functions over the nodes' facts
// and findings; the engine calls `analyzeChanges` once the clusters are built.
import type { Cluster } from '../cluster/cluster.js';
import type { Finding } from '../plugin/findings.js';
import type { NodeReport } from '../report/report.js';
import type { AboutAnalyzer } from './over-time.js';
import { changesOverTime } from './over-time.js';
import { sideBySide } from './side-by-side.js';
import type { ChangesSection } from './types.js';

export type * from './types.js';
export { rpmvercmp } from './rpmvercmp.js';
export type { AboutAnalyzer } from './over-time.js';

/**
 * `findingsOf` gives each node's own findings (two archives of one host share
 * its name, so the report's flat list cannot tell them apart); `crossNode`
 * the findings of cross-node rules, by cluster id.
 */
export function analyzeChanges(nodes: readonly NodeReport[], clusters: readonly Cluster[], findingsOf: (n: NodeReport) => readonly Finding[], crossNode: readonly Finding[], about: AboutAnalyzer = () => undefined): ChangesSection {
  return {
    overTime: changesOverTime(nodes, findingsOf, about),
    sideBySide: clusters.filter((c) => c.nodes.length > 1).map((c) => sideBySide(c, nodes.filter((n) => c.nodes.includes(n.hostname ?? '') && !c.earlierArchives.some((e) => e.archive === n.archive && e.node === n.hostname)), crossNode.filter((f) => f.node === c.id || c.nodes.includes(f.node)))),
  };
}
