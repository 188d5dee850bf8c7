// Searching, listing and reading the members of an archive in one streamed
// pass each, for `lkanalyze ls|cat|grep` and the UI: nothing is extracted,
// and what is held is bounded whatever the members hold.
import type { ReadOptions } from '../archive/archive.js';
import { sparseReason } from '../archive/archive.js';
import type { Text } from '../plugin/text.js';
import { LineScanner, MAX_LINE_BYTES } from '../lines/lines.js';
import { clipLine } from '../run/budget.js';
import type { FoundLine } from './line-search.js';
import { MemberSearch } from './line-search.js';
import type { Matcher } from './matcher.js';
import { compileMatcher } from './matcher.js';
import type { WalkedMember, WalkResult } from './walk.js';
import { isBinaryHead, walkArchive } from './walk.js';

/** A member glob: `*` and `?` within a path segment, `**` across them; without a `/` it is matched against the base name too (grep --include). */
export function memberGlob(glob: string): (name: string) => boolean {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const whole = new RegExp(`^${re}$`);
  const baseOnly = !glob.includes('/');
  return (name) => whole.test(name) || (baseOnly && whole.test(name.slice(name.lastIndexOf('/') + 1)));
}

/** Members whose content is text a person reads: searched and shown (a binary, a core file or a skipped entry is not). */
export const isTextMember = (m: Pick<WalkedMember, 'kind'>): boolean => m.kind === 'log' || m.kind === 'command' || m.kind === 'document';

export interface GrepSink {
  /** A line of a member: a hit or context. */
  line(member: string, l: FoundLine): void;
  /** Lines left out between two groups of the same member. */
  gap(member: string): void;
  /** A member the search wanted but cannot read, and why (a sparse file). */
  unread?(member: string, why: Text): void;
}

export interface GrepOptions extends Pick<ReadOptions, 'signal' | 'onProgress'> {
  matcher: Matcher;
  context: number;
  /** Which members to search (all text members when null); asked of every member, text or not, in archive order. */
  members: ((name: string) => boolean) | null;
  /** A member searched has been read to its end. */
  onMemberEnd?: () => void;
  /** Matching lines per member after which the rest of it is not read (grep -m; the context after the last one is still given). */
  maxCount?: number;
}

/** Searches every text member of one archive; returns how many lines matched. */
export async function grepArchive(file: string, options: GrepOptions, out: GrepSink): Promise<{ matches: number; read: WalkResult }> {
  let matches = 0;
  const read = await walkArchive(file, {
    member(m) {
      if (options.members && !options.members(m.name)) return null;
      // Not searched, and said: the bytes in the archive are not the file (archive.ts, sparseReason).
      if (m.skipped === 'sparse') out.unread?.(m.name, sparseReason(m.header.sparseSize));
      if (!isTextMember(m) || options.maxCount === 0) return null;
      const search = new MemberSearch(options.matcher, options.context, { line: (l) => out.line(m.name, l), gap: () => out.gap(m.name) }, options.maxCount);
      let first = true;
      return {
        write(chunk) {
          if (first) {
            first = false;
            // Content that is not text is not searched (the analyzers skip it too).
            if (isBinaryHead(chunk)) return false;
          }
          search.write(chunk);
          // Past -m's matches and their context, the rest of the member is not read (nor, for a rotated .gz, inflated).
          return !search.finished;
        },
        end() {
          search.end();
          matches += search.matches;
          options.onMemberEnd?.();
        },
      };
    },
  }, options);
  return { matches, read };
}

export interface ListedMember {
  name: string;
  kind: WalkedMember['kind'];
  /** The file's size; a sparse file's own size (not the chunks the tar stores), null when its header gives none. */
  bytes: number | null;
  mtime: Date | null;
  skipped: WalkedMember['skipped'];
  linkTarget: string | null;
  /** Why an archive inside is not opened (skipped 'not-opened'), else null. */
  notOpened: Text | null;
}

/** Every member of an archive with its kind; a text-named member whose first bytes are binary is listed as binary. */
export async function listArchive(file: string, options: Pick<ReadOptions, 'signal' | 'onProgress'> = {}, each?: (m: ListedMember) => void): Promise<{ members: ListedMember[] | null; read: WalkResult }> {
  const kept: ListedMember[] | null = each ? null : [];
  const emit = each ?? ((m: ListedMember) => kept?.push(m));
  const read = await walkArchive(file, {
    member(m) {
      const bytes = m.header.type === 'sparse' ? m.header.sparseSize ?? null : m.header.size;
      const listed: ListedMember = { name: m.name, kind: m.kind, bytes, mtime: m.header.mtime, skipped: m.skipped, linkTarget: m.header.linkTarget, notOpened: m.notOpened ?? null };
      if (!isTextMember(m)) {
        emit(listed);
        return null;
      }
      // Only the first chunk is looked at; the rest is passed over.
      return {
        write(chunk) {
          if (isBinaryHead(chunk)) listed.kind = 'binary';
          return false;
        },
        end() {
          emit(listed);
        },
      };
    },
  }, options);
  return { members: kept, read };
}

/** An archive inside that a walk did not open, by its name as listed, and why. */
export interface NotOpenedArchive {
  name: string;
  reason: Text;
}

/** Not-opened archives a read of lines remembers (each is a name; a hostile archive may hold thousands). */
const MAX_NOT_OPENED_KEPT = 100;

/** Lines `from` to `to` (1-based, inclusive; null: to the end). */
export interface LineRange {
  from: number;
  to: number | null;
}

/**
 * The lines of one member (named as listArchive names it, or the first whose
 * name `member` accepts), decoded as the
 * analyzers decode them, each cut at MAX_LINE_BYTES with the cut marked.
 * Reading stops once past the range. Returns whether the member was found,
 * and whether it is binary (then nothing is given).
 */
export async function readMemberLines(
  file: string,
  member: string | ((name: string) => boolean),
  range: LineRange | null,
  onLine: (line: number, text: string) => void,
  options: Pick<ReadOptions, 'signal'> = {},
): Promise<{ found: boolean; binary: boolean; unread: Text | null; read: WalkResult | null; notOpened: NotOpenedArchive[]; damage: { problem: Text; lines: number; stoppedAt: { at: number; of: number } | null } | null }> {
  let found = false;
  let binary = false;
  /** Why the member found cannot be read (a sparse file), when so. */
  let unread: Text | null = null;
  // The archives inside not opened, passed on the way: the member asked for may be one, or in one (cat says so).
  const notOpened: NotOpenedArchive[] = [];
  // The member's own damage, and where in the file reading it stopped (cat says it of the member, not only of the archive).
  let damage: { problem: Text; lines: number; stoppedAt: { at: number; of: number } | null } | null = null;
  let position: { at: number; of: number } | null = null;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort);
  const from = range?.from ?? 1;
  const to = range?.to ?? Infinity;
  const wanted = typeof member === 'string' ? (name: string): boolean => name === member : member;
  try {
    const read = await walkArchive(file, {
      member(m) {
        if (m.notOpened && notOpened.length < MAX_NOT_OPENED_KEPT) notOpened.push({ name: m.name, reason: m.notOpened });
        if (found || !wanted(m.name)) return null;
        found = true;
        if (m.skipped === 'sparse') unread = sparseReason(m.header.sparseSize);
        if (m.kind === 'skipped') return null;
        let first = true;
        let last = 0;
        // Every line is wanted (no keywords): each is decoded and handed over in order.
        const scanner = new LineScanner({ path: m.name, input: 'hostname', mtime: null }, [{
          keywords: null,
          onLine: (l) => {
            last = l.line;
            if (l.line >= from && l.line <= to) onLine(l.line, l.bytes ? clipLine(l.text, l.bytes, MAX_LINE_BYTES) : l.text);
          },
        }], false);
        return {
          write(chunk) {
            if (first) {
              first = false;
              if (isBinaryHead(chunk)) {
                binary = true;
                return false;
              }
            }
            scanner.write(chunk);
            // Past the range: the rest of this member, and of the archive, is not needed.
            if (last > to) {
              stop.abort();
              return false;
            }
            return true;
          },
          end(problem) {
            if (!stop.signal.aborted) scanner.end();
            if (problem && !stop.signal.aborted) damage = { problem, lines: last, stoppedAt: position };
          },
        };
      },
    }, { signal: stop.signal, onProgress: (p) => (position = { at: p.bytesRead, of: p.totalBytes }) });
    return { found, binary, unread, read, notOpened, damage };
  } catch (err) {
    if (stop.signal.aborted && !options.signal?.aborted && found) return { found, binary, unread, read: null, notOpened, damage: null };
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * A hit's text as a search keeps it: cut as the log view cuts a line
 * (MAX_SHOWN_LINE_BYTES), and copied. A search by regular expression reads a
 * block as one string and a line of it is a slice, which V8 keeps as a view
 * of the whole block: 20,000 hits in as many blocks held 2.5 GB of text
 * alive. The copy holds the line alone.
 */
export function hitText(text: string): string {
  return Buffer.from(clipLine(text), 'utf8').toString('utf8');
}

/** A member a search wants read: its name as the walk names it, and which of the members of that name (0: the first). */
export interface WantedMember {
  name: string;
  nth: number;
}

/** A line found in a wanted member: `member` is its index in the list of wanted members. */
export interface GrepHit {
  member: number;
  line: number;
  /** Cut and copied (hitText). */
  text: string;
  match: boolean;
  /** Lines were left out before this one (a new group of the same member). */
  gap: boolean;
}

export interface GrepMembersJob {
  pattern: string;
  regex: boolean;
  ignoreCase: boolean;
  context: number;
  members: WantedMember[];
  /** Hits (context lines included) and UTF-16 units of their text after which the pass stops: what the search has room left for. */
  maxLines: number;
  maxChars: number;
}

export interface GrepMembersOptions extends Pick<ReadOptions, 'signal' | 'onProgress'> {
  /** Hits in batches, in the order found (member by member, in archive order). */
  onHits(hits: GrepHit[]): void;
}

export interface GrepMembersResult {
  /** Wanted members the pass never reached (the archive ended or broke before them): not searched. */
  unread: number;
  /** It stopped at maxLines or maxChars. */
  cut: boolean;
}

/** A batch is handed over at this many hits, this much text, or this long after its first hit. */
const BATCH_HITS = 500;
const BATCH_CHARS = 256 * 1024;
const BATCH_MS = 100;

/**
 * One pass over an archive searching only the members named (the app's
 * search over the members its log view does not hold in memory), with the
 * engine of `lkanalyze grep`: the same lines, the same numbers. Hits come in
 * batches; the pass stops once every wanted member has been read, or at the
 * search's bounds, or when `signal` aborts.
 */
export async function grepMembers(file: string, job: GrepMembersJob, options: GrepMembersOptions): Promise<GrepMembersResult> {
  // The host checked the pattern before it started the search.
  const matcher = compileMatcher({ pattern: job.pattern, regex: job.regex, ignoreCase: job.ignoreCase }, { checked: true });
  if ('refused' in matcher) throw new Error(matcher.refused.en);
  const wanted = new Map<string, number>();
  for (const [i, m] of job.members.entries()) wanted.set(`${m.nth}\u0000${m.name}`, i);
  const seenNames = new Map<string, number>();
  const reached = new Set<number>();
  let ended = 0;
  let lines = 0;
  let chars = 0;
  let cut = false;
  let batch: GrepHit[] = [];
  let batchChars = 0;
  let batchAt = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    const out = batch;
    batch = [];
    batchChars = 0;
    options.onHits(out);
  };
  // Stops the walk: every wanted member read, or the bounds reached (the caller's signal stops it too).
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort);
  const gaps = new Set<number>();
  const sink: GrepSink = {
    line(name, l) {
      const index = currentIndex(name);
      if (index === null || cut) return;
      const text = hitText(l.text);
      batch.push({ member: index, line: l.line, text, match: l.match, gap: gaps.delete(index) });
      if (batch.length === 1) batchAt = Date.now();
      lines++;
      chars += text.length;
      batchChars += text.length;
      if (lines >= job.maxLines || chars >= job.maxChars) {
        cut = true;
        stop.abort();
      }
      if (batch.length >= BATCH_HITS || batchChars >= BATCH_CHARS || Date.now() - batchAt >= BATCH_MS) flush();
    },
    gap(name) {
      const index = currentIndex(name);
      if (index !== null) gaps.add(index);
    },
  };
  // The member being read: members are read one at a time, in archive order.
  let current: { name: string; index: number } | null = null;
  const currentIndex = (name: string): number | null => (current?.name === name ? current.index : null);
  try {
    await grepArchive(file, {
      matcher,
      context: job.context,
      members: (name) => {
        const nth = seenNames.get(name) ?? 0;
        seenNames.set(name, nth + 1);
        const index = wanted.get(`${nth}\u0000${name}`);
        if (index === undefined) return false;
        reached.add(index);
        current = { name, index };
        return true;
      },
      onMemberEnd: () => {
        flush();
        current = null;
        if (++ended >= wanted.size) stop.abort();
      },
      signal: stop.signal,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }, sink);
  } catch (err) {
    // Stopped on purpose (all read, or the bounds): what was found stands. A cancel is the caller's.
    if (options.signal?.aborted || !stop.signal.aborted) throw err;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  flush();
  return { unread: cut ? 0 : wanted.size - reached.size, cut };
}
