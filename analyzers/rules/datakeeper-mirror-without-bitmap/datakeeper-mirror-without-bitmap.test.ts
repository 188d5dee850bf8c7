import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import datakeeper from '../../facts/datakeeper/index.js';
import rule from './index.js';

const head = 'Personalities : [raid1]\nmd0 : active raid1 nbd10[2] sdb1[0]\n      1048576 blocks super non-persistent [2/2] [UU]\n';

describe('datakeeper-mirror-without-bitmap', () => {
  it('warns on a DataKeeper mirror without a bitmap line', async () => {
    expect((await runAnalyzer(rule, { inputs: { mdstat: head } }, [datakeeper])).findings).toHaveLength(1);
  });
  it('is silent when the mirror has a bitmap file', async () => {
    const run = await runAnalyzer(rule, { inputs: { mdstat: `${head}      bitmap: 1/8 pages [4KB], 256KB chunk, file: /opt/LifeKeeper/bitmap__data\n` } }, [datakeeper]);
    expect(run.findings).toEqual([]);
  });
  it('reads mirror_status alone: "Bitmap: none" warns, a bitmap size does not', async () => {
    const status = (bitmap: string) => ({ inputs: { 'mirror-status': { 'mirror_status_datarep1.out': `Status: Fully Operational\n[===================>] 100%\nType: Synchronous\nBitmap: ${bitmap}\n` } } });
    expect((await runAnalyzer(rule, status('none'), [datakeeper])).findings.map((f) => f.title.en)).toEqual(['Mirror datarep1 has no bitmap (intent log)']);
    expect((await runAnalyzer(rule, status('9193195 bits (chunks), 130385 dirty (1.4%)'), [datakeeper])).findings).toEqual([]);
  });
});
