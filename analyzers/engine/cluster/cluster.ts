// Reads the nodes of one case together: groups them into clusters by the peer
// names their comm paths and equivalencies give (not by file names), builds
// the cluster's facts (comm paths seen from both sides, each hierarchy's state
// on every node, one merged timeline with clock skew estimated from events
// both sides logged) and runs the cross-node rules.
import type { ClusterRule } from '../plugin/analyzer.js';
import type { Evidence, Finding, Severity } from '../plugin/findings.js';
import type { NodeReport } from '../report/report.js';
import type { Text } from '../plugin/text.js';
import { inTreeOrder } from '../../shared/tree.js';
import { commPathAddress } from '../../shared/comm-path-address.js';

interface EventFact { time: string | null; sortKey: number; kind: string; severity: Severity; tag: string | null; title: Text; count: number; evidence: Evidence[] }

export interface ClusterCommPath {
  a: string;
  b: string;
  type: string;
  /** `addresses` as node a sees them. */
  addresses: string;
  stateA: string | null;
  stateB: string | null;
  /** ALIVE on one side, DEAD (or missing) on the other. */
  asymmetric: boolean;
  evidence: Evidence[];
}

export interface ClusterHierarchy {
  tag: string;
  type: string | null;
  states: Record<string, string | null>;
  inService: string[];
  evidence: Record<string, Evidence[]>;
}

export interface ClusterEvent extends EventFact {
  node: string;
  /** Sort key corrected by the node's estimated clock skew. */
  correctedSortKey: number;
}

export interface ClockSkew {
  node: string;
  /** Milliseconds to subtract from this node's times to line them up with the first node's. */
  offsetMs: number | null;
  basis: string;
  samples: number;
}

export interface Cluster {
  id: string;
  nodes: string[];
  /** Peers named by these nodes whose archives were not given. */
  missingPeers: string[];
  /**
   * Archives of a node that has a later one in the case (collected earlier,
   * or the same file twice): each is analyzed on its own, and left out of the
   * cluster facts and cross-node rules, which would otherwise take one node
   * for two (its own hierarchy "in service on two nodes").
   */
  earlierArchives: Array<{ node: string; archive: string; collectedAt: string | null }>;
  commPaths: ClusterCommPath[];
  hierarchies: ClusterHierarchy[];
  skew: ClockSkew[];
  /** All nodes' events in one order, clock skew corrected; empty for a node alone (its own timeline is the story). */
  timeline: ClusterEvent[];
  timelineDropped: number;
  /** Cross-node rules that failed on this cluster (a bug in the rule, named). */
  ruleFailures: Array<{ rule: string; error: string }>;
}

export interface ClusterContext {
  cluster: Cluster;
  /** The node reports of this cluster, by hostname. */
  nodes: ReadonlyMap<string, NodeReport>;
  report(f: Omit<Finding, 'id' | 'node' | 'severity' | 'references' | 'action'> & { severity?: Severity; node?: string; action?: Text }): void;
}

/**
 * When a node's archive was collected, as a sort key like the logs' (wall
 * clock read as UTC), or null when unknown.
 */
function collectedAtMs(node: NodeReport | undefined): number | null {
  const at = node?.collectedAt;
  const ms = at ? Date.parse(`${at.slice(0, 19)}Z`) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
}

/** Archives collected further apart than this may show the cluster at two different moments. */
const SAME_MOMENT_MS = 30 * 60_000;

export interface CollectionSpread {
  /** Minutes between the first and the last of these archives' collections. */
  minutes: number;
  /** More than SAME_MOMENT_MS apart: the states they show may be of two different moments. */
  apart: boolean;
  /** The node collected first, and when (a sort key like the logs'). */
  first: string;
  firstAt: number;
}

/**
 * How far apart the archives of these nodes were collected. Cross-node rules
 * compare states that each archive shows at its own collection time; null
 * when a time is unknown (the rule then takes the states as of one moment).
 */
export function collectionSpread(nodes: ReadonlyMap<string, NodeReport>, hosts: readonly string[]): CollectionSpread | null {
  const times = hosts.map((host) => ({ host, at: collectedAtMs(nodes.get(host)) }));
  if (times.length === 0 || times.some((t) => t.at === null)) return null;
  const sorted = [...times].sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return null;
  const ms = (last.at ?? 0) - (first.at ?? 0);
  return { minutes: Math.round(ms / 60_000), apart: ms > SAME_MOMENT_MS, first: first.host, firstAt: first.at ?? 0 };
}

const MAX_CLUSTER_EVENTS = 20_000;

/** Union-find over host names: nodes naming each other (directly or through others) are one cluster. */
/** One report per host: the one collected last (the later argument on a tie or an unknown time); the others apart. */
function latestPerHost(members: readonly NodeReport[]): { latest: NodeReport[]; earlier: NodeReport[] } {
  const byHost = new Map<string, NodeReport>();
  const earlier: NodeReport[] = [];
  for (const n of members) {
    const host = n.hostname ?? '';
    const seen = byHost.get(host);
    if (!seen) {
      byHost.set(host, n);
      continue;
    }
    const newer = (n.collectedAt ?? '') >= (seen.collectedAt ?? '');
    earlier.push(newer ? seen : n);
    if (newer) byHost.set(host, n);
  }
  return { latest: members.filter((n) => byHost.get(n.hostname ?? '') === n), earlier };
}

export function groupNodes(nodes: readonly NodeReport[]): Array<{ members: NodeReport[]; earlier: NodeReport[]; missingPeers: string[] }> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string): void => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    parent.set(find(a), find(b));
  };
  const peersOf = (n: NodeReport): string[] => {
    const comm = (n['comm-paths'] ?? []).map((p) => p.peer);
    const eqv = inTreeOrder(n['resource-hierarchy'] ?? []).flatMap((r) => (r.equivalencies ?? []).map((e) => e.peer));
    return [...new Set([...comm, ...eqv])].filter((p) => p && p !== n.hostname);
  };
  const named = nodes.filter((n) => n.hostname);
  for (const n of named) {
    const h = n.hostname as string;
    if (!parent.has(h)) parent.set(h, h);
    for (const p of peersOf(n)) union(h, p);
  }
  const groups = new Map<string, NodeReport[]>();
  for (const n of named) groups.set(find(n.hostname as string), [...(groups.get(find(n.hostname as string)) ?? []), n]);
  const given = new Set(named.map((n) => n.hostname));
  return [...groups.values()].map((all) => {
    const { latest, earlier } = latestPerHost(all);
    return { members: latest, earlier, missingPeers: [...new Set(all.flatMap(peersOf))].filter((p) => !given.has(p)).sort() };
  });
}

/** Evidence copied into cluster facts names its node: both archives may hold the same member paths. */
function onNode(node: string, evidence: readonly Evidence[]): Evidence[] {
  return evidence.map((e) => ({ node, ...e }));
}

function commPaths(members: readonly NodeReport[]): ClusterCommPath[] {
  const out: ClusterCommPath[] = [];
  const byHost = new Map(members.map((n) => [n.hostname ?? '', n['comm-paths'] ?? []]));
  const seen = new Set<string>();
  for (const [a, paths] of byHost) {
    for (const p of paths) {
      const b = p.peer;
      const mirror = (byHost.get(b) ?? []).find((q) => q.peer === a && q.type === p.type && q.localAddress === p.remoteAddress && q.remoteAddress === p.localAddress);
      const key = [a, b].sort().join('|') + `|${p.type}|${[p.localAddress, p.remoteAddress].sort().join('/')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const stateB = byHost.has(b) ? (mirror?.state ?? null) : null;
      out.push({
        a, b, type: p.type, addresses: commPathAddress(p),
        stateA: p.state, stateB,
        asymmetric: byHost.has(b) && (p.state === 'ALIVE') !== (stateB === 'ALIVE'),
        evidence: [...onNode(a, p.evidence.slice(0, 1)), ...onNode(b, mirror?.evidence.slice(0, 1) ?? [])],
      });
    }
  }
  return out;
}

function hierarchies(members: readonly NodeReport[]): ClusterHierarchy[] {
  const byTag = new Map<string, ClusterHierarchy>();
  for (const n of members) {
    const host = n.hostname ?? '';
    for (const r of inTreeOrder(n['resource-hierarchy'] ?? [])) {
      const h = byTag.get(r.tag) ?? { tag: r.tag, type: r.type, states: {}, inService: [], evidence: {} };
      h.states[host] = r.state;
      h.evidence[host] = onNode(host, r.evidence.slice(0, 1));
      if (r.state === 'ISP' || r.state === 'ISU') h.inService.push(host);
      h.type ??= r.type;
      byTag.set(r.tag, h);
    }
  }
  for (const h of byTag.values()) {
    for (const n of members) {
      const host = n.hostname ?? '';
      if (!(host in h.states)) h.states[host] = null;
    }
  }
  return [...byTag.values()];
}

/**
 * Clock skew from comm failures both sides logged: A says B is out of service
 * and B says A is, within ten minutes, is one event seen twice. The median of
 * the differences is the offset; fewer than one pair: not estimated.
 */
function skews(members: readonly NodeReport[]): ClockSkew[] {
  const first = members[0]?.hostname ?? '';
  const events = new Map(members.map((n) => [n.hostname ?? '', (n.timeline?.events ?? [])]));
  // Only timed events can say how two clocks differ.
  const failuresAbout = (host: string, peer: string): number[] => (events.get(host) ?? []).filter((e) => e.kind === 'comm-failure' && e.tag === peer && e.time !== null).map((e) => e.sortKey);
  return members.map((n) => {
    const host = n.hostname ?? '';
    if (host === first) return { node: host, offsetMs: 0, basis: 'reference node', samples: 0 };
    const mine = failuresAbout(host, first);
    const theirs = failuresAbout(first, host);
    const diffs = mine.flatMap((t) => theirs.filter((u) => Math.abs(t - u) <= 10 * 60_000).map((u) => t - u)).sort((x, y) => x - y);
    if (diffs.length === 0) return { node: host, offsetMs: null, basis: 'no event logged by both sides', samples: 0 };
    return { node: host, offsetMs: diffs[Math.floor(diffs.length / 2)] ?? 0, basis: 'communication failures logged by both sides', samples: diffs.length };
  });
}

export function buildCluster(members: readonly NodeReport[], missingPeers: string[], earlier: readonly NodeReport[] = []): Cluster {
  const nodes = members.map((n) => n.hostname ?? '').sort();
  const skew = skews(members);
  const offset = new Map(skew.map((s) => [s.node, s.offsetMs ?? 0]));
  // One node has nothing to merge: its own timeline is the whole story, and a copy would double the report.
  const all: ClusterEvent[] = members.length < 2 ? [] : members.flatMap((n) =>
    (n.timeline?.events ?? []).map((e) => ({ ...e, evidence: onNode(n.hostname ?? '', e.evidence), node: n.hostname ?? '', correctedSortKey: e.sortKey - (offset.get(n.hostname ?? '') ?? 0) })),
  );
  all.sort((a, b) => a.correctedSortKey - b.correctedSortKey);
  return {
    id: nodes.join('+'),
    nodes,
    missingPeers,
    earlierArchives: earlier.map((n) => ({ node: n.hostname ?? '', archive: n.archive, collectedAt: n.collectedAt })),
    commPaths: commPaths(members),
    hierarchies: hierarchies(members),
    skew,
    timeline: all.slice(0, MAX_CLUSTER_EVENTS),
    timelineDropped: Math.max(0, all.length - MAX_CLUSTER_EVENTS),
    ruleFailures: [],
  };
}

/** Clusters of the report's nodes, and the findings of the cross-node rules on them. A failing rule is recorded, not fatal. */
export function analyzeClusters(nodes: readonly NodeReport[], rules: readonly ClusterRule[]): { clusters: Cluster[]; findings: Finding[]; superseded: Array<{ rule: string; node: string }> } {
  const clusters: Cluster[] = [];
  const findings: Finding[] = [];
  // Node rules whose findings a cross-node rule replaced on these nodes (ClusterRuleMeta.supersedes).
  const superseded: Array<{ rule: string; node: string }> = [];
  for (const g of groupNodes(nodes)) {
    const cluster = buildCluster(g.members, g.missingPeers, g.earlier);
    clusters.push(cluster);
    if (g.members.length < 2) continue;
    const byHost = new Map(g.members.map((n) => [n.hostname ?? '', n]));
    for (const rule of rules) {
      const mine: Finding[] = [];
      try {
        rule.run({
          cluster,
          nodes: byHost,
          report: (f) => {
            if (f.evidence.length === 0) throw new Error(`reported "${f.title.en}" without evidence`);
            // Two archives may hold the same member paths: cross-node evidence must say whose it is.
            if (f.evidence.some((e) => !e.node)) throw new Error(`reported "${f.title.en}" with evidence that does not name its node`);
            mine.push({ ...f, id: rule.meta.id, node: f.node ?? cluster.id, severity: f.severity ?? rule.meta.severity, references: [...rule.meta.references], action: f.action ?? rule.meta.action });
          },
        });
        findings.push(...mine);
        const replaced = rule.meta.supersedes;
        if (replaced) superseded.push(...cluster.nodes.map((node) => ({ rule: replaced, node })));
      } catch (err) {
        cluster.ruleFailures.push({ rule: rule.meta.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  return { clusters, findings, superseded };
}
