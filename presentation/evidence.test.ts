import { describe, expect, it } from 'vitest';
import type { Evidence } from '../analyzers/engine/plugin/findings.js';
import { evidenceBlocks, provingLines } from './evidence.js';

const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
/** Evidence of line n of a member holding `lines`, with two lines of context each side. */
const at = (n: number, path = 'var/log/messages', node?: string): Evidence => ({
  ...(node ? { node } : {}), path, line: n, text: lines[n - 1] ?? '', before: lines.slice(Math.max(0, n - 3), n - 1), after: lines.slice(n, n + 2),
});

describe('evidence blocks', () => {
  it('merges overlapping context windows: no line printed twice, lines in order, proving lines marked', () => {
    // The order a rule gave them in (messages lines 3, 7, 9, 5, 6 in the bug report).
    const [block] = evidenceBlocks([at(3), at(7), at(9), at(5), at(6)]);
    const shown = block?.runs.flat() ?? [];
    expect(shown.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(new Set(shown.map((r) => r.line)).size).toBe(shown.length);
    expect(shown.filter((r) => r.proves).map((r) => r.line)).toEqual([3, 5, 6, 7, 9]);
    expect(block?.runs).toHaveLength(1);
  });

  it('keeps runs apart where the lines are not adjacent, and members apart in the order first named', () => {
    const blocks = evidenceBlocks([at(15, 'b.log'), at(2, 'a.log'), at(12, 'a.log')]);
    expect(blocks.map((b) => b.path)).toEqual(['b.log', 'a.log']);
    expect(blocks[1]?.runs.map((r) => r.map((x) => x.line))).toEqual([[1, 2, 3, 4], [10, 11, 12, 13, 14]]);
    expect(provingLines(blocks)).toBe(3);
  });

  it('names the node where several are involved: the same path on two nodes is two blocks', () => {
    const blocks = evidenceBlocks([at(3, 'cmd/lcdstatus.out', 'n1'), at(3, 'cmd/lcdstatus.out', 'n2')]);
    expect(blocks.map((b) => `${b.node}:${b.path}`)).toEqual(['n1:cmd/lcdstatus.out', 'n2:cmd/lcdstatus.out']);
  });

  it('a member as a whole (line 0) stands alone', () => {
    expect(evidenceBlocks([{ path: 'core.1', line: 0, text: 'core file' }])).toEqual([{ node: null, path: 'core.1', runs: [[{ line: 0, text: 'core file', proves: true }]] }]);
  });
});
