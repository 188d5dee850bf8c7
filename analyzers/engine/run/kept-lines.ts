// HeadTail for items that each cite one log line (their `evidence`, as
// evidenceOf makes it), with the lines of the tail kept as bytes, off the V8
// heap. A tail of the last 2,000 items is churn: each item lives through the
// next 2,000 pushes, long enough to be copied by two scavenges and promoted to
// the old generation, and then dies there. On the event-heavy bench (56,000
// lkscsid starts and 56,000 resyncs) the kept tails were 87 of the 103 MB
// promoted and two thirds of the scavenges' time. Kept here, an item in the
// tail holds only its small fields; its line, context and path come back as
// an evidence of the same content (not the same object) when items() is asked.
import type { Evidence } from '../plugin/findings.js';

/** How many lines of context evidenceOf gives either side (lines.ts CONTEXT_LINES). */
const CONTEXT = 2;

/**
 * Pushes an item waits before its line is packed: the scanner fills a line's
 * `after` context with the lines that follow it, and a later push comes from
 * a later line. An item whose context is still short then is kept as it is.
 */
const FRESH = 2;

/** Strings of one packed evidence: text, then up to CONTEXT before, then up to CONTEXT after. */
const STRINGS = 1 + 2 * CONTEXT;

/** The smallest byte buffer a slot gets (a LifeKeeper line and its context as UTF-16 are about 1.3 KB). */
const MIN_SLOT_BYTES = 2048;

type Cited = { evidence: Evidence };

export class HeadTailOfLines<T extends Cited> {
  private readonly head: T[] = [];
  /** The last pushes, not packed yet (their `after` context may still be filling in). */
  private readonly fresh: T[] = [];
  /** A ring of the latest items past the head, each with its evidence packed into its slot (or kept, see pack). */
  private readonly tail: T[] = [];
  private next = 0;
  /** Per slot: whether its item's evidence is in the slot's bytes (the item's own evidence is then null). */
  private readonly packed: boolean[] = [];
  private readonly bytes: Buffer[] = [];
  private readonly paths: string[] = [];
  private readonly lineNos: Float64Array;
  /** Per slot, STRINGS lengths in UTF-16 units, -1 for a context line that is not there. */
  private readonly lengths: Int32Array;
  total = 0;

  constructor(
    private readonly headSize: number,
    private readonly tailSize: number,
  ) {
    this.lineNos = new Float64Array(Math.max(0, tailSize));
    this.lengths = new Int32Array(Math.max(0, tailSize) * STRINGS);
  }

  push(item: T): void {
    this.total++;
    if (this.head.length < this.headSize) {
      this.head.push(item);
      return;
    }
    if (this.tailSize <= 0) return;
    this.fresh.push(item);
    if (this.fresh.length > FRESH) this.toTail(this.fresh.shift() as T);
  }

  /** How many items were counted but not kept. */
  get dropped(): number {
    return this.total - this.head.length - Math.min(this.tailSize, this.tail.length + this.fresh.length);
  }

  /** The kept items in the order they came, each with its evidence. */
  items(): T[] {
    const ring: T[] = [];
    for (let k = 0; k < this.tail.length; k++) {
      const slot = this.tail.length < this.tailSize ? k : (this.next + k) % this.tailSize;
      ring.push(this.unpack(slot));
    }
    const later = [...ring, ...this.fresh];
    return [...this.head, ...later.slice(Math.max(0, later.length - this.tailSize))];
  }

  private toTail(item: T): void {
    const slot = this.tail.length < this.tailSize ? this.tail.length : this.next;
    if (this.tail.length < this.tailSize) this.tail.push(item);
    else {
      this.tail[slot] = item;
      this.next = (this.next + 1) % this.tailSize;
    }
    this.packed[slot] = this.pack(item, slot);
  }

  /**
   * Writes the item's evidence into the slot and drops the item's reference
   * to it; false (the item kept whole) for an evidence not of evidenceOf's
   * shape or whose context is not complete yet.
   */
  private pack(item: T, slot: number): boolean {
    const e = item.evidence;
    const before = e.before;
    const after = e.after;
    if (e.node !== undefined || !before || !after || before.length > CONTEXT || after.length !== CONTEXT) return false;
    let need = 2 * e.text.length;
    for (const s of before) need += 2 * s.length;
    for (const s of after) need += 2 * s.length;
    let buf = this.bytes[slot];
    if (!buf || buf.length < need) {
      buf = Buffer.allocUnsafeSlow(Math.max(MIN_SLOT_BYTES, 2 ** Math.ceil(Math.log2(need || 1))));
      this.bytes[slot] = buf;
    }
    const at = slot * STRINGS;
    // UTF-16 code units as they are: any string comes back exactly (lone surrogates too).
    let off = buf.write(e.text, 0, 'utf16le');
    this.lengths[at] = e.text.length;
    for (let i = 0; i < CONTEXT; i++) {
      const b = before[i];
      this.lengths[at + 1 + i] = b === undefined ? -1 : b.length;
      if (b !== undefined) off += buf.write(b, off, 'utf16le');
    }
    for (let i = 0; i < CONTEXT; i++) {
      const a = after[i] as string;
      this.lengths[at + 1 + CONTEXT + i] = a.length;
      off += buf.write(a, off, 'utf16le');
    }
    this.paths[slot] = e.path;
    this.lineNos[slot] = e.line;
    // The item is this list's from now on: without its evidence it is a few numbers and short strings.
    (item as { evidence: Evidence | null }).evidence = null;
    return true;
  }

  /** The item of a slot with its evidence back (in evidenceOf's key order); asked again, the same. */
  private unpack(slot: number): T {
    const item = this.tail[slot] as T;
    if (!this.packed[slot]) return item;
    const buf = this.bytes[slot] as Buffer;
    const at = slot * STRINGS;
    let off = 0;
    const take = (length: number): string => {
      const s = buf.toString('utf16le', off, off + 2 * length);
      off += 2 * length;
      return s;
    };
    const text = take(this.lengths[at] ?? 0);
    const before: string[] = [];
    for (let i = 0; i < CONTEXT; i++) {
      const n = this.lengths[at + 1 + i] ?? -1;
      if (n >= 0) before.push(take(n));
    }
    const after: string[] = [];
    for (let i = 0; i < CONTEXT; i++) after.push(take(this.lengths[at + 1 + CONTEXT + i] ?? 0));
    item.evidence = { path: this.paths[slot] ?? '', line: this.lineNos[slot] ?? 0, text, before, after };
    this.packed[slot] = false;
    return item;
  }
}
