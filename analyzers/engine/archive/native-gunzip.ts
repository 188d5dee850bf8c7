// Gunzip of a rotated log inside the archive straight into a few reused
// buffers, on zlib's thread pool, while this thread scans the last one.
//
// Node's zlib stream (createGunzip) allocates a new 1 MiB output buffer for
// every chunk it inflates: on the large bench archive that is 1.6 GB of
// Buffers for the rotated logs alone, and V8 forces a scavenge for each
// 32 MiB of them (docs/performance.md, Peak RSS); a buffer that waits in a
// stream across two scavenges is promoted and freed only by a full
// collection. Each chunk also passes through the stream's push, its buffer,
// an async iterator and a promise. Here zlib's own handle (the one Node's
// zlib module drives, lib/zlib.js) inflates into RING buffers made once per
// thread, each handed to the reader when full and taken back when the reader
// asks for the next: the pool inflates the next buffer while the reader
// scans this one. The handle is not a public API (gzip-index.ts drives it
// too, synchronously): its class is taken once from a zlib stream and
// checked, and where it is missing or not as expected the archive reader
// uses the zlib stream as before (nativeGunzipAvailable).
import type { Gunzip, ZlibOptions } from 'node:zlib';
import { Duplex } from 'node:stream';
import { constants, createGunzip } from 'node:zlib';
import { gzipHeaderEnd } from './gzip-index.js';
import type { Text } from '../plugin/text.js';
import { text } from '../plugin/text.js';

/**
 * One gzip stream inflated for a reader: NativeGunzip, or StreamGunzip where
 * zlib's handle is not found. The feeder gives input with feed() once
 * needsInput() resolves, then finish() (or abandon() when the input stopped
 * short); the reader takes each output with next(), valid until the following
 * next() or close().
 */
export interface Inflater {
  needsInput(): Promise<void>;
  feed(chunk: Uint8Array): void;
  finish(): void;
  abandon(): void;
  next(): Promise<Buffer | null>;
  close(): void;
  /**
   * Once next() returned null and the feeder gave all it had: how many bytes
   * came after the end of the gzip data when they were not all zeros (gzip's
   * "trailing garbage ignored"), else 0.
   */
  trailingBytes(): number;
}

/**
 * What a reader says of a gzip stream followed by bytes that are not gzip
 * (gzip and zcat output the data and warn "trailing garbage ignored"): the
 * data was read whole, the bytes after it were not.
 */
export function afterGzipData(bytes: number): Text {
  const n = bytes.toLocaleString('en-US');
  return text(
    `${n} bytes after the end of the gzip data were ignored (as gzip does); everything before them was read`,
    `gzip データの終わりの後に続く ${n} バイトは無視しました(gzip と同じ扱いです)。それより前はすべて読み込みました`,
  );
}

/** Whether a member's note is afterGzipData's: the member was read whole (the report keeps notes where problems go). */
export function isAfterGzipData(note: Text): boolean {
  return /^[\d,]+ bytes after the end of the gzip data were ignored \(as gzip does\); everything before them was read$/.test(note.en);
}

/**
 * zlib's messages for bytes that do not start a gzip member (the magic, the
 * method, the flags): after a member, gzip's trailing garbage; a damaged
 * header ("header crc mismatch") stays damage.
 */
/** The last bytes of a stream of known size read a block a write (see the constructor). */
export const BLOCK_TAIL = 1024 * 1024;

const NOT_A_MEMBER = new Set(['incorrect header check', 'unknown compression method', 'unknown header flags set']);

/** Input bytes kept from before a write: a trailer (8) and the most zlib takes of what follows it before it refuses it (3). */
const TAKEN = 16;

/**
 * The last input bytes kept in `trailing` mode: where the stream ends in a
 * part of a member header after the data (a stray byte, or `1f 8b 08` and
 * no more), the trailer and that part lie in them. A longer part (a file
 * name unterminated) is found where a header's start was seen after a
 * trailer (headerSeen).
 */
const TAIL = 1024;

/** A gzip member's first three bytes (magic, method 8): where one starts after a trailer, the data may have ended. */
const MEMBER_START = Buffer.from([0x1f, 0x8b, 0x08]);
/** Places of MEMBER_START kept (the last ones seen). */
const HEADERS_SEEN = 16;

/**
 * Whether `part` (two bytes or more) is the start of a gzip member header
 * that ends before the header does: the magic, method 8, flags without the
 * reserved bits, and the optional fields the flags announce not all there.
 * A whole header is a member that started: cut after it, it is cut data.
 */
function isHeaderStart(part: Uint8Array): boolean {
  if (part[0] !== 0x1f || part[1] !== 0x8b) return false;
  if (part.length >= 3 && part[2] !== 8) return false;
  if (part.length < 4) return true;
  const flags = part[3] ?? 0;
  if (flags & 0xe0) return false;
  return part.length < 10 || gzipHeaderEnd(part, flags) === null;
}

/**
 * Where a stream ends in part of a member header after a whole member, as
 * the last bytes given (`tail`) show it: how many bytes that part is, or null
 * when the stream does not end so. The part is one byte (zlib waits for a
 * second before it checks the magic: any byte but a zero, where zlib stops),
 * or the start of a header (`1f 8b`, then method 8, then flags without the
 * reserved bits, then anything); before it, a trailer whose length is the
 * data's (`inflated`, modulo 2^32: a rotated log is one member).
 */
export function partialHeaderAfterData(tail: Uint8Array, inflated: number): number | null {
  const size = inflated % 2 ** 32;
  for (let k = 1; k + 8 <= tail.length; k++) {
    const at = tail.length - k;
    if (k === 1 ? tail[at] === 0 : !isHeaderStart(tail.subarray(at))) continue;
    const isize = (tail[at - 4] ?? 0) | ((tail[at - 3] ?? 0) << 8) | ((tail[at - 2] ?? 0) << 16) | ((tail[at - 1] ?? 0) * 2 ** 24);
    if (isize === size) return k;
  }
  return null;
}

/** zlib's native handle, as lib/zlib.js drives it (Node 20). */
interface ZlibHandle {
  init(windowBits: number, level: number, memLevel: number, strategy: number, writeState: Uint32Array, callback: () => void, dictionary: undefined): void;
  write(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  close(): void;
  onerror: ((message: string, errno: number, code?: string) => void) | null;
}

type ZlibHandleClass = new (mode: number) => ZlibHandle;

/** The output buffers' size: the archive reader's chunk (ZLIB_CHUNK). */
const OUT_BYTES = 1 << 20;
/** Buffers per inflater: one the reader scans, one the pool fills, one full and waiting. */
const RING = 3;
const EMPTY = new Uint8Array(0);

let handleClass: ZlibHandleClass | null | undefined;
let forced: boolean | null = null;

/** The class of the handle a zlib stream is built on (Node does not export it: it is taken from a stream made and closed here). */
function findHandleClass(): ZlibHandleClass | null {
  try {
    const probe = createGunzip() as Gunzip & { _handle?: object };
    const Handle = probe._handle?.constructor as unknown;
    probe.close();
    if (typeof Handle !== 'function') return null;
    const proto = (Handle as { prototype?: Record<string, unknown> }).prototype;
    if (!proto || typeof proto['init'] !== 'function' || typeof proto['write'] !== 'function' || typeof proto['close'] !== 'function') return null;
    return Handle as ZlibHandleClass;
  } catch {
    return null;
  }
}

/** Whether the archive reader inflates rotated logs with NativeGunzip (else with the zlib stream). */
export function nativeGunzipAvailable(): boolean {
  if (forced !== null) return forced && (handleClass ??= findHandleClass()) !== null;
  return (handleClass ??= findHandleClass()) !== null;
}

/** For tests: force the zlib stream (false), or go back to using the handle where it is found (null). */
export function useNativeGunzip(use: boolean | null): void {
  forced = use;
}

/** This thread's spare output buffers: made once, reused by every inflater after. */
const spare: Buffer[] = [];

/**
 * One gzip stream (concatenated members too, and zeros after, as zlib's
 * Gunzip reads them) inflated into reused buffers. The feeder gives input
 * with feed() once needsInput() resolves, then finish(); the reader takes
 * each output with next(), which is valid until the following next() or
 * close(). An error of the data (corrupt, truncated) is thrown by next()
 * with zlib's message, as the zlib stream gives it.
 *
 * Made with `trailing: true` (a rotated log inside the archive), bytes
 * after the gzip data that do not start a member end the data, as gzip reads
 * them ("trailing garbage ignored"): trailingBytes() counts them. zlib fails
 * there, in the write that read the last member's trailer, and says nothing
 * of that write's output: so every write stops at the end of a deflate block
 * (Z_BLOCK), and the write that reads a trailer inflates nothing. On text
 * that is three writes per MiB instead of one, and no CPU time more
 * (measured); on stored blocks (incompressible data, at most 64 KiB each) it
 * is many more: the archive itself (a core file inside) is inflated without,
 * and read again from its start where zlib fails (archive.ts).
 */
export class NativeGunzip implements Inflater {
  private readonly handle: ZlibHandle;
  private readonly state = new Uint32Array(2);
  private readonly free: Buffer[] = [];
  /** Inflated bytes waiting for the reader, in order: the whole buffer and the part of it filled. */
  private readonly ready: Array<{ buffer: Buffer; bytes: Buffer }> = [];
  /** The buffer the reader holds (given back at its next call). */
  private lent: Buffer | null = null;
  private handleClosed = false;
  private out: Buffer | null = null;
  private outAt = 0;
  private outLen = 0;
  /** The input zlib reads (while a write is in flight, it is zlib's). */
  private input: Uint8Array = EMPTY;
  private inAt = 0;
  private inLeft = 0;
  /** The input bytes given to the write in flight. */
  private inGiven = 0;
  /** The write in flight is the last (Z_FINISH): zlib says there whether the data ended. */
  private finishGiven = false;
  /** The next input, given while zlib still reads the last: it never waits for the feeder. */
  private pending: Uint8Array | null = null;
  private busy = false;
  /** zlib filled the output and may hold more from the input it took: ask again even without input. */
  private drain = false;
  private finishing = false;
  /** The input stopped short (the archive was cut): what was inflated is read, then the end. */
  private abandoned = false;
  private done = false;
  /** zlib ended the data with input left (a zero byte after a member, as its Gunzip stops there, or bytes that do not start one). */
  private stoppedShort = false;
  /** Input bytes given to feed(), after the end of the data too. */
  private fedBytes = 0;
  /** Input bytes taken into `input` before the current one: input[i] is byte givenBefore + i of the stream. */
  private givenBefore = 0;
  /** Output bytes made. */
  private made = 0;
  /** zlib took the first member's header (a block ended, or output came): a header error after it is trailing bytes. */
  private headerTaken = false;
  /** The last input bytes zlib took, before the write in flight (where a trailer read in two writes begins). */
  private readonly taken = Buffer.alloc(TAKEN);
  /** Writes in a row that took no input and made no output. */
  private idle = 0;
  /** Where the gzip data ended, in input bytes, when input came after it. */
  private dataEnd: number | null = null;
  /** Some byte after the end of the data was not zero. */
  private afterNonZero = false;
  private closed = false;
  private error: Error | null = null;
  private wakeReader: (() => void) | null = null;
  private wakeFeeder: (() => void) | null = null;

  /** Stops at every block (Z_BLOCK) and reads bytes after the data as gzip does (see the class's comment). */
  private readonly blocks: boolean;
  /** Input bytes fed before writes stop at every block: the stream's last BLOCK_TAIL bytes, when its size is known. */
  private readonly blocksFrom: number;
  /** The write in flight stops at the end of a block. */
  private blockGiven = false;
  /** In `trailing` mode, the last TAIL input bytes given (tailLength of them, at its end). */
  private readonly tail: Buffer | null;
  private tailLength = 0;
  /**
   * In `trailing` mode, the last HEADERS_SEEN places where MEMBER_START was
   * given, each with the 4 bytes before it (where a member ended there, its
   * trailer's length): bytes after the data that start a header, and go on
   * past TAIL, are found from them.
   */
  private readonly headersSeen: Array<{ at: number; isize: number; flags: number }> = [];
  /** Input bytes given before headers are looked for: the stream's last 2 MiB and a bit, when its size is known (a header past 1 MiB is no header to the other readers either). */
  private readonly seeFrom: number;
  /** In `trailing` mode, the place of the last zero byte given (a name or comment of a header ends at one). */
  private lastZeroAt = -1;

  /**
   * `size`: the compressed stream's length where it is known (a member's, from
   * its tar header): only its last BLOCK_TAIL bytes are read a block a write,
   * where the end of the data and any bytes after it lie. A block a write all
   * along cost the large bench archive's analysis and grep about 1.1–1.6 s of
   * wall time (its 1.6 GB of rotated logs: a thread-pool round trip a block).
   */
  constructor(options: { trailing?: boolean; size?: number } = {}) {
    this.blocks = options.trailing ?? false;
    this.blocksFrom = options.size === undefined ? 0 : Math.max(0, options.size - BLOCK_TAIL);
    this.tail = this.blocks ? Buffer.alloc(TAIL) : null;
    this.seeFrom = options.size === undefined ? 0 : Math.max(0, options.size - 2 * BLOCK_TAIL - 65536);
    const Handle = handleClass ??= findHandleClass();
    if (!Handle) throw new Error('zlib handle unavailable');
    this.handle = new Handle(constants.GUNZIP);
    this.handle.onerror = (message) => this.fail(new Error(message));
    // As createGunzip() sets it up: the window size from the header (0), the defaults otherwise.
    this.handle.init(0, constants.Z_DEFAULT_COMPRESSION, 8, constants.Z_DEFAULT_STRATEGY, this.state, () => this.written(), undefined);
    for (let i = 0; i < RING; i++) this.free.push(spare.pop() ?? Buffer.allocUnsafe(OUT_BYTES));
  }

  /** Resolves when there is room for the next input (at once if there is), or the inflater stopped. */
  async needsInput(): Promise<void> {
    // Woken at any change: looks again.
    while (!this.inputTaken()) {
      await new Promise<void>((resolve) => {
        this.wakeFeeder = resolve;
      });
    }
  }

  /** The next compressed bytes; only once needsInput() resolved. Kept until zlib has read them. */
  feed(chunk: Uint8Array): void {
    if (this.closed || this.error || chunk.length === 0) return;
    this.fedBytes += chunk.length;
    if (this.done) {
      // After the end of the data: only looked at (zeros are padding; anything else, trailing bytes).
      if (this.dataEnd !== null) this.lookAfter(chunk);
      return;
    }
    if (this.pending) throw new Error('NativeGunzip: input given before there was room for it');
    this.keepTail(chunk);
    this.pending = chunk;
    this.pump();
  }

  /** No more input: inflate the rest; a stream that has not ended fails with zlib's "unexpected end of file". */
  finish(): void {
    if (this.done || this.closed || this.error) return;
    this.finishing = true;
    this.pump();
  }

  /**
   * No more input will come, and the data may not have ended (the archive
   * was cut under this member): everything given is inflated and read, then
   * the end, without zlib's "unexpected end of file".
   */
  abandon(): void {
    if (this.done || this.closed || this.error) return;
    this.abandoned = true;
    this.finish();
  }

  /** Whether zlib failed (the error is thrown by next() after what was inflated before it). */
  get failed(): boolean {
    return this.error !== null;
  }

  /**
   * The input given and not read, when zlib ended the data before it (a zero
   * byte after a member): the bytes after the gzip data; null otherwise. Valid
   * until the feeder reuses the buffers it gave.
   */
  unread(): Uint8Array[] | null {
    if (!this.stoppedShort || this.dataEnd === null) return null;
    const rest = [this.input.subarray(Math.max(0, this.dataEnd - this.givenBefore))];
    if (this.pending) rest.push(this.pending);
    return rest;
  }

  trailingBytes(): number {
    return this.dataEnd !== null && this.afterNonZero ? this.fedBytes - this.dataEnd : 0;
  }

  /** The next inflated bytes, or null at the end. */
  async next(): Promise<Buffer | null> {
    this.giveBack();
    for (;;) {
      const r = this.ready.shift();
      if (r) {
        this.lent = r.buffer;
        this.pump();
        return r.bytes;
      }
      if (this.error) throw this.error;
      if (this.done || this.closed) return null;
      // Nothing to read and nothing asked of zlib: it waits for input (the feeder is on its way).
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve;
      });
    }
  }

  /** Stops inflating and frees the handle (the write in flight, if any, ends first: zlib closes after it). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.giveBack();
    for (const r of this.ready) this.free.push(r.buffer);
    this.ready.length = 0;
    this.closeHandle();
    // Buffers zlib may still write into stay out of the spares until that write is over.
    if (!this.busy) this.recycle();
    this.wake();
  }

  private giveBack(): void {
    if (this.lent) this.free.push(this.lent);
    this.lent = null;
  }

  private closeHandle(): void {
    if (this.handleClosed) return;
    this.handleClosed = true;
    this.handle.close();
  }

  private recycle(): void {
    for (const b of this.free) if (spare.length < RING * 2) spare.push(b);
    this.free.length = 0;
    if (this.out && spare.length < RING * 2) spare.push(this.out);
    this.out = null;
  }

  private inputTaken(): boolean {
    return this.pending === null || this.done || this.closed || this.error !== null;
  }

  private pump(): void {
    if (this.busy || this.done || this.closed || this.error) return;
    if (this.inLeft === 0 && this.pending) {
      this.givenBefore += this.input.length;
      this.input = this.pending;
      this.inAt = 0;
      this.inLeft = this.pending.length;
      this.pending = null;
      this.wakeFeederNow();
    }
    if (this.inLeft === 0 && !this.drain && !this.finishing) return;
    if (!this.out) {
      const b = this.free.pop();
      if (!b) return;
      this.out = b;
      this.outAt = 0;
    }
    this.busy = true;
    this.drain = false;
    this.outLen = OUT_BYTES - this.outAt;
    // Z_BLOCK: a write that reads a member's trailer inflates nothing (see the class's comment).
    const flush = this.finishing && this.inLeft === 0 && !this.pending ? constants.Z_FINISH : this.blocks && this.fedBytes >= this.blocksFrom ? constants.Z_BLOCK : constants.Z_NO_FLUSH;
    this.blockGiven = flush === constants.Z_BLOCK;
    this.inGiven = this.inLeft;
    this.finishGiven = flush === constants.Z_FINISH;
    // zlib asserts (and ends the process) unless both ranges lie inside their buffers: they do by construction.
    if (this.inLeft > 0) this.handle.write(flush, this.input, this.inAt, this.inLeft, this.out, this.outAt, this.outLen);
    else this.handle.write(flush, EMPTY, 0, 0, this.out, this.outAt, this.outLen);
  }

  /** zlib's callback after a write on the pool (not called after an error: onerror is). */
  private written(): void {
    this.busy = false;
    if (this.closed) {
      this.recycle();
      return;
    }
    const availOut = this.state[0] ?? 0;
    const availIn = this.state[1] ?? 0;
    const used = this.inGiven - availIn;
    const made = this.outLen - availOut;
    this.remember(used);
    this.inAt += used;
    this.inLeft = availIn;
    this.outAt += made;
    this.made += made;
    if (made > 0 || (availIn > 0 && availOut > 0)) this.headerTaken = true;
    this.idle = used === 0 && made === 0 ? this.idle + 1 : 0;
    const out = this.out;
    if (availOut === 0) {
      // The buffer is full: hand it over, and ask again (zlib may hold more output from what it took).
      if (out) this.ready.push({ buffer: out, bytes: out });
      this.out = null;
      this.drain = true;
    } else if (this.finishGiven) {
      this.end();
    } else if (this.inLeft > 0 && this.idle >= 2) {
      // Asked twice, zlib took nothing and made nothing: the data ended (zeros after it, as zlib's Gunzip stops
      // at them). Once is a block boundary (Z_BLOCK) where bits zlib holds may still make an empty block.
      this.endBefore(this.givenBefore + this.inAt);
    }
    // A write stopped at a block boundary with input left is followed by the next (pump).
    // All input taken (and the buffer not full): the feeder gives the next before it is handed over.
    if (this.inputTaken()) this.wakeFeederNow();
    this.pump();
    this.wake();
  }

  /** The data ended at input byte `at`, with the input from there on left: looked at, never inflated. */
  private endBefore(at: number): void {
    this.stoppedShort = true;
    this.dataEnd = at;
    this.lookAfter(this.input.subarray(Math.max(0, at - this.givenBefore)));
    if (this.pending) this.lookAfter(this.pending);
    this.end();
  }

  /** Where MEMBER_START is in a chunk given (trailing mode; `from`: its first byte's place), across the boundary with the bytes before it too. */
  private seeHeaders(chunk: Uint8Array, from: number): void {
    const tail = this.tail;
    if (!tail || from + chunk.length < this.seeFrom) return;
    const seen = (at: number, isize: number, flags: number | undefined): void => {
      // The flags byte in a later chunk: not known, not a place a long header is found from.
      this.headersSeen.push({ at, isize, flags: flags ?? 0 });
      if (this.headersSeen.length > HEADERS_SEEN) this.headersSeen.shift();
    };
    // Across the boundary: MEMBER_START starting in the last 6 bytes before the chunk or its first 3, with 4 bytes before it.
    const prev = Math.min(6, this.tailLength);
    const edge = Buffer.concat([tail.subarray(TAIL - prev), chunk.subarray(0, Math.min(6, chunk.length))]);
    for (let j = edge.indexOf(MEMBER_START, 4); j >= 0 && j - prev < 4; j = edge.indexOf(MEMBER_START, j + 1)) seen(from - prev + j, edge.readUInt32LE(j - 4), edge[j + 3]);
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    for (let i = bytes.indexOf(MEMBER_START, 4); i >= 0; i = bytes.indexOf(MEMBER_START, i + 1)) seen(from + i, bytes.readUInt32LE(i - 4), bytes[i + 3]);
    const zero = bytes.lastIndexOf(0);
    if (zero >= 0) this.lastZeroAt = from + zero;
  }

  /**
   * Where the stream ends in a header longer than TAIL after a whole member
   * (partialHeaderAfterData sees shorter ones): the last place MEMBER_START
   * was seen after 4 bytes that are the data's length (a trailer's end),
   * whose flags announce a file name or comment (and no reserved bits) and
   * after whose fixed 10 bytes no zero byte came: the name never ended, the
   * header is not whole. The bytes from there, or null (a whole header is a
   * member that started: cut data).
   */
  private longHeaderAfterData(): number | null {
    const size = this.made % 2 ** 32;
    for (let k = this.headersSeen.length - 1; k >= 0; k--) {
      const h = this.headersSeen[k];
      if (!h || h.isize !== size || this.fedBytes - h.at <= TAIL) continue;
      if ((h.flags & 0xe0) !== 0 || (h.flags & 0x18) === 0 || this.lastZeroAt >= h.at + 10) continue;
      return this.fedBytes - h.at;
    }
    return null;
  }

  /** Keeps the last TAIL bytes given (trailing mode): a 1 KiB copy a chunk at most. */
  private keepTail(chunk: Uint8Array): void {
    const tail = this.tail;
    if (!tail) return;
    this.seeHeaders(chunk, this.fedBytes - chunk.length);
    if (chunk.length >= TAIL) {
      tail.set(chunk.subarray(chunk.length - TAIL));
      this.tailLength = TAIL;
      return;
    }
    tail.copyWithin(0, chunk.length);
    tail.set(chunk, TAIL - chunk.length);
    this.tailLength = Math.min(TAIL, this.tailLength + chunk.length);
  }

  private lookAfter(bytes: Uint8Array): void {
    if (!this.afterNonZero && bytes.some((b) => b !== 0)) this.afterNonZero = true;
  }

  /** Keeps the last TAKEN input bytes zlib took (`used` of them just now, from inAt). */
  private remember(used: number): void {
    if (used >= TAKEN) {
      this.taken.set(this.input.subarray(this.inAt + used - TAKEN, this.inAt + used));
    } else if (used > 0) {
      this.taken.copyWithin(0, used);
      this.taken.set(this.input.subarray(this.inAt, this.inAt + used), TAKEN - used);
    }
  }

  /**
   * Where the last member's trailer ended, near the start of the write that
   * failed after it. zlib does not say how much of that write it took: the
   * trailer (CRC-32 and length, 8 bytes) may end up to 8 bytes into it (zlib
   * held or took the rest before), or up to 3 bytes before it (the write
   * before took the first bytes of what did not start a member, and zlib
   * refused them only once it had the fourth, the flags). The length the
   * trailer gives is the data's (a rotated log is one member): of those 12
   * places, the one where it matches; where none does (several members), the
   * write's start plus 8, at most 11 bytes off.
   */
  private trailerEnd(): number {
    const start = this.givenBefore + this.inAt;
    const before = Math.min(TAKEN, start);
    const bytes = Buffer.concat([this.taken.subarray(TAKEN - before), this.input.subarray(this.inAt, this.inAt + Math.min(this.inLeft, 8))]);
    const first = start - before;
    for (let back = 0; back <= 11; back++) {
      const end = start + 8 - back;
      const at = end - first;
      if (end - 8 < first || at > bytes.length) continue;
      if (bytes.readUInt32LE(at - 4) === this.made % 2 ** 32) return end;
    }
    return start + 8;
  }

  private end(): void {
    if (this.out && this.outAt > 0) this.ready.push({ buffer: this.out, bytes: this.out.subarray(0, this.outAt) });
    else if (this.out) this.free.push(this.out);
    this.out = null;
    this.done = true;
    this.closeHandle();
  }

  private fail(err: Error): void {
    this.busy = false;
    if (this.closed || this.error || this.done) return;
    if (this.abandoned && this.finishGiven) {
      // The data stopped where the archive did: an end, not damage.
      this.end();
      this.wake();
      return;
    }
    if (this.blockGiven && this.headerTaken && NOT_A_MEMBER.has(err.message)) {
      // Bytes after a member that do not start another: the end of the data, as gzip reads it. This write read
      // the trailer (Z_BLOCK: it inflated nothing), then the bytes zlib refused. (Bytes after the data that are
      // longer than BLOCK_TAIL fail a write without Z_BLOCK, whose output is lost: that stays damage, as before.)
      this.endBefore(this.trailerEnd());
      if (this.inputTaken()) this.wakeFeederNow();
      this.wake();
      return;
    }
    if (this.tail && this.finishGiven && err.message === 'unexpected end of file') {
      // The stream ends in a stray byte or part of a member header after a whole member (gzip says "unexpected end
      // of file" and has output everything): the end of the data, the part bytes after it. The write that failed
      // had no input (Z_FINISH is given once all was taken) and made no output: nothing is lost.
      const part = partialHeaderAfterData(this.tail.subarray(TAIL - this.tailLength), this.made) ?? this.longHeaderAfterData();
      if (part !== null) {
        this.dataEnd = this.fedBytes - part;
        this.afterNonZero = true;
        this.end();
        this.wake();
        return;
      }
    }
    // What was inflated before the damage is still read, then the error.
    this.error = err;
    if (this.out && this.outAt > 0) this.ready.push({ buffer: this.out, bytes: this.out.subarray(0, this.outAt) });
    else if (this.out) this.free.push(this.out);
    this.out = null;
    this.closeHandle();
    this.wake();
  }

  private wakeFeederNow(): void {
    const f = this.wakeFeeder;
    this.wakeFeeder = null;
    f?.();
  }

  private wake(): void {
    this.wakeFeederNow();
    const r = this.wakeReader;
    this.wakeReader = null;
    r?.();
  }
}

/** A gunzip stream that reads bytes after the data as gzip does, and counts them (archive.ts's GzipMembers). */
export interface CountingGunzip extends Duplex {
  trailingBytes(): number;
}

/**
 * The same contract over Node's zlib stream (a new buffer for every chunk),
 * for a Node where zlib's handle is not found: given zlib options, over
 * zlib's Gunzip, which fails at bytes after the data; given a counting
 * gunzip (a rotated log inside the archive), over it, as NativeGunzip reads
 * them in `trailing` mode.
 */
export class StreamGunzip implements Inflater {
  private readonly gunzip: Gunzip | CountingGunzip;
  private readonly outputs: AsyncIterator<Buffer>;
  private full = false;
  private abandoned = false;

  constructor(from: ZlibOptions | CountingGunzip) {
    this.gunzip = from instanceof Duplex ? from : createGunzip(from);
    this.outputs = (this.gunzip as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  async needsInput(): Promise<void> {
    if (!this.full || this.gunzip.destroyed) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.gunzip.off('drain', done);
        this.gunzip.off('close', done);
        resolve();
      };
      this.gunzip.once('drain', done);
      this.gunzip.once('close', done);
    });
    this.full = false;
  }

  feed(chunk: Uint8Array): void {
    if (!this.gunzip.destroyed && !this.gunzip.writableEnded) this.full = !this.gunzip.write(chunk);
  }

  finish(): void {
    if (!this.gunzip.destroyed && !this.gunzip.writableEnded) this.gunzip.end();
  }

  /** Ends the input: what was given is read, and zlib's "unexpected end of file" after it is the end, not an error. */
  abandon(): void {
    this.abandoned = true;
    this.finish();
  }

  async next(): Promise<Buffer | null> {
    try {
      const r = await this.outputs.next();
      return r.done ? null : r.value;
    } catch (err) {
      if (this.abandoned) return null;
      throw err;
    }
  }

  close(): void {
    this.gunzip.destroy();
  }

  /** Counted by a counting gunzip; zlib's own stream fails at bytes after the data instead. */
  trailingBytes(): number {
    return 'trailingBytes' in this.gunzip ? this.gunzip.trailingBytes() : 0;
  }
}
