import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBatches, writeJson } from './json-stream.js';

async function collect(value: unknown, batch?: number, compact = false): Promise<string> {
  let text = '';
  const sink = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      setImmediate(cb);
    },
  });
  await writeJson(value, sink, batch, { compact });
  await new Promise<void>((resolve) => sink.end(() => resolve()));
  return text;
}

describe('writeJson', () => {
  it('writes a report exactly as JSON.stringify(value, null, 2) does', async () => {
    const report: unknown = JSON.parse(readFileSync('samples/golden/advisory-dk-partial-resync.json', 'utf8'));
    expect(await collect(report, 100)).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  it('agrees with JSON.stringify on any JSON value, and on undefined and nested empties', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue(), async (v) => {
      expect(await collect(v, 7)).toBe(`${JSON.stringify(v, null, 2)}\n`);
    }), { numRuns: 500 });
    const odd = { a: undefined, b: [undefined, 1, {}, []], c: { d: new Date(0) } };
    expect(await collect(odd)).toBe(`${JSON.stringify(odd, null, 2)}\n`);
  });
});

describe('writeJson, compact', () => {
  it('writes a report exactly as JSON.stringify(value) does, with no newline at the end', async () => {
    const report: unknown = JSON.parse(readFileSync('samples/golden/advisory-dk-partial-resync.json', 'utf8'));
    expect(await collect(report, 100, true)).toBe(JSON.stringify(report));
  });

  it('agrees with JSON.stringify on any JSON value, and on undefined and nested empties', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue(), async (v) => {
      expect(await collect(v, 7, true)).toBe(JSON.stringify(v));
      expect([...jsonBatches(v, 7, { compact: true })].join('')).toBe(JSON.stringify(v));
    }), { numRuns: 500 });
    const odd = { a: undefined, b: [undefined, 1, {}, []], c: { d: new Date(0) }, e: [[[]], {}] };
    expect(await collect(odd, undefined, true)).toBe(JSON.stringify(odd));
  });

  it('makes a large document in batches, never as one string', () => {
    const rows = Array.from({ length: 6000 }, (_, i) => ({ path: 'var/log/messages', line: i + 1, text: `リソース ${i} ${'x'.repeat(100)}` }));
    const doc = { schema: 'test', nodes: [{ timeline: rows }] };
    const batches = [...jsonBatches(doc, 1 << 14, { compact: true })];
    expect(batches.join('')).toBe(JSON.stringify(doc));
    expect(batches.length).toBeGreaterThan(10);
    for (const b of batches) expect(b.length).toBeLessThanOrEqual(1 << 14);
  });
});

describe('writeJson to a stream that closes', () => {
  it('stops writing when the stream closes while it waits, instead of waiting for ever', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => ({ line: i, text: 'x'.repeat(100) }));
    let writes = 0;
    const sink = new Writable({
      highWaterMark: 16,
      write(_chunk: Buffer, _enc, cb) {
        writes++;
        // The reader goes away after the first batch: nothing ever drains.
        if (writes === 1) setImmediate(() => sink.destroy());
        else cb();
      },
    });
    await writeJson({ rows }, sink, 1024);
    expect(writes).toBe(1);
  });
});

describe('writeJson batches', () => {
  // Batches stay in V8's young generation (under 128 KiB each): 1 MiB batches went to the large-object space and
  // raised the peak RSS of the large bench archive's run at its end (docs/performance.md, Peak RSS).
  it('writes a large document in batches a young string can hold (64K code units), the same bytes as JSON.stringify', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => ({ path: 'var/log/messages', line: i + 1, text: `リソース ${i} ${'x'.repeat(100)}` }));
    const doc = { schema: 'test', nodes: [{ timeline: rows }] };
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(Buffer.from(chunk));
        cb();
      },
    });
    await writeJson(doc, sink);
    const expected = `${JSON.stringify(doc, null, 2)}\n`;
    expect(Buffer.concat(chunks).toString()).toBe(expected);
    expect(expected.length).toBeGreaterThan(10 * 65536);
    for (const c of chunks) expect(c.toString().length).toBeLessThanOrEqual(65536);
  });
});

describe('writeJson on structures that break recursion', () => {
  /** A chain of resources each holding the next, as a dependency chain `depth` deep is in the report. */
  const chain = (depth: number): unknown => {
    let node: Record<string, unknown> = { tag: `r${depth}`, children: [] };
    for (let i = depth - 1; i >= 0; i--) node = { tag: `r${i}`, state: 'ISP', evidence: [{ path: 'lcdstatus', line: i + 1, text: 'x'.repeat(20) }], children: [node] };
    return node;
  };

  it('writes a dependency chain 1,000 resources deep exactly as JSON.stringify does', async () => {
    const deep = chain(1000);
    expect(await collect(deep)).toBe(`${JSON.stringify(deep, null, 2)}\n`);
  }, 60_000);

  // Pretty-printed JSON grows with the square of its depth (each line is indented by it): 8,000 levels are
  // 130 MB, counted here, not kept. The report's trees are bounded in depth where they are built.
  it('writes nesting deeper than JSON.stringify can, as valid JSON', async () => {
    const levels = 8000;
    let deep: unknown[] = [];
    for (let i = 0; i < levels; i++) deep = [deep];
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    let bytes = 0;
    let compact = '';
    const sink = new Writable({
      write(chunk: Buffer, _e, cb) {
        bytes += chunk.length;
        compact += chunk.toString().replace(/\s+/g, '');
        cb();
      },
    });
    await writeJson(deep, sink);
    expect(compact).toBe(`${'['.repeat(levels)}[]${']'.repeat(levels)}`);
    expect(bytes).toBeGreaterThan(levels * levels);
  }, 60_000);

  it('refuses a cycle or a BigInt before writing anything', async () => {
    const cyclic: Record<string, unknown> = { a: [1, 2, { b: 3 }] };
    (cyclic['a'] as unknown[]).push(cyclic);
    await expect(collect(cyclic)).rejects.toThrow(/cycle/);
    await expect(collect({ n: 1n })).rejects.toThrow(/BigInt/);
    // Shared, not cyclic: written twice, as JSON.stringify does.
    const shared = { x: 1 };
    expect(await collect({ a: shared, b: [shared] })).toBe(`${JSON.stringify({ a: shared, b: [shared] }, null, 2)}\n`);
  });
});

describe('writeJson, small items of a large array written together', () => {
  // Items of every kind around items too large to go together (more values than a run holds), undefined and functions
  // (null in an array), an item with toJSON, Japanese and characters outside the BMP.
  const mixed = (n: number): unknown[] => Array.from({ length: n }, (_, i) => {
    if (i % 997 === 0) return { big: Array.from({ length: 1500 }, (_, k) => ({ k, s: `${k}` })) };
    if (i % 101 === 0) return undefined;
    if (i % 103 === 0) return () => i;
    if (i % 107 === 0) return new Date(i * 1000);
    if (i % 7 === 0) return [i, null, [], {}, [[i]]];
    return { path: 'var/log/lifekeeper.log', line: i, text: `リソース ${i} 😀 ${'x'.repeat(i % 40)}`, evidence: { before: ['a', 'b'], after: [] } };
  });
  /** `doc` nested `levels` deep in objects: its arrays are written at that indent. */
  const at = (levels: number, doc: unknown): unknown => {
    let v = doc;
    for (let i = 0; i < levels; i++) v = { [`level${i}`]: v, n: i };
    return v;
  };

  it('writes them exactly as JSON.stringify does, at any indent (past 32 levels too), in both layouts and any batch', async () => {
    for (const levels of [0, 1, 3, 31, 32, 33, 40]) {
      const doc = at(levels, { timeline: mixed(3000), empty: [], one: [{ a: 1 }] });
      expect(await collect(doc)).toBe(`${JSON.stringify(doc, null, 2)}\n`);
      expect(await collect(doc, 1000, true)).toBe(JSON.stringify(doc));
    }
    const doc = { timeline: mixed(2500) };
    for (const batch of [1, 2, 3, 7, 4096]) expect([...jsonBatches(doc, batch)].join('')).toBe(JSON.stringify(doc, null, 2));
  }, 120_000);

  it('cuts a batch before a surrogate pair rather than inside it, and keeps every batch within its size', () => {
    const doc = { rows: Array.from({ length: 400 }, (_, i) => ({ i, t: '😀'.repeat(1 + (i % 9)) })) };
    for (const batch of [2, 3, 5, 16, 1 << 14]) {
      const batches = [...jsonBatches(doc, batch)];
      expect(batches.join('')).toBe(JSON.stringify(doc, null, 2));
      for (const b of batches) {
        expect(b.length).toBeLessThanOrEqual(batch);
        // A batch is encoded on its own: no lone surrogate at either end.
        expect(Buffer.from(b).toString()).toBe(b);
      }
    }
  });

  it('lays out a run of small items with one JSON.stringify, not one per item', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ line: i, text: 'x' }));
    let calls = 0;
    const stringify = JSON.stringify;
    JSON.stringify = ((...args: Parameters<typeof JSON.stringify>) => {
      calls++;
      return stringify(...args);
    }) as typeof JSON.stringify;
    try {
      expect([...jsonBatches({ rows }, 1 << 14)].join('')).toBe(stringify({ rows }, null, 2));
    } finally {
      JSON.stringify = stringify;
    }
    // 3,000 items of 3 values: 1,024 values a run, so 4 runs (before, 3,000 calls, one per item).
    expect(calls).toBeLessThan(20);
  });
});
