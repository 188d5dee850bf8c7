// Reads shell-style `KEY=value` files (/etc/default/LifeKeeper) and iscsid.conf
// (`key = value`). Comments and blank lines are skipped; quotes are removed.

export interface Assignment {
  key: string;
  value: string;
  lineIndex: number;
}

function stripShellValue(raw: string): string {
  const v = raw.trim();
  const q = /^"([^"]*)"|^'([^']*)'/.exec(v);
  if (q) return q[1] ?? q[2] ?? '';
  // An unquoted value ends at whitespace followed by #.
  const comment = /\s#/.exec(v);
  return (comment ? v.slice(0, comment.index) : v).trim();
}

export function parseShellAssignments(lines: readonly string[]): Assignment[] {
  const out: Assignment[] = [];
  for (const [i, line] of lines.entries()) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m?.[1]) out.push({ key: m[1], value: stripShellValue(m[2] ?? ''), lineIndex: i });
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
