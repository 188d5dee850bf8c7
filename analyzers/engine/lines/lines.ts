// Splits a member's bytes into numbered lines as they stream past, and hands
// only the lines containing a watcher's keywords to that watcher: the bytes are
// searched before anything is decoded, because decoding and splitting, not
// matching, is what costs time on gigabyte logs.
import { isAscii } from 'node:buffer';
import type { Encoding } from './decode.js';
import { decodeLine } from './decode.js';
import type { MultiSearch } from './multi-search.js';
import { countNewlines, Hits, multiSearch } from './multi-search.js';
import type { InputId } from '../archive/inputs.js';
import { clipLine } from '../run/budget.js';
import type { RawLineWriter } from './raw-lines.js';

/**
 * Keywords shorter than this are searched natively, one pass each; the longer
 * ones together in one multi-pattern pass, whose skips are bounded by its
 * shortest keyword. Measured here on 500 MB of lifekeeper.log: one native pass
 * runs at 3.4 to 6 GB/s, the multi-pattern pass over 30 keywords of 6 bytes
 * and more at 1.05 GB/s, and at 0.63 GB/s once two 4-byte keywords (":dr:",
 * "hung") are among them.
 */
const MULTI_SEARCH_MIN_BYTES = 5;

/** A hit at least this far from where the scanner is makes it jump there, counting the lines between (see scan). */
const JUMP_MIN_BYTES = 1024;

/** Longer lines are cut to this many bytes (the rest is counted, not kept). */
export const MAX_LINE_BYTES = 64 * 1024;

export interface MemberRef {
  path: string;
  input: InputId;
  /** The member's modification time: the reference for syslog timestamps without a year. */
  mtime: Date | null;
}

/**
 * Buffer's own latin1 slice (on Buffer.prototype in every Node release, not
 * in its type declarations): toString('latin1', start, end) reaches it
 * through two JavaScript wrappers that checked the encoding and bounds for
 * every line, a tenth of the scanner's time on an event-heavy log.
 */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (this: Buffer, start: number, end: number) => string }).latin1Slice ??
  function (this: Buffer, start: number, end: number): string {
    return this.toString('latin1', start, end);
  };

/** Lines decoded lately, kept to decode each line once (as itself, and as context of the lines around it). */
const DECODED_KEPT = 5;

/** How many lines around a kept line are kept for context. */
export const CONTEXT_LINES = 2;

/** One line of an archive member: the unit of evidence. */
export interface SourceLine {
  member: MemberRef;
  /** 1-based line number within the (decompressed) member. */
  line: number;
  text: string;
  /** The line's length in bytes as read, when it was longer than MAX_LINE_BYTES and `text` holds only its start. */
  bytes?: number;
  /** The lines around it; `after` fills in as the scan goes on (shared by reference with its evidence). */
  context: { before: string[]; after: string[] };
}

/** Bytes of a context line shown around evidence (log context lines are kept at this length while reading). */
const CONTEXT_LINE_BYTES = 512;

/**
 * The evidence of a line, with its context. The line is shown up to
 * MAX_SHOWN_LINE_BYTES (run/budget.ts), the cut marked: parsers read it whole,
 * but a report of thousands of 64 KiB lines is hundreds of MB. `after` is
 * shared with the scanner, which fills it in as the scan goes on.
 */
export function evidenceOf(line: SourceLine): { path: string; line: number; text: string; before: string[]; after: string[] } {
  return { path: line.member.path, line: line.line, text: clipLine(line.text, line.bytes), before: line.context.before, after: line.context.after };
}

/** The evidence of a line of a whole document, with its context, each line shortened as evidenceOf does. */
export function documentEvidence(doc: { path: string; lines: readonly string[] }, index: number): { path: string; line: number; text: string; before: string[]; after: string[] } {
  const context = (l: string): string => clipLine(l, undefined, CONTEXT_LINE_BYTES);
  return {
    path: doc.path,
    line: index + 1,
    text: clipLine(doc.lines[index] ?? ''),
    before: doc.lines.slice(Math.max(0, index - CONTEXT_LINES), Math.max(0, index)).map(context),
    after: doc.lines.slice(index + 1, index + 1 + CONTEXT_LINES).map(context),
  };
}

export interface LineConsumer {
  /** ASCII keywords; null means every line. */
  keywords: readonly Buffer[] | null;
  onLine(line: SourceLine): void;
}

export interface ScanStats {
  lines: number;
  bytes: number;
  truncatedLines: number;
  /** Lines after the archive's bound of examined lines was reached: counted, never searched nor handed to analyzers. */
  unexamined: number;
  encodings: Set<Encoding>;
}

export class LineScanner {
  private lineNo = 0;
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private overflow = false;
  /** Bytes of the carried line dropped past MAX_LINE_BYTES (its full length is said on its evidence). */
  private carryDropped = 0;
  /** The last lines seen (raw bytes, copied), for the `before` context of the next kept line. */
  private recent: Buffer[] = [];
  /** Kept lines still waiting for their `after` context. */
  private pending: SourceLine[] = [];
  private readonly everyLine: boolean;
  private readonly allKeywords: Buffer[];
  /** The keywords searched natively, one pass each (all of them when there is no multi-pattern search), by id. */
  private readonly nativeKeywordIds: number[];
  private readonly search: MultiSearch | null;
  /**
   * The last lines decoded during this write: in an event-heavy log a line is
   * decoded as itself, as `after` context of the two before it and as
   * `before` context of the two after it. A ring in flat arrays (buffer,
   * start, end, text, encoding); cleared when write returns, since the
   * stream reuses a chunk's memory afterwards.
   */
  private readonly recentBuf: Array<Buffer | null> = new Array<Buffer | null>(DECODED_KEPT).fill(null);
  private readonly recentStart: number[] = new Array<number>(DECODED_KEPT).fill(0);
  private readonly recentEnd: number[] = new Array<number>(DECODED_KEPT).fill(0);
  private readonly recentDecoded: string[] = new Array<string>(DECODED_KEPT).fill('');
  private readonly recentEncoding: Encoding[] = new Array<Encoding>(DECODED_KEPT).fill('utf-8');
  private recentNext = 0;
  /** The encoding of the line decode() returned last. */
  private lastEncoding: Encoding = 'utf-8';
  /** The encoding emit added to stats.encodings last. */
  private addedEncoding: Encoding | null = null;
  /**
   * The chunk of this write when it is all ASCII without NUL bytes (a check
   * of the whole chunk, at memory speed): its lines are then text as they
   * are, cut out with one latin1 slice each. Checking, converting and
   * wrapping each line on its own (subarray, isUtf8, toString, a Decoded
   * object) was a tenth of an event-heavy log, where every line near an event
   * is decoded.
   */
  private plainChunk: Buffer | null = null;
  /**
   * Each consumer's keywords as latin1 strings (byte for byte), to test a line
   * that came without its matches (a line carried over from the last chunk, or
   * when a consumer wants every line) in one string view.
   */
  private readonly consumerKeywords: Array<readonly string[] | null>;
  /** Each consumer's keywords as indexes into allKeywords: the chunk's search says which matched where. */
  private readonly consumerKeywordIds: Array<readonly number[] | null>;
  /**
   * `hitOn[id] === line serial`: keyword id occurs in the current line. Set
   * from the chunk's search, so that handing a line to its consumers needs no
   * second search (that was 2.5 µs a line, a quarter of an event-heavy log).
   */
  private readonly hitOn: Int32Array;
  /** For each keyword id, the consumers (indexes) that watch it. */
  private readonly consumersOfId: Int32Array[];
  /**
   * `wanted[consumer] === line serial`: the consumer watches a keyword of the
   * current line. Marked with hitOn, so that emit asks one number per
   * consumer instead of walking each consumer's keywords (19 watchers of
   * lifekeeper.log, the timeline alone with 23 keywords, on every event line).
   */
  private readonly wanted: Int32Array;
  private lineSerial = 0;
  /** Set once the bound of examined lines is reached: the lines before this one were read as usual. */
  private closedAt: number | null = null;
  readonly stats: ScanStats = { lines: 0, bytes: 0, truncatedLines: 0, unexamined: 0, encodings: new Set() };

  constructor(
    private readonly member: MemberRef,
    private readonly consumers: readonly LineConsumer[],
    /** Keep the lines around kept lines (off for whole documents, which have them anyway). */
    private readonly withContext = true,
    /** Asked before a line is handed to analyzers (decoded, parsed, folded into facts): false stops that, and the line is only counted. */
    private readonly mayExamine: (() => boolean) | null = null,
    /**
     * Kept lines written as bytes for another thread instead of handed to the
     * consumers here (raw-lines.ts): the consumers' `onLine` is then never
     * called in this thread, only their keywords are used.
     */
    private readonly raw: RawLineWriter | null = null,
  ) {
    if (raw && !withContext) throw new Error('raw lines are written with their context');
    this.everyLine = consumers.some((c) => c.keywords === null);
    const seen = new Map<string, Buffer>();
    for (const c of consumers) for (const k of c.keywords ?? []) seen.set(k.toString('latin1'), k);
    this.allKeywords = [...seen.values()];
    const ids = new Map([...seen.keys()].map((k, i) => [k, i]));
    const longIds = this.allKeywords.flatMap((k, i) => (k.length >= MULTI_SEARCH_MIN_BYTES ? [i] : []));
    this.search = longIds.length >= 2 ? sharedSearch(longIds.map((i) => this.allKeywords[i] as Buffer), longIds) : null;
    this.nativeKeywordIds = this.allKeywords.flatMap((k, i) => (!this.search || k.length < MULTI_SEARCH_MIN_BYTES ? [i] : []));
    this.consumerKeywords = consumers.map((c) => c.keywords?.map((k) => k.toString('latin1')) ?? null);
    this.consumerKeywordIds = consumers.map((c) => c.keywords?.map((k) => ids.get(k.toString('latin1')) ?? -1) ?? null);
    this.hitOn = new Int32Array(Math.max(1, this.allKeywords.length));
    this.consumersOfId = this.allKeywords.map((_, id) => Int32Array.from(this.consumerKeywordIds.flatMap((kw, c) => (kw?.includes(id) ? [c] : []))));
    this.wanted = new Int32Array(Math.max(1, consumers.length));
    this.rawChosen = new Int32Array(Math.max(1, consumers.length));
  }

  write(chunk: Buffer): void {
    try {
      this.scan(chunk);
    } finally {
      this.forgetDecoded();
      this.raw?.forgetSources();
      this.plainChunk = null;
    }
  }

  private scan(chunk: Buffer): void {
    this.stats.bytes += chunk.length;
    let pos = 0;
    if (this.carryBytes > 0 || this.overflow) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.addCarry(chunk);
        return;
      }
      this.addCarry(chunk.subarray(0, nl));
      const line = Buffer.concat(this.carry, this.carryBytes);
      const truncated = this.overflow;
      const dropped = this.carryDropped;
      this.carry = [];
      this.carryBytes = 0;
      this.overflow = false;
      this.carryDropped = 0;
      this.lineNo++;
      if (this.hasPending()) this.fillAfter(line, 0, line.length);
      this.emit(line, 0, line.length, truncated, true, this.recentNow, dropped);
      this.recent = [...this.recent.slice(-1), Buffer.from(line.subarray(0, 512))];
      pos = nl + 1;
    }
    // Past the bound of examined lines nothing is searched: lines are only counted, at the speed of a line no one wants.
    const hits = this.closedAt !== null ? this.noHits() : this.everyLine ? null : this.matchesFrom(chunk, pos);
    // The hits in order (see matchesFrom), and how many: `matches` is reused for every chunk.
    const matches = hits?.values ?? null;
    const matchCount = hits?.count ?? 0;
    // The search that has just searched this chunk: it counts its line breaks fast (see MultiSearch.newlines).
    const counter = matches !== null && this.closedAt === null ? this.search : null;
    if (matches !== null && matchCount === 0 && (!this.hasPending() || this.closedAt !== null)) {
      this.passLines(chunk, pos, counter);
      return;
    }
    this.plainChunk = isAscii(chunk) && chunk.indexOf(0) < 0 ? chunk : null;
    const base = this.hitOn.length;
    let mi = 0;
    // Where the last lines of this chunk start: their bytes become `before` context for lines that follow.
    let prev1 = -1;
    let prev1End = -1;
    let prev2 = -1;
    let prev2End = -1;
    let recentValid = true;
    for (;;) {
      if (counter !== null && matches !== null && !this.hasPending()) {
        // No line waits for its context: jump to the line of the next hit (or past the last whole line), the lines
        // between only counted, and the last two of them found for the context before the next kept line.
        // Only when the hit is far: in an event-heavy log, hits a line or two apart are walked to more cheaply.
        const next = mi < matchCount ? Math.floor((matches[mi] as number) / base) : -1;
        const far = next < 0 ? chunk.length - pos > JUMP_MIN_BYTES : next - pos > JUMP_MIN_BYTES;
        const target = !far ? pos : next < 0 ? chunk.lastIndexOf(10) + 1 : chunk.lastIndexOf(10, next - 1) + 1;
        if (target > pos) {
          const count = counter.newlines(chunk, pos, target);
          this.lineNo += count;
          const p1 = target - 2 >= pos ? Math.max(pos, chunk.lastIndexOf(10, target - 2) + 1) : pos;
          if (count >= 2) {
            prev2 = p1 - 2 >= pos ? Math.max(pos, chunk.lastIndexOf(10, p1 - 2) + 1) : pos;
            prev2End = p1 - 1;
          } else {
            prev2 = prev1;
            prev2End = prev1End;
          }
          prev1 = p1;
          prev1End = target - 1;
          if (prev2 >= 0) recentValid = false;
          pos = target;
        }
      }
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) break;
      this.lineNo++;
      if (this.hasPending()) this.fillAfter(chunk, pos, nl);
      if (matches === null) this.emit(chunk, pos, nl, false, true, this.beforeFrom(chunk, prev2, prev2End, prev1, prev1End, recentValid));
      else {
        // A keyword holds no newline, so one that starts in this line ends in it.
        while (mi < matchCount && (matches[mi] ?? 0) < pos * base) mi++;
        if (mi < matchCount && (matches[mi] ?? 0) < nl * base) {
          const serial = ++this.lineSerial;
          for (; mi < matchCount && (matches[mi] ?? 0) < nl * base; mi++) this.markHit((matches[mi] ?? 0) % base, serial);
          this.emit(chunk, pos, nl, false, false, this.beforeFrom(chunk, prev2, prev2End, prev1, prev1End, recentValid));
        }
      }
      prev2 = prev1;
      prev2End = prev1End;
      prev1 = pos;
      prev1End = nl;
      if (prev2 >= 0) recentValid = false;
      pos = nl + 1;
    }
    // Remember the last two complete lines of this chunk for the next one.
    const keep: Buffer[] = [];
    if (prev2 >= 0) keep.push(Buffer.from(chunk.subarray(prev2, Math.min(prev2End, prev2 + 512))));
    if (prev1 >= 0) keep.push(Buffer.from(chunk.subarray(prev1, Math.min(prev1End, prev1 + 512))));
    if (keep.length === 2) this.recent = keep;
    else if (keep.length === 1) this.recent = [...this.recent.slice(-1), ...keep];
    if (pos < chunk.length) this.addCarry(chunk.subarray(pos));
  }

  /**
   * The rest of a chunk where nothing is wanted (no keyword, no line waiting
   * for context), as write would pass it, only faster (most chunks of a large
   * log): count its lines, remember the last two for the context of what
   * follows, carry the unfinished one.
   */
  private passLines(chunk: Buffer, pos: number, counter: MultiSearch | null): void {
    const count = counter ? counter.newlines(chunk, pos, chunk.length) : countNewlines(chunk, pos, chunk.length);
    const last = count > 0 ? chunk.lastIndexOf(10) : -1;
    this.lineNo += count;
    const copy = (start: number, end: number): Buffer => Buffer.from(chunk.subarray(start, Math.min(end, start + 512)));
    if (count === 1) this.recent = [...this.recent.slice(-1), copy(pos, last)];
    else if (count >= 2) {
      const lastStart = chunk.lastIndexOf(10, last - 1) + 1;
      const prevStart = count >= 3 ? chunk.lastIndexOf(10, lastStart - 2) + 1 : pos;
      this.recent = [copy(prevStart, lastStart - 1), copy(lastStart, last)];
    }
    const rest = count > 0 ? last + 1 : pos;
    if (rest < chunk.length) this.addCarry(chunk.subarray(rest));
  }

  /** Flushes the last line when the member does not end with a newline. */
  end(): void {
    if (this.carryBytes > 0 || this.overflow) {
      const line = Buffer.concat(this.carry, this.carryBytes);
      this.lineNo++;
      if (this.hasPending()) this.fillAfter(line, 0, line.length);
      this.emit(line, 0, line.length, this.overflow, true, this.recentNow, this.carryDropped);
      this.carry = [];
      this.carryBytes = 0;
      this.overflow = false;
      this.carryDropped = 0;
    }
    this.stats.lines = this.lineNo;
    if (this.closedAt !== null) this.stats.unexamined = this.lineNo - this.closedAt;
    this.pending = [];
    this.rawWantOne = 0;
    this.rawWantTwo = 0;
    this.forgetDecoded();
    this.raw?.forgetSources();
  }

  /** Kept lines wait for their `after` context (as SourceLines here, or counted when written raw). */
  private hasPending(): boolean {
    return this.pending.length > 0 || this.rawWantOne + this.rawWantTwo > 0;
  }

  /** Raw mode: kept lines still waiting for one more, and for two more, lines of `after` context. */
  private rawWantOne = 0;
  private rawWantTwo = 0;

  private lineText(buf: Buffer, start: number, end: number): string {
    if (end > start && buf[end - 1] === 13) end--;
    return this.decode(buf, start, Math.min(end, start + 512));
  }

  /**
   * The text of bytes start..end of buf (its encoding in lastEncoding). The
   * last few are kept in flat arrays, a ring: one line is asked for as
   * itself and as the context of up to four others (an object and an array
   * shift per line were garbage on event-heavy logs).
   */
  private decode(buf: Buffer, start: number, end: number): string {
    // Newest first: a line is asked for again mostly right after it was decoded (as itself, then as context).
    for (let k = 1, i = this.recentNext; k <= DECODED_KEPT; k++) {
      i = i === 0 ? DECODED_KEPT - 1 : i - 1;
      if (this.recentStart[i] === start && this.recentEnd[i] === end && this.recentBuf[i] === buf) {
        this.lastEncoding = this.recentEncoding[i] as Encoding;
        return this.recentDecoded[i] as string;
      }
    }
    let text: string;
    if (buf === this.plainChunk) {
      // ASCII without NUL: what decodeLine would return, without checking the line again.
      text = latin1Slice.call(buf, start, end);
      this.lastEncoding = 'utf-8';
    } else {
      const decoded = decodeLine(buf.subarray(start, end));
      text = decoded.text;
      this.lastEncoding = decoded.encoding;
    }
    const i = this.recentNext;
    this.recentNext = (i + 1) % DECODED_KEPT;
    this.recentBuf[i] = buf;
    this.recentStart[i] = start;
    this.recentEnd[i] = end;
    this.recentDecoded[i] = text;
    this.recentEncoding[i] = this.lastEncoding;
    return text;
  }

  /** Called when a write returns: the stream reuses a chunk's memory afterwards, so a buffer's identity no longer says its content. */
  private forgetDecoded(): void {
    this.recentBuf.fill(null);
  }

  private recentText(): string[] {
    if (!this.withContext) return [];
    return this.recent.map((b) => this.lineText(b, 0, b.length));
  }

  /** The context before a line carried over from the last chunk: the last lines of that chunk (recentText, asked for only if the line is kept). */
  private readonly recentNow = (): string[] => this.recentText();

  /** Raw mode: the bytes lineText would decode, written as a line of context. */
  private rawContext(buf: Buffer, start: number, end: number): void {
    if (end > start && buf[end - 1] === 13) end--;
    (this.raw as RawLineWriter).context(buf, start, Math.min(end, start + 512));
  }

  /** Raw mode: what beforeNow or recentNow would return, written as bytes (the same branches). */
  private rawBefore(before: string[] | (() => string[])): void {
    if (before === this.recentNow) {
      if (this.withContext) for (const b of this.recent) this.rawContext(b, 0, b.length);
      return;
    }
    if (before !== this.beforeNow) return;
    const chunk = this.beforeChunk as Buffer;
    if (this.beforeP2 >= 0) {
      this.rawContext(chunk, this.beforeP2, this.beforeE2);
      if (this.beforeP1 >= 0) this.rawContext(chunk, this.beforeP1, this.beforeE1);
      return;
    }
    const r = this.beforeRecent ? this.recent : [];
    const last = r[r.length - 1];
    if (this.beforeP1 >= 0) {
      if (last) this.rawContext(last, 0, last.length);
      this.rawContext(chunk, this.beforeP1, this.beforeE1);
      return;
    }
    const first = r.length >= 2 ? r[r.length - 2] : undefined;
    if (first && last) {
      this.rawContext(first, 0, first.length);
      this.rawContext(last, 0, last.length);
    } else if (last) this.rawContext(last, 0, last.length);
  }

  /** The two lines before the current one: from this chunk, else from the end of the previous one. */
  private beforeFrom(chunk: Buffer, p2: number, e2: number, p1: number, e1: number, useRecent: boolean): string[] | (() => string[]) {
    if (!this.withContext) return [];
    // Kept in fields for beforeNow, which emit calls at once if it keeps the line: a closure per line
    // and two arrays per kept line (one pushed to, one sliced from it) were garbage on event-heavy logs.
    this.beforeChunk = chunk;
    this.beforeP2 = p2;
    this.beforeE2 = e2;
    this.beforeP1 = p1;
    this.beforeE1 = e1;
    this.beforeRecent = useRecent;
    return this.beforeNow;
  }

  private beforeChunk: Buffer | null = null;
  private beforeP2 = -1;
  private beforeE2 = -1;
  private beforeP1 = -1;
  private beforeE1 = -1;
  private beforeRecent = false;

  /** The lines before the one beforeFrom was last asked about: the two of this chunk, else the last of the previous one. */
  private readonly beforeNow = (): string[] => {
    const chunk = this.beforeChunk as Buffer;
    const prev = this.beforeP1 >= 0 ? this.lineText(chunk, this.beforeP1, this.beforeE1) : null;
    if (this.beforeP2 >= 0) {
      const prev2 = this.lineText(chunk, this.beforeP2, this.beforeE2);
      return prev === null ? [prev2] : [prev2, prev];
    }
    const r = this.beforeRecent ? this.recent : [];
    const last = r[r.length - 1];
    if (prev !== null) return last ? [this.lineText(last, 0, last.length), prev] : [prev];
    const first = r.length >= 2 ? r[r.length - 2] : undefined;
    if (first && last) return [this.lineText(first, 0, first.length), this.lineText(last, 0, last.length)];
    return last ? [this.lineText(last, 0, last.length)] : [];
  };

  private fillAfter(buf: Buffer, start: number, end: number): void {
    if (this.raw !== null && this.rawWantOne + this.rawWantTwo > 0) {
      if (end > start && buf[end - 1] === 13) end--;
      this.raw.after(buf, start, Math.min(end, start + 512));
      this.rawWantOne = this.rawWantTwo;
      this.rawWantTwo = 0;
    }
    if (this.pending.length === 0) return;
    const text = this.lineText(buf, start, end);
    // In place: a new array for every line after an event was a tenth of an event-heavy log's garbage.
    const pending = this.pending;
    const n = pending.length;
    let waiting = 0;
    for (let i = 0; i < n; i++) {
      const p = pending[i] as SourceLine;
      const after = p.context.after;
      after.push(text);
      if (after.length < CONTEXT_LINES) pending[waiting++] = p;
    }
    // Setting an array's length is a call into the runtime: only when a line got all its context.
    if (waiting !== n) pending.length = waiting;
  }

  private addCarry(part: Buffer): void {
    const room = MAX_LINE_BYTES - this.carryBytes;
    if (part.length > room) {
      this.overflow = true;
      this.carryDropped += part.length - Math.max(room, 0);
      part = part.subarray(0, Math.max(room, 0));
    }
    if (part.length === 0) return;
    // Copy: the chunk's memory is reused by the stream after this call.
    this.carry.push(Buffer.from(part));
    this.carryBytes += part.length;
  }

  /**
   * Which keywords occur where in the chunk, in order, as `start * keyword
   * count + id`: one multi-pattern pass for the long keywords, native
   * searches for the rest.
   */
  private matchesFrom(chunk: Buffer, from: number): Hits {
    const base = this.hitOn.length;
    const found = this.hits;
    found.count = 0;
    this.search?.findInto(chunk, from, base, found);
    const sorted = found.count;
    for (const id of this.nativeKeywordIds) {
      const k = this.allKeywords[id] as Buffer;
      for (let i = chunk.indexOf(k, from); i >= 0; i = chunk.indexOf(k, i + k.length)) found.push(i * base + id);
    }
    if (found.count > sorted && found.count > 1) found.sortFrom(0);
    return found;
  }

  /** Where this scanner's chunks' hits are put, refilled for each chunk. */
  private readonly hits = new Hits();

  /** No hits (past the bound of examined lines). */
  private noHits(): Hits {
    this.hits.count = 0;
    return this.hits;
  }


  private markHit(id: number, serial: number): void {
    this.hitOn[id] = serial;
    const consumers = this.consumersOfId[id] as Int32Array;
    for (let k = 0; k < consumers.length; k++) this.wanted[consumers[k] as number] = serial;
  }

  /**
   * Hands the line to the consumers that want it; true when one did.
   * `unfiltered`: the line came without its matches (see consumerKeywords);
   * else hitOn says which keywords it holds.
   */
  private emit(buf: Buffer, start: number, end: number, truncated: boolean, unfiltered: boolean, before: string[] | (() => string[]), dropped = 0): boolean {
    if (end > start && buf[end - 1] === 13) end--;
    let full = end - start + dropped;
    if (end - start > MAX_LINE_BYTES) {
      end = start + MAX_LINE_BYTES;
      truncated = true;
    }
    if (!truncated) full = end - start;
    if (truncated) this.stats.truncatedLines++;
    if (this.raw !== null) return this.emitRaw(this.raw, buf, start, end, truncated ? full : 0, unfiltered, before);
    let text: string | null = null;
    let line: SourceLine | null = null;
    let view: string | null = null;
    for (let i = 0; i < this.consumers.length; i++) {
      const c = this.consumers[i] as LineConsumer;
      const keywords = this.consumerKeywords[i];
      if (keywords && unfiltered) {
        view ??= buf.toString('latin1', start, end);
        if (!includesAny(view, keywords)) continue;
      } else if (keywords && this.wanted[i] !== this.lineSerial) continue;
      if (this.closedAt !== null) return false;
      if (!line && this.mayExamine && !this.mayExamine()) {
        this.closedAt = this.lineNo - 1;
        return false;
      }
      if (text === null) {
        text = this.decode(buf, start, end);
        // A set's add per line showed in profiles: most members are in one encoding throughout.
        if (this.lastEncoding !== this.addedEncoding) {
          this.stats.encodings.add(this.lastEncoding);
          this.addedEncoding = this.lastEncoding;
        }
      }
      if (!line) {
        line = { member: this.member, line: this.lineNo, text, context: { before: typeof before === 'function' ? before() : before, after: this.withContext ? roomForAfter() : [] } };
        if (truncated) line.bytes = full;
        if (this.withContext) this.pending.push(line);
      }
      c.onLine(line);
    }
    return line !== null;
  }

  /** Consumers chosen for the line being written raw (indexes). */
  private readonly rawChosen: Int32Array;

  /**
   * emit's raw mode: the same choice of consumers (and the same bound of
   * examined lines), then the line, its consumers and its `before` context
   * written as bytes; nothing is decoded here.
   */
  private emitRaw(w: RawLineWriter, buf: Buffer, start: number, end: number, full: number, unfiltered: boolean, before: string[] | (() => string[])): boolean {
    let chosen = 0;
    let view: string | null = null;
    for (let i = 0; i < this.consumers.length; i++) {
      const keywords = this.consumerKeywords[i];
      if (keywords && unfiltered) {
        view ??= buf.toString('latin1', start, end);
        if (!includesAny(view, keywords)) continue;
      } else if (keywords && this.wanted[i] !== this.lineSerial) continue;
      if (this.closedAt !== null) return false;
      if (chosen === 0 && this.mayExamine && !this.mayExamine()) {
        this.closedAt = this.lineNo - 1;
        return false;
      }
      this.rawChosen[chosen++] = i;
    }
    if (chosen === 0) return false;
    w.lineStart(this.lineNo, full);
    for (let k = 0; k < chosen; k++) w.consumer(this.rawChosen[k] as number);
    w.contextStart();
    this.rawBefore(before);
    w.lineEnd(buf, start, end);
    // CONTEXT_LINES (2) lines of `after` context to come.
    this.rawWantTwo++;
    return true;
  }
}

/**
 * The multi-pattern searches built so far, by keyword set: every member of an
 * input has the same watchers, and building the tables (a 64 KiB shift table,
 * 65,537 block entries) took 10 to 15 ms a member, 0.1 s of the 69.5 MB bench
 * archive's 18 log members. A search holds no state between calls.
 */
const searches = new Map<string, MultiSearch>();
const MAX_SHARED_SEARCHES = 32;

function sharedSearch(keywords: readonly Buffer[], ids: readonly number[]): MultiSearch {
  const key = JSON.stringify([keywords.map((k) => k.toString('latin1')), ids]);
  let search = searches.get(key);
  if (!search) {
    if (searches.size >= MAX_SHARED_SEARCHES) searches.clear();
    search = multiSearch(keywords, ids);
    searches.set(key, search);
  }
  return search;
}

/**
 * An empty array with room for its CONTEXT_LINES lines: V8 gives an empty
 * array room for 16 at its first push (184 bytes against 64 for two, on
 * every kept line, and the kept ones are what the collector copies); a popped
 * array keeps its room.
 */
function roomForAfter(): string[] {
  const after = ['', ''];
  after.pop();
  after.pop();
  return after;
}

function includesAny(text: string, keywords: readonly string[]): boolean {
  for (const k of keywords) if (text.includes(k)) return true;
  return false;
}

/** Splits a whole small document into lines with the same decoding rules. */
export function splitDocument(bytes: Buffer): { lines: string[]; encodings: Set<Encoding> } {
  const lines: string[] = [];
  const encodings = new Set<Encoding>();
  const member: MemberRef = { path: '', input: 'hostname', mtime: null };
  const scanner = new LineScanner(member, [
    {
      keywords: null,
      onLine: (l) => {
        lines.push(l.text);
      },
    },
  ], false);
  scanner.write(bytes);
  scanner.end();
  for (const e of scanner.stats.encodings) encodings.add(e);
  return { lines, encodings };
}
