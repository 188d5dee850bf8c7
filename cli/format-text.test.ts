import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Report } from '../analyzers/engine/report/report.js';
import { formatText } from './format-text.js';

const golden = (name: string): Report => JSON.parse(readFileSync(new URL(`../samples/golden/${name}.json`, import.meta.url), 'utf8')) as Report;
const width = (s: string): number => [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);

describe('text summary', () => {
  const report = golden('cluster-split-brain');

  it('starts with the summary: each node with its worst finding, then what was checked, then the findings', () => {
    const lines = formatText(report, { lang: 'en', color: false }).split('\n');
    expect(lines[2]).toBe('Summary');
    expect(lines[3]).toMatch(/^ {2}lk-node1 +9\.6\.2 +Red Hat Enterprise Linux 8\.4 \(Ootpa\) +CRITICAL /);
    expect(lines.findIndex((l) => l.startsWith('Findings'))).toBeLessThan(lines.findIndex((l) => l.startsWith('■ lk-node1')));
  });

  it('prints the remedy under each finding, and leaves it out with --brief', () => {
    const full = formatText(report, { lang: 'en', color: false });
    expect(full).toMatch(/\n {12}→ Make sure the resources are in service on one node only/);
    expect(formatText(report, { lang: 'en', color: false, brief: true })).not.toContain('→');
  });

  it('wraps remedies and evidence to the terminal width, indented under their finding, in both languages', () => {
    for (const lang of ['en', 'ja'] as const) {
      const out = formatText(report, { lang, color: false, width: 72 }).split('\n');
      const findings = out.slice(out.findIndex((l) => /^(Findings|検出事項)/.test(l)), out.findIndex((l) => l.startsWith('■')));
      const under = findings.filter((l) => l.startsWith(' '.repeat(12)));
      expect(under.length).toBeGreaterThan(5);
      for (const l of under) expect(width(l), `${lang}: ${l}`).toBeLessThanOrEqual(72);
      // A wrapped line continues further in than the line it continues.
      expect(under.some((l) => l.startsWith(' '.repeat(14)) && !l.startsWith(' '.repeat(15)))).toBe(true);
    }
  });

  it("wraps a node row too wide for the terminal under the row's value column, never mid-word at the margin", () => {
    const single = golden('failover-starved-node1');
    for (const lang of ['en', 'ja'] as const) {
      const out = formatText(single, { lang, color: false, width: 100 }).split('\n');
      const node = out.slice(out.findIndex((l) => l.startsWith('■')));
      const row = node.findIndex((l) => /rules, inputs missing|確認していないルール/.test(l));
      expect(row, lang).toBeGreaterThan(0);
      for (const l of node) expect(width(l), `${lang}: ${l}`).toBeLessThanOrEqual(100);
      // The list of rule ids goes on under the value column, not from the left margin.
      expect(node[row + 1], lang).toMatch(/^ {14,}\S/);
      expect(node.join('\n')).toContain('datakeeper-mirror-without-bitmap');
    }
  });
});
