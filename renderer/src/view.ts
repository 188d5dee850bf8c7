// Typed views of a report node's facts for the components.
import type { CommPath } from '../../analyzers/facts/comm-paths/index.js';
import type { Finding, Severity } from '../../analyzers/engine/plugin/findings.js';
import type { NodeReport } from '../../analyzers/engine/report/report.js';
import type { DataKeeperFact } from '../../analyzers/facts/datakeeper/index.js';
import type { KernelFact } from '../../analyzers/facts/kernel/index.js';
import type { LifeKeeperFact } from '../../analyzers/facts/lifekeeper-version/index.js';
import type { LkscsidFact } from '../../analyzers/facts/lkscsid/index.js';
import type { IdentityFact } from '../../analyzers/facts/node-identity/index.js';
import type { OsFact } from '../../analyzers/facts/os-release/index.js';
import type { ResourceChild } from '../../analyzers/facts/resource-hierarchy/index.js';
import type { Resync } from '../../analyzers/facts/resync-history/index.js';
import type { SettingsFact } from '../../analyzers/facts/settings/index.js';
import type { TimelineEvent, TimelineFact } from '../../analyzers/facts/timeline/index.js';

export type { CommPath, Finding, ResourceChild, Resync, Severity, TimelineEvent };

export interface NodeView {
  node: NodeReport;
  identity?: IdentityFact;
  lifekeeper?: LifeKeeperFact;
  os?: OsFact;
  kernel?: KernelFact;
  resources?: ResourceChild[];
  commPaths?: CommPath[];
  datakeeper?: DataKeeperFact;
  resyncs?: Resync[];
  lkscsid?: LkscsidFact;
  timeline?: TimelineFact;
  settings?: SettingsFact;
}

export function view(node: NodeReport): NodeView {
  return {
    node,
    identity: node['node-identity'] as IdentityFact | undefined,
    lifekeeper: node['lifekeeper-version'] as LifeKeeperFact | undefined,
    os: node['os-release'] as OsFact | undefined,
    kernel: node['kernel'] as KernelFact | undefined,
    resources: node['resource-hierarchy'] as ResourceChild[] | undefined,
    commPaths: node['comm-paths'] as CommPath[] | undefined,
    datakeeper: node['datakeeper'] as DataKeeperFact | undefined,
    resyncs: node['resync-history'] as Resync[] | undefined,
    lkscsid: node['lkscsid'] as LkscsidFact | undefined,
    timeline: node['timeline'] as TimelineFact | undefined,
    settings: node['settings'] as SettingsFact | undefined,
  };
}

export const SEVERITIES: Severity[] = ['critical', 'warning', 'info'];

/** Case-insensitive match of a search text against everything a finding shows. */
export function findingMatches(f: Finding, q: string): boolean {
  if (!q) return true;
  const s = q.toLowerCase();
  return [f.id, f.node, f.title.en, f.title.ja, f.summary.en, f.summary.ja, ...f.evidence.map((e) => e.text)].some((x) => x.toLowerCase().includes(s));
}

export function eventMatches(e: TimelineEvent, q: string): boolean {
  if (!q) return true;
  const s = q.toLowerCase();
  return [e.title.en, e.title.ja, e.tag ?? '', e.msgid ?? '', ...e.evidence.map((x) => x.text)].some((x) => x.toLowerCase().includes(s));
}
