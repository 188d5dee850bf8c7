import { describe, expect, it } from 'vitest';
import { clusterNode, runCase } from '../../engine/plugin/testing.js';

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
  it('is silent when two archives are of the same node: the cluster compares its latest and sets the earlier apart', async () => {
    const dated = (date: string, state: string) => {
      const base = clusterNode({ host: 'a1', peer: 'b1', state });
      return { ...base, inputs: { ...base.inputs, date: `${date}\n` } };
    };
    // Given newest first: the order of the arguments must not decide which one is the latest.
    const r = await runCase([dated('Tue May 21 10:00:00 UTC 2024', 'OSU'), dated('Mon May 20 10:00:00 UTC 2024', 'ISP'), clusterNode({ host: 'b1', peer: 'a1', state: 'ISP' })]);
    expect(r.findings.filter((x) => x.id.startsWith('cluster-'))).toEqual([]);
    const c = r.clusters[0];
    expect(c?.nodes).toEqual(['a1', 'b1']);
    expect(c?.earlierArchives.map((e) => [e.node, e.collectedAt?.slice(0, 10)])).toEqual([['a1', '2024-05-20']]);
    expect(c?.hierarchies.find((h) => h.tag === 'app1')?.states).toEqual({ a1: 'OSU', b1: 'ISP' });
  });
  it('is no split brain when a node logged the restore after the other archive was collected, whatever the gap: a failover in between', async () => {
    const at = (host: string, peer: string, date: string, log?: string) => {
      const base = clusterNode({ host, peer, state: 'ISP', ...(log ? { log } : {}) });
      return { ...base, inputs: { ...base.inputs, date: `${date}\n` } };
    };
    const restore = (time: string) => `2024-05-20T${time} b1 restore[2210]: INFO:RKActionHandler:restore:app1:000100:BEGIN restore of "app1"\n`;
    // Hours apart, and ten minutes apart: a restore logged between the two collections is a failover either way.
    for (const [later, time] of [['Mon May 20 14:00:00 UTC 2024', '12:30:00'], ['Mon May 20 10:10:00 UTC 2024', '10:05:00']] as const) {
      const r = await runCase([at('a1', 'b1', 'Mon May 20 10:00:00 UTC 2024'), at('b1', 'a1', later, restore(time))]);
      expect(r.findings.filter((x) => x.id === 'cluster-split-brain')).toEqual([]);
      const cause = r.findings.filter((x) => x.id === 'cluster-failover-cause');
      expect(cause.map((x) => x.severity)).toEqual(['info']);
      expect(cause[0]?.summary.en).toContain('a1\'s archive was collected at 2024-05-20 10:00:00, before this failover');
    }
  });
  it('is a warning when the archives were collected hours apart and no restore was logged in between', async () => {
    const at = (host: string, peer: string, date: string) => {
      const base = clusterNode({ host, peer, state: 'ISP' });
      return { ...base, inputs: { ...base.inputs, date: `${date}\n` } };
    };
    const r = await runCase([at('a1', 'b1', 'Mon May 20 10:00:00 UTC 2024'), at('b1', 'a1', 'Mon May 20 14:00:00 UTC 2024')]);
    const f = r.findings.filter((x) => x.id === 'cluster-split-brain');
    expect(f.map((x) => [x.severity, x.title.en])).toEqual([['warning', 'In service on a1 and b1 in archives collected 240 minutes apart: app1']]);
    expect(f[0]?.evidence.map((e) => e.node)).toEqual(['a1', 'b1']);
    // Ten minutes apart is the same moment: still critical.
    const near = await runCase([at('a1', 'b1', 'Mon May 20 10:00:00 UTC 2024'), at('b1', 'a1', 'Mon May 20 10:10:00 UTC 2024')]);
    expect(near.findings.filter((x) => x.id === 'cluster-split-brain').map((x) => x.severity)).toEqual(['critical']);
  });
});
