import { describe, expect, it } from 'vitest';
import { runAnalyzer } from '../../engine/plugin/testing.js';
import datakeeper from '../../facts/datakeeper/index.js';
import rule from './index.js';

const md = (health: string, extra = '') => ({
  inputs: { mdstat: `Personalities : [raid1]\nmd0 : active raid1 nbd10[2] sdb1[0]\n      1048576 blocks super non-persistent ${health}\n${extra}      bitmap: 1/8 pages [4KB], 256KB chunk, file: /opt/LifeKeeper/bitmap__data\n` },
});

describe('datakeeper-mirror-degraded', () => {
  it('warns on a degraded or resynchronising mirror', async () => {
    expect((await runAnalyzer(rule, md('[2/1] [U_]'), [datakeeper])).findings[0]?.title.en).toMatch(/md \[U_\]/);
    expect((await runAnalyzer(rule, md('[2/2] [UU]', '      [==>....]  recovery = 12.5% (1/8) finish=3.0min speed=50000K/sec\n'), [datakeeper])).findings).toHaveLength(1);
  });
  it('is silent on a mirror in sync', async () => {
    expect((await runAnalyzer(rule, md('[2/2] [UU]'), [datakeeper])).findings).toEqual([]);
  });
  it('reads mirror_status alone (no /proc/mdstat): resynchronising warns, Fully Operational does not', async () => {
    const status = (st: string, pct: number) => ({ inputs: { 'mirror-status': { 'mirror_status_datarep1.out': `Status: ${st}\n[=========>          ] ${pct}%\nType: Synchronous\nBitmap: 9193195 bits (chunks), 130385 dirty (1.4%)\n` } } });
    const resync = await runAnalyzer(rule, status('Resynchronizing', 48), [datakeeper]);
    expect(resync.findings.map((f) => f.title.en)).toEqual(['Mirror datarep1 is not fully in sync (mirror_status "Resynchronizing")']);
    expect((await runAnalyzer(rule, status('Fully Operational', 100), [datakeeper])).findings).toEqual([]);
  });
});
