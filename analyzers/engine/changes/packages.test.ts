import { describe, expect, it } from 'vitest';
import type { Evidence, Finding } from '../plugin/findings.js';
import type { NodeReport } from '../report/report.js';
import { clusterNode, runCase } from '../plugin/testing.js';
import { findingChanges } from './findings.js';
import { compareArchives } from './over-time.js';
import type { Change } from './types.js';

const ev = (path: string, line: number, text: string): Evidence => ({ path, line, text });

function node(archive: string, facts: Partial<NodeReport> = {}, analyzers: NodeReport['analyzers'] = []): NodeReport {
  return {
    archive, hostname: 'lk-node2', collectedAt: null, recognized: true, notes: [],
    members: { read: [], listed: [], skipped: [], unused: { count: 0, bytes: 0, sample: [] }, total: 0 }, analyzers, ...facts,
  };
}

/** An installed-packages fact from `rpm -qa` lines (epoch given as `E:` before the version). */
function rpms(path: string, ...lines: string[]): Partial<NodeReport> {
  return {
    'installed-packages': {
      dropped: 0,
      packages: lines.map((l, i) => {
        const m = /^(.+)-(?:(\d+):)?([^-]+)-([^-]+)\.(x86_64|noarch)$/.exec(l);
        if (!m) throw new Error(l);
        return { name: m[1] ?? '', epoch: m[2] ?? null, version: m[3] ?? '', release: m[4] ?? '', arch: m[5] ?? null, evidence: ev(path, i + 1, l) };
      }),
    },
  };
}

const ABOUT = (id: string) => ({ title: { en: `the ${id} fact`, ja: `${id} のファクト` }, inputs: id === 'installed-packages' ? ['rpm-qa'] : [`${id}-input`] });
const compare = (a: NodeReport, b: NodeReport, findings: { before: Finding[]; after: Finding[] } = { before: [], after: [] }) => compareArchives(a, b, findings, 'collected', ABOUT);
const brief = (c: Change): string => `${c.kind} ${c.subject} ${c.change}${c.field ? ` ${c.field}` : ''}: ${c.before ?? '-'} → ${c.after ?? '-'}`;

describe('other packages between two archives of one node', () => {
  const before = node('old', rpms('old/rpm-qa.out',
    'bash-4.4.19-14.el8.x86_64', 'chrony-3.5-2.el8.x86_64', 'openssl-libs-1:1.1.1k-5.el8_5.x86_64', 'kernel-4.18.0-305.el8.x86_64',
    'tzdata-2024a-1.el8.noarch', 'foo-1.0-1.x86_64', 'perl-libs-4:5.26.3-420.el8.x86_64', 'steeleye-lkIP-9.6.2-7047.noarch', 'leaving-1.0-1.noarch'));
  const after = node('new', rpms('new/rpm-qa.out',
    'bash-4.4.20-1.el8.x86_64', 'chrony-3.5-2.el8.x86_64', 'openssl-libs-1:1.1.1k-5.el8_5.x86_64', 'kernel-4.18.0-305.el8.x86_64', 'kernel-4.18.0-348.el8.x86_64',
    'tzdata-2023c-1.el8.noarch', 'foo-1.0~rc1-1.x86_64', 'perl-libs-5:5.26.0-1.el8.x86_64', 'steeleye-lkIP-9.7.0-7188.noarch', 'arriving-2.0-1.noarch'));

  it('installed, removed, upgraded and downgraded as rpm orders them (epoch, ~), each with the line of both archives', () => {
    const c = compare(before, after).changes.filter((x) => x.kind === 'other-package');
    expect(c.map(brief)).toEqual([
      'other-package arriving added: - → 2.0-1',
      'other-package bash upgraded version: 4.4.19-14.el8 → 4.4.20-1.el8',
      // A pre-release (~rc1) is older than the release it leads to.
      'other-package foo downgraded version: 1.0-1 → 1.0~rc1-1',
      // A second kernel beside the first: the set changed, its newest is newer.
      'other-package kernel upgraded version: 4.18.0-305.el8 → 4.18.0-305.el8, 4.18.0-348.el8',
      'other-package leaving removed: 1.0-1 → -',
      // The epoch decides before the version does.
      'other-package perl-libs upgraded version: 4:5.26.3-420.el8 → 5:5.26.0-1.el8',
      'other-package tzdata downgraded version: 2024a-1.el8 → 2023c-1.el8',
    ]);
    const bash = c.find((x) => x.subject === 'bash');
    expect(bash?.evidenceBefore).toEqual([ev('old/rpm-qa.out', 1, 'bash-4.4.19-14.el8.x86_64')]);
    expect(bash?.evidenceAfter).toEqual([ev('new/rpm-qa.out', 1, 'bash-4.4.20-1.el8.x86_64')]);
    const kernel = c.find((x) => x.subject === 'kernel');
    expect(kernel?.evidenceAfter.map((e) => e.text)).toEqual(['kernel-4.18.0-348.el8.x86_64']);
    expect(c.find((x) => x.subject === 'arriving')?.evidenceAfter[0]?.line).toBe(10);
    expect(c.find((x) => x.subject === 'leaving')?.evidenceBefore[0]?.line).toBe(9);
  });

  it('leaves LifeKeeper packages to the kits, and lists packages after everything else', () => {
    const c = compare(before, after).changes;
    expect(c.some((x) => x.kind === 'other-package' && x.subject.startsWith('steeleye'))).toBe(false);
    const first = c.findIndex((x) => x.kind === 'other-package');
    expect(c.slice(first).every((x) => x.kind === 'other-package')).toBe(true);
  });

  it('a whole system replaced: the bound keeps the other changes and cuts the packages, counted', () => {
    const many = (prefix: string) => Array.from({ length: 20_000 }, (_, i) => `${prefix}${i}-1.0-1.x86_64`);
    const k = (release: string): Partial<NodeReport> => ({ kernel: { release, machine: null, evidence: ev('uname', 1, release) } });
    const r = compare(node('old', { ...rpms('a', ...many('old')), ...k('4.18.0-305.el8') }), node('new', { ...rpms('b', ...many('new')), ...k('4.18.0-348.el8') }));
    expect(r.changes[0]?.kind).toBe('kernel');
    expect(r.changes).toHaveLength(2000);
    expect(r.changesDropped).toBe(40_001 - 2000);
  });

  it('nothing changed: the same list in another order is no change', () => {
    const same = node('new', rpms('x', 'chrony-3.5-2.el8.x86_64', 'bash-4.4.19-14.el8.x86_64'));
    expect(compare(node('old', rpms('y', 'bash-4.4.19-14.el8.x86_64', 'chrony-3.5-2.el8.x86_64')), same).changes).toEqual([]);
  });

  it('an earlier archive without rpm -qa: incomplete, said with what was looked for; no package is said installed', () => {
    const r = compare(node('old', {}, [{ id: 'installed-packages', kind: 'fact', version: '1', status: 'not-checked', reason: { en: 'no rpm -qa output in the archive', ja: 'x' } }]), after);
    expect(r.changes).toEqual([]);
    expect(r.incomplete).toEqual([{ fact: 'installed-packages', missingIn: 'before', what: 'fact', title: ABOUT('installed-packages').title, lookedFor: ['rpm-qa'], reason: { en: 'no rpm -qa output in the archive', ja: 'x' } }]);
  });
});

describe('a side missing, for each kind compared', () => {
  const ver = { 'lifekeeper-version': { version: '9.6.2', release: '1', packages: [], kits: [], evidence: null } };
  const FACTS: Record<string, Partial<NodeReport>> = {
    'lifekeeper-version': ver,
    kernel: { kernel: { release: '4.18.0', machine: null, evidence: ev('uname', 1, '4.18.0') } },
    'os-release': { 'os-release': { id: 'rhel', versionId: '8.4', name: 'RHEL', prettyName: null, version: '8.4', evidence: [] } },
    settings: { settings: { lifekeeper: [{ key: 'LCMNUMHBEATS', value: '3', default: '3', differs: false, defaultSource: null, overridden: false, evidence: ev('d', 1, 'LCMNUMHBEATS=3') }], iscsi: null } },
    'resource-hierarchy': { 'resource-hierarchy': [] },
    'comm-paths': { 'comm-paths': [] },
    'lifekeeper-flags': { 'lifekeeper-flags': { flags: [], shutdownStrategy: null, evidence: [] } },
    datakeeper: { datakeeper: { mirrors: [], unmatchedStatus: [], netraid: [], flags: [] } },
    'installed-packages': rpms('p', 'bash-4.4.19-14.el8.x86_64'),
  };
  for (const [fact, facts] of Object.entries(FACTS)) {
    it(`${fact}: missing from the earlier archive is incomplete, never added; from the later, never removed`, () => {
      for (const [a, b, missingIn] of [[node('old'), node('new', facts), 'before'], [node('old', facts), node('new'), 'after']] as const) {
        const r = compare(a, b);
        expect(r.changes).toEqual([]);
        expect(r.incomplete).toEqual([expect.objectContaining({ fact, missingIn, what: 'fact', lookedFor: ABOUT(fact).inputs })]);
      }
    });
  }

  it('/etc/default/LifeKeeper or iscsid.conf missing from one archive, the settings fact in both: incomplete, no key said set or unset', () => {
    const settings = (files: string[], keys: Array<[string, string]>): Partial<NodeReport> => ({
      settings: { lifekeeper: keys.map(([key, value]) => ({ key, value, default: null, differs: null, defaultSource: null, overridden: false, evidence: ev('d', 1, `${key}=${value}`) })), iscsi: null },
      members: { read: files.map((input) => ({ path: input, input: input as 'lifekeeper-defaults', bytes: 1, lines: 1, encodings: [], truncatedLines: 0, problem: null })), listed: [], skipped: [], unused: { count: 0, bytes: 0, sample: [] }, total: 1 },
    });
    const r = compare(node('old', settings(['iscsid-conf'], [])), node('new', settings(['lifekeeper-defaults'], [['LCMNUMHBEATS', '5']])));
    expect(r.changes).toEqual([]);
    expect(r.incomplete.map((i) => `${i.fact} ${i.missingIn} ${i.what} ${(i.lookedFor ?? []).join()}`)).toEqual(['lifekeeper-defaults before file lifekeeper-defaults', 'iscsid-conf after file iscsid-conf']);
  });
});

describe('findings paired by a stable key', () => {
  const f = (id: string, title: string, text = title, path = 'var/log/lifekeeper.log'): Finding => ({ id, severity: 'warning', node: 'lk-node2', title: { en: title, ja: title }, summary: { en: '', ja: '' }, remediation: { en: '', ja: '' }, action: { en: '', ja: '' }, evidence: [ev(path, 1, text)], references: [] });
  const brief2 = (c: Change): string => `${c.change} ${c.subject}: ${c.before ?? '-'} → ${c.after ?? '-'}`;

  it('a title with a count or a time in it is the same finding of the same resource, and two resources are not mixed up', () => {
    const c = findingChanges(
      [f('resource-failed', 'ip-web failed 2 times, last at 09:41:02'), f('resource-failed', 'ip-db failed 1 time, last at 08:00:00')],
      [f('resource-failed', 'ip-app failed 1 time, last at 10:00:00'), f('resource-failed', 'ip-web failed 5 times, last at 11:02:13')],
    ).changes;
    expect(c.map(brief2)).toEqual([
      'new resource-failed: - → ip-app failed 1 time, last at 10:00:00',
      'resolved resource-failed: ip-db failed 1 time, last at 08:00:00 → -',
      'still resource-failed: ip-web failed 2 times, last at 09:41:02 → ip-web failed 5 times, last at 11:02:13',
    ]);
  });

  it('an address is part of the subject: a comm path to another address is another finding', () => {
    const c = findingChanges([f('comm-path-dead', 'comm path 10.0.0.1 DEAD for 3 minutes')], [f('comm-path-dead', 'comm path 10.0.0.9 DEAD for 4 minutes'), f('comm-path-dead', 'comm path 10.0.0.1 DEAD for 9 minutes')]).changes;
    expect(c.map((x) => x.change)).toEqual(['new', 'still']);
    expect(c[1]?.after).toBe('comm path 10.0.0.1 DEAD for 9 minutes');
  });

  it('a reworded title is the same finding when its first line (member, text without the times) is', () => {
    const c = findingChanges(
      [f('lkscsid-restart', 'lkscsid restarted', 'May 20 10:00:01 lk-node2 lkscsid[123]: restart', 'var/log/lifekeeper.log.1')],
      [f('lkscsid-restart', 'lkscsid restarted repeatedly', 'Jun  3 09:00:07 lk-node2 lkscsid[456]: restart'), f('lkscsid-restart', 'something else', 'other')],
    ).changes;
    expect(c.map((x) => x.change).sort()).toEqual(['new', 'still']);
    expect(c.find((x) => x.change === 'still')?.after).toBe('lkscsid restarted repeatedly');
  });

  it('a rule not checked in the later archive neither resolves its findings nor raises new ones', () => {
    const statuses = (s: 'ran' | 'not-checked') => [{ id: 'comm-path-dead', status: s }];
    const r = findingChanges([f('comm-path-dead', 'path DEAD')], [], { before: statuses('ran'), after: statuses('not-checked') });
    expect(r.changes).toEqual([]);
    expect(r.notChecked).toEqual([{ id: 'comm-path-dead', missingIn: 'after', title: { en: 'path DEAD', ja: 'path DEAD' } }]);
    const pair = compare(node('old', {}, [{ id: 'comm-path-dead', kind: 'rule', version: '1', status: 'ran', reason: null }]), node('new', {}, [{ id: 'comm-path-dead', kind: 'rule', version: '1', status: 'not-checked', reason: { en: 'needs comm-paths', ja: 'comm-paths が必要' } }]), { before: [f('comm-path-dead', 'path DEAD')], after: [] });
    expect(pair.changes).toEqual([]);
    expect(pair.incomplete).toEqual([expect.objectContaining({ fact: 'comm-path-dead', missingIn: 'after', what: 'rule', reason: { en: 'needs comm-paths', ja: 'comm-paths が必要' } })]);
  });
});

describe('other packages side by side', () => {
  it('only the packages whose versions differ are rows; those the same are counted; a node without rpm -qa is no difference', async () => {
    const a = clusterNode({ host: 'lk-node1', peer: 'lk-node2' });
    const b = clusterNode({ host: 'lk-node2', peer: 'lk-node1', state: 'OSU' });
    const rpm = (extra: string) => `steeleye-lk-9.6.2-7047.x86_64\nbash-4.4.19-14.el8.x86_64\nchrony-3.5-2.el8.x86_64\n${extra}`;
    const report = await runCase([{ inputs: { ...a.inputs, 'rpm-qa': rpm('tzdata-2024a-1.el8.noarch\n') } }, { inputs: { ...b.inputs, 'rpm-qa': rpm('tzdata-2023c-1.el8.noarch\nonly-here-1.0-1.noarch\n') } }]);
    const table = report.changes.sideBySide[0];
    const rows = table?.rows.filter((r) => r.group === 'other-package');
    expect(rows?.map((r) => [r.key, r.values, r.differs])).toEqual([['only-here', [null, '1.0-1'], true], ['tzdata', ['2024a-1.el8', '2023c-1.el8'], true]]);
    expect(rows?.[1]?.evidence.map((e) => e[0]?.text)).toEqual(['tzdata-2024a-1.el8.noarch', 'tzdata-2023c-1.el8.noarch']);
    expect(table?.packagesSame).toBe(2);
  });
});
