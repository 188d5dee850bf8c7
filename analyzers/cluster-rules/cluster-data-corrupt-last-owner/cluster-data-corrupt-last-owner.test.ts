import { describe, expect, it } from 'vitest';
import type { Fixture } from '../../engine/plugin/testing.js';
import { clusterNode, runCase } from '../../engine/plugin/testing.js';

const MDSTAT = 'Personalities : [raid1]\nmd0 : active raid1 nbd0[1] sdb1[0]\n      10476544 blocks super 1.2 [2/2] [UU]\n\nunused devices: <none>\n';
const dkNode = (host: string, peer: string, flags: Record<string, string>): Fixture => {
  const base = clusterNode({ host, peer, state: 'OSF' });
  return { ...base, inputs: { ...base.inputs, mdstat: MDSTAT, 'netraid-flag': flags } };
};

describe('cluster-data-corrupt-last-owner', () => {
  it('fires when the flagged node is not the one last_owner names, with both nodes\' evidence', async () => {
    const r = await runCase([
      dkNode('dk1', 'dk2', { 'datarep-data_data_corrupt': '', last_owner: 'dk2\n' }),
      dkNode('dk2', 'dk1', { last_owner: 'dk2\n' }),
    ]);
    const f = r.findings.filter((x) => x.id === 'cluster-data-corrupt-last-owner');
    expect(f.map((x) => [x.severity, x.title.en])).toEqual([['critical', '"datarep-data" is flagged data_corrupt on dk1; last_owner says dk2 was the last source']]);
    expect(f[0]?.evidence.map((e) => [e.node, e.path.replace(/^.*\//, '')])).toEqual([['dk1', 'datarep-data_data_corrupt'], ['dk1', 'last_owner'], ['dk2', 'last_owner']]);
    expect(f[0]?.remediation.en).toContain('Do not force the mirror online on dk1');
  });

  it('is silent when last_owner names the flagged node itself, or a node not in the case', async () => {
    for (const owner of ['dk1', 'dk9']) {
      const r = await runCase([
        dkNode('dk1', 'dk2', { 'datarep-data_data_corrupt': '', last_owner: `${owner}\n` }),
        dkNode('dk2', 'dk1', {}),
      ]);
      expect(r.findings.filter((x) => x.id === 'cluster-data-corrupt-last-owner'), owner).toEqual([]);
    }
  });

  it('is silent when the last_owner files disagree', async () => {
    const r = await runCase([
      dkNode('dk1', 'dk2', { 'datarep-data_data_corrupt': '', last_owner: 'dk2\n' }),
      dkNode('dk2', 'dk1', { 'datarep-data_data_corrupt': '', last_owner: 'dk1\n' }),
    ]);
    expect(r.findings.filter((x) => x.id === 'cluster-data-corrupt-last-owner')).toEqual([]);
  });
});
