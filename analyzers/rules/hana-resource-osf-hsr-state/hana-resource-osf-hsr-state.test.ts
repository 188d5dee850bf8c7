import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import resourceHierarchy from '../../facts/resource-hierarchy/index.js';
import rule from './index.js';

const long = (state: string, app = 'gen', type = 'hana') => `Resource hierarchies for machine "hana1":\nROOT of RESOURCE HIERARCHY\nHANA-SPS: id=SPS_HDB00 app=${app} type=${type} state=${state}\n\tinitialize=(AUTORES_ISP) automatic restore to IN-SERVICE by LifeKeeper\n`;

describe('hana-resource-osf-hsr-state', () => {
  it('warns about a HANA resource in OSF, known by its type', async () => {
    const run = await runAnalyzer(rule, { inputs: { lcdstatus: long('OSF') } }, [resourceHierarchy]);
    expect(run.findings.map((f) => [f.severity, f.title.en])).toEqual([['warning', 'SAP HANA resource "HANA-SPS" is OSF']]);
    expect(run.findings[0]?.summary.en).toContain('gen/hana');
  });
  it('says when only the tag told it was HANA', async () => {
    const run = await runAnalyzer(rule, { inputs: { 'lcdstatus-q': 'LOCAL TAG ID STATE PRIO PRIMARY\nhana1 HANA-SPS SPS_HDB00 OSF 1 hana1\n' } }, [resourceHierarchy]);
    expect(run.findings[0]?.summary.en).toContain('our inference');
  });
  it('is silent on a HANA resource in service, and on another kit\'s OSF resource', async () => {
    expect((await runAnalyzer(rule, { inputs: { lcdstatus: long('ISP') } }, [resourceHierarchy])).findings).toEqual([]);
    expect((await runAnalyzer(rule, { inputs: { lcdstatus: long('OSF', 'database', 'oracle') } }, [resourceHierarchy])).findings).toEqual([]);
  });
});
