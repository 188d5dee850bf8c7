// /etc/default/LifeKeeper as sites write it: the shell reads it, so a value is
// one shell word (quoted or not), a line may set several keys or export one
// after a `;`, comments follow a blank, and files come with CRLF, tabs and no
// final newline (formats.md §2.8; the file's editing by hand is what varies).
import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import type { SettingsFact } from './index.js';
import settings from './index.js';

describe('/etc/default/LifeKeeper as sites write it', () => {
  it.each<[string, string, Array<[string, string]>]>([
    ['plain', 'LCMHBEATTIME=3\n', [['LCMHBEATTIME', '3']]],
    ['with CRLF and no final newline', 'LKROOT=/opt/LifeKeeper\r\nLCMHBEATTIME=3', [['LKROOT', '/opt/LifeKeeper'], ['LCMHBEATTIME', '3']]],
    ['double-quoted, a comment after it', 'QUORUM_MODE="majority"  # majority|tcp_remote|storage|none\n', [['QUORUM_MODE', 'majority']]],
    ['single-quoted, indented with a tab', "\tSCSIHALT='FALSE'\n", [['SCSIHALT', 'FALSE']]],
    ['exported', 'export LCMNUMHBEATS=2\n', [['LCMNUMHBEATS', '2']]],
    ['exported after a semicolon', 'WITNESS_MODE=none;export WITNESS_MODE\n', [['WITNESS_MODE', 'none']]],
    ['ended by a semicolon', 'LCMHBEATTIME=3;\n', [['LCMHBEATTIME', '3']]],
    ['two keys on one line', 'LCMHBEATTIME=3 LCMNUMHBEATS=2\n', [['LCMHBEATTIME', '3'], ['LCMNUMHBEATS', '2']]],
    ['a comment after a tab', 'LCMHBEATTIME=3\t# lowered for the test\n', [['LCMHBEATTIME', '3']]],
    ['a # inside the word (no comment there for the shell)', 'LK_NOTIFY_ALIAS=ops#1@example.com\n', [['LK_NOTIFY_ALIAS', 'ops#1@example.com']]],
    ['a quoted value with blanks and a semicolon', 'MYKEY="a b; c"\n', [['MYKEY', 'a b; c']]],
  ])('reads a setting %s', async (_name, file, expected) => {
    const run = await runAnalyzer(settings, { inputs: { 'lifekeeper-defaults': file } });
    expect((run.fact as SettingsFact).lifekeeper.map((s) => [s.key, s.value])).toEqual(expected);
    expect(run.node.members.read.find((m) => m.input === 'lifekeeper-defaults')?.unread).toBeUndefined();
  });

  it('compares a value ended by a semicolon with its default as a number', async () => {
    const run = await runAnalyzer(settings, { inputs: { 'lifekeeper-defaults': 'LCMHBEATTIME=5;\n' } });
    expect((run.fact as SettingsFact).lifekeeper[0]).toMatchObject({ key: 'LCMHBEATTIME', value: '5', default: '5', differs: false });
  });
});
