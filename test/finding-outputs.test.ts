// What every output makes of a finding's one-line action, the code spans of its
// remedies and the links of its sources (issue 16): the HTML export (and so the
// PDF and the app, which render the same component) shows code as <code> and
// sources as links that open apart, printed with their address; the terminal
// shows the action under the title as plain text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Report } from '../analyzers/engine/report/report.js';
import { renderHtml } from '../app/host/export.js';
import { formatText } from '../cli/format-text.js';

const golden = (): Report => JSON.parse(readFileSync('samples/golden/advisory-dk-partial-resync.json', 'utf8')) as Report;

/** The advisory's finding, with one reference that is not a link a reader may follow. */
function report(): Report {
  const r = golden();
  const f = r.findings[0];
  if (!f) throw new Error('the sample has no finding');
  f.references.push({ source: 'plain-http', title: { en: 'A page over plain http', ja: 'http のページ' }, url: 'http://example.com/page' });
  return r;
}

describe('the HTML export of a finding', () => {
  for (const lang of ['en', 'ja'] as const) {
    it(`shows code spans as <code>, without their backticks, in the action and the remedy (${lang})`, async () => {
      const html = await renderHtml(report(), lang);
      const action = /<span class="finding-action"[^>]*>([\s\S]*?)<\/span>/.exec(html)?.[1] ?? '';
      expect(action).toContain('<code>mirror_action datarep-dk-mirror pause</code>');
      expect(action).toContain('<code>mirror_action datarep-dk-mirror fullresync</code>');
      expect(action).not.toContain('`');
      const remedy = /<p class="remedy">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
      expect(remedy).toContain('<code>mirror_action &lt;tag> pause</code>');
      expect(remedy).not.toContain('`');
    });
  }

  it('links each https source, to open apart with no referrer, and shows any other URL as no link at all', async () => {
    const html = await renderHtml(report(), 'en');
    expect(html).toContain('<a href="https://ftp.us.sios.com/pickup/HOTFIX-PL-9146-raid1_data_integrity_patch/readme.txt" target="_blank" rel="noopener noreferrer">SIOS hotfix PL-9146');
    expect(html).toContain('A page over plain http');
    expect(html).not.toContain('http://example.com/page');
  });

  it('prints a link with its address (PDF)', async () => {
    const html = await renderHtml(report(), 'en');
    const print = /@media print\s*\{([^{}]*\{[^{}]*\})*[^{}]*\}/g;
    expect([...html.matchAll(print)].map((m) => m[0]).join('\n')).toMatch(/a\[href\]::?after\s*\{\s*content:\s*" \("\s*attr\(href\)\s*"\)"/);
  });
});

describe('the terminal summary of a finding', () => {
  for (const [lang, start] of [['en', 'Run a full resync from the source: mirror_action'], ['ja', 'ソース側から mirror_action']] as const) {
    it(`prints what to do on one indented line under the title, code without backticks (${lang})`, () => {
      const lines = formatText(report(), { lang, color: false }).split('\n');
      const title = lines.findIndex((l) => l.includes('datakeeper-partial-resync-md-raid1'));
      expect(title).toBeGreaterThan(0);
      const next = lines[title + 1] ?? '';
      expect(next).toMatch(/^ {12}→ /);
      expect(next).toContain(start);
      expect(next).not.toContain('`');
    });
  }
});
