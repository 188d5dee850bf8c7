import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import lifekeeperVersion from '../../facts/lifekeeper-version/index.js';
import lkscsid from '../../facts/lkscsid/index.js';
import resourceHierarchy from '../../facts/resource-hierarchy/index.js';
import rule from './index.js';

const STARTUP = `Sep 29 05:50:22 lk-1 lk-start-stop[6749]: NOTIFY:startup:::010021:LifeKeeper starting to initialize
Sep 29 05:50:44 lk-1 lkscsid[6847]: INFO:lkscsid:::007046:lkscsid daemon pid:6847 mlock:1 nice:-10
`;
const RESTART = 'Oct  2 14:12:07 lk-1 lkscsid[21877]: INFO:lkscsid:::007046:lkscsid daemon pid:21877 mlock:1 nice:-10\n';
const DISK = 'LOCAL TAG ID STATE PRIO PRIMARY\nlk-1 fs1 /data ISP 1 lk-1\nlk-1  disk-sdc1 3600508b400105e210000900000490000-1 ISP 1 lk-1\n';
const providers = [lifekeeperVersion, lkscsid, resourceHierarchy];
const rpm = (v: string): string => `steeleye-lk-${v}-7288.x86_64\n`;
const fixture = (version: string, log: string, disks = DISK) => ({
  inputs: { 'rpm-qa': rpm(version), 'lifekeeper-log': log, 'lcdstatus-q': disks, 'core-file': { 'core.lkscsid.6847': Buffer.alloc(2048) } },
  mtime: new Date('2020-10-06T00:00:00Z'),
});

describe('lkscsid-abnormal-restart', () => {
  it('is critical on 9.5.0 with a restart outside startup, with the 007046 line, version, disk and core as evidence', async () => {
    const run = await runAnalyzer(rule, fixture('9.5.0', STARTUP + RESTART), providers);
    expect(run.findings).toHaveLength(1);
    const f = run.findings[0];
    expect(f?.severity).toBe('critical');
    expect(f?.evidence.map((e) => e.path)).toEqual(['var/log/lifekeeper.log', 'cmd/rpm_-qa.out', 'cmd/lcdstatus_-q.out', 'var/crash/core.lkscsid.6847']);
    expect(f?.evidence[0]?.text).toContain('pid:21877');
    expect(f?.summary.en).toMatch(/1 time on its own/);
    expect(f?.remediation.ja).toContain('v9.5.1');
  });

  it('says "at least" when the lkscsid history was past its bound', async () => {
    // 9,001 starts (one at startup): the first and last 2,000 kept, 2,000 more recovered from the pids followed, 3,001 only counted.
    const flood = Array.from({ length: 9000 }, (_, i) => `Oct  2 ${String(10 + Math.floor(i / 3600)).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} lk-1 lkscsid[${30000 + i}]: INFO:lkscsid:::007046:lkscsid daemon pid:${30000 + i} mlock:1 nice:-10`).join('\n');
    const run = await runAnalyzer(rule, fixture('9.5.0', `${STARTUP}${flood}\n`), providers);
    expect(run.findings[0]?.title.en).toMatch(/^lkscsid restarted at least \d+ times outside LifeKeeper startup \(v9\.5\.0 defect; 3001 more starts not classified\)$/);
    const few = await runAnalyzer(rule, fixture('9.5.0', STARTUP + RESTART), providers);
    expect(few.findings[0]?.title.en).toBe('lkscsid restarted 1 time outside LifeKeeper startup (v9.5.0 defect)');
  });

  it('warns on 9.5.0 with a disk resource and no restart yet', async () => {
    const run = await runAnalyzer(rule, fixture('9.5.0', STARTUP), providers);
    expect(run.findings.map((f) => f.severity)).toEqual(['warning']);
  });

  it('is silent on 9.5.0 without disk resources and without restarts', async () => {
    const run = await runAnalyzer(rule, fixture('9.5.0', STARTUP, 'LOCAL TAG ID STATE PRIO PRIMARY\nlk-1 ip1 IP-10.0.0.5 ISP 1 lk-1\n'), providers);
    expect(run.findings).toEqual([]);
  });

  it('is silent on the fixed version 9.5.1 and on 9.4.1, restarts or not', async () => {
    for (const v of ['9.5.1', '9.4.1', '9.10.0']) {
      expect((await runAnalyzer(rule, fixture(v, STARTUP + RESTART), providers)).findings, v).toEqual([]);
    }
  });

  it('warns of restarts outside startup when the version is unknown (no rpm -qa), and names the defect to check for', async () => {
    const run = await runAnalyzer(rule, { inputs: { 'lifekeeper-log': STARTUP + RESTART } }, providers);
    expect(run.findings.map((f) => [f.severity, f.title.en])).toEqual([['warning', 'lkscsid restarted 1 time outside LifeKeeper startup (LifeKeeper version unknown)']]);
    expect(run.findings[0]?.evidence[0]?.text).toContain('pid:21877');
    expect(run.findings[0]?.action?.en).toContain('rpm -q steeleye-lk');
  });

  it('is not checked when the version is unknown and lkscsid never restarted', async () => {
    expect((await runAnalyzer(rule, { inputs: { 'lifekeeper-log': STARTUP } }, providers)).status.status).toBe('not-checked');
  });
});
