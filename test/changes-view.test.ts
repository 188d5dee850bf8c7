import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Report } from '../analyzers/engine/report/report.js';
import { changesView, sideBySideCsv } from '../presentation/changes.js';
import { findingKey, sortedFindings } from '../presentation/model.js';

const golden = (name: string): Report => JSON.parse(readFileSync(new URL(`../samples/golden/${name}.json`, import.meta.url), 'utf8')) as Report;

describe('the changes view', () => {
  const report = golden('cluster-upgrade-over-time');

  it('groups the changes of a pair by kind, in a fixed order, each verb in the reader language', () => {
    const [pair] = changesView(report, 'ja')?.overTime ?? [];
    expect(pair?.groups.map((g) => g.kind)).toEqual(['lifekeeper', 'package', 'kernel', 'os', 'setting', 'resource']);
    const setting = pair?.groups.find((g) => g.kind === 'setting')?.changes[0];
    expect(setting).toMatchObject({ subject: 'LCMNUMHBEATS', verbLabel: '変更', before: '3', after: '5', default: '3' });
    expect(setting?.evidenceBefore[0]).toBe('lksupport/etc_default_LifeKeeper:8  LCMNUMHBEATS=3');
  });

  it('links a row of the side-by-side table to the finding about it, by the finding key every output uses', () => {
    const table = changesView(report, 'en')?.sideBySide[0];
    const row = table?.groups.find((g) => g.group === 'setting')?.rows.find((r) => r.key === 'LCMNUMHBEATS');
    const index = sortedFindings(report.findings).findIndex((f) => f.id === 'cluster-heartbeat-mismatch');
    expect(row?.findings).toEqual([{ id: 'cluster-heartbeat-mismatch', key: findingKey(index) }]);
    expect(row?.differs).toBe(true);
  });

  it('a report with one archive of one node has no changes section', () => {
    expect(changesView(golden('healthy-shared-disk-node1'), 'en')).toBeNull();
  });

  it('a setting one archive does not set reads "(not set)", its default beside it', () => {
    const r: Report = { ...report, changes: { overTime: [{ ...(report.changes.overTime[0] as Report['changes']['overTime'][number]), changes: [{ kind: 'setting', subject: 'LKDR_SPEED_LIMIT', change: 'added', field: null, before: null, after: '100000', default: '500000', evidenceBefore: [], evidenceAfter: [{ path: 'x', line: 3, text: 'LKDR_SPEED_LIMIT=100000' }] }] }], sideBySide: [] } };
    const c = changesView(r, 'en')?.overTime[0]?.groups[0]?.changes[0];
    expect(c).toMatchObject({ before: '(not set)', after: '100000', default: '500000' });
  });
});

describe('the side-by-side CSV', () => {
  it('quotes fields with commas and quotes, and defuses a leading = + - @ for spreadsheets', () => {
    const report = golden('cluster-upgrade-over-time');
    const table = report.changes.sideBySide[0];
    if (!table) throw new Error('no table');
    const r: Report = { ...report, changes: { overTime: [], sideBySide: [{ ...table, rows: [{ group: 'setting', key: 'K', values: ['a,"b"', '=cmd()'], differs: true, evidence: [[], []], findings: [] }] }] } };
    const csv = sideBySideCsv(r, 'en');
    expect(csv).toContain('K,"a,""b""",\'=cmd(),differs,\r\n');
  });

  it('has a header and one line per row, in Japanese with Japanese group names', () => {
    const csv = sideBySideCsv(golden('cluster-upgrade-over-time'), 'ja');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFFcluster,group,key,node1,node2,differs,findings');
    expect(csv).toContain(',設定 (/etc/default/LifeKeeper),LCMNUMHBEATS,3,5,差異あり,cluster-heartbeat-mismatch');
  });
});
