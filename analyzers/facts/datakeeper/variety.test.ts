// mirror_status and /proc/mdstat as they vary: the real v8-era mirror_status
// of sources/004 (no-break spaces after the values), and the forms
// formats.md §2.7 marks GUESS (a `src -> target` header, the status indented,
// the resync speed on its own line, counts with thousands separators, no
// bitmap), each also with CRLF; md's own variants of /proc/mdstat.
import { describe, expect, it } from 'vitest';
import { parseMdstat, parseMirrorStatus } from './parse.js';

const REAL = ['Status: Fully Operational', '[===================>] 100% \u00a0 \u00a0\u00a0 ', 'Type: Synchronous \u00a0 \u00a0 \u00a0\u00a0 ', 'Bitmap: 9193195 bits (chunks), 130385 dirty (1.4%)'];
const REAL_READ = { source: null, targets: [], status: 'Fully Operational', percent: 100, type: 'Synchronous', speed: null, bitmap: { bits: 9193195, dirty: 130385, dirtyPercent: 1.4, none: false } };

describe('mirror_status as real output varies', () => {
  it.each<[string, string[], object]>([
    ['as published in sources/004 (no-break spaces after the values)', REAL, REAL_READ],
    ['with CRLF', REAL.map((l) => `${l}\r`), REAL_READ],
    ['with plain spaces and tabs after the values', REAL.map((l) => l.replace(/[\u00a0 ]+$/, ' \t ')), REAL_READ],
    ['with thousands separators in the bitmap counts', [...REAL.slice(0, 3), 'Bitmap: 9,193,195 bits (chunks), 130,385 dirty (1.4%)'], REAL_READ],
    [
      'resynchronizing, under a source -> target header, the speed on its own line',
      ['[-] lk1 -> lk2', '    Status: Resynchronizing', '    [=======>            ] 37%', '    Resync Speed: 48321K/sec', '    Type: Asynchronous', '    Bitmap: 9193195 bits (chunks), 5793519 dirty (63.0%)'],
      { source: 'lk1', targets: ['lk2'], status: 'Resynchronizing', percent: 37, type: 'Asynchronous', speed: '48321K/sec', bitmap: { bits: 9193195, dirty: 5793519, dirtyPercent: 63, none: false } },
    ],
    [
      'with the speed after the bar and two targets',
      ['[-] lk1 -> lk2, lk3', 'Status: Resynchronizing', '[====>     ] 23%  Resync Speed: 119402K/sec', 'Type: Synchronous'],
      { source: 'lk1', targets: ['lk2', 'lk3'], status: 'Resynchronizing', percent: 23, speed: '119402K/sec', bitmap: null },
    ],
    ['paused, without a bitmap', ['Status: Paused', '[=>   ] 5%', 'Type: Synchronous', 'Bitmap: none'], { status: 'Paused', percent: 5, bitmap: { bits: null, dirty: null, dirtyPercent: null, none: true } }],
  ])('reads mirror_status %s', (_name, lines, expected) => {
    const s = parseMirrorStatus(lines);
    expect(s).toMatchObject(expected);
    expect(s?.unparsedLines).toEqual([]);
  });

  it('counts a line it does not know as unread instead of guessing', () => {
    expect(parseMirrorStatus(['datarep1', ...REAL])?.unparsedLines).toEqual([0]);
  });
});

describe('/proc/mdstat as md prints it', () => {
  const HEALTHY = ['Personalities : [raid1]', 'md0 : active raid1 nbd10[1] sdb1[0]', '      10485696 blocks super non-persistent [2/2] [UU]', '      bitmap: 3/160 pages [12KB], 64KB chunk, file: /opt/LifeKeeper/bitmap_sdb1', '', 'unused devices: <none>'];
  it.each<[string, string[], object]>([
    ['a healthy DataKeeper mirror', HEALTHY, { device: '/dev/md0', health: '[UU]', degraded: false, resync: null, bitmap: { pages: '3/160 pages', chunk: '64KB', file: '/opt/LifeKeeper/bitmap_sdb1' } }],
    ['with CRLF', HEALTHY.map((l) => `${l}\r`), { health: '[UU]', degraded: false, bitmap: { file: '/opt/LifeKeeper/bitmap_sdb1' } }],
    ['indented with a tab', HEALTHY.map((l) => l.replace(/^ {6}/, '\t')), { health: '[UU]', bitmap: { chunk: '64KB' } }],
    [
      'in recovery, the target missing',
      ['md0 : active raid1 nbd10[2] sdb1[0]', '      10485696 blocks super non-persistent [2/1] [U_]', '      [=====>...............]  recovery = 27.3% (2864128/10485696) finish=3.1min speed=40960K/sec'],
      { health: '[U_]', degraded: true, resync: { action: 'recovery', percent: 27.3, finish: '3.1min', speedKBps: 40960 } },
    ],
    ['read-only, a failed member', ['md0 : active (auto-read-only) raid1 nbd10[1](F) sdb1[0]', '      10485696 blocks [2/1] [U_]'], { members: [{ device: 'nbd10', failed: true, nbd: true }, { device: 'sdb1', failed: false }], degraded: true }],
    ['a bitmap held in the superblock (no file)', ['md0 : active raid1 nbd10[1] sdb1[0]', '      10485696 blocks [2/2] [UU]', '      bitmap: 0/1 pages [0KB], 65536KB chunk'], { bitmap: { pages: '0/1 pages', chunk: '65536KB', file: null } }],
  ])('reads %s', (_name, lines, expected) => {
    expect(parseMdstat(lines)[0]).toMatchObject(expected);
  });
});
