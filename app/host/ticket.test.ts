import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../analyzers/engine/report/read-report.js';
import type { Report } from '../../analyzers/engine/report/report.js';
import { caseFileSlug, isTimelineScope, readCaseId, scopeTimeline } from './ticket.js';

const golden = async (name: string): Promise<Report> => readReport(JSON.parse(await readFile(`samples/golden/${name}.json`, 'utf8')) as unknown);

describe('what an export adds for a ticket', () => {
  it('takes a case number as people write it, and refuses markup, control characters and length', () => {
    expect(readCaseId('  SR-4711 ')).toBe('SR-4711');
    expect(readCaseId('#00123456 (JP)')).toBe('#00123456 (JP)');
    expect(readCaseId('ケース12')).toBe('ケース12');
    expect(readCaseId('')).toBeNull();
    expect(readCaseId(undefined)).toBeNull();
    for (const bad of ['<b>1</b>', 'a\u0000b', 'a\nb', 'x'.repeat(65), '-1', '../x']) expect(() => readCaseId(bad), bad).toThrow(RangeError);
  });

  it('makes a file name part of a case number from ASCII letters, digits, dots, underscores and dashes only', () => {
    expect(caseFileSlug('SR 4711/b')).toBe('SR_4711_b');
    expect(caseFileSlug('ケース12')).toBe('12');
    expect(caseFileSlug('#00123 (JP)')).toBe('00123_JP');
  });

  it('knows the three timeline scopes and nothing else', () => {
    expect(['all', 'warnings', 'none'].every(isTimelineScope)).toBe(true);
    expect(isTimelineScope('info')).toBe(false);
    expect(isTimelineScope(undefined)).toBe(false);
  });

  it('keeps warnings and criticals of node and cluster timelines, counts the info events left out, and leaves the report it was given whole', async () => {
    const report = await golden('cluster-split-brain');
    const nodeEvents = report.nodes.flatMap((n) => n.timeline?.events ?? []);
    const info = nodeEvents.filter((e) => e.severity === 'info').length;
    expect(info).toBeGreaterThan(0);
    const { report: cut, leftOut } = scopeTimeline(report, 'warnings');
    expect(leftOut).toEqual({ scope: 'warnings', events: info });
    expect(cut.nodes.flatMap((n) => n.timeline?.events ?? []).every((e) => e.severity !== 'info')).toBe(true);
    expect(cut.clusters.flatMap((c) => c.timeline).every((e) => e.severity !== 'info')).toBe(true);
    expect(cut.clusters.flatMap((c) => c.timeline).length).toBeGreaterThan(0);
    expect(report.nodes.flatMap((n) => n.timeline?.events ?? [])).toHaveLength(nodeEvents.length);
  });

  it('removes the timelines for none, and changes nothing for all', async () => {
    const report = await golden('cluster-split-brain');
    const none = scopeTimeline(report, 'none');
    expect(none.report.nodes.every((n) => n.timeline === undefined)).toBe(true);
    expect(none.report.clusters.every((c) => c.timeline.length === 0)).toBe(true);
    expect(none.leftOut.events).toBe(report.nodes.reduce((sum, n) => sum + (n.timeline?.events.length ?? 0), 0));
    expect(scopeTimeline(report, 'all')).toEqual({ report, leftOut: { scope: 'all', events: 0 } });
  });
});
