import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import resourceHierarchy from '../../facts/resource-hierarchy/index.js';
import rule from './index.js';

const q = 'LOCAL TAG ID STATE PRIO PRIMARY\nlk1 nas-data /data ISP 1 lk1\n';

describe('nas-nfs-mount-without-nolock', () => {
  it('warns on a protected NFS mount without nolock, from /proc/mounts or the mount command', async () => {
    const proc = await runAnalyzer(rule, { inputs: { 'lcdstatus-q': q, mounts: 'nas1:/export/data /data nfs rw,relatime,vers=3,hard,proto=tcp 0 0\n' } }, [resourceHierarchy]);
    expect(proc.findings.map((f) => [f.severity, f.title.en])).toEqual([['warning', 'NFS mount /data (resource nas-data) has no nolock option']]);
    const cmd = await runAnalyzer(rule, { inputs: { 'lcdstatus-q': q, mounts: 'nas1:/export/data on /data type nfs4 (rw,relatime,vers=4.1)\n' } }, [resourceHierarchy]);
    expect(cmd.findings.length).toBe(1);
  });
  it('is silent with nolock, on an NFS mount LifeKeeper does not protect, and on a local file system', async () => {
    const with_ = await runAnalyzer(rule, { inputs: { 'lcdstatus-q': q, mounts: 'nas1:/export/data /data nfs rw,nolock,vers=3 0 0\n/dev/sdb1 /other xfs rw 0 0\nnas1:/home /home nfs rw 0 0\n' } }, [resourceHierarchy]);
    expect(with_.findings).toEqual([]);
  });
});
