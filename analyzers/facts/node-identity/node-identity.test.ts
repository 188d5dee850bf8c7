import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import nodeIdentity from './index.js';
import { parseArchiveName, parseDateOutput } from './parse.js';

describe('node-identity', () => {
  it('takes the short name from hostname and the time from date', async () => {
    const run = await runAnalyzer(nodeIdentity, {
      inputs: { hostname: 'lk-node1.example.com\nlk-node1\n', date: 'Mon May 20 10:20:01 JST 2024\n' },
    });
    expect(run.fact).toMatchObject({
      hostname: 'lk-node1',
      hostnameSource: 'hostname',
      collectedAt: '2024-05-20T10:20:01',
      collectedAtZone: 'JST',
      collectedAtSource: 'date',
    });
    expect(run.node.hostname).toBe('lk-node1');
    expect(run.node.collectedAt).toBe('2024-05-20T10:20:01');
  });

  it('falls back to uname -a for the name', async () => {
    const run = await runAnalyzer(nodeIdentity, { inputs: { uname: 'Linux lk-prod1 3.10.0-1127.el7.x86_64 #1 SMP x86_64 GNU/Linux\n' } });
    expect(run.fact).toMatchObject({ hostname: 'lk-prod1', hostnameSource: 'uname' });
  });

  it("takes LifeKeeper's own name first: the LOCAL column of lcdstatus -q, and says which source named the node", async () => {
    const run = await runAnalyzer(nodeIdentity, {
      inputs: {
        'lcdstatus-q': 'LOCAL   TAG   ID   STATE   PRIO  PRIMARY\nnode1   app1  application1   ISP   1  node1\n',
        hostname: 'node1.example.com\n',
      },
    });
    expect(run.fact).toMatchObject({ hostname: 'node1', hostnameSource: 'lcdstatus-q' });
    expect((run.fact as { otherNames?: unknown }).otherNames).toBeUndefined();
  });

  it('reads the long form\'s first line and config/UNAME', async () => {
    const long = await runAnalyzer(nodeIdentity, { inputs: { lcdstatus: 'Resource hierarchies for machine "lk-b":\nROOT of RESOURCE HIERARCHY\n' } });
    expect(long.fact).toMatchObject({ hostname: 'lk-b', hostnameSource: 'lcdstatus' });
    const uname = await runAnalyzer(nodeIdentity, { inputs: { 'lifekeeper-uname': 'lk-c\n' } });
    expect(uname.fact).toMatchObject({ hostname: 'lk-c', hostnameSource: 'lifekeeper-uname' });
  });

  it('says when sources disagree, with the evidence of each', async () => {
    const run = await runAnalyzer(nodeIdentity, {
      inputs: { 'lcdstatus-q': 'LOCAL TAG ID STATE PRIO PRIMARY\nnodeA  app1  a1  ISP  1  nodeA\n', hostname: 'nodeB\n' },
    });
    expect(run.fact).toMatchObject({ hostname: 'nodeA', otherNames: [{ name: 'nodeB', source: 'hostname', evidence: [{ text: 'nodeB' }] }] });
  });

  it('names the node after the host that wrote lifekeeper.log before any folder name', async () => {
    const log = 'Nov 11 00:00:00 prod-db2 flg_create[3110]: ERROR:lcd.mes:::004217:Communication failure: destination system "prod-db1" is out of service.\n';
    const run = await runAnalyzer(nodeIdentity, { inputs: { 'lifekeeper-log': log } });
    expect(run.fact).toMatchObject({ hostname: 'prod-db2', hostnameSource: 'lifekeeper-log' });
  });

  it('never names a node after a generic folder: var (no top folder), lksupport-out, tmp', () => {
    for (const name of ['var', 'lksupport-out', 'tmp', 'out', 'lksupport', 'opt', 'etc']) expect(parseArchiveName(name).host, name).toBeNull();
    expect(parseArchiveName('ticket.zip » lk-node2.tar.gz').host).toBe('lk-node2');
    expect(parseArchiveName('lksupport-lk-node1.tar.gz').host).toBe('lk-node1');
  });

  it('reads date output in the C locale, 12-hour form, Japanese locale and ISO form', () => {
    expect(parseDateOutput('Tue Oct  6 11:05:00 JST 2020')).toEqual({ local: '2020-10-06T11:05:00', zone: 'JST' });
    expect(parseDateOutput('Mon May 20 01:05:00 PM JST 2024')).toEqual({ local: '2024-05-20T13:05:00', zone: 'JST' });
    expect(parseDateOutput('2024年  5月 20日 月曜日 10:21:30 JST')).toEqual({ local: '2024-05-20T10:21:30', zone: 'JST' });
    expect(parseDateOutput('2024-05-20T10:21:30+09:00')).toEqual({ local: '2024-05-20T10:21:30', zone: '+09:00' });
    expect(parseDateOutput('yesterday')).toBeNull();
  });

  it('reads host and time from archive names as a last resort', () => {
    expect(parseArchiveName('/tmp/lksupport-lk-node1-20240520-102001.tar.gz')).toEqual({ host: 'lk-node1', time: { local: '2024-05-20T10:20:01', zone: null } });
    expect(parseArchiveName('dk-node1_20240611_0930')).toEqual({ host: 'dk-node1', time: { local: '2024-06-11T09:30:00', zone: null } });
    expect(parseArchiveName('something.tar.gz')).toEqual({ host: 'something', time: null });
  });

  it('never throws on any input', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      parseDateOutput(s);
      parseArchiveName(s);
    }));
  });
});
