// The explicit list of analyzers the engine runs. A meta-test checks that it
// and the analyzer folders agree: add a folder, add it here.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyAnalyzer } from './core/analyzer.js';
import type { ClusterRule } from './core/cluster.js';
import type { RulePack } from './core/pattern-rules.js';
import { CLUSTER_RULES } from './cluster-rules.js';
import { loadRulePack, ruleAnalyzer } from './core/pattern-rules.js';
import commPaths from './comm-paths/index.js';
import commPathSingle from './comm-path-single/index.js';
import commPathDead from './comm-path-dead/index.js';
import resourceFailedState from './resource-failed-state/index.js';
import failoverBlockingFlags from './failover-blocking-flags/index.js';
import confirmsoBlocksFailover from './confirmso-blocks-failover/index.js';
import datakeeperMirrorDegraded from './datakeeper-mirror-degraded/index.js';
import datakeeperMirrorWithoutBitmap from './datakeeper-mirror-without-bitmap/index.js';
import quorumMajorityTwoNodes from './quorum-majority-two-nodes/index.js';
import reservationsDisabledWithoutQuorum from './reservations-disabled-without-quorum/index.js';
import lifekeeperEmergencyMessages from './lifekeeper-emergency-messages/index.js';
import lifekeeperDaemonCrash from './lifekeeper-daemon-crash/index.js';
import lifekeeperNotRunning from './lifekeeper-not-running/index.js';
import protectedFilesystemFull from './protected-filesystem-full/index.js';
import kernelNotCertified from './kernel-not-certified/index.js';
import datakeeperDataCorruptFlag from './datakeeper-data-corrupt-flag/index.js';
import datakeeperPartialResyncMdRaid1 from './datakeeper-partial-resync-md-raid1/index.js';
import lkscsidAbnormalRestart from './lkscsid-abnormal-restart/index.js';
import ociIscsiSessionTimeout from './oci-iscsi-session-timeout/index.js';
import datakeeper from './datakeeper/index.js';
import kernel from './kernel/index.js';
import lifekeeperFlags from './lifekeeper-flags/index.js';
import lifekeeperVersion from './lifekeeper-version/index.js';
import lkscsid from './lkscsid/index.js';
import nodeIdentity from './node-identity/index.js';
import osRelease from './os-release/index.js';
import resourceHierarchy from './resource-hierarchy/index.js';
import resyncHistory from './resync-history/index.js';
import settings from './settings/index.js';
import timeline from './timeline/index.js';

export const ANALYZERS: readonly AnyAnalyzer[] = [
  // Facts: what the node is and what happened on it.
  nodeIdentity,
  lifekeeperVersion,
  osRelease,
  kernel,
  resourceHierarchy,
  commPaths,
  lifekeeperFlags,
  datakeeper,
  resyncHistory,
  lkscsid,
  timeline,
  settings,
  // Rules: the advisories.
  lkscsidAbnormalRestart,
  datakeeperPartialResyncMdRaid1,
  ociIscsiSessionTimeout,
  datakeeperDataCorruptFlag,
  // Rules: the catalogue (pattern rules are data, in analyzers/rules/).
  commPathSingle,
  commPathDead,
  resourceFailedState,
  failoverBlockingFlags,
  confirmsoBlocksFailover,
  datakeeperMirrorDegraded,
  datakeeperMirrorWithoutBitmap,
  quorumMajorityTwoNodes,
  reservationsDisabledWithoutQuorum,
  lifekeeperEmergencyMessages,
  lifekeeperDaemonCrash,
  lifekeeperNotRunning,
  protectedFilesystemFull,
  kernelNotCertified,
];

const HERE = dirname(fileURLToPath(import.meta.url));
/** The built-in pattern rules: analyzers/rules/*.json, whether this runs from the source tree or from dist/. */
export const BUILT_IN_RULES_DIR = [join(HERE, 'rules'), join(HERE, '../../analyzers/rules')].find((d) => existsSync(join(d, 'pack.json'))) ?? join(HERE, 'rules');

export interface LoadedAnalyzers {
  analyzers: AnyAnalyzer[];
  clusterRules: readonly ClusterRule[];
  packs: RulePack[];
}

/**
 * The plugin analyzers, then the built-in rule pack, then each extra pack in
 * order. A rule whose id is already taken is skipped and named in its pack's errors.
 */
export async function loadAnalyzers(extraPackDirs: readonly string[] = [], o: { timePatterns?: boolean } = {}): Promise<LoadedAnalyzers> {
  const analyzers: AnyAnalyzer[] = [...ANALYZERS];
  const taken = new Set([...analyzers.map((a) => a.meta.id), ...CLUSTER_RULES.map((r) => r.meta.id)]);
  // The built-in rules' patterns are timed by their test (analyzers/rules/rules.test.ts), rule packs' at load.
  const packs = [await loadRulePack(BUILT_IN_RULES_DIR, 'built-in', '0', false)];
  for (const dir of extraPackDirs) packs.push(await loadRulePack(dir, dir, '0', o.timePatterns ?? true));
  for (const pack of packs) {
    pack.rules = pack.rules.filter((rule) => {
      if (taken.has(rule.id)) {
        pack.errors.push({ file: `${rule.id}.json`, reason: `rule id "${rule.id}" is already used by another analyzer or pack; skipped` });
        return false;
      }
      taken.add(rule.id);
      analyzers.push(ruleAnalyzer(rule, `${pack.name}@${pack.version}`));
      return true;
    });
  }
  return { analyzers, clusterRules: CLUSTER_RULES, packs };
}
