import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LineConsumer, MemberRef, SourceLine } from './lines.js';
import { LineScanner, MAX_LINE_BYTES } from './lines.js';
import type { RawBatch } from './raw-lines.js';
import { RawLineReader, RawLineWriter } from './raw-lines.js';

const member: MemberRef = { path: 'var/log/lifekeeper.log', input: 'lifekeeper-log', mtime: null };

interface Seen {
  byConsumer: SourceLine[][];
  lines: number;
  encodings: string[];
  truncated: number;
}

/** The scanner handing lines to its consumers in this thread. */
function direct(chunks: Buffer[], keywords: Array<string[] | null>, examine: number): Seen {
  const byConsumer = keywords.map((): SourceLine[] => []);
  let left = examine;
  const consumers: LineConsumer[] = keywords.map((k, i) => ({ keywords: k?.map((w) => Buffer.from(w, 'latin1')) ?? null, onLine: (l) => byConsumer[i]?.push(l) }));
  const scanner = new LineScanner(member, consumers, true, () => left-- > 0);
  for (const c of chunks) scanner.write(Buffer.from(c));
  scanner.end();
  return { byConsumer, lines: scanner.stats.lines, encodings: [...scanner.stats.encodings].sort(), truncated: scanner.stats.truncatedLines };
}

/** The same scanner writing raw lines, read back by a RawLineReader (as across threads: each batch a copy). */
function raw(chunks: Buffer[], keywords: Array<string[] | null>, examine: number): Seen & { calledHere: number; batches: RawBatch[] } {
  const byConsumer = keywords.map((): SourceLine[] => []);
  let calledHere = 0;
  let left = examine;
  const batches: RawBatch[] = [];
  const writer = new RawLineWriter((b) => batches.push({ bytes: b.bytes.slice(), records: b.records.slice() }));
  const here: LineConsumer[] = keywords.map((k) => ({ keywords: k?.map((w) => Buffer.from(w, 'latin1')) ?? null, onLine: () => calledHere++ }));
  const scanner = new LineScanner(member, here, true, () => left-- > 0, writer);
  // The stream reuses a chunk's memory once write returns: so does this test, to catch a copy looked up too late.
  const scratch = Buffer.alloc(Math.max(1, ...chunks.map((c) => c.length)));
  for (const c of chunks) {
    c.copy(scratch);
    scanner.write(scratch.subarray(0, c.length));
    scratch.fill(0x78);
  }
  scanner.end();
  writer.flush();
  const there: LineConsumer[] = keywords.map((k, i) => ({ keywords: null, onLine: (l) => byConsumer[i]?.push(l) }));
  const reader = new RawLineReader(member, there);
  for (const b of batches) reader.read(b);
  reader.end();
  return { byConsumer, lines: scanner.stats.lines, encodings: [...reader.encodings].sort(), truncated: scanner.stats.truncatedLines, calledHere, batches };
}

function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
  return [0, ...at].map((start, i) => bytes.subarray(start, at[i] ?? bytes.length));
}

describe('raw lines (a scanner writing kept lines as bytes, read back elsewhere)', () => {
  it('gives every consumer the same lines, numbers, texts and context as the scanner would, for any bytes, keywords and chunking', () => {
    const piece = fc.constantFrom('a', 'b', ':', '0', ' ', '\r', '\u00e9', '\u3042', '\0', 'x'.repeat(300), 'k');
    const line = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
    const sjis = Buffer.from([0x82, 0xa0, 0x20, 0x61]); // あ a in Shift_JIS
    fc.assert(fc.property(
      fc.array(fc.oneof(line, fc.constant('SJIS')), { maxLength: 30 }),
      fc.array(fc.option(fc.uniqueArray(fc.constantFrom('a', 'b:', '0 a', 'k', 'aa', 'ba', 'kkkkk', 'a:0 b'), { minLength: 1, maxLength: 4 }), { nil: null }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.nat({ max: 40 }),
      (lines, keywords, cuts, examine) => {
        const bytes = Buffer.concat(lines.map((l) => Buffer.concat([l === 'SJIS' ? sjis : Buffer.from(l), Buffer.from('\n')])));
        const chunks = chunked(bytes, cuts);
        const want = direct(chunks, keywords, examine);
        const got = raw(chunks, keywords, examine);
        expect(got.byConsumer).toEqual(want.byConsumer);
        expect(got.encodings).toEqual(want.encodings);
        expect([got.lines, got.truncated]).toEqual([want.lines, want.truncated]);
        // Nothing was handed to a watcher in the reading thread.
        expect(got.calledHere).toBe(0);
      },
    ), { numRuns: 1500 });
  });

  it('keeps lines past MAX_LINE_BYTES cut, with their length, and lines carried across chunks', () => {
    const long = `k ${'y'.repeat(MAX_LINE_BYTES + 100)}`;
    const bytes = Buffer.from(`a\nb\r\n${long}\r\nc k\nd\n${long}`);
    for (const cuts of [[], [3], [10, 70_000], [MAX_LINE_BYTES], [bytes.length - 5]]) {
      const chunks = chunked(bytes, cuts);
      const want = direct(chunks, [['k'], null], 1000);
      const got = raw(chunks, [['k'], null], 1000);
      expect(got.byConsumer).toEqual(want.byConsumer);
      expect(want.byConsumer[0]?.map((l) => l.bytes !== undefined && l.text.length === MAX_LINE_BYTES)).toEqual([true, false, true]);
    }
  });

  it('copies a line once as itself and as the context of its neighbours (bytes handed on, counted)', () => {
    // Five event lines in a row: each is the context of up to four others, and each is copied once.
    const lines = ['k1', 'k2', 'k3', 'k4', 'k5', 'z6', 'z7'];
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    const got = raw([bytes], [['k']], 1000);
    const handed = got.batches.reduce((n, b) => n + b.bytes.length, 0);
    expect(handed).toBe(lines.join('').length);
    expect(got.byConsumer[0]?.map((l) => [l.context.before, l.context.after])).toEqual([
      [[], ['k2', 'k3']], [['k1'], ['k3', 'k4']], [['k1', 'k2'], ['k4', 'k5']], [['k2', 'k3'], ['k5', 'z6']], [['k3', 'k4'], ['z6', 'z7']],
    ]);
  });
});
