// Members past the log view's budget, read again from the archive through
// its index (issue 18): any line of a plain member and of a rotated .gz
// member as the archive holds it, the next error, the line at a time and the
// lines by time; a plain .tar; what the index costs; a corrupt rotated log, a
// file changed since, and a process without zlib's internals (no index, as
// before) say so instead of failing.
import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setBlockInflater } from '../archive/gzip-index.js';
import { makeTar } from '../plugin/testing.js';
import { ArchiveChangedError, ArchiveStore, StoreBudget, keepArchive } from './member-store.js';
import { PIECE_BYTES, PieceWriter } from './member-index.js';
import { readMemberLines } from './search.js';

let dir: string;
let tgz: string;
let plain: string;
/** About 12 MB of log: past the 4 MiB between checkpoints, so reads start from checkpoints inside the archive's gzip. */
const N = 110_000;
const M = 200_000;
/** Two lines a second: the log's 110,000 lines span about 15 hours of one day. */
const at = (i: number): string => {
  const s = Math.floor(i / 2);
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const logLine = (i: number): string => `May 20 ${at(i)} lk-node1 lcm[1402]: ${i % 7919 === 7918 ? 'ERROR' : 'INFO'}:lcm:::000000:line ${i + 1} ${'x'.repeat(i % 61)} ${(i * 2654435761) % 1000003}`;
const rotLine = (i: number): string => `May 19 ${at(i)} lk-node1 kernel: rotated ${i + 1} ${'y'.repeat(i % 37)}`;
const log = Array.from({ length: N }, (_, i) => logLine(i)).join('\n');
const rotated = `${Array.from({ length: M }, (_, i) => rotLine(i)).join('\n')}\n`;
const MTIME = new Date('2024-05-21T00:00:00Z');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-index-'));
  const members = [
    { name: 'n/var/log/lifekeeper.log', content: `${log}\n`, mtime: MTIME },
    { name: 'n/var/crash/core', content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(300_000, 7)]) },
    { name: 'n/var/log/messages.1.gz', content: gzipSync(rotated, { level: 6 }), mtime: MTIME },
    { name: 'n/var/log/short.log', content: 'one\ntwo\nthree without newline', mtime: MTIME },
  ];
  const tar = await makeTar(members);
  tgz = join(dir, 'a.tar.gz');
  plain = join(dir, 'a.tar');
  await writeFile(tgz, gzipSync(tar, { level: 6 }));
  await writeFile(plain, tar);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => setBlockInflater(undefined));

/** A store kept within `bytes` (blocks and index), its bytes charged as LogNav charges them. */
async function storeOf(file: string, bytes: number): Promise<{ store: ArchiveStore; held: number }> {
  const made = await keepArchive(file, bytes);
  const budget = new StoreBudget(bytes);
  expect(budget.hold(made.held)).toBe(true);
  return { store: ArchiveStore.of(file, made, budget), held: made.held };
}

const index = (store: ArchiveStore, suffix: string): number => store.members.findIndex((m) => m.name.endsWith(suffix));

describe('members read again through the archive index', () => {
  it('opens a member past the budget at any line, as the archive holds it, plain and rotated .gz alike', async () => {
    // 1.5 MiB: the small members are kept as blocks; the log and the rotated log (about 1.4 and 1.3 MiB deflated) are not.
    const { store, held } = await storeOf(tgz, 1.5 * 2 ** 20);
    expect(held).toBeLessThanOrEqual(1.5 * 2 ** 20);
    const lk = index(store, 'lifekeeper.log');
    const rot = index(store, 'messages.1.gz');
    for (const i of [lk, rot]) {
      expect(store.members[i]).toMatchObject({ notKept: 'over-budget', indexed: true });
      // Not held in memory (the search reads it by a pass of its own), but viewable.
      expect(store.isKept(i)).toBe(false);
      expect(store.isViewable(i)).toBe(true);
    }
    expect(store.members[lk]?.lines).toBe(N);
    expect(store.members[rot]?.lines).toBe(M);
    for (const from of [1, 2, 999, 40_000, 77_777, 101_234, N - 5]) {
      const got = store.lines(lk, from, 100);
      expect(got.map((l) => l.line)).toEqual(Array.from({ length: Math.min(100, N - from + 1) }, (_, k) => from + k));
      expect(got.map((l) => l.text)).toEqual(got.map((l) => logLine(l.line - 1)));
    }
    expect(store.lines(lk, 9, 1)[0]).toMatchObject({ time: '2024-05-20T00:00:04', program: 'lcm', severity: 'INFO' });
    for (const from of [1, 130_001, M - 1]) expect(store.lines(rot, from, 3).map((l) => l.text)).toEqual([from, from + 1, from + 2].filter((n) => n <= M).map((n) => rotLine(n - 1)));
    expect(store.lines(rot, M + 1, 10)).toEqual([]);
    // Its read buffers let go (as a search does first), the members read again as before.
    store.letGoOfReads();
    expect(store.lines(rot, 130_001, 2).map((l) => l.text)).toEqual([rotLine(130_000), rotLine(130_001)]);
    expect(store.lines(lk, 77_777, 2).map((l) => l.text)).toEqual([logLine(77_776), logLine(77_777)]);
  });

  it('finds the next error, the line at a time and the lines by time in an indexed member', async () => {
    const { store } = await storeOf(tgz, 1.5 * 2 ** 20);
    const lk = index(store, 'lifekeeper.log');
    expect(store.members[lk]?.indexed).toBe(true);
    expect(store.nextProblem(lk, 1, 1)).toBe(7919);
    expect(store.nextProblem(lk, 7919, 1)).toBe(2 * 7919);
    expect(store.nextProblem(lk, 100_000, -1)).toBe(12 * 7919);
    // 05:00:00 is second 18,000: lines 36,001 and 36,002.
    expect(store.lineAtTime(lk, Date.UTC(2024, 4, 20, 5, 0, 0))).toBe(36_001);
    const timed = store.timed(lk, Date.UTC(2024, 4, 20, 5, 0, 0), Date.UTC(2024, 4, 20, 5, 0, 4), 100, () => true);
    expect(timed.lines.map((l) => l.line)).toEqual(Array.from({ length: 10 }, (_, k) => 36_001 + k));
  });

  it('reads a plain .tar by its offsets alone', async () => {
    const { store } = await storeOf(plain, 1.5 * 2 ** 20);
    const lk = index(store, 'lifekeeper.log');
    expect(store.members[lk]).toMatchObject({ indexed: true, lines: N });
    expect(store.lines(lk, 54_321, 2).map((l) => l.text)).toEqual([logLine(54_320), logLine(54_321)]);
    const rot = index(store, 'messages.1.gz');
    expect(store.lines(rot, M, 1).map((l) => l.text)).toEqual([rotLine(M - 1)]);
  });

  it('keeps the index small: checkpoints of the core dump and of members kept as blocks are let go', async () => {
    const { store, held } = await storeOf(tgz, 1.5 * 2 ** 20);
    const indexed = store.members.filter((m) => m.indexed).length;
    expect(indexed).toBe(2);
    // Blocks of the small members, the tar stream's few checkpoints (a 32 KiB window each, deflated) and the pieces.
    expect(held).toBeLessThan(2 ** 20);
  });

  it('says a member of an archive changed on disk since cannot be read again, instead of showing other bytes', async () => {
    const copy = join(dir, 'changed.tar.gz');
    const { readFile } = await import('node:fs/promises');
    await writeFile(copy, await readFile(tgz));
    const { store } = await storeOf(copy, 1.5 * 2 ** 20);
    const lk = index(store, 'lifekeeper.log');
    expect(store.lines(lk, 10, 1).map((l) => l.text)).toEqual([logLine(9)]);
    await utimes(copy, new Date(), new Date(Date.now() + 60_000));
    expect(() => store.lines(lk, 60_000, 1)).toThrow(ArchiveChangedError);
  });

  it('does not index a rotated log whose gzip is corrupt: it says why, and the rest is read', async () => {
    const gz = gzipSync(rotated);
    for (let i = 5000; i < 5100; i++) gz[i] = (gz[i] ?? 0) ^ 0x5a;
    const file = join(dir, 'corrupt.tar.gz');
    await writeFile(file, gzipSync(await makeTar([
      { name: 'n/var/log/messages.1.gz', content: gz, mtime: MTIME },
      { name: 'n/var/log/lifekeeper.log', content: `${log}\n`, mtime: MTIME },
    ])));
    const { store } = await storeOf(file, 1.2 * 2 ** 20);
    const rot = index(store, 'messages.1.gz');
    expect(store.members[rot]?.problem?.en).toMatch(/corrupt or truncated/);
    expect(store.members[rot]?.indexed).toBe(false);
    const lk = index(store, 'lifekeeper.log');
    expect(store.isViewable(lk)).toBe(true);
    expect(store.lines(lk, N, 1).map((l) => l.text)).toEqual([logLine(N - 1)]);
  });

  it('stops its own pass at the file\'s bound of logs read, as the analysis does: a rotated log compressed again by the archive around it', async () => {
    // 300 gzip members of 1 MiB of one line each (300 MiB) in a few KB of tar.gz: past MIN_READ_BYTES (256 MiB).
    const block = gzipSync(Buffer.from(`${rotLine(1)}\n`.repeat(Math.floor(2 ** 20 / (rotLine(1).length + 1)))), { level: 9 });
    const file = join(dir, 'double.tar.gz');
    await writeFile(file, gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: 'May 20 10:00:00 lk-node1 lcm[1]: INFO:lcm:::000000:up\n', mtime: MTIME },
      { name: 'n/var/log/messages.1.gz', content: Buffer.concat(Array.from({ length: 300 }, () => block)), mtime: MTIME },
    ]), { level: 9 }));
    expect((await stat(file)).size).toBeLessThan(16_384);
    const { store } = await storeOf(file, 1.2 * 2 ** 20);
    expect(store.members[index(store, 'messages.1.gz')]?.problem?.en).toMatch(/^reading stopped after 256\.0 MiB of logs and documents, .* for a file of [\d.]+ KiB: logs compressed once are at most about 1,100 times/);
  });

  it('keeps every line a rotated log cut by the end of the archive inflated to, as cat reads it', async () => {
    const whole = gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: `${log}\n`, mtime: MTIME },
      { name: 'n/var/log/messages.1.gz', content: gzipSync(rotated, { level: 6 }), mtime: MTIME },
    ]));
    // Cut inside the rotated log's bytes (the tar's last member): its gzip stops in the middle.
    const file = join(dir, 'cut.tar.gz');
    await writeFile(file, whole.subarray(0, Math.floor(whole.length * 0.97)));
    let cat = 0;
    await readMemberLines(file, 'n/var/log/messages.1.gz', null, () => cat++).catch(() => undefined);
    expect(cat).toBeGreaterThan(1000);
    const { store } = await storeOf(file, 64 * 2 ** 20);
    const rot = index(store, 'messages.1.gz');
    expect(store.members[rot]?.lines).toBe(cat);
  });

  it('indexes what comes before the damage of a cut archive: a member read whole before it opens at any line', async () => {
    const whole = gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: `${log}\n`, mtime: MTIME },
      { name: 'n/var/log/messages.1.gz', content: gzipSync(rotated, { level: 6 }), mtime: MTIME },
    ]));
    const file = join(dir, 'cut-before.tar.gz');
    await writeFile(file, whole.subarray(0, Math.floor(whole.length * 0.97)));
    const { store } = await storeOf(file, 1.2 * 2 ** 20);
    const lk = index(store, 'lifekeeper.log');
    expect(store.members[lk]?.indexed).toBe(true);
    expect(store.isViewable(lk)).toBe(true);
    expect(store.lines(lk, 1, 1).map((l) => l.text)).toEqual([logLine(0)]);
    expect(store.lines(lk, N, 1).map((l) => l.text)).toEqual([logLine(N - 1)]);
    // The member the cut went through has no place: it is not read again from bytes that are not there.
    expect(store.members[index(store, 'messages.1.gz')]?.indexed).toBe(false);
  });

  it('keeps as before where zlib internals are missing: no index, members past the budget not viewable, nothing thrown', async () => {
    setBlockInflater(null);
    // Without an index no room is set aside for one: a little less, so the log is still past the budget.
    const { store } = await storeOf(tgz, 1.2 * 2 ** 20);
    const lk = index(store, 'lifekeeper.log');
    expect(store.members[lk]).toMatchObject({ notKept: 'over-budget', indexed: false, lines: N });
    expect(store.isViewable(lk)).toBe(false);
    expect(store.lines(lk, 1, 10)).toEqual([]);
  });
});

describe('the pass of its own in a worker', () => {
  it('indexes there, and the index comes over with the blocks: the host reads any line of a member past the budget', async () => {
    // Worker threads run the compiled engine (dist/, built before the tests).
    const built = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(path)).href)) as T;
    const { WorkerPool } = await built<typeof import('../workers/in-worker.js')>('dist/analyzers/engine/workers/in-worker.js');
    const dist = await built<typeof import('./member-store.js')>('dist/analyzers/engine/lognav/member-store.js');
    const pool = new WorkerPool();
    try {
      const progress: number[] = [];
      const kept = await pool.keepMembers(tgz, 1.5 * 2 ** 20, { onProgress: (p) => progress.push(p.bytesRead) });
      expect(kept.index?.levels[0]?.index?.complete).toBe(true);
      const store = dist.ArchiveStore.of(tgz, kept, new dist.StoreBudget());
      const lk = index(store, 'lifekeeper.log');
      expect(store.members[lk]).toMatchObject({ indexed: true, lines: N });
      expect(store.lines(lk, 88_888, 2).map((l) => l.text)).toEqual([logLine(88_887), logLine(88_888)]);
      // Progress in bytes of the archive file, up to its size.
      expect(progress.length).toBeGreaterThan(0);
      expect(Math.max(...progress)).toBeLessThanOrEqual((await stat(tgz)).size);
    } finally {
      await pool.close();
    }
  });
});

describe('PieceWriter', () => {
  it('counts lines as the kept blocks do and cuts pieces at line starts, whatever the chunking', () => {
    const text = Buffer.from(`${Array.from({ length: 5000 }, (_, i) => `line ${i} ${'z'.repeat(i % 200)}`).join('\n')}\nlast`);
    for (const step of [1 << 20, 4096, 777]) {
      const w = new PieceWriter(MTIME);
      for (let i = 0; i < text.length; i += step) w.write(text.subarray(i, i + step));
      w.end();
      expect(w.lines).toBe(5001);
      expect(w.pieces.reduce((n, p) => n + p.count, 0)).toBe(5001);
      expect(w.pieces.reduce((n, p) => n + p.length, 0)).toBe(text.length);
      for (const p of w.pieces) {
        expect(p.offset === 0 || text[p.offset - 1] === 10).toBe(true);
        expect(p.length).toBeLessThan(PIECE_BYTES + 300);
        expect(text.subarray(p.offset, p.offset + p.length).toString().split('\n').filter((_, k, all) => k < all.length - 1 || all[k] !== '').length).toBe(p.count);
      }
    }
  });
});
