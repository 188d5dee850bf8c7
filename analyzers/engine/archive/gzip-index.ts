// Random access into gzip data (zlib's zran.c idea): while a gzip stream is
// inflated once, checkpoints are recorded every CHECKPOINT_SPAN bytes of
// output, each at a deflate block boundary: the output offset, the compressed
// byte and bit where the block starts, and the 32 KiB of output before it (the
// dictionary the block may refer back into), kept deflated. A later read of
// any range then inflates from the checkpoint before it, a few MiB, instead
// of from the start of the stream.
//
// Node's zlib has no inflatePrime and does not say where in a byte a block
// ends (strm.data_type), but its stream's internal handle inflates with
// Z_BLOCK, which stops at every block boundary. A checkpoint is kept only at
// a boundary that falls between two bytes (about one in eight: after a stored
// block, or by chance), found by trial: the bytes from there, inflated with the
// window as dictionary, give the output the pass saw. Shifting the bytes of a
// boundary inside a byte by its bits (instead of inflatePrime) does not work:
// a stored block later on starts at a byte boundary of the file, which the
// shift moves (tried: "invalid stored block lengths" a few MiB on, in the
// large bench archive's rotated logs). A read then inflates from the
// checkpoint's byte through the same handle (with the window as dictionary),
// into a buffer its source keeps (gzipSource).
// Where the handle is missing or behaves otherwise (another Node, Electron's),
// gzipIndexSupported() says no and callers keep to their streaming ways.
import { closeSync, openSync, readSync } from 'node:fs';
import type { Inflate } from 'node:zlib';
import * as zlib from 'node:zlib';

/**
 * Where a gzip member header starting at p[0] ends, after the optional fields
 * its flags (p[3]) announce (FEXTRA, FNAME, FCOMMENT, FHCRC); null when `p`
 * does not hold them all yet. The fixed ten bytes are the caller's to check.
 */
export function gzipHeaderEnd(p: Uint8Array, flags: number): number | null {
  let at = 10;
  if (flags & 4) {
    if (p.length < at + 2) return null;
    at += 2 + ((p[at] ?? 0) | ((p[at + 1] ?? 0) << 8));
  }
  for (const flag of [8, 16]) {
    if (!(flags & flag)) continue;
    const nul = p.indexOf(0, at);
    if (nul < 0) return null;
    at = nul + 1;
  }
  if (flags & 2) at += 2;
  return p.length < at ? null : at;
}

/** Output between checkpoints: a read inflates about this much at most before what it wants (measured: docs/performance.md). */
export const CHECKPOINT_SPAN = 4 * 1024 * 1024;

/** The dictionary deflate may refer back into. */
const WINDOW = 32 * 1024;

/** Compressed bytes after a boundary kept to find its bit, and output bytes compared. */
const VERIFY_IN = 8 * 1024;
const VERIFY_OUT = 512;

/**
 * Output a read inflates at most before what it wants: a stream whose block
 * boundaries never fall between bytes has no checkpoints, and a read there is
 * refused rather than inflating gigabytes.
 */
export const MAX_READ_SPAN = 64 * 1024 * 1024;

/** Output chunk the indexer yields (as archive.ts reads: 1 MiB). */
export const INDEX_OUT_CHUNK = 1 << 20;

/** How long a gzip header may be (name and comment are unbounded in the format). */
const MAX_HEADER = 1 << 20;

/** A place a read can start inflating at. */
export interface Checkpoint {
  /** Offset in the uncompressed stream. */
  out: number;
  /** Offset of the block's first byte in the compressed stream (blocks kept start on a byte). */
  in: number;
  /** The 32 KiB of output before `out`, deflated; null at the start of a gzip member. */
  window: Uint8Array | null;
}

/** One gzip member of the stream (concatenated gzip files are several). */
export interface GzipPart {
  /** Where its output starts and ends in the uncompressed stream. */
  out: number;
  end: number;
  /** Where its deflate data starts and ends (-1 until known) in the compressed stream. */
  in: number;
  inEnd: number;
  checkpoints: Checkpoint[];
}

/** What a pass over a gzip stream recorded: plain data (a worker posts it). */
export interface GzipIndex {
  parts: GzipPart[];
  /** Uncompressed bytes inflated. */
  size: number;
  /** The whole stream was read and each member's CRC-32 and length matched. */
  complete: boolean;
  /** Why it is not complete (English, for logs and tests), else null. */
  problem: string | null;
  /** Bytes after the gzip data (not zeros) were ignored, as gzip ignores them. */
  trailing: boolean;
}

/** Bytes an index holds (windows, and a few numbers per checkpoint). */
export function indexBytes(index: GzipIndex): number {
  let n = 64;
  for (const p of index.parts) for (const c of p.checkpoints) n += 48 + (c.window?.byteLength ?? 0);
  return n;
}

/** zlib's internal handle as the stream's own code drives it (lib/zlib.js processChunkSync). */
interface RawHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
}

/** One raw inflate driven block by block: what building an index needs of zlib's internals. */
export interface BlockInflater {
  /** Inflates; stops at a block boundary, when the output is full, or when the input is used up. */
  write(input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): { availIn: number; availOut: number };
  /** The error zlib reported (a corrupt stream), if any. */
  failed(): Error | null;
  close(): void;
}

export type BlockInflaterFactory = () => BlockInflater;

/** Building an index: zlib's handle stopping at every block boundary (Z_BLOCK). */
const handleInflater = (): BlockInflater => rawInflater(null, zlib.constants.Z_BLOCK);

let factory: BlockInflaterFactory | null | undefined;

/**
 * For tests: another way to inflate block by block (kept only if it passes
 * the same self-test as zlib's), or null for none (as on a Node without the
 * internals); undefined to probe zlib again.
 */
export function setBlockInflater(f: BlockInflaterFactory | null | undefined): void {
  factory = f ? probe(f) : f;
}

/** A small stream of stored, fixed and dynamic blocks, indexed and read back: the internals behave as this module expects. */
function probe(make: BlockInflaterFactory = handleInflater): BlockInflaterFactory | null {
  try {
    const parts: Buffer[] = [];
    let seed = 7;
    for (let i = 0; i < 3000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      parts.push(Buffer.from(`line ${i} ${seed.toString(36)} ${'x'.repeat(seed % 40)}\n`));
    }
    const text = Buffer.concat(parts);
    const gz = Buffer.concat([zlib.gzipSync(text.subarray(0, 60_000), { level: 0 }), zlib.gzipSync(text.subarray(60_000), { level: 9, memLevel: 1 })]);
    const indexer = new GzipIndexer({ span: 8192, inflater: make });
    const out: Buffer[] = [];
    for (const b of indexer.write(gz)) out.push(Buffer.from(b));
    for (const b of indexer.end()) out.push(Buffer.from(b));
    if (!indexer.index.complete || !Buffer.concat(out).equals(text)) return null;
    if (indexer.index.parts.reduce((n, p) => n + p.checkpoints.length, 0) < 4) return null;
    const source = bufferSource(gz);
    for (const at of [0, 9_000, 59_990, 61_234, text.length - 100]) {
      if (!readGzip(indexer.index, source, at, 100).equals(text.subarray(at, at + 100))) return null;
    }
    return make;
  } catch {
    return null;
  }
}

/** How to inflate block by block here, or null where zlib's internals are missing. */
export function blockInflater(): BlockInflaterFactory | null {
  if (factory === undefined) factory = probe();
  return factory;
}

/** Whether an index can be built in this process (reads need nothing more than zlib's public API). */
export function gzipIndexSupported(): boolean {
  return blockInflater() !== null;
}

const crc32: ((data: Uint8Array, value?: number) => number) | null = typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (zlib as unknown as { crc32: (d: Uint8Array, v?: number) => number }).crc32 : null;

interface Pending {
  out: number;
  /** The consumed offset at the boundary (absolute): the next block starts there if the boundary is between bytes. */
  at: number;
  comp: Buffer;
  window: Buffer;
  truth: Buffer;
  got: number;
}

export interface IndexerOptions {
  span?: number;
  /** Reuse two output buffers (the caller copies what it keeps before the next write): an index of a stream no one reads on. */
  reuse?: boolean;
  inflater?: BlockInflaterFactory;
  /**
   * Raw deflate data, no gzip framing (a zip member's): one part, from the
   * first byte pushed; its end is where the deflate data ends (bytes after
   * it are ignored, `trailing` set). The caller checks the length and CRC-32
   * its container gives.
   */
  raw?: boolean;
}

/**
 * Inflates a gzip stream (one or more members) pushed in chunks, yielding
 * its output in chunks of INDEX_OUT_CHUNK (the last shorter), and records
 * its index. A corrupt or cut stream ends the output where it broke, with
 * `index.problem` saying why; it never throws past `write`/`end` but for the
 * generator's consumer stopping it.
 */
export class GzipIndexer {
  readonly index: GzipIndex = { parts: [], size: 0, complete: false, problem: null, trailing: false };
  private readonly span: number;
  private readonly make: BlockInflaterFactory;
  private state: 'header' | 'body' | 'trailer' | 'after' | 'zeros' | 'done' = 'header';
  /** Where the last member's data ended (after its trailer), in compressed bytes: bytes after it are counted from there. */
  private dataEnd: number | null = null;
  private left: Buffer = Buffer.alloc(0);
  /** Absolute compressed offset of the next byte pushed. */
  private base = 0;
  private inflater: BlockInflater | null = null;
  private out: Buffer;
  private outPos = 0;
  private prev: Buffer | null = null;
  private spare: Buffer | null = null;
  private crc = 0;
  private memberSize = 0;
  private lastCheckpoint = 0;
  private pending: Pending | null = null;

  constructor(private readonly options: IndexerOptions = {}) {
    this.span = options.span ?? CHECKPOINT_SPAN;
    const make = options.inflater ?? blockInflater();
    if (!make) throw new Error('gzip random access is not available in this process (zlib internals missing)');
    this.make = make;
    this.out = Buffer.allocUnsafe(INDEX_OUT_CHUNK);
  }

  /** Read through a method: TypeScript would narrow the state across the calls that change it. */
  private get done(): boolean {
    return this.state === 'done';
  }

  private get part(): GzipPart | undefined {
    return this.index.parts[this.index.parts.length - 1];
  }

  /** Pushes compressed bytes; yields the output chunks they fill. */
  *write(chunk: Buffer): Generator<Buffer> {
    if (this.done) {
      // Bytes after the data: only counted (trailingBytes).
      this.base += chunk.length;
      return;
    }
    const inputBase = this.base - this.left.length;
    const input = this.left.length ? Buffer.concat([this.left, chunk]) : chunk;
    this.base += chunk.length;
    this.left = Buffer.alloc(0);
    if (this.pending && this.pending.comp.length < VERIFY_IN) {
      // The bytes after a boundary that came at the end of the last chunk.
      const more = chunk.subarray(0, VERIFY_IN - this.pending.comp.length);
      this.pending.comp = Buffer.concat([this.pending.comp, more]);
    }
    let pos = 0;
    while (pos < input.length && !this.done) {
      if (this.state === 'header' && this.options.raw) {
        this.startPart(inputBase + pos);
      } else if (this.state === 'header') {
        const len = this.headerLength(input.subarray(pos));
        if (len === null) break;
        pos += len;
        this.startPart(inputBase + pos);
      } else if (this.state === 'body') {
        const r = yield* this.inflate(input, pos, inputBase);
        pos = r;
        if (this.state === 'body') break;
      } else if (this.state === 'trailer') {
        if (input.length - pos < 8) break;
        this.trailer(input, pos);
        pos += 8;
        this.dataEnd = inputBase + pos;
      } else if (this.state === 'after' && input[pos] === 0x1f) {
        this.state = 'header';
      } else if (this.state === 'after' || this.state === 'zeros') {
        // Zeros after the data: padding, ignored as gzip ignores them (and zlib stops at the first: no member after).
        const zeros = input.subarray(pos).every((b) => b === 0);
        if (zeros) {
          this.state = 'zeros';
          pos = input.length;
        } else {
          this.index.trailing = true;
          this.finish(null);
        }
      }
    }
    if (!this.done && pos < input.length) {
      this.left = Buffer.from(input.subarray(pos));
      if (this.left.length > MAX_HEADER) {
        // After a member, a header that goes on past any real one is bytes after the data (gzip's "trailing garbage").
        if (this.dataEnd !== null) {
          this.index.trailing = true;
          this.finish(null);
        } else this.finish('invalid gzip header (too long)');
      }
    }
  }

  /** The stream ended: yields the last output; `index.complete` says whether it ended where gzip data may. */
  *end(): Generator<Buffer> {
    if (this.options.raw && this.state === 'body') {
      // zlib does not say that raw deflate data ended exactly where the input did: one more byte, not taken, says so.
      // Taken (the data goes on), what it made is not the stream's: the stream was cut, and is said to be.
      const before = this.index.size;
      for (const _ of this.inflate(Buffer.alloc(1), 0, this.base)) void _;
      if (this.done && this.index.complete) this.index.trailing = false;
      else if (!this.done) {
        // A byte a stored block took: not the stream's, not given.
        this.outPos = Math.max(0, this.outPos - (this.index.size - before));
        this.index.size = before;
        this.finish('unexpected end of file');
      }
    }
    if (this.outPos > 0) {
      const last = this.out.subarray(0, this.outPos);
      this.outPos = 0;
      yield last;
    }
    if (this.state === 'after' || this.state === 'zeros') this.finish(null);
    else if (this.options.raw && this.state === 'header') {
      // Nothing pushed: an empty member (zip stores none of its data as deflate).
      this.index.parts.push({ out: 0, end: 0, in: 0, inEnd: 0, checkpoints: [{ out: 0, in: 0, window: null }] });
      this.finish(null);
    } else if (this.state === 'header' && this.index.parts.length > 0 && this.left.length === 0) this.finish(null);
    else if (this.state === 'header' && this.index.parts.length > 0) {
      // A partial header after a member: gzip calls it trailing garbage.
      this.index.trailing = true;
      this.finish(null);
    } else if (this.state !== 'done') this.finish('unexpected end of file');
  }

  /**
   * Bytes after the end of the gzip data that were ignored (not all zeros:
   * gzip's "trailing garbage"), counted from the end of the last member's
   * trailer to the last byte pushed; 0 when there were none.
   */
  get trailingBytes(): number {
    return this.index.trailing && this.dataEnd !== null ? this.base - this.dataEnd : 0;
  }

  /** Stops here (the reader gave up): the index holds what was read. */
  close(): void {
    if (this.state !== 'done') this.finish('stopped before the end');
  }

  private finish(problem: string | null): void {
    this.state = 'done';
    this.inflater?.close();
    this.inflater = null;
    this.pending = null;
    this.left = Buffer.alloc(0);
    this.index.problem = problem;
    this.index.complete = problem === null;
  }

  /** Length of the gzip header at the start of `p`, null when more bytes are needed (or it is not gzip: then done). */
  private headerLength(p: Buffer): number | null {
    const fail = (m: string): null => {
      if (this.index.parts.length > 0) {
        this.index.trailing = true;
        this.finish(null);
      } else this.finish(m);
      return null;
    };
    if (p.length >= 1 && p[0] !== 0x1f) return fail('incorrect header check');
    if (p.length >= 2 && p[1] !== 0x8b) return fail('incorrect header check');
    if (p.length >= 3 && p[2] !== 8) return fail('unknown compression method');
    if (p.length < 10) return null;
    const flags = p[3] ?? 0;
    if (flags & 0xe0) return fail('unknown header flags set');
    const at = gzipHeaderEnd(p, flags);
    if (at === null) return null;
    // FHCRC, as zlib checks it: a damaged header is damage, after a member too (magic and method matched).
    if (flags & 2 && crc32 && p.readUInt16LE(at - 2) !== (crc32(p.subarray(0, at - 2)) & 0xffff)) {
      this.finish('header crc mismatch');
      return null;
    }
    return at;
  }

  private startPart(inAt: number): void {
    const out = this.index.size;
    this.index.parts.push({ out, end: out, in: inAt, inEnd: -1, checkpoints: [{ out, in: inAt, window: null }] });
    this.lastCheckpoint = out;
    this.inflater = this.make();
    this.crc = 0;
    this.memberSize = 0;
    this.state = 'body';
  }

  private trailer(input: Buffer, pos: number): void {
    if (crc32 && input.readUInt32LE(pos) !== this.crc >>> 0) return this.finish('incorrect data check');
    if (input.readUInt32LE(pos + 4) !== this.memberSize) return this.finish('incorrect length check');
    this.state = 'after';
  }

  /** Inflates from `pos` until the input is used up or the member's data ends; returns where it stopped. */
  private *inflate(input: Buffer, start: number, inputBase: number): Generator<Buffer, number> {
    const inflater = this.inflater as BlockInflater;
    const part = this.part as GzipPart;
    let pos = start;
    for (;;) {
      const inLen = input.length - pos;
      const outLen = this.out.length - this.outPos;
      const { availIn, availOut } = inflater.write(input, pos, inLen, this.out, this.outPos, outLen);
      const err = inflater.failed();
      if (err) {
        this.finish(err.message);
        return input.length;
      }
      const used = inLen - availIn;
      const made = outLen - availOut;
      if (made > 0) this.produced(made);
      pos += used;
      if (used === 0 && made === 0) {
        if (availIn === 0) return pos;
        // The deflate data ended: the trailer follows.
        part.inEnd = inputBase + pos;
        part.end = this.index.size;
        this.pending = null;
        inflater.close();
        this.inflater = null;
        this.state = 'trailer';
        if (this.options.raw) {
          // No trailer: whatever follows the deflate data is not this member's.
          this.dataEnd = inputBase + pos;
          if (pos < input.length) this.index.trailing = true;
          this.finish(null);
        }
        return pos;
      }
      const boundary = availIn > 0 && availOut > 0;
      if (this.outPos === this.out.length) {
        const full = this.out;
        this.prev = full;
        this.out = (this.options.reuse ? this.spare : null) ?? Buffer.allocUnsafe(INDEX_OUT_CHUNK);
        this.spare = full;
        this.outPos = 0;
        yield full;
      }
      if (boundary && !this.pending && this.index.size - this.lastCheckpoint >= this.span) {
        // A few KiB of the bytes after it tell whether the next block starts on this byte.
        this.pending = { out: this.index.size, at: inputBase + pos, comp: Buffer.from(input.subarray(pos, pos + VERIFY_IN)), window: this.window(), truth: Buffer.allocUnsafe(VERIFY_OUT), got: 0 };
      }
      if (availIn === 0) return pos;
    }
  }

  /** Accounts for `made` new bytes of output at outPos. */
  private produced(made: number): void {
    const chunk = this.out.subarray(this.outPos, this.outPos + made);
    if (crc32) this.crc = crc32(chunk, this.crc);
    this.memberSize = (this.memberSize + made) % 2 ** 32;
    this.outPos += made;
    this.index.size += made;
    (this.part as GzipPart).end = this.index.size;
    const p = this.pending;
    if (p) {
      const n = Math.min(VERIFY_OUT - p.got, made);
      chunk.copy(p.truth, p.got, 0, n);
      p.got += n;
      if (p.got === VERIFY_OUT) this.settle(p);
    }
  }

  /** The 32 KiB of output before the current position. */
  private window(): Buffer {
    const size = Math.min(WINDOW, this.index.size - (this.part as GzipPart).out);
    if (this.outPos >= size) return Buffer.from(this.out.subarray(this.outPos - size, this.outPos));
    const prev = this.prev as Buffer;
    return Buffer.concat([prev.subarray(prev.length - (size - this.outPos)), this.out.subarray(0, this.outPos)]);
  }

  /** Keeps the pending checkpoint if the block after it starts on its byte: the bytes from there inflate to the output seen. */
  private settle(p: Pending): void {
    this.pending = null;
    if (!startsOnByte(p.comp, p.window, p.truth)) return;
    // Copied to a buffer of its own: a small one may be a view into a shared pool, which a worker's message would copy whole.
    (this.part as GzipPart).checkpoints.push({ out: p.out, in: p.at, window: new Uint8Array(zlib.deflateRawSync(p.window)) });
    this.lastCheckpoint = p.out;
  }
}

/** Whether `comp`, inflated with `window` as its dictionary, starts with `truth` (a block starts at its first bit). */
function startsOnByte(comp: Buffer, window: Buffer, truth: Buffer): boolean {
  try {
    const out = zlib.inflateRawSync(comp, { finishFlush: zlib.constants.Z_SYNC_FLUSH, ...(window.length ? { dictionary: window } : {}) });
    return out.length >= truth.length && out.subarray(0, truth.length).equals(truth);
  } catch {
    // Not a block's start: the boundary is inside the byte.
    return false;
  }
}

/** Bytes at any offset of something: a file, a range of one, the output of an index. */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `offset` (fewer at the end); throws when they cannot be read. */
  read(offset: number, length: number): Buffer;
  /** Bytes from `offset` into `buf` (as many as fit; fewer at the end): the count. A file has it; a read through an index does not. */
  readInto?(offset: number, buf: Buffer): number;
}

export function bufferSource(buf: Buffer): ByteSource {
  return { size: buf.length, read: (offset, length) => buf.subarray(offset, Math.min(buf.length, offset + length)) };
}

/** A file's bytes, read when asked (opened and closed for each read: nothing held between them). */
export function fileSource(path: string, size: number): ByteSource {
  const into = (offset: number, buf: Buffer, length: number): number => {
    const want = Math.max(0, Math.min(length, size - offset));
    const fd = openSync(path, 'r');
    try {
      let got = 0;
      while (got < want) {
        const n = readSync(fd, buf, got, want - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return got;
    } finally {
      closeSync(fd);
    }
  };
  return {
    size,
    read(offset, length) {
      const buf = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - offset)));
      const got = into(offset, buf, buf.length);
      return got === buf.length ? buf : buf.subarray(0, got);
    },
    readInto: (offset, buf) => into(offset, buf, buf.length),
  };
}

/** Makes the buffers a gzip source inflates into (tests count them). */
export type SpanAllocator = (bytes: number) => Buffer;

export interface GzipSourceOptions {
  /** Told the bytes each read inflated. */
  onInflate?: (bytes: number) => void;
  alloc?: SpanAllocator;
}

/** A gzip source: bytes read through an index, the last span inflated kept in one buffer of its own. */
export interface GzipSource extends ByteSource {
  /** Lets go of its buffers: kept as spares for the next source made (no new allocation), or, with `spare` false, given back. */
  release(spare?: boolean): void;
}

/** Compressed bytes given to zlib per write (read into one buffer of the source's). */
const IN_PIECE = 256 * 1024;
/** The span buffer a source starts with: a span is a checkpoint's distance (about CHECKPOINT_SPAN, at most twice). */
const SPAN_BYTES = 2 * CHECKPOINT_SPAN + 64 * 1024;
/** Span buffers of released sources, reused by the next (an ArchiveStore has its tar stream's and two members'). */
const spareSpans: Buffer[] = [];
const MAX_SPARE_SPANS = 2;

/** Forgets the spare span buffers (garbage at the next collection; for tests, a count of allocations then starts from none). */
export function dropSpareSpans(): void {
  spareSpans.length = 0;
}

/**
 * The output of an indexed gzip stream as a source. The span last inflated
 * (from a checkpoint to the next, about CHECKPOINT_SPAN) is kept: reads near
 * one another (a screen, then the next) inflate once. Every read inflates
 * into the SAME buffer (zlib's handle, as native-gunzip.ts drives it), from
 * compressed bytes read into one small buffer: a buffer of several MiB made
 * per read and let go lands in the C library's heap once its mmap threshold
 * has risen (it rises to the largest block freed, up to 32 MiB), and stayed
 * there resident after the opens (docs/performance.md). What a read returns
 * is valid until the next read of this source: callers copy or decode it first.
 */
export function gzipSource(index: GzipIndex, compressed: ByteSource, options: GzipSourceOptions | ((bytes: number) => void) = {}): GzipSource {
  const opts: GzipSourceOptions = typeof options === 'function' ? { onInflate: options } : options;
  const alloc = opts.alloc ?? ((n: number): Buffer => Buffer.allocUnsafe(n));
  let span: Buffer | null = null;
  let input: Buffer | null = null;
  let cached: { from: number; data: Buffer } | null = null;
  return {
    size: index.size,
    read(offset, length) {
      const end = Math.min(offset + length, index.size);
      if (end <= offset) return Buffer.alloc(0);
      if (cached && offset >= cached.from && end <= cached.from + cached.data.length) return cached.data.subarray(offset - cached.from, end - cached.from);
      const part = index.parts.find((p) => p.out <= offset && offset < p.end);
      if (!part || end > part.end) return readGzip(index, compressed, offset, length);
      const at = checkpointAt(part, offset);
      const cp = part.checkpoints[at] as Checkpoint;
      const next = part.checkpoints[at + 1];
      const spanEnd = Math.max(end, Math.min(next?.out ?? part.end, cp.out + 2 * CHECKPOINT_SPAN));
      if (spanEnd - cp.out > MAX_READ_SPAN) return readGzip(index, compressed, offset, length);
      cached = null;
      if (!span || span.length < spanEnd - cp.out) {
        const spare = spareSpans.findIndex((b) => b.length >= spanEnd - cp.out);
        span = spare >= 0 ? (spareSpans.splice(spare, 1)[0] as Buffer) : alloc(Math.max(SPAN_BYTES, spanEnd - cp.out));
      }
      if (!input && compressed.readInto) input = alloc(IN_PIECE);
      const made = inflateSpan(part, compressed, cp, spanEnd, span, input);
      cached = { from: cp.out, data: span.subarray(0, made) };
      opts.onInflate?.(made);
      if (made < end - cp.out) throw new Error('the compressed data ended before the range: the file changed since it was indexed');
      return span.subarray(offset - cp.out, end - cp.out);
    },
    release(spare = true) {
      cached = null;
      if (spare && span && span.length === SPAN_BYTES && spareSpans.length < MAX_SPARE_SPANS) spareSpans.push(span);
      span = null;
      input = null;
    },
  };
}

/**
 * A raw inflate through zlib's handle, with a dictionary: what a read from a
 * checkpoint drives (Z_SYNC_FLUSH: as far as input and output go), and, with
 * Z_BLOCK, what building an index drives.
 */
function rawInflater(dictionary: Buffer | null, flush: number = zlib.constants.Z_SYNC_FLUSH): BlockInflater & { stream: { reset(): void } } {
  const stream = zlib.createInflateRaw(dictionary ? { dictionary } : {}) as Inflate & { _handle?: RawHandle; _writeState?: Uint32Array; errored?: Error | null };
  const handle = stream._handle;
  const state = stream._writeState;
  if (!handle || typeof handle.writeSync !== 'function' || !(state instanceof Uint32Array) || state.length < 2) {
    stream.destroy();
    throw new Error('zlib internals not available');
  }
  // The stream's own error event would come later, on a tick: the error is read from it right after each write.
  stream.on('error', () => undefined);
  return {
    stream,
    write(inBuf, inOff, inLen, out, outOff, outLen) {
      handle.writeSync(flush, inBuf, inOff, inLen, out, outOff, outLen);
      return { availIn: state[1] ?? 0, availOut: state[0] ?? 0 };
    },
    failed: () => (stream.destroyed ? (stream.errored ?? new Error('inflate failed')) : null),
    close: () => stream.destroy(),
  };
}

/**
 * Raw deflate streams (the log view's kept blocks, each deflated on its own)
 * inflated one after another into a buffer the caller reuses, through one
 * zlib handle reset between them: a search over the blocks held makes no
 * buffer per block (inflateRawSync made one of 256 KiB for each, garbage
 * outside V8's heap until the next collection).
 */
export class RawBlockInflater {
  private inflater: ReturnType<typeof rawInflater> | null = null;
  private stream: { reset(): void } | null = null;

  /** The bytes `input` inflates to, written at the start of `out`; null when they do not fit (or zlib failed): the caller inflates it otherwise. */
  inflateInto(input: Uint8Array, out: Buffer): number | null {
    if (!this.inflater) {
      const made = rawInflater(null);
      this.inflater = made;
      this.stream = made.stream;
    } else this.stream?.reset();
    const inflater = this.inflater;
    let pos = 0;
    let made = 0;
    while (pos < input.length) {
      const { availIn, availOut } = inflater.write(input, pos, input.length - pos, out, made, out.length - made);
      if (inflater.failed()) {
        this.close();
        return null;
      }
      const used = input.length - pos - availIn;
      const got = out.length - made - availOut;
      pos += used;
      made += got;
      if (availOut === 0 && pos < input.length) return null;
      if (used === 0 && got === 0) break;
    }
    return made;
  }

  close(): void {
    this.inflater?.close();
    this.inflater = null;
    this.stream = null;
  }
}

/**
 * Inflates `part` from checkpoint `cp` into `out` up to `to` (stream offset),
 * or until its data ends; returns the bytes made. The compressed bytes are
 * read a piece at a time, into `input` where the source reads into a buffer.
 */
function inflateSpan(part: GzipPart, compressed: ByteSource, cp: Checkpoint, to: number, out: Buffer, input: Buffer | null): number {
  const inEnd = compressedEnd(part, compressed, cp, to);
  const window = cp.window ? zlib.inflateRawSync(cp.window) : null;
  const inflater = rawInflater(window);
  const want = to - cp.out;
  let made = 0;
  try {
    for (let at = cp.in; at < inEnd && made < want; ) {
      let piece: Buffer;
      if (input && compressed.readInto) piece = input.subarray(0, compressed.readInto(at, input.subarray(0, Math.min(input.length, inEnd - at))));
      else piece = compressed.read(at, Math.min(IN_PIECE, inEnd - at));
      if (piece.length === 0) break;
      let pos = 0;
      while (pos < piece.length && made < want) {
        const inLen = piece.length - pos;
        const outLen = want - made;
        const { availIn, availOut } = inflater.write(piece, pos, inLen, out, made, outLen);
        const err = inflater.failed();
        if (err) throw err;
        const used = inLen - availIn;
        const got = outLen - availOut;
        pos += used;
        made += got;
        // The deflate data ended (or zlib wants nothing more of these bytes).
        if (used === 0 && got === 0) return made;
      }
      at += piece.length;
    }
    return made;
  } finally {
    inflater.close();
  }
}

/** Where the compressed bytes a read from `cp` to `to` needs end: at the next checkpoint's block (which starts on a byte), or the member's end. */
function compressedEnd(part: GzipPart, compressed: ByteSource, cp: Checkpoint, to: number): number {
  const lo = part.checkpoints.indexOf(cp);
  const next = part.checkpoints.slice(lo + 1).find((c) => c.out >= to);
  const streamEnd = part.inEnd >= 0 ? part.inEnd : compressed.size;
  // A cut member's end is unknown: deflate never takes much more than its output (stored blocks: 5 bytes per 64 KiB).
  return Math.min(next ? next.in : streamEnd, cp.in + Math.ceil((to - cp.out) * 1.125) + 4096, streamEnd);
}

/** A range of another source. */
export function sliceSource(parent: ByteSource, start: number, size: number): ByteSource {
  return { size, read: (offset, length) => parent.read(start + offset, Math.max(0, Math.min(length, size - offset))) };
}

/**
 * `length` bytes from `offset` of the stream `index` was made of, read
 * through it from `compressed` (the gzip bytes). Throws when the stream
 * cannot give them (the file changed since, or the index does not reach).
 */
export function readGzip(index: GzipIndex, compressed: ByteSource, offset: number, length: number): Buffer {
  const end = Math.min(offset + length, index.size);
  const pieces: Buffer[] = [];
  let at = offset;
  while (at < end) {
    const part = index.parts.find((p) => p.out <= at && at < p.end);
    if (!part) throw new Error(`offset ${at} is not in the index`);
    const stop = Math.min(end, part.end);
    pieces.push(readPart(part, compressed, at, stop));
    at = stop;
  }
  return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
}

/** The number of the last checkpoint of `part` at or before `offset`. */
function checkpointAt(part: GzipPart, offset: number): number {
  const cps = part.checkpoints;
  let lo = 0;
  let hi = cps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((cps[mid] as Checkpoint).out <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function readPart(part: GzipPart, compressed: ByteSource, from: number, to: number): Buffer {
  const cp = part.checkpoints[checkpointAt(part, from)] as Checkpoint;
  if (to - cp.out > MAX_READ_SPAN) throw new Error('too far from a checkpoint of the index');
  // A read of its own (not a source's span): a buffer of just what it makes.
  const out = Buffer.allocUnsafe(to - cp.out);
  const made = inflateSpan(part, compressed, cp, to, out, null);
  if (made < to - cp.out) throw new Error('the compressed data ended before the range: the file changed since it was indexed');
  return out.subarray(from - cp.out, to - cp.out);
}
