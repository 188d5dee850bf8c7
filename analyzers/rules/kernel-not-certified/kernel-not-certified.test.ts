import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import kernel from '../../facts/kernel/index.js';
import osRelease from '../../facts/os-release/index.js';
import rule from './index.js';

const node = (v: string, k: string) => ({ inputs: { 'os-release': `ID="rhel"\nVERSION_ID="${v}"\nNAME="Red Hat Enterprise Linux"\n`, uname: `${k}\n` } });

describe('kernel-not-certified', () => {
  it('notes a kernel of another build than the certified one', async () => {
    const run = await runAnalyzer(rule, node('8.4', '4.18.0-240.el8.x86_64'), [kernel, osRelease]);
    expect(run.findings.map((f) => f.severity)).toEqual(['info']);
    expect(run.findings[0]?.summary.en).toContain('4.18.0-305');
  });
  it('accepts the certified build and its z-stream updates, and does not judge what the table lacks', async () => {
    expect((await runAnalyzer(rule, node('8.4', '4.18.0-305.el8.x86_64'), [kernel, osRelease])).findings).toEqual([]);
    expect((await runAnalyzer(rule, node('8.4', '4.18.0-305.12.1.el8_4.x86_64'), [kernel, osRelease])).findings).toEqual([]);
    expect((await runAnalyzer(rule, node('9.6', '5.14.0-570.el9.x86_64'), [kernel, osRelease])).findings).toEqual([]);
  });
});
