import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import settings from '../../facts/settings/index.js';
import rule, { forceUmountMaxSeconds } from './index.js';

const run = (defaults: string) => runAnalyzer(rule, { inputs: { 'lifekeeper-defaults': defaults } }, [settings]);

describe('fs-umount-timeout-ineffective', () => {
  it('computes the documented maximum: 192 s with the defaults', () => {
    expect(forceUmountMaxSeconds(60, 1)).toBe(192);
  });
  it('notes a changed FS_UMOUNT_TIMEOUT that is not above the maximum, with the retries that set it', async () => {
    const r = await run('FS_UMOUNT_TIMEOUT=120\nFS_KERNEL_RETRIES=60\n');
    expect(r.findings.map((f) => [f.severity, f.title.en])).toEqual([['info', 'FS_UMOUNT_TIMEOUT=120 has no effect: forceumount may run up to 192 s']]);
    expect(r.findings[0]?.evidence.length).toBe(2);
  });
  it('is silent on the default value, on a value above the maximum, and when the retries were lowered enough', async () => {
    expect((await run('FS_UMOUNT_TIMEOUT=30\n')).findings).toEqual([]);
    expect((await run('FS_UMOUNT_TIMEOUT=300\n')).findings).toEqual([]);
    expect((await run('FS_UMOUNT_TIMEOUT=60\nFS_KERNEL_RETRIES=10\nFS_UMOUNT_RETRIES=1\n')).findings).toEqual([]);
  });
});
