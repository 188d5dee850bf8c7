import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import lifekeeperFlags from '../../facts/lifekeeper-flags/index.js';
import rule from './index.js';

describe('failover-blocking-flags', () => {
  it('warns on !nofailover! and a leftover admin lock', async () => {
    const run = await runAnalyzer(rule, { inputs: { 'flg-list': '!nofailover!lk2\n!action!01525!701120147!cindy:Create_Hierarchy\nshutdown_switchover\n' } }, [lifekeeperFlags]);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]?.evidence).toHaveLength(2);
  });
  it('leaves the SAP HANA kit\'s flags to the HANA rules', async () => {
    const flags = '!volatile!noHANAremove_HANA-SPS\n!HANA_LAST_OWNER_HANA-SPS\n!HANA_DATA_OUT_OF_SYNC_HANA-SPS\n';
    expect((await runAnalyzer(rule, { inputs: { 'flg-list': flags } }, [lifekeeperFlags])).findings).toEqual([]);
  });
  it('is silent with only the shutdown strategy flag', async () => {
    expect((await runAnalyzer(rule, { inputs: { 'flg-list': 'shutdown_switchover\n' } }, [lifekeeperFlags])).findings).toEqual([]);
  });
});
