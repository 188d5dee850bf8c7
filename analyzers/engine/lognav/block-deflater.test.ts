// The kept blocks' deflater: what it makes inflates back to the block, is what
// deflateRawSync makes at the same level, and comes from a few zlib handles
// reused from block to block, on the pool or in this thread.
import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCK_LEVEL, BlockDeflater, handlesMade, useDeflateHandles } from './block-deflater.js';

const RAW = 128 * 1024;
const logBlock = (seed: number): Buffer => Buffer.from(Array.from({ length: 1500 }, (_, i) => `May 20 10:00:${String(i % 60).padStart(2, '0')} node1 lcm[${seed}]: INFO:lcm:::000000:line ${i} ${'x'.repeat((i * seed) % 40)}`).join('\n').slice(0, RAW));
const blocks = [logBlock(1), randomBytes(RAW), logBlock(7), Buffer.alloc(0), Buffer.from('one line\n'), randomBytes(RAW).toString('base64').slice(0, RAW)].map((b) => Buffer.from(b));

// Buffers compared with equals(): vitest's toEqual walks 128 KiB element by element.
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
const onPool = (d: BlockDeflater, raw: Uint8Array): Promise<Buffer> => new Promise((resolve) => d.run(raw, (out) => resolve(Buffer.from(out))));

afterEach(() => useDeflateHandles(null));

describe('BlockDeflater', () => {
  it('deflates each block as deflateRawSync does at the same level, on the pool and in this thread, through one handle each however many blocks', async () => {
    const before = handlesMade();
    const d = new BlockDeflater(RAW, 4);
    for (let round = 0; round < 3; round++) {
      for (const raw of blocks) {
        const want = deflateRawSync(raw, { level: BLOCK_LEVEL });
        expect(same(await onPool(d, raw), want)).toBe(true);
        expect(same(d.deflateSync(raw), want)).toBe(true);
        expect(same(inflateRawSync(d.deflateSync(raw)), raw)).toBe(true);
      }
    }
    d.close();
    // One handle for the pool (one block at a time here) and one for this thread: 36 blocks.
    expect(handlesMade() - before).toBe(2);
  });

  it('runs at most its slots at once, each block with its own handle and output', async () => {
    const before = handlesMade();
    const d = new BlockDeflater(RAW, 3);
    const got: Array<Promise<Buffer>> = [];
    for (const raw of blocks.slice(0, 3)) got.push(onPool(d, raw));
    expect(d.busy).toBe(true);
    const outs = await Promise.all(got);
    blocks.slice(0, 3).forEach((b, i) => expect(same(outs[i] ?? Buffer.alloc(0), deflateRawSync(b, { level: BLOCK_LEVEL }))).toBe(true));
    expect(d.busy).toBe(false);
    for (const raw of blocks) expect(same(inflateRawSync(await onPool(d, raw)), raw)).toBe(true);
    d.close();
    expect(handlesMade() - before).toBe(3);
  });

  it('deflates with zlib\'s functions where the handle is not used, and a block larger than it was made for', async () => {
    useDeflateHandles(false);
    const before = handlesMade();
    const d = new BlockDeflater(RAW, 2);
    for (const raw of blocks) {
      expect(same(inflateRawSync(await onPool(d, raw)), raw)).toBe(true);
      expect(same(inflateRawSync(d.deflateSync(raw)), raw)).toBe(true);
    }
    useDeflateHandles(null);
    const big = randomBytes(RAW * 2);
    expect(same(inflateRawSync(await onPool(d, big)), big)).toBe(true);
    expect(same(inflateRawSync(d.deflateSync(big)), big)).toBe(true);
    d.close();
    expect(handlesMade() - before).toBe(0);
  });

  it('falls back to zlib\'s functions when a handle does not take its setup, as another Node\'s might', async () => {
    class Odd {
      init(): void {
        throw new TypeError('init takes other arguments here');
      }
    }
    useDeflateHandles(Odd);
    const d = new BlockDeflater(RAW, 2);
    for (const raw of blocks) {
      expect(same(inflateRawSync(await onPool(d, raw)), raw)).toBe(true);
      expect(same(inflateRawSync(d.deflateSync(raw)), raw)).toBe(true);
    }
    d.close();
  });
});
