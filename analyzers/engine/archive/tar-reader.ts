// The tar framing, read from chunks as they come and handed on without
// streams (issue 21). tar-stream made every chunk of every member a Buffer
// pushed through a Writable and a Readable per member, and kept the chunks it
// was given in its queue: the gunzip in front of it therefore had to make a
// new 1 MiB Buffer for each chunk (3.2 GB of them on the large bench archive,
// 513 MB on the ten nodes), and V8 counts their memory towards its old
// generation, so they set off most of the full collections of a run. Here a
// chunk is read to its end before the next is asked for, and a member's data
// is handed to its reader one piece at a time, each taken back when the reader
// asks for the next: the source may reuse its buffers (NativeFileGunzip).
//
// The headers are read as tar-stream reads them (ustar, GNU and V7 headers,
// GNU long names, pax records, base-256 numbers, the same checks and error
// messages: the reasons the archive reader gives are matched on them).

/** The tar's bytes, one chunk at a time; a chunk is valid until the next call. */
export interface ChunkSource {
  next(): Promise<Buffer | null>;
  /** A chunk's memory is written again after the next call: what must outlive it is copied (EntryData.reused). */
  readonly reused: boolean;
  /** Stops reading and frees what it holds (idempotent). */
  close(): void;
}

/** The fields of a tar header the archive reader uses, as tar-stream decodes them. */
export interface TarHeader {
  name: string;
  type: TarType | null;
  size: number;
  mtime: Date;
  linkname: string | null;
  /** Bytes of the tar before this member's data. */
  byteOffset: number;
  /**
   * A sparse file (GNU's 'S' header, or GNU's pax records of sparse formats 0.0, 0.1 and 1.0): its data in the
   * tar is the file's stored chunks (in 1.0 after a map), not the file. `size`: the file's own, when given.
   */
  sparse: { size: number | null } | null;
}

export type TarType =
  | 'file' | 'link' | 'symlink' | 'character-device' | 'block-device' | 'directory' | 'fifo' | 'contiguous-file'
  | 'pax-header' | 'pax-global-header' | 'gnu-long-link-path' | 'gnu-long-path' | 'gnu-sparse';

/** tar-stream's bound on a long name or pax header: past it the archive is refused. */
export const MAX_LONG_HEADER = 4 * 1024 * 1024;

const BLOCK = 512;
const INVALID_CHECKSUM = 'Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?';

function toType(flag: number): TarType | null {
  switch (flag) {
    case 0: return 'file';
    case 1: return 'link';
    case 2: return 'symlink';
    case 3: return 'character-device';
    case 4: return 'block-device';
    case 5: return 'directory';
    case 6: return 'fifo';
    case 7: return 'contiguous-file';
    case 35: return 'gnu-sparse';
    case 72: return 'pax-header';
    case 55: return 'pax-global-header';
    case 27: return 'gnu-long-link-path';
    case 28:
    case 30: return 'gnu-long-path';
    default: return null;
  }
}

function indexOfByte(b: Uint8Array, value: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (b[i] === value) return i;
  return end;
}

const decodeStr = (b: Buffer, from: number, length: number): string => b.toString('utf8', from, indexOfByte(b, 0, from, from + length));

/** A base-256 number (first byte 0x80, or 0xff for a negative one), as tar-stream (after node-tar) reads it; null for any other first byte. */
function parse256(b: Uint8Array): number | null {
  const first = b[0];
  const positive = first === 0x80;
  if (!positive && first !== 0xff) return null;
  let sum = 0;
  for (let i = b.length - 1, scale = 1; i > 0; i--, scale *= 256) sum += (positive ? (b[i] ?? 0) : 0xff - (b[i] ?? 0)) * scale;
  return positive ? sum : -sum;
}

/** An octal field (spaces before, a space or NUL after), or base-256; NaN or null where it is neither (the caller refuses the header). */
function decodeOct(b: Buffer, offset: number, length: number): number | null {
  const v = b.subarray(offset, offset + length);
  if ((v[0] ?? 0) & 0x80) return parse256(v);
  let at = 0;
  while (at < v.length && v[at] === 32) at++;
  const end = indexOfByte(v, 32, at, v.length);
  while (at < end && v[at] === 0) at++;
  if (end === at) return 0;
  return parseInt(v.toString('latin1', at, end), 8);
}

function checksum(b: Uint8Array): number {
  let sum = 8 * 32;
  for (let i = 0; i < 148; i++) sum += b[i] ?? 0;
  for (let i = 156; i < BLOCK; i++) sum += b[i] ?? 0;
  return sum;
}

const USTAR = Buffer.from('ustar\u0000', 'latin1');

/** One 512-byte header block; null for an all-zero one (the end-of-archive marker, passed over). */
export function decodeHeader(b: Buffer): TarHeader | null {
  const flag = b[156] === 0 ? 0 : (b[156] ?? 0) - 48;
  let name = decodeStr(b, 0, 100);
  const size = decodeOct(b, 124, 12);
  const mtime = decodeOct(b, 136, 12);
  const linkname = b[157] === 0 ? null : decodeStr(b, 157, 100);
  const sum = checksum(b);
  // The checksum of a block of zeros: no header.
  if (sum === 8 * 32) return null;
  if (sum !== decodeOct(b, 148, 8)) throw new Error(INVALID_CHECKSUM);
  // ustar: a prefix before the name. GNU and V7 (no magic) headers are read as they are.
  if (USTAR.equals(b.subarray(257, 263)) && b[345]) name = `${decodeStr(b, 345, 155)}/${name}`;
  // (tar-stream also turns a file whose name ends in "/" into a directory's flag, after it has taken the type: the type stays a file's.)
  const type = toType(flag);
  // GNU 'S': the file's size at 483, after the header's four map entries (386 + 4 × 24) and isextended (482).
  const sparse = type === 'gnu-sparse' ? { size: sizeOrNull(decodeOct(b, 483, 12)) } : null;
  return { name, type, size: size ?? NaN, mtime: new Date(1000 * (mtime ?? NaN)), linkname, byteOffset: 0, sparse };
}

const sizeOrNull = (n: number | null | undefined): number | null => (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null);

/** A numeric field as GNU writes one: octal digits (spaces before, NULs or a space after), all NULs, or base-256. */
function numericField(f: Uint8Array): boolean {
  if ((f[0] ?? 0) & 0x80) return true;
  let k = 0;
  while (k < f.length && f[k] === 0x20) k++;
  while (k < f.length && (f[k] ?? 0) >= 0x30 && (f[k] ?? 0) <= 0x37) k++;
  while (k < f.length && (f[k] === 0 || f[k] === 0x20)) k++;
  return k === f.length;
}

/**
 * Whether a block is GNU's sparse map going on: 21 entries of two numeric
 * fields, then isextended (0 or 1). A header that says one follows when none
 * does (the next block is its data, or another header) is believed as GNU
 * tar's extract believes it: not (the breaker's sparse-gnu.tar.gz).
 */
function isSparseExtension(b: Uint8Array): boolean {
  if ((b[504] ?? 0) > 1) return false;
  for (let i = 0; i < 42; i++) if (!numericField(b.subarray(i * 12, i * 12 + 12))) return false;
  return true;
}

/** GNU's pax records of a sparse file (formats 0.0, 0.1 and 1.0), or null when it is not one. */
function paxSparse(pax: Record<string, string>): { size: number | null } | null {
  const keys = ['GNU.sparse.major', 'GNU.sparse.map', 'GNU.sparse.numblocks', 'GNU.sparse.offset', 'GNU.sparse.realsize', 'GNU.sparse.size'];
  if (!keys.some((k) => pax[k] !== undefined)) return null;
  const size = pax['GNU.sparse.realsize'] ?? pax['GNU.sparse.size'];
  return { size: size !== undefined && /^\d+$/.test(size) ? sizeOrNull(Number(size)) : null };
}

/** pax records ("LEN key=value\n"), as tar-stream reads them: stops at the first that does not parse. */
function decodePax(b: Buffer): Record<string, string> {
  const result: Record<string, string> = {};
  let rest = b;
  while (rest.length) {
    const space = indexOfByte(rest, 32, 0, rest.length);
    const len = parseInt(rest.toString('utf8', 0, space), 10);
    if (!len) return result;
    const record = rest.toString('utf8', space + 1, len - 1);
    const eq = record.indexOf('=');
    if (eq === -1) return result;
    result[record.slice(0, eq)] = record.slice(eq + 1);
    rest = rest.subarray(len);
  }
  return result;
}

/** The padding after `size` bytes of data, to the next block. */
const padding = (size: number): number => {
  const r = size & 511;
  return r && BLOCK - r;
};

/**
 * A member's data as its reader sees it: an async iterable of pieces, each
 * valid until the reader asks for the next (then the tar reader goes on, and
 * the source may write over it). skip() passes the rest over unread.
 */
export class EntryData implements AsyncIterable<Buffer> {
  private piece: Buffer | null = null;
  private ended = false;
  private error: { err: unknown } | null = null;
  private skipped = false;
  /** The tar reader, waiting for the reader to take the piece and ask for the next. */
  private taken: (() => void) | null = null;
  /** The reader, waiting for a piece. */
  private waiting: (() => void) | null = null;

  constructor(readonly reused: boolean) {}

  /** Whether the reader passes the rest over (the tar reader then hands it nothing). */
  get skipping(): boolean {
    return this.skipped;
  }

  /** Passes the rest of the member over: resolves at its end (the archive's failure under it is not this member's). */
  skip(): Promise<void> {
    this.skipped = true;
    this.release();
    return new Promise<void>((resolve) => {
      const wait = (): void => {
        if (this.ended || this.error) resolve();
        else this.waiting = wait;
      };
      wait();
    });
  }

  /** For the tar reader: hands over a piece; resolves once the reader is done with it. */
  give(piece: Buffer): Promise<void> {
    this.piece = piece;
    const p = new Promise<void>((resolve) => {
      this.taken = resolve;
    });
    this.wake();
    return p;
  }

  /** For the tar reader: the member's data is whole. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  /** For the tar reader: the archive stopped under this member. */
  fail(err: unknown): void {
    this.error = { err };
    this.release();
    this.wake();
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return {
      next: async (): Promise<IteratorResult<Buffer>> => {
        this.release();
        for (;;) {
          const piece = this.piece;
          if (piece) {
            this.piece = null;
            return { value: piece, done: false };
          }
          if (this.error) throw this.error.err;
          if (this.ended || this.skipped) return { value: undefined, done: true };
          await new Promise<void>((resolve) => {
            this.waiting = resolve;
          });
        }
      },
      return: async (): Promise<IteratorResult<Buffer>> => {
        // A reader that stops early passes the rest over.
        void this.skip();
        return { value: undefined, done: true };
      },
    };
  }

  /** The reader is done with the last piece (or will take no more). */
  private release(): void {
    this.piece = null;
    const t = this.taken;
    this.taken = null;
    t?.();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }
}

/** A member being read: its data, its reader's promise, its size. */
interface Entry {
  data: EntryData;
  done: Promise<void>;
  size: number;
}

/** A GNU long name or a pax header, gathered whole before it is read. */
interface LongHeader {
  type: TarType;
  size: number;
  parts: Buffer[];
}

export interface TarCallbacks {
  /** Every chunk of the source, before it is read (the budget, the first block's check): throws to stop. */
  onChunk(chunk: Buffer, first: boolean): void;
  /** A member: returns once its reader has read (or passed over) all of `data`. */
  onEntry(header: TarHeader, data: EntryData): Promise<void>;
}

/**
 * Reads the tar from `source` to its end, member by member, each handed to
 * onEntry and read by it before the next header is read. Throws at the first
 * error (the source's, a header's, onEntry's); the member being read then sees
 * the error as the end of its data.
 */
export async function readTarChunks(source: ChunkSource, callbacks: TarCallbacks): Promise<void> {
  /** Bytes of the tar read so far. */
  let offset = 0;
  /** Bytes still to come of the current member's data, long header or padding. */
  let missing = 0;
  /** The member whose data comes next, and the long name or pax header being gathered (set by `header`). */
  const cur: { entry: Entry | null; long: LongHeader | null } = { entry: null, long: null };
  let gnuLongPath: string | null = null;
  let gnuLongLinkPath: string | null = null;
  let pax: Record<string, string> | null = null;
  let paxGlobal: Record<string, string> | null = null;
  /** A header block split between two chunks: its first part, copied. */
  const partial = Buffer.alloc(BLOCK);
  let partialBytes = 0;
  let first = true;
  /** A GNU sparse header whose map goes on in the blocks after it (isextended), and how many were read. */
  let extended: { header: TarHeader; blocks: number } | null = null;

  const applyLong = (h: TarHeader): void => {
    if (gnuLongPath !== null) h.name = gnuLongPath;
    if (gnuLongLinkPath !== null) h.linkname = gnuLongLinkPath;
    if (pax) {
      if (pax['path']) h.name = pax['path'];
      if (pax['linkpath']) h.linkname = pax['linkpath'];
      if (pax['size']) h.size = parseInt(pax['size'], 10);
      const sparse = paxSparse(pax);
      if (sparse) {
        h.sparse = sparse;
        // 0.1 and 1.0 name the member GNUSparseFile.N/… and the file in a record.
        if (pax['GNU.sparse.name']) h.name = pax['GNU.sparse.name'];
      }
    }
    gnuLongPath = gnuLongLinkPath = null;
    pax = null;
  };

  const endLong = (l: LongHeader): void => {
    const b = l.parts.length === 1 ? (l.parts[0] as Buffer) : Buffer.concat(l.parts);
    if (l.type === 'gnu-long-path') gnuLongPath = decodeStr(b, 0, b.length);
    else if (l.type === 'gnu-long-link-path') gnuLongLinkPath = decodeStr(b, 0, b.length);
    else if (l.type === 'pax-global-header') paxGlobal = decodePax(b);
    else pax = paxGlobal === null ? decodePax(b) : { ...paxGlobal, ...decodePax(b) };
  };

  /** A member whose header (and long name, pax records, sparse map) is read: handed on, its data to come. */
  const startEntry = async (h: TarHeader): Promise<void> => {
    h.byteOffset = offset;
    if (!(h.size >= 0)) throw new Error('Invalid header');
    const data = new EntryData(source.reused);
    if (h.size === 0 || h.type === 'directory') {
      data.end();
      await callbacks.onEntry(h, data);
      return;
    }
    missing = h.size;
    const entry: Entry = { data, done: callbacks.onEntry(h, data), size: h.size };
    // Its failure stops the read at the next piece (below); never unhandled meanwhile.
    entry.done.catch(() => undefined);
    cur.entry = entry;
  };

  /**
   * A whole header block: a member (read to its end here when it has no
   * data), a long header to gather, or nothing. False: the block was not a
   * header but the data of the member it started (a sparse map said to go on
   * that does not): the caller reads it as that.
   */
  const header = async (block: Buffer): Promise<boolean> => {
    if (extended) {
      const h = extended.header;
      if (!isSparseExtension(block)) {
        extended = null;
        await startEntry(h);
        return false;
      }
      // GNU's sparse map goes on, 21 entries a block (not counted in the member's size); isextended at 504.
      offset += BLOCK;
      if (++extended.blocks > MAX_LONG_HEADER / BLOCK) throw new Error('Header exceeds max size');
      if (block[504]) return true;
      extended = null;
      await startEntry(h);
      return true;
    }
    const h = decodeHeader(block);
    offset += BLOCK;
    if (!h) return true;
    h.byteOffset = offset;
    if (h.type === 'gnu-long-path' || h.type === 'gnu-long-link-path' || h.type === 'pax-global-header' || h.type === 'pax-header') {
      if (h.size > MAX_LONG_HEADER) throw new Error('Header exceeds max size');
      if (!(h.size >= 0)) throw new Error('Invalid header');
      const long: LongHeader = { type: h.type, size: h.size, parts: [] };
      missing = h.size;
      if (missing === 0) endLong(long);
      else cur.long = long;
      return true;
    }
    applyLong(h);
    if (h.type === 'gnu-sparse' && block[482]) {
      extended = { header: h, blocks: 0 };
      return true;
    }
    await startEntry(h);
    return true;
  };

  /** Takes what `bytes` holds of the current member's data, long header or padding (`missing` of them); returns how many. */
  const takeData = async (bytes: Buffer): Promise<number> => {
    const take = Math.min(missing, bytes.length);
    const piece = bytes.subarray(0, take);
    offset += take;
    missing -= take;
    const e = cur.entry;
    const l = cur.long;
    if (e) {
      // The reader takes the piece, or has failed (then its error stops the read).
      if (!e.data.skipping) await Promise.race([e.data.give(piece), e.done]);
      if (missing === 0) {
        e.data.end();
        await e.done;
        cur.entry = null;
        missing = padding(e.size);
      }
    } else if (l) {
      l.parts.push(Buffer.from(piece));
      if (missing === 0) {
        endLong(l);
        cur.long = null;
        missing = padding(l.size);
      }
    }
    return take;
  };

  /** A block read as a header that was the member's data after all (header() returned false). */
  const asData = async (block: Buffer): Promise<void> => {
    let off = 0;
    while (off < block.length) {
      if (missing > 0) off += await takeData(block.subarray(off));
      else {
        // A member with no data: the block is the next header after all.
        await header(block.subarray(off));
        off = block.length;
      }
    }
  };

  try {
    for (let chunk = await source.next(); chunk; chunk = await source.next()) {
      callbacks.onChunk(chunk, first);
      first = false;
      let at = 0;
      while (at < chunk.length) {
        const avail = chunk.length - at;
        if (missing > 0) {
          at += await takeData(chunk.subarray(at, at + Math.min(missing, avail)));
          continue;
        }
        if (partialBytes > 0 || avail < BLOCK) {
          const take = Math.min(BLOCK - partialBytes, avail);
          chunk.copy(partial, partialBytes, at, at + take);
          partialBytes += take;
          at += take;
          if (partialBytes < BLOCK) continue;
          partialBytes = 0;
          if (!(await header(partial))) await asData(Buffer.from(partial));
          continue;
        }
        const block = chunk.subarray(at, at + BLOCK);
        at += BLOCK;
        if (!(await header(block))) await asData(block);
      }
    }
    if (missing > 0 || partialBytes > 0 || cur.entry || extended) throw new Error('Unexpected end of data');
  } catch (err) {
    const e = cur.entry;
    if (e) {
      e.data.fail(err);
      await e.done.catch(() => undefined);
    }
    throw err;
  } finally {
    source.close();
  }
}
