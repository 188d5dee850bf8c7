// The app's search over the members the log view does not hold runs in a
// worker of its own (WorkerPool.grepMembers, from the compiled engine in
// dist/, built before the tests): the same hits as in this thread, the worker
// let go after it, and a cancel that terminates it mid-pass.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTar } from '../../analyzers/engine/plugin/testing.js';
import type { GrepHit, GrepMembersJob } from '../../analyzers/engine/lognav/search.js';

const built = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(path)).href)) as T;
const { WorkerPool } = await built<typeof import('../../analyzers/engine/workers/in-worker.js')>('dist/analyzers/engine/workers/in-worker.js');
const { grepMembers } = await built<typeof import('../../analyzers/engine/lognav/search.js')>('dist/analyzers/engine/lognav/search.js');

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
