import { describe, expect, it } from 'vitest';
import { clusterNode, runCase } from '../core/testing.js';

describe('cluster-comm-path-asymmetry', () => {
  it('warns when one side sees the path ALIVE and the other DEAD', async () => {
    const r = await runCase([clusterNode({ host: 'a1', peer: 'b1', pathState: 'ALIVE' }), clusterNode({ host: 'b1', peer: 'a1', state: 'OSU', pathState: 'DEAD' })]);
    const f = r.findings.filter((x) => x.id === 'cluster-comm-path-asymmetry');
    expect(f.map((x) => x.title.en)).toEqual(['Comm path TCP 10.0.0.1/10.0.0.2 is ALIVE on a1 but DEAD on b1']);
    expect(f[0]?.evidence).toHaveLength(2);
  });
  it('is silent when both sides agree', async () => {
    const r = await runCase([clusterNode({ host: 'a1', peer: 'b1', pathState: 'DEAD' }), clusterNode({ host: 'b1', peer: 'a1', state: 'OSU', pathState: 'DEAD' })]);
    expect(r.findings.filter((x) => x.id === 'cluster-comm-path-asymmetry')).toEqual([]);
  });
});
