import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeArchive } from '../../engine/run/engine.js';
import { parseLogLine } from '../../engine/lines/syslog.js';
import { fixtureMembers, makeTar, runAnalyzer, withArchive } from '../../engine/plugin/testing.js';
import commPaths from '../comm-paths/index.js';
import nodeIdentity from '../node-identity/index.js';
import resyncHistory from '../resync-history/index.js';
import { classifyLifeKeeperLine, classifySyslogLine, peerOf } from './classify.js';
import type { LogLine } from '../../engine/lines/syslog.js';
import type { TimelineFact } from './index.js';
import timeline from './index.js';

const LK = `Feb  8 01:00:00 n lk-start-stop[1]: NOTIFY:startup:::010021:LifeKeeper starting to initialize
Feb  8 01:12:40 n lcm[2]: ERROR:lcd.mes:::004217:Communication failure: destination system "peer" is out of service.
Feb  8 01:13:40 n lcm[2]: ERROR:lcd.mes:::004217:Communication failure: destination system "peer" is out of service.
Feb  8 01:12:58 n restore[3]: INFO:RKActionHandler:restore:fs1:000100:BEGIN restore of "fs1"
Feb  8 01:12:59 n restore[3]: ERROR:RKActionHandler:restore:fs1:000104:END failed restore of "fs1"
Feb  8 02:00:00 n recover[4]: EMERG:lcd.recover::fs1:004788:failed to remove resource 'fs1'. SYSTEM HALTED.
Feb  8 03:00:00 n x[5]: ERROR:gen:x::123456:first odd error
Feb  8 04:00:00 n x[5]: ERROR:gen:x::123456:second odd error
Feb  8 05:00:00 n quickCheck[6]: NOTIFY:RKActionHandler:quickCheck:fs1:001047:END failed quickCheck of "fs1" due to a "ALRM" signal.
Feb  8 05:30:00 n x[7]: INFO:dr:resume:datarep-a:104009:/dev/md0: bitmap merged, resyncing 1.0 MB
`;
const MESSAGES = `Feb  8 06:00:00 n iscsid: iscsid: re-opening session 1 (reopen_cnt 1)
Feb  8 06:00:05 n iscsid: iscsid: re-opening session 1 (reopen_cnt 2)
Feb  8 06:00:09 n kernel: lkscsid[6847]: segfault at 0 ip 000000000040a1b2 sp 00007ffd1c2e1f10 error 4 in lkscsid[400000+3c000]
Feb  8 06:00:10 n sshd[9]: Accepted publickey for root
`;

describe('timeline', () => {
  it('orders what happened, groups repeats, and keeps the evidence of each event', async () => {
    const run = await runAnalyzer(timeline, {
      inputs: {
        'lifekeeper-log': LK, syslog: MESSAGES, date: 'Thu Feb  8 12:30:00 JST 2024\n',
        'lcdstatus-q': 'MACHINE NETWORK ADDRESSES/DEVICE STATE PRIO\npeer TCP 10.0.0.1/10.0.0.2 DEAD 1\n',
      },
      mtime: new Date('2024-02-08T12:00:00Z'),
    }, [resyncHistory, commPaths, nodeIdentity]);
    const events = (run.fact as TimelineFact).events;
    expect(events.map((e) => `${(e.time ?? '').slice(11)} ${e.kind} ${e.severity} x${e.count}`)).toEqual([
      '01:00:00 lifekeeper-start info x1',
      '01:12:40 comm-failure warning x2',
      '01:12:58 restore info x1',
      '01:12:59 restore warning x1',
      '02:00:00 message-group critical x1',
      '03:00:00 message-group warning x2',
      '05:00:00 quickcheck-timeout info x1',
      '05:30:00 resync info x1',
      '06:00:00 iscsi-reopen-storm warning x2',
      '06:00:09 daemon-crash critical x1',
      '12:30:00 comm-path-dead warning x1',
    ]);
    const errors = events.find((e) => e.msgid === '123456');
    expect(errors).toMatchObject({ lastTime: '2024-02-08T04:00:00', evidence: [{ line: 7 }, { line: 8 }] });
    expect(events[3]?.title).toEqual({ en: 'Failed restore of "fs1"', ja: '"fs1" の起動失敗' });
  });

  it('ignores ordinary lines', () => {
    const ref = new Date('2024-02-09T00:00:00Z');
    const plain = parseLogLine('Feb  8 06:00:10 n sshd[9]: Accepted publickey for root', ref);
    expect(plain && classifySyslogLine(plain)).toBeNull();
    const info = parseLogLine('Feb  8 06:00:10 n x[9]: INFO:lcd:::000000:all well', ref);
    expect(info && classifyLifeKeeperLine(info)).toBeNull();
  });

  it('tells what the cause of a failover needs: boots, starvation, quorum loss and switchovers in their varied words', () => {
    const ref = new Date('2024-02-09T00:00:00Z');
    const kindOf = (line: string): string | null => {
      const l = parseLogLine(line, ref);
      return l ? (classifyLifeKeeperLine(l) ?? classifySyslogLine(l))?.kind ?? null : null;
    };
    expect([
      'Feb  8 06:00:10 n kernel: Linux version 4.18.0-305.el8.x86_64 (mockbuild@x) #1 SMP',
      'Feb  8 06:00:10 n kernel: INFO: task jbd2/sdb1-8:812 blocked for more than 120 seconds.',
      'Feb  8 06:00:10 n kernel: watchdog: BUG: soft lockup - CPU#3 stuck for 23s! [java:4411]',
      'Feb  8 06:00:10 n kernel: rcu: INFO: rcu_sched self-detected stall on CPU',
      'Feb  8 06:00:10 n kernel: Out of memory: Killed process 4411 (java) total-vm:1234kB',
      'Feb  8 06:00:10 n qwk[5]: EMERG:quorum:check::000000:quorum check failed',
      'Feb  8 06:00:10 n qwk[5]: ERROR:quorum:::000000:this node lost quorum, QUORUM_LOSS_ACTION is fastkill',
      'Feb  8 06:00:10 n lcd[5]: NOTIFY:lcd.notify:::000000:Manual Switchover Initiated on Server n',
      'Feb  8 06:00:10 n pa[5]: INFO:lcd:perform_action:app:000000:perform_action -t app -a restore',
    ].map(kindOf)).toEqual(['system-boot', 'system-starved', 'system-starved', 'system-starved', 'system-starved', 'quorum-loss', 'quorum-loss', 'switchover', 'switchover']);
    // Not losses: a setting echoed at start, a check that passed, the flag of the switchover shutdown strategy.
    expect([
      'Feb  8 06:00:10 n lcdinit[5]: INFO:lcd:::000000:QUORUM_LOSS_ACTION=fastboot',
      'Feb  8 06:00:10 n qwk[5]: INFO:quorum:check::000000:quorum check succeeded',
      'Feb  8 06:00:10 n flg[5]: NOTIFY:lcd:::000000:flag shutdown_switchover set',
      'Feb  8 06:00:10 n kernel: Linux agpgart interface v0.103',
    ].map(kindOf)).toEqual([null, null, null, null]);
  });

  it('is not checked without logs', async () => {
    expect((await runAnalyzer(timeline, {})).status.status).toBe('not-checked');
  });

  it('keeps a log of a million lines with 100 events as 100 events, not a copy of the log', async () => {
    const filler = 'May 20 10:13:20 n quickCheck[4410]: INFO:RKActionHandler:quickCheck:ip1:000000:quickCheck of "ip1" completed in 12 ms\n';
    const chunks: string[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      chunks.push(i % 10_000 === 5_000 ? `May 20 10:13:20 n restore[${i}]: INFO:RKActionHandler:restore:r${i}:000100:BEGIN restore of "r${i}"\n` : filler);
    }
    const log = chunks.join('');
    const bytes = gzipSync(await makeTar(fixtureMembers({ inputs: { 'lifekeeper-log': log } })), { level: 1 });
    chunks.length = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    const result = await withArchive(bytes, 'million.tar.gz', (file) => analyzeArchive(file, { analyzers: [timeline] }));
    const heapAfter = process.memoryUsage().heapUsed;
    expect((result.node?.['timeline'] as TimelineFact).events).toHaveLength(100);
    expect(result.node?.members.read.find((m) => m.input === 'lifekeeper-log')?.lines).toBe(1_000_000);
    // The log is over 100 MB; what is kept after reading it is a small fraction.
    expect(heapAfter - heapBefore).toBeLessThan(40 * 2 ** 20);
  });

  it('reads the peer of a communication failure by hand as the expression it replaced does', () => {
    const reference = (s: string): string => /destination system "([^"]{1,255})"/.exec(s)?.[1] ?? '';
    const piece = fc.oneof(
      fc.constantFrom('destination system "', 'destination system ', '"', 'peer', 'n2', ' is out of service.', 'x'),
      fc.string({ maxLength: 6 }),
      fc.nat({ max: 300 }).map((n) => 'a'.repeat(n)),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
      const s = parts.join('');
      expect(peerOf(s)).toBe(reference(s));
    }), { numRuns: 5000 });
  });

  it('shares one classification among the lines of a storm, each as a line of its own would have it', () => {
    const ref = new Date('2024-02-09T00:00:00Z');
    const line = (peer: string, pid: number): string => `Feb  8 06:00:10 n lcm[${pid}]: ERROR:lcd.mes:::004217:Communication failure: destination system "${peer}" is out of service.`;
    const [a, b, c] = [line('n2', 1), line('n2', 2), line('n3', 3)].map((s) => classifyLifeKeeperLine(parseLogLine(s, ref) as LogLine));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(c).toMatchObject({ tag: 'n3', groupKey: 'comm:n3', kind: 'comm-failure' });
    expect(c?.describe()).toEqual({ en: 'Communication failure: n3 out of service', ja: '通信障害: n3 がサービス停止状態' });
    const qc = (tag: string): string => `Feb  8 05:00:00 n quickCheck[6]: NOTIFY:RKActionHandler:quickCheck:${tag}:001047:END failed quickCheck of "${tag}" due to a "ALRM" signal.`;
    const [q1, q2, q3] = [qc('fs1'), qc('fs1'), qc('')].map((s) => classifyLifeKeeperLine(parseLogLine(s, ref) as LogLine));
    expect(q1).toBe(q2);
    expect(q3).toMatchObject({ tag: null, groupKey: 'qc-alrm:' });
    expect(q1?.describe().en).toBe('quickCheck of "fs1" timed out (ALRM)');
  });

  it('classifiers never throw', () => {
    const ref = new Date('2024-02-09T00:00:00Z');
    fc.assert(fc.property(fc.string(), fc.constantFrom('ERROR:a:b:c:123456:', 'EMERG:x:::004788:', '', 'NOTIFY:startup:::010021:'), (tail, head) => {
      const l = parseLogLine(`Feb  8 06:00:10 n p[1]: ${head}${tail}`, ref);
      if (l) {
        classifyLifeKeeperLine(l);
        classifySyslogLine(l);
      }
    }));
  });

  it('keeps LifeKeeper lines quoted without their syslog header as events without a time, in their place among the timed ones', async () => {
    const log = [
      'May 20 10:00:00 n1 lcm[1]: ERROR:lcd.mes:::004217:Communication failure: destination system "n2" is out of service.',
      'ERROR:lcd.mes:::004217:Communication failure: destination system "n3" is out of service.',
      'May 20 10:05:00 n1 lcm[1]: ERROR:lcd.mes:::004217:Communication failure: destination system "n4" is out of service.',
    ].join('\n');
    const run = await runAnalyzer(timeline, { inputs: { 'lifekeeper-log': `${log}\n` } });
    const events = (run.fact as TimelineFact).events.filter((e) => e.kind === 'comm-failure');
    expect(events.map((e) => [e.tag, e.time])).toEqual([['n2', '2024-05-20T10:00:00'], ['n3', null], ['n4', '2024-05-20T10:05:00']]);
  });
});
