// Finds where any of several byte strings occur in a buffer in one pass
// (Wu-Manber, blocks of two bytes): it skips ahead by up to the shortest
// keyword's length less one, and allocates nothing but its answer. Measured
// here on 64 MiB of syslog: 8 keywords at 666 MB/s and 30 at 619 MB/s, against
// 245 and 188 MB/s for one regex over a latin1 copy of each chunk.

export interface MultiSearch {
  /**
   * Every occurrence of every keyword in `text` from `from` on, in order of
   * its start, as `start * base + id` (ids from `multiSearch`, all below
   * `base`): one number says where and which, and sorts by where.
   */
  find(text: Uint8Array, from: number, base: number): number[];
}

/**
 * Texts shorter than this are searched with one cursor: below it, splitting
 * gains nothing worth the second answer array.
 */
const TWO_CURSORS_FROM = 4096;

/** The hash of three bytes that end a window, for the bitset checked before the candidates. */
const tripleHash = (a: number, b: number, c: number): number => ((a << 10) ^ (b << 5) ^ c) & 0xffff;

/** `ids[i]` names `keywords[i]` in what `find` returns (default: i). */
export function multiSearch(keywords: readonly Uint8Array[], ids: readonly number[] = keywords.map((_, i) => i)): MultiSearch {
  return new WuManber(keywords, ids);
}

/**
 * A class, not closures: every search (one per keyword set) then runs the
 * same functions on objects of one shape. With closures, each keyword set
 * had its own `check`, and the optimized search, inlining one set's, was
 * thrown away at each member of the other input (a log alternating with
 * syslog): 9 deoptimizations in a run of the 69.5 MB bench archive.
 */
let warmedUp = false;

class WuManber implements MultiSearch {
  private readonly m: number;
  private readonly shift: Uint8Array;
  private readonly first = new Int32Array(65537);
  private readonly candidates: Uint8Array[] = [];
  private readonly candidateIds: number[] = [];
  private readonly triples = new Int32Array(2048);

  constructor(keywords: readonly Uint8Array[], ids: readonly number[]) {
    const m = Math.min(...keywords.map((k) => k.length));
    if (!Number.isFinite(m) || m < 2) throw new Error('multi-search needs keywords of at least two bytes');
    this.m = m;
    const shift = new Uint8Array(65536).fill(Math.min(255, m - 1));
    this.shift = shift;
    const byBlock = new Map<number, Array<{ k: Uint8Array; id: number }>>();
    keywords.forEach((k, index) => {
      for (let j = 1; j < m; j++) {
        const h = ((k[j - 1] ?? 0) << 8) | (k[j] ?? 0);
        const s = m - 1 - j;
        if (s < (shift[h] ?? 255)) shift[h] = s;
        if (s === 0) byBlock.set(h, [...(byBlock.get(h) ?? []), { k, id: ids[index] ?? index }]);
      }
    });
    // The keywords to check at a block that ends a shortest-keyword window, as
    // flat arrays indexed by the block (candidates[first[h]] up to first[h + 1]):
    // a Map lookup there was a third of the search on lifekeeper.log, whose
    // timestamps and pids are full of the blocks of six-digit message ids.
    for (let h = 0; h < 65536; h++) {
      this.first[h] = this.candidates.length;
      for (const { k, id } of byBlock.get(h) ?? []) {
        this.candidates.push(k);
        this.candidateIds.push(id);
      }
    }
    this.first[65536] = this.candidates.length;
    // The last three bytes of each window, as a bitset: on lifekeeper.log one
    // window in 25 bytes ends in the two digits of some message id (timestamps,
    // pids), and the third digit rules out most of them before the candidates'
    // loop (the search 1.3 times faster there). Keywords of two bytes have no
    // third: every triple passes then.
    if (m < 3) this.triples.fill(-1);
    else {
      for (const k of keywords) {
        const t = tripleHash(k[m - 3] ?? 0, k[m - 2] ?? 0, k[m - 1] ?? 0);
        this.triples[t >> 5] = (this.triples[t >> 5] ?? 0) | (1 << (t & 31));
      }
    }
    if (!warmedUp) {
      warmedUp = true;
      this.warmUp(keywords);
    }
  }

  /**
   * Runs every path of the search once, hits included, before V8 optimizes
   * it: a path first taken in optimized code (the first hit, the second
   * cursor's first hit, the tail) lacked type feedback and threw the
   * optimized search away, and with it the scanner it was inlined in, 13
   * times in a run of the large bench archive (each recompiling the scanner,
   * 60 to 90 ms of a compiler thread).
   */
  private warmUp(keywords: readonly Uint8Array[]): void {
    // A Buffer, as the scanner's chunks are: a plain Uint8Array has another map, and the search optimized for it was thrown away at the first chunk.
    const text = Buffer.alloc(2 * TWO_CURSORS_FROM + 64, 0x20);
    for (const at of [0, TWO_CURSORS_FROM + 8, text.length - 32]) {
      let i = at;
      for (const k of keywords.slice(0, 4)) {
        if (i + k.length > text.length) break;
        text.set(k, i);
        i += k.length;
      }
    }
    // V8 keeps no type feedback for a function's first few calls (it allocates it lazily).
    for (let i = 0; i < 16; i++) {
      this.find(text, 0, 1);
      this.find(text.subarray(0, 64), 0, 1);
    }
  }

  find(text: Uint8Array, from: number, base: number): number[] {
    const n = text.length;
    const m = this.m;
    const shift = this.shift;
    const out: number[] = [];
    if (n - from < TWO_CURSORS_FROM) {
      this.run(text, from + m - 1, n, base, out);
      return out;
    }
    // Two cursors, over the first and the second half, advanced in turn:
    // each step waits on a load from the 64 KiB shift table (the step's
    // latency, not its work, is the cost), and two independent chains
    // overlap those waits. Measured on 150 MB of syslog: 600 to 1050 MB/s.
    // The first cursor takes the windows that start before the middle (a
    // keyword may run past it), the second those from it on, so their
    // answers, joined, are in order.
    const mid = from + ((n - from) >> 1);
    const second: number[] = [];
    let a = from + m - 1;
    const endA = mid + m - 1;
    let b = mid + m - 1;
    while (a < endA && b < n) {
      const ha = ((text[a - 1] as number) << 8) | (text[a] as number);
      const hb = ((text[b - 1] as number) << 8) | (text[b] as number);
      const sa = shift[ha] as number;
      const sb = shift[hb] as number;
      if (sa !== 0) a += sa;
      else {
        this.check(text, a, ha, base, out);
        a++;
      }
      if (sb !== 0) b += sb;
      else {
        this.check(text, b, hb, base, second);
        b++;
      }
    }
    this.run(text, a, endA, base, out);
    this.run(text, b, n, base, second);
    for (const v of second) out.push(v);
    return out;
  }

  /** One cursor over the windows ending before `end`. */
  private run(text: Uint8Array, pos: number, end: number, base: number, out: number[]): void {
    const shift = this.shift;
    while (pos < end) {
      const h = ((text[pos - 1] as number) << 8) | (text[pos] as number);
      const s = shift[h] as number;
      if (s !== 0) pos += s;
      else {
        this.check(text, pos, h, base, out);
        pos++;
      }
    }
  }

  /** The keywords that occur at the window ending at `pos` (whose block is `h`), appended to `out`. */
  private check(text: Uint8Array, pos: number, h: number, base: number, out: number[]): void {
    const t = tripleHash(text[pos - 2] ?? 0, text[pos - 1] as number, text[pos] as number);
    if (((this.triples[t >> 5] as number) & (1 << (t & 31))) === 0) return;
    const n = text.length;
    const start = pos - this.m + 1;
    const candidates = this.candidates;
    for (let c = this.first[h] as number, end = this.first[h + 1] as number; c < end; c++) {
      const k = candidates[c] as Uint8Array;
      const len = k.length;
      // The first byte rules out most candidates before the loop.
      if (start + len > n || text[start] !== k[0]) continue;
      let i = 1;
      while (i < len && text[start + i] === k[i]) i++;
      if (i === len) out.push(start * base + (this.candidateIds[c] as number));
    }
  }
}
