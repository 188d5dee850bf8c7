// What a support engineer adds to an export for a ticket: the case number (in
// the page header, the file name and the title) and how much of the timeline
// is printed (info-level events fill pages and are rarely what a ticket needs).
import type { Report } from '../../analyzers/engine/report/report.js';

/** Which timeline events an HTML or PDF export prints: every one, warnings and criticals only (the default), or none. */
export type TimelineScope = 'all' | 'warnings' | 'none';
export const TIMELINE_SCOPES: readonly TimelineScope[] = ['all', 'warnings', 'none'];
export const DEFAULT_TIMELINE_SCOPE: TimelineScope = 'warnings';

export function isTimelineScope(value: unknown): value is TimelineScope {
  return typeof value === 'string' && (TIMELINE_SCOPES as readonly string[]).includes(value);
}

/** A case number as people write them: letters, digits and a little punctuation, at most 64 characters. */
const CASE_ID = /^[#\p{L}\p{N}][\p{L}\p{N} ._#:/()-]{0,63}$/u;

/** The case number trimmed, or null when none was given; throws with a reason for one that cannot be one. */
export function readCaseId(raw: string | undefined | null): string | null {
  const value = (raw ?? '').trim();
  if (value === '') return null;
  if (!CASE_ID.test(value)) throw new RangeError('a case number is 1 to 64 letters, digits, spaces and . _ # : / ( ) -, starting with a letter, a digit or #');
  return value;
}

/** The case number as part of a file name: ASCII letters, digits, '.', '_' and '-' only. */
export function caseFileSlug(caseId: string): string {
  return caseId.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '').slice(0, 40);
}

/** What a timeline scope left out of an export: how many events, of the node timelines and the merged cluster timelines. */
export interface TimelineLeftOut {
  scope: TimelineScope;
  /** Events of the nodes' timelines not printed. */
  events: number;
}

/**
 * The report with its timelines cut to the scope (a copy: the session's report
 * is not touched). `none` removes the timelines, so their sections are not
 * drawn; `warnings` keeps warning and critical events.
 */
export function scopeTimeline(report: Report, scope: TimelineScope): { report: Report; leftOut: TimelineLeftOut } {
  if (scope === 'all') return { report, leftOut: { scope, events: 0 } };
  const keep = (severity: string): boolean => scope === 'warnings' && severity !== 'info';
  let events = 0;
  const nodes = report.nodes.map((n) => {
    const timeline = n.timeline;
    if (!timeline) return n;
    const kept = timeline.events.filter((e) => keep(e.severity));
    events += timeline.events.length - kept.length;
    if (scope === 'none') {
      const rest = { ...n };
      delete rest.timeline;
      return rest;
    }
    return { ...n, timeline: { ...timeline, events: kept } };
  });
  const clusters = report.clusters.map((c) => ({ ...c, timeline: c.timeline.filter((e) => keep(e.severity)) }));
  return { report: { ...report, nodes, clusters }, leftOut: { scope, events } };
}
