// The hostile corpus: each case gives a clear error or a partial report that
// names what was unreadable, within a time bound, with no crash and nothing
// written outside the process.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeArchive } from '../../analyzers/core/engine.js';
import { loadAnalyzers } from '../../analyzers/registry.js';
import type { HostileCase } from './corpus.js';
import { buildCorpus } from './corpus.js';

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
      if (r.archive.status !== 'unreadable') expect(r.node?.analyzers.filter((a) => a.status === 'failed'), c.name).toEqual([]);
      expect(r.archive.problem?.ja ?? 'ja', c.name).not.toBe('');
    }
    console.info(results.join('\n'));
    expect((await readdir(dir)).sort()).toEqual(before);
    expect((await readdir('.')).sort()).toEqual(cwdBefore);
    expect(existsSync('/tmp/lkanalyze-escape')).toBe(false);
    expect(existsSync('/tmp/lkanalyze-abs')).toBe(false);
  }, 300_000);
});
