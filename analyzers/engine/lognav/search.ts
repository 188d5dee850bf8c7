// Searching, listing and reading the members of an archive in one streamed
// pass each, for `lkanalyze ls|cat|grep` and the UI: nothing is extracted,
// and what is held is bounded whatever the members hold.
import type { ReadOptions } from '../archive/archive.js';
import { LineScanner, MAX_LINE_BYTES } from '../lines/lines.js';
import { clipLine } from '../run/budget.js';
import type { FoundLine } from './line-search.js';
import { MemberSearch } from './line-search.js';
import type { Matcher } from './matcher.js';
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
export const isTextMember = (m: WalkedMember): boolean => m.kind === 'log' || m.kind === 'command' || m.kind === 'document';

export interface GrepSink {
  /** A line of a member: a hit or context. */
  line(member: string, l: FoundLine): void;
  /** Lines left out between two groups of the same member. */
  gap(member: string): void;
}

export interface GrepOptions extends Pick<ReadOptions, 'signal' | 'onProgress'> {
  matcher: Matcher;
  context: number;
  /** Which members to search (all text members when null). */
  members: ((name: string) => boolean) | null;
}

/** Searches every text member of one archive; returns how many lines matched. */
export async function grepArchive(file: string, options: GrepOptions, out: GrepSink): Promise<{ matches: number; read: WalkResult }> {
  let matches = 0;
  const read = await walkArchive(file, {
    member(m) {
      if (!isTextMember(m) || (options.members && !options.members(m.name))) return null;
      const search = new MemberSearch(options.matcher, options.context, { line: (l) => out.line(m.name, l), gap: () => out.gap(m.name) });
      let first = true;
      return {
        write(chunk) {
          if (first) {
            first = false;
            // Content that is not text is not searched (the analyzers skip it too).
            if (isBinaryHead(chunk)) return false;
          }
          search.write(chunk);
          return true;
        },
        end() {
          search.end();
          matches += search.matches;
        },
      };
    },
  }, options);
  return { matches, read };
}

export interface ListedMember {
  name: string;
  kind: WalkedMember['kind'];
  bytes: number;
  mtime: Date | null;
  skipped: WalkedMember['skipped'];
  linkTarget: string | null;
}

/** Every member of an archive with its kind; a text-named member whose first bytes are binary is listed as binary. */
export async function listArchive(file: string, options: Pick<ReadOptions, 'signal' | 'onProgress'> = {}, each?: (m: ListedMember) => void): Promise<{ members: ListedMember[] | null; read: WalkResult }> {
  const kept: ListedMember[] | null = each ? null : [];
  const emit = each ?? ((m: ListedMember) => kept?.push(m));
  const read = await walkArchive(file, {
    member(m) {
      const listed: ListedMember = { name: m.name, kind: m.kind, bytes: m.header.size, mtime: m.header.mtime, skipped: m.skipped, linkTarget: m.header.linkTarget };
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

/** Lines `from` to `to` (1-based, inclusive; null: to the end). */
export interface LineRange {
  from: number;
  to: number | null;
}

/**
 * The lines of one member (named as listArchive names it), decoded as the
 * analyzers decode them, each cut at MAX_LINE_BYTES with the cut marked.
 * Reading stops once past the range. Returns whether the member was found,
 * and whether it is binary (then nothing is given).
 */
export async function readMemberLines(
  file: string,
  member: string,
  range: LineRange | null,
  onLine: (line: number, text: string) => void,
  options: Pick<ReadOptions, 'signal'> = {},
): Promise<{ found: boolean; binary: boolean; read: WalkResult | null }> {
  let found = false;
  let binary = false;
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort);
  const from = range?.from ?? 1;
  const to = range?.to ?? Infinity;
  try {
    const read = await walkArchive(file, {
      member(m) {
        if (found || m.name !== member) return null;
        found = true;
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
          end() {
            if (!stop.signal.aborted) scanner.end();
          },
        };
      },
    }, { signal: stop.signal });
    return { found, binary, read };
  } catch (err) {
    if (stop.signal.aborted && !options.signal?.aborted && found) return { found, binary, read: null };
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
