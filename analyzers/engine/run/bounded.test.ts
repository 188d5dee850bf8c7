import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeadTail } from './bounded.js';

describe('HeadTail', () => {
  it('keeps the first and the last items in order and counts the rest', () => {
    fc.assert(fc.property(fc.array(fc.integer()), fc.nat(5), fc.nat(5), (xs, h, t) => {
      const list = new HeadTail<number>(h, t);
      for (const x of xs) list.push(x);
      const kept = xs.length <= h + t ? xs : [...xs.slice(0, h), ...(t > 0 ? xs.slice(-t) : [])];
      expect(list.items()).toEqual(kept);
      expect(list.total).toBe(xs.length);
      expect(list.dropped).toBe(xs.length - kept.length);
    }));
  });
});
