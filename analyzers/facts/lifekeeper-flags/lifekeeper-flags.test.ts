import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import type { FlagsFact } from './index.js';
import lifekeeperFlags, { flagKind } from './index.js';

describe('lifekeeper-flags', () => {
  it('reads flg_list and the lcdstatus flags, once each', async () => {
    const run = await runAnalyzer(lifekeeperFlags, {
      inputs: {
        'flg-list': 'shutdown_switchover\n!action!01525!701120147!cindy:Create_Hierarchy\n',
        lcdstatus: 'The following LifeKeeper flags are on:\nshutdown_switchover\nThe shutdown strategy is set to: switchover.\n',
      },
    });
    const f = run.fact as FlagsFact;
    expect(f.flags.map((x) => `${x.kind}:${x.flag}`)).toEqual(['shutdown_switchover:shutdown_switchover', 'action:!action!01525!701120147!cindy:Create_Hierarchy']);
    expect(f.shutdownStrategy).toBe('switchover');
  });

  it('knows the documented flag kinds', () => {
    expect(flagKind('!nofailover!lk1')).toBe('nofailover');
    expect(flagKind('confirmso!lk1')).toBe('confirmso');
    expect(flagKind('something')).toBe('other');
  });

  it('knows the SAP HANA kit\'s flags, noHANAremove with an underscore or a space', () => {
    expect(['!HANA_DATA_OUT_OF_SYNC_HANA-SPS', '!HANA_LAST_OWNER_HANA-SPS', '!volatile!noHANAremove_HANA-SPS', '!volatile!noHANAremove HANA-S4D'].map(flagKind)).toEqual(['hana', 'hana', 'hana', 'hana']);
    expect(flagKind('!volatile!other')).toBe('volatile');
  });

  it.each([
    ['one flag a line', '!nofailover!lk2\n', '!nofailover!lk2'],
    ['with CRLF and trailing blanks', '!nofailover!lk2 \t\r\n', '!nofailover!lk2'],
    ['^A-separated with the system first, as the other LCDI lists print', 'lk1\u0001!nofailover!lk2\n', '!nofailover!lk2'],
    ['^A-separated with a trailing separator', 'lk1\u0001!nofailover!lk2\u0001\n', '!nofailover!lk2'],
  ])('reads a flg_list flag %s', async (_name, list, flag) => {
    const run = await runAnalyzer(lifekeeperFlags, { inputs: { 'flg-list': list } });
    expect((run.fact as FlagsFact).flags.map((f) => [f.flag, f.kind])).toEqual([[flag, 'nofailover']]);
  });

  it('is not checked without flg_list or lcdstatus', async () => {
    expect((await runAnalyzer(lifekeeperFlags, {})).status.status).toBe('not-checked');
  });
});
