// The nodes of a cluster side by side: one row per fact (version, kits,
// kernel, OS, each setting, each resource's state and priority, each comm
// path, flags, mirrors), a value per node, rows that differ marked, and the
// cross-node findings whose evidence is on a row linked to it.
import type { Cluster } from '../cluster/cluster.js';
import type { Evidence, Finding } from '../plugin/findings.js';
import type { NodeReport } from '../report/report.js';
import { MAX_SIDE_BY_SIDE_ROWS } from '../run/budget.js';
import { inTreeOrder } from '../../shared/tree.js';
import type { RowGroup, SideBySide, SideBySideRow } from './types.js';
import { byCodePoint, packagesByName, versionSet } from './packages.js';

interface Cell {
  value: string | null;
  evidence: readonly Evidence[];
}

/** A row's line without its context: a table of hundreds of rows repeats what the node's facts already hold. */
const bare = (e: Evidence, node: string): Evidence => ({ node, path: e.path, line: e.line, text: e.text });

/** One group's rows: the keys in first-seen order, a cell per node (none: null). */
function rows(group: RowGroup, nodes: readonly NodeReport[], cells: (n: NodeReport) => ReadonlyArray<[string, Cell]>): SideBySideRow[] {
  const byKey = new Map<string, Array<Cell | null>>();
  nodes.forEach((n, i) => {
    for (const [key, cell] of cells(n)) {
      let row = byKey.get(key);
      if (!row) byKey.set(key, (row = nodes.map(() => null)));
      row[i] ??= cell;
    }
  });
  return [...byKey].map(([key, row]) => {
    const values = row.map((c) => c?.value ?? null);
    return {
      group, key, values,
      differs: values.some((v) => v !== values[0]),
      evidence: row.map((c, i) => (c?.evidence ?? []).map((e) => bare(e, nodes[i]?.hostname ?? ''))),
      findings: [],
    };
  });
}

const one = (e: Evidence | null | undefined): Evidence[] => (e ? [e] : []);

function allRows(nodes: readonly NodeReport[], cluster: Cluster): SideBySideRow[] {
  const out: SideBySideRow[] = [];
  out.push(...rows('lifekeeper', nodes, (n) => {
    const lk = n['lifekeeper-version'];
    return lk ? [['LifeKeeper', { value: lk.version === null ? null : `${lk.version}${lk.release ? `-${lk.release}` : ''}`, evidence: one(lk.evidence) }]] : [];
  }));
  out.push(...rows('package', nodes, (n) => (n['lifekeeper-version']?.packages ?? []).filter((p) => p.name !== 'steeleye-lk').map((p) => [p.name, { value: `${p.version}-${p.release}`, evidence: [p.evidence] }])));
  out.push(...rows('kernel', nodes, (n) => (n.kernel ? [['kernel', { value: n.kernel.release, evidence: [n.kernel.evidence] }]] : [])));
  out.push(...rows('os', nodes, (n) => {
    const os = n['os-release'];
    return os ? [['OS', { value: os.prettyName ?? `${os.name} ${os.version}`.trim(), evidence: os.evidence.slice(0, 1) }]] : [];
  }));
  // Every key set on any node; where a node does not set it, its documented default is what applies.
  const settingRows = rows('setting', nodes, (n) => (n.settings?.lifekeeper ?? []).map((s) => [s.key, { value: s.value, evidence: [s.evidence] }]));
  for (const r of settingRows) {
    const defaults = nodes.flatMap((n) => (n.settings?.lifekeeper ?? []).filter((s) => s.key === r.key && s.default !== null).map((s) => s.default as string));
    const effective = r.values.map((v) => v ?? defaults[0] ?? null);
    r.differs = effective.some((v) => v !== effective[0]);
  }
  out.push(...settingRows);
  out.push(...rows('iscsi', nodes, (n) => {
    const i = n.settings?.iscsi;
    return i ? [['node.session.timeo.replacement_timeout', { value: i.replacementTimeout === null ? null : String(i.replacementTimeout), evidence: one(i.evidence) }]] : [];
  }));
  // In service on one node and out of service on the others is how a hierarchy should be: not a difference.
  // A resource one node lacks, a failed or unknown state, or service on two nodes is.
  const resources = rows('resource', nodes, (n) => inTreeOrder(n['resource-hierarchy'] ?? []).map((r) => [r.tag, { value: r.state, evidence: r.evidence.slice(0, 1) }]));
  for (const r of resources) {
    const inService = r.values.filter((v) => v === 'ISP' || v === 'ISU').length;
    r.differs = r.values.some((v) => v !== 'ISP' && v !== 'ISU' && v !== 'OSU') || inService > 1;
  }
  out.push(...resources);
  // Priorities differ between nodes by design (that is what makes one the primary): shown, never marked.
  const priorities = rows('priority', nodes, (n) => inTreeOrder(n['resource-hierarchy'] ?? []).map((r) => [r.tag, { value: r.localPriority === null ? null : String(r.localPriority), evidence: r.evidence.slice(0, 1) }]));
  for (const r of priorities) r.differs = false;
  out.push(...priorities);
  // Comm paths as the cluster pairs them: each end's view of one path.
  for (const p of cluster.commPaths) {
    const values = nodes.map((n) => (n.hostname === p.a ? p.stateA : n.hostname === p.b ? p.stateB : null));
    const evidence = nodes.map((n) => p.evidence.filter((e) => e.node === n.hostname).map((e) => bare(e, e.node ?? '')));
    out.push({ group: 'comm-path', key: `${p.a} ⇄ ${p.b} ${p.type} ${p.addresses}`, values, differs: values.some((v) => v !== values[0]), evidence, findings: [] });
  }
  out.push(...rows('flag', nodes, (n) => (n['lifekeeper-flags']?.flags ?? []).map((f) => [f.flag, { value: 'set', evidence: [f.evidence] }])));
  out.push(...rows('mirror', nodes, (n) => (n.datakeeper?.mirrors ?? []).map((m) => [m.tag ?? m.device, { value: [m.health, m.status?.status].filter(Boolean).join(' ') || m.device, evidence: m.evidence.slice(0, 1) }])));
  return out;
}

/**
 * Other packages, last: only the names whose versions differ between the
 * nodes that list packages (a node without rpm -qa is no difference), sorted
 * by name; those the same everywhere are counted. A thousand equal rows would
 * hide the few that matter.
 */
function packageRows(nodes: readonly NodeReport[]): { rows: SideBySideRow[]; same: number } {
  const listed = nodes.map((n) => (n['installed-packages'] ? packagesByName(n) : null));
  const all = rows('other-package', nodes, (n) => {
    const byName = listed[nodes.indexOf(n)];
    return byName ? [...byName].sort(([a], [b]) => byCodePoint(a, b)).map(([name, ps]) => [name, { value: versionSet(ps), evidence: ps.slice(-1).map((p) => p.evidence) }]) : [];
  });
  for (const r of all) {
    const compared = r.values.filter((_, i) => listed[i] !== null);
    r.differs = compared.length > 1 && compared.some((v) => v !== compared[0]);
  }
  all.sort((a, b) => byCodePoint(a.key, b.key));
  const differing = all.filter((r) => r.differs);
  return { rows: differing, same: listed.filter((l) => l !== null).length > 1 ? all.length - differing.length : 0 };
}

const evidenceKey = (e: Evidence): string => `${e.node ?? ''}\u0000${e.path}\u0000${e.line}`;

/** The side-by-side table of a cluster of several nodes, its rows linked to the cross-node findings about them. */
export function sideBySide(cluster: Cluster, nodes: readonly NodeReport[], crossNode: readonly Finding[]): SideBySide {
  const ordered = cluster.nodes.map((h) => nodes.find((n) => n.hostname === h)).filter((n): n is NodeReport => n !== undefined);
  const packages = packageRows(ordered);
  const all = [...allRows(ordered, cluster), ...packages.rows];
  for (const f of crossNode) {
    const lines = new Set(f.evidence.map(evidenceKey));
    for (const r of all) if (!r.findings.includes(f.id) && r.evidence.some((es) => es.some((e) => lines.has(evidenceKey(e))))) r.findings.push(f.id);
  }
  return {
    cluster: cluster.id,
    nodes: ordered.map((n) => n.hostname ?? ''),
    rows: all.slice(0, MAX_SIDE_BY_SIDE_ROWS),
    rowsDropped: Math.max(0, all.length - MAX_SIDE_BY_SIDE_ROWS),
    packagesSame: packages.same,
  };
}
