import { describe, expect, it } from 'vitest';
import type { Fixture } from '../../engine/plugin/testing.js';
import { clusterNode, runCase } from '../../engine/plugin/testing.js';

const node = (host: string, peer: string, log: string, syslog?: string): Fixture => {
  const base = clusterNode({ host, peer, log });
  return { ...base, inputs: { ...base.inputs, date: 'Mon May 20 10:20:00 UTC 2024\n', ...(syslog ? { syslog } : {}) } };
};
const start = (host: string): string => `2024-05-19T22:54:02 ${host} lk-start-stop[1377]: NOTIFY:startup:::010021:LifeKeeper starting to initialize\n`;
const lost = (host: string, peer: string, time: string): string => `2024-05-20T${time} ${host} lcm[1402]: ERROR:lcd.mes:::004217:Communication failure: destination system "${peer}" is out of service.\n`;
const restores = (host: string, time: string): string => `2024-05-20T${time} ${host} restore[2210]: INFO:RKActionHandler:restore:app1:000100:BEGIN restore of "app1"\n`;
const causes = async (nodes: Fixture[]) => {
  const r = await runCase(nodes);
  return { r, f: r.findings.filter((x) => x.id === 'cluster-failover-cause'), mine: r.findings.filter((x) => x.id === 'failover-cause') };
};
const cause = (title: string): string => title.slice(title.indexOf(': ') + 2);

describe('cluster-failover-cause', () => {
  it('tells a failed peer from its restart after the heartbeats were lost, and replaces the node rule\'s findings', async () => {
    const { f, mine } = await causes([
      node('a1', 'b1', `${start('a1')}2024-05-20T03:01:50 a1 quickCheck[9]: NOTIFY:RKActionHandler:quickCheck:app1:001047:END failed quickCheck of "app1" due to a "ALRM" signal.\n2024-05-20T03:14:40 a1 lk-start-stop[1377]: NOTIFY:startup:::010021:LifeKeeper starting to initialize\n`),
      node('b1', 'a1', `${start('b1')}${lost('b1', 'a1', '03:02:01')}${restores('b1', '03:02:10')}`),
    ]);
    expect(f.map((x) => [x.severity, cause(x.title.en)])).toEqual([['warning', 'a1 failed (heartbeats lost on every communication path, then machine-failure recovery; a1 restarted)']]);
    expect(f[0]?.evidence.map((e) => e.node)).toEqual(['a1', 'b1', 'b1', 'a1']);
    expect(mine).toEqual([]);
  });
  it('tells a peer that was alive but starved from its hung tasks while its messages continue', async () => {
    const { f } = await causes([
      node('a1', 'b1', `${start('a1')}2024-05-20T03:02:40 a1 quickCheck[9]: NOTIFY:RKActionHandler:quickCheck:app1:001047:END failed quickCheck of "app1" due to a "ALRM" signal.\n`,
        'May 20 03:01:30 a1 kernel: INFO: task jbd2/sdb1-8:812 blocked for more than 120 seconds.\n'),
      node('b1', 'a1', `${start('b1')}${lost('b1', 'a1', '03:02:01')}${restores('b1', '03:02:10')}`),
    ]);
    expect(f.map((x) => [x.severity, cause(x.title.en)])).toEqual([['warning', 'a1 was alive but starved (heartbeats missed while its own messages continue)']]);
  });
  it('tells comm paths that failed when both alive nodes lost each other at once', async () => {
    const { f } = await causes([
      node('a1', 'b1', `${start('a1')}${lost('a1', 'b1', '03:02:00')}`),
      node('b1', 'a1', `${start('b1')}${lost('b1', 'a1', '03:02:01')}${restores('b1', '03:02:10')}`),
    ]);
    expect(f.map((x) => [x.severity, cause(x.title.en)])).toEqual([['warning', 'a1 was alive; both nodes lost each other\'s heartbeats at once (the communication paths failed)']]);
  });
  it('tells quorum loss on the peer, and what it did', async () => {
    const { f } = await causes([
      node('a1', 'b1', `${start('a1')}2024-05-20T03:01:58 a1 qwk[5]: EMERG:quorum:check::000000:quorum check failed, lost quorum: QUORUM_LOSS_ACTION=fastboot, rebooting\n2024-05-20T03:09:00 a1 lk-start-stop[1377]: NOTIFY:startup:::010021:LifeKeeper starting to initialize\n`),
      node('b1', 'a1', `${start('b1')}${lost('b1', 'a1', '03:02:01')}${restores('b1', '03:02:10')}`),
    ]);
    expect(f.map((x) => [x.severity, cause(x.title.en)])).toEqual([['warning', 'a1 lost quorum and restarted']]);
  });
  it('tells a manual switchover from the clean removes on the other node as info', async () => {
    const { f } = await causes([
      node('a1', 'b1', `${start('a1')}2024-05-20T03:02:05 a1 remove[7]: INFO:RKActionHandler:remove:app1:000102:BEGIN remove of "app1"\n`),
      node('b1', 'a1', `${start('b1')}${restores('b1', '03:02:10')}`),
    ]);
    expect(f.map((x) => [x.severity, cause(x.title.en)])).toEqual([['info', 'manual: a1 released it cleanly, with no failure logged']]);
  });
  it('follows a resource failure across nodes on clocks corrected for skew, and breaks the chain without the correction', async () => {
    // b1's clock is 3 minutes behind a1's: both logged the comm blip of 01:00, b1 at 00:57.
    const a = `${start('a1')}${lost('a1', 'b1', '01:00:00')}2024-05-20T03:01:40 a1 quickCheck[3]: ERROR:RKActionHandler:quickCheck:app1:000000:END failed quickCheck of "app1"
2024-05-20T03:02:00 a1 recover[4]: ERROR:RKActionHandler:recover:app1:000000:END failed recover of "app1"
2024-05-20T03:02:05 a1 remove[5]: INFO:RKActionHandler:remove:app1:000102:BEGIN remove of "app1"
`;
    const { f } = await causes([node('a1', 'b1', a), node('b1', 'a1', `${start('b1')}${lost('b1', 'a1', '00:57:00')}${restores('b1', '02:59:30')}`)]);
    expect(f.map((x) => [x.severity, cause(x.title.en)])).toEqual([['warning', 'a resource failed its check on a1 and could not be recovered locally']]);
    expect(f[0]?.summary.en).toContain('b1\'s clock was 180 s behind a1\'s');
    expect(f[0]?.evidence.map((e) => `${e.node ?? ''}:${e.line}`)).toEqual(['a1:3', 'a1:4', 'a1:5', 'b1:3']);
    // Without the blip there is no skew to correct: b1's restore comes before the failure, so the chain breaks.
    const { f: raw } = await causes([node('a1', 'b1', a.replace(lost('a1', 'b1', '01:00:00'), '')), node('b1', 'a1', `${start('b1')}${restores('b1', '02:59:30')}`)]);
    expect(raw.map((x) => cause(x.title.en))).toContain('cause not determined');
  });
  it('is silent on a healthy pair', async () => {
    const { f } = await causes([node('a1', 'b1', start('a1')), node('b1', 'a1', start('b1'))]);
    expect(f).toEqual([]);
  });
});
