// The report document (schema lkanalyze/report@4): what the CLI prints, the
// app shows and the exports render. JSON Schema: analyzers/engine/report/report.schema.json.
import type { ChangesSection } from '../changes/types.js';
import type { Cluster } from '../cluster/cluster.js';
import type { Facts } from '../plugin/facts.js';
import type { Evidence, Finding } from '../plugin/findings.js';
import type { InputId } from '../archive/inputs.js';
import type { Text } from '../plugin/text.js';

export const REPORT_SCHEMA = 'lkanalyze/report@4';

export interface ArchiveRecord {
  file: string;
  bytes: number | null;
  /** zip: a container of node archives only. */
  format: 'tar+gzip' | 'tar' | 'zip' | null;
  /** read: whole; partial: cut short, the rest was analyzed; unreadable: not an archive at all. */
  status: 'read' | 'partial' | 'unreadable';
  problem: Text | null;
  /** Index into `nodes`, or null when unreadable. */
  node: number | null;
}

export interface ReadMember {
  path: string;
  input: InputId;
  bytes: number;
  lines: number | null;
  /** Encodings met: utf-8, shift_jis, euc-jp, invalid. */
  encodings: string[];
  truncatedLines: number;
  problem: Text | null;
  /** Lines of a recognised input that its parser could not use: how many, and the first few as they are. Absent when every line was read. */
  unread?: { lines: number; first: Evidence[] };
}

export interface SkippedMember {
  path: string;
  bytes: number;
  reason: Text;
  /** over-budget: not read because the archive's budget (run/budget.ts) for it was used up. */
  code: 'binary' | 'link' | 'device' | 'unsafe-path' | 'unsupported-compression' | 'too-large' | 'over-budget' | 'unreadable';
}

export interface AnalyzerStatus {
  id: string;
  kind: 'fact' | 'rule';
  version: string;
  status: 'ran' | 'not-checked' | 'failed';
  /** Why it did not run or failed; for one that ran, what it left out (a bound reached), else null. */
  reason: Text | null;
}

/** Members known by name and size only (core files): never read. */
export interface ListedMemberRecord {
  path: string;
  input: InputId;
  bytes: number;
}

export interface NodeMembers {
  read: ReadMember[];
  listed: ListedMemberRecord[];
  skipped: SkippedMember[];
  /** Members that no analyzer reads: counted, not listed whole (an archive may hold 100,000). */
  unused: { count: number; bytes: number; sample: string[] };
  total: number;
}

/** What every node has, whatever its facts. */
export interface NodeBase {
  archive: string;
  hostname: string | null;
  collectedAt: string | null;
  /** Whether anything LifeKeeper-specific was found in the archive. */
  recognized: boolean;
  notes: Text[];
  members: NodeMembers;
  analyzers: AnalyzerStatus[];
}

/** A node: its facts sit beside the base fields, each under the id of the analyzer that established it. */
export type NodeReport = NodeBase & Partial<Facts>;

/** A rule pack that ran: built-in or loaded with --rules, with the files it could not use. */
export interface RulePackRecord {
  name: string;
  version: string;
  source: string;
  rules: string[];
  errors: Array<{ file: string; reason: string }>;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  generator: { name: 'lkanalyze'; version: string };
  rulePacks: RulePackRecord[];
  /** Set when names, addresses and serials were replaced by pseudonyms (the mapping is never in the report). */
  redaction?: { redacted: true; counts: Record<string, number> } | null;
  generatedAt: string;
  archives: ArchiveRecord[];
  nodes: NodeReport[];
  /** The nodes grouped by the peers they name: cross-node facts, with the merged timeline. */
  clusters: Cluster[];
  findings: Finding[];
  /** What changed between archives of one node, and each cluster's nodes side by side (report@3). */
  changes: ChangesSection;
}
