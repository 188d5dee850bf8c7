// The analysis thread beside the reading one (watch-thread.ts): the same
// report as when everything runs in one thread. Workers run the compiled
// engine (dist/, built by `npm test` before the tests), so this imports it.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const built = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(path)).href)) as T;
const { analysisThreadFor, WatchThread, watchThreadAvailable } = await built<typeof import('./watch-thread.js')>('dist/analyzers/engine/workers/watch-thread.js');
const { analyze } = await built<typeof import('../run/engine.js')>('dist/analyzers/engine/run/engine.js');
const { loadAnalyzers } = await built<typeof import('../../registry.js')>('dist/analyzers/registry.js');

const NOW = new Date('2026-01-01T00:00:00Z');
const SAMPLES = readdirSync('samples').filter((f) => f.endsWith('.tar.gz') || f.endsWith('.zip')).sort().map((f) => join('samples', f));

describe('the analysis thread', () => {
  it('is used only when LKANALYZE_ANALYSIS_THREAD=1 asks (not measured where it would pay)', () => {
    expect([analysisThreadFor('1'), analysisThreadFor(undefined), analysisThreadFor('0'), analysisThreadFor('yes')]).toEqual([true, false, false, false]);
  });

  it('is available where the engine is compiled', () => {
    expect(watchThreadAvailable()).toBe(true);
  });

  it('gives every sample the report it gets in one thread, byte for byte, with the lines read there', async () => {
    const { analyzers, clusterRules } = await loadAnalyzers();
    const thread = new WatchThread([]);
    try {
      for (const file of SAMPLES) {
        const alone = await analyze([file], { analyzers, clusterRules, now: NOW });
        const beside = await analyze([file], { analyzers, clusterRules, now: NOW, analysisThread: thread });
        expect(JSON.stringify(beside), file).toBe(JSON.stringify(alone));
      }
      // Every node went there (none analyzed here for want of the thread), and the lines were read there.
      expect(thread.declined).toBe(0);
      expect(thread.nodes).toBeGreaterThanOrEqual(SAMPLES.length);
      expect(thread.linesHanded).toBeGreaterThan(500);
    } finally {
      await thread.close();
    }
  }, 120_000);

  it('reads several archives at once, each its own node', async () => {
    const { analyzers, clusterRules } = await loadAnalyzers();
    const files = SAMPLES.slice(0, 6);
    const thread = new WatchThread([]);
    try {
      const alone = await analyze(files, { analyzers, clusterRules, now: NOW, concurrency: 3 });
      const beside = await analyze(files, { analyzers, clusterRules, now: NOW, concurrency: 3, analysisThread: thread });
      expect(JSON.stringify(beside)).toBe(JSON.stringify(alone));
    } finally {
      await thread.close();
    }
  }, 60_000);

  it('declines a node whose analyzers it did not load (then analyzed in the reading thread), and one it cannot start for', async () => {
    const { analyzers, clusterRules } = await loadAnalyzers();
    const fewer = analyzers.filter((a) => a.meta.id !== 'timeline');
    const file = SAMPLES[0] as string;
    const alone = await analyze([file], { analyzers: fewer, clusterRules, now: NOW });
    const thread = new WatchThread([]);
    const missing = new WatchThread([], pathToFileURL(resolve('dist/no-such-worker.js')));
    try {
      for (const t of [thread, missing]) {
        const beside = await analyze([file], { analyzers: fewer, clusterRules, now: NOW, analysisThread: t });
        expect(JSON.stringify(beside)).toBe(JSON.stringify(alone));
        expect([t.nodes, t.declined]).toEqual([0, 1]);
      }
    } finally {
      await thread.close();
      await missing.close();
    }
  }, 60_000);
});
