import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import kernel from '../../facts/kernel/index.js';
import osRelease from '../../facts/os-release/index.js';
import rule from './index.js';

const node = (v: string, k: string, id = 'rhel') => ({ inputs: { 'os-release': `ID="${id}"\nVERSION_ID="${v}"\nNAME="Linux"\n`, uname: `${k}\n` } });

describe('kernel-not-certified', () => {
  it('notes a kernel of another build than the certified one', async () => {
    const run = await runAnalyzer(rule, node('8.4', '4.18.0-240.el8.x86_64'), [kernel, osRelease]);
    expect(run.findings.map((f) => f.severity)).toEqual(['info']);
    expect(run.findings[0]?.summary.en).toContain('4.18.0-305');
  });
  it('knows the older rows of the 9.2 table (RHEL 6) and CentOS 8, Oracle Linux 7 of the 9.9.0 table', async () => {
    expect((await runAnalyzer(rule, node('6.5', '2.6.32-358.el6.x86_64'), [kernel, osRelease])).findings[0]?.summary.en).toContain('2.6.32-431');
    expect((await runAnalyzer(rule, node('8.2', '4.18.0-147.el8.x86_64', 'centos'), [kernel, osRelease])).findings.length).toBe(1);
    expect((await runAnalyzer(rule, node('7.1', '3.10.0-229.el7.x86_64', 'ol'), [kernel, osRelease])).findings).toEqual([]);
    // Oracle's UEK rows were not readable: not judged.
    expect((await runAnalyzer(rule, node('7.1', '4.14.35-1902.el7uek.x86_64', 'ol'), [kernel, osRelease])).findings).toEqual([]);
  });
  it('accepts the certified build and its z-stream updates, and does not judge what the table lacks', async () => {
    expect((await runAnalyzer(rule, node('8.4', '4.18.0-305.el8.x86_64'), [kernel, osRelease])).findings).toEqual([]);
    expect((await runAnalyzer(rule, node('8.4', '4.18.0-305.12.1.el8_4.x86_64'), [kernel, osRelease])).findings).toEqual([]);
    expect((await runAnalyzer(rule, node('9.6', '5.14.0-570.el9.x86_64'), [kernel, osRelease])).findings).toEqual([]);
  });
});
