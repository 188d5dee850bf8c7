// Message 104009 as logs vary: the header as rsyslog writes it by default (BSD)
// or with RSYSLOG_FileFormat (RFC 3339 with a fraction and an offset), CRLF,
// and the sizes as the advisory (HF-9146) quotes them: "2.9 GB" in the log
// excerpt, "2.9GB" / "662.2MB" in its text; sizes with thousands separators
// and a full stop after the unit are GUESS variants.
import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import type { Resync } from './index.js';
import resyncHistory from './index.js';

const line = (header: string, size: string): string => `${header} node1 mirror_action[20052]: INFO:dr:resume:datarep-dk-mirror:104009:/dev/md0: bitmap merged, resyncing ${size}`;
const GB = (n: number): number => Math.round(n * 1024 ** 3);
const MB = (n: number): number => Math.round(n * 1024 ** 2);

describe('resync-history on 104009 as real logs vary', () => {
  it.each<[string, string, string, number]>([
    ['the advisory\'s excerpt', 'May 14 22:05:18', '2.9 GB', GB(2.9)],
    ['the advisory\'s text, no space before the unit', 'May 14 22:05:18', '2.9GB', GB(2.9)],
    ['a size in MB without a space', 'May 14 22:05:18', '662.2MB', MB(662.2)],
    ['0.0B without a space', 'May 14 22:05:18', '0.0B', 0],
    ['an RFC 3339 header with microseconds and an offset', '2024-05-14T22:05:18.123456+09:00', '2.2 MB', MB(2.2)],
    ['an RFC 3339 header without a fraction, offset without a colon', '2024-05-14T22:05:18+0900', '2.2 MB', MB(2.2)],
    ['a size with thousands separators', 'May 14 22:05:18', '1,024.5 MB', MB(1024.5)],
    ['a full stop after the unit', 'May 14 22:05:18', '2.9 GB.', GB(2.9)],
    ['binary units', 'May 14 22:05:18', '2.9 GiB', GB(2.9)],
  ])('reads %s', async (_name, header, size, bytes) => {
    for (const eol of ['\n', '\r\n']) {
      const run = await runAnalyzer(resyncHistory, { inputs: { 'lifekeeper-log': `${line(header, size)}${eol}` } });
      const [r] = run.fact as Resync[];
      expect([r?.time.slice(0, 19), r?.kind, r?.tag, r?.device, r?.size, r?.bytes]).toEqual(['2024-05-14T22:05:18', 'partial', 'datarep-dk-mirror', '/dev/md0', size, bytes]);
      expect(run.node.members.read.find((m) => m.input === 'lifekeeper-log')?.unread).toBeUndefined();
    }
  });
});
