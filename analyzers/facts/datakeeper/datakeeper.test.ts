import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import resourceHierarchy from '../resource-hierarchy/index.js';
import type { DataKeeperFact } from './index.js';
import datakeeper from './index.js';
import { flagOf, parseMdstat, parseMirrorStatus } from './parse.js';

const MDSTAT = `Personalities : [raid1]
md0 : active raid1 nbd10[2] sdb1[0]
      104791040 blocks super non-persistent [2/1] [U_]
      [====>................]  recovery = 23.4% (24536320/104791040) finish=11.2min speed=119402K/sec
      bitmap: 2/400 pages [8KB], 256KB chunk, file: /opt/LifeKeeper/bitmap__srv_data

md1 : active raid1 sdc1[0]
      2097088 blocks [2/2] [UU]

unused devices: <none>
`;

describe('datakeeper', () => {
  it('reads mirrors, nbd members, health, resync progress and the bitmap file', () => {
    const [md0, md1] = parseMdstat(MDSTAT.split('\n'));
    expect(md0).toMatchObject({
      device: '/dev/md0', level: 'raid1', health: '[U_]', degraded: true,
      members: [{ device: 'nbd10', nbd: true, role: 2 }, { device: 'sdb1', nbd: false, role: 0 }],
      resync: { action: 'recovery', percent: 23.4, speedKBps: 119402, finish: '11.2min' },
      bitmap: { file: '/opt/LifeKeeper/bitmap__srv_data', chunk: '256KB' },
    });
    expect(md1).toMatchObject({ health: '[UU]', degraded: false, bitmap: null });
  });

  it('ties mirror_status and the single netraid resource to the mirror, and lists flag files', async () => {
    const run = await runAnalyzer(datakeeper, {
      inputs: {
        mdstat: MDSTAT,
        'mirror-status': { 'mirror_status_datarep-data.out': '[-] dk1 -> dk2\n    Status: Resynchronizing\n    [====>     ] 23%  Resync Speed: 119402K/sec\n    Type: Synchronous\n    Bitmap: 409344 bits (chunks), 9 dirty (0.0%)\n' },
        'lcdstatus-q': 'LOCAL TAG ID STATE PRIO PRIMARY\ndk1 /srv/data /srv/data ISP 1 dk1\ndk1  datarep-data /dev/sdb1 ISP 1 dk1\n',
        'netraid-flag': { 'datarep-data_data_corrupt': '', last_owner: 'dk1\n' },
      },
    }, [resourceHierarchy]);
    const f = run.fact as DataKeeperFact;
    expect(f.mirrors[0]).toMatchObject({ device: '/dev/md0', tag: 'datarep-data', status: { status: 'Resynchronizing', percent: 23, type: 'Synchronous', bitmap: { bits: 409344, dirty: 9 } } });
    expect(f.netraid).toEqual([{ tag: 'datarep-data', id: '/dev/sdb1', state: 'ISP' }]);
    expect(f.flags.map((x) => [x.kind, x.tag, x.content, x.evidence.line])).toEqual([
      ['data_corrupt', 'datarep-data', '', 0],
      ['last_owner', null, 'dk1', 0],
    ]);
  });

  it('gives no mirror on a node without DataKeeper, and is not checked without mdstat', async () => {
    expect(((await runAnalyzer(datakeeper, { inputs: { mdstat: 'Personalities :\nunused devices: <none>\n' } })).fact as DataKeeperFact).mirrors).toEqual([]);
    expect((await runAnalyzer(datakeeper, {})).status.status).toBe('not-checked');
  });

  it('reads flag names in both naming styles', () => {
    expect(flagOf('x/opt/LifeKeeper/subsys/scsi/resources/netraid/datarep-a_data_corrupt')).toEqual({ kind: 'data_corrupt', tag: 'datarep-a' });
    expect(flagOf('opt_LifeKeeper_subsys_scsi_resources_netraid_datarep-a_data_corrupt')).toEqual({ kind: 'data_corrupt', tag: 'datarep-a' });
    expect(flagOf('x/netraid/datarep-a_last_owner')).toEqual({ kind: 'last_owner', tag: 'datarep-a' });
  });

  it('stays linear on long adversarial lines', () => {
    const t = performance.now();
    parseMdstat([`md0 : active raid1 ${'a['.repeat(30_000)}`, `      bitmap: ${'x'.repeat(60_000)}`, `      [${'1/'.repeat(30_000)}`, `      recovery = ${'9'.repeat(60_000)}`]);
    parseMirrorStatus([`[-] ${'a'.repeat(60_000)} -> b`, `Bitmap: ${'1 '.repeat(30_000)}`, `${']'.repeat(60_000)}`]);
    expect(performance.now() - t).toBeLessThan(500);
  });

  it('parsers never throw', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('md0 : active raid1 a[0]', '  [2/1] [U_]', 'Status: x', 'Bitmap: none'))), (ls) => {
      parseMdstat(ls);
      parseMirrorStatus(ls);
      for (const l of ls) flagOf(l);
    }));
  });

  it('reads a mirror from mirror_status alone, without /proc/mdstat (real v8-era output, sources/004), and accounts for every line', async () => {
    const real = 'Status: Fully Operational\n[===================>] 100%\nType: Synchronous\nBitmap: 9193195 bits (chunks), 130385 dirty (1.4%)\n';
    const run = await runAnalyzer(datakeeper, { inputs: { 'mirror-status': { 'mirror_status_datarep1.out': `${real}some line no parser knows\n` } } });
    const fact = run.fact as DataKeeperFact;
    expect(fact.unmatchedStatus).toMatchObject([{ tag: 'datarep1', status: { status: 'Fully Operational', percent: 100, type: 'Synchronous', bitmap: { bits: 9193195, dirty: 130385, dirtyPercent: 1.4 } } }]);
    expect(run.node.members.read.find((m) => m.input === 'mirror-status')?.unread).toMatchObject({ lines: 1, first: [{ line: 5, text: 'some line no parser knows' }] });
  });
});
