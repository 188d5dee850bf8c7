// The CLI's analysis on several threads (lanes.ts): the same reports as in one
// thread, byte for byte (the cluster samples' golden reports), and the bounds
// of the pool it uses. Workers run the compiled engine (dist/, built by
// `npm test` before the tests), so the modules under test are loaded from there.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const built = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(path)).href)) as T;
const { WorkerPool } = await built<typeof import('./in-worker.js')>('dist/analyzers/engine/workers/in-worker.js');
const { lanes, lanesFor, MAX_LANES } = await built<typeof import('./lanes.js')>('dist/analyzers/engine/workers/lanes.js');
const { WORKER_HEAP_LIMITS } = await built<typeof import('./heap-tuning.js')>('dist/analyzers/engine/workers/heap-tuning.js');
const { analyze } = await built<typeof import('../run/engine.js')>('dist/analyzers/engine/run/engine.js');
const { loadAnalyzers } = await built<typeof import('../../registry.js')>('dist/analyzers/registry.js');

const NOW = new Date('2026-01-01T00:00:00Z');
const clusters = (JSON.parse(readFileSync('samples/clusters.json', 'utf8')) as { clusters: Array<{ name: string; archives: string[] }> }).clusters;

describe('how many threads read archives', () => {
  it('one for every two cores (rounded), never more than the archives or MAX_LANES', () => {
    expect(lanesFor(10, undefined, 2)).toBe(1);
    expect(lanesFor(10, undefined, 3)).toBe(2);
    expect(lanesFor(10, undefined, 4)).toBe(2);
    expect(lanesFor(10, undefined, 8)).toBe(4);
    expect(lanesFor(1, undefined, 16)).toBe(1);
    expect(lanesFor(3, undefined, 16)).toBe(3);
    expect(lanesFor(40, undefined, 64)).toBe(MAX_LANES);
    expect(lanesFor(0, undefined, 4)).toBe(1);
  });

  it('as many as LKANALYZE_THREADS asks, 1 being this thread alone; a value that is no count is ignored', () => {
    expect(lanesFor(10, '1', 8)).toBe(1);
    expect(lanesFor(10, '3', 2)).toBe(3);
    expect(lanesFor(10, 'many', 4)).toBe(2);
    expect(lanesFor(10, '0', 4)).toBe(2);
    expect(lanesFor(10, '', 8)).toBe(4);
  });
});

describe('archives on several threads', () => {
  const pool = new WorkerPool(2, undefined, WORKER_HEAP_LIMITS);
  afterAll(() => pool.close());

  for (const sample of clusters) {
    it(`gives cluster ${sample.name} its golden report, byte for byte`, async () => {
      const { analyzers, clusterRules, packs } = await loadAnalyzers();
      const files = sample.archives.map((a) => `samples/${a}`);
      const r = await analyze(files, {
        analyzers, clusterRules, rulePacks: packs, now: NOW, version: 'golden', runArchive: lanes(pool, []), concurrency: 3,
      });
      expect(`${JSON.stringify(r, null, 2)}\n`).toBe(readFileSync(join('samples/golden', `cluster-${sample.name}.json`), 'utf8'));
    });
  }

  it('had workers read some of them (this thread reads one at a time)', () => {
    expect((pool as unknown as { idle: unknown[] }).idle.length).toBeGreaterThan(0);
  });
});

describe('the pool of the CLI', () => {
  const PAIR = ['samples/split-brain-node1.tar.gz', 'samples/split-brain-node2.tar.gz'];

  it('reads an archive again in this thread when its worker runs out of its capped heap', async () => {
    const { analyzers, clusterRules } = await loadAnalyzers();
    const tiny = new WorkerPool(1, undefined, { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 });
    try {
      const options = { analyzers, clusterRules, now: NOW, version: 'test' };
      const there = await analyze(PAIR, { ...options, runArchive: tiny.runner([]) });
      expect(tiny.heapFallbacks).toBe(2);
      expect(tiny.fallbackReason).toBeNull();
      expect(JSON.stringify(there)).toBe(JSON.stringify(await analyze(PAIR, options)));
    } finally {
      await tiny.close();
    }
  });

  it('starts workers before their first archive, and closing them unused is no failed start', async () => {
    const { analyzers } = await loadAnalyzers();
    const early = new WorkerPool(2);
    const said: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => said.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      early.prestart(2, []);
      const idle = (early as unknown as { idle: unknown[] }).idle;
      expect(idle).toHaveLength(2);
      const r = await analyze(PAIR, { analyzers, runArchive: early.runner([]), now: NOW });
      expect(r.nodes.map((n) => n.hostname)).toEqual(['lk-node1', 'lk-node2']);
      expect(idle).toHaveLength(2);
      const unused = new WorkerPool(1);
      unused.prestart(1, []);
      await unused.close();
      await new Promise((r) => setTimeout(r, 100));
      expect(unused.fallbackReason).toBeNull();
    } finally {
      process.stderr.write = write;
      await early.close();
    }
    expect(said.join('')).toBe('');
  });

  it('analyzes in this thread, and says so once, when prestarted workers cannot start', async () => {
    const { analyzers } = await loadAnalyzers();
    const broken = new WorkerPool(2, pathToFileURL(resolve('dist/no-such-worker.js')));
    const said: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => said.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      broken.prestart(2, []);
      await new Promise((r) => setTimeout(r, 300));
      const r = await analyze(PAIR, { analyzers, runArchive: lanes(broken, []), concurrency: 2, now: NOW });
      expect(r.nodes.map((n) => n.hostname)).toEqual(['lk-node1', 'lk-node2']);
    } finally {
      process.stderr.write = write;
      await broken.close();
    }
    expect(broken.fallbackReason).toMatch(/no-such-worker|Cannot find module/);
    expect(said.filter((l) => l.includes('analysis worker could not start'))).toHaveLength(1);
  });
});
