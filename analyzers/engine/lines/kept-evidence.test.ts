import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeadTail } from '../run/bounded.js';
import type { Evidence } from '../plugin/findings.js';
import { HeadTailWithEvidence } from './kept-evidence.js';

interface Item {
  n: number;
  evidence: Evidence;
  after: string;
}

/**
 * Items over a member's lines as a watcher makes them: each line's evidence
 * with up to two lines before it, and an `after` array that the scanner fills
 * in as the next lines pass (here, as the next items are pushed), shared by
 * reference; a member that ends leaves the last items short of it.
 */
function stream(members: ReadonlyArray<readonly string[]>, push: (item: Item) => void): void {
  let n = 0;
  for (const [m, lines] of members.entries()) {
    const pending: string[][] = [];
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i] as string;
      for (const after of pending.splice(0)) {
        after.push(text);
        if (after.length < 2) pending.push(after);
      }
      const after: string[] = [];
      pending.push(after);
      push({ n: n++, evidence: { path: `log${m}`, line: i + 1, text, before: lines.slice(Math.max(0, i - 2), i), after }, after: 'last key' });
    }
  }
}

const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', 'May 13 01:00:01 sick1 lkscsid[60204]: INFO:lkscsid:::007046:lkscsid daemon pid:60204', 'リソース datarep-data を再同期しています', '\ud800 lone', 'x'.repeat(3000)),
);

describe('HeadTailWithEvidence', () => {
  it('keeps the same items as HeadTail, each with the same evidence, key for key, whatever the lines', () => {
    fc.assert(fc.property(fc.array(fc.array(anyText, { maxLength: 40 }), { maxLength: 4 }), fc.nat(6), fc.nat(12), (members, h, t) => {
      const plain = new HeadTail<Item>(h, t);
      const packed = new HeadTailWithEvidence<Item>(h, t);
      stream(members, (item) => plain.push(item));
      stream(members, (item) => packed.push(item));
      expect(JSON.stringify(packed.items())).toBe(JSON.stringify(plain.items()));
      expect(packed.total).toBe(plain.total);
      expect(packed.dropped).toBe(plain.dropped);
    }));
  });

  it('holds a tail item\'s evidence as bytes once its two lines after have come, and the head\'s as strings', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ログ`);
    const list = new HeadTailWithEvidence<Item>(10, 50);
    stream([lines], (item) => list.push(item));
    // The last two items still wait for their context (the member has not said it ended).
    expect(list.heldAsBytes).toBe(48);
    const items = list.items();
    expect(list.heldAsBytes).toBe(0);
    expect(items[10]?.evidence).toEqual({ path: 'log0', line: 51, text: 'line 50 ログ', before: ['line 48 ログ', 'line 49 ログ'], after: ['line 51 ログ', 'line 52 ログ'] });
    expect(items.at(-1)?.evidence).toEqual({ path: 'log0', line: 100, text: 'line 99 ログ', before: ['line 97 ログ', 'line 98 ログ'], after: [] });
  });

  it('grows its buffer for long lines and keeps a line with a lone surrogate as strings', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? `\udc00 ${i}` : `${i} `.padEnd(2000 + (i % 13), 'é')));
    const plain = new HeadTail<Item>(5, 400);
    const packed = new HeadTailWithEvidence<Item>(5, 400);
    stream([lines], (item) => plain.push(item));
    stream([lines], (item) => packed.push(item));
    expect(packed.heldAsBytes).toBeGreaterThan(100);
    expect(packed.heldAsBytes).toBeLessThan(400);
    expect(JSON.stringify(packed.items())).toBe(JSON.stringify(plain.items()));
  });
});
