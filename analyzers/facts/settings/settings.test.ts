import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import type { SettingsFact } from './index.js';
import settings from './index.js';
import { parseIscsidConf, parseShellAssignments } from './parse.js';

describe('settings', () => {
  it('gives every key its documented default and whether it differs', async () => {
    const run = await runAnalyzer(settings, {
      inputs: { 'lifekeeper-defaults': '# tunables\nLCMHBEATTIME=2\nSCSIHALT=true\nMYKEY="a b"  # mine\nLKDR_CHUNK_SIZE=0256\nLCMHBEATTIME=1\n' },
    });
    const s = run.fact as SettingsFact;
    expect(s.lifekeeper.map((x) => [x.key, x.value, x.default, x.differs, x.overridden])).toEqual([
      ['LCMHBEATTIME', '1', '5', true, true],
      ['SCSIHALT', 'true', 'TRUE', false, false],
      ['MYKEY', 'a b', null, null, false],
      ['LKDR_CHUNK_SIZE', '0256', '256', false, false],
    ]);
    expect(s.lifekeeper[0]?.evidence).toEqual({ path: 'etc/default/LifeKeeper', line: 6, text: 'LCMHBEATTIME=1', before: ['MYKEY="a b"  # mine', 'LKDR_CHUNK_SIZE=0256'], after: [] });
    expect(s.iscsi).toBeNull();
  });

  it('reads the iSCSI session replacement timeout', async () => {
    const run = await runAnalyzer(settings, { inputs: { 'iscsid-conf': '# node.session.timeo.replacement_timeout = 5\nnode.session.timeo.replacement_timeout = 6000\n' } });
    expect((run.fact as SettingsFact).iscsi).toMatchObject({ replacementTimeout: 6000, evidence: { line: 2 } });
  });

  it('is not checked without either file', async () => {
    expect((await runAnalyzer(settings, {})).status.status).toBe('not-checked');
  });

  it('stays linear on long adversarial lines', () => {
    const t = performance.now();
    parseShellAssignments([`KEY=x${' '.repeat(60_000)}y`, `KEY=${'#'.repeat(60_000)}`]);
    parseIscsidConf([`${' '.repeat(60_000)}=x`]);
    expect(performance.now() - t).toBeLessThan(500);
  });

  it('parsers never throw', () => {
    fc.assert(fc.property(fc.array(fc.string()), (ls) => {
      parseShellAssignments(ls);
      parseIscsidConf(ls);
    }));
  });

  it('accounts for every line of /etc/default/LifeKeeper: what is neither a setting, a comment nor blank is counted as unread', async () => {
    const run = await runAnalyzer(settings, { inputs: { 'lifekeeper-defaults': '# comment\nLCMHBEATTIME=5\nexport LKROOT\n\nif [ -f x ]; then\n' } });
    expect(run.node.members.read.find((m) => m.input === 'lifekeeper-defaults')?.unread).toMatchObject({ lines: 1, first: [{ line: 5, text: 'if [ -f x ]; then' }] });
  });
});
