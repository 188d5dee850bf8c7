// Evidence as one readable block per member: the proving lines and their
// context merged where the windows of neighbouring lines overlap, in member
// and line order, each line once, the proving ones marked (issue 16).
import type { Evidence } from '../analyzers/engine/plugin/findings.js';

export interface EvidenceRow {
  /** 1-based line; 0 for the member as a whole (a core file, a flag file). */
  line: number;
  text: string;
  /** A line the finding stands on (the rest is context). */
  proves: boolean;
}

export interface EvidenceBlock {
  /** The node whose archive holds the member, where several nodes are involved. */
  node: string | null;
  path: string;
  /** Runs of consecutive lines; a gap lies between two runs. */
  runs: EvidenceRow[][];
}

/** Members in the order the finding first names them; lines in line order; each line once. */
export function evidenceBlocks(evidence: readonly Evidence[]): EvidenceBlock[] {
  const byMember = new Map<string, { node: string | null; path: string; rows: Map<number, EvidenceRow> }>();
  for (const e of evidence) {
    const key = `${e.node ?? ''}\u0000${e.path}`;
    let m = byMember.get(key);
    if (!m) {
      m = { node: e.node ?? null, path: e.path, rows: new Map() };
      byMember.set(key, m);
    }
    const put = (line: number, text: string, proves: boolean): void => {
      const seen = m?.rows.get(line);
      if (!seen) m?.rows.set(line, { line, text, proves });
      else if (proves) seen.proves = true;
    };
    put(e.line, e.text, true);
    // Context lines are numbered from the proving line; a member as a whole (line 0) has none.
    if (e.line > 0) {
      const before = e.before ?? [];
      before.forEach((text, i) => {
        const line = e.line - before.length + i;
        if (line > 0) put(line, text, false);
      });
      (e.after ?? []).forEach((text, i) => put(e.line + 1 + i, text, false));
    }
  }
  return [...byMember.values()].map(({ node, path, rows }) => {
    const sorted = [...rows.values()].sort((a, b) => a.line - b.line);
    const runs: EvidenceRow[][] = [];
    for (const row of sorted) {
      const run = runs[runs.length - 1];
      const last = run?.[run.length - 1];
      if (run && last && row.line === last.line + 1) run.push(row);
      else runs.push([row]);
    }
    return { node, path, runs };
  });
}

/** How many proving lines a set of blocks holds. */
export function provingLines(blocks: readonly EvidenceBlock[]): number {
  return blocks.reduce((n, b) => n + b.runs.reduce((k, r) => k + r.filter((x) => x.proves).length, 0), 0);
}
