import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeJson } from './json-stream.js';

async function collect(value: unknown, batch?: number): Promise<string> {
  let text = '';
  const sink = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      setImmediate(cb);
    },
  });
  await writeJson(value, sink, batch);
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
