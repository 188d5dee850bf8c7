import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import lifekeeperFlags from '../../facts/lifekeeper-flags/index.js';
import resourceHierarchy from '../../facts/resource-hierarchy/index.js';
import rule from './index.js';

const status = 'LOCAL TAG ID STATE PRIO PRIMARY\nhana2 HANA-SPS SPS_HDB00 OSU 10 hana1\n';

describe('hana-data-consistency-flags', () => {
  it('warns once per tag when the data is out of sync or its consistency unknown, with the resource state', async () => {
    const run = await runAnalyzer(rule, { inputs: { 'flg-list': '!HANA_DATA_OUT_OF_SYNC_HANA-SPS\n!HANA_DATA_CONSISTENCY_UNKNOWN_HANA-SPS\n', 'lcdstatus-q': status } }, [lifekeeperFlags, resourceHierarchy]);
    expect(run.findings.map((f) => [f.severity, f.title.en])).toEqual([['warning', 'SAP HANA "HANA-SPS": data out of sync on this node']]);
    expect(run.findings[0]?.summary.en).toContain('The resource is OSU on this node.');
    expect(run.findings[0]?.evidence.length).toBe(3);
  });
  it('is silent on the normal flags: last owner, startup done, noHANAremove', async () => {
    const run = await runAnalyzer(rule, { inputs: { 'flg-list': '!HANA_LAST_OWNER_HANA-SPS\n!HANA_STARTUP_DONE_HANA-SPS\n!volatile!noHANAremove_HANA-SPS\n' } }, [lifekeeperFlags, resourceHierarchy]);
    expect(run.findings).toEqual([]);
  });
});
