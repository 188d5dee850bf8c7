// The plugin contract, one for every kind: `defineAnalyzer({ meta, watch?, run })`.
// A fact analyzer reads logical inputs (never paths or the archive) and returns
// its fact, stored on the node under its own id; a rule reads facts and reports
// findings; a cross-node rule reads the nodes of one cluster. Any of them may
// say why it did not check.
import type { ClusterContext } from '../cluster/cluster.js';
import type { FactId, Facts } from './facts.js';
import type { Evidence, Finding, Reference, Severity } from './findings.js';
import type { InputId } from '../archive/inputs.js';
import type { SourceLine } from '../lines/lines.js';
import type { LogLine } from '../lines/syslog.js';
import type { Text } from './text.js';

/** What every plugin says of itself: the rule catalogue and the report are made from it. */
export interface PluginMeta {
  /** kebab-case; equals the folder name (and, for a fact, the key of the fact on the node). */
  id: string;
  /** fact: fills part of the node; rule: reports findings on one node; cluster-rule: on the nodes of one cluster. */
  kind: 'fact' | 'rule' | 'cluster-rule';
  title: Text;
  /** For rules: the severity it reports at most, and the sources it stands on. */
  severity?: Severity;
  references?: readonly Reference[];
  /**
   * For rules: what to do about its findings, in one line (about 100
   * characters), in both languages; a finding may say it more precisely
   * (FindingDraft.action). Every built-in rule has one (analyzers/meta.test.ts).
   */
  action?: Text;
  /** For rules: it implements a published SIOS advisory (listed first in the catalogue). */
  advisory?: boolean;
  /** Bumped when what the plugin reports changes, so a report can be reproduced. */
  version: string;
}

export interface AnalyzerMeta extends PluginMeta {
  kind: 'fact' | 'rule';
  /** Logical inputs it reads. */
  inputs: readonly InputId[];
  /** Facts it cannot do without; they run first, and without them it is not checked. */
  needs?: readonly FactId[];
  /** Facts it reads when they are there; they run first. */
  uses?: readonly FactId[];
}

/** A small input held whole: uname, rpm -qa, lcdstatus, /etc/default/LifeKeeper ... */
export interface Document {
  path: string;
  input: InputId;
  lines: readonly string[];
  /** The document was longer than the bound and only its start was kept. */
  truncated: boolean;
  mtime: Date | null;
}

/** A member known only by its header: core files. */
export interface ListedMember {
  path: string;
  input: InputId;
  size: number;
  mtime: Date | null;
}

/**
 * Streamed log lines: `onLine` sees each line of `inputs` that contains one
 * of `keywords` (all lines when omitted), during the single pass over the
 * archive. `run` then reads the accumulated state as ctx.watched.
 */
export interface Watch<S> {
  inputs: readonly InputId[];
  /**
   * ASCII byte strings; a line without any of them is never decoded. One list
   * for every input, or a list per input (searching costs time per keyword and
   * byte, so give each input only the keywords that can occur in it).
   */
  keywords?: readonly string[] | Readonly<Partial<Record<InputId, readonly string[]>>>;
  init(): S;
  onLine(state: S, line: SourceLine, ctx: WatchContext): void;
}

/** The keywords a watch declares for one input: null means every line. */
export function keywordsFor(watch: Pick<Watch<unknown>, 'keywords'>, input: InputId): readonly string[] | null {
  const k = watch.keywords;
  if (k === undefined) return null;
  if (Array.isArray(k)) return k as readonly string[];
  return (k as Readonly<Partial<Record<InputId, readonly string[]>>>)[input] ?? [];
}

export interface WatchContext {
  /** Reference time for BSD syslog timestamps of this member (mtime, else collection estimate). */
  referenceTime(line: SourceLine): Date;
  /** The line parsed as syslog (memoized: several watchers may see one line). */
  parse(line: SourceLine): LogLine | null;
}

export interface ArchiveInfo {
  /** The archive file as given on the command line or opened in the app. */
  file: string;
  /** The newest plausible member mtime: an estimate of when lksupport ran. */
  newestMtime: Date | null;
  /** The first path segment shared by all members, if any (often host and date). */
  topDirectory: string | null;
}

export type FindingDraft = Omit<Finding, 'id' | 'node' | 'severity' | 'references' | 'action'> & {
  severity?: Severity;
  references?: readonly Reference[];
  /** This finding's one-line remedy, when it differs from the rule's `meta.action`. */
  action?: Text;
};

export interface RunContext<S> {
  archive: ArchiveInfo;
  documents(input: InputId): readonly Document[];
  listed(input: InputId): readonly ListedMember[];
  /** Members of a streamed input that were read (to tell "no log" from "nothing in the log"). */
  streamed(input: InputId): readonly string[];
  /** A fact established before this analyzer ran (declare it in `needs` or `uses`). */
  fact<K extends FactId>(id: K): Facts[K] | undefined;
  watched: S;
  /** Rules: report a finding; it must carry evidence. */
  report(finding: FindingDraft): void;
  /** Says what the analyzer left out while it ran (a bound reached): shown with the analyzer in the report. */
  note(reason: Text): void;
  /**
   * Lines of a document its parser could not use (0-based indexes): every
   * line of a recognised input is accounted for, and these are counted and
   * shown under what could not be read, with the first few as they are.
   */
  unread(doc: Document, lineIndexes: Iterable<number>): void;
  /**
   * Says the archive is not of LifeKeeper for Linux (Windows status output, a
   * product of another kind): the node is then not recognised, and the reason
   * leads its notes. The analyzer builds no fact from such input.
   */
  foreign(reason: Text): void;
  evidence(line: SourceLine): Evidence;
}

/** Returned by run() when the analyzer could not check: the report shows the reason. */
export interface NotChecked {
  notChecked: Text;
}

export function notChecked(reason: Text): NotChecked {
  return { notChecked: reason };
}

export function isNotChecked(value: unknown): value is NotChecked {
  return typeof value === 'object' && value !== null && 'notChecked' in value;
}

export interface Analyzer<S = unknown, F = unknown> {
  meta: AnalyzerMeta;
  watch?: Watch<S>;
  run(ctx: RunContext<S>): F | NotChecked | void;
  /**
   * Fact analyzers only: the fact once more after every rule has reported,
   * given the findings that cite this node (its own rules' findings, then the
   * cross-node rules' with their evidence on this node); returns the fact to
   * keep. It runs after all rules, so what it makes of their findings does
   * not depend on the order they ran in.
   */
  afterFindings?(fact: F, findings: readonly Finding[]): F;
}

/** A fact analyzer: its id names the fact, and what it returns has that fact's type. */
export interface FactAnalyzer<K extends FactId, S> extends Analyzer<S, Facts[K]> {
  meta: AnalyzerMeta & { kind: 'fact'; id: K };
}

/** A rule on one node: it reports findings and returns nothing (or why it did not check). */
export interface RuleAnalyzer<S> extends Analyzer<S, void> {
  meta: AnalyzerMeta & { kind: 'rule' };
}

export interface ClusterRuleMeta extends PluginMeta {
  kind: 'cluster-rule';
  severity: Severity;
  references: readonly Reference[];
  action: Text;
  /**
   * The id of a node rule that tells the same story from one node: where this
   * rule ran on a cluster, that rule's findings on the cluster's nodes are
   * dropped, so nothing is told twice (the cluster sees both sides).
   */
  supersedes?: string;
}

/** A rule on the nodes of one cluster (run for clusters of two or more nodes; see engine/cluster/). */
export interface ClusterRule {
  meta: ClusterRuleMeta;
  run(ctx: ClusterContext): void;
}

/** What the engine holds: the state and fact types are checked where the analyzer is defined. */
export type AnyAnalyzer = Analyzer<unknown, unknown>;

/** Any plugin the registry lists. */
export type Plugin = AnyAnalyzer | ClusterRule;

export function isClusterRule(p: Plugin): p is ClusterRule {
  return p.meta.kind === 'cluster-rule';
}

export function defineAnalyzer<K extends FactId, S = undefined>(analyzer: FactAnalyzer<K, S>): AnyAnalyzer;
export function defineAnalyzer<S = undefined>(analyzer: RuleAnalyzer<S>): AnyAnalyzer;
export function defineAnalyzer(rule: ClusterRule): ClusterRule;
export function defineAnalyzer(plugin: unknown): Plugin {
  return plugin as Plugin;
}
