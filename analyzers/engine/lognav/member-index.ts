// What the log view keeps of an archive's text members that its budget of
// deflated blocks cannot hold (issue 18): where each lies in the archive and
// a sparse index of its lines, so that any line of any member can be read
// again from the file, a few MiB inflated, instead of from the start.
//
// Made in the pass that keeps the blocks (keepPass with `index`): the
// archive's gzip is inflated here (archive/gzip-index.ts, checkpoints every
// 4 MiB of the tar stream) and its tar read from that; a rotated .gz member
// is inflated here too, its own gzip indexed the same way. Archives inside
// the archive (a .tar.gz in the .tar.gz, a ticket's node archives in a zip)
// are levels of their own: a level is a stream of bytes lying in another's
// output (the file's, for the outermost), with the index of its compression
// (gzip; a zip entry's raw deflate) or none (stored, a plain .tar); reading a
// level reads its parent's output through the parent's index first. Each
// text member gets its place (its level, data offset and size in that
// level's tar stream, its gzip's index if any) and a piece every PIECE_BYTES
// of its text: first line, byte offset, time of its first timed line.
import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import * as zlibNs from 'node:zlib';
import type { MemberHeader, StreamInput } from '../archive/archive.js';
import { LimitError } from '../archive/archive.js';
import { isGzip } from '../archive/archive-format.js';
import { afterGzipData } from '../archive/native-gunzip.js';
import type { ByteSource, GzipIndex, GzipSource } from '../archive/gzip-index.js';
import { GzipIndexer, INDEX_OUT_CHUNK, gzipIndexSupported, gzipSource, indexBytes, sliceSource } from '../archive/gzip-index.js';
import type { ZipEntryData } from '../archive/zip-container.js';
import { decodeLine } from '../lines/decode.js';
import { parseLogLine } from '../lines/syslog.js';
import type { Text } from '../plugin/text.js';
import { text } from '../plugin/text.js';
import { Budget, MAX_NESTING_DEPTH } from '../run/budget.js';
import { formatBytes } from '../report/units.js';
import type { ContentSink, WalkHandlers, WalkSource, WalkedMember } from './walk.js';

/** Text bytes per piece: one read of the log view's (as the kept blocks: a screen and more). */
export const PIECE_BYTES = 128 * 1024;

/** Lines whose first bytes are looked at for a piece's time (as a kept block's). */
const TIME_LINES = 20;
const TIME_BYTES = 8192;

/** A stretch of whole lines of a member, as the log view reads it. */
export interface Piece {
  first: number;
  count: number;
  /** Where its bytes lie in the member's text, and how many. */
  offset: number;
  length: number;
  /** sortKey (parseLogLine) of its first timed line, or null. */
  time: number | null;
}

/**
 * A stream of bytes members are read from: the archive's tar stream, an
 * archive inside's, a zip entry's data. Its bytes lie in its parent level's
 * output (the file's for the outermost); its output is them inflated
 * through its index, or them as they are.
 */
export interface IndexLevel {
  /** The level whose output holds its bytes; -1: the file. */
  parent: number;
  /** Where its bytes lie in the parent's output. */
  offset: number;
  size: number;
  /** The index of its gzip (or a zip entry's raw deflate), null when its bytes are its output. */
  index: GzipIndex | null;
}

/** Where a member lies in the archive, and its lines. */
export interface MemberPlace {
  /** The level whose tar stream holds it (0: the archive's own). */
  level: number;
  /** Its data in that tar stream. */
  offset: number;
  size: number;
  /** Its own gzip's index (a rotated .gz log), null when its bytes are its text. */
  inner: GzipIndex | null;
  pieces: Piece[];
  lines: number;
}

/** An archive's index: plain data, as a worker posts it. */
export interface ArchiveIndex {
  /** Level 0: the archive's tar stream (the file through the index of its gzip; the file itself for a .tar or a zip); then the archives inside. */
  levels: IndexLevel[];
  /** The file when indexed: a file changed since is not read through it. */
  fileBytes: number;
  fileMtimeMs: number;
}

/** The bytes an index and a member's place hold in memory. */
export const placeBytes = (p: MemberPlace): number => 64 + p.pieces.length * 56 + (p.inner ? indexBytes(p.inner) : 0);

/** The bytes the levels of an archive's index hold. */
export const levelsBytes = (index: ArchiveIndex): number => index.levels.reduce((n, l) => n + 48 + (l.index ? indexBytes(l.index) : 0), 0);

/**
 * Levels of the index at most this deep, counting the archive's own: the
 * walk opens archives MAX_NESTING_DEPTH deep (archive/nesting.ts), and a zip
 * entry and its archive are two levels. A safety net: the walk never hands
 * this index a deeper archive.
 */
export const MAX_LEVEL_DEPTH = MAX_NESTING_DEPTH + 2;

/** Files of a zip's own (not node archives) at most given a level of the index each: larger ones, the first this many. */
const MAX_ZIP_MEMBER_LEVELS = 4096;

/** The first timed line's sortKey among the first lines of `raw`. */
export function firstLogTime(raw: Buffer, reference: Date): number | null {
  let start = 0;
  for (let i = 0; i < TIME_LINES && start < raw.length; i++) {
    const nl = raw.indexOf(10, start);
    const end = nl < 0 ? raw.length : nl;
    const parsed = parseLogLine(decodeLine(raw.subarray(start, Math.min(end, start + 512))).text, reference);
    if (parsed) return parsed.time.sortKey;
    start = end + 1;
  }
  return null;
}

/** Counts a member's lines and cuts them into pieces as its text streams past. */
export class PieceWriter {
  readonly pieces: Piece[] = [];
  lines = 0;
  bytes = 0;
  private start = 0;
  private first = 1;
  /** The head of the current piece, until its time is known. */
  private head: Buffer[] | null = [];
  private headBytes = 0;

  constructor(private readonly reference: Date) {}

  write(chunk: Buffer): void {
    let from = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, nl + 1)) {
      this.lines++;
      const next = this.bytes + nl + 1;
      if (next - this.start >= PIECE_BYTES) {
        this.takeHead(chunk.subarray(from, nl + 1));
        this.close(next);
        from = nl + 1;
      }
    }
    this.takeHead(chunk.subarray(from));
    this.bytes += chunk.length;
  }

  end(): void {
    if (this.bytes > this.start) {
      // A last line without its newline is a line (as the kept blocks count it).
      if (this.lastByte !== 10) this.lines++;
      this.close(this.bytes);
    }
  }

  private lastByte = 10;

  private takeHead(part: Buffer): void {
    if (part.length) this.lastByte = part[part.length - 1] as number;
    if (!this.head || part.length === 0) return;
    const take = part.subarray(0, TIME_BYTES - this.headBytes);
    this.head.push(Buffer.from(take));
    this.headBytes += take.length;
    if (this.headBytes >= TIME_BYTES) this.settleTime();
  }

  private time: number | null = null;

  private settleTime(): void {
    if (!this.head) return;
    this.time = firstLogTime(Buffer.concat(this.head), this.reference);
    this.head = null;
  }

  private close(end: number): void {
    this.settleTime();
    this.pieces.push({ first: this.first, count: this.lines - this.first + 1, offset: this.start, length: end - this.start, time: this.time });
    this.start = end;
    this.first = this.lines + 1;
    this.head = [];
    this.headBytes = 0;
    this.time = null;
  }
}

const CORRUPT = (why: string): Text => text(
  `the compressed data is corrupt or truncated (${why}); lines before the damage were read`,
  `圧縮データが壊れているか途中で切れています (${why})。破損箇所より前の行は読み込みました`,
);

const isText = (m: WalkedMember): boolean => m.kind === 'log' || m.kind === 'command' || m.kind === 'document';

/** zlib's CRC-32 where this Node has it (a zip entry's inflated bytes are checked against their directory's). */
const crc32: ((data: Uint8Array, value?: number) => number) | null = typeof (zlibNs as { crc32?: unknown }).crc32 === 'function' ? (zlibNs as unknown as { crc32: (d: Uint8Array, v?: number) => number }).crc32 : null;

/** What a nested read is handed in place of an archive inside's bytes (WalkHandlers.nested). */
export interface NestedRead {
  content: Readable;
  name: string;
  done(): void;
}

/**
 * One pass's indexing: the archive's tar stream for the walk (inflated here,
 * checkpoints recorded), the archives inside it as levels (their gzip, and a
 * zip entry's deflate, inflated here too), and each text member's place.
 */
export class ArchiveIndexing {
  /** By the keeper's member number. */
  readonly places = new Map<number, MemberPlace>();
  readonly budget = new Budget();
  private readonly outer: GzipIndexer | null;
  private readonly levels: IndexLevel[];
  /** The levels being read, the innermost last; -1: an archive inside read without a level (its members get no place). */
  private readonly stack: number[] = [0];
  /** A zip entry's level just opened: the archive its bytes hold is read next (nested). */
  private zipLevel: { n: number; size: number } | null = null;
  /** Files of the zip's own read as levels (zipMember). */
  private zipMembers = 0;
  /** Levels that did not read to their end: their members (and those of levels inside them) lose their place. */
  private readonly broken = new Set<number>();

  private constructor(private readonly file: string, gzip: boolean, private readonly fileBytes: number, private readonly fileMtimeMs: number) {
    this.outer = gzip ? new GzipIndexer() : null;
    this.levels = [{ parent: -1, offset: 0, size: fileBytes, index: this.outer?.index ?? null }];
    // The bound an analysis of this file has (the walk's stream is given without its size).
    this.budget.forFile(fileBytes);
  }

  /** Indexing for this file, or null where it cannot be (zlib internals missing, not a .tar.gz, .tar or zip file). */
  static async open(file: string): Promise<ArchiveIndexing | null> {
    if (!gzipIndexSupported()) return null;
    try {
      const st = statSync(file);
      const head = Buffer.alloc(4);
      const fh = await open(file, 'r');
      try {
        await fh.read(head, 0, 4, 0);
      } finally {
        await fh.close();
      }
      if (isGzip(head)) return new ArchiveIndexing(file, true, st.size, st.mtimeMs);
      // A plain tar is read from the file as it is, its offsets the file's; a zip's entries lie in the file too.
      return new ArchiveIndexing(file, false, st.size, st.mtimeMs);
    } catch {
      return null;
    }
  }

  /**
   * Where and how the archive's own gzip broke, when it did: the bytes of the
   * file read by then. The walk's problem reckons its place in the tar
   * stream this pass hands it, not in the file ("at 250% of the file"): this
   * is the archive's problem the log view says.
   */
  private broke: { why: string; at: number; of: number } | null = null;

  /** The archive's damage in the file's own terms (cut at byte N, corrupt), or null when its gzip read to its end. */
  damage(): Text | null {
    const b = this.broke;
    if (!b) return null;
    const at = b.at.toLocaleString('en-US');
    if (b.why === 'unexpected end of file') {
      return text(
        `the archive file is cut: it ends at byte ${at}, in the middle of its compressed data`,
        `アーカイブファイルが途中で切れています。圧縮データの途中、${at} バイト目でファイルが終わっています`,
      );
    }
    const of = b.of.toLocaleString('en-US');
    return text(
      `the archive's compressed data is corrupt (${b.why}), found by byte ${at} of the file's ${of}; what came before was read`,
      `アーカイブの圧縮データが壊れています (${b.why})。ファイル ${of} バイトのうち ${at} バイト目までに検出しました。それより前は読み込みました`,
    );
  }

  /** The walk's source: the tar stream inflated here (null for a plain tar: the walk reads the file). */
  source(signal: AbortSignal | undefined, onProgress: ((p: { bytesRead: number; totalBytes: number }) => void) | undefined): WalkSource | undefined {
    const indexer = this.outer;
    if (!indexer) return undefined;
    const outer: GzipIndexer = indexer;
    const { file, fileBytes } = this;
    const broke = (why: string, at: number): void => {
      this.broke = { why, at, of: fileBytes };
    };
    return (budget: Budget): StreamInput => {
      async function* inflated(): AsyncGenerator<Buffer> {
        let read = 0;
        const source = createReadStream(file, { highWaterMark: INDEX_OUT_CHUNK, ...(signal ? { signal } : {}) });
        try {
          for await (const chunk of source as AsyncIterable<Buffer>) {
            read += chunk.length;
            for (const out of outer.write(chunk)) {
              if (!budget.inflate(out.length)) throw new LimitError('budget used up');
              yield out;
            }
            onProgress?.({ bytesRead: read, totalBytes: fileBytes });
          }
          for (const out of outer.end()) yield out;
        } finally {
          outer.close();
          source.destroy();
        }
        if (outer.index.problem) {
          broke(outer.index.problem, read);
          throw new Error(outer.index.problem);
        }
      }
      return { name: file, stream: Readable.from(inflated(), { objectMode: false }), bytes: fileBytes };
    };
  }

  /**
   * Wraps the keeper's sink for member number `n`: the text also goes to a
   * PieceWriter, and a .gz member's bytes are inflated here (its gzip indexed).
   */
  member(m: WalkedMember, sink: ContentSink | null, n: number): ContentSink | null {
    const level = this.current;
    if (!sink || m.offset === null || level < 0 || !isText(m) || m.header.type !== 'file') return sink;
    const pieces = new PieceWriter(m.header.mtime ?? new Date());
    const place: MemberPlace = { level, offset: m.offset, size: m.header.size, inner: null, pieces: pieces.pieces, lines: 0 };
    const limits = this.budget.limits;
    let inner: GzipIndexer | null = null;
    let first = true;
    let wanted = true;
    let raw = 0;
    let problem: Text | null = null;
    const give = (out: Buffer): boolean => {
      pieces.write(out);
      if (wanted) wanted = sink.write(out);
      return wanted;
    };
    const inflate = (outs: Iterable<Buffer>): boolean => {
      for (const out of outs) {
        // The archive's bounds, as the analysis has them: what is inflated, and the logs read for the file's size.
        if (!this.budget.inflate(out.length) || !this.budget.read(out.length)) {
          problem = this.budget.exhausted;
          return false;
        }
        if (pieces.bytes + out.length > limits.maxMemberInflated) {
          const size = formatBytes(limits.maxMemberInflated);
          problem = text(`decompressed size passed ${size} (the limit against gzip bombs); the rest of this member was not read`, `展開後のサイズが上限 ${size}(gzip 爆弾対策)を超えたため、このメンバーの残りは読んでいません`);
          return false;
        }
        if (!give(out)) return false;
      }
      return true;
    };
    return {
      gunzip: false,
      write: (chunk) => {
        raw += chunk.length;
        if (first) {
          first = false;
          // Named .gz but stored plain: read as it is (as the archive reader does).
          if (m.gunzip && isGzip(chunk)) inner = new GzipIndexer({ reuse: true });
        }
        if (!inner) return give(chunk);
        if (problem) return false;
        const ok = inflate(inner.write(chunk));
        if (inner.index.problem && !problem) problem = CORRUPT(inner.index.problem);
        return ok && !problem;
      },
      end: (cut) => {
        const gz = inner as GzipIndexer | null;
        if (gz && !problem) {
          // A member the archive cut still gives what its bytes inflated to, as the archive reader does.
          inflate(gz.end());
          if (gz.index.problem && !cut) problem = CORRUPT(gz.index.problem);
        }
        // Bytes after the gzip data: said as the archive reader says them; the member was read whole, its place known.
        const after = gz && !problem ? gz.trailingBytes : 0;
        gz?.close();
        pieces.end();
        place.lines = pieces.lines;
        sink.end(cut ?? problem, after > 0 ? afterGzipData(after) : null);
        // A member read whole, to its end, and still wanted (text): its place is known.
        if (!cut && !problem && wanted && raw === m.header.size) {
          if (gz) place.inner = gz.index;
          this.places.set(n, place);
        }
      },
    };
  }

  /** The level members read now belong to. */
  private get current(): number {
    return this.stack[this.stack.length - 1] ?? -1;
  }

  private depth(n: number): number {
    let d = 0;
    for (let l = n; l >= 0 && d <= MAX_LEVEL_DEPTH; l = this.levels[l]?.parent ?? -1) d++;
    return d;
  }

  /**
   * An archive inside (WalkHandlers.nested): a level of its own, in the
   * current one at its data's offset (or the zip entry's just opened), its
   * gzip inflated and indexed here; the tar reader gets the tar stream.
   */
  nested(h: MemberHeader, content: Readable): NestedRead {
    const zip = this.zipLevel;
    this.zipLevel = null;
    const parent = zip ? zip.n : this.current;
    const offset = zip ? 0 : h.offset;
    const size = zip ? zip.size : h.size;
    if (parent < 0 || offset === undefined || this.depth(parent) >= MAX_LEVEL_DEPTH) {
      this.stack.push(-1);
      return { content, name: h.path, done: () => void this.stack.pop() };
    }
    const n = this.levels.push({ parent, offset, size, index: null }) - 1;
    this.stack.push(n);
    // A plain .tar inside: its offsets are its bytes' (as readNestedArchive tells it by the name).
    if (/\.tar$/i.test(h.path)) return { content, name: h.path, done: () => void this.stack.pop() };
    const indexer = new GzipIndexer();
    const level = this.levels[n] as IndexLevel;
    level.index = indexer.index;
    const budget = this.budget;
    async function* inflated(): AsyncGenerator<Buffer> {
      try {
        for await (const chunk of content as AsyncIterable<Buffer>) {
          for (const out of indexer.write(chunk)) {
            if (!budget.inflate(out.length)) throw new LimitError('budget used up');
            yield out;
          }
        }
        for (const out of indexer.end()) yield out;
      } finally {
        indexer.close();
      }
      if (indexer.index.problem) throw new Error(indexer.index.problem);
    }
    return {
      content: Readable.from(inflated(), { objectMode: false }),
      // Its tar stream, inflated here: read as a plain tar.
      name: `${h.path}.tar`,
      done: () => {
        this.stack.pop();
        if (!indexer.index.complete) this.broken.add(n);
      },
    };
  }

  /**
   * A zip entry holding a node archive (WalkHandlers.zipEntry): a level of
   * its own in the file at its data, its deflate inflated and indexed here
   * (a stored one read as it is); its length and CRC-32 checked against the
   * directory's. The archive it holds is the next nested read.
   */
  zipEntry(_h: MemberHeader, data: ZipEntryData): Readable | null {
    if (this.current !== 0) return null;
    const { n, content } = this.entryLevel(data);
    this.zipLevel = { n, size: data.size };
    return content;
  }

  /**
   * A file of the zip's own (an lksupport tree zipped again: WalkHandlers.zipMember):
   * a level of its own as a node archive's entry is, and the member is read in it,
   * from its first byte, while `done` is not called. Made before the member is
   * visited; its bytes are read (and indexed) only if someone reads `content`.
   */
  zipMember(_h: MemberHeader, data: ZipEntryData): { content: Readable; done(): void } | null {
    // A level costs a zlib handle while read and a few hundred bytes kept: a zip of 500,000 tiny files would
    // hold 100 MB of them. Small files are kept as blocks anyway; past the count, a file is read by yauzl, unindexed.
    if (this.current !== 0 || data.size < PIECE_BYTES || this.zipMembers >= MAX_ZIP_MEMBER_LEVELS) return null;
    this.zipMembers++;
    const { n, content } = this.entryLevel(data);
    this.stack.push(n);
    return { content, done: () => void this.stack.pop() };
  }

  /** A zip entry's data as a level in the file: inflated (a stored one read as it is) and indexed here, its length and CRC-32 checked. */
  private entryLevel(data: ZipEntryData): { n: number; content: Readable } {
    const n = this.levels.push({ parent: 0, offset: data.offset, size: data.compressed, index: null }) - 1;
    const level = this.levels[n] as IndexLevel;
    const indexer = data.method === 8 ? new GzipIndexer({ raw: true }) : null;
    if (indexer) level.index = indexer.index;
    const file = this.file;
    const broken = this.broken;
    async function* inflated(): AsyncGenerator<Buffer> {
      let size = 0;
      let crc = 0;
      let ended = false;
      const raw = data.compressed > 0 ? createReadStream(file, { start: data.offset, end: data.offset + data.compressed - 1, highWaterMark: INDEX_OUT_CHUNK }) : null;
      const take = (out: Buffer): Buffer => {
        size += out.length;
        if (size > data.size) throw new Error(`its data inflates past the ${data.size} bytes its directory gives`);
        if (crc32) crc = crc32(out, crc);
        return out;
      };
      try {
        if (raw) {
          for await (const chunk of raw as AsyncIterable<Buffer>) {
            if (!indexer) yield take(chunk);
            else for (const out of indexer.write(chunk)) yield take(out);
          }
        }
        if (indexer) for (const out of indexer.end()) yield take(out);
        if (indexer?.index.problem) throw new Error(indexer.index.problem);
        if (size !== data.size) throw new Error(`its data inflates to ${size} bytes, its directory gives ${data.size}`);
        if (crc32 && crc >>> 0 !== data.crc32) throw new Error('incorrect data check (CRC-32)');
        ended = true;
      } finally {
        indexer?.close();
        raw?.destroy();
        if (!ended) broken.add(n);
      }
    }
    return { n, content: Readable.from(inflated(), { objectMode: false }) };
  }

  /** What the walk calls for archives inside and a zip's entries (WalkHandlers). */
  handlers(): Required<Pick<WalkHandlers, 'nested' | 'zipEntry' | 'zipMember'>> {
    return { nested: (h, content) => this.nested(h, content), zipEntry: (h, data) => this.zipEntry(h, data), zipMember: (h, data) => this.zipMember(h, data) };
  }

  /** Whether level `n` or one around it did not read to its end. */
  private isBroken(n: number): boolean {
    for (let l = n, d = 0; l >= 0 && d <= MAX_LEVEL_DEPTH; l = this.levels[l]?.parent ?? -1, d++) if (this.broken.has(l)) return true;
    return false;
  }

  /** The archive's index once the pass is over (null when the gzip around the tar did not read to its end). */
  finish(): ArchiveIndex | null {
    // A damaged or cut outer gzip still indexes what came before the damage: only members read whole
    // (before it) have places, and reads of them never reach it.
    const outer = this.outer?.index ?? null;
    if (outer && outer.parts.length === 0) return null;
    for (const [n, place] of this.places) if (this.isBroken(place.level)) this.places.delete(n);
    return { levels: this.levels.map((l) => ({ ...l })), fileBytes: this.fileBytes, fileMtimeMs: this.fileMtimeMs };
  }
}

/** The checkpoints of `index` reads of `ranges` (of its output) need: the last at or before each start, and those inside. */
function pruneIndex(index: GzipIndex, ranges: ReadonlyArray<readonly [number, number]>): GzipIndex {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const parts = index.parts.map((part) => {
    const cps = part.checkpoints;
    const keep = new Set<number>();
    for (const [from, to] of sorted) {
      if (to <= part.out || from >= part.end) continue;
      let i = cps.length - 1;
      while (i > 0 && (cps[i]?.out ?? 0) > from) i--;
      keep.add(i);
      for (let j = i + 1; j < cps.length && (cps[j]?.out ?? 0) < to; j++) keep.add(j);
    }
    // The part's first checkpoint stays: a read's search starts from it.
    keep.add(0);
    return { ...part, checkpoints: cps.filter((_, i) => keep.has(i)) };
  });
  return { ...index, parts };
}

/**
 * Drops the checkpoints no member kept a place for needs (a core file's,
 * members kept as blocks), at every level: a member's read needs its level's
 * checkpoints over its data, and those of the levels around it over that
 * level's bytes.
 */
export function pruneLevels(index: ArchiveIndex, places: Iterable<MemberPlace>): ArchiveIndex {
  const ranges: Array<Array<readonly [number, number]>> = index.levels.map(() => []);
  for (const p of places) ranges[p.level]?.push([p.offset, p.offset + p.size]);
  // A level is pushed after the one around it: from the innermost out, each needed level needs its bytes in its parent.
  for (let n = index.levels.length - 1; n > 0; n--) {
    const l = index.levels[n] as IndexLevel;
    if ((ranges[n]?.length ?? 0) > 0 && l.parent >= 0) ranges[l.parent]?.push([l.offset, l.offset + l.size]);
  }
  return { ...index, levels: index.levels.map((l, n) => ({ ...l, index: l.index ? pruneIndex(l.index, ranges[n] ?? []) : null })) };
}

/** Levels read at once, each keeping the span it inflated last (8 MiB at most): a member's chain is one to three deep. */
const MAX_LEVEL_SOURCES = 4;

/**
 * The output of any level of an archive's index, read through the levels
 * around it: each level's source keeps the span it inflated last (one buffer
 * of its own, gzipSource), so reading a member inside an archive inside
 * inflates each level once per span. The levels last read are kept, those
 * around a level more recent than it (evicted after what reads through them).
 */
export class LevelReader {
  private readonly sources = new Map<number, { source: ByteSource; gzip: GzipSource | null }>();

  constructor(private readonly index: ArchiveIndex, private readonly file: ByteSource, private readonly onInflate: (bytes: number) => void) {}

  /** Level `n`'s output. */
  source(n: number): ByteSource {
    const chain: number[] = [];
    for (let l = n; l >= 0; l = this.index.levels[l]?.parent ?? -1) {
      if (!this.index.levels[l] || chain.length > MAX_LEVEL_DEPTH) throw new Error(`no level ${l} in the index`);
      chain.push(l);
    }
    let source = this.file;
    for (let i = chain.length - 1; i >= 0; i--) source = this.one(chain[i] as number, source);
    // Most recent last: the innermost first, the outermost last.
    for (const l of chain) {
      const s = this.sources.get(l);
      if (!s) continue;
      this.sources.delete(l);
      this.sources.set(l, s);
    }
    for (const [l, s] of this.sources) {
      if (this.sources.size <= MAX_LEVEL_SOURCES) break;
      if (chain.includes(l)) continue;
      s.gzip?.release();
      this.sources.delete(l);
    }
    return source;
  }

  /** Sources held now (tests). */
  get held(): number {
    return this.sources.size;
  }

  private one(n: number, parent: ByteSource): ByteSource {
    const known = this.sources.get(n);
    if (known) return known.source;
    const level = this.index.levels[n] as IndexLevel;
    const bytes = level.parent < 0 ? parent : sliceSource(parent, level.offset, level.size);
    const gzip = level.index ? gzipSource(level.index, bytes, { onInflate: this.onInflate }) : null;
    this.sources.set(n, { source: gzip ?? bytes, gzip });
    return gzip ?? bytes;
  }

  /** Lets go of every level's span (kept as spares, or given back with `spare` false). */
  release(spare = true): void {
    for (const s of this.sources.values()) s.gzip?.release(spare);
    this.sources.clear();
  }
}
