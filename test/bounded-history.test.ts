// A resync history past its bound keeps its start and its end: the report must
// say so beside the chart, or the gap between them reads as "no resyncs then".
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyzers/engine/run/engine.js';
import { makeTar } from '../analyzers/engine/plugin/testing.js';
import { loadAnalyzers } from '../analyzers/registry.js';
import { renderHtml } from '../app/host/export.js';

const resync = (i: number): string =>
  `May ${10 + Math.floor(i / 1440)} ${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 n mirror_action[1]: INFO:dr:resume:datarep-x:104009:/dev/md0: bitmap merged, resyncing 1.0 MB`;

describe('a bounded resync history in the report', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lkanalyze-bounded-'));
    file = join(dir, 'many-resyncs.tar.gz');
    await writeFile(file, gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log', content: `${Array.from({ length: 4500 }, (_, i) => resync(i)).join('\n')}\n` }])));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says beside the chart, in both languages, what was kept and what only counted', async () => {
    const { analyzers } = await loadAnalyzers();
    const report = await analyze([file], { analyzers, now: new Date('2026-01-01T00:00:00Z') });
    expect((report.nodes[0]?.['resync-history'] as unknown[]).length).toBe(4000);
    const en = await renderHtml(report, 'en');
    expect(en).toMatch(/class="note resync-bound[^"]*">4500 resyncs in the logs: kept the first 2000 and the last 2000 read, counted the other 500</);
    const ja = await renderHtml(report, 'ja');
    expect(ja).toMatch(/class="note resync-bound[^"]*">ログに再同期が 4500 件あります/);
  });

  it('adds nothing when the whole history was kept', async () => {
    const { analyzers } = await loadAnalyzers();
    const report = await analyze(['samples/advisory-dk-partial-resync.tar.gz'], { analyzers });
    expect(await renderHtml(report, 'en')).not.toContain('resync-bound');
  });
});
