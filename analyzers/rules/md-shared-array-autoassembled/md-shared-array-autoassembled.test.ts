import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import resourceHierarchy from '../../facts/resource-hierarchy/index.js';
import rule from './index.js';

const q = (state: string) => `LOCAL TAG ID STATE PRIO PRIMARY\nlk2 md0 /dev/md0 ${state} 10 lk1\n`;
const conf = (line: string) => `DEVICE partitions\nARRAY /dev/md/root metadata=1.2 UUID=aaaa:bbbb:cccc:dddd\n${line}\n`;
const mdstat = 'Personalities : [raid1]\nmd0 : active raid1 sdc1[1] sdb1[0]\n      10485696 blocks super 1.2 [2/2] [UU]\n';

describe('md-shared-array-autoassembled', () => {
  it('warns on an active ARRAY line for a protected md device, and says it is assembled on this standby', async () => {
    const run = await runAnalyzer(rule, { inputs: { 'lcdstatus-q': q('OSU'), 'mdadm-conf': conf('ARRAY /dev/md/0 metadata=1.2 UUID=1111:2222:3333:4444'), mdstat } }, [resourceHierarchy]);
    expect(run.findings.map((f) => [f.severity, f.title.en])).toEqual([['warning', 'mdadm.conf activates protected md device at boot: /dev/md0']]);
    expect(run.findings[0]?.summary.en).toContain('active in /proc/mdstat although its resource is out of service');
    expect(run.findings[0]?.evidence.length).toBe(2);
  });
  it('is silent when the line is commented out, and on the OS\'s own arrays', async () => {
    expect((await runAnalyzer(rule, { inputs: { 'lcdstatus-q': q('ISP'), 'mdadm-conf': conf('#ARRAY /dev/md0 metadata=1.2 UUID=1111:2222:3333:4444') } }, [resourceHierarchy])).findings).toEqual([]);
    expect((await runAnalyzer(rule, { inputs: { 'lcdstatus-q': 'LOCAL TAG ID STATE PRIO PRIMARY\nlk2 fs1 /data ISP 1 lk2\n', 'mdadm-conf': conf('ARRAY /dev/md0 UUID=1111:2222:3333:4444') } }, [resourceHierarchy])).findings).toEqual([]);
  });
  it('says it could not check only when an md device is protected and mdadm.conf is missing', async () => {
    expect((await runAnalyzer(rule, { inputs: { 'lcdstatus-q': q('ISP') } }, [resourceHierarchy])).status.status).toBe('not-checked');
    expect((await runAnalyzer(rule, { inputs: { 'lcdstatus-q': 'LOCAL TAG ID STATE PRIO PRIMARY\nlk2 fs1 /data ISP 1 lk2\n' } }, [resourceHierarchy])).status.status).toBe('ran');
  });
});
