// The search of the members the log view holds in memory as deflated blocks
// (ArchiveStore): the blocks handed over one by one in archive order, each
// member's lines searched by the engine of `lkanalyze grep` (MemberSearch),
// hits posted in batches as found. The same searcher runs in a worker (the
// app's hosts: held-pass.ts hands it copies of the blocks, so a regex slow on
// a hostile line stalls the worker, never the host, and a cancel terminates
// it) or, where workers cannot start, in this thread (searchHeldHere).
import { setImmediate } from 'node:timers/promises';
import { inflateRawSync } from 'node:zlib';
import { RawBlockInflater } from '../archive/gzip-index.js';
import { MAX_LINE_BYTES } from '../lines/lines.js';
import { collectGarbage } from '../workers/collect.js';
import type { Matcher } from './matcher.js';
import { compileMatcher } from './matcher.js';
import { MemberSearch } from './line-search.js';
import type { GrepHit } from './search.js';
import { hitText } from './search.js';

/** One block of a held member: its bytes (deflated raw, or the lines as they are), and whether it is the member's last. */
export interface HeldBlock {
  /** The member's index in the store. */
  member: number;
  data: Uint8Array;
  deflated: boolean;
  last: boolean;
}

export interface HeldSearchJob {
  pattern: string;
  regex: boolean;
  ignoreCase: boolean;
  context: number;
  /** Hits (context lines included) and UTF-16 units of their text after which the search stops: the room the search has left. */
  maxLines: number;
  maxChars: number;
}

export interface HeldPassOptions {
  signal?: AbortSignal;
  /** Hits in batches, in the order found (member by member, in archive order); `member` is the store's index. */
  onHits(hits: GrepHit[]): void;
}

export interface HeldPassResult {
  /** It stopped at maxLines or maxChars. */
  cut: boolean;
}

/** A batch of hits is handed over at this many hits, this much text, or this long after its first hit (and at each member's end, and the search's first hit alone). */
const BATCH_HITS = 500;
const BATCH_CHARS = 256 * 1024;
const BATCH_MS = 100;

/** A block's lines are at most a block and a line: one buffer of twice that takes any block (a larger one is inflated apart). */
const SCRATCH_BYTES = 2 * (128 * 1024 + MAX_LINE_BYTES + 1);

/** Searches held blocks as they are handed to it, member by member. */
export class HeldSearcher {
  private search: MemberSearch | null = null;
  private member = -1;
  private readonly scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  private readonly inflater = new RawBlockInflater();
  private batch: GrepHit[] = [];
  private batchChars = 0;
  private batchAt = 0;
  private lines = 0;
  private chars = 0;
  private gapPending = false;
  /** Bytes of text the blocks inflated to so far. */
  inflated = 0;
  /** The search's room ran out: no more hits are looked for. */
  cut = false;

  constructor(private readonly matcher: Matcher, private readonly job: Pick<HeldSearchJob, 'context' | 'maxLines' | 'maxChars'>, private readonly onHits: (hits: GrepHit[]) => void) {}

  /** Searches one block (the blocks of a member in order, the members in the order they are to be found). */
  block(b: HeldBlock): void {
    if (this.cut) return;
    if (b.member !== this.member || !this.search) {
      this.endMember();
      this.member = b.member;
      this.gapPending = false;
      this.search = new MemberSearch(this.matcher, this.job.context, { line: (l) => this.hit(l.line, l.text, l.match), gap: () => (this.gapPending = true) });
    }
    const n = b.deflated ? this.inflater.inflateInto(b.data, this.scratch) : null;
    const raw = n !== null ? this.scratch.subarray(0, n) : b.deflated ? inflateRawSync(b.data) : Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength);
    this.inflated += raw.length;
    this.search.write(raw);
    if (b.last) this.endMember();
  }

  /** Hands over what is found and not handed over yet. */
  flush(): void {
    if (this.batch.length === 0) return;
    const out = this.batch;
    this.batch = [];
    this.batchChars = 0;
    this.onHits(out);
  }

  /** The end: the last member's last line, the hits not handed over yet; the inflater let go. */
  end(): void {
    this.endMember();
    this.flush();
    this.inflater.close();
  }

  private endMember(): void {
    if (!this.search) return;
    if (!this.cut) this.search.end();
    this.search = null;
    this.flush();
  }

  private hit(line: number, text: string, match: boolean): void {
    if (this.cut) return;
    // Cut and copied: a slice would keep the block's whole decoded text alive.
    const t = hitText(text);
    this.batch.push({ member: this.member, line, text: t, match, gap: this.gapPending });
    this.gapPending = false;
    if (this.batch.length === 1) this.batchAt = Date.now();
    this.lines++;
    this.chars += t.length;
    this.batchChars += t.length;
    if (this.lines >= this.job.maxLines || this.chars >= this.job.maxChars) this.cut = true;
    // The search's first hit is handed over at once: the rest of its block may take long (a regex slow on a long line).
    if (this.lines === 1 || this.cut || this.batch.length >= BATCH_HITS || this.batchChars >= BATCH_CHARS || Date.now() - this.batchAt >= BATCH_MS) this.flush();
  }
}

/**
 * A search of the blocks inflates every one of them (and, for a regex,
 * decodes it into a new string): garbage V8 collects only once 64 MB of it
 * piled up outside its heap, or its heap tripled (the tuning for streaming).
 * In the host's thread the search collects itself every so many bytes: on
 * the large bench archive that search peaked at 268 to 282 MiB VmHWM with 32
 * MiB, less with 16; each collection takes 10 to 30 ms.
 */
export const HELD_SEARCH_COLLECT_BYTES = 16 * 1024 * 1024;

/**
 * The search of the held blocks in this thread, for where workers cannot
 * start: the thread given back every 20 ms (between blocks: a regex slow on
 * one line still holds it for that line), the hits found handed over first.
 */
export async function searchHeldHere(blocks: () => Iterable<HeldBlock>, job: HeldSearchJob, options: HeldPassOptions, garbage: { bytes: number; collect: () => void } = { bytes: HELD_SEARCH_COLLECT_BYTES, collect: collectGarbage }): Promise<HeldPassResult> {
  const matcher = compileMatcher(job, { checked: true });
  if ('refused' in matcher) throw new Error(matcher.refused.en);
  const searcher = new HeldSearcher(matcher, job, options.onHits);
  let slice = Date.now();
  let collectedAt = 0;
  try {
    for (const b of blocks()) {
      if (options.signal?.aborted || searcher.cut) break;
      searcher.block(b);
      if (searcher.inflated - collectedAt >= garbage.bytes) {
        garbage.collect();
        collectedAt = searcher.inflated;
      }
      if (Date.now() - slice > 20) {
        searcher.flush();
        await setImmediate();
        slice = Date.now();
      }
    }
  } finally {
    searcher.end();
  }
  return { cut: searcher.cut };
}
