import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import rule from './index.js';

describe('lifekeeper-not-running', () => {
  it('warns when lcdstatus says LifeKeeper is not running', async () => {
    const run = await runAnalyzer(rule, { inputs: { lcdstatus: 'LifeKeeper does not appear to be running.\n' } });
    expect(run.findings.map((f) => f.evidence[0]?.line)).toEqual([1]);
  });
  it('is silent on a running node', async () => {
    expect((await runAnalyzer(rule, { inputs: { lcdstatus: 'ROOT of RESOURCE HIERARCHY\n' } })).findings).toEqual([]);
  });

  it('reads the line from lcdstatus -q too, and is not checked without any lcdstatus output', async () => {
    const q = await runAnalyzer(rule, { inputs: { 'lcdstatus-q': 'LifeKeeper does not appear to be running.\r\n' } });
    expect(q.findings.map((f) => f.severity)).toEqual(['warning']);
    const none = await runAnalyzer(rule, { inputs: { 'lifekeeper-log': 'May 18 01:47:55 n1 x[1]: INFO:lcd:::000000:hello\n' } });
    expect([none.status.status, none.status.reason?.en]).toEqual(['not-checked', 'no lcdstatus output in the archive']);
  });
});
