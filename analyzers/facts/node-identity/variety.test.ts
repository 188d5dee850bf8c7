// Which node an archive is, as the sources vary: the real lcdstatus -q of
// sources/004 (no-break spaces, notes), the long form's first line with the
// curly quotes of the AWS screenshot, the -e form (whose first column is the
// backup system, not this node), UNAME and hostname files with CRLF,
// lifekeeper.log with RFC 3339 headers; and `date` in the locales and options
// a collection script may run it with.
import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import type { Fixture } from '../../engine/plugin/testing.js';
import nodeIdentity from './index.js';
import { parseDateOutput } from './parse.js';

const REAL_Q = [
  'LOCAL \u00a0 TAG \u00a0 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0ID \u00a0 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0 STATE \u00a0 PRIO \u00a0PRIMARY',
  'node1 \u00a0 app1 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0 application1 \u00a0 ISP \u00a0 \u00a0 \u00a0 \u00a01 \u00a0node1 \u00a0 \u2190 \u30a2\u30d7\u30ea\u30b1\u30fc\u30b7\u30e7\u30f3\u30ea\u30bd\u30fc\u30b9',
  'node1 \u00a0 \u00a0 ip1 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0192.168.0.1 \u00a0 \u00a0ISP \u00a0 \u00a0 \u00a0 \u00a01 \u00a0node1 \u00a0 \u2190 \u5171\u6709IP\u30ea\u30bd\u30fc\u30b9',
].join('\n');
const LOG_RFC = '2024-05-20T12:10:00.000001+09:00 lk-b flg_create[2211]: ERROR:lcd.mes:::004217:Communication failure: destination system "lk-a" is out of service.\n';

describe('node-identity as real sources vary', () => {
  it.each<[string, Fixture['inputs'], string, string]>([
    ['the real lcdstatus -q of sources/004 (no-break spaces, notes)', { 'lcdstatus-q': `${REAL_Q}\n` }, 'node1', 'lcdstatus-q'],
    ['the same with CRLF', { 'lcdstatus-q': `${REAL_Q.replace(/\n/g, '\r\n')}\r\n` }, 'node1', 'lcdstatus-q'],
    ['the long form\'s first line in curly quotes', { lcdstatus: 'Resource hierarchies for machine \u201cip-10-0-1-10\u201d:\r\nROOT of RESOURCE HIERARCHY\r\n' }, 'ip-10-0-1-10', 'lcdstatus'],
    ['config/UNAME with CRLF and no final newline', { 'lifekeeper-uname': 'lk-c\r' }, 'lk-c', 'lifekeeper-uname'],
    ['hostname -f only (the name as given, short or not)', { hostname: 'ip-10-0-1-10.ec2.internal\n' }, 'ip-10-0-1-10.ec2.internal', 'hostname'],
    ['lifekeeper.log with RFC 3339 headers', { 'lifekeeper-log': LOG_RFC }, 'lk-b', 'lifekeeper-log'],
    ['the -e form, whose first column is the backup system: the log names the node', { 'lcdstatus-e': 'BACKUP   TAG    ID     STATE   PRIO  PRIMARY\nlk-a     app1   a1     ISP     1     lk-b\n', 'lifekeeper-log': LOG_RFC }, 'lk-b', 'lifekeeper-log'],
  ])('names the node from %s', async (_name, inputs, hostname, source) => {
    const run = await runAnalyzer(nodeIdentity, { inputs });
    expect(run.fact).toMatchObject({ hostname, hostnameSource: source });
  });
});

describe('the collection time from `date` as locales vary', () => {
  it.each<[string, string, { local: string; zone: string | null }]>([
    ['C locale', 'Mon May 20 13:00:00 JST 2024', { local: '2024-05-20T13:00:00', zone: 'JST' }],
    ['C locale, a one-digit day', 'Mon May  6 13:00:00 JST 2024', { local: '2024-05-06T13:00:00', zone: 'JST' }],
    ['en_US (12-hour clock)', 'Mon May 20 01:00:00 PM JST 2024', { local: '2024-05-20T13:00:00', zone: 'JST' }],
    ['en_GB (day before month)', 'Mon 20 May 13:00:00 JST 2024', { local: '2024-05-20T13:00:00', zone: 'JST' }],
    ['date -R', 'Mon, 20 May 2024 13:00:00 +0900', { local: '2024-05-20T13:00:00', zone: '+0900' }],
    ['ja_JP (date\'s default there)', '2024年  5月 20日 月曜日 13:00:00 JST', { local: '2024-05-20T13:00:00', zone: 'JST' }],
    ['ja_JP %c', '2024年05月20日 13時00分00秒', { local: '2024-05-20T13:00:00', zone: null }],
    ['ISO 8601 (date -Is)', '2024-05-20T13:00:00+09:00', { local: '2024-05-20T13:00:00', zone: '+09:00' }],
    ['date --rfc-3339=ns', '2024-05-20 13:00:00.123456789+09:00', { local: '2024-05-20T13:00:00', zone: '+09:00' }],
    ['C locale with a CR', 'Mon May 20 13:00:00 CEST 2024\r', { local: '2024-05-20T13:00:00', zone: 'CEST' }],
  ])('reads %s', (_name, line, expected) => {
    expect(parseDateOutput(line)).toEqual(expected);
  });

  it('reads no time from a day-month line without a year', () => {
    expect(parseDateOutput('Mon 20 May 13:00:00 JST')).toBeNull();
  });
});
