import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MemberRef, SourceLine } from '../lines/lines.js';
import { evidenceOf } from '../lines/lines.js';
import type { Evidence } from '../plugin/findings.js';
import { HeadTail } from './bounded.js';
import { HeadTailOfLines } from './kept-lines.js';

const member: MemberRef = { path: 'var/log/lifekeeper.log', input: 'lifekeeper-log', mtime: null };

interface Item {
  n: number;
  time: string;
  evidence: Evidence;
  pid: number | null;
}

/**
 * Pushes items as a watcher does while the scanner runs: each line's `after`
 * context fills in with the lines that follow it (up to two), after the
 * item citing it was pushed; the member may end before it is full.
 */
function feed(texts: readonly string[], cited: readonly boolean[], lists: Array<{ push(item: Item): void }>): Item[][] {
  const pushed: Item[][] = lists.map(() => []);
  const pending: SourceLine[] = [];
  texts.forEach((text, i) => {
    for (const p of pending) if (p.context.after.length < 2) p.context.after.push(text);
    const line: SourceLine = { member, line: i + 1, text, context: { before: texts.slice(Math.max(0, i - 2), i), after: [] } };
    pending.push(line);
    if (!cited[i]) return;
    lists.forEach((list, k) => {
      const item: Item = { n: i, time: `t${i}`, evidence: evidenceOf(line), pid: i % 3 === 0 ? null : i };
      pushed[k]?.push(item);
      list.push(item);
    });
  });
  return pushed;
}

describe('HeadTailOfLines', () => {
  const text = fc.oneof(
    { weight: 6, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom('', 'x'.repeat(3000), 'a\ud800b', '\udc00', 'ログ行 日本語', 'ERROR:lcd.mes:::004217:Communication failure') },
  );

  it('keeps what HeadTail keeps, each item with an evidence equal to the one it was pushed with', () => {
    fc.assert(fc.property(fc.array(fc.tuple(text, fc.boolean()), { maxLength: 60 }), fc.nat(6), fc.nat(6), (lines, h, t) => {
      const plain = new HeadTail<Item>(h, t);
      const packed = new HeadTailOfLines<Item>(h, t);
      const texts = lines.map(([s]) => s);
      feed(texts, lines.map(([, c]) => c), [plain, packed]);
      const want = plain.items();
      const got = packed.items();
      expect(got).toEqual(want);
      // The report writes them in this key order.
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
      expect(packed.total).toBe(plain.total);
      expect(packed.dropped).toBe(plain.dropped);
      // Asked again, the same.
      expect(packed.items()).toEqual(want);
    }), { numRuns: 500 });
  });

  it('does not hold the evidence of the items in its tail: their lines are kept as bytes until items() is asked', () => {
    const list = new HeadTailOfLines<Item>(1, 3);
    const texts = ['first', 'second line', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];
    const [pushed = []] = feed(texts, texts.map(() => true), [list]);
    // The head keeps its item whole; the last two pushes wait for their context; the ones between went
    // through the tail packed (the first two of them since dropped).
    expect(pushed.map((item) => item.evidence === null)).toEqual([false, true, true, true, true, true, false, false]);
    const kept = list.items();
    expect(kept.map((item) => item.n)).toEqual([0, 5, 6, 7]);
    expect(kept[1]?.evidence).toEqual({ path: member.path, line: 6, text: 'sixth', before: ['fourth', 'fifth'], after: ['seventh', 'eighth'] });
  });

  it('keeps whole an item whose context is short or whose evidence is not a line of a member', () => {
    const list = new HeadTailOfLines<Item>(0, 4);
    const whole: Item = { n: 0, time: 't', pid: null, evidence: { path: 'core.lkscsid.1', line: 0, text: '(1 MiB)' } };
    const node: Item = { n: 1, time: 't', pid: null, evidence: { node: 'n1', path: 'p', line: 1, text: 'x', before: [], after: ['a', 'b'] } };
    const short: Item = { n: 2, time: 't', pid: null, evidence: { path: 'p', line: 2, text: 'y', before: ['a'], after: ['b'] } };
    for (const item of [whole, node, short, { ...short, n: 3 }, { ...short, n: 4 }]) list.push(item);
    expect([whole, node, short].map((i) => i.evidence === null)).toEqual([false, false, false]);
    expect(list.items().map((i) => i.n)).toEqual([1, 2, 3, 4]);
  });
});
