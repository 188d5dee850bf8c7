import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiSearch } from './multi-search.js';

/** Every start offset where some keyword occurs, the slow obvious way. */
function naive(text: Buffer, keys: Buffer[], from: number): number[] {
  const out: number[] = [];
  for (let i = from; i < text.length; i++) if (keys.some((k) => text.subarray(i, i + k.length).equals(k))) out.push(i);
  return out;
}

describe('multiSearch', () => {
  it('finds every occurrence of every keyword, overlapping ones too', () => {
    const keys = ['104009', '007046', 'ERROR:', 'hung', 'abab'].map((k) => Buffer.from(k));
    const text = Buffer.from('x104009 007046ERROR:hung ababab 10400 ERROR hungry');
    expect(multiSearch(keys).find(text, 0)).toEqual(naive(text, keys, 0));
    expect(multiSearch(keys).find(text, 5)).toEqual(naive(text, keys, 5));
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
        expect(multiSearch(keys).find(text, start)).toEqual(naive(text, keys, start));
      },
    ), { numRuns: 3000 });
  });

  it('refuses one-byte keywords (the native search takes those)', () => {
    expect(() => multiSearch([Buffer.from('a'), Buffer.from('bc')])).toThrow(/two bytes/);
  });
});
