import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import datakeeper from '../../facts/datakeeper/index.js';
import kernel from '../../facts/kernel/index.js';
import lifekeeperVersion from '../../facts/lifekeeper-version/index.js';
import osRelease from '../../facts/os-release/index.js';
import resyncHistory from '../../facts/resync-history/index.js';
import rule from './index.js';
import { affectedKernel } from './kernels.js';

const providers = [lifekeeperVersion, kernel, osRelease, resyncHistory, datakeeper];
const RESYNCS = `May 14 22:05:18 node1 mirror_action[20052]: INFO:dr:resume:datarep-dk-mirror:104009:/dev/md0: bitmap merged, resyncing 2.9 GB
May 15 09:13:09 node1 restore[25641]: INFO:dr:restore:datarep-dk-mirror:104009:/dev/md0: bitmap merged, resyncing 0.0 B
`;
const ZERO = 'May 15 09:13:09 node1 restore[25641]: INFO:dr:restore:datarep-dk-mirror:104009:/dev/md0: bitmap merged, resyncing 0.0 B\n';
const node = (o: { version?: string; os?: string; kernel?: string; log?: string }) => ({
  inputs: {
    'rpm-qa': `steeleye-lk-${o.version ?? '9.5.1'}-7612.x86_64\nsteeleye-lkDR-${o.version ?? '9.5.1'}-7612.noarch\n`,
    'os-release': o.os ?? 'ID="rhel"\nVERSION_ID="8.2"\n',
    uname: `${o.kernel ?? '4.18.0-193.28.1.el8_2.x86_64'}\n`,
    'lifekeeper-log': o.log ?? RESYNCS,
  },
});

describe('datakeeper-partial-resync-md-raid1', () => {
  it('is critical on RHEL 8.2 with 9.5.1 and a non-zero partial resync; the 0.0 B one is not evidence', async () => {
    const run = await runAnalyzer(rule, node({}), providers);
    expect(run.findings.map((f) => f.severity)).toEqual(['critical']);
    expect(run.findings[0]?.evidence.map((e) => e.text)).toEqual([RESYNCS.split('\n')[0], '4.18.0-193.28.1.el8_2.x86_64', 'steeleye-lk-9.5.1-7612.x86_64']);
    expect(run.findings[0]?.remediation.en).toContain('mirror_action <tag> pause');
  });

  it('only warns when a full resync of the mirror followed every partial resync with data', async () => {
    const full = 'May 16 02:10:00 node1 mirror_action[21901]: INFO:dr:fullresync:datarep-dk-mirror:000000:full resync of /dev/md0 started\n';
    const run = await runAnalyzer(rule, node({ log: `${RESYNCS}${full}` }), providers);
    expect(run.findings.map((f) => [f.severity, f.title.en])).toEqual([['warning', 'DataKeeper on an md/raid1 kernel affected by the partial-resync defect (1 partial resync with data, each followed by a full resync)']]);
    expect(run.findings[0]?.evidence.map((e) => e.text)).toContain(full.trim());
    // A partial resync after the full one is not repaired: critical again, counting only that one.
    const later = 'May 18 01:47:55 node1 mirror_action[21865]: INFO:dr:resume:datarep-dk-mirror:104009:/dev/md0: bitmap merged, resyncing 662.2 MB\n';
    const again = await runAnalyzer(rule, node({ log: `${RESYNCS}${full}${later}` }), providers);
    expect(again.findings.map((f) => [f.severity, f.title.en])).toEqual([['critical', '1 partial resync on an affected md/raid1 kernel: the target may be missing data']]);
    expect(again.findings[0]?.summary.en).toContain('1 earlier partial resync with data was followed by a full resync');
  });

  it('warns when exposed but every resync was 0.0 B', async () => {
    expect((await runAnalyzer(rule, node({ log: ZERO }), providers)).findings.map((f) => f.severity)).toEqual(['warning']);
  });

  it('is silent on the fixed version 9.5.2, on versions before 9.3.2, and on unaffected kernels', async () => {
    expect((await runAnalyzer(rule, node({ version: '9.5.2' }), providers)).findings).toEqual([]);
    expect((await runAnalyzer(rule, node({ version: '9.3.1' }), providers)).findings).toEqual([]);
    expect((await runAnalyzer(rule, node({ os: 'ID="rhel"\nVERSION_ID="8.4"\n', kernel: '4.18.0-305.el8.x86_64' }), providers)).findings).toEqual([]);
    expect((await runAnalyzer(rule, node({ os: 'ID="sles"\nVERSION_ID="12.4"\n', kernel: '4.12.14-95.48-default' }), providers)).findings).toEqual([]);
  });

  it('knows the advisory table, comparing kernels as rpm does', () => {
    const sles = (v: string, k: string) => affectedKernel({ osId: 'sles', osVersion: v, kernel: k })?.row.en ?? null;
    expect(sles('12.4', '4.12.14-95.51-default')).toMatch(/SP4/);
    expect(sles('12.4', '4.12.14-95.6-default')).toBeNull();
    expect(sles('12.5', '4.12.14-122.20-default')).toMatch(/SP5/);
    expect(sles('12.5', '4.12.14-122.17-default')).toBeNull();
    expect(sles('15.1', '4.12.14-197.37.1-default')).toMatch(/15 SP1/);
    expect(sles('15.1', '4.12.14-197.34-default')).toBeNull();
    expect(sles('15.2', '5.3.18-22-default')).toMatch(/15 SP2/);
    expect(sles('15.3', '5.3.18-57-default')).toBeNull();
    expect(affectedKernel({ osId: 'centos', osVersion: '8', kernel: '4.18.0-240.1.1.el8_3.x86_64' })?.row.en).toMatch(/8\.3/);
    expect(affectedKernel({ osId: 'ol', osVersion: '7.9', kernel: '4.14.35-2025.400.8.el7uek.x86_64' })?.row).toEqual({ en: 'OL 7 UEK R5 from 4.14.35-2025.400.8', ja: 'OL 7 UEK R5 (4.14.35-2025.400.8 以降)' });
    expect(affectedKernel({ osId: 'ol', osVersion: '7.9', kernel: '4.14.35-2025.400.7.el7uek.x86_64' })).toBeNull();
    expect(affectedKernel({ osId: 'ol', osVersion: '7.9', kernel: '3.10.0-1160.el7.x86_64' })).toBeNull();
  });
});
