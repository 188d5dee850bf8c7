import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchEngine } from './multi-search.js';
import { Hits, multiSearch, simdSearchAvailable } from './multi-search.js';
import { OUT_CAPACITY, SEGMENT_BYTES, kernelBytes, makeKernel } from './teddy-kernel.js';

const BASE = 100;

/** Every occurrence of every keyword as start * BASE + index, the slow obvious way. */
function naive(text: Buffer, keys: Buffer[], from: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, from); i < text.length; i++) keys.forEach((k, j) => {
    if (text.subarray(i, i + k.length).equals(k)) out.push(i * BASE + j);
  });
  return out;
}

describe('the SIMD engine', () => {
  it('runs here: Node 20 has WebAssembly SIMD, so the tests below test it', () => {
    expect(simdSearchAvailable()).toBe(true);
    expect(multiSearch([Buffer.from('ab')]).constructor.name).toBe('Teddy');
  });

  it('is not used where WebAssembly or its SIMD instructions are missing', () => {
    expect(makeKernel(undefined)).toBeNull();
    const noSimd = { validate: () => false, Module: class {}, Instance: class { exports = {}; } };
    expect(makeKernel(noSimd)).toBeNull();
    expect(multiSearch([Buffer.from('ab')], undefined, 'js').constructor.name).toBe('WuManber');
  });

  it('is a valid module, made the same every time', () => {
    const api = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(api.validate(kernelBytes())).toBe(true);
    expect(Buffer.from(kernelBytes()).equals(Buffer.from(kernelBytes()))).toBe(true);
  });
});

describe('a text that defeats the prefilter', () => {
  // Keywords that share their bytes, and a text made of their pieces: most
  // places pass the nibble tables, so most comparisons are in vain.
  const keys = ['000123', '001230', '012300', '123000', '230001', '300012', '000321', '003210'].map((k) => Buffer.from(k));
  const pieces = Buffer.from('0001230012300123000 0032100003210 1230002300013000120 '.repeat(40_000));

  it('goes to Wu-Manber for a while, with the same answers, and back to the prefilter after', () => {
    const search = multiSearch(keys, undefined, 'wasm');
    expect(search.engineNext()).toBe('wasm');
    const chunk = pieces.subarray(0, SEGMENT_BYTES);
    const expected = naive(chunk, keys, 0);
    // The fingerprints are chosen again from it first (at most three times), then it gives up.
    for (let i = 0; i < 5 && search.engineNext() === 'wasm'; i++) expect(search.find(chunk, 0, BASE)).toEqual(expected);
    expect(search.engineNext()).toBe('js');
    expect(search.find(chunk, 0, BASE)).toEqual(expected);
    let texts = 1;
    while (search.engineNext() === 'js' && texts < 1000) {
      search.find(Buffer.from('nothing here\n'), 0, BASE);
      texts++;
    }
    expect(search.engineNext()).toBe('wasm');
    expect(texts).toBeGreaterThan(2);
    expect(texts).toBeLessThan(1000);
  });

  it('does not on a log whose keywords are rare', () => {
    const search = multiSearch(keys, undefined, 'wasm');
    const log = Buffer.from('Nov 28 14:10:49 node1 lifekeeper[1234]: INFO:lcd.recover:event:000123:something happened\n'.repeat(20_000));
    expect(search.find(log, 0, BASE)).toEqual(naive(log, keys, 0));
    expect(search.engineNext()).toBe('wasm');
  });
});

const ENGINES: SearchEngine[] = ['js', 'wasm'];

describe.each(ENGINES)('multiSearch (%s)', (engine) => {
  const search = (keys: readonly Buffer[], ids?: number[]) => multiSearch(keys, ids, engine);

  it('finds every occurrence of every keyword, overlapping ones and ones sharing a start too', () => {
    const keys = ['104009', '007046', 'ERROR:', 'hung', 'abab', 'ERROR:dr:'].map((k) => Buffer.from(k));
    const text = Buffer.from('x104009 007046ERROR:hung ababab 10400 ERROR hungry ERROR:dr:');
    expect(search(keys).find(text, 0, BASE)).toEqual(naive(text, keys, 0));
    expect(search(keys).find(text, 5, BASE)).toEqual(naive(text, keys, 5));
    const shared = search(keys).find(text, 0, BASE).filter((v) => Math.floor(v / BASE) === text.indexOf('ERROR:dr:'));
    expect(shared.map((v) => v % BASE)).toEqual([2, 5]);
  });

  it('tags occurrences with the ids it was given', () => {
    const keys = ['alpha', 'beta'].map((k) => Buffer.from(k));
    expect(search(keys, [7, 3]).find(Buffer.from('beta alpha'), 0, 10)).toEqual([3, 57]);
  });

  it('matches bytes exactly: case, bytes above 127 and NUL are bytes like any other', () => {
    const keys = [Buffer.from('Error'), Buffer.from('ERROR'), Buffer.from([0xe3, 0x81, 0x82]), Buffer.from([0, 0xff])];
    const text = Buffer.concat([Buffer.from('error Error eRROR ERROR '), Buffer.from([0xe3, 0x81, 0x82, 0xe3, 0x81, 0x83, 0, 0xff, 0xff, 0])]);
    expect(search(keys).find(text, 0, BASE)).toEqual(naive(text, keys, 0));
    expect(search(keys).find(text, 0, BASE)).toHaveLength(4);
  });

  it('finds keywords at the very start and end of the text, and nothing in an empty or too short one', () => {
    const keys = ['ab', 'xyz', 'abcde'].map((k) => Buffer.from(k));
    for (const t of ['', 'a', 'ab', 'xyz', 'abcde', 'abcdexyz', 'xyzab']) {
      const text = Buffer.from(t);
      expect(search(keys).find(text, 0, BASE)).toEqual(naive(text, keys, 0));
    }
    expect(search(keys).find(Buffer.from('ab'), 5, BASE)).toEqual([]);
  });

  it('agrees with the naive search on any text and keywords', () => {
    const alphabet = fc.constantFrom(...'ab:0 \nA\u00ff\u0000'.split(''));
    fc.assert(fc.property(
      fc.array(fc.array(alphabet, { minLength: 2, maxLength: 5 }).map((a) => a.join('')), { minLength: 1, maxLength: 8 }),
      fc.array(alphabet, { maxLength: 300 }).map((a) => a.join('')),
      fc.nat(20),
      (ks, t, from) => {
        const keys = ks.map((k) => Buffer.from(k, 'latin1'));
        const text = Buffer.from(t, 'latin1');
        const start = Math.min(from, text.length);
        expect(search(keys).find(text, start, BASE)).toEqual(naive(text, keys, start));
      },
    ), { numRuns: 3000 });
  });

  it('agrees with the naive search on any byte and many keywords (more than buckets)', () => {
    fc.assert(fc.property(
      fc.array(fc.uint8Array({ minLength: 2, maxLength: 12 }), { minLength: 1, maxLength: 40 }),
      fc.uint8Array({ maxLength: 400, size: 'max' }),
      (ks, t) => {
        const keys = ks.map((k) => Buffer.from(k));
        // Keywords sprinkled in, so that there is something to find.
        const text = Buffer.concat([Buffer.from(t), ...keys.slice(0, 5), Buffer.from(t).subarray(0, 7)]);
        expect(search(keys).find(text, 0, BASE)).toEqual(naive(text, keys, 0));
      },
    ), { numRuns: 1500 });
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
        expect(search(keys).find(text, start, BASE)).toEqual(naive(text, keys, start));
      },
    ), { numRuns: 300 });
  });

  it('finds keywords across the ends of the segments the SIMD engine copies, and past more candidates than it hands over at once', () => {
    const keys = ['needle', 'aab', 'xxxxxxxy'].map((k) => Buffer.from(k));
    const text = Buffer.alloc(2 * SEGMENT_BYTES + 1000, 'a');
    for (const at of [0, SEGMENT_BYTES - 3, SEGMENT_BYTES - 1, SEGMENT_BYTES, 2 * SEGMENT_BYTES - 5, text.length - 6]) text.write('needle', at, 'latin1');
    text.write('xxxxxxxy', SEGMENT_BYTES - 4, 'latin1');
    // A run of "aab" far more often than the kernel's answer area holds candidates.
    for (let i = 100; i < 100 + 3 * (OUT_CAPACITY + 50); i += 3) text.write('aab', i, 'latin1');
    const expected = naive(text, keys, 0);
    expect(expected.length).toBeGreaterThan(OUT_CAPACITY);
    expect(search(keys).find(text, 0, BASE)).toEqual(expected);
    expect(search(keys).find(text, SEGMENT_BYTES - 2, BASE)).toEqual(naive(text, keys, SEGMENT_BYTES - 2));
  });

  it('gives the same answers whatever text it saw first (the SIMD engine chooses its fingerprints from it)', () => {
    const keys = ['INFO:dr:', 'ERROR:', '010021', '104009', 'restore of'].map((k) => Buffer.from(k));
    const line = 'May 13 01:00:00 n1 lk[11322]: INFO:RKActionHandler:quickCheck:ip-1:000000:quickCheck done (sequence 1)\n';
    const common = Buffer.from(line.repeat(2000));
    const rare = Buffer.from(`${line}ERROR:x:010021: restore of "ip" INFO:dr:y 104009\n`.repeat(3000));
    for (const first of [common, rare]) {
      const s = search(keys);
      s.find(first, 0, BASE);
      // Two searches in turn: each puts its own tables in the kernel's memory.
      const other = search([Buffer.from('quickCheck'), Buffer.from('000000')]);
      expect(s.find(rare, 0, BASE)).toEqual(naive(rare, keys, 0));
      expect(other.find(common, 0, BASE).length).toBe(6000);
      expect(s.find(common, 0, BASE)).toEqual([]);
      expect(s.find(rare, 17, BASE)).toEqual(naive(rare, keys, 17));
    }
  });

  it('counts line breaks in any range of the text it searched last, of another text, and of one changed since', () => {
    fc.assert(fc.property(
      fc.uint8Array({ maxLength: 3000, size: 'max' }).map((a) => Buffer.from(a.map((b) => (b % 5 === 0 ? 10 : b)))),
      fc.nat(),
      fc.nat(),
      (text, x, y) => {
        const [from, to] = [x % (text.length + 1), y % (text.length + 1)].sort((a, b) => a - b) as [number, number];
        const naiveCount = (t: Buffer) => [...t.subarray(from, to)].filter((b) => b === 10).length;
        const s = search([Buffer.from('xyz'), Buffer.from('abc')]);
        s.find(text, 0, BASE);
        expect(s.newlines(text, from, to)).toBe(naiveCount(text));
        const other = Buffer.from(text).reverse();
        expect(s.newlines(other, from, to)).toBe(naiveCount(other));
        s.find(text, from, BASE);
        expect(s.newlines(text, from, to)).toBe(naiveCount(text));
      },
    ), { numRuns: 1000 });
    const long = Buffer.alloc(SEGMENT_BYTES + 5000, 10);
    const s = search([Buffer.from('xyz'), Buffer.from('abc')]);
    s.find(long, 0, BASE);
    // The kernel's memory holds the last segment only: ranges before it are counted in JavaScript.
    expect(s.newlines(long, 0, long.length)).toBe(long.length);
    expect(s.newlines(long, SEGMENT_BYTES + 1, long.length - 1)).toBe(5000 - 2);
  });

  it('refuses one-byte keywords (the native search takes those)', () => {
    expect(() => search([Buffer.from('a'), Buffer.from('bc')])).toThrow(/two bytes/);
  });
});

describe('hits put where the caller keeps them', () => {
  it('findInto gives what find gives, into one Hits refilled for every text: its buffer is made once, not per text', () => {
    const keys = ['alpha', 'beta:', '007046'].map((k) => Buffer.from(k));
    const texts = [
      Buffer.from('x alpha beta: 007046\n'.repeat(3000)),
      Buffer.from('nothing here\n'.repeat(100)),
      Buffer.from('alpha 007046 alpha\n'.repeat(2000)),
    ];
    for (const engine of ['wasm', 'js'] as const) {
      const search = multiSearch(keys, undefined, engine);
      const hits = new Hits();
      let buffers = 0;
      let last: Float64Array | null = null;
      for (const round of [0, 1]) {
        for (const text of texts) {
          hits.count = 0;
          search.findInto(text, 0, BASE, hits);
          expect(hits.toArray(), `${engine} ${round}`).toEqual(search.find(text, 0, BASE));
          if (hits.values !== last) buffers++;
          last = hits.values;
        }
      }
      // It grew to the largest text's hits in the first round, and the second round made none.
      expect(buffers).toBeLessThanOrEqual(5);
      const grown = hits.values;
      for (const text of texts) {
        hits.count = 0;
        search.findInto(text, 0, BASE, hits);
      }
      expect(hits.values).toBe(grown);
    }
  });
});
