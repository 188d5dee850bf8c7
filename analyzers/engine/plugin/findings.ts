// The finding model shared by rules, the report, the CLI and the renderer.
import type { Text } from './text.js';

export type Severity = 'critical' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/** Lower rank is more severe; used to sort and to apply --fail-on. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/**
 * One line that proves a finding or a fact. `line` is 1-based; 0 means the
 * member as a whole (a flag file or a core file whose presence is the proof),
 * and then `text` describes the member.
 */
export interface Evidence {
  /** In cross-node facts and findings: the host whose archive holds the member (two archives may use the same paths). */
  node?: string;
  path: string;
  line: number;
  text: string;
  /** Up to two lines before and after, for context (logs and documents; not for member-as-a-whole evidence). */
  before?: string[];
  after?: string[];
}

export interface Reference {
  /** Short name of the source as used in ../shared/knowledge (e.g. "KB-lkscsid"). */
  source: string;
  title: Text;
  url?: string;
}

export interface Finding {
  id: string;
  severity: Severity;
  node: string;
  title: Text;
  summary: Text;
  remediation: Text;
  evidence: Evidence[];
  references: Reference[];
}

export function isSeverity(value: unknown): value is Severity {
  return value === 'critical' || value === 'warning' || value === 'info';
}
