import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import resourceHierarchy from '../../facts/resource-hierarchy/index.js';
import nodeIdentity from '../../facts/node-identity/index.js';
import rule from './index.js';

const q = (state: string) => ({ inputs: { 'lcdstatus-q': `LOCAL TAG ID STATE PRIO PRIMARY\nlk1 fs1 /data ${state} 1 lk1\nlk1  ip1 IP-10.0.0.5 ISP 1 lk1\n` } });

describe('resource-failed-state', () => {
  it('warns on OSF and is critical on ILLSTATE', async () => {
    expect((await runAnalyzer(rule, q('OSF'), [resourceHierarchy])).findings.map((f) => f.severity)).toEqual(['warning']);
    expect((await runAnalyzer(rule, q('ILLSTATE'), [resourceHierarchy])).findings.map((f) => f.severity)).toEqual(['critical']);
  });
  it('says what to do with the failed resource named when there is one', async () => {
    const [f] = (await runAnalyzer(rule, q('OSF'), [resourceHierarchy])).findings;
    expect(f?.action.en).toBe('Fix the cause found in lifekeeper.log, then `perform_action -t fs1 -a restore`.');
    expect(f?.action.ja).toContain('`perform_action -t fs1 -a restore`');
  });
  it('on a standby (another node is PRIMARY) says to return the resource with retstate once fixed', async () => {
    const standby = { inputs: { hostname: 'lk2\n', 'lcdstatus-q': 'LOCAL TAG ID STATE PRIO PRIMARY\nlk2 ip1 IP-10.0.0.5 OSF 10 lk1\n' } };
    const [f] = (await runAnalyzer(rule, standby, [resourceHierarchy, nodeIdentity])).findings;
    expect(f?.action.en).toBe('On this standby, fix the cause, then `/opt/LifeKeeper/lkadm/bin/retstate ip1`.');
    expect(f?.remediation.en).toContain('no longer monitored');
  });
  it('leaves an OSF SAP HANA resource to hana-resource-osf-hsr-state', async () => {
    const hana = { inputs: { 'lcdstatus-q': 'LOCAL TAG ID STATE PRIO PRIMARY\nlk1 HANA-SPS_HDB00 SPS_HDB00 OSF 1 lk1\n' } };
    expect((await runAnalyzer(rule, hana, [resourceHierarchy])).findings).toEqual([]);
  });
  it('is silent on ISP and OSU', async () => {
    expect((await runAnalyzer(rule, q('ISP'), [resourceHierarchy])).findings).toEqual([]);
    expect((await runAnalyzer(rule, q('OSU'), [resourceHierarchy])).findings).toEqual([]);
  });
});
