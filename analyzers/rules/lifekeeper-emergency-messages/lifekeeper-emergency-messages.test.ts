import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import timeline from '../../facts/timeline/index.js';
import rule from './index.js';

describe('lifekeeper-emergency-messages', () => {
  it('reports each EMERG/FATAL message id once, with its count', async () => {
    const log = `Nov 11 00:00:00 n1 recover[1]: EMERG:lcd.recover::fs1:004788:failed to remove resource 'fs1'. SYSTEM HALTED.
Nov 11 00:10:00 n1 recover[2]: EMERG:lcd.recover::fs1:004788:failed to remove resource 'fs1'. SYSTEM HALTED.
Nov 11 00:20:00 n1 lcd[3]: FATAL:lcd:::005001:something fatal
`;
    const run = await runAnalyzer(rule, { inputs: { 'lifekeeper-log': log } }, [timeline]);
    expect(run.findings.map((f) => [f.severity, f.evidence.length])).toEqual([['critical', 2], ['critical', 1]]);
    expect(run.findings[0]?.summary.en).toMatch(/2 times.*halted the node/);
  });
  it('fires on the KB\'s line as formats.md quotes it, with a placeholder for the pid (`recover[BBBBB]`)', async () => {
    const log = "Nov 11 00:00:00 AAAAA recover[BBBBB]: EMERG:lcd.recover::CCCCC:004788:failed to remove resource 'CCCCC'. SYSTEM HALTED.\n";
    const run = await runAnalyzer(rule, { inputs: { 'lifekeeper-log': log } }, [timeline]);
    expect(run.findings.map((f) => [f.severity, f.evidence[0]?.line])).toEqual([['critical', 1]]);
  });

  it('leaves the evaluation licence message 011138 (EMERG every day until it expires) to its own rule', async () => {
    const log = 'May 11 00:00:00 lkn1 lcdinit[5788]: EMERG:lcd.lcdchkseml:::011138:The LifeKeeper product on this system is using an evaluation license key which will expire at midnight on 05/11/24.\n';
    const run = await runAnalyzer(rule, { inputs: { 'lifekeeper-log': log } }, [timeline]);
    expect(run.findings).toEqual([]);
  });

  it('is silent on ERROR and INFO lines', async () => {
    const run = await runAnalyzer(rule, { inputs: { 'lifekeeper-log': 'Nov 11 00:00:00 n1 x[1]: ERROR:gen:x::123456:odd\n' } }, [timeline]);
    expect(run.findings).toEqual([]);
  });

  it('fires on an EMERG line quoted without its syslog header (as the SIOS KB prints it): an event without a time', async () => {
    const log = "AAAAA recover[BBBBB]: EMERG:lcd.recover::CCCCC:004788:failed to remove resource 'CCCCC'. SYSTEM HALTED.\n";
    const run = await runAnalyzer(rule, { inputs: { 'lifekeeper-log': log } }, [timeline]);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]?.summary.en).toContain('at an unknown time');
    expect(run.findings[0]?.evidence[0]?.text).toContain('004788');
  });
});
