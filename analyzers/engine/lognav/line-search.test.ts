// The streamed block search prints what grep -n prints on the same lines,
// however the bytes are cut into chunks: matches, context before and after
// (across chunk boundaries), "--" between groups, line numbers.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { makeTar } from '../plugin/testing.js';
import { grepArchive } from './search.js';
import type { FoundLine } from './line-search.js';
import { MemberSearch } from './line-search.js';
import type { Matcher } from './matcher.js';
import { compileMatcher } from './matcher.js';

function search(matcher: Matcher, context: number, chunks: Buffer[], maxMatches?: number): string[] {
  const out: string[] = [];
  const s = new MemberSearch(matcher, context, {
    line: (l: FoundLine) => {
      // Once finished, nothing more is printed: the rest of the member need not be read.
      expect(finished, 'a line printed after the search said it had finished').toBe(false);
      out.push(`${l.line}${l.match ? ':' : '-'}${l.text}`);
    },
    gap: () => out.push('--'),
  }, maxMatches);
  let finished = false;
  for (const c of chunks) {
    s.write(c);
    finished ||= s.finished;
  }
  s.end();
  return out;
}

/**
 * grep -n -C N -m M, as GNU grep does it: the matches after the Mth are not
 * looked for, and the N lines after the Mth are printed as context (a matching
 * one among them too).
 */
function referenceMax(lines: string[], test: (l: string) => boolean, context: number, max: number): string[] {
  let found = 0;
  let last = lines.length;
  for (const [i, l] of lines.entries()) {
    if (found >= max) break;
    if (!test(l)) continue;
    found++;
    if (found === max) last = i + 1;
  }
  if (max === 0) return [];
  const kept = lines.slice(0, Math.min(lines.length, last + context));
  const hit = new Set(kept.map((l, i) => (i < last && test(l) ? i : -1)));
  let n = 0;
  // The same lines with the hits only where -m counts them: the text of a line is unique by its number.
  return reference(kept.map((l) => `${n++}¦${l}`), (l) => hit.has(Number(l.slice(0, l.indexOf('¦')))), context).map((o) => o.replace(/^(\d+[:-])\d+¦/, '$1'));
}

/** grep -n -C N, written the obvious way. */
function reference(lines: string[], test: (l: string) => boolean, context: number): string[] {
  const out: string[] = [];
  const hits = lines.map(test);
  let last = 0;
  lines.forEach((_, i) => {
    const n = i + 1;
    const near = hits.slice(Math.max(0, i - context), i + context + 1).some(Boolean);
    if (!near) return;
    if (last > 0 && context > 0 && n > last + 1) out.push('--');
    out.push(`${n}${hits[i] ? ':' : '-'}${lines[i]}`);
    last = n;
  });
  return out;
}

function cut(bytes: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out.filter((b) => b.length > 0);
}

const compiled = new Map<string, Matcher>();
/** Compiled once per query: the backtracking check times each regex. */
const matcherOf = (pattern: string, regex = false, ignoreCase = false): Matcher => {
  const key = `${pattern}\u0000${regex}\u0000${ignoreCase}`;
  const known = compiled.get(key);
  if (known) return known;
  const m = compileMatcher({ pattern, regex, ignoreCase });
  if ('refused' in m) throw new Error(m.refused.en);
  compiled.set(key, m);
  return m;
};

describe('MemberSearch', () => {
  it('finds what grep -n -C finds, however the member is cut into chunks (literal and regex)', () => {
    const word = fc.constantFrom('ERROR', 'ok', 'error', 'warn', 'x', '', 'ERRORS here', 'a:b', 'é日本');
    fc.assert(
      fc.property(
        fc.array(fc.array(word, { maxLength: 3 }).map((ws) => ws.join(' ')), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(2000), { maxLength: 6 }),
        fc.nat(3),
        fc.boolean(),
        fc.constantFrom<[string, boolean, boolean]>(['ERROR', false, false], ['error', false, true], ['^ok', true, false], ['warn$', true, false], ['R\\w+ h', true, false], ['(?<!x )ok', true, false]),
        (lines, at, context, finalNewline, [pattern, regex, ignoreCase]) => {
          const body = Buffer.from(lines.join('\n') + (finalNewline ? '\n' : ''));
          const m = matcherOf(pattern, regex, ignoreCase);
          const re = new RegExp(regex ? pattern : pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), ignoreCase ? 'i' : '');
          // As grep counts them: a final line break ends the last line, it does not start another.
          const asRead = body.toString().split('\n');
          if (asRead.at(-1) === '') asRead.pop();
          expect(search(m, context, cut(body, at))).toEqual(reference(asRead, (l) => re.test(l), context));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('stops after -m matching lines as grep -m does, the context after the last one given, however the member is cut', () => {
    const word = fc.constantFrom('ERROR', 'ok', 'x', '', 'ERRORS here');
    fc.assert(
      fc.property(
        fc.array(fc.array(word, { maxLength: 3 }).map((ws) => ws.join(' ')), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(2000), { maxLength: 6 }),
        fc.nat(3),
        fc.nat(6),
        fc.constantFrom<[string, boolean]>(['ERROR', false], ['^ok', true]),
        (lines, at, context, max, [pattern, regex]) => {
          const body = Buffer.from(`${lines.join('\n')}\n`);
          const re = new RegExp(pattern);
          expect(search(matcherOf(pattern, regex), context, cut(body, at), max)).toEqual(referenceMax(lines, (l) => re.test(l), context, max));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('says it has finished once the matches asked for and their context are given, not before', () => {
    const s = new MemberSearch(matcherOf('hit'), 2, { line: () => undefined, gap: () => undefined }, 1);
    s.write(Buffer.from('a\nhit\nb\n'));
    expect(s.finished).toBe(false);
    s.write(Buffer.from('c\n'));
    expect(s.finished).toBe(true);
  });

  it('keeps a line of hundreds of megabytes to its first 64 KiB, with its length said', () => {
    const m = matcherOf('needle');
    const out: FoundLine[] = [];
    const s = new MemberSearch(m, 1, { line: (l) => out.push(l), gap: () => undefined });
    const chunk = Buffer.alloc(1 << 20, 'a');
    s.write(Buffer.from('needle at the start '));
    for (let i = 0; i < 200; i++) s.write(chunk);
    s.write(Buffer.from('\nnext line\n'));
    s.end();
    expect(out.map((l) => l.line)).toEqual([1, 2]);
    expect(out[0]?.text.length).toBeLessThan(70 * 1024);
    expect(out[0]?.text).toMatch(/… \(\+209,6\d\d,\d\d\d bytes\)$/);
    expect(out[1]?.text).toBe('next line');
  });

  it('decodes a Shift_JIS line as the analyzers do, and a regex finds its Japanese', () => {
    const sjis = Buffer.from([0x83, 0x47, 0x83, 0x89, 0x81, 0x5b]); // エラー
    const body = Buffer.concat([Buffer.from('first\n'), sjis, Buffer.from(' here\nlast\n')]);
    expect(search(matcherOf('エラー', true), 0, [body])).toEqual(['2:エラー here']);
    expect(search(matcherOf('エラー'), 0, [body])).toEqual(['2:エラー here']);
  });
});

describe('grepArchive with -m', () => {
  it('reads no more of a member once its matches and their context are printed (a rotated .gz is not inflated further)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-max-count-'));
    const write = vi.spyOn(MemberSearch.prototype, 'write');
    try {
      const file = join(dir, 'storm.tar.gz');
      const storm = Buffer.from('ERROR storm\n'.repeat(2_000_000));
      await writeFile(file, gzipSync(await makeTar([
        { name: 'n/var/log/storm.log', content: storm },
        { name: 'n/var/log/storm.log.1.gz', content: gzipSync(storm, { level: 1 }) },
      ]), { level: 1 }));
      const lines: string[] = [];
      const { matches } = await grepArchive(file, { matcher: matcherOf('storm'), context: 1, members: null, maxCount: 2 }, { line: (m, l) => lines.push(`${m}:${l.line}`), gap: () => undefined });
      expect(matches).toBe(4);
      expect(lines).toEqual(['n/var/log/storm.log:1', 'n/var/log/storm.log:2', 'n/var/log/storm.log:3', 'n/var/log/storm.log.1.gz:1', 'n/var/log/storm.log.1.gz:2', 'n/var/log/storm.log.1.gz:3']);
      // Of 24 MB in each member, the first chunk or two were searched.
      const searched = write.mock.calls.reduce((n, [chunk]) => n + chunk.length, 0);
      expect(searched).toBeLessThan(4 * 1024 * 1024);
    } finally {
      write.mockRestore();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
