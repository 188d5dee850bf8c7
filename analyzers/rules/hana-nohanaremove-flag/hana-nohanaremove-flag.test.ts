import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import lifekeeperFlags from '../../facts/lifekeeper-flags/index.js';
import rule from './index.js';

describe('hana-nohanaremove-flag', () => {
  it('explains the flag at info, as documented (underscore) and as seen (space)', async () => {
    const run = await runAnalyzer(rule, { inputs: { 'flg-list': '!volatile!noHANAremove_HANA-SPS\n!volatile!noHANAremove HANA-S4D\n' } }, [lifekeeperFlags]);
    expect(run.findings.map((f) => [f.severity, f.evidence.length])).toEqual([['info', 2]]);
  });
  it('is silent on other volatile flags and the HANA data flags', async () => {
    const run = await runAnalyzer(rule, { inputs: { 'flg-list': '!volatile!something\n!HANA_LAST_OWNER_HANA-SPS\n' } }, [lifekeeperFlags]);
    expect(run.findings).toEqual([]);
  });
});
