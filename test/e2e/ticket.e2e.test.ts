// The app and its exports as a support engineer uses them on a ticket (issue 17): the PDF a ticket gets
// (summary first, an outline, the case number in the header, the timeline's scope), checked with poppler.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { CHROMIUM } from './browser.js';

const POPPLER = (() => {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!POPPLER) console.warn('ticket PDF e2e skipped: pdfinfo/pdftotext (poppler-utils) not installed');

const NODES = ['samples/split-brain-node1.tar.gz', 'samples/split-brain-node2.tar.gz'];

class Sink extends Writable {
  data = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.data += chunk.toString();
    cb();
  }
}

async function cli(args: string[]): Promise<void> {
  const stderr = new Sink();
  const code = await main(args, { stdout: new Sink(), stderr, env: {} });
  expect(code, stderr.data).toBe(0);
}

const pages = (pdf: string): number => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
const pageText = (pdf: string, page: number): string => execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' });
/** The PDF's outline (bookmarks) as poppler reads it: its entries' titles, in order, without spaces (a wrapped title may lose the one at its line break). */
const outline = (pdf: string): string[] => {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', pdf], { encoding: 'utf8' });
  return [...xml.matchAll(/<item page="\d+">([^<]*)<\/item>/g)].map((m) => (m[1] ?? '').replace(/\s+/g, ''));
};

describe.skipIf(!CHROMIUM || !POPPLER)('the PDF a ticket gets', () => {
  let dir: string;
  const pdf = (name: string): string => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lkanalyze-ticket-'));
    for (const timeline of ['warnings', 'all']) {
      await cli([...NODES, '--format', 'pdf', '--lang', 'en', '--case', 'SR-4711', '--timeline', timeline, '--out', pdf(`${timeline}.pdf`)]);
    }
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives page 1 to the triage summary, with the case number in every page header', () => {
    const first = pageText(pdf('warnings.pdf'), 1);
    expect(first).toMatch(/Case SR-4711 · LifeKeeper Support Analyzer — lk-node1, lk-node2/);
    expect(first).toMatch(/lk-node1\s+9\.6\.2/);
    expect(first).toMatch(/Checks: \d+ checks ran/);
    expect(first).toContain('Timeline: warnings and critical events only');
    // The findings start on page 2.
    expect(first).not.toContain('What it means');
    const second = pageText(pdf('warnings.pdf'), 2);
    expect(second).toMatch(/^\s*Case SR-4711 · /);
    expect(second).toMatch(/Findings/);
    expect(second).toContain('What it means');
  });

  it('has an outline with an entry for each finding, node and cluster, and not for the small headings inside them', () => {
    const entries = outline(pdf('warnings.pdf'));
    const titles = (list: string[]): string[] => list.map((t) => t.replace(/\s+/g, ''));
    expect(entries).toEqual(expect.arrayContaining(titles([
      'Findings',
      'In service on lk-node1 and lk-node2 at once: app-web, ip-web, fs-data, disk-sdb1, device-sdb',
      'Every communication path to lk-node2 is DEAD',
      'Every communication path to lk-node1 is DEAD',
      'Cluster: lk-node1 + lk-node2',
      'lk-node1',
      'lk-node2',
    ])));
    expect(entries).not.toContain('Whatitmeans');
    expect(entries).not.toContain('Whattodo');
  });

  it('takes fewer pages with the timeline cut to warnings than with every event, and no page holds only its header and footer', () => {
    const warnings = pages(pdf('warnings.pdf'));
    const all = pages(pdf('all.pdf'));
    console.log(`split-brain pair, A4: --timeline warnings ${warnings} pages, --timeline all ${all} pages`);
    expect(warnings).toBeLessThan(all);
    for (const file of ['warnings.pdf', 'all.pdf']) {
      for (let p = 1; p <= pages(pdf(file)); p++) {
        const body = pageText(pdf(file), p).split('\n').filter((l) => l.trim() && !/Case SR-4711 · |lkanalyze \S+\s+Page \d+ of \d+/.test(l));
        expect(body.length, `${file} page ${p}`).toBeGreaterThan(0);
      }
    }
  });
});
