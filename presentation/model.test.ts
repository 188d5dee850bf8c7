// The presentation model: what each output says about a report, decided once.
/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../analyzers/engine/cluster/cluster.js';
import type { Finding } from '../analyzers/engine/plugin/findings.js';
import type { AnalyzerStatus, NodeReport, Report } from '../analyzers/engine/report/report.js';
import { REPORT_SCHEMA } from '../analyzers/engine/report/report.js';
import type { Resync } from '../analyzers/facts/resync-history/index.js';
import type { Span, SummaryRow } from './model.js';
import { analyzerChecks, codeSpans, isPartlyChecked, plainText, present, shownClusters } from './model.js';

// The golden reports of the samples, loaded by Vite's glob import: this layer uses no Node module, not even in its tests.
const GOLDEN = import.meta.glob<Report>('../samples/golden/*.json', { eager: true, import: 'default' });

const text = (en: string, ja = en): { en: string; ja: string } => ({ en, ja });

function node(extra: Partial<NodeReport> = {}): NodeReport {
  return {
    archive: 'n1.tar.gz',
    hostname: 'lk-node1',
    collectedAt: null,
    recognized: true,
    notes: [],
    members: { read: [], listed: [], skipped: [], unused: { count: 0, bytes: 0, sample: [] }, total: 0 },
    analyzers: [],
    ...extra,
  };
}

function cluster(extra: Partial<Cluster> = {}): Cluster {
  return { id: 'c', nodes: ['lk-node1'], missingPeers: [], earlierArchives: [], commPaths: [], hierarchies: [], skew: [], timeline: [], timelineDropped: 0, ruleFailures: [], ...extra };
}

function report(extra: Partial<Report> = {}): Report {
  return { schema: REPORT_SCHEMA, generator: { name: 'lkanalyze', version: '9.9.9' }, rulePacks: [], generatedAt: '2026-01-01T00:00:00.000Z', archives: [], nodes: [node()], clusters: [], findings: [], changes: { overTime: [], sideBySide: [] }, ...extra };
}

const analyzer = (id: string, status: AnalyzerStatus['status'], reason: string | null, kind: AnalyzerStatus['kind'] = 'fact'): AnalyzerStatus => ({ id, kind, version: '1', status, reason: reason === null ? null : text(reason, `${reason}(ja)`) });

const spansText = (spans: readonly Span[]): string => spans.map((s) => s.text).join('');
const rowText = (r: SummaryRow | undefined): string => (r ? r.lines.map((l) => spansText(l.spans)).join('\n') : '');
const rowOf = (r: Report, label: string, lang: 'en' | 'ja' = 'en'): SummaryRow | undefined => present(r, lang).nodes[0]?.summary.find((x) => x.label === label);

const resync = (time: string, bytes: number | null): Resync => ({
  kind: 'partial', action: 'resume', tag: 'datarep-x', device: null, size: bytes === null ? null : `${bytes} B`, bytes, time, offset: null, sortKey: Date.parse(`${time}Z`), evidence: { path: 'lifekeeper.log', line: 1, text: 'x' },
});

describe('partly checked', () => {
  it('is an analyzer that ran and says what it left out; one that ran whole, or did not run, is not', () => {
    expect(isPartlyChecked(analyzer('a', 'ran', 'kept 4000 of 4500'))).toBe(true);
    expect(isPartlyChecked(analyzer('a', 'ran', null))).toBe(false);
    expect(isPartlyChecked(analyzer('a', 'not-checked', 'no input'))).toBe(false);
    expect(isPartlyChecked(analyzer('a', 'failed', 'boom'))).toBe(false);
  });

  it('gets a summary row only when the analyzer ran with a reason', () => {
    const partly = report({ nodes: [node({ analyzers: [analyzer('resync-history', 'ran', 'kept the first 2000')] })] });
    expect(rowText(rowOf(partly, 'Partly checked'))).toBe('resync-history: kept the first 2000');
    expect(rowText(rowOf(partly, '一部のみ確認', 'ja'))).toBe('resync-history: kept the first 2000(ja)');
    const whole = report({ nodes: [node({ analyzers: [analyzer('resync-history', 'ran', null), analyzer('lkscsid', 'not-checked', 'no log')] })] });
    expect(rowOf(whole, 'Partly checked')).toBeUndefined();
  });

  it('marks the counts of a bounded fact as of the entries kept', () => {
    const resyncs = [resync('2024-05-20T10:00:00', 0), resync('2024-05-21T11:30:00.250', 2048)];
    const bounded = report({ nodes: [node({ 'resync-history': resyncs, analyzers: [analyzer('resync-history', 'ran', 'bounded')] })] });
    expect(rowText(rowOf(bounded, 'Resyncs'))).toBe('2 partial (1 non-zero, 2.0 KiB in all), last 2024-05-21 11:30:00 (of the entries kept: see Partly checked)');
    expect(rowText(rowOf(bounded, '再同期', 'ja'))).toBe('部分再同期 2 回 (うち差分あり 1 回、合計 2.0 KiB)、最終 2024-05-21 11:30:00 (保持した分のみ: 「一部のみ確認」を参照)');
    const whole = report({ nodes: [node({ 'resync-history': resyncs, analyzers: [analyzer('resync-history', 'ran', null)] })] });
    expect(rowText(rowOf(whole, 'Resyncs'))).toBe('2 partial (1 non-zero, 2.0 KiB in all), last 2024-05-21 11:30:00');
    // The app says it beside the chart.
    expect(present(bounded, 'en').nodes[0]?.datakeeper?.resyncs?.bound).toBe('bounded');
    expect(present(whole, 'en').nodes[0]?.datakeeper?.resyncs?.bound).toBeNull();
  });

  it('is listed with failed and not-checked analyzers, each named as such', () => {
    const checks = analyzerChecks([analyzer('a', 'ran', null), analyzer('b', 'failed', 'boom'), analyzer('c', 'not-checked', null, 'rule'), analyzer('d', 'ran', 'bounded')], 'en');
    expect(checks.map((c) => `${c.id}${c.note}: ${c.reason}`)).toEqual(['b (Failed): boom', 'c: ', 'd (partly checked): bounded']);
  });
});

describe('the node summary', () => {
  it('gives a comm path its device for TTY and local/remote for TCP, and says none for an empty list', () => {
    const paths = report({
      nodes: [node({
        'comm-paths': [
          { peer: 'lk-node2', type: 'TTY', device: '/dev/ttyS0', localAddress: null, remoteAddress: null, state: 'ALIVE', priority: null, commDowns: null, evidence: [] },
          { peer: 'lk-node2', type: 'TCP', device: null, localAddress: '10.0.0.1', remoteAddress: '10.0.0.2', state: 'DEAD', priority: 1, commDowns: 3, evidence: [] },
        ],
      })],
    });
    expect(rowText(rowOf(paths, 'Comm paths'))).toBe('lk-node2  TTY /dev/ttyS0  ALIVE  priority -\nlk-node2  TCP 10.0.0.1/10.0.0.2  DEAD  priority 1  #comm_downs=3');
    expect(present(paths, 'en').nodes[0]?.commPaths?.map((p) => p.address)).toEqual(['/dev/ttyS0', '10.0.0.1/10.0.0.2']);
    const dead = rowOf(paths, 'Comm paths')?.lines[1]?.spans.find((s) => s.text === 'DEAD');
    expect(dead?.tone).toBe('critical');
    expect(rowText(rowOf(report({ nodes: [node({ 'comm-paths': [] })] }), 'Comm paths'))).toBe('none');
    expect(rowOf(report(), 'Comm paths')).toBeUndefined();
  });

  it('names the collection time with its zone, and the kits but the GUI', () => {
    const r = report({
      nodes: [node({
        'node-identity': { hostname: 'lk-node1', hostnameSource: 'hostname', collectedAt: '2024-05-20T10:20:01', collectedAtZone: 'JST', collectedAtSource: 'date', evidence: [] },
        'lifekeeper-version': { version: '9.6.2', release: '7047', packages: [], kits: ['GUI', 'IP'], evidence: null },
      })],
    });
    expect(rowText(rowOf(r, 'Collected'))).toBe('2024-05-20 10:20:01 JST');
    expect(rowText(rowOf(r, 'LifeKeeper'))).toBe('9.6.2 (steeleye-lk-9.6.2-7047)  kits: IP');
    expect(present(r, 'en').nodes[0]?.identity).toMatchObject({ collected: '2024-05-20 10:20:01 JST', lifekeeper: '9.6.2 (7047)', kits: 'IP' });
    expect(rowText(rowOf(report(), 'LifeKeeper'))).toBe('unknown');
    expect(rowOf(report(), 'Collected')).toBeUndefined();
  });

  it('lists eight skipped members and counts the rest; counts rules that could not run in one row', () => {
    const skipped = Array.from({ length: 10 }, (_, i) => ({ path: `dev/x${i}`, bytes: 0, code: 'device' as const, reason: text('a device') }));
    const r = report({ nodes: [node({ members: { ...node().members, skipped }, analyzers: [analyzer('r1', 'not-checked', 'x', 'rule'), analyzer('r2', 'not-checked', 'y', 'rule'), analyzer('f', 'not-checked', 'no input')] })] });
    const row = rowOf(r, 'Skipped');
    expect(rowText(row)).toBe('10');
    expect(row?.items.map(spansText)).toEqual([...Array.from({ length: 8 }, (_, i) => `dev/x${i}: a device`), '… +2']);
    const notChecked = present(r, 'en').nodes[0]?.summary.filter((x) => x.label === 'Not checked').map(rowText);
    expect(notChecked).toEqual(['f: no input', '2 rules, inputs missing: r1, r2']);
  });
});

describe('clusters', () => {
  it('are shown when several nodes are compared, or a node alone names missing peers or earlier archives', () => {
    const alone = cluster();
    const pair = cluster({ id: 'p', nodes: ['a', 'b'] });
    const missing = cluster({ id: 'm', missingPeers: ['b'] });
    const earlier = cluster({ id: 'e', earlierArchives: [{ node: 'a', archive: 'old.tar.gz', collectedAt: null }] });
    expect(shownClusters({ clusters: [alone, pair, missing, earlier] }).map((c) => c.id)).toEqual(['p', 'm', 'e']);
    expect(present(report({ clusters: [alone] }), 'en').clusters).toEqual([]);
  });

  it('say in the summary which peers are missing and when an earlier archive was collected', () => {
    const c = cluster({ missingPeers: ['p1', 'p2'], earlierArchives: [{ node: 'a', archive: 'old.tar.gz', collectedAt: '2024-01-02T03:04:05' }, { node: 'a', archive: 'older.tar.gz', collectedAt: null }] });
    const en = present(report({ clusters: [c] }), 'en').clusters[0];
    expect(en?.summary.map(spansText)).toEqual([
      'no archive of peer p1, p2: its archive would add cross-node checks',
      'earlier archive of a: old.tar.gz (collected 2024-01-02 03:04:05), analyzed on its own; the cluster compares the latest',
      'earlier archive of a: older.tar.gz (collected unknown), analyzed on its own; the cluster compares the latest',
    ]);
    // A missing peer is what another archive would add: information, not a warning.
    expect(en?.summary[0]?.[0]?.tone).toBe('muted');
    expect(en?.heading).toBe('Node lk-node1');
    expect(en?.compared).toBe(false);
    const ja = present(report({ clusters: [c] }), 'ja').clusters[0];
    expect(ja?.summary.map(spansText)[2]).toBe('a の以前のアーカイブ older.tar.gz(採取日時 不明)は単独で解析し、クラスタの比較には最新のものを使用');
    expect(en?.earlierArchives.map((e) => e.collected)).toEqual(['2024-01-02 03:04:05', '?']);
  });

  it('list every hierarchy with each node\'s state (one out of service everywhere too), asymmetric paths and estimated skews', () => {
    const c = cluster({
      nodes: ['a', 'b'],
      hierarchies: [
        { tag: 'app', type: null, states: { a: 'ISP', b: 'OSF' }, inService: ['a'], evidence: {} },
        { tag: 'idle', type: null, states: { a: 'OSU', b: 'OSU' }, inService: [], evidence: {} },
      ],
      commPaths: [{ a: 'a', b: 'b', type: 'TCP', addresses: '10.0.0.1/10.0.0.2', stateA: 'ALIVE', stateB: null, asymmetric: true, evidence: [] }],
      skew: [{ node: 'a', offsetMs: 0, basis: 'first', samples: 0 }, { node: 'b', offsetMs: 2400, basis: 'comm', samples: 3 }],
    });
    const v = present(report({ clusters: [c] }), 'en').clusters[0];
    expect(v?.summary.map(spansText)).toEqual(['app  a ISP  b OSF', 'idle  a OSU  b OSU', 'asymmetric path TCP 10.0.0.1/10.0.0.2: a ALIVE / b -', "b's clock is about 2 s ahead of a's (estimated from 3 communication failures both nodes logged); the merged timeline corrects for it"]);
    expect(v?.compared).toBe(true);
    expect(v?.skew.map((s) => `${s.offset} (${s.basis})`)).toEqual(['0 s (first)', '2 s (comm, 3)']);
  });
});

describe('findings', () => {
  const finding: Finding = {
    id: 'x-rule', severity: 'warning', node: 'lk-node1', title: text('T', 'タ'), summary: text('S'), remediation: text('R'), action: text('A'),
    evidence: [{ node: 'lk-node1', path: 'a.log', line: 3, text: 'line three' }, { path: 'core.1', line: 0, text: 'a core file' }],
    references: [{ source: 'KB-1', title: text('kb') }],
  };

  it('are counted by severity, in severity order', () => {
    const v = present(report({ findings: [finding, { ...finding, severity: 'critical' }, { ...finding }] }), 'en');
    expect(v.severityCounts.map((s) => `${s.count} ${s.label}`)).toEqual(['1 Critical', '2 Warning', '0 Info']);
    expect(v.noFindings).toBeNull();
    expect(present(report(), 'ja').noFindings).toBe('検出事項なし: 読み込んだ範囲では既知の問題は見つかりませんでした。');
  });

  it('give each line of evidence where it is, and say how many more the summary leaves out', () => {
    const f = present(report({ findings: [finding] }), 'en').findings[0];
    expect(f?.evidence.map((e) => e.where)).toEqual(['lk-node1: a.log:3', 'core.1']);
    expect(f?.evidence.map((e) => e.location)).toEqual(['a.log:3', 'core.1 (the file itself)']);
    expect(f?.evidenceText).toBe('lk-node1: a.log:3  line three\ncore.1  a core file');
    expect(f?.moreEvidence).toBe('(+1 more line of evidence)');
    expect(f?.references).toEqual([{ source: 'KB-1', title: 'kb', url: null }]);
    expect(present(report({ findings: [{ ...finding, evidence: finding.evidence.slice(0, 1) }] }), 'en').findings[0]?.moreEvidence).toBeNull();
  });

  it('give what to do in one line, in the language asked for', () => {
    const f = { ...finding, action: text('Run `mirror_action <tag> resume`.', '`mirror_action <tag> resume` を実行してください。') };
    expect(present(report({ findings: [f] }), 'en').findings[0]?.action).toBe('Run mirror_action <tag> resume.');
    expect(present(report({ findings: [f] }), 'ja').findings[0]?.actionSpans).toEqual([{ text: 'mirror_action <tag> resume', code: true }, { text: ' を実行してください。', code: false }]);
  });

  it('show a reference as a link only when its URL is https with a host; anything else is not a link', () => {
    const refs = (url: string | undefined) => present(report({ findings: [{ ...finding, references: [{ source: 'S', title: text('t'), ...(url === undefined ? {} : { url }) }] }] }), 'en').findings[0]?.references[0]?.url;
    expect(refs('https://docs.us.sios.com/spslinux/9.5.1/en/topic/upgrading-sps')).toBe('https://docs.us.sios.com/spslinux/9.5.1/en/topic/upgrading-sps');
    expect(refs('https://lkdkuserportal.sios.jp/hc/ja/articles/900003059626')).toBe('https://lkdkuserportal.sios.jp/hc/ja/articles/900003059626');
    for (const bad of [undefined, '', 'http://docs.us.sios.com/x', 'javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', '//docs.us.sios.com/x', '/relative', 'https://', 'https://user:pw@example.com/', 'not a url', ' https://x y']) {
      expect(refs(bad), String(bad)).toBeNull();
    }
  });

  it('every built-in finding of the samples has an action and only https links', () => {
    const all = Object.values(GOLDEN).flatMap((r) => present(r, 'ja').findings);
    expect(all.length).toBeGreaterThan(0);
    for (const f of all) {
      expect(f.action, f.id).not.toBe('');
      for (const r of f.references) expect(r.url, `${f.id} ${r.source}`).toMatch(/^https:\/\/[^/]+\//);
    }
  });
});

describe('code spans in remedies', () => {
  it('are the text between single backticks; the rest is text, and nothing else is Markdown', () => {
    expect(codeSpans('Run `mirror_action <tag> pause`, then `mirror_action <tag> fullresync`.')).toEqual([
      { text: 'Run ', code: false },
      { text: 'mirror_action <tag> pause', code: true },
      { text: ', then ', code: false },
      { text: 'mirror_action <tag> fullresync', code: true },
      { text: '.', code: false },
    ]);
    expect(codeSpans('**bold** _it_ [a](https://x) <b>')).toEqual([{ text: '**bold** _it_ [a](https://x) <b>', code: false }]);
    expect(codeSpans('`a`')).toEqual([{ text: 'a', code: true }]);
    expect(codeSpans('')).toEqual([]);
  });

  it('leave a backtick without its pair, an empty pair and double backticks as text', () => {
    expect(codeSpans('an odd ` backtick')).toEqual([{ text: 'an odd ` backtick', code: false }]);
    expect(codeSpans('`a` and ` alone')).toEqual([{ text: 'a', code: true }, { text: ' and ` alone', code: false }]);
    expect(codeSpans('empty `` pair')).toEqual([{ text: 'empty `` pair', code: false }]);
    expect(codeSpans('``double``')).toEqual([{ text: '``double``', code: false }]);
    expect(codeSpans('`across\nlines`')).toEqual([{ text: '`across\nlines`', code: false }]);
  });

  it('read as plain text without the backticks of their code', () => {
    expect(plainText(codeSpans('Run `lkstart`, or ` this'))).toBe('Run lkstart, or ` this');
  });
});

describe('the report around the nodes', () => {
  it('says the archives that could not be read, and those cut short apart', () => {
    const archives: Report['archives'] = [
      { file: 'ok.tar.gz', bytes: 1, format: 'tar+gzip', status: 'read', problem: null, node: 0 },
      { file: 'bad.bin', bytes: 1, format: null, status: 'unreadable', problem: text('not an archive'), node: null },
      { file: 'cut.tar.gz', bytes: 1, format: 'tar+gzip', status: 'partial', problem: text('cut short'), node: 0 },
    ];
    const v = present(report({ archives }), 'en');
    expect(v.unreadable.map((a) => a.file)).toEqual(['bad.bin']);
    expect(v.notReadWhole.map((a) => `${a.file}: ${a.problem}`)).toEqual(['bad.bin: not an archive', 'cut.tar.gz: cut short']);
  });

  it('says when names are pseudonyms, and reads the generation time to the second', () => {
    const v = present(report({ redaction: { redacted: true, counts: {} } }), 'en');
    expect(v.redacted?.note).toBe('(redacted: host names, addresses, user names and serials are pseudonyms)');
    expect(v.generatedAt).toBe('2026-01-01 00:00:00');
    expect(present(report(), 'en').redacted).toBeNull();
    expect(v.heading).toBe('LifeKeeper Support Analyzer 9.9.9');
  });

  it('is built from every golden report in both languages, leaving the report as it was', () => {
    expect(Object.keys(GOLDEN).length).toBeGreaterThan(20);
    for (const [file, golden] of Object.entries(GOLDEN)) {
      const before = JSON.stringify(golden);
      for (const lang of ['en', 'ja'] as const) expect(present(golden, lang).nodes.length, file).toBe(golden.nodes.length);
      expect(JSON.stringify(golden), file).toBe(before);
    }
  });

  it('warns of lkscsid restarts outside startup, with the time of the last', () => {
    const golden = GOLDEN['../samples/golden/advisory-lkscsid-restart.json'];
    if (!golden) throw new Error('no golden report of advisory-lkscsid-restart');
    const row = present(golden, 'en').nodes[0]?.summary.find((r) => r.label === 'lkscsid');
    expect(row?.lines[0]?.spans[0]?.tone).toBe('warning');
    expect(rowText(row)).toMatch(/^2 restarts outside LifeKeeper startup \(last \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)$/);
  });
});

describe('what issue 13 made every output say', () => {
  it('a mirror known from mirror_status alone is in the summary with its status, sync type, progress and bitmap', () => {
    const dk = {
      mirrors: [], netraid: [], flags: [],
      unmatchedStatus: [{ tag: 'datarep1', status: { source: null, targets: [], status: 'Fully Operational', percent: 100, type: 'Synchronous', speed: null, bitmap: { bits: 9193195, dirty: 130385, dirtyPercent: 1.4, none: false } }, evidence: { path: 'mirror_status_datarep1.out', line: 1, text: 'Status: Fully Operational' } }],
    };
    const r = report({ nodes: [node({ datakeeper: dk })] });
    expect(rowText(rowOf(r, 'Mirrors'))).toBe('datarep1  Fully Operational, Synchronous, 100%, bitmap 9193195 bits, 130385 dirty (1.4%)');
    expect(present(r, 'en').nodes[0]?.datakeeper?.mirrors[0]).toMatchObject({ tag: 'datarep1', device: '', tone: 'good' });
    expect(rowText(rowOf(r, 'ミラー', 'ja'))).toContain('ビットマップ 9193195 ビット');
  });

  it('lines no parser could read are counted per member with the first few, under their own label', () => {
    const read = [{ path: 'cmd/lcdstatus_-q.out', input: 'lcdstatus-q' as const, bytes: 1, lines: 9, encodings: ['utf-8'], truncatedLines: 0, problem: null, unread: { lines: 2, first: [{ path: 'cmd/lcdstatus_-q.out', line: 4, text: 'garbled row' }] } }];
    const r = report({ nodes: [node({ members: { read, listed: [], skipped: [], unused: { count: 0, bytes: 0, sample: [] }, total: 1 } })] });
    const row = rowOf(r, 'Not understood');
    expect(rowText(row)).toBe('cmd/lcdstatus_-q.out: 2 lines no parser could read');
    expect(row?.items.map(spansText)).toEqual(['cmd/lcdstatus_-q.out:4  garbled row']);
    expect(present(r, 'en').nodes[0]?.unread).toMatchObject([{ count: 2, first: [{ text: 'garbled row' }] }]);
  });

  it('says which source named the node, and the names of sources that disagree', () => {
    const identity = { hostname: 'nodeA', hostnameSource: 'lcdstatus-q' as const, otherNames: [{ name: 'nodeB', source: 'hostname' as const, evidence: [] }], collectedAt: null, collectedAtZone: null, collectedAtSource: null, evidence: [] };
    const r = report({ nodes: [node({ 'node-identity': identity })] });
    expect(rowText(rowOf(r, 'Named by'))).toBe('lcdstatus -q (LOCAL column)');
    expect(rowText(rowOf(r, 'Also named'))).toBe("nodeB (hostname): the sources of the node's name disagree");
  });

  it('an archive that is not LifeKeeper for Linux says so first, before anything else of the node', () => {
    const r = report({ nodes: [node({ recognized: false, notes: [text('not a Linux lksupport archive')] })] });
    const first = present(r, 'en').nodes[0]?.summary[0];
    expect(first?.label).toBe('Not analyzed');
    expect(rowText(first)).toBe('not a Linux lksupport archive');
    expect(present(r, 'en').nodes[0]?.summary.filter((x) => x.label === 'Note')).toEqual([]);
  });

  it('never says all clear when an archive could not be analyzed, and lists its checks as one line', () => {
    const foreign = node({ recognized: false, notes: [text('not a Linux lksupport archive')], analyzers: [analyzer('comm-paths', 'not-checked', 'Windows'), analyzer('comm-path-dead', 'not-checked', 'needs comm-paths', 'rule')] });
    const v = present(report({ nodes: [foreign] }), 'en');
    expect(v.noFindings).toMatch(/^No findings in what could be analyzed, but not everything could be/);
    expect(v.nodes[0]?.summary.filter((r) => r.label === 'Not checked').map(rowText)).toEqual(['2 facts and rules did not run: the archive is not one they can read']);
    expect(present(report(), 'en').noFindings).toBe('No findings: nothing known to be wrong was found in what was read.');
  });
});

describe('issue 17: what the screens and the CLI say alike', () => {
  it('leaves an unknown app and type out of a tree line, rather than `?/?` (a resource seen only through lcdstatus -q)', () => {
    const golden = GOLDEN['../samples/golden/split-brain-node2.json'];
    if (!golden) throw new Error('no golden report of split-brain-node2');
    const row = present(golden, 'en').nodes[0]?.summary.find((r) => r.section === 'hierarchy');
    expect(row?.lines.map((l) => spansText(l.spans))[0]).toBe('app-web  ISP');
  });

  it('marks the rows the app draws in full in a section of their own', () => {
    const golden = GOLDEN['../samples/golden/advisory-dk-partial-resync.json'];
    if (!golden) throw new Error('no golden report of advisory-dk-partial-resync');
    const rows = present(golden, 'en').nodes[0]?.summary ?? [];
    expect(rows.filter((r) => r.section).map((r) => [r.label, r.section])).toEqual([['Hierarchy', 'hierarchy'], ['Comm paths', 'comm-paths'], ['Mirrors', 'mirrors']]);
    expect(rows.find((r) => r.label === 'Read')?.lines.map((l) => spansText(l.spans))).toEqual(['10 of 11 members (0 not used)']);
  });

  it('gives the resync table one size per resync, in the one convention, and the log line that quotes it', () => {
    const golden = GOLDEN['../samples/golden/advisory-dk-partial-resync.json'];
    if (!golden) throw new Error('no golden report of advisory-dk-partial-resync');
    const rows = present(golden, 'en').nodes[0]?.datakeeper?.resyncs?.rows ?? [];
    expect(rows.map((r) => r.size)).toEqual(['0 B', '2.9 GiB', '662.2 MiB', '2.2 MiB']);
    expect(rows[1]?.line).toContain('resyncing 2.9 GB');
  });

  it('lists what was read and what was not behind the Read row: core files by name, folders counted', () => {
    const golden = GOLDEN['../samples/golden/advisory-lkscsid-restart.json'];
    if (!golden) throw new Error('no golden report of advisory-lkscsid-restart');
    const m = present(golden, 'en').nodes[0]?.members;
    expect(m?.heading).toBe('Members: 11 of 14 read');
    expect(m?.read).toHaveLength(11);
    expect(m?.listed.map((x) => x.path)).toEqual(['lk-prod1.20201006/var/crash/core.lkscsid.6847', 'lk-prod1.20201006/var/crash/core.lkscsid.21877']);
    expect(m?.other).toBe(1);
    expect(present(golden, 'ja').nodes[0]?.members.heading).toBe('メンバー: 14 件中 11 件を読込');
  });
});
