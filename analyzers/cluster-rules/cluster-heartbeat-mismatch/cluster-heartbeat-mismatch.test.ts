import { describe, expect, it } from 'vitest';
import { clusterNode, runCase } from '../../engine/plugin/testing.js';

describe('cluster-heartbeat-mismatch', () => {
  it('warns when LCMHBEATTIME differs, an absent key counting as its default', async () => {
    const r = await runCase([clusterNode({ host: 'a1', peer: 'b1', defaults: 'LCMHBEATTIME=2\n' }), clusterNode({ host: 'b1', peer: 'a1', state: 'OSU', defaults: 'LKROOT=/opt/LifeKeeper\n' })]);
    const f = r.findings.filter((x) => x.id === 'cluster-heartbeat-mismatch');
    expect(f.map((x) => x.title.en)).toEqual(['LCMHBEATTIME differs between nodes: a1 LCMHBEATTIME=2, b1 LCMHBEATTIME=5 (default)']);
  });
  it('is silent when the values agree, written or by default', async () => {
    const r = await runCase([clusterNode({ host: 'a1', peer: 'b1', defaults: 'LCMHBEATTIME=5\nLCMPORT=0\n' }), clusterNode({ host: 'b1', peer: 'a1', state: 'OSU', defaults: 'LKROOT=/opt/LifeKeeper\n' })]);
    expect(r.findings.filter((x) => x.id === 'cluster-heartbeat-mismatch')).toEqual([]);
  });
  it('leaves out a node whose archive lacks /etc/default/LifeKeeper instead of taking its values for defaults', async () => {
    const without = clusterNode({ host: 'b1', peer: 'a1', state: 'OSU' });
    const { 'lifekeeper-defaults': _dropped, ...inputs } = without.inputs ?? {};
    const r = await runCase([
      clusterNode({ host: 'a1', peer: 'b1', defaults: 'LCMHBEATTIME=2\n' }),
      // Settings are still read from it: its iscsid.conf.
      { ...without, inputs: { ...inputs, 'iscsid-conf': 'node.session.timeo.replacement_timeout = 120\n' } },
    ]);
    expect(r.nodes.find((n) => n.hostname === 'b1')?.['settings']).toBeTruthy();
    expect(r.findings.filter((x) => x.id === 'cluster-heartbeat-mismatch')).toEqual([]);
  });
});
