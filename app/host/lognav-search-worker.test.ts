// The app's search runs off the host's thread, from the compiled engine in
// dist/ (built before the tests): over the members the log view does not hold
// in a worker of its own (WorkerPool.grepMembers), and over the members it
// holds in another (searchHeldInWorker): the same hits as in this thread, the
// worker let go after it, and a cancel that terminates it mid-pass. A regex
// slow on a hostile line stalls the worker, not the host: the other channels
// answer meanwhile, and a cancel ends the search without waiting for the line.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTar } from '../../analyzers/engine/plugin/testing.js';
import type { GrepHit, GrepMembersJob } from '../../analyzers/engine/lognav/search.js';
import type { SearchResults } from './lognav.js';

const built = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(path)).href)) as T;
const { WorkerPool } = await built<typeof import('../../analyzers/engine/workers/in-worker.js')>('dist/analyzers/engine/workers/in-worker.js');
const { grepMembers } = await built<typeof import('../../analyzers/engine/lognav/search.js')>('dist/analyzers/engine/lognav/search.js');
const { LogNav } = await built<typeof import('./lognav.js')>('dist/app/host/lognav.js');
const { searchHeldInWorker } = await built<typeof import('../../analyzers/engine/workers/held-pass.js')>('dist/analyzers/engine/workers/held-pass.js');
const { StoreBudget } = await built<typeof import('../../analyzers/engine/lognav/member-store.js')>('dist/analyzers/engine/lognav/member-store.js');
const { compileMatcher } = await built<typeof import('../../analyzers/engine/lognav/matcher.js')>('dist/analyzers/engine/lognav/matcher.js');

const line = (i: number): string => `May 20 10:13:20 n x[1]: ${i % 5000 === 17 ? 'ERROR needle' : 'INFO'}:lcd:::000000:line ${i} of a long log to keep the reader busy\n`;

describe('the search pass in a worker', () => {
  let dir: string;
  let file: string;
  let big: string;
  const pool = new WorkerPool();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lkanalyze-grep-worker-'));
    file = join(dir, 'node.tar.gz');
    await writeFile(file, gzipSync(await makeTar([
      { name: 'n/var/log/a.log', content: Array.from({ length: 20_000 }, (_, i) => line(i)).join('') },
      { name: 'n/var/log/b.log', content: Array.from({ length: 20_000 }, (_, i) => line(i + 3)).join('') },
    ])));
    big = join(dir, 'big.tar.gz');
    await writeFile(big, gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log', content: Array.from({ length: 1_000_000 }, (_, i) => line(i)).join('') }]), { level: 1 }));
  });
  afterAll(async () => {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  });

  const job = (members: GrepMembersJob['members']): GrepMembersJob => ({ pattern: 'needle', regex: false, ignoreCase: false, context: 1, members, maxLines: 20_000, maxChars: 8 * 2 ** 20 });

  it('finds what the pass in this thread finds, and lets its worker go', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    try {
      const inWorker: GrepHit[] = [];
      const inThread: GrepHit[] = [];
      const wanted = job([{ name: 'n/var/log/b.log', nth: 0 }]);
      const got = await pool.grepMembers(file, wanted, { onHits: (h) => inWorker.push(...h) });
      await grepMembers(file, wanted, { onHits: (h) => inThread.push(...h) });
      expect(got).toEqual({ unread: 0, cut: false });
      expect(inWorker.length).toBe(12);
      expect(inWorker).toEqual(inThread);
      expect(terminate).toHaveBeenCalledTimes(1);
    } finally {
      terminate.mockRestore();
    }
  });

  it('terminates the worker when cancelled mid-pass', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    try {
      const controller = new AbortController();
      let last = 0;
      const pass = pool.grepMembers(big, job([{ name: 'n/var/log/lifekeeper.log', nth: 0 }]), {
        signal: controller.signal,
        onHits: () => undefined,
        onProgress: (p) => {
          last = p.bytesRead;
          if (p.bytesRead > 0) controller.abort();
        },
      });
      await expect(pass).rejects.toBeDefined();
      expect(terminate).toHaveBeenCalledTimes(1);
      expect(last).toBeGreaterThan(0);
    } finally {
      terminate.mockRestore();
    }
  });
});

type Nav = InstanceType<typeof LogNav>;

/** Polls a search's results until `until` holds of them (at most 60 s of polls, not a timing), every hit fetched. */
async function pollUntil(nav: Nav, id: string, until: (r: SearchResults) => boolean): Promise<SearchResults> {
  const hits: SearchResults['hits'] = [];
  for (let i = 0; i < 3000; i++) {
    const page = nav.results(id, hits.length);
    if (!page.ok) throw new Error(page.error.message.en);
    hits.push(...page.value.hits);
    const all = { ...page.value, hits: [...hits] };
    if (until(all)) return all;
    if (!page.value.hits.length) await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the search never got there');
}

describe('the search of the members held, in a worker', () => {
  let dir: string;
  let file: string;
  let hostile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lkanalyze-held-worker-'));
    file = join(dir, 'node.tar.gz');
    await writeFile(file, gzipSync(await makeTar([
      { name: 'n/var/log/a.log', content: Array.from({ length: 30_000 }, (_, i) => line(i)).join('') },
      { name: 'n/cmds/x.out', content: 'needle in a command\nnothing\nneedle again\n' },
      { name: 'n/var/log/storm.log', content: Array.from({ length: 25_000 }, (_, i) => `May 20 10:13:20 n x[1]: needle storm ${i}\n`).join('') },
      { name: 'n/var/log/messages.1.gz', content: gzipSync(Array.from({ length: 20_000 }, (_, i) => line(i + 11)).join('')) },
    ])));
    // Lines of 64 KiB of "a" between lines that match: `a*b` tries every start on them (seconds each), and
    // the first block holds the first hit, the first of them and the next hit.
    hostile = join(dir, 'hostile.tar.gz');
    const run = 'a'.repeat(64 * 1024 - 1);
    await writeFile(hostile, gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: 'May 20 10:13:20 n lcm[1]: INFO:lcm:::000000:quiet\n' },
      { name: 'n/var/log/hostile.log', content: `start ab\n${run}\nmid ab\n${`${run}\n`.repeat(6)}end ab\n` },
    ])));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const navOf = (path: string, inWorker: boolean): Nav => {
    const nav = new LogNav((id) => (id === 'a1' ? path : null), () => null, new StoreBudget(64 * 2 ** 20));
    if (inWorker) nav.heldPass = searchHeldInWorker;
    return nav;
  };

  it('finds what the search in this thread finds (context, regex, the search cut at its bounds), and lets its worker go', async () => {
    for (const [pattern, regex, context, truncated] of [['ERROR needle', false, 1, false], ['needle', false, 2, true], ['ne+dle (in|storm)', true, 0, true], ['needle', false, 0, true]] as const) {
      const here = navOf(file, false);
      const there = navOf(file, true);
      const terminate = vi.spyOn(Worker.prototype, 'terminate');
      try {
        const results: SearchResults[] = [];
        for (const nav of [here, there]) {
          const started = await nav.startSearch({ archives: ['a1'], pattern, regex, ignoreCase: false, context, member: null });
          if (!started.ok) throw new Error(started.error.message.en);
          results.push(await pollUntil(nav, started.value, (r) => r.done));
        }
        const [inThread, inWorker] = results as [SearchResults, SearchResults];
        expect(inWorker.hits.length, pattern).toBeGreaterThan(0);
        expect(inWorker.truncated, pattern).toBe(truncated);
        expect(inWorker).toEqual(inThread);
        // The worker that searched the members held, let go: the store holds them all, no pass over the archive.
        expect(terminate).toHaveBeenCalledTimes(1);
      } finally {
        terminate.mockRestore();
      }
    }
  });

  it('answers other channels while a regex is slow on a hostile line, and a cancel ends the search without waiting for the line', async () => {
    // Passes the backtracking checks (quadratic only in runs of "a"), then takes seconds per 64 KiB line of them.
    expect(compileMatcher({ pattern: 'a*b', regex: true, ignoreCase: false })).not.toHaveProperty('refused');
    const nav = navOf(hostile, true);
    const members = await nav.members('a1');
    if (!members.ok) throw new Error(members.error.message.en);
    const other = members.value.members.find((m) => m.name === 'n/var/log/lifekeeper.log');
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    try {
      const started = await nav.startSearch({ archives: ['a1'], pattern: 'a*b', regex: true, ignoreCase: false, context: 0, member: null });
      if (!started.ok) throw new Error(started.error.message.en);
      // The first hit comes while its block is still searched: in this thread it would come with the next one,
      // line 3, once the 64 KiB line between them is done.
      const first = await pollUntil(nav, started.value, (r) => r.hits.length > 0);
      expect(first.hits.map((h) => `${h.line}:${h.text}`)).toEqual(['1:start ab']);
      expect(first.done).toBe(false);
      // Meanwhile the host answers.
      const lines = await nav.lines(other?.id ?? '', 1, 10);
      expect(lines.ok && lines.value.lines.map((l) => l.line)).toEqual([1]);
      expect((await nav.members('a1')).ok).toBe(true);
      const still = nav.results(started.value, 0);
      expect(still.ok && still.value).toMatchObject({ done: false, hits: [{ line: 1 }] });
      // A cancel ends it at once: the worker is terminated in the middle of the line.
      expect(nav.cancelSearch(started.value)).toBe(true);
      const ended = await pollUntil(nav, started.value, (r) => r.done);
      expect(ended.hits.map((h) => h.line)).toEqual([1]);
      expect(ended.error).toBe(null);
      expect(terminate).toHaveBeenCalledTimes(1);
    } finally {
      terminate.mockRestore();
    }
  });
});
