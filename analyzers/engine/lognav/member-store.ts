// What the log view needs to open any text member of an archive at any line
// at once: each text member kept as blocks of whole lines (about 128 KiB
// each), each deflated on its own (level 1, about a tenth of the text), with
// the number of its first line, the time of its first timed line and whether
// it holds an error or a warning. Opening line N inflates one or two blocks.
// The blocks are made by a StoreKeeper as the members stream past: in the
// app's analysis pass itself (lognav/keep.ts) or in a pass of its own
// (ArchiveStore.build); they are copied into a few large arenas, which a
// worker thread hands over without a copy. What all stores of a session may
// hold is one bounded budget (StoreBudget); a member past it is listed but
// not kept.
import { statSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import { inflateRawSync } from 'node:zlib';
import { BlockDeflater } from './block-deflater.js';
import type { ReadOptions } from '../archive/archive.js';
import type { InputId } from '../archive/inputs.js';
import type { Text } from '../plugin/text.js';
import { decodeLine, looksBinary } from '../lines/decode.js';
import { MAX_LINE_BYTES } from '../lines/lines.js';
import { LineCarry } from './line-carry.js';
import type { LkSeverity } from '../lines/syslog.js';
import { parseAnyLogLine, parseLogLine } from '../lines/syslog.js';
import { clipLine } from '../run/budget.js';
import type { HeldBlock } from './held-search.js';
import type { ContentSink, MemberKind, WalkedMember } from './walk.js';
import { walkArchive } from './walk.js';
import type { ArchiveIndex, MemberPlace } from './member-index.js';
import { ArchiveIndexing, LevelReader, levelsBytes, placeBytes, pruneLevels } from './member-index.js';
import type { ByteSource, GzipSource } from '../archive/gzip-index.js';
import { dropSpareSpans, fileSource, gzipIndexSupported, gzipSource, sliceSource } from '../archive/gzip-index.js';
import { collectGarbage } from '../workers/collect.js';

/** Raw bytes of whole lines per block: inflating one takes well under a millisecond. */
export const BLOCK_BYTES = 128 * 1024;

/**
 * What the stores of one session may hold in deflated blocks together: about
 * 650 MB of log text (the quick bench archive's 390 MB of text are 41.8 MiB).
 * Issue 18 bounds the app's peak RSS to 300 MiB whatever the archive; the
 * rest of the app takes about 200 MiB at its peaks (a pass of its own, a
 * search across everything: docs/performance.md), so 256 MiB, as before,
 * peaked near 500 MiB on the large bench archive.
 */
export const STORE_BUDGET_BYTES = 64 * 1024 * 1024;

/**
 * Reads of members from the archive inflate a span of about 4 MiB each (two
 * for a rotated .gz: its own and the archive's): the host collects its garbage
 * after this many bytes inflated (a collection of 5 to 20 ms every few opens),
 * else dead spans pile up outside V8's heap (the app's RSS rose 60 MiB over
 * 40 opens at random lines with 32 MiB).
 */
const READ_COLLECT_BYTES = 16 * 1024 * 1024;

/** Text a time-ordered window reads at most from the archive per indexed member (its inflating is synchronous). */
const MAX_TIMED_READ_BYTES = 32 * 1024 * 1024;

/** Lines cut at MAX_LINE_BYTES whose full length is remembered, per member (past it, a cut line says only that it was cut). */
const MAX_CUT_LINES = 10_000;

export class StoreBudget {
  used = 0;
  constructor(readonly limit = STORE_BUDGET_BYTES) {}
  hold(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }
  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/** Deflated blocks are copied into buffers of this size: few, large, and transferable from a worker as they are. */
export const ARENA_BYTES = 4 * 1024 * 1024;

/**
 * The one buffer a keeper in a worker puts its blocks in, made by the thread
 * that will hold them (the host), moved to the worker with the job and back
 * with what was kept, instead of 4 MiB arenas the worker makes. What a worker
 * allocates comes from its thread's malloc arena, which the C library gives
 * back to the system only from its top: on the large bench archive, 16 MiB of
 * the arenas that came over lay in the keeper's malloc arena after it exited,
 * among 48 MiB of its freed buffers that stayed resident below and between
 * them for the rest of the session (malloc_info from gdb, docs/performance.md).
 * One buffer of a keeper's allowance (tens of MiB) is mapped by the C library
 * on its own and unmapped whole when it is let go; its pages are resident only
 * once a block is written there, and the keeper writes no further than its
 * budget (BlockWriter.place packs over a member past it at once).
 */
export function blockStorage(bytes: number): ArrayBuffer {
  return new ArrayBuffer(bytes);
}

export interface Block {
  first: number;
  count: number;
  /** The lines, deflated (or as they are, for a block too small to gain): a view into one of the store's arenas. */
  data: Uint8Array;
  deflated: boolean;
  /** sortKey (parseLogLine) of the first timed line, or null. */
  time: number | null;
  /** A piece of a member read again from the archive (its text's offset and length), instead of `data`. */
  piece?: { offset: number; length: number };
  /**
   * The block holds a word of an error or a warning (a cheap test; lines are
   * checked when read). Found out the first time the next error is looked
   * for across it, not while keeping: the analysis does not pay for it.
   */
  problems: boolean | null;
}

export interface StoredMember {
  name: string;
  kind: MemberKind;
  bytes: number;
  mtime: Date | null;
  input: InputId | null;
  /** Lines, once read whole (null for a member not read). */
  lines: number | null;
  /** Why it is not kept as blocks: binary content, a skipped entry, the store's budget used up. */
  notKept: 'binary' | 'skipped' | 'over-budget' | null;
  /**
   * Not kept (over the budget) but read again from the archive through its
   * index when viewed (lognav/member-index.ts): the log view opens it at any
   * line; a search does not find it in memory.
   */
  indexed: boolean;
  skipped: WalkedMember['skipped'];
  /** Set when the archive stopped under it. */
  cut: boolean;
  /** Why reading it stopped (a rotated log's gzip broken, the archive cut under it), when it did. */
  problem: Text | null;
  /**
   * Where in the archive file its reading stopped on that problem: the bytes
   * of the file read by then, and the file's size (a cut file: both the same).
   * Known to a pass of the log view's own (keepPass); null otherwise.
   */
  stoppedAt: { at: number; of: number } | null;
}

/**
 * A member's damage as the log view and `lkanalyze cat` say it: why its
 * reading stopped, and where in the archive file, when known.
 */
export function damageWords(problem: Text, stoppedAt: StoredMember['stoppedAt']): Text {
  if (!stoppedAt) return problem;
  const at = stoppedAt.at.toLocaleString('en-US');
  const of = stoppedAt.of.toLocaleString('en-US');
  return {
    en: `${problem.en} (its reading stopped at byte ${at} of the archive file's ${of})`,
    ja: `${problem.ja}(アーカイブファイル ${of} バイトのうち ${at} バイト目で読み込みが止まりました)`,
  };
}

/** A line as the log view shows it: its text, and the fields of a log line set apart when it is one. */
export interface ViewLine {
  line: number;
  text: string;
  /** Local time as logged (ISO without zone), host, program and LifeKeeper severity, when the line parses as a log line. */
  time?: string;
  host?: string;
  program?: string;
  severity?: LkSeverity;
  /** LifeKeeper's component (lcd.mes, dr, lcm ...), when it is a LifeKeeper line. */
  component?: string;
  /** What the line says after its header (and after LifeKeeper's severity), when it has one. */
  message?: string;
  /** A line of an error or a warning (LifeKeeper's EMERG, FATAL, ERROR, WARN, or such a word in another log). */
  problem?: boolean;
}

const PROBLEM_WORDS = /err|warn|fatal|crit|panic|fail|emerg/i;
const PROBLEM_LINE = /\b(?:error|err|fatal|crit(?:ical)?|panic|fail(?:ed|ure|s)?|warn(?:ing)?|emerg)\b/i;
const PROBLEM_SEVERITIES: ReadonlySet<LkSeverity> = new Set<LkSeverity>(['EMERG', 'FATAL', 'ERROR', 'WARN']);

/**
 * The buffers deflated blocks are copied into, one after another. Blocks of
 * a member that went past the budget are dropped where they lie, and the
 * blocks after them moved back over the hole (in place: a copy of a full
 * store into new arenas would double the memory it takes at the moment it is
 * fullest) before the arenas grow, and when the keeper finishes.
 */
class Arenas {
  readonly buffers: ArrayBuffer[] = [];
  /** Each arena's place in `buffers`: blocks are ordered by (arena, offset). */
  private readonly index = new Map<ArrayBuffer, number>();
  private used = 0;
  /** The blocks in the arenas, in the order they lie there. */
  private placed: Block[] = [];
  /** Blocks dropped and not yet packed over. */
  private readonly gone = new Set<Block>();
  /** Where the first block dropped since the last pack lies. */
  private hole: { arena: number; at: number } | null = null;
  /** The most bytes of arenas held at once. */
  peak = 0;
  /** The furthest byte of a storage given that a block was written to (its pages resident from then on). */
  reach = 0;

  /** `storage` (blockStorage), when given, is the first arena; others are made only should it not hold the budget. */
  constructor(private readonly storage: ArrayBuffer | null = null) {
    if (!storage) return;
    this.index.set(storage, 0);
    this.buffers.push(storage);
    this.peak = storage.byteLength;
  }

  private get current(): ArrayBuffer | undefined {
    return this.buffers[this.buffers.length - 1];
  }

  private where(b: Block): { arena: number; at: number } {
    return { arena: this.index.get(b.data.buffer as ArrayBuffer) ?? -1, at: b.data.byteOffset };
  }

  /** Copies a block's data into the arenas and points the block at it. */
  put(block: Block, data: Uint8Array): void {
    let arena = this.current;
    if ((!arena || this.used + data.length > arena.byteLength) && this.hole) {
      // Room left by dropped blocks is taken back before the arenas grow.
      this.pack();
      arena = this.current;
    }
    if (!arena || this.used + data.length > arena.byteLength) {
      arena = new ArrayBuffer(Math.max(ARENA_BYTES, data.length));
      this.index.set(arena, this.buffers.length);
      this.buffers.push(arena);
      this.used = 0;
      this.peak = Math.max(this.peak, this.buffers.reduce((n, a) => n + a.byteLength, 0));
    }
    const view = new Uint8Array(arena, this.used, data.length);
    view.set(data);
    this.used += data.length;
    if (arena === this.storage) this.reach = Math.max(this.reach, this.used);
    block.data = view;
    this.placed.push(block);
  }

  /** Blocks of a member past the budget: their bytes are room again once packed over. */
  drop(blocks: readonly Block[]): void {
    for (const b of blocks) {
      const pos = this.where(b);
      if (pos.arena < 0) continue;
      this.gone.add(b);
      if (!this.hole || pos.arena < this.hole.arena || (pos.arena === this.hole.arena && pos.at < this.hole.at)) this.hole = pos;
    }
  }

  /**
   * Moves the blocks that lie after the first hole back over it, in their
   * order, each to the first place it fits after the one before: no block
   * lands past where it lay, so none is overwritten before it has moved.
   * Arenas left empty at the end are let go.
   */
  pack(): void {
    const hole = this.hole;
    if (!hole) return;
    let i = this.placed.length;
    while (i > 0) {
      const pos = this.where(this.placed[i - 1] as Block);
      if (pos.arena < hole.arena || (pos.arena === hole.arena && pos.at < hole.at)) break;
      i--;
    }
    const kept = this.placed.slice(0, i);
    let ai = hole.arena;
    let at = hole.at;
    for (const b of this.placed.slice(i)) {
      if (this.gone.has(b)) {
        b.data = EMPTY;
        continue;
      }
      const len = b.data.byteLength;
      while (at + len > (this.buffers[ai] as ArrayBuffer).byteLength) {
        ai++;
        at = 0;
      }
      const arena = this.buffers[ai] as ArrayBuffer;
      if (b.data.buffer !== arena || b.data.byteOffset !== at) {
        // Within one arena the two ranges may overlap: copyWithin moves them as memmove does.
        if (b.data.buffer === arena) new Uint8Array(arena).copyWithin(at, b.data.byteOffset, b.data.byteOffset + len);
        else new Uint8Array(arena, at, len).set(b.data);
        b.data = new Uint8Array(arena, at, len);
      }
      at += len;
      kept.push(b);
    }
    for (const a of this.buffers.splice(ai + 1)) this.index.delete(a);
    this.used = at;
    this.placed = kept;
    this.gone.clear();
    this.hole = null;
  }

  /** Packs, then gives back the unused end of the last arena (copied to one of the right size), re-pointing the blocks in it. */
  trim(): void {
    this.pack();
    if (this.used === 0 && this.current) {
      // Packing emptied the last arena: the one before ends where its last block does.
      this.index.delete(this.buffers.pop() as ArrayBuffer);
      const b = this.placed[this.placed.length - 1];
      this.used = b ? b.data.byteOffset + b.data.byteLength : 0;
    }
    const last = this.current;
    // The storage given is kept whole: a copy of it would be made in this thread (a worker's, see blockStorage), and its pages past the blocks were never written, or were by blocks packed over.
    if (!last || last === this.storage || this.used === last.byteLength) return;
    this.index.delete(last);
    const exact = last.slice(0, this.used);
    this.buffers[this.buffers.length - 1] = exact;
    this.index.set(exact, this.buffers.length - 1);
    for (let i = this.placed.length - 1; i >= 0; i--) {
      const b = this.placed[i] as Block;
      if (b.data.buffer !== last) break;
      b.data = new Uint8Array(exact, b.data.byteOffset, b.data.byteLength);
    }
  }
}

/**
 * Text deflated at level 1 in blocks of 128 KiB is at most this many times
 * smaller (logs: 5 to 10 times); a member with more than this many times the
 * room the budget has left is not deflated only to be dropped.
 */
const MAX_DEFLATE_RATIO = 20;

/**
 * Whether a member surely cannot fit in what the budget has left: a rotated
 * .gz whose gzip is larger (made at a better level, across the whole file, its
 * blocks deflated one by one at level 1 are larger still), a plain member with
 * more than MAX_DEFLATE_RATIO times the room. Its lines are still counted (a
 * pass that indexes reads it, and opens it from the archive).
 */
function cannotFit(m: WalkedMember, budget: StoreBudget): boolean {
  const room = budget.limit - budget.used;
  return (m.gunzip ? m.header.size : m.header.size / MAX_DEFLATE_RATIO) > room;
}

/**
 * Raw bytes of a plain member deflated before its blocks so far say what the
 * rest will take: logs deflate about evenly (the event-heavy bench archive's
 * 286 MiB messages: 0.18 of its size in its first MiB and over the whole).
 */
const PROJECT_AFTER_BYTES = 1024 * 1024;

/**
 * A plain member whose rest, at the ratio of its blocks so far, needs more
 * than this many times the room left is given up at once (its lines still
 * counted), instead of being deflated until the budget runs out and then
 * dropped: on the event-heavy bench archive, 240 MB of messages were deflated
 * (1.5 s of CPU, 41 MiB of storage written) only to be dropped. A member
 * within the margin is tried: it may fit after all.
 */
const PROJECTED_OVER = 1.1;

/** Blocks being deflated on zlib's thread pool at most, per keeper: past it a block is deflated in this thread (which slows the reading that feeds it). */
const MAX_DEFLATING = 8;

/** A block's raw buffer: its lines, up to a block and one line more. */
const RAW_BYTES = BLOCK_BYTES + MAX_LINE_BYTES + 1;

const EMPTY = new Uint8Array(0);

/**
 * A block of fewer bytes is kept as it is: deflating it costs more (a zlib
 * stream each) than it saves, and an archive of 100,000 small files would
 * make 100,000 of them. Its bytes are charged to the budget all the same.
 */
const SMALL_BLOCK_BYTES = 4096;

/**
 * A block inflates into one buffer of this size (zlib's default is chunks of
 * 16 KiB, then concatenated): one allocation per block, and one large enough
 * that the C library maps it and gives it back whole when it is freed,
 * rather than leaving its heap fragmented and resident after a search.
 */
const INFLATE_CHUNK = 2 * RAW_BYTES;

/** The lines of a block as they were written. */
export const rawOf = (b: Block): Buffer => (b.deflated ? inflateRawSync(b.data, { chunkSize: INFLATE_CHUNK }) : Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength));

/**
 * Deflates blocks on zlib's thread pool while the thread that reads the
 * archive (the analysis) goes on: on two cores, keeping then costs the
 * analysis little more than copying its lines. Through a few zlib handles
 * reused from block to block (BlockDeflater), not a zlib stream per block.
 */
class Deflater {
  private idle: Array<() => void> = [];
  /** Raw buffers back from the thread pool, for the next blocks (no allocation, no garbage per block). */
  private readonly free: Buffer[] = [];
  private readonly blocks = new BlockDeflater(RAW_BYTES, MAX_DEFLATING);
  private running = 0;

  buffer(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(RAW_BYTES);
  }

  /** A buffer back from a member that is done: members come one after another, so one or two serve them all. */
  give(buf: Buffer): void {
    if (this.free.length < MAX_DEFLATING) this.free.push(buf);
  }

  get busy(): boolean {
    return this.blocks.busy;
  }

  /** `done` is given the deflated bytes, valid until it returns (it copies them). */
  run(raw: Buffer, done: (out: Uint8Array) => void): void {
    this.running++;
    this.blocks.run(raw, (out) => {
      this.running--;
      done(out);
      if (this.free.length < MAX_DEFLATING) this.free.push(Buffer.from(raw.buffer, raw.byteOffset, RAW_BYTES));
      if (this.running === 0) for (const f of this.idle.splice(0)) f();
    });
  }

  /** Deflates in this thread; the bytes are valid until the next call. */
  deflateSync(raw: Uint8Array): Uint8Array {
    return this.blocks.deflateSync(raw);
  }

  drained(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((r) => this.idle.push(r));
  }

  /** Frees zlib's handles once every block is deflated. */
  close(): void {
    this.blocks.close();
  }
}

/** Builds one member's blocks as its bytes stream past. */
class BlockWriter {
  readonly blocks: Block[] = [];
  readonly cutLines = new Map<number, number>();
  /** Taken at the first line, given back at the end: only the member being read holds one. */
  private buf: Buffer | null = null;
  private len = 0;
  private count = 0;
  private lineNo = 0;
  private readonly carry = new LineCarry();
  held = 0;
  overBudget = false;
  /** Raw bytes of the blocks placed deflated, and what they deflated to: the ratio the rest is projected at. */
  private rawDeflated = 0;
  private outDeflated = 0;
  /** Raw bytes of the blocks placed (deflated or not), and raw bytes held for this member's blocks the pool deflates. */
  private rawPlaced = 0;
  private rawInFlight = 0;

  /** `size`: the member's raw size when known (a plain member; a rotated .gz's inflated size is not), to give up early on one that will not fit. */
  constructor(private readonly budget: StoreBudget, private readonly reference: Date, private readonly arenas: Arenas, private readonly deflater: Deflater, private readonly size: number | null = null) {}

  get lines(): number {
    return this.lineNo;
  }

  /** Keeps nothing of this member (it cannot fit): its lines are still counted. */
  giveUp(): void {
    this.overBudget = true;
  }

  write(chunk: Buffer): void {
    let pos = 0;
    this.buf ??= this.deflater.buffer();
    if (this.carry.pending) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.carry.add(chunk);
        return;
      }
      this.carry.add(chunk.subarray(0, nl));
      this.flushCarry();
      pos = nl + 1;
    }
    // Lines are copied in runs (a block's worth at most), not one by one: a log of short lines costs a copy per block.
    let run = pos;
    for (let nl = chunk.indexOf(10, pos); nl >= 0; nl = chunk.indexOf(10, pos)) {
      if (nl - pos > MAX_LINE_BYTES || this.overBudget) {
        this.copyRun(chunk, run, pos);
        this.addLine(chunk, pos, nl, 0);
        pos = nl + 1;
        run = pos;
        continue;
      }
      this.lineNo++;
      this.count++;
      pos = nl + 1;
      if (this.len + (pos - run) >= BLOCK_BYTES) {
        this.copyRun(chunk, run, pos);
        run = pos;
        this.flush();
      }
    }
    this.copyRun(chunk, run, pos);
    if (pos < chunk.length) this.carry.add(chunk.subarray(pos));
  }

  end(): void {
    if (this.carry.pending) this.flushCarry();
    this.flush();
    if (this.buf) this.deflater.give(this.buf);
    this.buf = null;
  }

  private copyRun(src: Buffer, from: number, to: number): void {
    if (to <= from || this.overBudget) return;
    this.buf ??= this.deflater.buffer();
    src.copy(this.buf, this.len, from, to);
    this.len += to - from;
  }

  private flushCarry(): void {
    const { line, dropped } = this.carry.take();
    this.addLine(line, 0, line.length, dropped);
  }

  private addLine(src: Buffer, start: number, end: number, dropped: number): void {
    this.lineNo++;
    let stop = end;
    if (stop - start > MAX_LINE_BYTES) {
      dropped += stop - start - MAX_LINE_BYTES;
      stop = start + MAX_LINE_BYTES;
    }
    if (dropped > 0 && this.cutLines.size < MAX_CUT_LINES) this.cutLines.set(this.lineNo, stop - start + dropped);
    if (this.overBudget) return;
    const buf = (this.buf ??= this.deflater.buffer());
    src.copy(buf, this.len, start, stop);
    this.len += stop - start;
    buf[this.len++] = 10;
    this.count++;
    if (this.len >= BLOCK_BYTES) this.flush();
  }

  private flush(): void {
    if (this.count === 0 || this.overBudget || !this.buf) return;
    const raw = this.buf.subarray(0, this.len);
    const small = raw.length < SMALL_BLOCK_BYTES;
    const block: Block = { first: this.lineNo - this.count + 1, count: this.count, data: EMPTY, deflated: !small, time: this.firstTime(raw), problems: null };
    this.blocks.push(block);
    this.len = 0;
    this.count = 0;
    if (small || this.deflater.busy) {
      this.place(block, small ? raw : this.deflater.deflateSync(raw), raw.length);
      return;
    }
    // Its room (at most its raw size) is held while the pool deflates it: a later member's blocks cannot take it meanwhile.
    if (!this.budget.hold(raw.length)) {
      this.place(block, this.deflater.deflateSync(raw), raw.length);
      return;
    }
    // The buffer goes to the thread pool with the block; the next lines go to a new one.
    this.buf = this.deflater.buffer();
    this.rawInFlight += raw.length;
    this.deflater.run(raw, (out) => {
      this.budget.release(raw.length);
      this.rawInFlight -= raw.length;
      this.place(block, out, raw.length);
    });
  }

  /** Gives the member up (as past the budget) when its blocks so far say the rest cannot fit the room left. */
  private projectRest(): void {
    if (this.size === null || this.overBudget || this.rawDeflated < PROJECT_AFTER_BYTES) return;
    const rest = Math.max(0, this.size - this.rawPlaced) * (this.outDeflated / this.rawDeflated);
    // The room left to this member: what the budget has not given out, and what it holds for this member's blocks in flight (their deflated bytes are in `rest`).
    const room = this.budget.limit - this.budget.used + this.rawInFlight;
    if (rest > room * PROJECTED_OVER) this.dropAll();
  }

  /** Keeps nothing more of this member: its room is given back and packed over. */
  private dropAll(): void {
    this.overBudget = true;
    this.budget.release(this.held);
    this.held = 0;
    this.arenas.drop(this.blocks);
    // Packed over at once (the blocks after its first are few: those of this member, and the last of the one
    // before being deflated): the next blocks reuse its room, and no byte of the arenas (of a storage given, its
    // pages) is written past what the budget holds.
    this.arenas.pack();
    this.blocks.length = 0;
    this.len = 0;
    this.count = 0;
  }

  /** Charges a block (deflated or small) to the budget and copies it to the arenas; past the budget the member keeps nothing. */
  private place(block: Block, data: Uint8Array, rawLength: number): void {
    if (this.overBudget) return;
    if (!this.budget.hold(data.length)) {
      this.dropAll();
      return;
    }
    this.held += data.length;
    this.arenas.put(block, data);
    this.rawPlaced += rawLength;
    if (block.deflated) {
      this.rawDeflated += rawLength;
      this.outDeflated += data.length;
      this.projectRest();
    }
  }

  /** The time of the first of the block's first lines that has one. */
  private firstTime(raw: Buffer): number | null {
    let start = 0;
    for (let i = 0; i < 20 && start < raw.length; i++) {
      const nl = raw.indexOf(10, start);
      const end = nl < 0 ? raw.length : nl;
      const parsed = parseLogLine(decodeLine(raw.subarray(start, Math.min(end, start + 512))).text, this.reference);
      if (parsed) return parsed.time.sortKey;
      start = end + 1;
    }
    return null;
  }
}

export interface Kept {
  info: StoredMember;
  blocks: Block[];
  cutLines: Map<number, number>;
  /** Where an indexed member lies in the archive, and its pieces (info.indexed). */
  place?: MemberPlace;
}

/**
 * What a StoreKeeper made: the members, their blocks in `arenas` (what a
 * worker transfers), the bytes charged to its budget (blocks and index), and
 * the archive's index when the pass made one.
 */
export interface KeptArchive {
  kept: Kept[];
  arenas: ArrayBuffer[];
  held: number;
  index?: ArchiveIndex | null;
  /** Why the archive's reading stopped before its end (cut, corrupt), when a pass of the log view's own read it (keepPass). */
  problem?: Text | null;
}

/**
 * Keeps the members of one archive as they stream past (in archive order,
 * one after another, as a tar gives them): `member` is called for each and
 * returns where its content goes.
 */
export class StoreKeeper {
  private readonly kept: Kept[] = [];
  private readonly arenas: Arenas;
  private readonly deflater = new Deflater();
  private readonly writers: Array<{ entry: Kept; writer: BlockWriter }> = [];

  /** `storage`: the buffer its blocks go in (blockStorage), as large as its budget; without one it makes arenas of ARENA_BYTES. */
  constructor(private readonly budget: StoreBudget, storage?: ArrayBuffer) {
    this.arenas = new Arenas(storage ?? null);
  }

  /** Members handed so far: the number the next one gets. */
  get count(): number {
    return this.kept.length;
  }

  /** The most bytes its arenas held at once: about its budget and one arena at most (room left by dropped blocks is packed over before they grow). */
  get arenaPeak(): number {
    return this.arenas.peak;
  }

  /** The furthest byte of the storage given (blockStorage) a block was written to: at most its budget. */
  get storageReach(): number {
    return this.arenas.reach;
  }

  /**
   * Where the pass is in the archive file (bytes read, the file's size): a
   * member whose reading stops on damage records it (StoredMember.stoppedAt).
   * Set by keepPass; the analysis' keeping does not know it.
   */
  position: (() => { at: number; of: number } | null) | null = null;

  member(m: WalkedMember): ContentSink | null {
    const position = (): { at: number; of: number } | null => this.position?.() ?? null;
    const info: StoredMember = { name: m.name, kind: m.kind, bytes: m.header.size, mtime: m.header.mtime, input: m.input, lines: null, notKept: null, indexed: false, skipped: m.skipped, cut: false, problem: m.notOpened ?? null, stoppedAt: null };
    const entry: Kept = { info, blocks: [], cutLines: new Map() };
    this.kept.push(entry);
    if (m.kind === 'skipped' || m.kind === 'binary') {
      info.notKept = m.kind;
      return null;
    }
    const writer = new BlockWriter(this.budget, m.header.mtime ?? new Date(), this.arenas, this.deflater, m.gunzip ? null : m.header.size);
    if (cannotFit(m, this.budget)) writer.giveUp();
    this.writers.push({ entry, writer });
    let first = true;
    return {
      write(chunk) {
        if (first) {
          first = false;
          if (looksBinary(chunk)) {
            info.kind = 'binary';
            info.notKept = 'binary';
            return false;
          }
        }
        writer.write(chunk);
        return true;
      },
      end(problem, note) {
        // A note (bytes passed over after a rotated log's data) is said where a problem is, but the member is whole.
        info.problem = problem ?? note ?? null;
        if (problem) info.stoppedAt = position();
        if (info.notKept) return;
        writer.end();
        info.lines = writer.lines;
        info.cut = problem !== null;
        entry.blocks = writer.blocks;
        entry.cutLines = writer.cutLines;
      },
    };
  }

  /** The members kept, once the archive has passed and its last blocks are deflated. */
  async finish(): Promise<KeptArchive> {
    await this.deflater.drained();
    this.deflater.close();
    for (const { entry, writer } of this.writers) {
      if (!writer.overBudget) continue;
      entry.info.notKept = 'over-budget';
      entry.blocks = [];
    }
    this.writers.length = 0;
    const blocks = this.kept.flatMap((k) => k.blocks);
    this.arenas.trim();
    return { kept: this.kept, arenas: this.arenas.buffers, held: blocks.reduce((n, b) => n + b.data.byteLength, 0) };
  }
}

export interface StoreProgress {
  bytesRead: number;
  totalBytes: number;
}

export type KeepPassOptions = Pick<ReadOptions, 'signal'> & { onProgress?: (p: StoreProgress) => void };

/** A pass in a worker is given the buffer its blocks go in, as large as the bytes it may keep (blockStorage). */
export type KeepArchiveOptions = KeepPassOptions & { storage?: ArrayBuffer };

/**
 * A pass that also indexes the archive (lognav/member-index.ts), within
 * `index` bytes for blocks and index together: members over the keeper's
 * budget are then read again from the archive when viewed. Where the index
 * cannot be made (zlib internals missing), the pass keeps as without it.
 */
export type IndexingPassOptions = KeepPassOptions & { index?: number };

/**
 * Bytes of the budget a pass that indexes sets aside for the index (its
 * keeper gets the rest): the large bench archive's index of its 14 members
 * not kept takes about 3 MiB (docs/performance.md).
 */
export const INDEX_RESERVE_BYTES = 8 * 1024 * 1024;

/** A pass with less than this to keep in makes no index: a quarter of it would hold the places of few members. */
const MIN_INDEX_BUDGET = 1024 * 1024;

/** One pass over an archive, every member it walks handed to `keeper`; what it kept. */
export async function keepPass(file: string, keeper: StoreKeeper, options: IndexingPassOptions = {}): Promise<KeptArchive> {
  const indexing = options.index === undefined ? null : await ArchiveIndexing.open(file);
  // How far the pass is in the file: where a member the damage stops is said to stop.
  let read: { at: number; of: number } | null = null;
  const onProgress = (p: StoreProgress): void => {
    read = { at: p.bytesRead, of: p.totalBytes };
    options.onProgress?.(p);
  };
  keeper.position = () => read;
  const source = indexing?.source(options.signal, onProgress);
  const walked = await walkArchive(file, {
    member: (m) => {
      const n = keeper.count;
      const sink = keeper.member(m);
      return indexing ? indexing.member(m, sink, n) : sink;
    },
    // Archives inside (and a zip's entries) are inflated and indexed by the pass too: their members get places.
    ...indexing?.handlers(),
  }, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(!source ? { onProgress: (p: StoreProgress) => onProgress({ bytesRead: p.bytesRead, totalBytes: p.totalBytes }) } : {}),
    ...(source ? { source } : {}),
    ...(indexing ? { budget: indexing.budget } : {}),
  });
  keeper.position = null;
  const made = await keeper.finish();
  // The archive's gzip read here says where in the file it broke; the walk's own words reckon in the tar stream.
  made.problem = indexing?.damage() ?? walked.problem;
  if (indexing && options.index !== undefined) attachIndex(made, indexing, options.index - made.held);
  return made;
}

/**
 * Gives the members over the budget whose place is known their place, in
 * archive order, as many as `room` bytes of index hold (the tar stream's
 * checkpoints those members need, and their own).
 */
function attachIndex(made: KeptArchive, indexing: ArchiveIndexing, room: number): void {
  const index = indexing.finish();
  if (!index) return;
  const chosen: Array<{ entry: Kept; place: MemberPlace }> = [];
  for (const [n, entry] of made.kept.entries()) {
    const place = indexing.places.get(n);
    if (place && entry.info.notKept === 'over-budget' && !entry.info.cut && entry.info.lines === place.lines) chosen.push({ entry, place });
  }
  const size = (): { pruned: ArchiveIndex; bytes: number } => {
    const pruned = pruneLevels(index, chosen.map((c) => c.place));
    return { pruned, bytes: levelsBytes(pruned) + chosen.reduce((n, c) => n + placeBytes(c.place), 0) };
  };
  let fit = size();
  while (chosen.length > 0 && fit.bytes > room) {
    chosen.pop();
    fit = size();
  }
  if (chosen.length === 0) return;
  for (const { entry, place } of chosen) {
    entry.place = place;
    entry.info.indexed = true;
  }
  made.index = fit.pruned;
  made.held += fit.bytes;
}

/**
 * Keeps an archive's text members in a pass of its own, within `bytes` of
 * deflated blocks and index, in this thread: what a host does when it has no
 * worker to do it in (WorkerPool.keep does the same in one). The members past
 * the blocks' budget are indexed (read again from the archive when viewed),
 * where an index can be made.
 */
export async function keepArchive(file: string, bytes: number, options: KeepArchiveOptions = {}): Promise<KeptArchive> {
  const { storage, ...pass } = options;
  if (bytes < MIN_INDEX_BUDGET || !gzipIndexSupported()) return keepPass(file, new StoreKeeper(new StoreBudget(bytes), storage), pass);
  const reserve = Math.min(INDEX_RESERVE_BYTES, Math.floor(bytes / 4));
  return keepPass(file, new StoreKeeper(new StoreBudget(bytes - reserve), storage), { ...pass, index: bytes });
}

/** The text members of one archive, kept for the log view; built by one pass (ArchiveStore.build). */
export class ArchiveStore {
  private readonly inflated = new Map<Block, string[]>();
  /** Bytes of index (charged to the budget with the blocks). */
  private indexHeld: number;
  /** The archive's tar streams (its own, those of archives inside), read through its index, once a member is read from one (spans let go on drop). */
  private levels: LevelReader | null = null;
  /** Bytes inflated by reads from the archive since the last collection. */
  private readInflated = 0;
  /** The last members read from the archive, by number: each keeps the span it last inflated (gzipSource). */
  private readonly sources = new Map<number, { source: ByteSource; gzip: GzipSource | null }>();

  private constructor(readonly file: string, private readonly kept: Kept[], private readonly budget: StoreBudget, private readonly index: ArchiveIndex | null) {
    this.indexHeld = 0;
    if (!index) return;
    this.indexHeld = levelsBytes(index);
    for (const k of kept) {
      if (!k.place || !k.info.indexed) continue;
      this.indexHeld += placeBytes(k.place);
      k.blocks = k.place.pieces.map((p) => ({ first: p.first, count: p.count, data: EMPTY, deflated: false, time: p.time, problems: null, piece: { offset: p.offset, length: p.length } }));
    }
  }

  /**
   * A store of what a keeper made (here, or in a worker whose blocks came
   * over with their arenas). Its bytes are already charged to `budget` (by
   * the keeper, or set aside by the caller for the worker: see LogNav); drop
   * gives them back there.
   */
  static of(file: string, made: KeptArchive, budget: StoreBudget): ArchiveStore {
    const store = new ArchiveStore(file, made.kept, budget, made.index ?? null);
    store.problem = made.problem ?? null;
    return store;
  }

  /** Why the archive's reading stopped before its end, when the pass that made this store knew it (KeptArchive.problem). */
  problem: Text | null = null;

  get members(): readonly StoredMember[] {
    return this.kept.map((k) => k.info);
  }

  /** Bytes of index this store holds (in heldBytes). */
  get indexBytes(): number {
    return this.indexHeld;
  }

  /** Bytes of deflated blocks and index this store holds (charged to its budget). */
  get heldBytes(): number {
    return this.kept.reduce((n, k) => n + k.blocks.reduce((m, b) => m + b.data.byteLength, 0), 0) + this.indexHeld;
  }

  /** Gives the store's blocks back to the budget (the archive was closed, or another needs the room). */
  drop(): void {
    this.budget.release(this.heldBytes);
    for (const k of this.kept) {
      k.blocks = [];
      delete k.place;
      k.info.indexed = false;
    }
    this.indexHeld = 0;
    this.levels?.release();
    this.levels = null;
    for (const s of this.sources.values()) s.gzip?.release();
    this.sources.clear();
    this.inflated.clear();
  }

  /**
   * Lets go of the buffers reads from the archive keep (the span each source
   * inflated last, 8 MiB apiece, and the spares): garbage at the next
   * collection. A search calls it first: its hits and its pass over the
   * archive then have that room (issue 18); the next open inflates again,
   * as it would at another line.
   */
  letGoOfReads(): void {
    this.levels?.release(false);
    this.levels = null;
    for (const s of this.sources.values()) s.gzip?.release(false);
    this.sources.clear();
    dropSpareSpans();
  }

  /** Keeps an archive's text members in a pass of its own (an archive too large to keep while analyzed, or one not analyzed yet). */
  static async build(file: string, budget: StoreBudget, options: KeepPassOptions = {}): Promise<ArchiveStore> {
    const keeper = new StoreKeeper(budget);
    return ArchiveStore.of(file, await keepPass(file, keeper, options), budget);
  }

  private lookup(index: number): Kept {
    const k = this.kept[index];
    if (!k) throw new RangeError(`no member ${index}`);
    return k;
  }

  /** An indexed member's text, read from the archive (a few kept, each with the span it inflated last). */
  private source(n: number, k: Kept): ByteSource {
    const known = this.sources.get(n);
    if (known) {
      this.sources.delete(n);
      this.sources.set(n, known);
      return known.source;
    }
    const index = this.index;
    const place = k.place;
    if (!index || !place) throw new Error('this member is not indexed');
    const file = fileSource(this.file, index.fileBytes);
    const counted = (bytes: number): void => {
      // Spans inflated and let go are garbage outside V8's heap, collected only once 64 MB of it piled up (as a search's blocks).
      this.readInflated += bytes;
      if (this.readInflated < READ_COLLECT_BYTES) return;
      this.readInflated = 0;
      collectGarbage();
    };
    this.levels ??= new LevelReader(index, file, counted);
    const data = sliceSource(this.levels.source(place.level), place.offset, place.size);
    const gzip = place.inner ? gzipSource(place.inner, data, { onInflate: counted }) : null;
    if (this.sources.size >= 2) {
      const oldest = this.sources.keys().next().value as number;
      // Its span buffer goes to the next member's source (a spare), not to the garbage.
      this.sources.get(oldest)?.gzip?.release();
      this.sources.delete(oldest);
    }
    const made = gzip ?? data;
    this.sources.set(n, { source: made, gzip });
    return made;
  }

  /** The raw lines of a block: inflated, or read from the archive for an indexed member's piece. */
  private raw(k: Kept, b: Block): Buffer {
    if (!b.piece) return rawOf(b);
    const index = this.index;
    if (!index) throw new Error('this member is not indexed');
    const st = statSync(this.file, { throwIfNoEntry: false });
    if (!st || st.size !== index.fileBytes || st.mtimeMs !== index.fileMtimeMs) throw new ArchiveChangedError();
    const got = this.source(this.kept.indexOf(k), k).read(b.piece.offset, b.piece.length);
    if (got.length !== b.piece.length) throw new ArchiveChangedError();
    return got;
  }

  /** The raw lines of a block (inflated, split), the last few kept. */
  private blockLines(k: Kept, b: Block): string[] {
    const known = this.inflated.get(b);
    if (known) return known;
    const raw = this.raw(k, b);
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < b.count; i++) {
      const nl = raw.indexOf(10, start);
      const end = nl < 0 ? raw.length : nl;
      let stop = end;
      if (stop > start && raw[stop - 1] === 13) stop--;
      out.push(decodeLine(raw.subarray(start, stop)).text);
      start = end + 1;
    }
    if (this.inflated.size >= 8) this.inflated.delete(this.inflated.keys().next().value as Block);
    this.inflated.set(b, out);
    return out;
  }

  private blockAt(k: Kept, line: number): number {
    let lo = 0;
    let hi = k.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((k.blocks[mid]?.first ?? 0) <= line) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Whether a member's lines are kept in memory as blocks (else a search reads them by a pass of its own). */
  isKept(index: number): boolean {
    const k = this.lookup(index);
    return k.info.notKept === null && k.info.lines !== null;
  }

  /** Whether a member's lines can be shown, sought and merged by time: kept as blocks, or read again through the archive's index. */
  isViewable(index: number): boolean {
    const k = this.lookup(index);
    return this.isKept(index) || (k.info.indexed && k.info.lines !== null && k.place !== undefined);
  }

  /** Lines `from` (1-based) on, at most `count`, as the log view shows them. */
  lines(index: number, from: number, count: number): ViewLine[] {
    const k = this.lookup(index);
    const total = k.info.lines ?? 0;
    const out: ViewLine[] = [];
    if (!this.isViewable(index) || from > total) return out;
    const reference = k.info.mtime ?? new Date();
    for (let bi = this.blockAt(k, from); bi < k.blocks.length && out.length < count; bi++) {
      const b = k.blocks[bi] as Block;
      const lines = this.blockLines(k, b);
      for (let i = Math.max(0, from - b.first); i < b.count && out.length < count; i++) {
        const n = b.first + i;
        const full = k.cutLines.get(n);
        // Shown up to MAX_SHOWN_LINE_BYTES, the cut marked, as evidence is: a screen of 64 KiB lines is megabytes.
        out.push(viewLine(n, clipLine(lines[i] ?? '', full), reference));
      }
    }
    return out;
  }

  /** The next (or previous) error or warning line after (before) `from`, or null. */
  nextProblem(index: number, from: number, direction: 1 | -1): number | null {
    const scan = this.problemScan(index, from, direction);
    for (let step = scan.next(); ; step = scan.next()) if (step.done) return step.value;
  }

  /**
   * The same, giving the thread back every few milliseconds: in a member read
   * again from the archive, a member without an error is read whole (1.5 GB
   * of messages: seconds), and the host goes on answering meanwhile.
   */
  async nextProblemAsync(index: number, from: number, direction: 1 | -1): Promise<number | null> {
    const scan = this.problemScan(index, from, direction);
    let slice = Date.now();
    for (let step = scan.next(); ; step = scan.next()) {
      if (step.done) return step.value;
      if (Date.now() - slice > 20) {
        await setImmediate();
        slice = Date.now();
      }
    }
  }

  /** Looks for the next problem block by block, yielding after each block read. */
  private *problemScan(index: number, from: number, direction: 1 | -1): Generator<void, number | null> {
    const k = this.lookup(index);
    if (!this.isViewable(index) || k.blocks.length === 0) return null;
    const reference = k.info.mtime ?? new Date();
    for (let bi = this.blockAt(k, from); bi >= 0 && bi < k.blocks.length; bi += direction) {
      const b = k.blocks[bi] as Block;
      if (b.problems === false) continue;
      const lines = this.blockLines(k, b);
      yield;
      b.problems ??= lines.some((l) => PROBLEM_WORDS.test(l));
      if (!b.problems) continue;
      const order = lines.map((_, i) => i);
      if (direction < 0) order.reverse();
      for (const i of order) {
        const n = b.first + i;
        if (direction > 0 ? n <= from : n >= from) continue;
        if (viewLine(n, lines[i] ?? '', reference).problem) return n;
      }
    }
    return null;
  }

  /**
   * The lines logged from `from` to `to` (sortKeys, as parseLogLine reads
   * them), in order, each with its time's key; a line without a time (a
   * continuation) takes the time of the line before it. At most `limit` lines
   * that `keep` accepts; `more` says lines were left out past it.
   */
  timed(index: number, from: number, to: number, limit: number, keep: (l: ViewLine) => boolean): { lines: Array<ViewLine & { key: number }>; more: boolean } {
    const k = this.lookup(index);
    const out: Array<ViewLine & { key: number }> = [];
    if (!this.isViewable(index)) return { lines: out, more: false };
    const reference = k.info.mtime ?? new Date();
    let start = 0;
    for (let bi = 0; bi < k.blocks.length; bi++) {
      const t = k.blocks[bi]?.time;
      if (t !== null && t !== undefined && t <= from) start = bi;
    }
    let last: number | null = null;
    let read = 0;
    for (let bi = start; bi < k.blocks.length; bi++) {
      const b = k.blocks[bi] as Block;
      if (b.time !== null && b.time > to) break;
      // A member read again from the archive is read a window at a time: past so much, the rest is a later window's.
      if (b.piece && read >= MAX_TIMED_READ_BYTES) return { lines: out, more: true };
      read += b.piece?.length ?? 0;
      const lines = this.blockLines(k, b);
      for (let i = 0; i < lines.length; i++) {
        const v = viewLine(b.first + i, clipLine(lines[i] ?? '', k.cutLines.get(b.first + i)), reference);
        const parsed = v.time ? parseLogLine(lines[i] ?? '', reference) : null;
        const key: number | null = parsed ? parsed.time.sortKey : last;
        if (key === null) continue;
        last = key;
        if (key < from || key > to || !keep(v)) continue;
        if (out.length >= limit) return { lines: out, more: true };
        out.push({ ...v, key });
      }
    }
    return { lines: out, more: false };
  }

  /** The first line logged at or after `sortKey` (a wall-clock time as parseLogLine reads it), or null. */
  lineAtTime(index: number, sortKey: number): number | null {
    const k = this.lookup(index);
    if (!this.isViewable(index)) return null;
    const reference = k.info.mtime ?? new Date();
    // Logs are mostly in order: start from the last block that begins before the time, then look line by line.
    let start = 0;
    for (let bi = 0; bi < k.blocks.length; bi++) {
      const t = k.blocks[bi]?.time;
      if (t !== null && t !== undefined && t <= sortKey) start = bi;
    }
    for (let bi = start; bi < k.blocks.length; bi++) {
      const b = k.blocks[bi] as Block;
      const lines = this.blockLines(k, b);
      for (let i = 0; i < lines.length; i++) {
        const parsed = parseLogLine(lines[i] ?? '', reference);
        if (parsed && parsed.time.sortKey >= sortKey) return b.first + i;
      }
    }
    return null;
  }

  /**
   * The blocks of the kept members that `members` accepts, in archive order,
   * each a view into the store's arenas, for a search (held-search.ts): the
   * app's hosts copy them a batch at a time to the worker that searches them
   * (workers/held-pass.ts), so a regex slow on a hostile line stalls that
   * worker, not the host, and a cancel terminates it.
   */
  *heldBlocks(members: (index: number, m: StoredMember) => boolean): Generator<HeldBlock> {
    for (const [index, k] of this.kept.entries()) {
      if (!this.isKept(index) || !members(index, k.info)) continue;
      // Dropped meanwhile (the archive closed): the blocks taken stay valid, the search ends with them.
      const blocks = k.blocks;
      for (const [i, b] of blocks.entries()) yield { member: index, data: b.data, deflated: b.deflated, last: i === blocks.length - 1 };
    }
  }
}

/** A member read again from the archive cannot be: the file is not what was indexed. */
export class ArchiveChangedError extends Error {
  constructor() {
    super('the archive file changed since it was read: open it again');
    this.name = 'ArchiveChangedError';
  }
}

/** A line with its log fields set apart, when it parses as a log line. */
export function viewLine(line: number, text: string, reference: Date): ViewLine {
  const parsed = text.length <= 4096 ? parseAnyLogLine(text, reference) : null;
  if (!parsed) return PROBLEM_LINE.test(text.slice(0, 4096)) ? { line, text, problem: true } : { line, text };
  const v: ViewLine = { line, text };
  if (parsed.time) v.time = parsed.time.local;
  if (parsed.host) v.host = parsed.host;
  if (parsed.program) v.program = parsed.program;
  if (parsed.lk) v.severity = parsed.lk.severity;
  if (parsed.lk?.component) v.component = parsed.lk.component;
  if (parsed.time) v.message = parsed.lk && parsed.message.startsWith(`${parsed.lk.severity}:`) ? parsed.message.slice(parsed.lk.severity.length + 1) : parsed.message;
  const problem = parsed.lk ? PROBLEM_SEVERITIES.has(parsed.lk.severity) : PROBLEM_LINE.test(parsed.message);
  if (problem) v.problem = true;
  return v;
}
