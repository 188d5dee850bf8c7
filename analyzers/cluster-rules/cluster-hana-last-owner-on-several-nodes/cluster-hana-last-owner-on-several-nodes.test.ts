import { describe, expect, it } from 'vitest';
import { clusterNode, runCase } from '../../engine/plugin/testing.js';

const withFlags = (host: string, peer: string, flags: string, state = 'ISP') => {
  const base = clusterNode({ host, peer, state });
  return { ...base, inputs: { ...base.inputs, 'flg-list': flags } };
};

describe('cluster-hana-last-owner-on-several-nodes', () => {
  it('is critical when both nodes hold the last-owner flag of one tag, with both flag lines', async () => {
    const r = await runCase([withFlags('hana1', 'hana2', '!HANA_LAST_OWNER_HANA-SPS\n'), withFlags('hana2', 'hana1', '!HANA_LAST_OWNER_HANA-SPS\n')]);
    const f = r.findings.filter((x) => x.id === 'cluster-hana-last-owner-on-several-nodes');
    expect(f.map((x) => [x.severity, x.evidence.map((e) => e.node)])).toEqual([['critical', ['hana1', 'hana2']]]);
  });
  it('is silent when only the primary holds it', async () => {
    const r = await runCase([withFlags('hana1', 'hana2', '!HANA_LAST_OWNER_HANA-SPS\n!volatile!noHANAremove_HANA-SPS\n'), withFlags('hana2', 'hana1', '!volatile!noHANAremove_HANA-SPS\n', 'OSU')]);
    expect(r.findings.filter((x) => x.id === 'cluster-hana-last-owner-on-several-nodes')).toEqual([]);
  });
});
