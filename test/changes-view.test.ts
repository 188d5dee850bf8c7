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
    expect(pair?.groups.map((g) => g.kind)).toEqual(['lifekeeper', 'package', 'other-package', 'kernel', 'os', 'setting', 'resource']);
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

  it('lists LifeKeeper kits first, then the other packages grouped by what happened to them, with counts', () => {
    const [pair] = changesView(report, 'en')?.overTime ?? [];
    const kits = pair?.groups.find((g) => g.kind === 'package');
    expect(kits).toMatchObject({ label: 'LifeKeeper kits and components', summary: '2 upgraded' });
    const others = pair?.groups.find((g) => g.kind === 'other-package');
    expect(others?.label).toBe('Other packages');
    expect(others?.summary).toBe('1 installed, 1 removed, 3 upgraded, 1 downgraded');
    expect(others?.changes.map((c) => `${c.verbLabel} ${c.subject}`)).toEqual(['installed sysstat', 'removed net-snmp', 'upgraded bash', 'upgraded kernel', 'upgraded openssl-libs', 'downgraded tzdata']);
    expect(others?.changes.find((c) => c.subject === 'openssl-libs')).toMatchObject({ before: '1:1.1.1g-15.el8_3', after: '1:1.1.1k-5.el8_5' });
    expect(others?.changes.find((c) => c.subject === 'bash')?.evidenceBefore).toEqual(['lksupport/rpm-qa.out:2  bash-4.4.19-14.el8.x86_64']);
    const ja = changesView(report, 'ja')?.overTime[0]?.groups.find((g) => g.kind === 'other-package');
    expect(ja?.summary).toBe('インストール 1 件、削除 1 件、アップグレード 3 件、ダウングレード 1 件');
  });

  it('says what one archive lacks and what was looked for, in both languages', () => {
    const pair = report.changes.overTime[0] as Report['changes']['overTime'][number];
    const r: Report = { ...report, changes: { overTime: [{ ...pair, incomplete: [{ fact: 'installed-packages', missingIn: 'before', what: 'fact', title: { en: 'Installed packages', ja: 'インストール済みパッケージ' }, lookedFor: ['rpm-qa'], reason: null }, { fact: 'comm-path-dead', missingIn: 'after', what: 'rule', lookedFor: [], reason: { en: 'no comm paths', ja: 'コミュニケーションパスがありません' } }] }], sideBySide: [] } };
    expect(changesView(r, 'en')?.overTime[0]?.incomplete).toEqual([
      'Installed packages: not in the OLD archive (looked for: rpm-qa). Incomplete: not compared, nothing of it is said added or removed.',
      'comm-path-dead: not checked in the NEW archive (no comm paths). Incomplete: its findings are not compared, none is said new or resolved.',
    ]);
    expect(changesView(r, 'ja')?.overTime[0]?.incomplete[0]).toBe('インストール済みパッケージ: 古いアーカイブにありません(探したもの: rpm-qa)。不完全なため比較しておらず、追加・削除とは判断していません。');
  });

  it('side by side, the other packages that differ are rows, and those the same are counted', () => {
    const table = changesView(report, 'en')?.sideBySide[0];
    const others = table?.groups.find((g) => g.group === 'other-package');
    expect(others?.rows.every((r) => r.differs)).toBe(true);
    expect(table?.packagesSame).toMatch(/^\d+ other packages? at the same version on every node, not listed\.$/);
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
