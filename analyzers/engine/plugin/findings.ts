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

/**
 * A public source a reader can follow: an advisory, a KB article, a manual
 * page, a public blog. Built-in rules always give an https `url`; a rule
 * pack's reference may lack one (the loader warns), and an output shows a
 * URL as a link only when `httpsLink` accepts it.
 */
export interface Reference {
  /** Short name of the source (e.g. "KB-lkscsid"). */
  source: string;
  title: Text;
  url?: string;
}

/**
 * The URL as a link a reader can follow: `https:` with a host name and no
 * user or password, normalised; anything else (http:, javascript:, file:,
 * data:, a relative or malformed URL) is null and is shown as plain text.
 */
export function httpsLink(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url.length > 2048) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || u.hostname === '' || u.username !== '' || u.password !== '') return null;
  return u.href;
}

export interface Finding {
  id: string;
  severity: Severity;
  node: string;
  title: Text;
  summary: Text;
  remediation: Text;
  /**
   * What to do, in one line (about 100 characters at most), as a SIOS KB
   * article would say it; `remediation` says it in full. May hold `code`
   * spans in single backticks, as `remediation` may.
   */
  action: Text;
  evidence: Evidence[];
  references: Reference[];
}

export function isSeverity(value: unknown): value is Severity {
  return value === 'critical' || value === 'warning' || value === 'info';
}
