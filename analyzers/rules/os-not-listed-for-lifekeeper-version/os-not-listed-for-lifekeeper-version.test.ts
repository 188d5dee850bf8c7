import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import lifekeeperVersion from '../../facts/lifekeeper-version/index.js';
import osRelease from '../../facts/os-release/index.js';
import rule from './index.js';

const node = (lk: string, os: string, v: string) => ({ inputs: { 'rpm-qa': `steeleye-lk-${lk}-7047.x86_64\n`, 'os-release': `ID="${os}"\nVERSION_ID="${v}"\nNAME="${os === 'rhel' ? 'Red Hat Enterprise Linux' : os}"\n` } });
const run = (lk: string, os: string, v: string) => runAnalyzer(rule, node(lk, os, v), [lifekeeperVersion, osRelease]);

describe('os-not-listed-for-lifekeeper-version', () => {
  it('warns when a whole section lacks the release: RHEL 8.4 on LifeKeeper 9.2', async () => {
    const r = await run('9.2.2', 'rhel', '8.4');
    expect(r.findings.map((f) => [f.severity, f.title.en])).toEqual([['warning', 'Red Hat Enterprise Linux 8.4 is not listed for LifeKeeper 9.2.2']]);
  });
  it('says "not listed in the part of the table we have", never unsupported, past where a table stops being readable', async () => {
    const r = await run('9.9.0', 'rhel', '9.6');
    expect(r.findings.map((f) => f.severity)).toEqual(['info']);
    expect(r.findings[0]?.summary.en).toContain('not listed in the part of the table we have');
    expect(r.findings[0]?.summary.en).not.toMatch(/\bis unsupported\b/);
    expect(r.findings[0]?.action.en).toBe('Check SIOS\'s current list of supported releases for this LifeKeeper version.');
  });
  it('notes a row the table marks, and is silent on a listed release or a version without a readable table', async () => {
    expect((await run('9.2.0', 'rhel', '6.0')).findings[0]?.title.en).toContain('"Not Recommended"');
    expect((await run('9.9.0', 'rhel', '8.10')).findings).toEqual([]);
    expect((await run('9.6.2', 'rhel', '8.4')).findings).toEqual([]);
    expect((await run('9.9.0', 'sles', '15.4')).findings).toEqual([]);
  });
});
