// What the log view keeps of an archive's text members that its budget of
// deflated blocks cannot hold (issue 18): where each lies in the archive and
// a sparse index of its lines, so that any line of any member can be read
// again from the file, a few MiB inflated, instead of from the start.
//
// Made in the pass that keeps the blocks (keepPass with `index`): the
// archive's gzip is inflated here (archive/gzip-index.ts, checkpoints every
// 4 MiB of the tar stream) and its tar read from that; a rotated .gz member
// is inflated here too, its own gzip indexed the same way. Each text member
// at the archive's top level gets its place (data offset and size in the tar
// stream, its gzip's index if any) and a piece every PIECE_BYTES of its text:
// first line, byte offset, time of its first timed line. Archives inside the
// archive and zip containers get none (their members stay as before: kept as
// blocks, or listed as not kept).
import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { StreamInput } from '../archive/archive.js';
import { LimitError } from '../archive/archive.js';
import { isGzip } from '../archive/archive-format.js';
import type { GzipIndex } from '../archive/gzip-index.js';
import { GzipIndexer, INDEX_OUT_CHUNK, gzipIndexSupported, indexBytes } from '../archive/gzip-index.js';
import { decodeLine } from '../lines/decode.js';
import { parseLogLine } from '../lines/syslog.js';
import type { Text } from '../plugin/text.js';
import { text } from '../plugin/text.js';
import { Budget } from '../run/budget.js';
import { formatBytes } from '../report/units.js';
import type { ContentSink, WalkSource, WalkedMember } from './walk.js';

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

/** Where a member lies in the archive, and its lines. */
export interface MemberPlace {
  /** Its data in the archive's tar stream. */
  offset: number;
  size: number;
  /** Its own gzip's index (a rotated .gz log), null when its bytes are its text. */
  inner: GzipIndex | null;
  pieces: Piece[];
  lines: number;
}

/** An archive's index: plain data, as a worker posts it. */
export interface ArchiveIndex {
  /** The index of the gzip around the tar, null for a plain .tar. */
  outer: GzipIndex | null;
  /** The file when indexed: a file changed since is not read through it. */
  fileBytes: number;
  fileMtimeMs: number;
}

/** The bytes an index and a member's place hold in memory. */
export const placeBytes = (p: MemberPlace): number => 64 + p.pieces.length * 56 + (p.inner ? indexBytes(p.inner) : 0);

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

/**
 * One pass's indexing: the archive's tar stream for the walk (inflated here,
 * checkpoints recorded), and each top-level text member's place.
 */
export class ArchiveIndexing {
  /** By the keeper's member number. */
  readonly places = new Map<number, MemberPlace>();
  readonly budget = new Budget();
  private readonly outer: GzipIndexer | null;

  private constructor(private readonly file: string, gzip: boolean, private readonly fileBytes: number, private readonly fileMtimeMs: number) {
    this.outer = gzip ? new GzipIndexer() : null;
  }

  /** Indexing for this file, or null where it cannot be (zlib internals missing, not a .tar.gz or .tar file, a zip). */
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
      // A zip starts PK; a plain tar is read from the file as it is, its offsets the file's.
      if (head[0] === 0x50 && head[1] === 0x4b) return null;
      return new ArchiveIndexing(file, false, st.size, st.mtimeMs);
    } catch {
      return null;
    }
  }

  /** The walk's source: the tar stream inflated here (null for a plain tar: the walk reads the file). */
  source(signal: AbortSignal | undefined, onProgress: ((p: { bytesRead: number; totalBytes: number }) => void) | undefined): WalkSource | undefined {
    const indexer = this.outer;
    if (!indexer) return undefined;
    const outer: GzipIndexer = indexer;
    const { file, fileBytes } = this;
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
        if (outer.index.problem) throw new Error(outer.index.problem);
      }
      return { name: file, stream: Readable.from(inflated(), { objectMode: false }), bytes: fileBytes };
    };
  }

  /**
   * Wraps the keeper's sink for member number `n`: the text also goes to a
   * PieceWriter, and a .gz member's bytes are inflated here (its gzip indexed).
   */
  member(m: WalkedMember, sink: ContentSink | null, n: number): ContentSink | null {
    if (!sink || m.offset === null || !isText(m) || m.header.type !== 'file') return sink;
    const pieces = new PieceWriter(m.header.mtime ?? new Date());
    const place: MemberPlace = { offset: m.offset, size: m.header.size, inner: null, pieces: pieces.pieces, lines: 0 };
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
        if (!this.budget.inflate(out.length)) {
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
        if (gz && !problem && !cut) {
          inflate(gz.end());
          if (gz.index.problem) problem = CORRUPT(gz.index.problem);
        }
        gz?.close();
        pieces.end();
        place.lines = pieces.lines;
        sink.end(cut ?? problem);
        // A member read whole, to its end, and still wanted (text): its place is known.
        if (!cut && !problem && wanted && raw === m.header.size) {
          if (gz) place.inner = gz.index;
          this.places.set(n, place);
        }
      },
    };
  }

  /** The archive's index once the pass is over (null when the gzip around the tar did not read to its end). */
  finish(): ArchiveIndex | null {
    const outer = this.outer?.index ?? null;
    if (outer && !outer.complete) return null;
    return { outer, fileBytes: this.fileBytes, fileMtimeMs: this.fileMtimeMs };
  }
}

/**
 * Drops the checkpoints of the tar stream's index no member kept a place for
 * needs (a core file's, members kept as blocks): a read of a member needs the
 * last checkpoint at or before its start, and those inside it.
 */
export function pruneOuter(outer: GzipIndex, places: Iterable<MemberPlace>): GzipIndex {
  const ranges = [...places].map((p) => [p.offset, p.offset + p.size] as const).sort((a, b) => a[0] - b[0]);
  const parts = outer.parts.map((part) => {
    const cps = part.checkpoints;
    const keep = new Set<number>();
    for (const [from, to] of ranges) {
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
  return { ...outer, parts };
}
