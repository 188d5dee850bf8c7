import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import resourceHierarchy from '../../facts/resource-hierarchy/index.js';
import rule, { parseDf } from './index.js';

const node = (use: string) => ({
  inputs: {
    'lcdstatus-q': 'LOCAL TAG ID STATE PRIO PRIMARY\nlk1 fs-data /data ISP 1 lk1\n',
    df: `Filesystem 1K-blocks Used Available Use% Mounted on\n/dev/sda1 1038336 258860 779476 99% /boot\n/dev/sdb1 52403200 49823744 2579456 ${use} /data\n`,
  },
});

describe('protected-filesystem-full', () => {
  it('warns at 90% and is critical at 95% on a protected file system', async () => {
    expect((await runAnalyzer(rule, node('91%'), [resourceHierarchy])).findings.map((f) => f.severity)).toEqual(['warning']);
    expect((await runAnalyzer(rule, node('97%'), [resourceHierarchy])).findings.map((f) => f.severity)).toEqual(['critical']);
  });
  it('ignores full file systems LifeKeeper does not protect, and protected ones with room', async () => {
    expect((await runAnalyzer(rule, node('50%'), [resourceHierarchy])).findings).toEqual([]);
  });
  it('reports a filesys resource in ISU as capacity (the documented alarm) when df does not show its mount point', async () => {
    const isu = { inputs: { 'lcdstatus-q': 'LOCAL TAG ID STATE PRIO PRIMARY\nlk1 fs-data /data ISU 1 lk1\n' } };
    const f = (await runAnalyzer(rule, isu, [resourceHierarchy])).findings;
    expect(f.map((x) => [x.severity, x.title.en])).toEqual([['warning', 'Protected file system /data is in service but unprotected (ISU): at least 90% full']]);
    const withDf = { inputs: { ...isu.inputs, df: 'Filesystem 1K-blocks Used Available Use% Mounted on\n/dev/sdb1 52403200 26201600 26201600 50% /data\n' } };
    expect((await runAnalyzer(rule, withDf, [resourceHierarchy])).findings).toEqual([]);
  });
  it('reads df, df -h and wrapped lines', () => {
    expect(parseDf(['/dev/mapper/vg-lv 10G 9.5G 500M 95% /data', 'Filesystem Size Used Avail Use% Mounted on'])).toEqual([{ mount: '/data', usePercent: 95, lineIndex: 0 }]);
  });
});
