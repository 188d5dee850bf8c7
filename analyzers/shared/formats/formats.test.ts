import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDepList, parseEqvList, parseInsList } from './lcdi.js';
import { parseLongStatus, parseShortStatus } from './lcdstatus.js';
import { parseSize } from './sizes.js';

const LONG = `ROOT of RESOURCE HIERARCHY
/opt/sample_mirror: id=/opt/sample_mirror app=gen type=filesys state=ISP
        Initialize=(AUTORES_ISP) automatic restore to IN-SERVICE by LifeKeeper
        Info=/opt/sample_mirror xfs rw 0
        depends on resources: datarep-sample
        Local priority = 1
        SHARED equivalency with “/opt/sample_mirror” on “node-b”, priority = 10
                FAILOVER ALLOWED
datarep-sample: id=/dev/xvdca app=scsi type=netraid state=OSF
        reason=restore failed
        these resources are dependent: /opt/sample_mirror
        Local priority = 1
        SHARED equivalency with "datarep-sample" on "node-b", priority = 10
                FAILOVER INHIBITED

The following LifeKeeper machines are known:
        machine=node-a        state=ALIVE
        machine=node-b        state=DEAD
to machine=node-b type=TCP addresses=192.168.1.1/192.168.105.19 state="DEAD" priority=2 #comm_downs=7
to machine=node-b type=TTY addresses=/dev/ttyS0 state="ALIVE" priority=3 wrpid=123 #NAKs=0
The following LifeKeeper flags are on:
!nofailover!node-a
The shutdown strategy is set to: do not switchover.
`;

describe('lcdstatus long form', () => {
  const s = parseLongStatus(LONG.split('\n'));
  it('reads resources with curly quotes, capitalised keywords and tags that are paths', () => {
    expect(s.resources.map((r) => [r.tag, r.app, r.type, r.state, r.initialize, r.localPriority])).toEqual([
      ['/opt/sample_mirror', 'gen', 'filesys', 'ISP', 'AUTORES_ISP', 1],
      ['datarep-sample', 'scsi', 'netraid', 'OSF', null, 1],
    ]);
    expect(s.resources[0]?.dependsOn).toEqual(['datarep-sample']);
    expect(s.resources[0]?.equivalencies[0]).toMatchObject({ peer: 'node-b', peerTag: '/opt/sample_mirror', priority: 10, kind: 'SHARED', failover: 'allowed' });
    expect(s.resources[1]?.equivalencies[0]?.failover).toBe('inhibited');
    expect(s.resources[1]?.reason).toBe('restore failed');
  });
  it('reads machines, TCP and TTY comm paths, flags and the shutdown strategy', () => {
    expect(s.machines.map((m) => `${m.name}:${m.state}`)).toEqual(['node-a:ALIVE', 'node-b:DEAD']);
    expect(s.commPaths).toMatchObject([
      { peer: 'node-b', type: 'TCP', addresses: '192.168.1.1/192.168.105.19', state: 'DEAD', priority: 2, commDowns: 7 },
      { peer: 'node-b', type: 'TTY', device: '/dev/ttyS0', state: 'ALIVE', priority: 3, commDowns: null },
    ]);
    expect(s.flags.map((f) => f.flag)).toEqual(['!nofailover!node-a']);
    expect(s.shutdownStrategy).toBe('do not switchover');
    expect(s.unparsed).toBe(0);
  });
  it('knows when LifeKeeper was not running', () => {
    expect(parseLongStatus(['LifeKeeper does not appear to be running.']).notRunning).toBe(true);
  });
});

describe('lcdstatus short forms', () => {
  it('reads the -q table with depth from indentation, and the comm table', () => {
    const s = parseShortStatus([
      'LOCAL      TAG                  ID             STATE     PRIO  PRIMARY',
      'svr1     appfs3910-on-svr1  appfs4238   ISP          1  svr2',
      'svr1      filesys4083       /jrl1       ISP          1  svr2',
      'svr1       device2126       000-300-1   ISP          1  svr2',
      'svr1      ip-x              IP-10.0.0.1 OSF          1  svr2',
      '',
      'MACHINE  NETWORK ADDRESSES/DEVICE         STATE     PRIO',
      'svr1     TCP     100.10.1.20/100.11.1.21  ALIVE        1',
      'svr1     TTY     /dev/ttyS0               DEAD        --',
    ]);
    expect(s.form).toBe('q');
    expect(s.resources.map((r) => `${r.depth}:${r.tag}:${r.state}:${r.primary}`)).toEqual(['0:appfs3910-on-svr1:ISP:svr2', '1:filesys4083:ISP:svr2', '2:device2126:ISP:svr2', '1:ip-x:OSF:svr2']);
    expect(s.commPaths).toMatchObject([
      { peer: 'svr1', type: 'TCP', addresses: '100.10.1.20/100.11.1.21', state: 'ALIVE', priority: 1 },
      { peer: 'svr1', type: 'TTY', device: '/dev/ttyS0', state: 'DEAD', priority: null },
    ]);
  });
  it('nests by relative indentation: two columns per level, siblings at equal indentation (real v8-era output, sources/004)', () => {
    // Verbatim from an operator's notes, notes after PRIMARY included (the arrows are theirs).
    const s = parseShortStatus([
      'LOCAL   TAG            ID             STATE   PRIO  PRIMARY',
      'node1   app1           application1   ISP        1  node1   ← アプリケーションリソース',
      'node1     ip1          192.168.0.1    ISP        1  node1   ← 共有IPリソース',
      'node1     fs1          /fs1           ISP        1  node1   ← ファイルシステムリソース',
      'node1       datarep1   /dev/sda       ISP        1  node1   ← データレプリケーションリソース',
      '',
      'node1   app2           application2   OSU       10  node2   ← アプリケーションリソース',
      'node1     ip2          192.168.0.2    OSU       10  node2   ← 共有IPリソース',
      '',
      'MACHINE   NETWORK   ADDRESSES/DEVICE          STATE   PRIO',
      'node2     TCP       192.168.1.1/192.168.1.2   ALIVE      1',
    ]);
    expect(s.resources.map((r) => `${r.depth}:${r.tag}:${r.id}:${r.state}:${r.priority}:${r.primary}`)).toEqual([
      '0:app1:application1:ISP:1:node1', '1:ip1:192.168.0.1:ISP:1:node1', '1:fs1:/fs1:ISP:1:node1', '2:datarep1:/dev/sda:ISP:1:node1',
      '0:app2:application2:OSU:10:node2', '1:ip2:192.168.0.2:OSU:10:node2',
    ]);
    expect(s.unparsed).toBe(0);
    expect(s.commPaths).toHaveLength(1);
  });
  it('the same hierarchy printed with 1, 2, 3 or 4 columns per level gives the same depths', () => {
    const shape = fc.array(fc.nat({ max: 4 }), { minLength: 1, maxLength: 25 }).map((steps) => {
      // A valid sequence of depths: each row at most one level below the row above.
      const depths: number[] = [];
      for (const d of steps) depths.push(depths.length === 0 ? 0 : Math.min(d, (depths[depths.length - 1] ?? 0) + 1));
      return depths;
    });
    fc.assert(fc.property(shape, (depths) => {
      const print = (width: number): string[] => [
        'LOCAL      TAG   ID    STATE     PRIO  PRIMARY',
        ...depths.map((d, i) => `n1   ${' '.repeat(d * width)}t${i}   id${i}   ISP   1   n1`),
      ];
      const seen = [1, 2, 3, 4].map((w) => parseShortStatus(print(w)).resources.map((r) => r.depth));
      for (const got of seen) expect(got).toEqual(depths);
    }), { numRuns: 300 });
  });
  it('a row indented between two levels is a child of the nearest shallower row, not thrown away', () => {
    const s = parseShortStatus([
      'LOCAL TAG ID STATE PRIO PRIMARY',
      'n1  a   1   ISP  1  n1',
      'n1      b   2   ISP  1  n1',
      'n1    c   3   ISP  1  n1',
      'n1        d   4   ISP  1  n1',
    ]);
    expect(s.resources.map((r) => `${r.depth}:${r.tag}`)).toEqual(['0:a', '1:b', '1:c', '2:d']);
  });
  it('counts and names the rows it cannot read', () => {
    const s = parseShortStatus(['LOCAL TAG ID STATE PRIO PRIMARY', 'n1  a   1   ISP  1  n1', 'garbage row here', 'MACHINE NETWORK ADDRESSES/DEVICE STATE PRIO', 'nonsense']);
    expect(s.unparsed).toBe(2);
    expect(s.unparsedLines).toEqual([2, 4]);
  });
  it('recognises Windows status output (|—- before child tags, ADDRESSES/DISK)', () => {
    const s = parseShortStatus(['LOCAL      TAG   ID    STATE     PRIO  PRIMARY', 'W1   |—-Vol.E   E:   ISP  1  W1', 'MACHINE  TYPE  ADDRESSES/DISK  STATE  PRIO', 'W2  TCP  10.0.0.1/10.0.0.2  ALIVE  1']);
    expect(s.windows).toBe(true);
    expect(parseShortStatus(['LOCAL TAG ID STATE PRIO PRIMARY', 'n1  a   1   ISP  1  n1']).windows).toBe(false);
  });
  it('reads an empty cluster (header only)', () => {
    expect(parseShortStatus(['LOCAL      TAG   ID    STATE     PRIO  PRIMARY'])).toMatchObject({ form: 'q', resources: [] });
  });
});

describe('LCDI lists (formats not public: defensive reading)', () => {
  it('reads ins_list with or without a leading system field', () => {
    const withSys = parseInsList(['lk1\u0001scsi\u0001disk\u0001disk-sdc1\u0001WWID-1\u0001/dev/sdc1\u0001AUTORES_ISP\u0001ISP']);
    expect(withSys.records[0]).toMatchObject({ system: 'lk1', app: 'scsi', type: 'disk', tag: 'disk-sdc1', id: 'WWID-1', state: 'ISP' });
    const noSys = parseInsList(['gen\u0001filesys\u0001fs1\u0001/fs1\u0001info\u0001INIT_ISP\u0001OSU']);
    expect(noSys.records[0]).toMatchObject({ system: null, app: 'gen', type: 'filesys', tag: 'fs1', state: 'OSU' });
    expect(parseInsList(['garbage']).unparsed).toBe(1);
  });
  it('reads dep_list and eqv_list', () => {
    expect(parseDepList(['lk1\u0001app\u0001fs'])).toEqual([{ parent: 'app', child: 'fs', lineIndex: 0 }]);
    expect(parseEqvList(['lk1\u0001fs1\u0001lk2\u0001fs1\u0001SHARED\u00011\u000110'])[0]).toMatchObject({ peer: 'lk2', priority: 1, peerPriority: 10 });
  });
});

describe('DataKeeper sizes', () => {
  it('reads sizes as DataKeeper prints them, in binary units', () => {
    expect(parseSize('0.0 B')).toBe(0);
    expect(parseSize('2.2 MB')).toBe(Math.round(2.2 * 1024 ** 2));
    expect(parseSize('2.9 GB')).toBe(Math.round(2.9 * 1024 ** 3));
    expect(parseSize('512 KB')).toBe(512 * 1024);
    expect(parseSize('lots')).toBeNull();
  });
});

describe('every format parser survives any input and stays linear', () => {
  const lines = fc.array(fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('ROOT of RESOURCE HIERARCHY', 'x: id=a app=b type=c state=ISP', 'LOCAL TAG ID STATE PRIO PRIMARY', 'MACHINE NETWORK ADDRESSES/DEVICE STATE PRIO', 'to machine=a type=TCP')), { maxLength: 30 });
  it('random and truncated input', () => {
    fc.assert(fc.property(lines, (ls) => {
      parseLongStatus(ls);
      parseShortStatus(ls);
      parseInsList(ls);
      parseDepList(ls);
      parseEqvList(ls);
      for (const l of ls) parseSize(l);
    }), { numRuns: 1000 });
    const text = LONG.split('\n');
    for (let cut = 0; cut < LONG.length; cut += 7) parseLongStatus(LONG.slice(0, cut).split('\n'));
    expect(parseLongStatus(text).resources).toHaveLength(2);
  });
  it('long adversarial lines', () => {
    const attacks = [
      `${'a: id='.repeat(10_000)}`, `x: id=${' app='.repeat(10_000)}`, `h ${' '.repeat(60_000)}t`,
      `        SHARED equivalency with "${'"'.repeat(20_000)}`, `to machine=${'a=b '.repeat(10_000)}`,
      `to machine=x ${'a'.repeat(60_000)}`, `        machine=${'b'.repeat(60_000)} ${'c'.repeat(60_000)}`,
    ];
    for (const a of attacks) {
      const t = performance.now();
      parseLongStatus(['ROOT of RESOURCE HIERARCHY', 'r: id=1 app=gen type=app state=ISP', a]);
      parseShortStatus(['LOCAL TAG ID STATE PRIO PRIMARY', a, 'MACHINE NETWORK ADDRESSES/DEVICE STATE PRIO', a]);
      expect(performance.now() - t).toBeLessThan(500);
    }
  });
});

describe('parseSize out of range', () => {
  it('is null for a size that is no finite, non-negative, exactly held number of bytes', () => {
    expect(parseSize(`1${'0'.repeat(400)} TB`)).toBeNull();
    expect(parseSize('-5 GB')).toBeNull();
    expect(parseSize('99999999999999 TB')).toBeNull();
    expect(parseSize('8191 TB')).toBe(8191 * 1024 ** 4);
    expect(parseSize('0.0 B')).toBe(0);
  });
});
