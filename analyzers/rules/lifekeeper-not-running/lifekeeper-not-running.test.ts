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
});
