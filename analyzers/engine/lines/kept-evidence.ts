// A HeadTail (run/bounded.ts) whose items carry line evidence, the evidence of
// the tail's items held as bytes until the items are read: on an event-heavy
// log a kept tail's item lives through thousands of lines before a later one
// replaces it, and with its evidence as strings (the line and four lines of
// context) every item outlived the young generation, was copied by two
// scavenges and promoted, then collected again in the old generation. On the
// event-heavy bench archive: 116 MB promoted with HeadTail, 48 MB with this,
// five full collections against three, peak RSS 141 against 132 MiB; the
// CPU the writing costs is about what the collector saves (docs/performance.md,
// "Event-heavy, session 10").
import type { Evidence } from '../plugin/findings.js';
import { CONTEXT_LINES } from './lines.js';

// pack() writes the line, two lines before it and two after it.
if (CONTEXT_LINES !== 2) throw new Error('kept-evidence.ts packs two lines of context either side of a line');

/**
 * Pushes an item waits for its `after` context (filled in by the scanner as
 * the next lines pass) before its evidence is written as bytes. A later line
 * of the same member completes it within two pushes of one line each; an
 * item still short of it after this many is at the end of its member and
 * keeps its evidence as strings.
 */
const PENDING_PUSHES = 8;

/** The five parts of a record, in order: the line, two lines before it, two after it. */
const PARTS = 1 + 2 * CONTEXT_LINES;

/** The byte buffer's size at most; past it, an item keeps its evidence as strings. */
const MAX_ARENA_BYTES = 64 * 1024 * 1024;

/** Buffer's own UTF-8 writer and reader (on Buffer.prototype in every Node release, not in its type declarations; see lines.ts's latin1Slice). */
type Utf8Buffer = Buffer & { utf8Write(s: string, offset: number, length: number): number; utf8Slice(start: number, end: number): string };

/** UTF-8 round-trips a string exactly only when it holds no lone surrogate (the scanner's strings never do). */
const isWellFormed: (s: string) => boolean = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
  ? (s) => (s as string & { isWellFormed(): boolean }).isWellFormed()
  : (s) => !/[\uD800-\uDFFF]/.test(s);

/**
 * What an item's `evidence` holds while its own is bytes: never seen outside
 * this class. Of evidenceOf's shape, not frozen: another shape in the items'
 * field made every access to it a slow one.
 */
const PACKED: Evidence = { path: '', line: 0, text: '', before: Object.freeze([]) as unknown as string[], after: Object.freeze([]) as unknown as string[] };

/**
 * The first `headSize` and the last `tailSize` items of a stream, the rest
 * counted, as HeadTail does; each item's `evidence` is as evidenceOf (lines.ts)
 * makes it. Head items keep their evidence as strings (they are kept to the
 * end anyway); a tail item's evidence is written as UTF-8 into one buffer once
 * its `after` context is complete, and made again, equal key for key, when
 * items() is asked. Evidence of another shape (a `node`, no context) is kept
 * as it is.
 */
export class HeadTailWithEvidence<T extends { evidence: Evidence }> {
  private readonly head: T[] = [];
  /** A ring of the latest items once the head is full. */
  private readonly tail: T[] = [];
  private next = 0;
  total = 0;

  /** Per tail slot: where its record starts in the buffer, counted from the first byte ever written (-1: its evidence is strings). */
  private readonly recordAt: Float64Array;
  /** Per tail slot: its record's length in bytes, and each part's (-1: the part is absent). */
  private readonly recordBytes: Float64Array;
  private readonly partBytes: Int32Array;
  /** Per tail slot: the evidence's path and line. */
  private readonly paths: string[];
  private readonly lines: Float64Array;
  private arena: Utf8Buffer | null = null;
  /** Where the next record is written, counted as recordAt. */
  private written = 0;
  /** Records in the order they were written, as (slot, recordAt) pairs from `fifoHead` on: the first live one is the oldest still needed. */
  private fifo: number[] = [];
  private fifoHead = 0;
  /**
   * The last PENDING_PUSHES pushes, a ring: their tail slot and their serial
   * (the push count), for the items that wait for their `after` context. An
   * entry stands while its slot's serial is its own and the slot is not packed.
   */
  private readonly pendingSlot = new Int32Array(PENDING_PUSHES);
  private readonly pendingSerial = new Float64Array(PENDING_PUSHES).fill(-1);
  private pendingNext = 0;
  /** Per tail slot: the serial of the push that put its item there. */
  private readonly serial: Float64Array;

  constructor(
    private readonly headSize: number,
    private readonly tailSize: number,
  ) {
    this.recordAt = new Float64Array(tailSize).fill(-1);
    this.recordBytes = new Float64Array(tailSize);
    this.partBytes = new Int32Array(tailSize * PARTS);
    this.paths = new Array<string>(tailSize).fill('');
    this.lines = new Float64Array(tailSize);
    this.serial = new Float64Array(tailSize).fill(-1);
  }

  push(item: T): void {
    this.total++;
    if (this.head.length < this.headSize) {
      this.head.push(item);
      return;
    }
    if (this.tailSize === 0) return;
    let slot: number;
    if (this.tail.length < this.tailSize) {
      slot = this.tail.length;
      this.tail.push(item);
    } else {
      slot = this.next;
      this.forget(slot);
      this.tail[slot] = item;
      this.next = (this.next + 1) % this.tailSize;
    }
    this.serial[slot] = this.total;
    this.packWaiting();
    const i = this.pendingNext;
    this.pendingSlot[i] = slot;
    this.pendingSerial[i] = this.total;
    this.pendingNext = (i + 1) % PENDING_PUSHES;
  }

  /** How many items were counted but not kept. */
  get dropped(): number {
    return this.total - this.head.length - this.tail.length;
  }

  /** How many kept items hold their evidence as bytes now (for tests and measurements). */
  get heldAsBytes(): number {
    let n = 0;
    for (let slot = 0; slot < this.tail.length; slot++) if ((this.recordAt[slot] as number) >= 0) n++;
    return n;
  }

  /** The kept items in the order they came, each with its evidence as strings again. */
  items(): T[] {
    for (let slot = 0; slot < this.tail.length; slot++) if ((this.recordAt[slot] as number) >= 0) this.unpack(slot);
    return [...this.head, ...this.tail.slice(this.next), ...this.tail.slice(0, this.next)];
  }

  /** Writes the evidence of the waiting items whose context is complete (those pushed more than PENDING_PUSHES ago keep theirs as strings). */
  private packWaiting(): void {
    for (let i = 0; i < PENDING_PUSHES; i++) {
      const serial = this.pendingSerial[i] as number;
      if (serial < 0) continue;
      const slot = this.pendingSlot[i] as number;
      if (this.serial[slot] !== serial) {
        this.pendingSerial[i] = -1;
        continue;
      }
      const after = (this.tail[slot] as T).evidence.after;
      if (after !== undefined && after.length >= CONTEXT_LINES) {
        this.pendingSerial[i] = -1;
        this.pack(slot);
      }
    }
  }

  /** The slot's item is being replaced: its record, if any, is no longer needed. */
  private forget(slot: number): void {
    this.recordAt[slot] = -1;
  }

  private pack(slot: number): void {
    const item = this.tail[slot] as T;
    const e = item.evidence;
    const before = e.before;
    const after = e.after;
    if (e.node !== undefined || before === undefined || after === undefined || before.length > CONTEXT_LINES || after.length > CONTEXT_LINES) return;
    const text = e.text;
    const b0 = before[0];
    const b1 = before[1];
    const a0 = after[0];
    const a1 = after[1];
    if (!(isWellFormed(text) && (b0 === undefined || isWellFormed(b0)) && (b1 === undefined || isWellFormed(b1)) &&
      (a0 === undefined || isWellFormed(a0)) && (a1 === undefined || isWellFormed(a1)))) return;
    // UTF-8 takes at most three bytes for a UTF-16 code unit.
    const at = this.room(3 * (text.length + (b0?.length ?? 0) + (b1?.length ?? 0) + (a0?.length ?? 0) + (a1?.length ?? 0)));
    if (at < 0) return;
    const arena = this.arena as Utf8Buffer;
    const cap = arena.length;
    const start = at % cap;
    const parts = slot * PARTS;
    const lengths = this.partBytes;
    let p = start;
    let n = arena.utf8Write(text, p, cap - p);
    lengths[parts] = n;
    p += n;
    n = b0 === undefined ? -1 : arena.utf8Write(b0, p, cap - p);
    lengths[parts + 1] = n;
    if (n > 0) p += n;
    n = b1 === undefined ? -1 : arena.utf8Write(b1, p, cap - p);
    lengths[parts + 2] = n;
    if (n > 0) p += n;
    n = a0 === undefined ? -1 : arena.utf8Write(a0, p, cap - p);
    lengths[parts + 3] = n;
    if (n > 0) p += n;
    n = a1 === undefined ? -1 : arena.utf8Write(a1, p, cap - p);
    lengths[parts + 4] = n;
    if (n > 0) p += n;
    this.recordAt[slot] = at;
    this.recordBytes[slot] = p - start;
    this.paths[slot] = e.path;
    this.lines[slot] = e.line;
    this.written = at + (p - start);
    this.fifo.push(slot, at);
    item.evidence = PACKED;
  }

  /**
   * Where a record of at most `most` bytes goes (counted as recordAt), in one
   * piece: after the last record, or at the buffer's start when it would not
   * fit before its end; the buffer grows when the records still needed leave
   * no room. -1 past MAX_ARENA_BYTES.
   */
  private room(most: number): number {
    if (this.arena === null) {
      const size = Math.min(MAX_ARENA_BYTES, Math.max(64 * 1024, this.tailSize * 1024));
      if (most > size) return -1;
      this.arena = Buffer.allocUnsafeSlow(size) as Utf8Buffer;
      this.written = 0;
    }
    for (;;) {
      const cap = this.arena.length;
      const oldest = this.oldestNeeded();
      let at = this.written;
      if ((at % cap) + most > cap) at += cap - (at % cap);
      if (at + most - oldest <= cap) return at;
      if (cap >= MAX_ARENA_BYTES) return -1;
      this.grow(Math.min(MAX_ARENA_BYTES, cap * 2));
    }
  }

  /** The start of the oldest record still needed (the write position when none is). */
  private oldestNeeded(): number {
    const fifo = this.fifo;
    while (this.fifoHead < fifo.length && this.recordAt[fifo[this.fifoHead] as number] !== fifo[this.fifoHead + 1]) this.fifoHead += 2;
    if (this.fifoHead > 4096 && this.fifoHead * 2 > fifo.length) {
      this.fifo = fifo.slice(this.fifoHead);
      this.fifoHead = 0;
    }
    return this.fifoHead < this.fifo.length ? (this.fifo[this.fifoHead + 1] as number) : this.written;
  }

  /** A larger buffer, the records still needed copied to its start in the order they were written. */
  private grow(size: number): void {
    const old = this.arena as Utf8Buffer;
    const cap = old.length;
    const next = Buffer.allocUnsafeSlow(size) as Utf8Buffer;
    const fifo: number[] = [];
    let p = 0;
    for (let i = this.fifoHead; i < this.fifo.length; i += 2) {
      const slot = this.fifo[i] as number;
      const at = this.fifo[i + 1] as number;
      if (this.recordAt[slot] !== at) continue;
      const bytes = this.recordBytes[slot] as number;
      old.copy(next, p, at % cap, (at % cap) + bytes);
      this.recordAt[slot] = p;
      fifo.push(slot, p);
      p += bytes;
    }
    this.arena = next;
    this.fifo = fifo;
    this.fifoHead = 0;
    this.written = p;
  }

  /** The slot's evidence as strings again, in evidenceOf's key order. */
  private unpack(slot: number): void {
    const arena = this.arena as Utf8Buffer;
    let p = (this.recordAt[slot] as number) % arena.length;
    const parts = slot * PARTS;
    const read = (k: number): string | null => {
      const n = this.partBytes[parts + k] as number;
      if (n < 0) return null;
      p += n;
      return arena.utf8Slice(p - n, p);
    };
    const text = read(0) as string;
    const before: string[] = [];
    const after: string[] = [];
    for (let k = 0; k < CONTEXT_LINES; k++) {
      const s = read(1 + k);
      if (s !== null) before.push(s);
    }
    for (let k = 0; k < CONTEXT_LINES; k++) {
      const s = read(1 + CONTEXT_LINES + k);
      if (s !== null) after.push(s);
    }
    (this.tail[slot] as T).evidence = { path: this.paths[slot] as string, line: this.lines[slot] as number, text, before, after };
    this.recordAt[slot] = -1;
  }
}
