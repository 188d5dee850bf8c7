import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiSearch } from './multi-search.js';

const BASE = 100;

/** Every occurrence of every keyword as start * BASE + index, the slow obvious way. */
function naive(text: Buffer, keys: Buffer[], from: number): number[] {
  const out: number[] = [];
  for (let i = from; i < text.length; i++) keys.forEach((k, j) => {
    if (text.subarray(i, i + k.length).equals(k)) out.push(i * BASE + j);
  });
  return out;
}

describe('multiSearch', () => {
  it('finds every occurrence of every keyword, overlapping ones and ones sharing a start too', () => {
    const keys = ['104009', '007046', 'ERROR:', 'hung', 'abab', 'ERROR:dr:'].map((k) => Buffer.from(k));
    const text = Buffer.from('x104009 007046ERROR:hung ababab 10400 ERROR hungry ERROR:dr:');
    expect(multiSearch(keys).find(text, 0, BASE)).toEqual(naive(text, keys, 0));
    expect(multiSearch(keys).find(text, 5, BASE)).toEqual(naive(text, keys, 5));
    const shared = multiSearch(keys).find(text, 0, BASE).filter((v) => Math.floor(v / BASE) === text.indexOf('ERROR:dr:'));
    expect(shared.map((v) => v % BASE)).toEqual([2, 5]);
  });

  it('tags occurrences with the ids it was given', () => {
    const keys = ['alpha', 'beta'].map((k) => Buffer.from(k));
    expect(multiSearch(keys, [7, 3]).find(Buffer.from('beta alpha'), 0, 10)).toEqual([3, 57]);
  });

  it('agrees with the naive search on any text and keywords', () => {
    const alphabet = fc.constantFrom(...'ab:0 \n'.split(''));
    fc.assert(fc.property(
      fc.array(fc.array(alphabet, { minLength: 2, maxLength: 5 }).map((a) => a.join('')), { minLength: 1, maxLength: 8 }),
      fc.array(alphabet, { maxLength: 300 }).map((a) => a.join('')),
      fc.nat(20),
      (ks, t, from) => {
        const keys = ks.map((k) => Buffer.from(k));
        const text = Buffer.from(t);
        const start = Math.min(from, text.length);
        expect(multiSearch(keys).find(text, start, BASE)).toEqual(naive(text, keys, start));
      },
    ), { numRuns: 3000 });
  });

  it('agrees with the naive search on texts long enough to be searched with two cursors, keywords across the middle too', () => {
    const alphabet = fc.constantFrom(...'ab:0 \n'.split(''));
    fc.assert(fc.property(
      fc.array(fc.array(alphabet, { minLength: 2, maxLength: 9 }).map((a) => a.join('')), { minLength: 1, maxLength: 8 }),
      fc.array(alphabet, { minLength: 1, maxLength: 60 }).map((a) => a.join('')),
      fc.integer({ min: 4096, max: 9000 }),
      fc.nat(5000),
      (ks, unit, length, from) => {
        const keys = ks.map((k) => Buffer.from(k));
        // A repeated unit with the keywords sprinkled in, one of them around the middle.
        const text = Buffer.from(unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
        for (const [i, k] of keys.entries()) k.copy(text, Math.min(text.length - k.length, Math.floor((text.length * (i + 1)) / (keys.length + 1))));
        const start = Math.min(from, text.length);
        const mid = start + ((text.length - start) >> 1);
        keys[0]?.copy(text, Math.max(0, mid - 1));
        expect(multiSearch(keys).find(text, start, BASE)).toEqual(naive(text, keys, start));
      },
    ), { numRuns: 300 });
  });

  it('refuses one-byte keywords (the native search takes those)', () => {
    expect(() => multiSearch([Buffer.from('a'), Buffer.from('bc')])).toThrow(/two bytes/);
  });
});
