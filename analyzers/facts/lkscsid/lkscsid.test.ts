import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import { classifyStarts, corePid, lkscsidPid } from './classify.js';
import type { LkscsidFact } from './index.js';
import lkscsid, { restartsOf } from './index.js';

// The advisory's startup sequence (KB-lkscsid), then two starts on their own.
const LOG = `Sep 29 05:50:22 lk-1 lk-start-stop[6749]: NOTIFY:startup:::010021:LifeKeeper starting to initialize
Sep 29 05:50:44 lk-1 lifekeeper[6845]: INFO:event.lcd_avail:::010462:LifeKeeper LCD daemon is now available
Sep 29 05:50:44 lk-1 runsv[6849]: INFO:runit:::013004:lkscsid daemon is starting up
Sep 29 05:50:44 lk-1 lkscsid[6847]: INFO:lkscsid:::007046:lkscsid daemon pid:6847 mlock:1 nice:-10
Oct  2 14:12:07 lk-1 lkscsid[21877]: INFO:lkscsid:::007046:lkscsid daemon pid:21877 mlock:1 nice:-10
Oct  5 03:40:51 lk-1 lkscsid[30412]: INFO:lkscsid:::007046:lkscsid daemon pid:30412 mlock:1 nice:-10
`;

describe('lkscsid', () => {
  it('tells the start with LifeKeeper from restarts on their own, and links core files', async () => {
    const run = await runAnalyzer(lkscsid, {
      inputs: { 'lifekeeper-log': LOG, 'core-file': { 'core.lkscsid.6847': Buffer.alloc(10) } },
      mtime: new Date('2020-10-06T00:00:00Z'),
    });
    const f = run.fact as LkscsidFact;
    expect(f.starts.map((s) => [s.time, s.pid, s.duringStartup, s.previousPid])).toEqual([
      ['2020-09-29T05:50:44', 6847, true, null],
      ['2020-10-02T14:12:07', 21877, false, 6847],
      ['2020-10-05T03:40:51', 30412, false, 21877],
    ]);
    expect(restartsOf(f).map((s) => s.pid)).toEqual([21877, 30412]);
    expect(restartsOf(f)[0]?.coreFile).toBe('var/crash/core.lkscsid.6847');
    // Each start is in the fact once: the restarts are not repeated beside the starts.
    expect(Object.keys(f)).not.toContain('restarts');
    const lines = LOG.split('\n');
    expect(restartsOf(f)[0]?.evidence).toEqual({ path: 'var/log/lifekeeper.log', line: 5, text: lines[4], before: [lines[2], lines[3]], after: [lines[5]] });
    expect(f.cores).toEqual([expect.objectContaining({ pid: 6847, bytes: 10 })]);
  });

  it('finds no restart in an ordinary history of LifeKeeper starts', async () => {
    const healthy = `${LOG.split('\n').slice(0, 4).join('\n')}\nOct  3 08:00:00 lk-1 lk-start-stop[100]: NOTIFY:startup:::010021:LifeKeeper starting to initialize\nOct  3 08:00:30 lk-1 lkscsid[140]: INFO:lkscsid:::007046:lkscsid daemon pid:140 mlock:1 nice:-10\n`;
    const run = await runAnalyzer(lkscsid, { inputs: { 'lifekeeper-log': healthy }, mtime: new Date('2020-10-06T00:00:00Z') });
    expect(restartsOf(run.fact as LkscsidFact)).toEqual([]);
    expect((run.fact as LkscsidFact).starts).toHaveLength(2);
  });

  it('counts a pid change without its start message as a restart, but not the first pid of the logs', async () => {
    const log = `Oct  1 10:00:00 lk-1 lkscsid[500]: ERROR:lkscsid:::007078:lkscsid: DEVICE FAILURE on SCSI device '/dev/sdb', RETRY. ret=-1, errno=0x5, retry count=1.
Oct  3 10:00:00 lk-1 lkscsid[900]: ERROR:lkscsid:::007078:lkscsid: DEVICE FAILURE on SCSI device '/dev/sdb', RETRY. ret=-1, errno=0x5, retry count=1.
`;
    const run = await runAnalyzer(lkscsid, { inputs: { 'lifekeeper-log': log }, mtime: new Date('2020-10-06T00:00:00Z') });
    const f = run.fact as LkscsidFact;
    expect(restartsOf(f).map((r) => [r.pid, r.previousPid, r.seenBy])).toEqual([[900, 500, 'pid-change']]);
  });

  it('counts a second start within the same startup window as a restart', () => {
    const c = classifyStarts([{ sortKey: 1000, pid: 1 }, { sortKey: 2000, pid: 2 }], [{ sortKey: 500 }, { sortKey: 900 }]);
    expect(c.map((x) => x.duringStartup)).toEqual([true, false]);
  });

  it('reads pids from messages and core file names', () => {
    expect(lkscsidPid('lkscsid daemon pid:6847 mlock:1', 1)).toBe(6847);
    expect(lkscsidPid('lkscsid daemon', 12)).toBe(12);
    expect(corePid('var/crash/core.lkscsid.6847')).toBe(6847);
    expect(corePid('core.lkscsid.0.3f2a.21877.1601600000000000.zst')).toBe(21877);
    expect(corePid('core')).toBeNull();
  });

  it('reads the pid by hand as the expression it replaced does', () => {
    const reference = (text: string, syslogPid: number | null): number | null => {
      const m = /\bpid:(\d+)/.exec(text);
      return m?.[1] ? Number(m[1]) : syslogPid;
    };
    const piece = fc.constantFrom('pid:', 'pid:12', 'xpid:7', '_pid:3', ' pid:', '-pid:42', 'pid:pid:9', '9', 'a', ' ', ':', 'lkscsid daemon ', 'ppid:5');
    fc.assert(fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 8 }), fc.option(fc.nat()), (parts, syslogPid) => {
      const text = parts.join('');
      expect(lkscsidPid(text, syslogPid)).toBe(reference(text, syslogPid));
    }), { numRuns: 5000 });
  });

  it('classification never throws', () => {
    fc.assert(fc.property(fc.array(fc.record({ sortKey: fc.integer(), pid: fc.option(fc.nat()) })), fc.array(fc.record({ sortKey: fc.integer() })), (s, m) => {
      expect(classifyStarts(s, m)).toHaveLength(s.length);
    }));
  });
});
