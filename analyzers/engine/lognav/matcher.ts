// What a search looks for in archive lines: a literal (searched as bytes,
// without decoding a line that cannot hold it) or a regular expression (run
// over decoded text). A regex that backtracks badly is refused before
// anything is read, by the same checks that refuse it in a rule pack (its
// shape: regex-shape.ts; its time on adversarial lines: backtracking()),
// and by timings of its own over longer runs of its own characters.
import { performance } from 'node:perf_hooks';
import { backtracking } from '../plugin/pattern-rules.js';
import { overlapReason, overlappingAlternation } from '../plugin/regex-shape.js';
import type { Text } from '../plugin/text.js';
import { text } from '../plugin/text.js';

export interface SearchQuery {
  pattern: string;
  /** A JavaScript regular expression; else the pattern is a literal string (grep -F). */
  regex: boolean;
  ignoreCase: boolean;
}

export type Matcher =
  /** ASCII literal, case-sensitive: a byte search, no line decoded unless it holds it. */
  | { kind: 'bytes'; needle: Buffer }
  /**
   * A regex run over a block of decoded lines at once (flags g and m), each
   * hit confirmed on its own line; `perLine` when the pattern looks around
   * (a lookahead could see past the end of its line in a block), then it runs
   * line by line.
   */
  | { kind: 'regex'; block: RegExp; line: RegExp; perLine: boolean };

/** Longest pattern accepted (a pattern is typed, not a file). */
export const MAX_PATTERN_CHARS = 4096;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Lines to time a user's regex on (a rule has its own samples): the
 * pattern's own characters (its escapes turned into characters they match)
 * in runs up to OWN_RUN, each followed by a character it does not expect,
 * which is enough for (a+)+$ to take seconds; and two ordinary log lines made
 * into adversarial lines up to LOG_RUN characters. Longer runs would refuse
 * ERROR.*app-web, which is only quadratic, and only over a line of hundreds
 * of "ERROR"s (at 32 KiB it took 50 to 150 ms here, by the machine's load).
 */
const OWN_RUN = 32;
const LOG_RUN = 4096;

const LOG_SAMPLES = [
  'Jan 12 03:04:05 node1 lifekeeper[1234]: ERROR:lcd.recover:recover:lcdrecover:004: resource app-web failed',
  '2024-05-20 03:04:05 INFO ok 1 2 3 a:b:c',
];

function ownSample(source: string): string {
  const own = source
    // Group prefixes ((?: (?= (?! (?<= (?<! (?<name>) and counted repeats ({2,}, {1,30}) say nothing of the characters matched.
    .replace(/\(\?(?:<?[=!]|:|<[A-Za-z_$][\w$]*>)/g, '(')
    .replace(/\{\d*(?:,\d*)?\}/g, '')
    // A class stands for its first character ([a-z] for a), a negated one for a letter it leaves out.
    .replace(/\[(\^?)\\?([^\]])[^\]]*\]/g, (_all: string, not: string, c: string) => (not ? (c === 'a' ? 'b' : 'a') : c))
    .replace(/\\[dD]/g, '1')
    .replace(/\\[wW]/g, 'a')
    .replace(/\\[sS]/g, ' ')
    .replace(/\\(.)/g, '$1')
    .replace(/[()[\]{}*+?|^$]/g, '')
    .replace(/\./g, 'a');
  return own || 'a';
}

/** The fastest of a few timings of one exec: a pause of the thread (garbage collection, a loaded machine) is not the pattern's. */
function timed(probe: RegExp, line: string, over: number): number {
  let fastest = Infinity;
  for (let i = 0; i < 3 && fastest > over; i++) {
    const started = performance.now();
    probe.exec(line);
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

/**
 * Exponential backtracking whose base is small: ((ab)*)*c doubles its work
 * per "ab", so runs up to OWN_RUN take microseconds while a run of 512
 * characters never ends. Runs past OWN_RUN are tried two characters at a time
 * up to LONG_OWN_RUN, stopping at the first that takes EXPONENTIAL_MS: the
 * step after one under the budget is at most a few times slower, so the check
 * itself cannot stall.
 */
const LONG_OWN_RUN = 96;
const EXPONENTIAL_MS = 50;

function slowOnLongRuns(re: RegExp, own: string): { ms: number; length: number } | null {
  const probe = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
  const half = own.slice(0, Math.ceil(own.length / 2)) || 'a';
  const runOf = (unit: string, n: number): string => `${unit.repeat(Math.ceil(n / unit.length)).slice(0, n)}\u0000`;
  for (const unit of [half, own]) {
    for (let n = OWN_RUN + 2; n <= LONG_OWN_RUN; n += 2) {
      const ms = timed(probe, runOf(unit, n), EXPONENTIAL_MS);
      if (ms > EXPONENTIAL_MS) return { ms, length: n + 1 };
    }
  }
  return null;
}

/**
 * A matcher for the query, or why the query is refused. `checked`: the query
 * was compiled and checked before (by the host that hands it to a worker),
 * the backtracking checks, which take tens of milliseconds, are not run again.
 */
export function compileMatcher(q: SearchQuery, options: { checked?: boolean } = {}): Matcher | { refused: Text } {
  if (q.pattern.length === 0) return { refused: text('the pattern is empty', 'パターンが空です') };
  if (q.pattern.length > MAX_PATTERN_CHARS) {
    return { refused: text(`the pattern is longer than ${MAX_PATTERN_CHARS} characters`, `パターンが ${MAX_PATTERN_CHARS} 文字を超えています`) };
  }
  if (q.pattern.includes('\n')) return { refused: text('the pattern holds a newline: lines are searched one by one', 'パターンに改行が含まれています。検索は 1 行ずつ行います') };
  if (!q.regex && !q.ignoreCase && /^[\x20-\x7e\t]+$/.test(q.pattern)) return { kind: 'bytes', needle: Buffer.from(q.pattern, 'latin1') };
  const source = q.regex ? q.pattern : escapeRegex(q.pattern);
  const flags = q.ignoreCase ? 'i' : '';
  let line: RegExp;
  try {
    line = new RegExp(source, flags);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { refused: text(`the regular expression is not valid: ${why}`, `正規表現が正しくありません: ${why}`) };
  }
  if (q.regex && !options.checked) {
    // By its shape first: (a|ab)*c is only quadratic on the short lines the timings try, and held a 64 KiB line for 30 s.
    const overlap = overlappingAlternation(source, flags);
    if (overlap) return { refused: overlapReason(overlap) };
    const own = ownSample(source);
    const slow = backtracking(line, [own], { longestRun: OWN_RUN, failingTail: true }) ?? backtracking(line, LOG_SAMPLES, { longestRun: LOG_RUN });
    const slowLong = slow ? null : slowOnLongRuns(line, own);
    if (slowLong) {
      return {
        refused: text(
          `the regular expression backtracks: it took ${Math.round(slowLong.ms)} ms on a test line of ${slowLong.length} characters, and a log line could stall the search; avoid nested quantifiers over the same characters (such as ((ab)*)* or (a+)+)`,
          `正規表現がバックトラックを起こします(${slowLong.length} 文字のテスト行で ${Math.round(slowLong.ms)} ms かかりました)。ログの 1 行で検索が止まるおそれがあるため実行しません。同じ文字に対する量指定子の入れ子(((ab)*)* や (a+)+ など)を避けてください`,
        ),
      };
    }
    if (slow) {
      return {
        refused: text(
          `the regular expression backtracks: it took ${Math.round(slow.ms)} ms on a test line of ${slow.length} characters, and a log line could stall the search; avoid nested or adjacent quantifiers over the same characters (such as (a+)+ or (.+?)\\s*$)`,
          `正規表現がバックトラックを起こします(${slow.length} 文字のテスト行で ${Math.round(slow.ms)} ms かかりました)。ログの 1 行で検索が止まるおそれがあるため実行しません。同じ文字に対する量指定子の入れ子や連続((a+)+ や (.+?)\\s*$ など)を避けてください`,
        ),
      };
    }
  }
  const perLine = /\(\?<?[=!]/.test(source);
  return { kind: 'regex', block: new RegExp(source, `${flags}gm`), line, perLine };
}

/** Whether one line (already decoded) matches: for the UI's and the tests' single lines. */
export function lineMatches(m: Matcher, line: string): boolean {
  if (m.kind === 'bytes') return line.includes(m.needle.toString('latin1'));
  return m.line.test(line);
}
