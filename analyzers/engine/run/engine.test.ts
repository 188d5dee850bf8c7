import { describe, expect, it } from 'vitest';
import { defineAnalyzer, notChecked } from '../plugin/analyzer.js';
import type { AnyAnalyzer } from '../plugin/analyzer.js';
import type { Finding } from '../plugin/findings.js';
import { runAnalyzer } from '../plugin/testing.js';

// The facts these tests' own analyzers establish (a test program sees them; the engine's does not).
declare module '../plugin/facts.js' {
  interface Facts {
    boom: never;
    ok: number;
    'bad-watch': number;
    'needs-nothing-found': number;
    a: number;
    b: number;
    x: number;
    settles: string;
  }
}

const title = { en: 't', ja: 't' };
const LOG = 'May 20 10:13:20 lk1 lkscsid[4410]: INFO:lkscsid:::007046:lkscsid daemon pid:4410\n';

describe('the engine contains failures and says why something was not checked', () => {
  it('records an analyzer that throws, by name, and runs the others', async () => {
    const boom = defineAnalyzer({ meta: { id: 'boom', kind: 'fact', title, inputs: [], version: '1' }, run: () => { throw new Error('kaput'); } });
    const ok = defineAnalyzer({ meta: { id: 'ok', kind: 'fact', title, inputs: [], version: '1' }, run: () => 42 });
    const run = await runAnalyzer(ok, {}, [boom]);
    expect(run.fact).toBe(42);
    expect(run.node.analyzers.find((a) => a.id === 'boom')).toMatchObject({ status: 'failed', reason: { en: 'the analyzer failed: kaput' } });
  });

  it('records a watcher that throws mid-log with the line where it broke', async () => {
    const bad = defineAnalyzer<'bad-watch', null>({
      meta: { id: 'bad-watch', kind: 'fact', title, inputs: ['lifekeeper-log'], version: '1' },
      watch: { inputs: ['lifekeeper-log'], init: () => null, onLine: () => { throw new Error('bad line'); } },
      run: () => 1,
    });
    const run = await runAnalyzer(bad, { inputs: { 'lifekeeper-log': LOG } });
    expect(run.status.status).toBe('failed');
    expect(run.status.reason?.en).toContain('bad line (at var/log/lifekeeper.log:1)');
  });

  it('passes on a not-checked reason, and skips analyzers whose needed fact is missing', async () => {
    const missing = defineAnalyzer({
      meta: { id: 'needs-nothing-found', kind: 'fact', title, inputs: ['uname'], version: '1' },
      run: () => notChecked({ en: 'no uname output', ja: 'uname の出力なし' }),
    });
    const dependent = defineAnalyzer({
      meta: { id: 'dependent', kind: 'rule', title, inputs: [], needs: ['needs-nothing-found'], version: '1', severity: 'warning' },
      run: () => { throw new Error('must not run'); },
    });
    const run = await runAnalyzer(dependent, {}, [missing]);
    expect(run.node.analyzers.find((a) => a.id === 'needs-nothing-found')).toMatchObject({ status: 'not-checked', reason: { en: 'no uname output' } });
    expect(run.status).toMatchObject({ status: 'not-checked', reason: { en: 'needs needs-nothing-found, which could not be determined' } });
  });

  it('runs facts before the analyzers that need them, whatever the registry order', async () => {
    const order: string[] = [];
    const b = defineAnalyzer({ meta: { id: 'b', kind: 'fact', needs: ['a'], title, inputs: [], version: '1' }, run: (ctx) => { order.push('b'); return ctx.fact('a'); } });
    const a = defineAnalyzer({ meta: { id: 'a', kind: 'fact', title, inputs: [], version: '1' }, run: () => { order.push('a'); return 7; } });
    const run = await runAnalyzer(b, {}, [a]);
    expect(order).toEqual(['a', 'b']);
    expect(run.fact).toBe(7);
  });

  it('refuses a finding without evidence: that is a bug in the rule', async () => {
    const rule: AnyAnalyzer = defineAnalyzer({
      meta: { id: 'no-evidence', kind: 'rule', title, inputs: [], version: '1', severity: 'warning' },
      run: (ctx) => ctx.report({ title, summary: title, remediation: title, evidence: [] }),
    });
    const run = await runAnalyzer(rule, {});
    expect(run.findings).toEqual([]);
    expect(run.status.status).toBe('failed');
    expect(run.status.reason?.en).toMatch(/without evidence/);
  });

  it('gives a rule finding its id, node, severity and references', async () => {
    const rule = defineAnalyzer<string[]>({
      meta: { id: 'sees-lkscsid', kind: 'rule', title, inputs: ['lifekeeper-log'], version: '1', severity: 'critical', references: [{ source: 'KB-lkscsid', title }] },
      watch: { inputs: ['lifekeeper-log'], keywords: ['007046'], init: () => [], onLine: (s, l) => void s.push(l.text) },
      run: (ctx) => ctx.report({ title, summary: title, remediation: title, evidence: [{ path: 'var/log/lifekeeper.log', line: 1, text: ctx.watched[0] ?? '' }] }),
    });
    const run = await runAnalyzer(rule, { inputs: { 'lifekeeper-log': LOG, hostname: 'lk1\n' } });
    expect(run.findings).toEqual([expect.objectContaining({ id: 'sees-lkscsid', node: 'fixture.tar.gz', severity: 'critical', references: [{ source: 'KB-lkscsid', title }] })]);
  });

  it('gives a fact the findings of every rule once all have run, and drops it, naming the analyzer, when that fails', async () => {
    const rule = defineAnalyzer({ meta: { id: 'one-finding', kind: 'rule', title, inputs: [], version: '1', severity: 'info' }, run: (ctx) => ctx.report({ title, summary: title, remediation: title, evidence: [{ path: 'p', line: 1, text: 't' }] }) });
    const settles = (afterFindings: (fact: string, findings: readonly Finding[]) => string): AnyAnalyzer => defineAnalyzer({ meta: { id: 'settles', kind: 'fact', title, inputs: [], version: '1' }, run: () => 'before', afterFindings });
    // Listed before the rule, it still sees the rule's finding.
    const run = await runAnalyzer(rule, {}, [settles((fact, findings) => `${fact}+${findings.map((f) => f.id).join(',')}`)]);
    expect(run.node['settles']).toBe('before+one-finding');
    const broken = await runAnalyzer(rule, {}, [settles(() => { throw new Error('kaput'); })]);
    expect(broken.node['settles']).toBeUndefined();
    expect(broken.node.analyzers.find((a) => a.id === 'settles')).toMatchObject({ status: 'failed', reason: { en: 'the analyzer failed after the rules: kaput' } });
  });

  it('says when an archive does not look like an lksupport archive', async () => {
    const run = await runAnalyzer(defineAnalyzer({ meta: { id: 'x', kind: 'fact', title, inputs: [], version: '1' }, run: () => 1 }), { inputs: { uname: 'Linux h 5.14.0 #1 SMP x86_64 GNU/Linux\n' } });
    expect(run.node.recognized).toBe(false);
    expect(run.node.notes[0]?.en).toMatch(/does not look like an lksupport archive/);
  });
});
