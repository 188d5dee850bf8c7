import { describe, expect, it } from 'vitest';
import { clusterNode, runCase } from '../core/testing.js';

describe('cluster-version-mix', () => {
  it('warns when the two nodes run different versions, with both package lines as evidence', async () => {
    const r = await runCase([clusterNode({ host: 'a1', peer: 'b1', version: '9.6.2', state: 'ISP' }), clusterNode({ host: 'b1', peer: 'a1', version: '9.7.0', state: 'OSU' })]);
    const f = r.findings.filter((x) => x.id === 'cluster-version-mix');
    expect(f.map((x) => [x.severity, x.node, x.evidence.length])).toEqual([['warning', 'a1+b1', 2]]);
  });
  it('is silent when versions match, and for a node alone', async () => {
    const same = await runCase([clusterNode({ host: 'a1', peer: 'b1' }), clusterNode({ host: 'b1', peer: 'a1', state: 'OSU' })]);
    expect(same.findings.filter((x) => x.id.startsWith('cluster-'))).toEqual([]);
    const alone = await runCase([clusterNode({ host: 'a1', peer: 'b1', version: '9.5.0' })]);
    expect(alone.clusters[0]?.missingPeers).toEqual(['b1']);
  });
});
