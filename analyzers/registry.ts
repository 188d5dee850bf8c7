// The explicit list of plugins the engine runs: facts, rules and cross-node
// rules (pattern rules are data, loaded from analyzers/patterns/). A meta-test
// checks that it and the plugin folders agree: add a folder, add it here.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyAnalyzer, ClusterRule, Plugin } from './engine/plugin/analyzer.js';
import { isClusterRule } from './engine/plugin/analyzer.js';
import type { RulePack } from './engine/plugin/pattern-rules.js';
import clusterDataCorruptLastOwner from './cluster-rules/cluster-data-corrupt-last-owner/index.js';
import clusterFailoverRestoreFailed from './cluster-rules/cluster-failover-restore-failed/index.js';
import clusterFailoverCause from './cluster-rules/cluster-failover-cause/index.js';
import clusterMirrorSourceChangedNoFullResync from './cluster-rules/cluster-mirror-source-changed-no-full-resync/index.js';
import clusterCommPathAsymmetry from './cluster-rules/cluster-comm-path-asymmetry/index.js';
import clusterHeartbeatMismatch from './cluster-rules/cluster-heartbeat-mismatch/index.js';
import clusterSplitBrain from './cluster-rules/cluster-split-brain/index.js';
import clusterVersionMix from './cluster-rules/cluster-version-mix/index.js';
import clusterHanaMixedVersions from './cluster-rules/cluster-hana-mixed-versions/index.js';
import clusterHanaLastOwnerOnSeveralNodes from './cluster-rules/cluster-hana-last-owner-on-several-nodes/index.js';
import { loadRulePack, ruleAnalyzer } from './engine/plugin/pattern-rules.js';
import commPaths from './facts/comm-paths/index.js';
import commPathSingle from './rules/comm-path-single/index.js';
import commPathDead from './rules/comm-path-dead/index.js';
import resourceFailedState from './rules/resource-failed-state/index.js';
import failoverCause from './rules/failover-cause/index.js';
import failoverBlockingFlags from './rules/failover-blocking-flags/index.js';
import confirmsoBlocksFailover from './rules/confirmso-blocks-failover/index.js';
import datakeeperMirrorDegraded from './rules/datakeeper-mirror-degraded/index.js';
import datakeeperMirrorWithoutBitmap from './rules/datakeeper-mirror-without-bitmap/index.js';
import quorumMajorityTwoNodes from './rules/quorum-majority-two-nodes/index.js';
import reservationsDisabledWithoutQuorum from './rules/reservations-disabled-without-quorum/index.js';
import lifekeeperEmergencyMessages from './rules/lifekeeper-emergency-messages/index.js';
import lifekeeperDaemonCrash from './rules/lifekeeper-daemon-crash/index.js';
import lifekeeperNotRunning from './rules/lifekeeper-not-running/index.js';
import protectedFilesystemFull from './rules/protected-filesystem-full/index.js';
import kernelNotCertified from './rules/kernel-not-certified/index.js';
import datakeeperDataCorruptFlag from './rules/datakeeper-data-corrupt-flag/index.js';
import datakeeperPartialResyncMdRaid1 from './rules/datakeeper-partial-resync-md-raid1/index.js';
import lkscsidAbnormalRestart from './rules/lkscsid-abnormal-restart/index.js';
import ociIscsiSessionTimeout from './rules/oci-iscsi-session-timeout/index.js';
import hanaDataConsistencyFlags from './rules/hana-data-consistency-flags/index.js';
import hanaNohanaremoveFlag from './rules/hana-nohanaremove-flag/index.js';
import hanaResourceOsfHsrState from './rules/hana-resource-osf-hsr-state/index.js';
import fsUmountTimeoutIneffective from './rules/fs-umount-timeout-ineffective/index.js';
import sharedChildMultipleRoots from './rules/shared-child-multiple-roots/index.js';
import commPathsOnPublicNetwork from './rules/comm-paths-on-public-network/index.js';
import allHeartbeatsLostSharedStorage from './rules/all-heartbeats-lost-shared-storage/index.js';
import datakeeperTargetResyncingCannotTakeOver from './rules/datakeeper-target-resyncing-cannot-take-over/index.js';
import osNotListedForLifekeeperVersion from './rules/os-not-listed-for-lifekeeper-version/index.js';
import nasNfsMountWithoutNolock from './rules/nas-nfs-mount-without-nolock/index.js';
import mdDeviceOnLvm from './rules/md-device-on-lvm/index.js';
import mdSharedArrayAutoassembled from './rules/md-shared-array-autoassembled/index.js';
import datakeeper from './facts/datakeeper/index.js';
import kernel from './facts/kernel/index.js';
import lifekeeperFlags from './facts/lifekeeper-flags/index.js';
import lifekeeperVersion from './facts/lifekeeper-version/index.js';
import installedPackages from './facts/installed-packages/index.js';
import lkscsid from './facts/lkscsid/index.js';
import nodeIdentity from './facts/node-identity/index.js';
import osRelease from './facts/os-release/index.js';
import resourceHierarchy from './facts/resource-hierarchy/index.js';
import resyncHistory from './facts/resync-history/index.js';
import settings from './facts/settings/index.js';
import timeline from './facts/timeline/index.js';
import lifekeeperMessages from './facts/lifekeeper-messages/index.js';

export const PLUGINS: readonly Plugin[] = [
  // Facts: what the node is and what happened on it.
  nodeIdentity,
  lifekeeperVersion,
  installedPackages,
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
  lifekeeperMessages,
  // Rules: the advisories.
  lkscsidAbnormalRestart,
  datakeeperPartialResyncMdRaid1,
  ociIscsiSessionTimeout,
  datakeeperDataCorruptFlag,
  // Rules: the catalogue (pattern rules are data, in analyzers/patterns/).
  commPathSingle,
  commPathDead,
  resourceFailedState,
  failoverCause,
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
  // Rules: round two (issue 20): SAP HANA, storage, heartbeat network, support matrix.
  hanaDataConsistencyFlags,
  hanaNohanaremoveFlag,
  hanaResourceOsfHsrState,
  fsUmountTimeoutIneffective,
  sharedChildMultipleRoots,
  commPathsOnPublicNetwork,
  allHeartbeatsLostSharedStorage,
  datakeeperTargetResyncingCannotTakeOver,
  osNotListedForLifekeeperVersion,
  nasNfsMountWithoutNolock,
  mdDeviceOnLvm,
  mdSharedArrayAutoassembled,
  // Cross-node rules: run on each cluster of two or more nodes.
  clusterSplitBrain,
  clusterVersionMix,
  clusterHeartbeatMismatch,
  clusterCommPathAsymmetry,
  clusterFailoverRestoreFailed,
  clusterFailoverCause,
  clusterDataCorruptLastOwner,
  clusterMirrorSourceChangedNoFullResync,
  clusterHanaMixedVersions,
  clusterHanaLastOwnerOnSeveralNodes,
];

/** The plugins that run on each node (facts and rules). */
export const ANALYZERS: readonly AnyAnalyzer[] = PLUGINS.filter((p): p is AnyAnalyzer => !isClusterRule(p));
/** The plugins that run on each cluster. */
export const CLUSTER_RULES: readonly ClusterRule[] = PLUGINS.filter(isClusterRule);

const HERE = dirname(fileURLToPath(import.meta.url));
/**
 * The built-in pattern rules: analyzers/patterns/*.json, beside this file in the source tree, two folders up
 * from it compiled (dist/analyzers/) and from the CLI's bundle (dist/bundle/, one folder below dist/ too: bundle.config.js).
 */
export const BUILT_IN_RULES_DIR = [join(HERE, 'patterns'), join(HERE, '../../analyzers/patterns')].find((d) => existsSync(join(d, 'pack.json'))) ?? join(HERE, 'patterns');

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
  // The built-in rules' patterns are timed by their test (analyzers/patterns/patterns.test.ts), rule packs' at load.
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
