// The lines a scanner hands to watchers, as bytes instead of SourceLines, so
// that another thread can decode them and run the watchers while this one
// goes on reading (workers/watch-thread.ts). The scanner (lines.ts, given a
// RawLineWriter) writes each kept line, its `before` context and every
// `after` line as the bytes it would have decoded; RawLineReader decodes
// them on the other side into the SourceLines the scanner would have made,
// field for field, and hands each to the consumers the scanner chose.
//
// A batch is two transferable buffers: the lines' bytes, and a list of
// records as 32-bit integers (offsets into the bytes), so that the reader
// checks a whole batch's bytes for ASCII at once as the scanner checks a
// chunk. Records:
//   LINE  1, line number, full length (0 unless cut), consumer count, consumers..., context count, (start, end)..., start, end
//   AFTER 2, start, end   (the next line, to every kept line still short of its `after` context)
import { isAscii } from 'node:buffer';
import type { Encoding } from './decode.js';
import { decodeLine } from './decode.js';
import type { LineConsumer, MemberRef, SourceLine } from './lines.js';
import { CONTEXT_LINES } from './lines.js';

const LINE = 1;
const AFTER = 2;

/** One batch of lines handed across: the bytes, and the records that cut them into lines. */
export interface RawBatch {
  bytes: Uint8Array<ArrayBuffer>;
  records: Int32Array<ArrayBuffer>;
}

/** A batch is handed on once it holds this many bytes of lines (and at each member's end). */
export const RAW_BATCH_BYTES = 256 * 1024;

/** Copies of the same bytes looked up before copying again: a line is copied as itself and as the context of up to four others. */
const COPIES_KEPT = 5;

/** Buffers a batch was made in, given back once read (the other side transfers them back), for the next batch. */
export interface RawSpares {
  take(): { bytes: ArrayBuffer; records: ArrayBuffer } | null;
}

export class RawLineWriter {
  private bytes: Buffer<ArrayBuffer>;
  private used = 0;
  private records: Int32Array<ArrayBuffer>;
  private count = 0;
  /** Where the record being written keeps its counts (lineStart .. lineEnd). */
  private consumersAt = -1;
  private contextAt = -1;
  /** A ring of the last copies (source buffer, start, end, where copied): cleared with each batch and when the scanner's chunk may be reused. */
  private readonly copyBuf: Array<Uint8Array | null> = new Array<Uint8Array | null>(COPIES_KEPT).fill(null);
  private readonly copyStart = new Int32Array(COPIES_KEPT);
  private readonly copyEnd = new Int32Array(COPIES_KEPT);
  private readonly copyAt = new Int32Array(COPIES_KEPT);
  private copyNext = 0;
  /** Bytes and records handed on so far (tests count them). */
  readonly handed = { batches: 0, bytes: 0, lines: 0 };

  constructor(
    private readonly onBatch: (batch: RawBatch) => void,
    /** Where a batch's buffers come from when they were given back; else new ones (a batch's buffers leave with it). */
    private readonly spares: RawSpares | null = null,
  ) {
    [this.bytes, this.records] = this.fresh();
  }

  private fresh(): [Buffer<ArrayBuffer>, Int32Array<ArrayBuffer>] {
    const spare = this.spares?.take();
    if (spare) return [Buffer.from(spare.bytes), new Int32Array(spare.records)];
    return [Buffer.allocUnsafeSlow(RAW_BATCH_BYTES * 2), new Int32Array(16 * 1024)];
  }

  /** A kept line begins: its number, and its length in bytes when it was cut (else 0). */
  lineStart(lineNo: number, full: number): void {
    this.room(6);
    const r = this.records;
    r[this.count++] = LINE;
    r[this.count++] = lineNo;
    r[this.count++] = full;
    this.consumersAt = this.count;
    r[this.count++] = 0;
  }

  /** One of the consumers (by index) the kept line is for. */
  consumer(index: number): void {
    this.room(1);
    this.records[this.count++] = index;
    (this.records[this.consumersAt] as number)++;
  }

  /** The consumers are given: the `before` context follows. */
  contextStart(): void {
    this.room(1);
    this.contextAt = this.count;
    this.records[this.count++] = 0;
  }

  /** One line of `before` context, as the scanner would decode it. */
  context(buf: Uint8Array, start: number, end: number): void {
    this.range(buf, start, end);
    (this.records[this.contextAt] as number)++;
  }

  /** The kept line's own bytes: the record is complete. */
  lineEnd(buf: Uint8Array, start: number, end: number): void {
    this.range(buf, start, end);
    this.handed.lines++;
    this.maybeFlush();
  }

  /** The line after kept lines still waiting for their `after` context. */
  after(buf: Uint8Array, start: number, end: number): void {
    this.room(1);
    this.records[this.count++] = AFTER;
    this.range(buf, start, end);
    this.maybeFlush();
  }

  /** The source buffers may be reused by their owner from now on: their copies are not looked up again. */
  forgetSources(): void {
    this.copyBuf.fill(null);
  }

  /** Hands on what is written (at a member's end, before anything else is said to the other side). */
  flush(): void {
    if (this.count === 0) return;
    const batch: RawBatch = { bytes: new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.used), records: new Int32Array(this.records.buffer, 0, this.count) };
    this.handed.batches++;
    this.handed.bytes += this.used;
    // The buffers go with the batch (transferred): others for the next.
    [this.bytes, this.records] = this.fresh();
    this.used = 0;
    this.count = 0;
    this.forgetSources();
    this.onBatch(batch);
  }

  private maybeFlush(): void {
    if (this.used >= RAW_BATCH_BYTES) this.flush();
  }

  /** Writes where bytes start..end of buf are in this batch, copying them unless they were just copied. */
  private range(buf: Uint8Array, start: number, end: number): void {
    this.room(2);
    let at = -1;
    for (let k = 1, i = this.copyNext; k <= COPIES_KEPT; k++) {
      i = i === 0 ? COPIES_KEPT - 1 : i - 1;
      if (this.copyBuf[i] === buf && this.copyStart[i] === start && this.copyEnd[i] === end) {
        at = this.copyAt[i] as number;
        break;
      }
    }
    const length = end - start;
    if (at < 0) {
      if (this.used + length > this.bytes.length) {
        const bigger = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.used + length));
        this.bytes.copy(bigger, 0, 0, this.used);
        this.bytes = bigger;
      }
      at = this.used;
      if (length > 0) this.bytes.set(buf.subarray(start, end), at);
      this.used += length;
      const i = this.copyNext;
      this.copyNext = (i + 1) % COPIES_KEPT;
      this.copyBuf[i] = buf;
      this.copyStart[i] = start;
      this.copyEnd[i] = end;
      this.copyAt[i] = at;
    }
    this.records[this.count++] = at;
    this.records[this.count++] = at + length;
  }

  private room(ints: number): void {
    if (this.count + ints <= this.records.length) return;
    const bigger = new Int32Array(Math.max(this.records.length * 2, this.count + ints));
    bigger.set(this.records.subarray(0, this.count));
    this.records = bigger;
  }
}

/** Buffer's own latin1 slice (see lines.ts): a line's text without the JavaScript wrappers' checks. */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (this: Buffer, start: number, end: number) => string }).latin1Slice ??
  function (this: Buffer, start: number, end: number): string {
    return this.toString('latin1', start, end);
  };

/** Texts decoded lately in this batch, by their place in it: the same copy stands for a line and for its context. */
const DECODED_KEPT = 5;

/**
 * Rebuilds a member's kept lines from batches a RawLineWriter made, and hands
 * each to its consumers, as the scanner in this thread would have: the same
 * texts, numbers and context, `after` filled in as later lines come.
 */
export class RawLineReader {
  private pending: SourceLine[] = [];
  /** The encodings of the kept lines (not of their context), as ScanStats.encodings. */
  readonly encodings = new Set<Encoding>();
  private lastEncoding: Encoding = 'utf-8';
  private bytes: Buffer = Buffer.alloc(0);
  private plain = false;
  private readonly decodedStart = new Int32Array(DECODED_KEPT).fill(-1);
  private readonly decodedEnd = new Int32Array(DECODED_KEPT).fill(-1);
  private readonly decodedText: string[] = new Array<string>(DECODED_KEPT).fill('');
  private readonly decodedEncoding: Encoding[] = new Array<Encoding>(DECODED_KEPT).fill('utf-8');
  private decodedNext = 0;

  constructor(
    private readonly member: MemberRef,
    private readonly consumers: readonly LineConsumer[],
  ) {}

  read(batch: RawBatch): void {
    this.bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
    // ASCII without NUL: every line is its latin1 slice, as the scanner's plain chunks (see LineScanner.plainChunk).
    this.plain = isAscii(this.bytes) && this.bytes.indexOf(0) < 0;
    this.decodedStart.fill(-1);
    const r = batch.records;
    let i = 0;
    while (i < r.length) {
      if (r[i] === AFTER) {
        this.fillAfter(this.decode(r[i + 1] as number, r[i + 2] as number));
        i += 3;
        continue;
      }
      const lineNo = r[i + 1] as number;
      const full = r[i + 2] as number;
      const consumersAt = i + 4;
      const consumerCount = r[i + 3] as number;
      let j = consumersAt + consumerCount;
      const contextCount = r[j++] as number;
      // Spelt out (the scanner gives at most CONTEXT_LINES): an array pushed to has room for 16.
      let before: string[];
      if (contextCount === 0) before = [];
      else if (contextCount === 1) before = [this.decode(r[j] as number, r[j + 1] as number)];
      else before = [this.decode(r[j] as number, r[j + 1] as number), this.decode(r[j + 2] as number, r[j + 3] as number)];
      j += 2 * contextCount;
      const text = this.decode(r[j] as number, r[j + 1] as number);
      this.encodings.add(this.lastEncoding);
      i = j + 2;
      const line: SourceLine = { member: this.member, line: lineNo, text, context: { before, after: roomForAfter() } };
      if (full > 0) line.bytes = full;
      this.pending.push(line);
      for (let k = 0; k < consumerCount; k++) (this.consumers[r[consumersAt + k] as number] as LineConsumer).onLine(line);
    }
  }

  /** The member ended: lines still short of context keep what they have. */
  end(): void {
    this.pending = [];
  }

  private fillAfter(text: string): void {
    const pending = this.pending;
    const n = pending.length;
    let waiting = 0;
    for (let k = 0; k < n; k++) {
      const p = pending[k] as SourceLine;
      const after = p.context.after;
      after.push(text);
      if (after.length < CONTEXT_LINES) pending[waiting++] = p;
    }
    if (waiting !== n) pending.length = waiting;
  }

  private decode(start: number, end: number): string {
    for (let k = 1, i = this.decodedNext; k <= DECODED_KEPT; k++) {
      i = i === 0 ? DECODED_KEPT - 1 : i - 1;
      if (this.decodedStart[i] === start && this.decodedEnd[i] === end) {
        this.lastEncoding = this.decodedEncoding[i] as Encoding;
        return this.decodedText[i] as string;
      }
    }
    let text: string;
    if (this.plain) {
      text = latin1Slice.call(this.bytes, start, end);
      this.lastEncoding = 'utf-8';
    } else {
      const decoded = decodeLine(this.bytes.subarray(start, end));
      text = decoded.text;
      this.lastEncoding = decoded.encoding;
    }
    const i = this.decodedNext;
    this.decodedNext = (i + 1) % DECODED_KEPT;
    this.decodedStart[i] = start;
    this.decodedEnd[i] = end;
    this.decodedText[i] = text;
    this.decodedEncoding[i] = this.lastEncoding;
    return text;
  }
}

/** An empty array with room for its CONTEXT_LINES lines (see lines.ts roomForAfter). */
function roomForAfter(): string[] {
  const after = ['', ''];
  after.pop();
  after.pop();
  return after;
}
