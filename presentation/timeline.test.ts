// Timelines as the screens show them: one clock, the log line, the window around the incident, findings and events linked.
/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import type { Report } from '../analyzers/engine/report/report.js';
import { present } from './model.js';
import { clusterTimelineId, incidentWindow, nodeTimelineId, reportTimelines, timelineEntries, timelineLinks, timelineRow, windowText } from './timeline.js';

const GOLDEN = import.meta.glob<Report>('../samples/golden/*.json', { eager: true, import: 'default' });

function golden(name: string): Report {
  const r = GOLDEN[`../samples/golden/${name}.json`];
  if (!r) throw new Error(`no golden report ${name}`);
  return r;
}

describe('the merged timeline', () => {
  const report = golden('cluster-split-brain');
  const merged = reportTimelines(report).get(clusterTimelineId('lk-node1+lk-node2')) ?? [];
  const find = (title: string) => merged.find((e) => e.event.title.en === title);

  it('shows a node\'s times corrected for its clock skew, with the time it logged, and the reference node\'s as logged', () => {
    const node2 = find('Communication failure: lk-node1 out of service');
    if (!node2) throw new Error('no comm failure of lk-node2');
    const row = timelineRow(node2, 'en');
    expect([row.time, row.logged]).toEqual(['2024-05-20 09:41:07', '2024-05-20 09:41:09']);
    expect(row.text).toContain('ERROR:lcd.mes:::004217:Communication failure');
    expect(row.where).toBe('lk-node2: lksupport/var_log_lifekeeper.log:8');
    const node1 = find('Communication failure: lk-node2 out of service');
    if (!node1) throw new Error('no comm failure of lk-node1');
    expect([timelineRow(node1, 'en').time, timelineRow(node1, 'en').logged]).toEqual(['2024-05-20 09:41:07', '']);
  });

  it('heads the timeline with the clock its times are on', () => {
    const c = present(report, 'en').clusters[0];
    expect(c?.timelineHeading).toBe("Merged timeline, on lk-node1's clock");
    expect(present(report, 'ja').clusters[0]?.timelineHeading).toBe('統合タイムライン(lk-node1 の時計で表示)');
  });

  it('opens on the warnings and worse, ten minutes either side', () => {
    const w = incidentWindow(merged);
    if (!w) throw new Error('no window');
    expect(windowText(w)).toBe('2024-05-20 09:31:07 – 2024-05-20 10:31:27');
    expect(merged.filter((e) => e.at >= w[0] && e.at < w[1])).toHaveLength(16);
  });

  it('has no window when nothing is a warning, or when the window holds every event', () => {
    const info = merged.filter((e) => e.severity === 'info');
    expect(incidentWindow(timelineEntries(info.map((e) => e.event)))).toBeNull();
    const near = merged.filter((e) => e.at > Date.parse('2024-05-20T09:40:00Z'));
    expect(incidentWindow(timelineEntries(near.map((e) => e.event)))).toBeNull();
  });
});

describe('findings and their events', () => {
  const report = golden('cluster-split-brain');
  const view = present(report, 'en');
  const links = timelineLinks(report);
  const key = (id: string, node: string): string => view.findings.find((f) => f.id === id && f.node === node)?.key ?? '';

  it('shows a node\'s finding in its cluster\'s merged timeline, at the event its evidence is', () => {
    const link = links.byFinding.get(key('communication-failure-logged', 'lk-node2'));
    expect(link?.timeline).toBe(clusterTimelineId('lk-node1+lk-node2'));
    const entries = reportTimelines(report).get(link?.timeline ?? '') ?? [];
    expect(link?.events.map((i) => entries[i]?.event.title.en)).toEqual(['Communication failure: lk-node1 out of service']);
  });

  it('names the finding of an event, in the merged timeline and in the node\'s own', () => {
    const k = key('communication-failure-logged', 'lk-node1');
    const entries = reportTimelines(report);
    for (const id of [clusterTimelineId('lk-node1+lk-node2'), nodeTimelineId(0)]) {
      const byEvent = links.byEvent.get(id);
      const at = [...(byEvent ?? new Map<number, string[]>())].filter(([, keys]) => keys.includes(k)).map(([i]) => entries.get(id)?.[i]?.event.title.en);
      expect(at, id).toEqual(['Communication failure: lk-node2 out of service']);
    }
  });

  it('links no finding whose evidence is in no timeline (a split brain seen in lcdstatus)', () => {
    expect(links.byFinding.has(key('cluster-split-brain', 'lk-node1+lk-node2'))).toBe(false);
  });

  it('keys findings by their place, whatever the language', () => {
    expect(present(report, 'ja').findings.map((f) => f.key)).toEqual(view.findings.map((f) => f.key));
  });
});
