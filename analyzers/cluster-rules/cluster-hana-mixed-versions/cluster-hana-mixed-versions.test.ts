import { describe, expect, it } from 'vitest';
import { clusterNode, runCase } from '../../engine/plugin/testing.js';

const hanaNode = (host: string, peer: string, version: string, state: string) => {
  const base = clusterNode({ host, peer, version, state });
  const [a, b] = host < peer ? ['10.0.0.1', '10.0.0.2'] : ['10.0.0.2', '10.0.0.1'];
  return { ...base, inputs: { ...base.inputs, 'lcdstatus-q': `LOCAL TAG ID STATE PRIO PRIMARY\n${host} HANA-SPS_HDB00 SPS_HDB00 ${state} 1 hana1\n\nMACHINE NETWORK ADDRESSES/DEVICE STATE PRIO\n${peer} TCP ${a}/${b} ALIVE 1\n` } };
};

describe('cluster-hana-mixed-versions', () => {
  it('is critical when a HANA cluster straddles 9.7.0, naming the older node', async () => {
    const r = await runCase([hanaNode('hana1', 'hana2', '9.7.0', 'ISP'), hanaNode('hana2', 'hana1', '9.6.2', 'OSU')]);
    const f = r.findings.filter((x) => x.id === 'cluster-hana-mixed-versions');
    expect(f.map((x) => [x.severity, x.node])).toEqual([['critical', 'hana1+hana2']]);
    expect(f[0]?.summary.en).toContain('switchover to hana2 fails');
  });
  it('is silent when both nodes are on one side of 9.7.0, and without a HANA resource', async () => {
    const same = await runCase([hanaNode('hana1', 'hana2', '9.7.0', 'ISP'), hanaNode('hana2', 'hana1', '9.8.1', 'OSU')]);
    expect(same.findings.filter((x) => x.id === 'cluster-hana-mixed-versions')).toEqual([]);
    const noHana = await runCase([clusterNode({ host: 'a1', peer: 'b1', version: '9.7.0' }), clusterNode({ host: 'b1', peer: 'a1', version: '9.6.2', state: 'OSU' })]);
    expect(noHana.findings.filter((x) => x.id === 'cluster-hana-mixed-versions')).toEqual([]);
  });
});
