// Parity between the CLI and the app (issue 17): every row the text summary prints of a node, the app's report shows
// too, word for word, for every sample and in both languages; both take the rows from the presentation model.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../analyzers/engine/report/report.js';
import { renderHtml } from '../app/host/export.js';
import { formatText } from '../cli/format-text.js';
import { present } from '../presentation/model.js';

const GOLDEN = 'samples/golden';

/** The text a page shows: tags out, entities read, white space as one space. */
function pageText(html: string): string {
  const body = html.slice(html.indexOf('<body'));
  return body
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('every fact the CLI prints of a node is in the app', () => {
  for (const file of readdirSync(GOLDEN).filter((f) => f.endsWith('.json')).sort()) {
    for (const lang of ['en', 'ja'] as const) {
      it(`${file} (${lang})`, async () => {
        const report = JSON.parse(readFileSync(join(GOLDEN, file), 'utf8')) as Report;
        const text = squash(formatText(report, { lang, color: false }));
        const page = pageText(await renderHtml(report, lang));
        for (const node of present(report, lang).nodes) {
          for (const row of node.summary) {
            const lines = [...row.lines.map((l) => l.spans.map((s) => s.text).join('')), ...row.items.map((i) => i.map((s) => s.text).join(''))];
            for (const line of lines.map(squash).filter(Boolean)) {
              // The CLI prints the row; the app shows the same words (the hierarchy, paths and mirrors in their own sections, drawn in full).
              expect(text).toContain(line);
              if (!row.section) expect(page, `${node.name}: ${row.label}`).toContain(line);
            }
            if (!row.section) expect(page).toContain(squash(row.label));
          }
        }
      });
    }
  }
});

describe('the merged timeline on paper', () => {
  it('says the time a node logged under its corrected time, where nothing can be pointed at', async () => {
    const report = JSON.parse(readFileSync(join(GOLDEN, 'cluster-split-brain.json'), 'utf8')) as Report;
    const page = pageText(await renderHtml(report, 'en'));
    expect(page).toContain("2024-05-20 09:41:07 logged as 2024-05-20 09:41:09 on lk-node2's clock");
    expect(pageText(await renderHtml(report, 'ja'))).toContain('2024-05-20 09:41:07 lk-node2 の時計での記録時刻 2024-05-20 09:41:09');
  });
});
