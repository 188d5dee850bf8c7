import { describe, expect, it } from 'vitest';
import { mapConcurrently } from './concurrency.js';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('mapConcurrently', () => {
  it('keeps the items\' order in its results whatever order they finish in, never running more than the limit', async () => {
    let now = 0;
    let peak = 0;
    const started: number[] = [];
    const r = await mapConcurrently([30, 5, 20, 1, 10], 2, async () => 1, async (ms) => {
      started.push(ms);
      peak = Math.max(peak, ++now);
      await tick(ms);
      now--;
      return ms * 2;
    });
    expect(r).toEqual([60, 10, 40, 2, 20]);
    expect(started).toEqual([30, 5, 20, 1, 10]);
    expect(peak).toBe(2);
  });

  it('runs an item of full weight alone', async () => {
    const log: string[] = [];
    await mapConcurrently(['a', 'BIG', 'b', 'c'], 2, async (x) => (x === 'BIG' ? 2 : 1), async (x) => {
      log.push(`+${x}`);
      await tick(x === 'a' ? 15 : 5);
      log.push(`-${x}`);
    });
    // BIG starts only after a ended, and b only after BIG ended.
    expect(log.indexOf('+BIG')).toBeGreaterThan(log.indexOf('-a'));
    expect(log.indexOf('+b')).toBeGreaterThan(log.indexOf('-BIG'));
  });

  it('throws the first failure after the running items settle, and starts no new item after it', async () => {
    const started: string[] = [];
    const run = mapConcurrently(['ok', 'fail', 'later', 'never'], 2, async () => 1, async (x) => {
      started.push(x);
      await tick(x === 'ok' ? 20 : 2);
      if (x === 'fail') throw new Error('cancelled');
      return x;
    });
    await expect(run).rejects.toThrow('cancelled');
    expect(started).not.toContain('never');
  });
});
