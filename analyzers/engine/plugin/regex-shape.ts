// A regular expression that backtracks exponentially by its shape, found by
// reading it rather than by timing it: an alternation under a repeat whose
// branches can begin the same way. (a|ab)*c tries, on a line of "a"s, every
// way of cutting the run into "a" and "ab" pieces at every position; the
// timing check (backtracking() in pattern-rules.ts) tries lines of a few
// dozen characters and let it through, and a 64 KiB line of "a" then held the
// search for about 30 s. Rule packs at load and `lkanalyze grep -E` and the
// app's search refuse it with this.
import type { Text } from './text.js';
import { text } from './text.js';

/** Code point ranges, inclusive, sorted, apart. */
type Ranges = Array<[number, number]>;

const MAX_CODE_POINT = 0x10ffff;
const ALL: Ranges = [[0, MAX_CODE_POINT]];
const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
const SPACE: Ranges = [[0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]];
const LINE_BREAKS: Ranges = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];

function normalise(r: Ranges): Ranges {
  const sorted = r.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: Ranges = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

const union = (...sets: Ranges[]): Ranges => normalise(sets.flat().map(([a, b]) => [a, b] as [number, number]));

function complement(r: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [a, b] of normalise(r)) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

/** The first code point both hold, or null. */
function common(x: Ranges, y: Ranges): number | null {
  let best: number | null = null;
  for (const [a, b] of x) {
    for (const [c, d] of y) {
      const lo = Math.max(a, c);
      if (lo <= Math.min(b, d) && (best === null || lo < best)) best = lo;
    }
  }
  return best;
}

/** With the i flag: each letter's other case too (ASCII by arithmetic, other small ranges by their code points). */
function folded(r: Ranges): Ranges {
  const extra: Ranges = [];
  for (const [a, b] of r) {
    const lo = Math.max(a, 0x41);
    const hi = Math.min(b, 0x5a);
    if (lo <= hi) extra.push([lo + 32, hi + 32]);
    const lo2 = Math.max(a, 0x61);
    const hi2 = Math.min(b, 0x7a);
    if (lo2 <= hi2) extra.push([lo2 - 32, hi2 - 32]);
    if (b >= 0x80 && b - a < 512) {
      for (let c = Math.max(a, 0x80); c <= b; c++) {
        for (const o of [String.fromCodePoint(c).toLowerCase(), String.fromCodePoint(c).toUpperCase()]) {
          const p = o.codePointAt(0);
          if (p !== undefined && [...o].length === 1) extra.push([p, p]);
        }
      }
    }
  }
  return union(r, extra);
}

type Node =
  | { kind: 'chars'; set: Ranges }
  /** ^ $ \b \B and lookarounds: match no character. */
  | { kind: 'assert' }
  /** \1, \k<name>: anything, or nothing. */
  | { kind: 'backref' }
  | { kind: 'group'; alt: Alt; source: string }
  | { kind: 'repeat'; node: Node; min: number; max: number };

interface Alt {
  branches: Node[][];
  /** Each branch as written. */
  sources: string[];
}

class Reader {
  pos = 0;
  constructor(readonly s: string) {}
  get done(): boolean {
    return this.pos >= this.s.length;
  }
  peek(at = 0): string {
    return this.s[this.pos + at] ?? '';
  }
  take(): string {
    return this.s[this.pos++] ?? '';
  }
}

/** A code point written as an escape after the backslash (\n, \x41, \u0041, \u{41}, \cA, \0), or a character escaped as itself. */
function escapedChar(r: Reader): number {
  const c = r.take();
  const hex = (n: number): number | null => {
    const h = r.s.slice(r.pos, r.pos + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) return null;
    r.pos += n;
    return parseInt(h, 16);
  };
  switch (c) {
    case 'n': return 0x0a;
    case 'r': return 0x0d;
    case 't': return 0x09;
    case 'v': return 0x0b;
    case 'f': return 0x0c;
    case '0': return 0;
    case 'x': return hex(2) ?? 0x78;
    case 'u': {
      if (r.peek() === '{') {
        const end = r.s.indexOf('}', r.pos);
        const h = end > 0 ? r.s.slice(r.pos + 1, end) : '';
        if (/^[0-9a-fA-F]{1,6}$/.test(h)) {
          r.pos = end + 1;
          return Math.min(parseInt(h, 16), MAX_CODE_POINT);
        }
        return 0x75;
      }
      return hex(4) ?? 0x75;
    }
    case 'c': {
      const l = r.peek();
      if (/[A-Za-z]/.test(l)) {
        r.pos++;
        return l.charCodeAt(0) % 32;
      }
      return 0x5c;
    }
    default: return c.codePointAt(0) ?? 0;
  }
}

const CLASS_ESCAPES: Record<string, Ranges> = { d: DIGIT, D: complement(DIGIT), w: WORD, W: complement(WORD), s: SPACE, S: complement(SPACE) };

/** A character class after its "[": the set it matches. */
function parseClass(r: Reader): Ranges {
  const negated = r.peek() === '^';
  if (negated) r.pos++;
  const parts: Ranges = [];
  const atom = (): Ranges | number => {
    const c = r.take();
    if (c !== '\\') return c.codePointAt(0) ?? 0;
    const e = r.peek();
    if (CLASS_ESCAPES[e]) {
      r.pos++;
      return CLASS_ESCAPES[e];
    }
    // In a class \b is a backspace.
    if (e === 'b') {
      r.pos++;
      return 0x08;
    }
    return escapedChar(r);
  };
  while (!r.done && r.peek() !== ']') {
    const from = atom();
    if (typeof from === 'number' && r.peek() === '-' && r.peek(1) !== ']' && r.peek(1) !== '') {
      r.pos++;
      const to = atom();
      if (typeof to === 'number') parts.push([from, to]);
      else parts.push([from, from], [0x2d, 0x2d], ...to);
    } else if (typeof from === 'number') parts.push([from, from]);
    else parts.push(...from);
  }
  r.pos++;
  return negated ? complement(parts) : normalise(parts);
}

function parseAlt(r: Reader): Alt {
  const branches: Node[][] = [[]];
  const starts = [r.pos];
  const ends: number[] = [];
  while (!r.done && r.peek() !== ')') {
    if (r.peek() === '|') {
      ends.push(r.pos);
      r.pos++;
      branches.push([]);
      starts.push(r.pos);
      continue;
    }
    const atom = parseAtom(r);
    (branches.at(-1) as Node[]).push(parseQuantifier(r, atom));
  }
  ends.push(r.pos);
  return { branches, sources: starts.map((s, i) => r.s.slice(s, ends[i])) };
}

function parseAtom(r: Reader): Node {
  const start = r.pos;
  const c = r.take();
  if (c === '(') {
    let lookaround = false;
    if (r.peek() === '?') {
      const head = r.s.slice(r.pos, r.pos + 3);
      if (/^\?<[=!]/.test(head) || /^\?[=!]/.test(head)) {
        lookaround = true;
        r.pos += head[1] === '<' ? 3 : 2;
      } else if (head.startsWith('?:')) r.pos += 2;
      else if (head.startsWith('?<')) {
        const end = r.s.indexOf('>', r.pos);
        r.pos = end < 0 ? r.s.length : end + 1;
      } else r.pos++;
    }
    const alt = parseAlt(r);
    r.pos++;
    return lookaround ? { kind: 'assert' } : { kind: 'group', alt, source: r.s.slice(start, r.pos) };
  }
  if (c === '[') return { kind: 'chars', set: parseClass(r) };
  if (c === '.') return { kind: 'chars', set: complement(LINE_BREAKS) };
  if (c === '^' || c === '$') return { kind: 'assert' };
  if (c === '\\') {
    const e = r.peek();
    if (e === 'b' || e === 'B') {
      r.pos++;
      return { kind: 'assert' };
    }
    if (CLASS_ESCAPES[e]) {
      r.pos++;
      return { kind: 'chars', set: CLASS_ESCAPES[e] };
    }
    if (/[1-9]/.test(e)) {
      while (/[0-9]/.test(r.peek())) r.pos++;
      return { kind: 'backref' };
    }
    if (e === 'k' && r.peek(1) === '<') {
      const end = r.s.indexOf('>', r.pos);
      r.pos = end < 0 ? r.s.length : end + 1;
      return { kind: 'backref' };
    }
    const p = escapedChar(r);
    return { kind: 'chars', set: [[p, p]] };
  }
  const p = c.codePointAt(0) ?? 0;
  // A surrogate pair is one character to a reader, two units here; either half tells two branches apart as well.
  return { kind: 'chars', set: [[p, p]] };
}

function parseQuantifier(r: Reader, node: Node): Node {
  let min: number;
  let max: number;
  const c = r.peek();
  if (c === '*' || c === '+' || c === '?') {
    r.pos++;
    [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
  } else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(r.s.slice(r.pos));
    if (!m) return node;
    r.pos += m[0].length;
    min = Number(m[1]);
    max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
  } else return node;
  if (r.peek() === '?') r.pos++;
  return { kind: 'repeat', node, min, max };
}

function nullable(n: Node): boolean {
  switch (n.kind) {
    case 'chars': return false;
    case 'assert':
    case 'backref': return true;
    case 'group': return n.alt.branches.some((b) => b.every(nullable));
    case 'repeat': return n.min === 0 || nullable(n.node);
  }
}

/** The characters a match of the node can start with (none for one that matches no character). */
function first(n: Node): Ranges {
  switch (n.kind) {
    case 'chars': return n.set;
    case 'assert': return [];
    case 'backref': return ALL;
    case 'group': return union(...n.alt.branches.map(firstOfSequence));
    case 'repeat': return n.max === 0 ? [] : first(n.node);
  }
}

function firstOfSequence(seq: Node[]): Ranges {
  const sets: Ranges[] = [];
  for (const n of seq) {
    sets.push(first(n));
    if (!nullable(n)) break;
  }
  return union(...sets);
}

/**
 * A repeat of at most this many times does not count: (a|ab){2} tries four
 * ways; an IPv4 address's ((25[0-5]|2[0-4]\d|1?\d?\d)\.){3} is common and safe.
 */
const SMALL_REPEAT = 16;

export interface OverlappingAlternation {
  /** The group, as written (cut when long). */
  group: string;
  /** The two branches, as written, and a character both can start with, or null when one can match nothing. */
  branches: [string, string];
  shared: string | null;
}

/**
 * The first alternation under a repeat (`*`, `+`, `{n,}`, `{n,m}` with m over
 * SMALL_REPEAT, at any depth inside it) two of whose branches can start with
 * the same character, or one of which can match nothing (a prefix of every
 * other): the shape that makes a backtracking engine try exponentially many
 * ways on one line. Null when there is none, or when the source does not
 * parse (the RegExp constructor says why first).
 */
export function overlappingAlternation(source: string, flags = ''): OverlappingAlternation | null {
  let tree: Alt;
  try {
    tree = parseAlt(new Reader(source));
  } catch {
    return null;
  }
  const fold = flags.includes('i') ? folded : (r: Ranges): Ranges => r;
  const cut = (s: string): string => (s.length > 60 ? `${s.slice(0, 59)}…` : s);
  const inAlt = (alt: Alt, underRepeat: boolean, group: string): OverlappingAlternation | null => {
    if (underRepeat && alt.branches.length > 1) {
      const firsts = alt.branches.map((b) => fold(firstOfSequence(b)));
      for (let i = 0; i < alt.branches.length; i++) {
        for (let j = i + 1; j < alt.branches.length; j++) {
          const pair: [string, string] = [cut(alt.sources[i] ?? ''), cut(alt.sources[j] ?? '')];
          if ((alt.branches[i] as Node[]).every(nullable) || (alt.branches[j] as Node[]).every(nullable)) return { group: cut(group), branches: pair, shared: null };
          const shared = common(firsts[i] as Ranges, firsts[j] as Ranges);
          if (shared !== null) return { group: cut(group), branches: pair, shared: String.fromCodePoint(shared) };
        }
      }
    }
    for (const b of alt.branches) {
      for (const n of b) {
        const found = inNode(n, underRepeat);
        if (found) return found;
      }
    }
    return null;
  };
  const inNode = (n: Node, underRepeat: boolean): OverlappingAlternation | null => {
    if (n.kind === 'group') return inAlt(n.alt, underRepeat, n.source);
    if (n.kind === 'repeat') return inNode(n.node, underRepeat || n.max > SMALL_REPEAT);
    return null;
  };
  return inAlt(tree, false, source);
}

/** How a character is named in a reason: as itself when printable, else as \uXXXX. */
function shown(c: string): string {
  return /^[\x21-\x7e]$/.test(c) || (c.codePointAt(0) ?? 0) > 0xa0 ? c : `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/** Why such a pattern is refused, in English and Japanese. */
export function overlapReason(o: OverlappingAlternation): Text {
  const [a, b] = o.branches;
  if (o.shared === null) {
    const empty = o.branches.find((x) => x === '') !== undefined;
    const which = empty ? 'an empty branch' : `a branch that can match nothing ("${a}" or "${b}")`;
    const whichJa = empty ? '空の選択肢' : `何にも一致しないことがある選択肢(「${a}」または「${b}」)`;
    return text(
      `the regular expression can backtrack badly: the alternation ${o.group} is under a repeat and has ${which}, so on a long line the search may try very many ways to match and stall; make every branch match at least one character, or take the repeat off`,
      `正規表現が過度なバックトラックを起こすおそれがあるため実行しません。選択 ${o.group} は繰り返しの中にあり、${whichJa}を含むため、1 行を非常に多くの方法で照合しようとして検索が止まるおそれがあります。どの選択肢も 1 文字以上に一致するように書き換えるか、繰り返しを外してください`,
    );
  }
  const c = shown(o.shared);
  return text(
    `the regular expression can backtrack badly: the branches "${a}" and "${b}" of ${o.group} can both start with "${c}" and are under a repeat, so on a long line the search may try very many ways to match and stall; make the branches start differently (such as (ab?)* for (a|ab)*, or (a(b|c))* for (ab|ac)*), or take the repeat off`,
    `正規表現が過度なバックトラックを起こすおそれがあるため実行しません。${o.group} の選択肢「${a}」と「${b}」はどちらも「${c}」で始まり、繰り返しの中にあるため、「${c}」が続く行を非常に多くの方法で照合しようとして検索が止まるおそれがあります。選択肢の先頭が重ならないように書き換える((a|ab)* なら (ab?)*、(ab|ac)* なら (a(b|c))* など)か、繰り返しを外してください`,
  );
}
