// The cross-node rules, run on each cluster of two or more nodes (see core/cluster.ts).
import type { ClusterRule } from './core/cluster.js';
import clusterDataCorruptLastOwner from './cluster-data-corrupt-last-owner/index.js';
import clusterFailoverRestoreFailed from './cluster-failover-restore-failed/index.js';
import clusterMirrorSourceChangedNoFullResync from './cluster-mirror-source-changed-no-full-resync/index.js';
import clusterCommPathAsymmetry from './cluster-comm-path-asymmetry/index.js';
import clusterHeartbeatMismatch from './cluster-heartbeat-mismatch/index.js';
import clusterSplitBrain from './cluster-split-brain/index.js';
import clusterVersionMix from './cluster-version-mix/index.js';

export const CLUSTER_RULES: readonly ClusterRule[] = [clusterSplitBrain, clusterVersionMix, clusterHeartbeatMismatch, clusterCommPathAsymmetry, clusterFailoverRestoreFailed, clusterDataCorruptLastOwner, clusterMirrorSourceChangedNoFullResync];
