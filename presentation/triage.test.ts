import { describe, expect, it } from 'vitest';
import type { Finding } from '../analyzers/engine/plugin/findings.js';
import { text } from '../analyzers/engine/plugin/text.js';
import type { AnalyzerStatus, NodeReport, Report } from '../analyzers/engine/report/report.js';
import { REPORT_SCHEMA } from '../analyzers/engine/report/report.js';
import { triage } from './triage.js';

const status = (id: string, s: AnalyzerStatus['status'], reason: string | null, kind: AnalyzerStatus['kind'] = 'rule'): AnalyzerStatus => ({ id, kind, version: '1', status: s, reason: reason === null ? null : text(reason, `${reason}(ja)`) });

function node(hostname: string, analyzers: AnalyzerStatus[], extra: Partial<NodeReport> = {}): NodeReport {
  return { archive: `${hostname}.tar.gz`, hostname, collectedAt: null, recognized: true, notes: [], members: { read: [], listed: [], skipped: [], unused: { count: 0, bytes: 0, sample: [] }, total: 0 }, analyzers, ...extra };
}

function report(nodes: NodeReport[], findings: Finding[] = []): Report {
  return { schema: REPORT_SCHEMA, generator: { name: 'lkanalyze', version: '1' }, rulePacks: [], generatedAt: '2026-01-01T00:00:00Z', archives: [], nodes, clusters: [], findings, changes: { overTime: [], sideBySide: [] } };
}

const finding = (node: string, severity: Finding['severity'], title: string): Finding => ({ id: `r-${title}`, severity, node, title: text(title, title), summary: text('s', 's'), remediation: text('r', 'r'), action: text('a', 'a'), evidence: [{ path: 'x', line: 1, text: 'x' }], references: [] });

describe('triage', () => {
  it('never says all clear when checks could not run: it says how many and what stopped them', () => {
    const t = triage(report([node('n1', [
      status('resource-hierarchy', 'not-checked', 'no lcdstatus output in the archive', 'fact'),
      status('comm-path-dead', 'not-checked', 'needs comm-paths, which could not be determined'),
      status('settings', 'not-checked', 'no /etc/default/LifeKeeper in the archive', 'fact'),
      status('quorum', 'ran', null),
    ])]), 'en');
    expect(t.verdict).toMatch(/^No problem found in what could be checked, but 3 checks could not run: this is not an all-clear/);
    expect(t.coverage.missing).toEqual(['no lcdstatus output in the archive', 'no /etc/default/LifeKeeper in the archive']);
    expect(t.coverage.sentence).toBe('1 check ran, 0 found something; 3 could not run: no lcdstatus output in the archive; no /etc/default/LifeKeeper in the archive.');
    expect(t.nodes[0]?.status).toBe('no problem found in what could be checked');
  });

  it('says all clear only when every check ran', () => {
    const t = triage(report([node('n1', [status('a', 'ran', null), status('b', 'ran', null)])]), 'en');
    expect(t.verdict).toBe('No findings: nothing known to be wrong was found in what was read.');
    expect(t.nodes[0]).toMatchObject({ status: 'no problem found', tone: 'good' });
  });

  it('gives each node its worst finding, a cross-node finding counting for both nodes', () => {
    const t = triage(report([node('a', []), node('b', [])], [finding('a', 'info', 'minor'), finding('a', 'warning', 'worse'), finding('a+b', 'critical', 'split brain')]), 'en');
    expect(t.nodes.map((n) => `${n.name}: ${n.worst?.severity} ${n.worst?.title}`)).toEqual(['a: critical split brain', 'b: critical split brain']);
    expect(t.verdict).toBeNull();
  });

  it('a node that is not LifeKeeper for Linux says so instead of "no problem"', () => {
    const t = triage(report([node('w', [], { recognized: false })]), 'ja');
    expect(t.nodes[0]?.status).toMatch(/^解析対象外/);
    expect(t.verdict).toMatch(/^解析できた範囲では検出事項はありませんが/);
  });

  it('a node whose peer\'s archive is missing is not all clear: the cross-node checks did not run, and the peer is named', () => {
    const r = report([node('n1', [status('a', 'ran', null)])]);
    r.clusters = [{ id: 'c', nodes: ['n1'], missingPeers: ['n2'], earlierArchives: [], commPaths: [], hierarchies: [], skew: [], timeline: [], timelineDropped: 0, ruleFailures: [] }];
    const t = triage(r, 'en');
    expect(t.verdict).toMatch(/^No problem found in what could be checked, but 1 check could not run/);
    expect(t.coverage.missing[0]).toBe('no archive of peer n2: the cross-node checks (split brain, versions, heartbeat settings, failover) did not run');
    expect(t.nodes[0]?.status).toBe('no problem found in what could be checked');
  });
});
