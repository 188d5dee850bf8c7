import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLogLine } from '../../engine/lines/syslog.js';
import { parseResyncLine } from './parse.js';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import type { Resync } from './index.js';
import resyncHistory from './index.js';

// The advisory's own grep output (HF-9146), split over a rotated log and the current one.
const ROTATED = `May 12 09:13:09 node1 restore[25641]: INFO:dr:restore:datarep-dk-mirror:104009:/dev/md0: bitmap merged, resyncing 0.0 B
May 14 22:05:18 node1 mirror_action[20052]: INFO:dr:resume:datarep-dk-mirror:104009:/dev/md0: bitmap merged, resyncing 2.9 GB
`;
const CURRENT = `May 18 01:47:55 node1 mirror_action[21865]: INFO:dr:resume:datarep-dk-mirror:104009:/dev/md0: bitmap merged, resyncing 662.2 MB
May 18 02:00:00 node1 mirror_action[21900]: INFO:dr:pause:datarep-dk-mirror:000000:mirror paused
May 18 02:10:00 node1 mirror_action[21901]: INFO:dr:fullresync:datarep-dk-mirror:000000:full resync of /dev/md0 started
May 19 17:31:02 node1 recover[3535]: INFO:dr:recover:datarep-dk-mirror:104009:/dev/md0: bitmap merged, resyncing 2.2 MB
May 19 17:31:03 node1 quickCheck[3600]: INFO:RKActionHandler:quickCheck:datarep-dk-mirror:000000:quickCheck ok
`;

describe('resync-history', () => {
  it('lists every resync from all lifekeeper logs, oldest first, with sizes in bytes', async () => {
    const run = await runAnalyzer(resyncHistory, { inputs: { 'lifekeeper-log': { 'lifekeeper.log': CURRENT, 'lifekeeper.log-20240515.gz': ROTATED } } });
    const r = run.fact as Resync[];
    expect(r.map((x) => [x.time, x.kind, x.action, x.tag, x.device, x.size, x.bytes])).toEqual([
      ['2024-05-12T09:13:09', 'partial', 'restore', 'datarep-dk-mirror', '/dev/md0', '0.0 B', 0],
      ['2024-05-14T22:05:18', 'partial', 'resume', 'datarep-dk-mirror', '/dev/md0', '2.9 GB', Math.round(2.9 * 1024 ** 3)],
      ['2024-05-18T01:47:55', 'partial', 'resume', 'datarep-dk-mirror', '/dev/md0', '662.2 MB', Math.round(662.2 * 1024 ** 2)],
      ['2024-05-18T02:00:00', 'pause', 'pause', 'datarep-dk-mirror', null, null, null],
      ['2024-05-18T02:10:00', 'full', 'fullresync', 'datarep-dk-mirror', '/dev/md0', null, null],
      ['2024-05-19T17:31:02', 'partial', 'recover', 'datarep-dk-mirror', '/dev/md0', '2.2 MB', Math.round(2.2 * 1024 ** 2)],
    ]);
    expect(r[1]?.evidence).toEqual({ path: 'var/log/lifekeeper.log-20240515.gz', line: 2, text: ROTATED.split('\n')[1], before: [ROTATED.split('\n')[0]], after: [] });
  });

  it('keeps the first and last 2000 of 4500 resyncs, each with its lines around it as read', async () => {
    // A resync every third line, a quickCheck line between, a Japanese line now and then (not ASCII: its chunk is decoded line by line).
    const lines: string[] = [];
    for (let i = 0; i < 4500; i++) {
      const t = `May 18 ${String(Math.floor(i / 3600)).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
      lines.push(`${t} node1 mirror_action[${i}]: INFO:dr:resume:datarep-dk-mirror:104009:/dev/md0: bitmap merged, resyncing ${i}.0 MB`);
      lines.push(`${t} node1 quickCheck[${i}]: INFO:RKActionHandler:quickCheck:ip-${i}:000000:quickCheck of "ip-${i}" completed`);
      lines.push(i % 50 === 0 ? `${t} node1 lkcheck[${i}]: 確認しました ${i}` : `${t} node1 lcm[${i}]: heartbeat ${i}`);
    }
    const run = await runAnalyzer(resyncHistory, { inputs: { 'lifekeeper-log': { 'lifekeeper.log': lines.join('\n') } } });
    const r = run.fact as Resync[];
    expect(r).toHaveLength(4000);
    expect(run.status.reason?.en).toContain('4500 resyncs in the logs');
    const evidenceOfLine = (n: number): object => ({
      path: 'var/log/lifekeeper.log', line: n + 1, text: lines[n], before: lines.slice(Math.max(0, n - 2), n), after: lines.slice(n + 1, n + 3),
    });
    expect(r.map((x) => x.evidence)).toEqual([
      ...Array.from({ length: 2000 }, (_, i) => evidenceOfLine(3 * i)),
      ...Array.from({ length: 2000 }, (_, i) => evidenceOfLine(3 * (2500 + i))),
    ]);
  });

  it('records nothing for a log without resyncs, and is not checked without a log', async () => {
    expect((await runAnalyzer(resyncHistory, { inputs: { 'lifekeeper-log': 'May 18 01:47:55 n x[1]: INFO:lcd:::000000:hello\n' } })).fact).toEqual([]);
    expect((await runAnalyzer(resyncHistory, {})).status.status).toBe('not-checked');
  });
});

describe('the resync line parser', () => {
  const ref = new Date('2024-06-01T00:00:00Z');
  const payload = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.tuple(fc.constantFrom('resume', 'restore', 'fullresync', 'pause', 'force'), fc.string({ maxLength: 40 }), fc.string({ maxLength: 80 }))
      .map(([action, tag, rest]) => `INFO:dr:${action}:${tag}:104009:${rest}`),
  );

  it('returns an event or null for any line, never throws', () => {
    fc.assert(fc.property(payload, (p) => {
      const l = parseLogLine(`May 18 01:47:55 node1 mirror_action[1]: ${p}`, ref);
      const r = l && parseResyncLine(l);
      if (r) expect(['partial', 'full', 'pause', 'resume', 'force']).toContain(r.kind);
    }), { numRuns: 2000 });
  });

  it('stays linear on long runs of spaces and colons inside a 104009 line', () => {
    const head = 'May 18 01:47:55 node1 mirror_action[1]: INFO:dr:resume:t:104009:/dev/md0: bitmap merged, resyncing';
    for (const line of [`${head} a${' '.repeat(200_000)}b`, `${head}${' '.repeat(200_000)}`, `May 18 01:47:55 n m[1]: INFO:dr:resume:t:104009:${':'.repeat(200_000)}`]) {
      const l = parseLogLine(line, ref);
      const t = performance.now();
      if (l) parseResyncLine(l);
      expect(performance.now() - t).toBeLessThan(500);
    }
  });

  it('reads the size even with spaces around it', () => {
    const l = parseLogLine('May 18 01:47:55 node1 mirror_action[1]: INFO:dr:resume:t:104009:/dev/md0: bitmap merged, resyncing   2.9 GB   ', ref);
    expect(l && parseResyncLine(l)).toMatchObject({ kind: 'partial', size: '2.9 GB', device: '/dev/md0' });
  });
});

describe('resync-history on sizes out of range', () => {
  const line = (t: string, size: string): string => `May 20 10:${t} n mirror_action[2005]: INFO:dr:resume:datarep-x:104009:/dev/md0: bitmap merged, resyncing ${size}`;

  it('a size of 10^400 TB, a negative one or one past 2^53 bytes has no bytes, and its line is counted as unread', async () => {
    const log = `${[line('10:00', '2.9 GB'), line('11:00', `1${'0'.repeat(400)} TB`), line('12:00', '-5 GB'), line('13:00', '99999999999999 TB')].join('\n')}\n`;
    const run = await runAnalyzer(resyncHistory, { inputs: { 'lifekeeper-log': log } });
    const r = run.fact as Resync[];
    expect(r.map((x) => x.bytes)).toEqual([Math.round(2.9 * 1024 ** 3), null, null, null]);
    expect(r.every((x) => x.bytes === null || Number.isSafeInteger(x.bytes))).toBe(true);
    // The size as logged is kept short; the whole line is the evidence.
    expect(r[1]?.size).toMatch(/^1000+… \(\+\d+ chars\)$/);
    const member = run.node.members.read.find((m) => m.input === 'lifekeeper-log');
    expect(member?.unread?.lines).toBe(3);
    expect(member?.unread?.first.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(member?.unread?.first[1]?.text).toBe(line('12:00', '-5 GB'));
  });
});
