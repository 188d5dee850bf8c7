// lcdstatus output as it varies in the field, through the parsers: the real
// `lcdstatus -q` of an operator's notes (sources/004: no-break spaces between
// the columns, a note in Japanese after each row, two columns of indentation
// per level), the 9.x documentation's example (one column per level), and the
// long form of SIOS's AWS Quick Start screenshot (curly quotes, capitalised
// keywords), each also with CRLF, tabs and trailing spaces.
import { describe, expect, it } from 'vitest';
import { parseLongStatus, parseShortStatus } from './lcdstatus.js';

/** sources/004 lines 90-104 as published, no-break spaces (U+00A0) and notes included. */
const REAL_Q = [
  'LOCAL \u00a0 TAG \u00a0 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0ID \u00a0 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0 STATE \u00a0 PRIO \u00a0PRIMARY',
  'node1 \u00a0 app1 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0 application1 \u00a0 ISP \u00a0 \u00a0 \u00a0 \u00a01 \u00a0node1 \u00a0 \u2190 \u30a2\u30d7\u30ea\u30b1\u30fc\u30b7\u30e7\u30f3\u30ea\u30bd\u30fc\u30b9',
  'node1 \u00a0 \u00a0 ip1 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0192.168.0.1 \u00a0 \u00a0ISP \u00a0 \u00a0 \u00a0 \u00a01 \u00a0node1 \u00a0 \u2190 \u5171\u6709IP\u30ea\u30bd\u30fc\u30b9',
  'node1 \u00a0 \u00a0 fs1 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0/fs1 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0 ISP \u00a0 \u00a0 \u00a0 \u00a01 \u00a0node1 \u00a0 \u2190 \u30d5\u30a1\u30a4\u30eb\u30b7\u30b9\u30c6\u30e0\u30ea\u30bd\u30fc\u30b9',
  'node1 \u00a0 \u00a0 \u00a0 datarep1 \u00a0 /dev/sda \u00a0 \u00a0 \u00a0 ISP \u00a0 \u00a0 \u00a0 \u00a01 \u00a0node1 \u00a0 \u2190 \u30c7\u30fc\u30bf\u30ec\u30d7\u30ea\u30b1\u30fc\u30b7\u30e7\u30f3\u30ea\u30bd\u30fc\u30b9',
  '',
  'node1 \u00a0 app2 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0 application2 \u00a0 OSU \u00a0 \u00a0 \u00a0 10 \u00a0node2 \u00a0 \u2190 \u30a2\u30d7\u30ea\u30b1\u30fc\u30b7\u30e7\u30f3\u30ea\u30bd\u30fc\u30b9',
  'node1 \u00a0 \u00a0 ip2 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0192.168.0.2 \u00a0 \u00a0OSU \u00a0 \u00a0 \u00a0 10 \u00a0node2 \u00a0 \u2190 \u5171\u6709IP\u30ea\u30bd\u30fc\u30b9',
  'node1 \u00a0 \u00a0 fs2 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0/fs2 \u00a0 \u00a0 \u00a0 \u00a0 \u00a0 OSU \u00a0 \u00a0 \u00a0 10 \u00a0node2 \u00a0 \u2190 \u30d5\u30a1\u30a4\u30eb\u30b7\u30b9\u30c6\u30e0\u30ea\u30bd\u30fc\u30b9',
  'node1 \u00a0 \u00a0 \u00a0 datarep2 \u00a0 /dev/sda \u00a0 \u00a0 \u00a0 OSU \u00a0 \u00a0 \u00a0 10 \u00a0node2 \u00a0 \u2190 \u30c7\u30fc\u30bf\u30ec\u30d7\u30ea\u30b1\u30fc\u30b7\u30e7\u30f3\u30ea\u30bd\u30fc\u30b9',
  '',
  'MACHINE \u00a0 NETWORK \u00a0 ADDRESSES/DEVICE \u00a0 \u00a0 \u00a0 \u00a0 \u00a0STATE \u00a0 PRIO',
  'node2 \u00a0 \u00a0 TCP \u00a0 \u00a0 \u00a0 192.168.1.1/192.168.1.2 \u00a0 ALIVE \u00a0 \u00a0 \u00a01',
  'node2 \u00a0 \u00a0 TCP \u00a0 \u00a0 \u00a0 192.168.2.1/192.168.2.2 \u00a0 ALIVE \u00a0 \u00a0 \u00a02',
  '',
];

/** The tree of a short status: each row as `depth:tag id state prio primary`. */
function tree(lines: readonly string[]): string[] {
  return parseShortStatus(lines).resources.map((r) => `${r.depth}:${r.tag} ${r.id} ${r.state} ${r.priority ?? '--'} ${r.primary}`);
}

const REAL_TREE = [
  '0:app1 application1 ISP 1 node1',
  '1:ip1 192.168.0.1 ISP 1 node1',
  '1:fs1 /fs1 ISP 1 node1',
  '2:datarep1 /dev/sda ISP 1 node1',
  '0:app2 application2 OSU 10 node2',
  '1:ip2 192.168.0.2 OSU 10 node2',
  '1:fs2 /fs2 OSU 10 node2',
  '2:datarep2 /dev/sda OSU 10 node2',
];

const noNotes = (l: string): string => l.replace(/\s+\u2190.*$/, '');
/** Columns after the tag separated by one tab each (the indentation before the tag kept). */
const tabbed = (l: string): string => {
  const m = /^(\S+[\s\u00a0]+\S+)(.*)$/.exec(noNotes(l));
  return m ? `${m[1] ?? ''}${(m[2] ?? '').replace(/[\s\u00a0]+/g, '\t')}` : l;
};
const SHORT_VARIANTS: Array<[string, string[]]> = [
  ['as published (no-break spaces, a note after each row)', REAL_Q],
  ['with plain spaces', REAL_Q.map((l) => l.replace(/\u00a0/g, ' '))],
  ['without the notes', REAL_Q.map(noNotes)],
  ['with CRLF line ends', REAL_Q.map((l) => `${l}\r`)],
  ['with trailing spaces and tabs', REAL_Q.map((l) => (l ? `${l}  \t ` : l))],
  ['with a tab between the columns after the tag', REAL_Q.map(tabbed)],
];

describe('lcdstatus -q as real output varies', () => {
  it.each(SHORT_VARIANTS)('reads the two hierarchies of sources/004 %s, siblings at one level', (_name, lines) => {
    expect(tree(lines)).toEqual(REAL_TREE);
    const s = parseShortStatus(lines);
    expect(s.form).toBe('q');
    expect(s.unparsed).toBe(0);
    expect(new Set(s.resources.map((r) => r.system))).toEqual(new Set(['node1']));
    expect(s.commPaths.map((c) => [c.peer, c.type, c.addresses, c.state, c.priority])).toEqual([
      ['node2', 'TCP', '192.168.1.1/192.168.1.2', 'ALIVE', 1],
      ['node2', 'TCP', '192.168.2.1/192.168.2.2', 'ALIVE', 2],
    ]);
  });

  // formats.md §2.4: the 9.x documentation indents one column per level; its TTY path has no priority.
  const DOC_9X = [
    'LOCAL      TAG   ID    STATE     PRIO  PRIMARY',
    'svr1     appfs3910-on-svr1  appfs4238   ISP          1  svr2',
    'svr1      filesys4083       /jrl1       ISP          1  svr2',
    'svr1       device2126       000\u2026300-1   ISP          1  svr2',
    '',
    'MACHINE  NETWORK ADDRESSES/DEVICE         STATE     PRIO',
    'svr1     TCP     100.10.1.20/100.11.1.21  ALIVE        1',
    'svr1     TTY     /dev/ttyS0               ALIVE       --',
  ];
  it.each([
    ['as documented', DOC_9X],
    ['with CRLF', DOC_9X.map((l) => `${l}\r`)],
    ['with the -e header (a backup system in the first column)', [DOC_9X[0]?.replace('LOCAL ', 'BACKUP') ?? '', ...DOC_9X.slice(1)]],
  ])('reads the 9.x documentation example %s, one column per level', (_name, lines) => {
    expect(tree(lines)).toEqual(['0:appfs3910-on-svr1 appfs4238 ISP 1 svr2', '1:filesys4083 /jrl1 ISP 1 svr2', '2:device2126 000\u2026300-1 ISP 1 svr2']);
    const s = parseShortStatus(lines);
    expect(s.commPaths.map((c) => [c.type, c.addresses, c.device, c.priority])).toEqual([
      ['TCP', '100.10.1.20/100.11.1.21', null, 1],
      ['TTY', null, '/dev/ttyS0', null],
    ]);
    expect(s.unparsed).toBe(0);
  });

  it('reads ISU, OSF, ILLSTATE, a priority of --, and ids with spaces', () => {
    expect(tree(['LOCAL TAG ID STATE PRIO PRIMARY', 'lk1 app-x my app ISU -- lk2', 'lk1   fs-x /srv/x OSF 10 lk2', 'lk1   ip-x 10.0.0.5 ILLSTATE 10 lk2'])).toEqual([
      '0:app-x my app ISU -- lk2',
      '1:fs-x /srv/x OSF 10 lk2',
      '1:ip-x 10.0.0.5 ILLSTATE 10 lk2',
    ]);
  });

  it('reads only the header of an empty cluster as no resources and nothing unread', () => {
    const s = parseShortStatus(['LOCAL      TAG   ID    STATE     PRIO  PRIMARY']);
    expect([s.form, s.resources.length, s.unparsed]).toEqual(['q', 0, 0]);
  });
});

/** The long form of the AWS Quick Start screenshot (formats.md §2.3): curly quotes, `Initialize=`/`Info=` capitalised on one resource only. */
const AWS_LONG = [
  'Resource hierarchies for machine \u201cip-10-0-1-10\u201d:',
  '',
  'ROOT of RESOURCE HIERARCHY',
  '/opt/sample_mirror: id=/opt/sample_mirror app=gen type=filesys state=ISP',
  '        Initialize=(AUTORES_ISP) automatic restore to IN-SERVICE by LifeKeeper',
  '        Info=/opt/sample_mirror\u0001xfs\u0001rw,relatime\u00010',
  '        depends on resources: datarep-sample',
  '        Local priority = 1',
  '        SHARED equivalency with \u201c/opt/sample_mirror\u201d on \u201cip-10-0-2-10\u201d, priority = 10',
  '                FAILOVER ALLOWED',
  '',
  'datarep-sample: id=/dev/xvdca app=scsi type=netraid state=ISP',
  '        initialize=(AUTORES_ISP) automatic restore to IN-SERVICE by LifeKeeper',
  '        info=0\u0001/dev/xvdca\u000110.0.2.10\u000110485760\u0001DEVNAME\u0001/apt/LifeKeeper/bitmap__opt_sample_mirror\u0001256M',
  '        these resources are dependent: /opt/sample_mirror',
  '        Local priority = 1',
  '        SHARED equivalency with "datarep-sample" on "ip-10-0-2-10", priority = 10',
  '                FAILOVER INHIBITED',
  '',
  'The following LifeKeeper machines are known:',
  '        machine=ip-10-0-1-10        state=ALIVE',
  '        machine=ip-10-0-2-10        state=DEAD',
  '',
  'to machine=ip-10-0-2-10 type=TCP addresses=10.0.1.10/10.0.2.10 state="ALIVE" priority=1 #comm_downs=0',
  'to machine=ip-10-0-2-10 type=TTY addresses=/dev/ttyS0 state="DEAD" priority=2',
  '        wrpid=1234 #NAKs=0 #chksumerr=0 #incmpltmes=0',
  '        #noreply=0 #pacresent=0 #pacoutseq=0 #maxretrys=0',
  '',
  'The following LifeKeeper flags are on:',
  'shutdown_switchover',
  '!volatile!noHANAremove HANA-S4D',
  'The shutdown strategy is set to: switchover.',
];

describe('lcdstatus (long form) as real output varies', () => {
  it.each([
    ['as in the screenshot', AWS_LONG],
    ['with CRLF', AWS_LONG.map((l) => `${l}\r`)],
    ['indented with tabs', AWS_LONG.map((l) => l.replace(/^ {16}/, '\t\t').replace(/^ {8}/, '\t'))],
    ['with straight quotes and trailing spaces', AWS_LONG.map((l) => `${l.replace(/[\u201c\u201d]/g, '"')}   `)],
    ['with upper-case keywords', AWS_LONG.map((l) => l.replace(/^(\s+)(depends on resources|Local priority|these resources are dependent)/, (_m, sp: string, k: string) => sp + k.toUpperCase()))],
  ])('reads the resources, equivalencies, comm paths and flags %s', (_name, lines) => {
    const s = parseLongStatus(lines);
    expect(s.machine?.name).toBe('ip-10-0-1-10');
    expect(s.resources.map((r) => [r.tag, r.id, r.app, r.type, r.state, r.initialize, r.dependsOn, r.localPriority])).toEqual([
      ['/opt/sample_mirror', '/opt/sample_mirror', 'gen', 'filesys', 'ISP', 'AUTORES_ISP', ['datarep-sample'], 1],
      ['datarep-sample', '/dev/xvdca', 'scsi', 'netraid', 'ISP', 'AUTORES_ISP', [], 1],
    ]);
    expect(s.resources.map((r) => r.equivalencies.map((e) => [e.kind, e.peerTag, e.peer, e.priority, e.failover]))).toEqual([
      [['SHARED', '/opt/sample_mirror', 'ip-10-0-2-10', 10, 'allowed']],
      [['SHARED', 'datarep-sample', 'ip-10-0-2-10', 10, 'inhibited']],
    ]);
    expect(s.resources[1]?.info?.split('\u0001')[5]).toBe('/apt/LifeKeeper/bitmap__opt_sample_mirror');
    expect(s.machines.map((m) => [m.name, m.state])).toEqual([['ip-10-0-1-10', 'ALIVE'], ['ip-10-0-2-10', 'DEAD']]);
    expect(s.commPaths.map((c) => [c.type, c.addresses, c.device, c.state, c.priority, c.commDowns])).toEqual([
      ['TCP', '10.0.1.10/10.0.2.10', null, 'ALIVE', 1, 0],
      ['TTY', '/dev/ttyS0', '/dev/ttyS0', 'DEAD', 2, null],
    ]);
    expect(s.flags.map((f) => f.flag)).toEqual(['shutdown_switchover', '!volatile!noHANAremove HANA-S4D']);
    expect(s.shutdownStrategy).toBe('switchover');
    expect(s.unparsed).toBe(0);
  });

  it('says LifeKeeper is not running from the one line it then prints', () => {
    expect(parseLongStatus(['LifeKeeper does not appear to be running.\r']).notRunning).toBe(true);
  });
});
