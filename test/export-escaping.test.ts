// Every string that can come from an archive, in every field of a report,
// poisoned with markup, a closing script tag and bidi controls, must come out
// of the HTML export as inert, visible text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Report } from '../analyzers/engine/report/report.js';
import { visible } from '../presentation/sanitize.js';
import { renderHtml } from '../app/host/export.js';

const POISON = '<script>alert(1)</script></script><img src=x onerror=alert(2)><a href="http://evil.example/">x</a>\u202Egnp.exe\u2066';

/** Values the engine sets from a fixed set (never archive text): kept, so every branch of the UI renders. */
const ENUM_KEYS = new Set(['severity', 'kind', 'status', 'code', 'input', 'typeSource', 'hostnameSource', 'collectedAtSource', 'seenBy', 'format', 'schema', 'component', 'encodings']);

/** Appends the poison to every other string of the report. */
function poison<T>(value: T, key = ''): T {
  if (ENUM_KEYS.has(key)) return value;
  if (typeof value === 'string') return `${value}${POISON}` as T;
  if (Array.isArray(value)) return value.map((v: unknown) => poison(v)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, k)])) as T;
  return value;
}

describe('HTML export of archive strings', () => {
  const golden = JSON.parse(readFileSync('samples/golden/advisory-data-corrupt.json', 'utf8')) as Report;
  const report = poison(golden);

  for (const lang of ['en', 'ja'] as const) {
    it(`renders every poisoned field as text (${lang})`, async () => {
      const html = await renderHtml(report, lang);
      // Only the template's own elements exist: archive text made none.
      const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => (m[1] ?? '').toLowerCase()));
      const template = ['html', 'head', 'meta', 'title', 'style', 'body', 'article', 'header', 'footer', 'section', 'h1', 'h2', 'h3', 'h4', 'div', 'span', 'p', 'dl', 'dt', 'dd', 'ul', 'ol', 'li', 'pre', 'details', 'summary', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'strong', 'svg', 'line', 'rect', 'text', 'a', 'code', 'wbr'];
      expect([...tags].filter((t) => !template.includes(t))).toEqual([]);
      expect(html).not.toMatch(/<(script|img|iframe|link|object|embed)[\s>/]/i);
      // The template's only links are its sources': an https URL the parser normalised (a poisoned one percent-encoded), opened apart.
      const anchors = [...html.matchAll(/<a\b[^>]*>/gi)].map((m) => m[0]);
      expect(anchors.length).toBeGreaterThan(0);
      for (const a of anchors) expect(a).toMatch(/^<a href="https:\/\/[^"\s<>]+" target="_blank" rel="noopener noreferrer">$/);
      expect(anchors.some((a) => a.includes('%3Cscript%3Ealert(1)'))).toBe(true);
      expect(html).toContain('&lt;script>alert(1)&lt;/script>&lt;/script>&lt;img src=x onerror=alert(2)>');
      expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
      expect(html).toContain('⟦U+202E⟧gnp.exe⟦U+2066⟧');
      // Evidence lines, titles, tags, paths and hostnames all came through.
      expect(html.split('&lt;script>alert(1)').length).toBeGreaterThan(30);
    });
  }

  it('makes bidi controls visible and leaves other text alone', () => {
    expect(visible('abc\u202Edef')).toBe('abc⟦U+202E⟧def');
    expect(visible('日本語 <b>')).toBe('日本語 <b>');
  });
});
