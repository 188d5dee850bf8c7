// Timelines as the screens show them: a node's events or a cluster's merged ones on one clock, each with its log
// line; the window around the incident a timeline opens on; and the links between findings and their events.
// Pure, like the rest of the presentation model; what it builds does not depend on the language.
import type { ClusterEvent } from '../analyzers/engine/cluster/cluster.js';
import type { Evidence, Severity } from '../analyzers/engine/plugin/findings.js';
import { severityRank } from '../analyzers/engine/plugin/findings.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';
import type { NodeReport, Report } from '../analyzers/engine/report/report.js';
import type { TimelineEvent } from '../analyzers/facts/timeline/index.js';
import { formatSortKey, formatTime } from './format.js';
import type { EventRow } from './model.js';
import { eventRow, findingKey, shownClusters, sortedFindings } from './model.js';

/** One event of a timeline, as its screen places and filters it. */
export interface TimelineEntry {
  /** Its place in its timeline: what links name it by. */
  index: number;
  event: TimelineEvent | ClusterEvent;
  /** The node that logged it, in a cluster's merged timeline; null in a node's own. */
  node: string | null;
  severity: Severity;
  /** The part of the cluster it concerns (TimelineEvent.component), '' when not given. */
  component: string;
  /** Where it stands on the timeline's clock: its sort key, corrected for its node's estimated clock skew in a cluster's timeline. */
  at: number;
  /** Whether it has a time at all (a line quoted without its syslog header has none; its `at` only keeps its place). */
  timed: boolean;
}

/** Which timeline: a cluster's merged one, or a node's own (by the node's place in the report). */
export function clusterTimelineId(clusterId: string): string {
  return `cluster:${clusterId}`;
}

export function nodeTimelineId(nodeIndex: number): string {
  return `node:${nodeIndex}`;
}

function componentOf(e: TimelineEvent | ClusterEvent): string {
  // The merged timeline's events carry every field of the node's event; its type names only what the cluster uses.
  const c = (e as { component?: unknown }).component;
  return typeof c === 'string' ? c : '';
}

export function timelineEntries(events: ReadonlyArray<TimelineEvent | ClusterEvent>): TimelineEntry[] {
  return events.map((event, index) => ({
    index,
    event,
    node: 'node' in event ? event.node : null,
    severity: event.severity,
    component: componentOf(event),
    at: 'correctedSortKey' in event ? event.correctedSortKey : event.sortKey,
    timed: event.time !== null,
  }));
}

/** The name a node's findings carry (the engine's: the host name, else the archive's file name). */
function findingNodeName(n: NodeReport): string {
  return n.hostname ?? n.archive.replace(/^.*[/\\]/, '');
}

/** Every timeline of the report the screens show, by id: the shown clusters' merged ones, then each node's. */
export function reportTimelines(report: Report): Map<string, TimelineEntry[]> {
  const out = new Map<string, TimelineEntry[]>();
  for (const c of shownClusters(report)) if (c.nodes.length > 1) out.set(clusterTimelineId(c.id), timelineEntries(c.timeline));
  report.nodes.forEach((n, i) => {
    if (n.timeline) out.set(nodeTimelineId(i), timelineEntries(n.timeline.events));
  });
  return out;
}

/** A row of a timeline, on the timeline's clock: the time shown, the time as logged when it differs, and the log line. */
export interface TimelineRow extends EventRow {
  /** The time as the node logged it, when the shown time was corrected for clock skew; else ''. */
  logged: string;
  /** The first line of evidence, as the log wrote it. */
  text: string;
}

/** A sort key moved by a node's clock skew, back to a time as the screens read it. */
function shifted(time: string | null | undefined, by: number): string {
  if (!time) return '';
  if (by === 0) return formatTime(time);
  const ms = Date.parse(`${formatTime(time).replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? formatTime(time) : formatSortKey(ms - by);
}

/** Timelines hold thousands of events: each is made a row only when shown. */
export function timelineRow(entry: TimelineEntry, lang: Lang): TimelineRow {
  const e = entry.event;
  const base = eventRow({ ...e, component: entry.component }, lang);
  const skew = 'correctedSortKey' in e ? e.sortKey - e.correctedSortKey : 0;
  const corrected = entry.timed && skew !== 0;
  return {
    ...base,
    time: corrected ? formatSortKey(entry.at) : base.time,
    lastTime: corrected ? shifted('lastTime' in e ? e.lastTime : null, skew) : base.lastTime,
    logged: corrected ? formatTime(e.time) : '',
    text: e.evidence[0]?.text ?? '',
  };
}

/** Minutes either side of the incident that its window also shows. */
export const INCIDENT_MARGIN_MS = 10 * 60_000;

/**
 * The window a timeline opens on: from its first warning-or-worse event to its
 * last, ten minutes either side; null when it has none, or when the window
 * would show every event anyway.
 */
export function incidentWindow(entries: readonly TimelineEntry[]): [number, number] | null {
  const serious = entries.filter((e) => e.timed && severityRank(e.severity) <= severityRank('warning')).map((e) => e.at);
  if (serious.length === 0) return null;
  const from = Math.min(...serious) - INCIDENT_MARGIN_MS;
  const to = Math.max(...serious) + INCIDENT_MARGIN_MS + 1;
  return entries.every((e) => e.at >= from && e.at < to) ? null : [from, to];
}

/** The window as a heading says it. */
export function windowText(range: readonly [number, number]): string {
  return `${formatSortKey(range[0])} – ${formatSortKey(range[1] - 1)}`;
}

export interface TimelineLinks {
  /** For a finding (by key): the timeline that shows its events best, and their places in it. */
  byFinding: Map<string, { timeline: string; events: number[] }>;
  /** For a timeline (by id): the findings (by key) each event is evidence of, by the event's place. */
  byEvent: Map<string, Map<number, string[]>>;
}

const lineKey = (node: string, e: Pick<Evidence, 'path' | 'line'>): string => `${node}\u0000${e.path}\u0000${e.line}`;

/**
 * Which events show which findings: an event is a finding's when one of its
 * lines of evidence is one of the finding's (same node, member and line). A
 * finding is shown in its cluster's merged timeline when that holds its
 * events, else in its node's own.
 */
export function timelineLinks(report: Report, timelines: ReadonlyMap<string, readonly TimelineEntry[]> = reportTimelines(report)): TimelineLinks {
  const nodeNames = report.nodes.map(findingNodeName);
  // Each line of evidence of a timeline event, to the events it stands in.
  const where = new Map<string, Array<{ timeline: string; index: number }>>();
  for (const [id, entries] of timelines) {
    const nodeIndex = id.startsWith('node:') ? Number(id.slice(5)) : -1;
    for (const entry of entries) {
      const node = entry.node ?? nodeNames[nodeIndex] ?? '';
      for (const ev of entry.event.evidence) {
        if (ev.line <= 0) continue;
        const k = lineKey(ev.node ?? node, ev);
        const list = where.get(k) ?? [];
        list.push({ timeline: id, index: entry.index });
        where.set(k, list);
      }
    }
  }
  const byFinding = new Map<string, { timeline: string; events: number[] }>();
  const byEvent = new Map<string, Map<number, string[]>>();
  sortedFindings(report.findings).forEach((f, i) => {
    const key = findingKey(i);
    const found = new Map<string, Set<number>>();
    for (const ev of f.evidence) {
      for (const hit of where.get(lineKey(ev.node ?? f.node, ev)) ?? []) {
        const set = found.get(hit.timeline) ?? new Set<number>();
        set.add(hit.index);
        found.set(hit.timeline, set);
      }
    }
    for (const [timeline, events] of found) {
      const map = byEvent.get(timeline) ?? new Map<number, string[]>();
      for (const index of events) map.set(index, [...(map.get(index) ?? []), key]);
      byEvent.set(timeline, map);
    }
    const best = [...found.keys()].find((t) => t.startsWith('cluster:')) ?? [...found.keys()][0];
    const events = best ? found.get(best) : undefined;
    if (best && events) byFinding.set(key, { timeline: best, events: [...events].sort((a, b) => a - b) });
  });
  return { byFinding, byEvent };
}
