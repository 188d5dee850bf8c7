import { describe, expect, it } from 'vitest';
import type { Evidence, Finding } from '../plugin/findings.js';
import type { NodeReport } from '../report/report.js';
import { clusterNode, runCase } from '../plugin/testing.js';
import { analyzeChanges } from './index.js';
import { compareArchives, changesOverTime } from './over-time.js';
import { findingChanges } from './findings.js';
import { afterGzipData } from '../archive/native-gunzip.js';
import type { Change } from './types.js';

const ev = (path: string, line: number, text: string): Evidence => ({ path, line, text });

function node(archive: string, collectedAt: string | null, facts: Partial<NodeReport> = {}): NodeReport {
  return {
    archive, hostname: 'lk-node2', collectedAt, recognized: true, notes: [],
    members: { read: [], listed: [], skipped: [], unused: { count: 0, bytes: 0, sample: [] }, total: 0 }, analyzers: [], ...facts,
  };
}

const lk = (version: string, release: string, kits: Array<[string, string, string]> = []): Partial<NodeReport> => ({
  'lifekeeper-version': {
    version, release, kits: kits.map(([, , k]) => k), evidence: ev('rpm-qa.out', 1, `steeleye-lk-${version}-${release}.x86_64`),
    packages: [
      { name: 'steeleye-lk', version, release, arch: 'x86_64', kit: null, evidence: ev('rpm-qa.out', 1, `steeleye-lk-${version}-${release}.x86_64`) },
      ...kits.map(([name, v, kit], i) => ({ name, version: v.split('-')[0] ?? '', release: v.split('-')[1] ?? '', arch: 'noarch', kit, evidence: ev('rpm-qa.out', i + 2, `${name}-${v}.noarch`) })),
    ],
  },
});

const compare = (a: NodeReport, b: NodeReport, findings: { before: Finding[]; after: Finding[] } = { before: [], after: [] }) => compareArchives(a, b, findings, 'collected');
const brief = (c: Change): string => `${c.kind} ${c.subject} ${c.change}${c.field ? ` ${c.field}` : ''}: ${c.before ?? '-'} → ${c.after ?? '-'}`;

describe('what changed between two archives of one node', () => {
  it('a LifeKeeper upgrade and its kits, compared as rpm compares versions', () => {
    const a = node('old.tar.gz', '2024-05-20T10:21:30', lk('9.6.2', '7047', [['steeleye-lkIP', '9.6.2-7047', 'IP'], ['steeleye-lkNFS', '9.6.2-7047', 'NFS Server']]));
    const b = node('new.tar.gz', '2024-06-03T09:00:00', lk('9.10.0', '7300', [['steeleye-lkIP', '9.10.0-7300', 'IP'], ['steeleye-lkDR', '9.10.0-7300', 'DataKeeper']]));
    const c = compare(a, b).changes.map(brief);
    expect(c).toEqual([
      'lifekeeper LifeKeeper upgraded version: 9.6.2-7047 → 9.10.0-7300',
      'package steeleye-lkIP upgraded version: 9.6.2-7047 → 9.10.0-7300',
      'package steeleye-lkDR added: - → 9.10.0-7300',
      'package steeleye-lkNFS removed: 9.6.2-7047 → -',
    ]);
    // Each change carries the line of each archive that shows it.
    const up = compare(a, b).changes[0];
    expect(up?.evidenceBefore[0]?.text).toBe('steeleye-lk-9.6.2-7047.x86_64');
    expect(up?.evidenceAfter[0]?.text).toBe('steeleye-lk-9.10.0-7300.x86_64');
  });

  it('a downgrade is a downgrade', () => {
    const c = compare(node('a', '2024-01-01T00:00:00', lk('9.7.0', '7188')), node('b', '2024-02-01T00:00:00', lk('9.6.2', '7047'))).changes;
    expect(c.map((x) => x.change)).toEqual(['downgraded']);
  });

  it('the kernel and the OS', () => {
    const k = (release: string, pretty: string, versionId: string): Partial<NodeReport> => ({
      kernel: { release, machine: 'x86_64', evidence: ev('uname', 1, release) },
      'os-release': { id: 'rhel', versionId, name: 'Red Hat Enterprise Linux', prettyName: pretty, version: versionId, evidence: [ev('os-release', 1, pretty)] },
    });
    const c = compare(node('a', null, k('4.18.0-305.el8.x86_64', 'RHEL 8.4', '8.4')), node('b', null, k('4.18.0-513.el8.x86_64', 'RHEL 8.9', '8.9'))).changes.map(brief);
    expect(c).toEqual(['kernel kernel upgraded release: 4.18.0-305.el8.x86_64 → 4.18.0-513.el8.x86_64', 'os rhel upgraded version: RHEL 8.4 → RHEL 8.9']);
  });

  it('every setting changed, set or unset, with its default; and the iSCSI replacement timeout', () => {
    const s = (pairs: Array<[string, string, string | null]>, timeout: number | null): Partial<NodeReport> => ({
      settings: {
        lifekeeper: pairs.map(([key, value, def], i) => ({ key, value, default: def, differs: def === null ? null : def !== value, defaultSource: null, overridden: false, evidence: ev('etc/default/LifeKeeper', i + 1, `${key}=${value}`) })),
        iscsi: { replacementTimeout: timeout, evidence: ev('iscsid.conf', 9, `node.session.timeo.replacement_timeout = ${timeout}`) },
      },
      members: { read: [{ path: 'etc/default/LifeKeeper', input: 'lifekeeper-defaults', bytes: 1, lines: 1, encodings: [], truncatedLines: 0, problem: null }], listed: [], skipped: [], unused: { count: 0, bytes: 0, sample: [] }, total: 1 },
    });
    const a = node('a', null, s([['LCMNUMHBEATS', '3', '3'], ['LCMHBEATTIME', '5', '5'], ['NOBCASTPING', '1', null]], 120));
    const b = node('b', null, s([['LCMNUMHBEATS', '5', '3'], ['LCMHBEATTIME', '5', '5'], ['LKDR_SPEED_LIMIT', '100000', '500000']], 5));
    const c = compare(a, b).changes;
    expect(c.map(brief)).toEqual([
      'setting LCMNUMHBEATS changed: 3 → 5',
      'setting LKDR_SPEED_LIMIT added: - → 100000',
      'setting NOBCASTPING removed: 1 → -',
      'iscsi node.session.timeo.replacement_timeout changed: 120 → 5',
    ]);
    expect(c[0]?.default).toBe('3');
    expect(c[1]?.default).toBe('500000');
  });

  it('resources added and removed, state, priority and equivalency changes; comm paths; flags; mirrors', () => {
    const res = (tag: string, state: string, prio: number, peers: string[]) => ({
      tag, id: tag, app: 'comm', type: 'ip', typeSource: 'lcdstatus' as const, state, localPriority: prio, primaryServer: null, initialize: null, reason: null,
      equivalencies: peers.map((p) => ({ peer: p, peerTag: tag, priority: 10, kind: 'SHARED', failover: null })), children: [], evidence: [ev('lcdstatus', 1, `${tag} ${state}`)],
    });
    const path = (state: string) => ({ peer: 'lk-node1', type: 'TCP', localAddress: '10.0.0.2', remoteAddress: '10.0.0.1', device: null, state, priority: 1, commDowns: null, evidence: [ev('lcdstatus', 9, `TCP ${state}`)] });
    const mirror = (status: string, dirty: number) => ({
      device: '/dev/md0', state: 'active', level: 'raid1', members: [], health: '[UU]', degraded: false, resync: null, bitmap: null, tag: 'datarep-data',
      status: { source: null, targets: [], status, percent: null, type: null, speed: null, bitmap: { bits: 100, dirty: dirty, dirtyPercent: dirty, none: false } }, evidence: [ev('mirror_status', 1, status)],
    });
    const a = node('a', null, {
      'resource-hierarchy': [res('ip-web', 'ISP', 1, ['lk-node1']), res('ip-old', 'OSU', 1, [])],
      'comm-paths': [path('ALIVE')],
      'lifekeeper-flags': { flags: [{ flag: '!volatile!maintenance', kind: 'maintenance', evidence: ev('flg_list', 1, '!volatile!maintenance') }], shutdownStrategy: 'switchover', evidence: [] },
      datakeeper: { mirrors: [mirror('Fully Operational', 0)], unmatchedStatus: [], netraid: [], flags: [] },
    });
    const b = node('b', null, {
      'resource-hierarchy': [res('ip-web', 'OSU', 10, ['lk-node1', 'lk-node3']), res('ip-new', 'ISP', 1, [])],
      'comm-paths': [path('DEAD')],
      'lifekeeper-flags': { flags: [], shutdownStrategy: 'do not switchover', evidence: [] },
      datakeeper: { mirrors: [mirror('Resynchronizing', 12.5)], unmatchedStatus: [], netraid: [], flags: [] },
    });
    expect(compare(a, b).changes.map(brief)).toEqual([
      'resource ip-web changed state: ISP → OSU',
      'resource ip-web changed priority: 1 → 10',
      'resource ip-web changed equivalency: lk-node1/ip-web:10 → lk-node1/ip-web:10, lk-node3/ip-web:10',
      'resource ip-new added: - → comm/ip ISP',
      'resource ip-old removed: comm/ip OSU → -',
      'comm-path lk-node1 TCP 10.0.0.2/10.0.0.1 changed state: ALIVE → DEAD',
      'flag !volatile!maintenance removed: !volatile!maintenance → -',
      'flag shutdown strategy changed strategy: switchover → do not switchover',
      'mirror datarep-data changed status: Fully Operational → Resynchronizing',
      'mirror datarep-data changed dirty: 0% → 12.5%',
    ]);
  });

  it('findings new, resolved and still there; a finding whose title changed is still there', () => {
    const f = (id: string, title: string): Finding => ({ id, severity: 'warning', node: 'lk-node2', title: { en: title, ja: title }, summary: { en: '', ja: '' }, remediation: { en: '', ja: '' }, action: { en: '', ja: '' }, evidence: [ev('log', 1, title)], references: [] });
    const c = findingChanges([f('lkscsid-restart', 'lkscsid restarted 2 times'), f('comm-path-dead', 'path DEAD')], [f('lkscsid-restart', 'lkscsid restarted 5 times'), f('settings-heartbeat', 'heartbeat too short')]).changes;
    expect(c.map(brief)).toEqual([
      'finding settings-heartbeat new: - → heartbeat too short',
      'finding comm-path-dead resolved: path DEAD → -',
      'finding lkscsid-restart still: lkscsid restarted 2 times → lkscsid restarted 5 times',
    ]);
  });

  it('a log finding gone from an archive that read its log only in part is not resolved: it is set apart with the reason; read whole, it is resolved', () => {
    const f = (id: string, title: string, path: string): Finding => ({ id, severity: 'warning', node: 'lk-node2', title: { en: title, ja: title }, summary: { en: '', ja: '' }, remediation: { en: '', ja: '' }, action: { en: '', ja: '' }, evidence: [ev(path, 7, title)], references: [] });
    const log = (path: string, problem: string | null) => ({ path, input: 'lifekeeper-log' as const, bytes: 1, lines: 1, encodings: ['utf-8'], truncatedLines: 0, problem: problem === null ? null : { en: problem, ja: problem } });
    const members = (read: ReturnType<typeof log>[]) => ({ members: { read, listed: [], skipped: [], unused: { count: 0, bytes: 0, sample: [] }, total: read.length } });
    const before = node('a', '2024-05-20T10:21:30', members([log('var/log/lifekeeper.log', null)]));
    const cut = node('b', '2024-05-27T10:21:30', members([log('var/log/lifekeeper.log', 'the last 400,000 lines of this log were counted, not examined')]));
    const whole = node('b', '2024-05-27T10:21:30', members([log('var/log/lifekeeper.log', null)]));
    const gone = { before: [f('quickcheck-timeouts', 'quickCheck of fs-data timed out 4 times', 'var/log/lifekeeper.log')], after: [] };
    const r = compare(before, cut, gone);
    expect(r.changes.map(brief)).toEqual([]);
    expect(r.incomplete).toEqual([{ fact: 'quickcheck-timeouts', missingIn: 'after', what: 'rule', title: { en: 'quickCheck of fs-data timed out 4 times', ja: 'quickCheck of fs-data timed out 4 times' }, lookedFor: [], reason: { en: 'var/log/lifekeeper.log was read only in part there: the last 400,000 lines of this log were counted, not examined', ja: 'var/log/lifekeeper.log は一部のみ読み込みました: the last 400,000 lines of this log were counted, not examined' } }]);
    // The other way: a finding the earlier archive's cut log may have held is not said new.
    const r2 = compare(cut, before, { before: [], after: gone.before });
    expect(r2.changes).toEqual([]);
    expect(r2.incomplete.map((i) => `${i.fact} ${i.missingIn}`)).toEqual(['quickcheck-timeouts before']);
    // Read whole: resolved, nothing incomplete.
    const r3 = compare(before, whole, gone);
    expect(r3.changes.map(brief)).toEqual(['finding quickcheck-timeouts resolved: quickCheck of fs-data timed out 4 times → -']);
    expect(r3.incomplete).toEqual([]);
    // A note of bytes after a rotated log's gzip data is no part missing: resolved.
    const noted = node('b', '2024-05-27T10:21:30', members([log('var/log/lifekeeper.log', null), { ...log('var/log/lifekeeper.log.1.gz', null), problem: afterGzipData(80) }]));
    expect(compare(before, noted, gone).changes.map(brief)).toEqual(['finding quickcheck-timeouts resolved: quickCheck of fs-data timed out 4 times → -']);
    // A rotated log not read at all (skipped, past the budget) leaves the log read in part.
    const skipped = node('b', '2024-05-27T10:21:30', { members: { read: [log('var/log/lifekeeper.log', null)], listed: [], skipped: [{ path: 'var/log/lifekeeper.log.2.gz', bytes: 9, code: 'over-budget', reason: { en: 'past the budget', ja: '上限超過' } }], unused: { count: 0, bytes: 0, sample: [] }, total: 2 } });
    expect(compare(before, skipped, gone).incomplete.map((i) => i.reason?.en)).toEqual(['var/log/lifekeeper.log.2.gz was read only in part there: past the budget']);
    // A finding from a document is still resolved when only a log was cut.
    const r4 = compare(before, cut, { before: [f('heartbeat', 'heartbeat too short', 'etc/default/LifeKeeper')], after: [] });
    expect(r4.changes.map(brief)).toEqual(['finding heartbeat resolved: heartbeat too short → -']);
  });

  it('nothing changed: no change, nothing incomplete', () => {
    const a = node('a', '2024-05-20T10:21:30', lk('9.6.2', '7047', [['steeleye-lkIP', '9.6.2-7047', 'IP']]));
    const b = node('b', '2024-05-27T10:21:30', lk('9.6.2', '7047', [['steeleye-lkIP', '9.6.2-7047', 'IP']]));
    const r = compare(a, b);
    expect(r.changes).toEqual([]);
    expect(r.incomplete).toEqual([]);
  });

  it('a fact one archive lacks is said to be incomplete, and no change is guessed from it', () => {
    const a = node('a', null, lk('9.6.2', '7047'));
    const b = node('b', null, {});
    const r = compare(a, b);
    expect(r.changes).toEqual([]);
    expect(r.incomplete).toEqual([{ fact: 'lifekeeper-version', missingIn: 'after', what: 'fact', lookedFor: [], reason: null }]);
  });

  it('archives given in the wrong order are compared in collection order', () => {
    const later = node('later.tar.gz', '2024-06-03T09:00:00', lk('9.7.0', '7188'));
    const earlier = node('earlier.tar.gz', '2024-05-20T10:21:30', lk('9.6.2', '7047'));
    const [r] = changesOverTime([later, earlier], () => []);
    expect(r?.before.archive).toBe('earlier.tar.gz');
    expect(r?.after.archive).toBe('later.tar.gz');
    expect(r?.orderedBy).toBe('collected');
    expect(r?.changes.map((c) => c.change)).toEqual(['upgraded']);
  });

  it('when a collection time is unknown, the order given decides and says so', () => {
    const [r] = changesOverTime([node('first', null, lk('9.7.0', '7188')), node('second', '2024-01-01T00:00:00', lk('9.6.2', '7047'))], () => []);
    expect(r?.orderedBy).toBe('given');
    expect(r?.before.archive).toBe('first');
    expect(r?.events).toEqual([]);
  });

  it('three archives of one node: two comparisons, each pair in turn', () => {
    const r = changesOverTime([node('c', '2024-03-01T00:00:00'), node('a', '2024-01-01T00:00:00'), node('b', '2024-02-01T00:00:00')], () => []);
    expect(r.map((x) => `${x.before.archive}→${x.after.archive}`)).toEqual(['a→b', 'b→c']);
  });

  it('the events logged between the two collection times, from the later archive', () => {
    const event = (time: string, title: string) => ({ time, offset: null, sortKey: Date.parse(`${time}Z`), kind: 'x', severity: 'info' as const, component: 'lifekeeper' as const, tag: null, msgid: null, title: { en: title, ja: title }, count: 1, lastTime: null, evidence: [ev('log', 1, title)] });
    const b = node('b', '2024-06-03T09:00:00', { timeline: { events: [event('2024-05-01T00:00:00', 'before'), event('2024-05-25T00:00:00', 'between'), event('2024-06-04T00:00:00', 'after')], dropped: 0 } as unknown as NodeReport['timeline'] });
    const r = compare(node('a', '2024-05-20T10:21:30'), b);
    expect(r.events.map((e) => e.title.en)).toEqual(['between']);
  });
});

describe('through the engine', () => {
  const date = (s: string) => ({ date: `${s}\n` });
  it('two archives of one node given newest first: one comparison, and the side-by-side table of the cluster with its rule linked', async () => {
    const old = clusterNode({ host: 'lk-node2', peer: 'lk-node1', version: '9.6.2', state: 'OSU', defaults: 'LCMNUMHBEATS=3\n' });
    const upgraded = clusterNode({ host: 'lk-node2', peer: 'lk-node1', version: '9.7.0', state: 'OSU', defaults: 'LCMNUMHBEATS=5\n' });
    const peer = clusterNode({ host: 'lk-node1', peer: 'lk-node2', version: '9.6.2', defaults: 'LCMNUMHBEATS=3\n' });
    const report = await runCase([
      { inputs: { ...upgraded.inputs, ...date('Mon Jun  3 09:00:00 JST 2024') } },
      { inputs: { ...old.inputs, ...date('Mon May 20 10:21:30 JST 2024') } },
      { inputs: { ...peer.inputs, ...date('Mon Jun  3 09:01:00 JST 2024') } },
    ]);
    expect(report.changes.overTime).toHaveLength(1);
    const pair = report.changes.overTime[0];
    expect(pair?.before.archive).toMatch(/node2\.tar\.gz$/);
    expect(pair?.changes.map(brief)).toEqual(expect.arrayContaining(['lifekeeper LifeKeeper upgraded version: 9.6.2-7047 → 9.7.0-7047', 'setting LCMNUMHBEATS changed: 3 → 5']));
    const table = report.changes.sideBySide[0];
    expect(table?.nodes).toEqual(['lk-node1', 'lk-node2']);
    const version = table?.rows.find((r) => r.group === 'lifekeeper');
    expect(version?.values).toEqual(['9.6.2-7047', '9.7.0-7047']);
    expect(version?.differs).toBe(true);
    expect(version?.findings).toContain('cluster-version-mix');
    expect(table?.rows.find((r) => r.key === 'LCMNUMHBEATS')?.findings).toContain('cluster-heartbeat-mismatch');
    expect(table?.rows.find((r) => r.group === 'resource')?.differs).toBe(false);
  });

  it('one archive per node: nothing over time', async () => {
    const report = await runCase([clusterNode({ host: 'lk-node1', peer: 'lk-node2' }), clusterNode({ host: 'lk-node2', peer: 'lk-node1', state: 'OSU' })]);
    expect(report.changes.overTime).toEqual([]);
    expect(report.changes.sideBySide[0]?.rows.every((r) => r.group === 'priority' || !r.differs || r.group === 'comm-path')).toBe(true);
  });

  it('a node alone has no side-by-side table', () => {
    expect(analyzeChanges([node('a', null)], [], () => [], []).sideBySide).toEqual([]);
  });
});

describe('the side-by-side table', () => {
  it('in service on one node and standby on the other is no difference; in service on both, or a resource one node lacks, is', async () => {
    const report = await runCase([
      clusterNode({ host: 'lk-node1', peer: 'lk-node2', state: 'ISP' }),
      clusterNode({ host: 'lk-node2', peer: 'lk-node1', state: 'OSU' }),
    ]);
    expect(report.changes.sideBySide[0]?.rows.find((r) => r.group === 'resource')).toMatchObject({ key: 'app1', values: ['ISP', 'OSU'], differs: false });
    const both = await runCase([
      clusterNode({ host: 'lk-node1', peer: 'lk-node2', state: 'ISP' }),
      clusterNode({ host: 'lk-node2', peer: 'lk-node1', state: 'ISP' }),
    ]);
    expect(both.changes.sideBySide[0]?.rows.find((r) => r.group === 'resource')?.differs).toBe(true);
  });

  it('a setting one node does not set is compared by its documented default', async () => {
    const report = await runCase([
      clusterNode({ host: 'lk-node1', peer: 'lk-node2', defaults: 'LCMHBEATTIME=5\n' }),
      clusterNode({ host: 'lk-node2', peer: 'lk-node1', defaults: 'LCMNUMHBEATS=3\n' }),
    ]);
    const rows = report.changes.sideBySide[0]?.rows.filter((r) => r.group === 'setting');
    expect(rows?.map((r) => [r.key, r.values, r.differs])).toEqual([['LCMHBEATTIME', ['5', null], false], ['LCMNUMHBEATS', [null, '3'], false]]);
  });
});
