// The hostile corpus: each case gives a clear error or a partial report that
// names what was unreadable, within a time bound, with no crash and nothing
// written outside the process.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeArchive } from '../../analyzers/engine/run/engine.js';
import { loadAnalyzers } from '../../analyzers/registry.js';
import type { HostileCase } from './corpus.js';
import { buildCorpus, FLOOD_LINES } from './corpus.js';

const BOUND_MS = 20_000;
let dir: string;
let cases: HostileCase[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-hostile-'));
  cases = await buildCorpus(dir);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the hostile corpus', () => {
  it('reads every case within its bound, says what it could not read, and writes nothing', async () => {
    const { analyzers } = await loadAnalyzers();
    const before = (await readdir(dir)).sort();
    const cwdBefore = (await readdir('.')).sort();
    const results: string[] = [];
    for (const c of cases) {
      const started = Date.now();
      const r = await analyzeArchive(c.file, { analyzers, limits: { maxMemberInflated: 16 * 2 ** 20, maxArchiveInflated: 256 * 2 ** 20 } });
      const ms = Date.now() - started;
      const nodes = [r.node, ...r.nested.map((n) => n.node)].filter((n) => n !== null);
      const said = [
        r.archive.problem?.en ?? '',
        ...(r.node?.members.read.map((m) => m.problem?.en ?? '') ?? []),
        ...(r.node?.members.skipped.map((s) => s.reason.en) ?? []),
        ...(r.node?.notes.map((n) => n.en) ?? []),
      ].join(' | ');
      results.push(`${c.name}: ${r.archive.status} in ${ms} ms`);
      expect(ms, `${c.name} took too long`).toBeLessThan(BOUND_MS);
      expect(r.archive.status, `${c.name}: ${said}`).toBe(c.status);
      if (c.reason) expect(said, c.name).toMatch(c.reason);
      else if (r.archive.status === 'read') expect(said, `${c.name} is read whole and says nothing`).not.toMatch(/trailing|corrupt|truncated/);
      if (c.members !== undefined) expect(r.node?.members.total, `${c.name}: members seen`).toBe(c.members);
      for (const [path, lines] of Object.entries(c.lines ?? {})) expect(r.node?.members.read.find((m) => m.path === path)?.lines, `${c.name}: ${path}`).toBe(lines);
      if (c.analyzed !== undefined) expect(r.nested.filter((n) => n.node?.recognized).length, `${c.name}: node archives analyzed`).toBe(c.analyzed);
      for (const n of nodes) expect(n.analyzers.filter((a) => a.status === 'failed'), c.name).toEqual([]);
      expect(r.archive.problem?.ja ?? 'ja', c.name).not.toBe('');
    }
    console.info(results.join('\n'));
    expect((await readdir(dir)).sort()).toEqual(before);
    expect((await readdir('.')).sort()).toEqual(cwdBefore);
    expect(existsSync('/tmp/lkanalyze-escape')).toBe(false);
    expect(existsSync('/tmp/lkanalyze-abs')).toBe(false);
  }, 300_000);

  it('keeps facts bounded in a log where every line is an event, counts exactly, and says what it left out', async () => {
    const flood = cases.find((c) => c.name === 'event-flood.tar.gz');
    if (!flood) throw new Error('the corpus has no event flood');
    const { analyzers } = await loadAnalyzers();
    const r = await analyzeArchive(flood.file, { analyzers });
    const node = r.node as unknown as Record<string, unknown> & { analyzers: Array<{ id: string; status: string; reason: { en: string } | null }> };
    const perKind = FLOOD_LINES / 5;
    expect((node['resync-history'] as unknown[]).length).toBeLessThanOrEqual(4000);
    expect((node['lkscsid'] as { starts: unknown[] }).starts.length).toBeLessThanOrEqual(8000);
    const timeline = node['timeline'] as { events: unknown[]; dropped: number };
    expect(timeline.events.length).toBeLessThanOrEqual(25_000);
    const noted = (id: string): string => node.analyzers.find((a) => a.id === id)?.reason?.en ?? '';
    expect(noted('resync-history')).toContain(`${perKind} resyncs in the logs`);
    expect(noted('lkscsid')).toContain(`${perKind} lkscsid starts`);
    expect(noted('communication-failure-logged')).toMatch(/more than 1000 different peer values/);
    // Counts stay exact past the evidence kept: one finding for all the quickCheck timeouts of fs-data.
    const timeouts = r.findings.filter((f) => f.id === 'quickcheck-timeouts-repeated');
    expect(timeouts.map((f) => f.title.en).join()).toContain(`${perKind}`);
    expect(timeouts[0]?.evidence.length).toBe(5);
  }, 60_000);
});

describe('inputs that are not archives on disk (issue 14)', () => {
  it('names a FIFO, a folder, a missing file and a path under a file, each with its reason, and analyzes the readable one, without hanging', async () => {
    const { execFileSync } = await import('node:child_process');
    const { writeFile } = await import('node:fs/promises');
    const { analyze } = await import('../../analyzers/engine/run/engine.js');
    const inputs = await mkdtemp(join(tmpdir(), 'lkanalyze-inputs-'));
    try {
      const fifo = join(inputs, 'node.fifo');
      execFileSync('mkfifo', [fifo]);
      const file = join(inputs, 'notes.txt');
      await writeFile(file, 'x\n');
      const { analyzers } = await loadAnalyzers();
      const started = Date.now();
      // A hang here (opening the FIFO) is ended by the test's timeout below, never by waiting for ever.
      const report = await analyze([fifo, inputs, join(inputs, 'nope.tar.gz'), join(file, 'x.tar.gz'), 'samples/advisory-lkscsid-restart.tar.gz'], { analyzers });
      expect(Date.now() - started).toBeLessThan(BOUND_MS);
      expect(report.archives.map((a) => `${a.status}: ${a.problem?.en ?? ''}`)).toEqual([
        'unreadable: it is not a regular file (a FIFO, socket or device)',
        'unreadable: it is not a regular file (a folder)',
        'unreadable: no such file',
        'unreadable: no such file (a part of its path is a file, not a folder)',
        'read: ',
      ]);
      expect(report.nodes).toHaveLength(1);
    } finally {
      await rm(inputs, { recursive: true, force: true });
    }
  }, 30_000);
});
