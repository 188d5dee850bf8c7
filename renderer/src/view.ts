// Typed views of a report node's facts for the components.
import type { CommPath } from '../../analyzers/comm-paths/index.js';
import type { Finding, Severity } from '../../analyzers/core/findings.js';
import type { NodeReport } from '../../analyzers/core/report.js';
import type { DataKeeperFact } from '../../analyzers/datakeeper/index.js';
import type { KernelFact } from '../../analyzers/kernel/index.js';
import type { LifeKeeperFact } from '../../analyzers/lifekeeper-version/index.js';
import type { LkscsidFact } from '../../analyzers/lkscsid/index.js';
import type { IdentityFact } from '../../analyzers/node-identity/index.js';
import type { OsFact } from '../../analyzers/os-release/index.js';
import type { ResourceChild } from '../../analyzers/resource-hierarchy/index.js';
import type { Resync } from '../../analyzers/resync-history/index.js';
import type { SettingsFact } from '../../analyzers/settings/index.js';
import type { TimelineEvent, TimelineFact } from '../../analyzers/timeline/index.js';

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
    identity: node['identity'] as IdentityFact | undefined,
    lifekeeper: node['lifekeeper'] as LifeKeeperFact | undefined,
    os: node['os'] as OsFact | undefined,
    kernel: node['kernel'] as KernelFact | undefined,
    resources: node['resources'] as ResourceChild[] | undefined,
    commPaths: node['commPaths'] as CommPath[] | undefined,
    datakeeper: node['datakeeper'] as DataKeeperFact | undefined,
    resyncs: node['resyncs'] as Resync[] | undefined,
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
