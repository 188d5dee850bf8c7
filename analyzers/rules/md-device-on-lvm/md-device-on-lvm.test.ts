import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import resourceHierarchy from '../../facts/resource-hierarchy/index.js';
import rule from './index.js';

const q = 'LOCAL TAG ID STATE PRIO PRIMARY\nlk1 md0 /dev/md0 ISP 1 lk1\n';
const mdstat = (members: string) => `Personalities : [raid1]\nmd0 : active raid1 ${members}\n      10485696 blocks super 1.2 [2/2] [UU]\n\nunused devices: <none>\n`;

describe('md-device-on-lvm', () => {
  it('warns when a protected md device has device-mapper members', async () => {
    const run = await runAnalyzer(rule, { inputs: { 'lcdstatus-q': q, mdstat: mdstat('dm-3[1] dm-2[0]') } }, [resourceHierarchy]);
    expect(run.findings.map((f) => [f.severity, f.title.en])).toEqual([['warning', '/dev/md0 (resource md0) is built on LVM devices: dm-3, dm-2']]);
  });
  it('is silent on disk members, on an md device LifeKeeper does not protect, and on a DataKeeper mirror', async () => {
    expect((await runAnalyzer(rule, { inputs: { 'lcdstatus-q': q, mdstat: mdstat('sdc1[1] sdb1[0]') } }, [resourceHierarchy])).findings).toEqual([]);
    expect((await runAnalyzer(rule, { inputs: { 'lcdstatus-q': 'LOCAL TAG ID STATE PRIO PRIMARY\nlk1 fs1 /data ISP 1 lk1\n', mdstat: mdstat('dm-3[1] dm-2[0]') } }, [resourceHierarchy])).findings).toEqual([]);
    expect((await runAnalyzer(rule, { inputs: { 'lcdstatus-q': q, mdstat: mdstat('nbd10[1] dm-2[0]') } }, [resourceHierarchy])).findings).toEqual([]);
  });
});
