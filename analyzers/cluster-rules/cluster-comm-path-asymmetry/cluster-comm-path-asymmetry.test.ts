import { describe, expect, it } from 'vitest';
import { clusterNode, runCase } from '../../engine/plugin/testing.js';

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
  it('is only information, and says why, when the archives were collected far apart', async () => {
    const at = (host: string, peer: string, pathState: string, date: string) => {
      const base = clusterNode({ host, peer, pathState, state: host === 'a1' ? 'ISP' : 'OSU' });
      return { ...base, inputs: { ...base.inputs, date: `${date}\n` } };
    };
    const near = await runCase([at('a1', 'b1', 'ALIVE', 'Mon May 20 10:00:00 UTC 2024'), at('b1', 'a1', 'DEAD', 'Mon May 20 10:12:00 UTC 2024')]);
    expect(near.findings.filter((x) => x.id === 'cluster-comm-path-asymmetry').map((x) => x.severity)).toEqual(['warning']);
    const far = await runCase([at('a1', 'b1', 'ALIVE', 'Mon May 20 10:00:00 UTC 2024'), at('b1', 'a1', 'DEAD', 'Mon May 20 14:00:00 UTC 2024')]);
    const f = far.findings.filter((x) => x.id === 'cluster-comm-path-asymmetry');
    expect(f.map((x) => x.severity)).toEqual(['info']);
    expect(f[0]?.summary.en).toContain('collected 240 minutes apart');
    expect(f[0]?.summary.ja).toContain('240 分離れて');
  });
});
