// Finds where any of several byte strings occur in a buffer in one pass, and
// allocates nothing but its answer. Two engines give the same answers:
// - Teddy (where WebAssembly SIMD is present: Node 20, Electron): a SIMD
//   prefilter over 16 positions at a time (teddy-kernel.ts) says where a
//   keyword may start, and each such place is checked here byte for byte.
// - Wu-Manber, blocks of two bytes (the fallback, all JavaScript): it skips
//   ahead by up to the shortest keyword's length less one.
// Measured on the bench's logs: see docs/performance.md.
import { BUCKETS, FINGERPRINT_BYTES, MASKS, OUT, OUT_CAPACITY, OUT_END_AT, SEGMENT, SEGMENT_BYTES, teddyKernel } from './teddy-kernel.js';
import type { Kernel } from './teddy-kernel.js';

/**
 * Numbers appended one by one into a growing Float64Array, kept and refilled
 * for every chunk (`count = 0`): an array per chunk and its growth by pushes
 * were 56 of the 731 MB the event-heavy bench archive allocated.
 */
export class Hits {
  values = new Float64Array(1024);
  count = 0;

  push(v: number): void {
    if (this.count === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.count++] = v;
  }

  /** Sorts values[from, count) in ascending order. */
  sortFrom(from: number): void {
    this.values.subarray(from, this.count).sort();
  }

  toArray(): number[] {
    return Array.from(this.values.subarray(0, this.count));
  }
}

export interface MultiSearch {
  /**
   * Every occurrence of every keyword in `text` from `from` on, as
   * `start * base + id` (ids from `multiSearch`, all below `base`), in
   * ascending order: one number says where and which, and sorts by where.
   */
  find(text: Uint8Array, from: number, base: number): number[];
  /** What find returns, appended to `out` (the scanner's, reused for every chunk). */
  findInto(text: Uint8Array, from: number, base: number, out: Hits): void;
  /**
   * The line breaks ('\n') in text[from, to). Counted in the kernel's memory,
   * without a copy, when text is what this thread's last find searched there
   * (the scanner asks about the chunk it has just searched), so text must be
   * unchanged since; else counted here.
   */
  newlines(text: Uint8Array, from: number, to: number): number;
  /** The engine the next find runs (the SIMD one hands a text that defeats it to Wu-Manber for a while). */
  engineNext(): 'wasm' | 'js';
}

/** The line breaks in text[from, to), one memchr at a time (the fallback). */
export function countNewlines(text: Uint8Array, from: number, to: number): number {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  let count = 0;
  for (let i = buf.indexOf(10, from); i >= 0 && i < to; i = buf.indexOf(10, i + 1)) count++;
  return count;
}

/** Which engine: the SIMD one where present (default), or either on purpose (tests, benchmarks). */
export type SearchEngine = 'auto' | 'wasm' | 'js';

/** Whether this thread can run the SIMD engine. */
export function simdSearchAvailable(): boolean {
  return teddyKernel() !== null;
}

/** `ids[i]` names `keywords[i]` in what `find` returns (default: i). */
export function multiSearch(keywords: readonly Uint8Array[], ids: readonly number[] = keywords.map((_, i) => i), engine: SearchEngine = 'auto'): MultiSearch {
  const m = Math.min(...keywords.map((k) => k.length));
  if (!Number.isFinite(m) || m < 2) throw new Error('multi-search needs keywords of at least two bytes');
  const kernel = engine === 'js' ? null : teddyKernel();
  if (engine === 'wasm' && !kernel) throw new Error('multi-search: WebAssembly SIMD is missing here');
  return kernel ? new Teddy(keywords, ids, kernel) : new WuManber(keywords, ids);
}

/** What the kernel's memory holds at SEGMENT: heldText[heldStart, heldStart + heldLength), copied by the last find. */
let heldText: Uint8Array | null = null;
let heldStart = 0;
let heldLength = 0;

/** The tables in the kernel's memory now (each search's find puts its own there when another's are). */
let loadedMasks: Uint8Array | null = null;

/** Bytes of text sampled to choose the fingerprints (see Teddy.tune). */
const SAMPLE_BYTES = 64 * 1024;
/** The sample's commonest three-byte strings that the choice of buckets weighs (the rest hold little of it). */
const SAMPLE_TOP = 1024;
/** The table they are counted in: more slots than a sample has places, so it never fills. */
const TABLE_BITS = 17;
const TABLE_SLOTS = 1 << TABLE_BITS;
/** A segment with more candidates in vain than one per this many bytes has the fingerprints chosen again from it, at most RETUNES times. */
const RETUNE_BELOW = 64;
const RETUNES = 3;
/**
 * Keyword comparisons in vain past one per this many bytes, once the
 * fingerprints have been chosen again RETUNES times: this text defeats the
 * prefilter (a text made of keywords' pieces: the JavaScript search ran 117
 * against the prefilter's 76 MB/s there), so the next JS_CHUNKS texts are
 * searched by Wu-Manber, and then the prefilter is tried again.
 */
const GIVE_UP_BELOW = 16;
const JS_CHUNKS = 64;

/**
 * The SIMD engine. Each keyword gets a fingerprint, FINGERPRINT_BYTES of it
 * at an offset of its choosing, and a bucket. A bucket's tables let through
 * every combination of its fingerprints' nibbles at each place (so "010021"
 * and "104009" together also let "000" through), so which bytes and which
 * buckets decides how many places are checked in vain: on lifekeeper.log,
 * whose every line has "INFO:" and "000000", the first bytes of each keyword
 * gave 44,000 candidates a MB and ran at a third of the JavaScript search's
 * speed. So they are chosen from the text: the first text searched (and a
 * text where candidates turn out many, a few times) is sampled, each keyword
 * takes its rarest three bytes there, and buckets are merged, from one per
 * distinct fingerprint, two at a time, those whose merge lets the fewest
 * sampled places through. The choice changes the speed only, never the
 * answer: every candidate is checked byte for byte.
 */
class Teddy implements MultiSearch {
  private readonly masks = new Uint8Array(FINGERPRINT_BYTES * 2 * 16);
  private bucketOf: Uint8Array;
  /** Where each keyword's fingerprint starts in it. */
  private offsetOf: Int32Array;
  /** For each set of buckets (a byte), the keywords (indexes) in them; made when first seen. */
  private inBuckets: Array<Int32Array | undefined> = new Array<Int32Array | undefined>(256);
  private sampled = false;
  private retunes = 0;
  /** Wu-Manber, made when a text defeats the prefilter, and how many more texts it searches. */
  private fallback: WuManber | null = null;
  private fallbackTexts = 0;

  constructor(
    private readonly keywords: readonly Uint8Array[],
    private readonly ids: readonly number[],
    private readonly kernel: Kernel,
  ) {
    this.offsetOf = new Int32Array(keywords.length);
    this.bucketOf = new Uint8Array(keywords.length);
    this.tune(null);
  }

  /** Chooses fingerprints and buckets from a sample of text (null: none yet, the keywords' first bytes) and writes the tables. */
  private tune(sample: Uint8Array | null): void {
    const counts = sample ? windowCounts(sample, this.keywords) : null;
    this.keywords.forEach((k, index) => {
      let best = 0;
      if (counts) {
        let fewest = Infinity;
        for (let o = 0; o + FINGERPRINT_BYTES <= k.length; o++) {
          const c = counts.get(trigram(k, o)) ?? 0;
          if (c < fewest) {
            fewest = c;
            best = o;
          }
        }
      }
      this.offsetOf[index] = best;
    });
    this.bucketOf = assignBuckets(this.keywords.map((k, i) => k.subarray(this.offsetOf[i] as number)), sample);
    this.inBuckets = new Array<Int32Array | undefined>(256);
    this.masks.fill(0);
    this.keywords.forEach((k, index) => {
      const bit = 1 << (this.bucketOf[index] as number);
      const offset = this.offsetOf[index] as number;
      for (let j = 0; j < FINGERPRINT_BYTES; j++) {
        const b = k[offset + j];
        for (let x = 0; x < 16; x++) {
          // A keyword shorter than the fingerprint: any byte may follow it.
          if (b === undefined || (b & 15) === x) this.masks[32 * j + x] = (this.masks[32 * j + x] as number) | bit;
          if (b === undefined || b >> 4 === x) this.masks[32 * j + 16 + x] = (this.masks[32 * j + 16 + x] as number) | bit;
        }
      }
    });
    if (loadedMasks === this.masks) loadedMasks = null;
  }

  engineNext(): 'wasm' | 'js' {
    return this.fallbackTexts > 0 ? 'js' : 'wasm';
  }

  private keywordsIn(buckets: number): Int32Array {
    const list = Int32Array.from(this.keywords.flatMap((_, i) => ((buckets >> (this.bucketOf[i] as number)) & 1 ? [i] : [])));
    this.inBuckets[buckets] = list;
    return list;
  }

  find(text: Uint8Array, from: number, base: number): number[] {
    const out = new Hits();
    this.findInto(text, from, base, out);
    return out.toArray();
  }

  findInto(text: Uint8Array, from: number, base: number, out: Hits): void {
    if (this.fallbackTexts > 0) {
      this.fallbackTexts--;
      // The kernel's memory no longer holds what this text's lines are counted from.
      heldText = null;
      (this.fallback ??= new WuManber(this.keywords, this.ids)).findInto(text, from, base, out);
      return;
    }
    const first = out.count;
    const n = text.length;
    from = Math.max(0, from);
    if (!this.sampled && n - from >= SAMPLE_BYTES / 4) {
      this.sampled = true;
      this.tune(text.subarray(from, from + SAMPLE_BYTES));
    }
    const kernel = this.kernel;
    const memory = kernel.bytes;
    const words = kernel.words;
    const keywords = this.keywords;
    const offsetOf = this.offsetOf;
    let last = -1;
    let ordered = true;
    for (let segment = from; segment < n; segment += SEGMENT_BYTES) {
      if (loadedMasks !== this.masks) {
        memory.set(this.masks, MASKS);
        loadedMasks = this.masks;
      }
      const length = Math.min(SEGMENT_BYTES, n - segment);
      // The fingerprint of a place near the end reads past it: copy those bytes too.
      memory.set(text.subarray(segment, Math.min(n, segment + length + FINGERPRINT_BYTES - 1)), SEGMENT);
      heldText = text;
      heldStart = segment;
      heldLength = length;
      const end = SEGMENT + length;
      let candidates = 0;
      let checks = 0;
      const hitsBefore = out.count;
      for (let p = SEGMENT; p < end;) {
        p = kernel.scan(p, end, OUT + OUT_CAPACITY * 4);
        const stop = (words[OUT_END_AT >> 2] as number) >> 2;
        candidates += stop - (OUT >> 2);
        for (let w = OUT >> 2; w < stop; w++) {
          const candidate = words[w] as number;
          const at = (candidate >>> 8) - SEGMENT;
          // In order: a candidate past the end (the last block reads bytes of no text) ends the list.
          if (at >= length) break;
          const list = this.inBuckets[candidate & 255] ?? this.keywordsIn(candidate & 255);
          checks += list.length;
          for (let c = 0; c < list.length; c++) {
            const index = list[c] as number;
            const k = keywords[index] as Uint8Array;
            const len = k.length;
            const start = segment + at - (offsetOf[index] as number);
            if (start < from || start + len > n) continue;
            let i = 0;
            while (i < len && text[start + i] === k[i]) i++;
            if (i === len) {
              const v = start * base + (this.ids[index] as number);
              if (v < last) ordered = false;
              last = v;
              out.push(v);
            }
          }
        }
      }
      // Candidates in vain (not hits) past one in RETUNE_BELOW bytes: this text is not like the sample.
      // Not that, but keyword comparisons in vain past one in GIVE_UP_BELOW bytes: it defeats the prefilter.
      if ((candidates - (out.count - hitsBefore)) * RETUNE_BELOW > length && length >= SAMPLE_BYTES && this.retunes < RETUNES) {
        this.retunes++;
        this.tune(text.subarray(segment, segment + SAMPLE_BYTES));
      } else if ((checks - (out.count - hitsBefore)) * GIVE_UP_BELOW > length) this.fallbackTexts = JS_CHUNKS;
    }
    // Fingerprints at different offsets find keywords out of their starts' order (rarely: hits are rare).
    if (!ordered) out.sortFrom(first);
  }

  newlines(text: Uint8Array, from: number, to: number): number {
    if (from >= to) return 0;
    if (text === heldText && from >= heldStart && to <= heldStart + heldLength) return this.kernel.count(SEGMENT + from - heldStart, SEGMENT + to - heldStart);
    return countNewlines(text, from, to);
  }
}

/** The three bytes of k from o on, as one number (b0 << 16 | b1 << 8 | b2). */
function trigram(k: Uint8Array, o: number): number {
  return ((k[o] as number) << 16) | ((k[o + 1] as number) << 8) | (k[o + 2] as number);
}

/**
 * How often each three-byte string of the keywords occurs in the sample. One
 * pass, each place ruled out first by its last two bytes (a table of 64 Ki
 * flags): the places of a log's commonest strings then cost two loads.
 */
function windowCounts(sample: Uint8Array, keywords: readonly Uint8Array[]): Map<number, number> {
  const counts = new Map<number, number>();
  const maybe = new Uint8Array(65536);
  for (const k of keywords) {
    for (let o = 0; o + FINGERPRINT_BYTES <= k.length; o++) {
      const t = trigram(k, o);
      counts.set(t, 0);
      maybe[t & 0xffff] = 1;
    }
  }
  for (let i = 0; i + 2 < sample.length; i++) {
    if (maybe[((sample[i + 1] as number) << 8) | (sample[i + 2] as number)] === 0) continue;
    const t = trigram(sample, i);
    const c = counts.get(t);
    if (c !== undefined) counts.set(t, c + 1);
  }
  return counts;
}

/**
 * A bucket while they are made: the nibbles allowed at each place as 16-bit
 * masks (low and high nibble of place 0, then of place 1, ...), its keywords,
 * and, for each of the sample's commonest three-byte strings, which of those
 * six nibbles it allows (6 bits: the string passes when all are set; a merge
 * ORs them).
 */
interface Group { nibbles: Int32Array; members: number[]; passes: Uint8Array }

/** All six nibbles of a three-byte string allowed. */
const ALL_NIBBLES = (1 << (2 * FINGERPRINT_BYTES)) - 1;

/**
 * The sample's commonest three-byte strings that any bucket could let
 * through (those the tables of all groups together let through: no merge
 * ever lets another through), with their counts.
 */
function commonest(sample: Uint8Array, groups: readonly Group[]): { strings: Int32Array; counts: Int32Array } {
  // Which bytes the tables of all groups together let through at each place.
  const allowed = new Uint8Array(256 * FINGERPRINT_BYTES);
  for (let j = 0; j < FINGERPRINT_BYTES; j++) {
    let lo = 0;
    let hi = 0;
    for (const g of groups) {
      lo |= g.nibbles[2 * j] as number;
      hi |= g.nibbles[2 * j + 1] as number;
    }
    for (let b = 0; b < 256; b++) allowed[256 * j + b] = (lo >> (b & 15)) & (hi >> (b >> 4)) & 1;
  }
  // Counted in an open-addressed table, and the commonest picked by a histogram of counts: a Map and a sort
  // were most of the choice's time (it runs once per keyword set, before V8 optimizes anything).
  const keys = new Int32Array(TABLE_SLOTS).fill(-1);
  const counts = new Int32Array(TABLE_SLOTS);
  const end = sample.length;
  for (let i = 0; i + 2 < end; i++) {
    if (allowed[sample[i] as number] === 0 || allowed[256 + (sample[i + 1] as number)] === 0 || allowed[512 + (sample[i + 2] as number)] === 0) continue;
    const t = trigram(sample, i);
    let slot = Math.imul(t, 0x9e3779b1) >>> (32 - TABLE_BITS);
    while (keys[slot] !== t && keys[slot] !== -1) slot = (slot + 1) & (TABLE_SLOTS - 1);
    keys[slot] = t;
    counts[slot] = (counts[slot] as number) + 1;
  }
  const histogram = new Int32Array(end + 1);
  for (let slot = 0; slot < TABLE_SLOTS; slot++) if (keys[slot] !== -1) { const c = counts[slot] as number; histogram[c] = (histogram[c] as number) + 1; }
  // The least count kept: the SAMPLE_TOP commonest, and those as common as the last of them.
  let least = end;
  for (let kept = 0; least > 1 && kept + (histogram[least] as number) <= SAMPLE_TOP; least--) kept += histogram[least] as number;
  least = Math.max(1, least + 1);
  const strings: number[] = [];
  const kept: number[] = [];
  for (let slot = 0; slot < TABLE_SLOTS; slot++) {
    if (keys[slot] !== -1 && (counts[slot] as number) >= least) {
      strings.push(keys[slot] as number);
      kept.push(counts[slot] as number);
    }
  }
  return { strings: Int32Array.from(strings), counts: Int32Array.from(kept) };
}

/** For each string, which of the six nibble masks allow its nibbles (bit k: mask k). */
function passesOf(nibbles: Int32Array, strings: Int32Array): Uint8Array {
  const out = new Uint8Array(strings.length);
  for (let i = 0; i < strings.length; i++) {
    const t = strings[i] as number;
    let bits = 0;
    for (let j = 0; j < FINGERPRINT_BYTES; j++) {
      const b = (t >> (8 * (FINGERPRINT_BYTES - 1 - j))) & 255;
      if ((((nibbles[2 * j] as number) >> (b & 15)) & 1) !== 0) bits |= 1 << (2 * j);
      if ((((nibbles[2 * j + 1] as number) >> (b >> 4)) & 1) !== 0) bits |= 1 << (2 * j + 1);
    }
    out[i] = bits;
  }
  return out;
}

/**
 * How many places the tables of groups a and b together (b null: a alone)
 * let through: in the sample, counted over its commonest three-byte strings;
 * without a sample, the number of byte strings allowed (the product of the
 * nibbles' counts at each place).
 */
function looseness(a: Group, b: Group | null, counts: Int32Array | null): number {
  let product = 1;
  for (let k = 0; k < 2 * FINGERPRINT_BYTES; k++) product *= popcount16((a.nibbles[k] as number) | (b ? (b.nibbles[k] as number) : 0));
  if (!counts) return product;
  let passed = 0;
  const pa = a.passes;
  const pb = b ? b.passes : a.passes;
  for (let i = 0; i < counts.length; i++) if (((pa[i] as number) | (pb[i] as number)) === ALL_NIBBLES) passed += counts[i] as number;
  return passed;
}

function popcount16(x: number): number {
  let c = 0;
  for (; x !== 0; x &= x - 1) c++;
  return c;
}

/** Each fingerprint's bucket (0 to BUCKETS - 1): see Teddy. `prints[i]` starts with keyword i's fingerprint. */
function assignBuckets(prints: readonly Uint8Array[], sample: Uint8Array | null): Uint8Array {
  const byPrint = new Map<string, Group>();
  prints.forEach((k, index) => {
    const key = Array.from(k.subarray(0, FINGERPRINT_BYTES)).join(',');
    let g = byPrint.get(key);
    if (!g) {
      g = { nibbles: new Int32Array(2 * FINGERPRINT_BYTES), members: [], passes: new Uint8Array(0) };
      for (let j = 0; j < FINGERPRINT_BYTES; j++) {
        const b = k[j];
        g.nibbles[2 * j] = b === undefined ? 0xffff : 1 << (b & 15);
        g.nibbles[2 * j + 1] = b === undefined ? 0xffff : 1 << (b >> 4);
      }
      byPrint.set(key, g);
    }
    g.members.push(index);
  });
  const groups = [...byPrint.values()];
  let counts: Int32Array | null = null;
  if (sample) {
    const top = commonest(sample, groups);
    counts = top.counts;
    for (const g of groups) g.passes = passesOf(g.nibbles, top.strings);
  }
  // What merging each pair adds (cost[i][j], i < j), kept up to date as groups merge.
  const own = groups.map((g) => looseness(g, null, counts));
  const pairCost = (i: number, j: number): number => looseness(groups[i] as Group, groups[j] as Group, counts) - (own[i] as number) - (own[j] as number);
  const cost = groups.map((_, i) => groups.map((__, j) => (j > i ? pairCost(i, j) : 0)));
  while (groups.length > BUCKETS) {
    let best = Infinity;
    let bi = 0;
    let bj = 1;
    for (let i = 0; i < groups.length; i++) {
      const row = cost[i] as number[];
      for (let j = i + 1; j < groups.length; j++) {
        if ((row[j] as number) < best) {
          best = row[j] as number;
          bi = i;
          bj = j;
        }
      }
    }
    const a = groups[bi] as Group;
    const b = groups[bj] as Group;
    groups[bi] = { nibbles: a.nibbles.map((x, k) => x | (b.nibbles[k] as number)), members: [...a.members, ...b.members], passes: a.passes.map((x, i) => x | (b.passes[i] as number)) };
    groups.splice(bj, 1);
    own.splice(bj, 1);
    own[bi] = looseness(groups[bi] as Group, null, counts);
    cost.splice(bj, 1);
    for (const row of cost) row.splice(bj, 1);
    for (let i = 0; i < groups.length; i++) {
      if (i < bi) (cost[i] as number[])[bi] = pairCost(i, bi);
      else if (i > bi) (cost[bi] as number[])[i] = pairCost(bi, i);
    }
  }
  const bucketOf = new Uint8Array(prints.length);
  groups.forEach((g, bucket) => {
    for (const index of g.members) bucketOf[index] = bucket;
  });
  return bucketOf;
}

/**
 * Texts shorter than this are searched with one cursor: below it, splitting
 * gains nothing worth the second answer array.
 */
const TWO_CURSORS_FROM = 4096;

/** The hash of three bytes that end a window, for the bitset checked before the candidates. */
const tripleHash = (a: number, b: number, c: number): number => ((a << 10) ^ (b << 5) ^ c) & 0xffff;

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

  /** The second cursor's hits, kept for every call (see Hits). */
  private readonly second = new Hits();

  find(text: Uint8Array, from: number, base: number): number[] {
    const out = new Hits();
    this.findInto(text, from, base, out);
    return out.toArray();
  }

  findInto(text: Uint8Array, from: number, base: number, out: Hits): void {
    const n = text.length;
    const m = this.m;
    const shift = this.shift;
    if (n - from < TWO_CURSORS_FROM) {
      this.run(text, from + m - 1, n, base, out);
      return;
    }
    // Two cursors, over the first and the second half, advanced in turn:
    // each step waits on a load from the 64 KiB shift table (the step's
    // latency, not its work, is the cost), and two independent chains
    // overlap those waits. Measured on 150 MB of syslog: 600 to 1050 MB/s.
    // The first cursor takes the windows that start before the middle (a
    // keyword may run past it), the second those from it on, so their
    // answers, joined, are in order.
    const mid = from + ((n - from) >> 1);
    const second = this.second;
    second.count = 0;
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
    const values = second.values;
    for (let i = 0; i < second.count; i++) out.push(values[i] as number);
  }

  engineNext(): 'wasm' | 'js' {
    return 'js';
  }

  newlines(text: Uint8Array, from: number, to: number): number {
    return countNewlines(text, from, to);
  }

  /** One cursor over the windows ending before `end`. */
  private run(text: Uint8Array, pos: number, end: number, base: number, out: Hits): void {
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
  private check(text: Uint8Array, pos: number, h: number, base: number, out: Hits): void {
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
