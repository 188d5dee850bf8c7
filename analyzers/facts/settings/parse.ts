// Reads shell-style `KEY=value` files (/etc/default/LifeKeeper) and iscsid.conf
// (`key = value`). Comments and blank lines are skipped; quotes are removed.

export interface Assignment {
  key: string;
  value: string;
  lineIndex: number;
}

const isBlank = (c: string): boolean => c === ' ' || c === '\t';

/**
 * One shell word from `from`, as `sh` reads the value of `KEY=value`: quoted
 * parts ('…', "…") and bare characters up to a blank or `;`, `&`, `|`. `#`
 * inside a word is part of it (`5#x`); a comment starts only after a blank.
 * One pass over the line: linear on any input.
 */
function shellWord(line: string, from: number): { value: string; end: number } {
  let value = '';
  let i = from;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === "'" || c === '"') {
      const close = line.indexOf(c, i + 1);
      const stop = close < 0 ? line.length : close;
      value += line.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (isBlank(c) || c === ';' || c === '&' || c === '|') break;
    value += c;
    i++;
  }
  return { value, end: Math.min(i, line.length) };
}

const ASSIGNMENT = /(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=/y;

/**
 * `KEY=value` lines as the shell sets them: one or more assignments on a line
 * (`A=1 B=2`, `KEY=none;export KEY`), each value one shell word; what follows
 * that is not another assignment (a command, a comment) is not part of it.
 */
export function parseShellAssignments(lines: readonly string[]): Assignment[] {
  const out: Assignment[] = [];
  for (const [i, line] of lines.entries()) {
    let pos = 0;
    while (pos < line.length && isBlank(line[pos] as string)) pos++;
    for (;;) {
      ASSIGNMENT.lastIndex = pos;
      const m = ASSIGNMENT.exec(line);
      if (!m?.[1]) break;
      const word = shellWord(line, ASSIGNMENT.lastIndex);
      out.push({ key: m[1], value: word.value, lineIndex: i });
      pos = word.end;
      while (pos < line.length && (isBlank(line[pos] as string) || line[pos] === ';')) pos++;
    }
  }
  return out;
}

export function parseIscsidConf(lines: readonly string[]): Assignment[] {
  const out: Assignment[] = [];
  for (const [i, line] of lines.entries()) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const eq = t.indexOf('=');
    if (eq <= 0) continue;
    out.push({ key: t.slice(0, eq).trim(), value: t.slice(eq + 1).trim(), lineIndex: i });
  }
  return out;
}

/** Lines of a shell-style settings file that are neither assignments, comments, blank nor a bare `export NAME`: not understood. */
export function unreadShellLines(lines: readonly string[]): number[] {
  const out: number[] = [];
  for (const [i, line] of lines.entries()) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    if (/^(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*=/.test(t) || /^export(?:\s+[A-Za-z_][A-Za-z0-9_]*)+$/.test(t)) continue;
    out.push(i);
  }
  return out;
}
