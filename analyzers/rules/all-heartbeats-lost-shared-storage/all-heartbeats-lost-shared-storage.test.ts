import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import commPaths from '../../facts/comm-paths/index.js';
import timeline from '../../facts/timeline/index.js';
import resyncHistory from '../../facts/resync-history/index.js';
import nodeIdentity from '../../facts/node-identity/index.js';
import rule from './index.js';

const lost = 'Jun  3 10:00:05 lk2 flg_create[2201]: ERROR:lcd.mes:::004217:Communication failure: destination system "lk1" is out of service.\n';
const kernel = (t: string) => `Jun  3 ${t} lk2 kernel: sd 2:0:0:1: reservation conflict\nJun  3 ${t} lk2 kernel: sd 2:0:0:1: [sdb] Device reset issued\n`;
const providers = [commPaths, timeline, resyncHistory, nodeIdentity];

describe('all-heartbeats-lost-shared-storage', () => {
  it('is critical when reservation conflicts follow the loss of the peer, with both as evidence', async () => {
    const run = await runAnalyzer(rule, { inputs: { 'lifekeeper-log': lost, syslog: kernel('10:00:40') } }, providers);
    expect(run.findings.map((f) => f.severity)).toEqual(['critical']);
    expect(run.findings[0]?.title.en).toMatch(/^All heartbeats to lk1 lost at .*10:00:05, then SCSI reservation conflicts$/);
    expect(run.findings[0]?.summary.en).toContain('our inference');
    expect(run.findings[0]?.evidence.length).toBe(3);
  });
  it('is silent on conflicts hours away from the loss, and on a loss without conflicts', async () => {
    expect((await runAnalyzer(rule, { inputs: { 'lifekeeper-log': lost, syslog: kernel('14:00:40') } }, providers)).findings).toEqual([]);
    expect((await runAnalyzer(rule, { inputs: { 'lifekeeper-log': lost, syslog: 'Jun  3 10:00:40 lk2 kernel: e1000: eth1 NIC Link is Down\n' } }, providers)).findings).toEqual([]);
  });

  it('is not checked, not passed, when the archive has no messages (the conflicts are the kernel\'s)', async () => {
    const log = 'Jun  3 03:10:36 lk-b flg_create[20881]: ERROR:lcd.mes:::004217:Communication failure: destination system "lk-a" is out of service.\n';
    const run = await runAnalyzer(rule, { inputs: { 'lifekeeper-log': log } }, providers);
    expect([run.status.status, run.status.reason?.en]).toEqual(['not-checked', 'no messages/syslog in the archive']);
  });
});
