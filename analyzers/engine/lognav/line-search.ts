// Searches one member's lines as its bytes stream past, grep -n style: the
// matching lines with their numbers, and N lines of context around them. It
// works on blocks of whole lines (a chunk less its unfinished last line), not
// line by line: a literal is found by a byte search over the block, a regex
// over the block decoded once; only the lines around a hit are cut out and
// decoded. What it holds is bounded whatever the member: the unfinished line
// (at most MAX_LINE_BYTES, the rest counted) and the last N lines for context.
import { isUtf8 } from 'node:buffer';
import { decodeLine } from '../lines/decode.js';
import { MAX_LINE_BYTES } from '../lines/lines.js';
import { LineCarry } from './line-carry.js';
import { clipLine } from '../run/budget.js';
import type { Matcher } from './matcher.js';

/** One line of output: a matching line or a line of context. */
export interface FoundLine {
  /** 1-based line number in the decompressed member. */
  line: number;
  /** Its text, decoded as the analyzers decode it, cut at MAX_LINE_BYTES with the cut marked. */
  text: string;
  match: boolean;
}

export interface FoundSink {
  line(l: FoundLine): void;
  /** Lines were left out between two groups of output (grep's "--"). */
  gap(): void;
}

/** Lines of context asked for at most (each kept up to MAX_LINE_BYTES until the next block). */
export const MAX_CONTEXT_LINES = 100;

/** A block of whole lines, as bytes or decoded text: the search and the walk over its lines need only these. */
interface BlockView {
  readonly length: number;
  /** The next line break at or after `from`, or -1. */
  nl(from: number): number;
  /** The line break before `before` (exclusive), or -1. */
  prevNl(before: number): number;
  /** The text of [start, end), decoded, without a trailing CR, cut for output. */
  text(start: number, end: number, dropped: number): string;
  /** The next line at or after the line starting at `from` that matches: where it starts and ends. */
  find(from: number): { start: number; end: number } | null;
}

function bytesView(buf: Buffer, needle: Buffer): BlockView {
  // Buffer.lastIndexOf counts a negative offset from the end: never give it one.
  const prevNl = (before: number): number => (before <= 0 ? -1 : buf.lastIndexOf(10, before - 1));
  return {
    length: buf.length,
    nl: (from) => buf.indexOf(10, from),
    prevNl,
    text: (start, end, dropped) => lineText(buf, start, end, dropped),
    find: (from) => {
      const i = buf.indexOf(needle, from);
      if (i < 0) return null;
      // The needle holds no line break: the line is the one around it.
      const nl = buf.indexOf(10, i);
      return { start: prevNl(i) + 1, end: nl < 0 ? buf.length : nl };
    },
  };
}

function stringView(s: string, m: Extract<Matcher, { kind: 'regex' }>): BlockView {
  const endOf = (start: number): number => {
    const nl = s.indexOf('\n', start);
    return nl < 0 ? s.length : nl;
  };
  const prevNl = (before: number): number => (before <= 0 ? -1 : s.lastIndexOf('\n', before - 1));
  return {
    length: s.length,
    nl: (from) => s.indexOf('\n', from),
    prevNl,
    find: (from) => {
      while (from <= s.length) {
        let start = from;
        if (!m.perLine) {
          // The block's first hit at or after `from`; a hit that runs over a line break is checked on its own line.
          m.block.lastIndex = from;
          const r = m.block.exec(s);
          if (!r) return null;
          start = prevNl(r.index) + 1;
        }
        const end = endOf(start);
        if (m.line.test(s.slice(start, end))) return { start, end };
        from = end + 1;
      }
      return null;
    },
    text: (start, end, dropped) => {
      const cut = Math.min(end, start + MAX_LINE_BYTES);
      let t = s.slice(start, cut);
      if (cut === end && t.endsWith('\r')) t = t.slice(0, -1);
      return cut < end || dropped > 0 ? clipLine(t, Buffer.byteLength(s.slice(start, end)) + dropped, MAX_LINE_BYTES) : t;
    },
  };
}

function lineText(buf: Buffer, start: number, end: number, dropped: number): string {
  const full = end - start + dropped;
  const cut = Math.min(end, start + MAX_LINE_BYTES);
  let stop = cut;
  if (stop === end && stop > start && buf[stop - 1] === 13) stop--;
  const t = decodeLine(buf.subarray(start, stop)).text;
  return full > cut - start ? clipLine(t, full, MAX_LINE_BYTES) : t;
}

/** A block's text for a regex: UTF-8 as it is (most blocks), else each line decoded as the analyzers would (Shift_JIS, EUC-JP). */
function decodeBlock(buf: Buffer): string {
  if (isUtf8(buf)) return buf.toString('utf8');
  const out: string[] = [];
  let start = 0;
  for (let nl = buf.indexOf(10); ; nl = buf.indexOf(10, start)) {
    const end = nl < 0 ? buf.length : nl;
    out.push(decodeLine(buf.subarray(start, end)).text.replaceAll('\n', ' '));
    if (nl < 0) break;
    start = nl + 1;
  }
  return out.join('\n');
}

export class MemberSearch {
  /** Lines before the current block. */
  private lineNo = 0;
  private readonly carry = new LineCarry();
  /** The last lines of the blocks before, for the context before a hit at the start of a block. */
  private ring: FoundLine[] = [];
  private lastPrinted = 0;
  private afterUntil = 0;
  matches = 0;
  private readonly context: number;

  /**
   * `maxMatches`: after so many matching lines no more are looked for (grep
   * -m); the context owed after the last one is still given, then the search
   * is `finished` and the rest of the member need not be read.
   */
  constructor(private readonly matcher: Matcher, context: number, private readonly out: FoundSink, private readonly maxMatches = Infinity) {
    this.context = Math.max(0, Math.min(MAX_CONTEXT_LINES, Math.floor(context)));
  }

  /** The matching lines asked for at most were found and the context after the last one given: nothing more will be printed. */
  get finished(): boolean {
    return this.matches >= this.maxMatches && this.lastPrinted >= this.afterUntil;
  }

  /** Lines read so far (all of them once ended). */
  get lines(): number {
    return this.lineNo;
  }

  write(chunk: Buffer): void {
    let pos = 0;
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
    const last = chunk.lastIndexOf(10);
    if (last >= pos) {
      this.block(chunk.subarray(pos, last), 0);
      pos = last + 1;
    }
    if (pos < chunk.length) this.carry.add(chunk.subarray(pos));
  }

  /** The last line, when the member does not end with a line break. */
  end(): void {
    if (this.carry.pending) this.flushCarry();
  }

  private flushCarry(): void {
    const { line, dropped } = this.carry.take();
    this.block(line, dropped);
  }

  /**
   * Searches a block of whole lines (separated by line breaks; the last one
   * ends at the block's end), numbered from lineNo + 1. `dropped`: bytes of
   * a one-line block cut while carried.
   */
  private block(buf: Buffer, dropped: number): void {
    const m = this.matcher;
    const view = m.kind === 'bytes' ? bytesView(buf, m.needle) : stringView(decodeBlock(buf), m);
    const first = this.lineNo + 1;
    /** Line `line` starts at offset `at`: where counting line breaks goes on from. */
    let line = first;
    let at = 0;
    /** Where the line after the last printed one starts, when that line is in this block. */
    let nextPos = this.lastPrinted === first - 1 ? 0 : -1;
    const countTo = (pos: number): void => {
      for (let nl = view.nl(at); nl >= 0 && nl < pos; nl = view.nl(at)) {
        line++;
        at = nl + 1;
      }
    };
    const endOf = (start: number): number => {
      const nl = view.nl(start);
      return nl < 0 ? view.length : nl;
    };
    const emit = (l: number, start: number, end: number, match: boolean): void => {
      this.out.line({ line: l, text: view.text(start, end, dropped), match });
      this.lastPrinted = l;
      nextPos = end + 1;
    };
    /** Owed context after the last hit, up to line `upTo`. */
    const after = (upTo: number): void => {
      while (nextPos >= 0 && nextPos <= view.length && this.lastPrinted < Math.min(this.afterUntil, upTo)) {
        emit(this.lastPrinted + 1, nextPos, endOf(nextPos), false);
      }
    };
    let from = 0;
    while (this.matches < this.maxMatches) {
      const hit = view.find(from);
      if (!hit) break;
      countTo(hit.start);
      after(line - 1);
      // Context before: up to N lines, not printed yet, from this block and then from the ones before.
      const firstBefore = Math.max(this.lastPrinted + 1, line - this.context, 1);
      if (this.lastPrinted > 0 && this.context > 0 && firstBefore > this.lastPrinted + 1) this.out.gap();
      if (firstBefore < line) {
        const starts: number[] = [];
        let s = hit.start;
        for (let l = line - 1; l >= Math.max(firstBefore, first); l--) {
          s = view.prevNl(s - 1) + 1;
          starts.unshift(s);
        }
        for (const r of this.ring) if (r.line >= firstBefore && r.line < first) {
          this.out.line(r);
          this.lastPrinted = r.line;
        }
        let l = Math.max(firstBefore, first);
        for (const st of starts) emit(l++, st, endOf(st), false);
      }
      emit(line, hit.start, hit.end, true);
      this.matches++;
      this.afterUntil = line + this.context;
      from = hit.end + 1;
      if (from > view.length) break;
    }
    countTo(view.length + 1);
    after(line);
    this.lineNo = line;
    if (this.context > 0) this.keepLast(view, first, line, dropped);
  }

  /** The block's last N lines (and older ones when it has fewer), for the context of a hit early in the next block. */
  private keepLast(view: BlockView, first: number, last: number, dropped: number): void {
    const kept: FoundLine[] = [];
    let end = view.length;
    for (let l = last; l >= first && kept.length < this.context; l--) {
      const start = view.prevNl(end) + 1;
      kept.unshift({ line: l, text: view.text(start, end, dropped), match: false });
      end = start - 1;
    }
    this.ring = [...this.ring.filter((r) => r.line < first), ...kept].slice(-this.context);
  }
}
