// The explicit list of analyzers the engine runs. A meta-test checks that it
// and the analyzer folders agree: add a folder, add it here.
import type { AnyAnalyzer } from './core/analyzer.js';
import commPaths from './comm-paths/index.js';
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
];
