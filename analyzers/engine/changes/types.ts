// The report's `changes` section: what changed between archives of one node
// taken at different times, and the nodes of a cluster side by side.
import type { Evidence } from '../plugin/findings.js';
import type { Severity } from '../plugin/findings.js';
import type { Text } from '../plugin/text.js';

/** What a change is about. */
/** package: LifeKeeper's kits and components; other-package: every other package of rpm -qa. */
export type ChangeKind = 'lifekeeper' | 'package' | 'other-package' | 'kernel' | 'os' | 'setting' | 'iscsi' | 'resource' | 'comm-path' | 'flag' | 'mirror' | 'finding';

/**
 * added / removed: the subject is in one archive only; changed: a property of
 * it (`field`) differs; upgraded / downgraded: a package's version, as rpm
 * compares them; new / resolved / still: a finding.
 */
export type ChangeVerb = 'added' | 'removed' | 'changed' | 'upgraded' | 'downgraded' | 'new' | 'resolved' | 'still';

export interface Change {
  kind: ChangeKind;
  /** What changed: a package name, a setting's key, a resource's tag, a comm path, a flag, a mirror, a rule id. */
  subject: string;
  change: ChangeVerb;
  /** The property that changed (state, priority, equivalency, status, dirty, version ...), or null for the subject as a whole. */
  field: string | null;
  /** The value in the earlier archive, or null where it has none. */
  before: string | null;
  after: string | null;
  /** For a setting: the documented default, which applies where the key is not set; else null. */
  default: string | null;
  /** The lines of the earlier archive that show `before`, and of the later one that show `after`. */
  evidenceBefore: Evidence[];
  evidenceAfter: Evidence[];
}

/** One archive of the pair. */
export interface ChangeSide {
  archive: string;
  collectedAt: string | null;
}

/** An event the later archive logged between the two collections. */
export interface ChangeEvent {
  time: string | null;
  severity: Severity;
  kind: string;
  tag: string | null;
  title: Text;
  count: number;
  evidence: Evidence[];
}

/** What one archive lacks, so that it was not compared (report@4 adds `title`, `lookedFor` and `reason`). */
export interface Incomplete {
  /** A fact's id, a rule's id, or `lifekeeper-defaults` / `iscsid-conf` for one file of the settings fact. */
  fact: string;
  missingIn: 'before' | 'after';
  /** fact: a fact analyzer's; file: one file of the settings fact; rule: a rule's findings. */
  what?: 'fact' | 'file' | 'rule';
  /** What it is, in both languages (the analyzer's title, or the file's name). */
  title?: Text;
  /** The logical inputs looked for in the archive that lacks it (analyzers/engine/archive/inputs.ts). */
  lookedFor?: string[];
  /** Why the analyzer was not checked there, as its status says; null when it ran but found no such file. */
  reason?: Text | null;
}

/** Two archives of one node, in collection order, and what changed between them. */
export interface NodeChanges {
  node: string;
  before: ChangeSide;
  after: ChangeSide;
  /** collected: ordered by collection time; given: a time is unknown, so in the order the archives were given. */
  orderedBy: 'collected' | 'given';
  /**
   * Facts one archive has and the other lacks (not checked there), and rules
   * with findings in one archive that could not be checked in the other: what
   * they hold was not compared, and no change is claimed from them.
   */
  incomplete: Incomplete[];
  changes: Change[];
  /** Changes past the bound (run/budget.ts): counted, not listed. */
  changesDropped: number;
  /** Events of the later archive between the two collection times (none when a time is unknown). */
  events: ChangeEvent[];
  eventsDropped: number;
}

export type RowGroup = 'lifekeeper' | 'package' | 'other-package' | 'kernel' | 'os' | 'setting' | 'iscsi' | 'resource' | 'priority' | 'comm-path' | 'flag' | 'mirror';

/** One fact of every node of a cluster, side by side. */
export interface SideBySideRow {
  group: RowGroup;
  key: string;
  /** The value on each node of `nodes`, in that order; null where the node has none. */
  values: Array<string | null>;
  /** Whether the nodes' values are not all the same. */
  differs: boolean;
  /** The lines that show each node's value, in the order of `nodes` (each naming its node). */
  evidence: Evidence[][];
  /** Cross-node findings (rule ids) whose evidence is among this row's lines. */
  findings: string[];
}

export interface SideBySide {
  /** The cluster's id, as in `clusters`. */
  cluster: string;
  nodes: string[];
  rows: SideBySideRow[];
  rowsDropped: number;
  /** Other packages (group other-package) at the same versions on every node that lists them: counted, not listed (report@4). */
  packagesSame?: number;
}

export interface ChangesSection {
  /** Each node given more than once: one entry per pair of consecutive archives, in collection order. */
  overTime: NodeChanges[];
  /** Each cluster of several nodes (the latest archive of each). */
  sideBySide: SideBySide[];
}
