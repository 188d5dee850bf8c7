import { describe, expect, it } from 'vitest';
import { clusterNode, runCase } from '../core/testing.js';

describe('cluster-split-brain', () => {
  it('is critical when a hierarchy is ISP on both nodes, with evidence from both', async () => {
    const r = await runCase([clusterNode({ host: 'a1', peer: 'b1', state: 'ISP', pathState: 'DEAD' }), clusterNode({ host: 'b1', peer: 'a1', state: 'ISP', pathState: 'DEAD' })]);
    const f = r.findings.filter((x) => x.id === 'cluster-split-brain');
    expect(f.map((x) => x.severity)).toEqual(['critical']);
    expect(f[0]?.evidence).toHaveLength(2);
    expect(f[0]?.evidence.map((e) => e.text)).toEqual([expect.stringContaining('a1 app1'), expect.stringContaining('b1 app1')]);
  });
  it('is silent when one side is out of service', async () => {
    const r = await runCase([clusterNode({ host: 'a1', peer: 'b1', state: 'ISP' }), clusterNode({ host: 'b1', peer: 'a1', state: 'OSU' })]);
    expect(r.findings.filter((x) => x.id === 'cluster-split-brain')).toEqual([]);
  });
});
