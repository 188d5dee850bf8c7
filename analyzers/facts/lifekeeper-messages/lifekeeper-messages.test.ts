import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import type { AnyAnalyzer, ClusterRule } from '../../engine/plugin/analyzer.js';
import { referenceProblems } from '../../engine/plugin/sources.js';
import { clusterNode, fixtureMembers, makeTar, runAnalyzer } from '../../engine/plugin/testing.js';
import type { Fixture } from '../../engine/plugin/testing.js';
import { analyze } from '../../engine/run/engine.js';
import { MAX_MESSAGE_IDS } from '../../engine/run/budget.js';
import commPaths from '../comm-paths/index.js';
import nodeIdentity from '../node-identity/index.js';
import { COMPONENTS, MESSAGES } from './catalog.js';
import { MessageCollector, msgidOf } from './collect.js';
import type { LifeKeeperMessagesFact } from './index.js';
import messages from './index.js';

const line = (time: string, sev: string, component: string, msgid: string, text: string): string =>
  `May 20 ${time} lk1 prog[100]: ${sev}:${component}:::${msgid}:${text}\n`;
const comm = (time: string): string => line(time, 'ERROR', 'lcd.mes', '004217', 'Communication failure: destination system "lk2" is out of service.');
const factOf = (run: { fact: unknown }): LifeKeeperMessagesFact => run.fact as LifeKeeperMessagesFact;

/** A rule that cites every 004217 line it sees: what a rule explaining a message does. */
const citesCommFailures = defineAnalyzer<string[]>({
  meta: { id: 'cites-004217', kind: 'rule', title: { en: 't', ja: 't' }, severity: 'warning', inputs: ['lifekeeper-log'], version: '1', action: { en: 'a', ja: 'a' } },
  watch: {
    inputs: ['lifekeeper-log'],
    keywords: ['004217'],
    init: () => [],
    onLine: (cited, l) => void cited.push(l.text),
  },
  run(ctx) {
    const first = ctx.watched[0];
    if (first) ctx.report({ title: { en: 't', ja: 't' }, summary: { en: 's', ja: 's' }, remediation: { en: 'r', ja: 'r' }, evidence: [{ path: 'var/log/lifekeeper.log', line: 1, text: first }] });
  },
});

describe('lifekeeper-messages', () => {
  it('lists each EMERG, FATAL, ERROR and WARN id once: count, first and last time across rotated logs, the earliest line', async () => {
    const run = await runAnalyzer(messages, {
      inputs: {
        'lifekeeper-log': {
          // The current log is read before the rotated one: the earliest line is found by time, not by order.
          'lifekeeper.log': comm('10:00:00') + line('10:05:00', 'WARN', 'dr', '104999', 'something odd') + comm('11:00:00') + line('11:00:01', 'INFO', 'lcd', '000000', 'fine'),
          'lifekeeper.log-20240519': comm('09:00:00') + line('09:00:01', 'NOTIFY', 'startup', '010021', 'LifeKeeper starting to initialize'),
        },
      },
    });
    const f = factOf(run);
    expect(f.overflow).toEqual({ ids: 0, lines: 0 });
    expect(f.messages.map((m) => [m.severity, m.msgid, m.count, m.first, m.last])).toEqual([
      ['ERROR', '004217', 3, '2024-05-20T09:00:00', '2024-05-20T11:00:00'],
      ['WARN', '104999', 1, '2024-05-20T10:05:00', '2024-05-20T10:05:00'],
    ]);
    const [c, w] = f.messages;
    expect(c?.evidence).toMatchObject({ path: 'var/log/lifekeeper.log-20240519', line: 1 });
    expect(c).toMatchObject({ loggedComponent: 'lcd.mes', component: COMPONENTS['004'], meaning: MESSAGES['004217']?.meaning, source: { url: 'https://lkdkuserportal.sios.jp/hc/ja/articles/900000881683' }, explainedBy: [] });
    // An id the catalogue does not have: its prefix names the component, its meaning is not known.
    expect(w).toMatchObject({ component: { en: 'DataKeeper' }, meaning: null, action: null, source: null });
  });

  it('keeps the most severe level an id was logged at, and an unknown prefix has no component', async () => {
    const run = await runAnalyzer(messages, {
      inputs: { 'lifekeeper-log': line('10:00:00', 'WARN', 'x', '555001', 'a') + line('10:00:01', 'EMERG', 'x', '555001', 'b') },
    });
    expect(factOf(run).messages).toEqual([expect.objectContaining({ msgid: '555001', severity: 'EMERG', count: 2, component: null, meaning: null })]);
  });

  it('reads a line quoted without its syslog header (no time) and the `ERROR 104052:` shape', async () => {
    const run = await runAnalyzer(messages, {
      inputs: {
        'lifekeeper-log': 'ERROR:lcd.mes:::004217:Communication failure: destination system "lk2" is out of service.\n' +
          'May 20 10:00:00 lk1 create[4100]: ERROR 104052: Cannot get the hardware ID of the device "/dev/hda1"\n',
      },
    });
    const f = factOf(run);
    expect(f.messages.map((m) => [m.msgid, m.count, m.first, m.loggedComponent])).toEqual([
      ['104052', 1, '2024-05-20T10:00:00', ''],
      ['004217', 1, null, 'lcd.mes'],
    ]);
    expect(f.messages[0]?.action?.en).toContain('device_pattern');
  });

  it('ignores INFO and NOTIFY lines and words that only look like a severity', async () => {
    const run = await runAnalyzer(messages, {
      inputs: {
        'lifekeeper-log': line('10:00:00', 'NOTIFY', 'RKActionHandler', '001047', 'END failed quickCheck of "ip1" due to a "ALRM" signal.') +
          'May 20 10:00:01 lk1 app[1]: ERROR while reading config 123456\n',
      },
    });
    expect(factOf(run).messages).toEqual([]);
  });

  it('is not checked without a lifekeeper.log', async () => {
    const run = await runAnalyzer(messages, { inputs: { syslog: comm('10:00:00') } });
    expect(run.status).toMatchObject({ status: 'not-checked', reason: { en: 'no lifekeeper.log in the archive' } });
  });

  it(`keeps ${MAX_MESSAGE_IDS} ids, and counts the lines and ids past them in a note`, async () => {
    const ids = Array.from({ length: MAX_MESSAGE_IDS + 3 }, (_, i) => String(200000 + i));
    const log = ids.map((id) => line('10:00:00', 'ERROR', 'x', id, 't')).join('') + line('10:00:01', 'ERROR', 'x', ids[ids.length - 1] ?? '', 't');
    const run = await runAnalyzer(messages, { inputs: { 'lifekeeper-log': log } });
    expect(factOf(run).messages).toHaveLength(MAX_MESSAGE_IDS);
    expect(factOf(run).overflow).toEqual({ ids: 3, lines: 4 });
    expect(run.status.reason?.en).toBe(`4 lines of 3 more message ids past the first ${MAX_MESSAGE_IDS}: counted, not listed`);
  });

  it('counts every overflowing id once, whatever its digits', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 999_999 }), { maxLength: 200 }), (ns) => {
      const c = new MessageCollector(0);
      for (const n of ns) c.add({ severity: 'ERROR', msgid: String(n).padStart(6, '0'), component: '' }, null, () => ({ path: 'p', line: 1, text: '' }));
      return c.overflowIdsSeen === new Set(ns).size && c.overflowLines === ns.length;
    }));
  });

  it('marks an id explained by the rules whose findings cite a line of it, whatever order the rules run in', async () => {
    const fixture: Fixture = { inputs: { 'lifekeeper-log': comm('10:00:00') + line('10:00:01', 'ERROR', 'filesys', '010110', 'mount failed') } };
    const after = await runAnalyzer(messages, fixture, [citesCommFailures]);
    const before = await runAnalyzer(citesCommFailures, fixture, [messages]);
    for (const fact of [factOf(after), before.node['lifekeeper-messages']]) {
      expect(fact?.messages.map((m) => [m.msgid, m.explainedBy])).toEqual([['004217', ['cites-004217']], ['010110', []]]);
    }
  });

  it('reads the id of a cited line in every shape, and none from a line without one', () => {
    expect(msgidOf('May 20 10:00:00 lk1 lcm[1]: ERROR:lcd.mes:::004217:Communication failure')).toBe('004217');
    expect(msgidOf('ERROR:dr:restore:datarep-data:104086:The "x" flag is set')).toBe('104086');
    expect(msgidOf('May 20 10:00:00 lk1 create[1]: ERROR 104052: Cannot get the hardware ID')).toBe('104052');
    expect(msgidOf('LCMHBEATTIME=3')).toBeNull();
  });

  it('marks an id explained by a cross-node finding whose evidence is on this node, not on its peer', async () => {
    const citesPeerLine: ClusterRule = defineAnalyzer({
      meta: { id: 'cluster-cites', kind: 'cluster-rule', title: { en: 't', ja: 't' }, severity: 'warning', references: [], action: { en: 'a', ja: 'a' }, version: '1' },
      run(ctx) {
        const b1 = ctx.nodes.get('b1')?.['lifekeeper-messages']?.messages[0];
        if (b1) ctx.report({ title: { en: 't', ja: 't' }, summary: { en: 's', ja: 's' }, remediation: { en: 'r', ja: 'r' }, evidence: [{ node: 'b1', ...b1.evidence }] });
      },
    });
    const log = (host: string): string => line('10:00:00', 'ERROR', 'filesys', '010110', 'mount failed').replace('lk1', host);
    const report = await analyzeFixtures([
      clusterNode({ host: 'a1', peer: 'b1', log: log('a1') }),
      clusterNode({ host: 'b1', peer: 'a1', log: log('b1') }),
    ], [nodeIdentity, commPaths, messages], [citesPeerLine]);
    const explained = Object.fromEntries(report.nodes.map((n) => [n.hostname, n['lifekeeper-messages']?.messages.map((m) => m.explainedBy)]));
    expect(explained).toEqual({ a1: [[]], b1: [['cluster-cites']] });
  });

  it('cites a public https source for every meaning, in both languages', () => {
    for (const [id, e] of Object.entries(MESSAGES)) {
      expect(id).toMatch(/^\d{6}$/);
      expect(referenceProblems(e.source), id).toEqual([]);
      for (const t of [e.meaning, e.action]) {
        if (t) expect(t.en.trim() && t.ja.trim(), id).toBeTruthy();
      }
    }
  });
});

/** Analyzes fixtures as the archives of several nodes, with the given analyzers and cross-node rules. */
async function analyzeFixtures(fixtures: readonly Fixture[], analyzers: readonly AnyAnalyzer[], clusterRules: readonly ClusterRule[]): ReturnType<typeof analyze> {
  const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-messages-'));
  try {
    const files: string[] = [];
    for (const [i, f] of fixtures.entries()) {
      const file = join(dir, `node${i + 1}.tar.gz`);
      await writeFile(file, gzipSync(await makeTar(fixtureMembers(f))));
      files.push(file);
    }
    return await analyze(files, { analyzers, clusterRules, now: new Date('2026-01-01T00:00:00Z') });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
