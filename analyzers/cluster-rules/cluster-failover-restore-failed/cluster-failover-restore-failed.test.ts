import { describe, expect, it } from 'vitest';
import { clusterNode, runCase } from '../../engine/plugin/testing.js';

const lostPeer = (host: string, peer: string, second: number): string =>
  `May 20 09:41:${String(second).padStart(2, '0')} ${host} lcm[1402]: ERROR:lcd.mes:::004217:Communication failure: destination system "${peer}" is out of service.\n`;
const restore = (host: string, second: number, outcome: string): string =>
  `May 20 09:42:${String(second).padStart(2, '0')} ${host} restore[2210]: INFO:RKActionHandler:restore:app1:000100:BEGIN restore of "app1"\n` +
  `May 20 09:42:${String(second + 1).padStart(2, '0')} ${host} restore[2210]: ERROR:filesys:restore:app1:010110:mount: /data: special device /dev/sdb1 does not exist\n` +
  `May 20 09:42:${String(second + 2).padStart(2, '0')} ${host} restore[2210]: ${outcome === 'failed' ? 'ERROR' : 'INFO'}:RKActionHandler:restore:app1:000101:END ${outcome} restore of "app1"\n`;

describe('cluster-failover-restore-failed', () => {
  it('fires when the node taking over fails to restore after losing its peer, citing both and the cause', async () => {
    const r = await runCase([
      clusterNode({ host: 'a1', peer: 'b1', state: 'OSF', pathState: 'DEAD', log: lostPeer('a1', 'b1', 5) }),
      clusterNode({ host: 'b1', peer: 'a1', state: 'OSF', pathState: 'DEAD', log: lostPeer('b1', 'a1', 6) + restore('b1', 10, 'failed') }),
    ]);
    const f = r.findings.filter((x) => x.id === 'cluster-failover-restore-failed');
    expect(f.map((x) => [x.severity, x.title.en])).toEqual([['critical', 'Failover of "app1" to b1 failed: its restore failed there']]);
    expect(f[0]?.evidence.map((e) => [e.node, e.text])).toEqual([
      ['b1', expect.stringContaining('004217')],
      ['b1', expect.stringContaining('END failed restore of "app1"')],
    ]);
    expect(f[0]?.evidence[1]?.before?.join('\n')).toContain('special device /dev/sdb1 does not exist');
  });

  it('is silent when the restore after the failover succeeded', async () => {
    const r = await runCase([
      clusterNode({ host: 'a1', peer: 'b1', state: 'OSF', pathState: 'DEAD', log: lostPeer('a1', 'b1', 5) }),
      clusterNode({ host: 'b1', peer: 'a1', state: 'ISP', pathState: 'DEAD', log: lostPeer('b1', 'a1', 6) + restore('b1', 10, 'successful') }),
    ]);
    expect(r.findings.filter((x) => x.id === 'cluster-failover-restore-failed')).toEqual([]);
  });

  it('is silent for a failed restore with no lost peer before it (a startup failure, not a failover)', async () => {
    const r = await runCase([
      clusterNode({ host: 'a1', peer: 'b1', state: 'OSU' }),
      clusterNode({ host: 'b1', peer: 'a1', state: 'OSF', log: restore('b1', 10, 'failed') }),
    ]);
    expect(r.findings.filter((x) => x.id === 'cluster-failover-restore-failed')).toEqual([]);
    expect(r.findings.map((x) => x.id)).toContain('resource-restore-failed');
  });
});
