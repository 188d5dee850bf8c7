// The plugin contract: `defineAnalyzer({ meta, watch?, run })`. An analyzer
// reads logical inputs (never paths or the archive), returns a fact or reports
// findings, or says why it did not check.
import type { Evidence, Finding, Reference, Severity } from './findings.js';
import type { InputId } from './inputs.js';
import type { SourceLine } from './lines.js';
import type { LogLine } from './syslog.js';
import type { Text } from './text.js';

export interface AnalyzerMeta {
  /** kebab-case; equals the folder name. */
  id: string;
  /** A fact analyzer fills part of the node; a rule reports findings. */
  kind: 'fact' | 'rule';
  title: Text;
  /** Logical inputs it reads. */
  inputs: readonly InputId[];
  /** Facts (by `provides` key) it cannot do without; they run first, and without them it is not checked. */
  needs?: readonly string[];
  /** Facts it reads when they are there; they run first. */
  uses?: readonly string[];
  /** For fact analyzers: the key under which its fact lands on the node. */
  provides?: string;
  /** For rules: the severity it reports at most, and the sources it stands on. */
  severity?: Severity;
  references?: readonly Reference[];
  /** Bumped when what the analyzer reports changes, so a report can be reproduced. */
  version: string;
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

export type FindingDraft = Omit<Finding, 'id' | 'node' | 'severity' | 'references'> & {
  severity?: Severity;
  references?: readonly Reference[];
};

export interface RunContext<S> {
  archive: ArchiveInfo;
  documents(input: InputId): readonly Document[];
  listed(input: InputId): readonly ListedMember[];
  /** Members of a streamed input that were read (to tell "no log" from "nothing in the log"). */
  streamed(input: InputId): readonly string[];
  fact<T>(key: string): T | undefined;
  watched: S;
  /** Rules: report a finding; it must carry evidence. */
  report(finding: FindingDraft): void;
  /** Says what the analyzer left out while it ran (a bound reached): shown with the analyzer in the report. */
  note(reason: Text): void;
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
}

/** What the engine holds: the state and fact types are checked where the analyzer is defined. */
export type AnyAnalyzer = Analyzer<unknown, unknown>;

export function defineAnalyzer<S = undefined, F = unknown>(analyzer: Analyzer<S, F>): AnyAnalyzer {
  return analyzer as unknown as AnyAnalyzer;
}
