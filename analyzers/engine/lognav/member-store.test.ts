// The store the log view reads from gives back every line as cat would, from
// any line on, across block boundaries; finds the next error or warning and
// the line at a time; keeps within its budget.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTar } from '../plugin/testing.js';
import { ARENA_BYTES, ArchiveStore, StoreBudget, StoreKeeper, blockStorage, keepArchive, keepPass } from './member-store.js';

let dir: string;
let archive: string;
const N = 20_000;
const line = (i: number): string => `May 20 ${String(10 + Math.floor(i / 3600)).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} lk-node1 lcm[1402]: ${i % 5000 === 4999 ? 'ERROR' : 'INFO'}:lcm:::000000:line ${i + 1} ${'x'.repeat(i % 50)}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-store-'));
  archive = join(dir, 'a.tar.gz');
  const log = Array.from({ length: N }, (_, i) => line(i)).join('\n');
  await writeFile(archive, gzipSync(await makeTar([
    { name: 'n/var/log/lifekeeper.log', content: `${log}\n`, mtime: new Date('2024-05-21T00:00:00Z') },
    { name: 'n/core', content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(100)]) },
    { name: 'n/var/log/long.log', content: `short\n${'y'.repeat(200_000)}\nend` },
  ])));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ArchiveStore', () => {
  it('gives back any range of lines as they were, across block boundaries, with log fields set apart', async () => {
    const store = await ArchiveStore.build(archive, new StoreBudget());
    const names = store.members.map((m) => `${m.kind}:${m.name}:${m.lines}`);
    expect(names).toEqual([`log:n/var/log/lifekeeper.log:${N}`, 'binary:n/core:null', 'log:n/var/log/long.log:3']);
    for (const from of [1, 777, 1500, 9999, N - 3]) {
      const got = store.lines(0, from, 50);
      expect(got.map((l) => l.line)).toEqual(Array.from({ length: Math.min(50, N - from + 1) }, (_, i) => from + i));
      expect(got.map((l) => l.text)).toEqual(got.map((l) => line(l.line - 1)));
    }
    const [first] = store.lines(0, 1, 1);
    expect(first).toMatchObject({ time: '2024-05-20T10:00:00', host: 'lk-node1', program: 'lcm', severity: 'INFO' });
    expect(store.lines(2, 1, 5).map((l) => l.text)).toEqual(['short', expect.stringMatching(/^y{2048}… \(\+197,952 bytes\)$/), 'end']);
  });

  it('finds the next and previous error, and the first line at a time', async () => {
    const store = await ArchiveStore.build(archive, new StoreBudget());
    expect(store.nextProblem(0, 1, 1)).toBe(5000);
    expect(store.nextProblem(0, 5000, 1)).toBe(10000);
    expect(store.nextProblem(0, 12000, -1)).toBe(10000);
    expect(store.nextProblem(0, 20000, 1)).toBe(null);
    expect(store.lineAtTime(0, Date.UTC(2024, 4, 20, 12, 0, 0))).toBe(7201);
  });

  it('keeps no member past its budget, and says which it did not keep', async () => {
    const store = await ArchiveStore.build(archive, new StoreBudget(1000));
    expect(store.members[0]?.notKept).toBe('over-budget');
    expect(store.isKept(0)).toBe(false);
    expect(store.heldBytes).toBeLessThanOrEqual(1000);
  });

  it('packs the blocks kept over the room a member past the budget left, in place: its arenas never hold a second copy', async () => {
    // Lines that deflate to about three quarters of their size: 2 MiB of text is about 1.5 MiB kept.
    const text = (mib: number): string => Array.from({ length: Math.ceil((mib * 2 ** 20) / 101) }, () => randomBytes(75).toString('base64')).join('\n');
    const a = text(2);
    const c = text(2);
    const file = join(dir, 'packed.tar.gz');
    await writeFile(file, gzipSync(await makeTar([
      { name: 'n/var/log/a.log', content: `${a}\n` },
      { name: 'n/var/log/b.log', content: `${text(16)}\n` },
      { name: 'n/var/log/c.log', content: `${c}\n` },
    ]), { level: 1 }));
    const budget = new StoreBudget(7 * 2 ** 20);
    const keeper = new StoreKeeper(budget);
    const made = await keepPass(file, keeper);
    const store = ArchiveStore.of(file, made, budget);
    expect(store.members.map((m) => m.notKept)).toEqual([null, 'over-budget', null]);
    // b filled two arenas before it went past the budget; c goes where b was (before, c took a third arena, and the kept blocks were then copied to new ones).
    expect(keeper.arenaPeak).toBeLessThanOrEqual(Math.ceil(budget.limit / ARENA_BYTES) * ARENA_BYTES);
    // What a block that did not fit at the end of an arena left there, at most.
    expect(made.arenas.reduce((n, x) => n + x.byteLength, 0) - made.held).toBeLessThan(256 * 1024);
    expect(budget.used).toBe(made.held);
    // Every block moved is read back as it was.
    const linesOf = (s: string): string[] => s.split('\n');
    for (const [index, want] of [[0, linesOf(a)], [2, linesOf(c)]] as const) {
      for (const from of [1, 5000, want.length - 10]) expect(store.lines(index, from, 10).map((l) => l.text)).toEqual(want.slice(from - 1, from + 9));
    }
  });

  it('puts every block in the storage it is given (made by the thread that holds the store), packing over a member past the budget there, and makes no arena of its own', async () => {
    const text = (mib: number): string => Array.from({ length: Math.ceil((mib * 2 ** 20) / 101) }, () => randomBytes(75).toString('base64')).join('\n');
    const a = text(1);
    const c = text(1);
    const file = join(dir, 'stored.tar.gz');
    await writeFile(file, gzipSync(await makeTar([
      { name: 'n/var/log/a.log', content: `${a}\n` },
      { name: 'n/var/log/b.log', content: `${text(6)}\n` },
      { name: 'n/var/log/c.log', content: `${c}\n` },
    ]), { level: 1 }));
    const budget = new StoreBudget(3 * 2 ** 20);
    // Larger than the budget, as a pass that indexes is given it (its whole allowance; its keeper's budget is less the index's reserve).
    const storage = blockStorage(budget.limit + 2 ** 20);
    const keeper = new StoreKeeper(budget, storage);
    const made = await keepPass(file, keeper);
    // b's blocks are packed over as soon as it goes past the budget, so c is written where they were: no page past the budget is touched.
    expect(keeper.storageReach).toBeLessThanOrEqual(budget.limit);
    // The one buffer given, whole (not copied to the blocks' size: the copy would be the keeper's thread's), and nothing else.
    expect(made.arenas).toEqual([storage]);
    expect(made.arenas[0]).toBe(storage);
    const store = ArchiveStore.of(file, made, budget);
    expect(store.members.map((m) => m.notKept)).toEqual([null, 'over-budget', null]);
    expect(budget.used).toBe(made.held);
    const linesOf = (s: string): string[] => s.split('\n');
    for (const [index, want] of [[0, linesOf(a)], [2, linesOf(c)]] as const) {
      for (const from of [1, 5000, want.length - 10]) expect(store.lines(index, from, 10).map((l) => l.text)).toEqual(want.slice(from - 1, from + 9));
    }
    // A pass of its own (keepArchive, as a worker runs it) puts its blocks in the storage too.
    const own = blockStorage(4 * 2 ** 20);
    const kept = await keepArchive(archive, 4 * 2 ** 20, { storage: own });
    expect(kept.arenas).toEqual([own]);
    expect(kept.arenas[0]).toBe(own);
    expect(ArchiveStore.of(archive, kept, new StoreBudget()).lines(0, 777, 1)[0]?.text).toBe(line(776));
  });

  it('gives up a member as soon as its first blocks say the rest cannot fit, and keeps one that its first blocks say fits', async () => {
    // Lines that deflate to about three quarters of their size.
    const text = (mib: number): string => Array.from({ length: Math.ceil((mib * 2 ** 20) / 101) }, () => randomBytes(75).toString('base64')).join('\n');
    const a = text(1);
    const c = text(4);
    const file = join(dir, 'projected.tar.gz');
    await writeFile(file, gzipSync(await makeTar([
      { name: 'n/var/log/a.log', content: `${a}\n` },
      // About 18 MiB deflated against 7 MiB of room: given up after its first MiB, not deflated until the budget runs out.
      { name: 'n/var/log/b.log', content: `${text(24)}\n` },
      // About 3 MiB deflated: fits the room b gave back.
      { name: 'n/var/log/c.log', content: `${c}\n` },
    ]), { level: 1 }));
    const budget = new StoreBudget(8 * 2 ** 20);
    const storage = blockStorage(budget.limit);
    const keeper = new StoreKeeper(budget, storage);
    const made = await keepPass(file, keeper);
    const store = ArchiveStore.of(file, made, budget);
    expect(store.members.map((m) => m.notKept)).toEqual([null, 'over-budget', null]);
    expect(store.members[1]?.lines).toBe(Math.ceil((24 * 2 ** 20) / 101));
    // a (0.75 MiB), then c (3 MiB) where b's few blocks were: before, b filled the storage to its budget (8 MiB) first.
    expect(keeper.storageReach).toBeLessThan(5.5 * 2 ** 20);
    const linesOf = (s: string): string[] => s.split('\n');
    for (const [index, want] of [[0, linesOf(a)], [2, linesOf(c)]] as const) {
      for (const from of [1, 5000, want.length - 10]) expect(store.lines(index, from, 10).map((l) => l.text)).toEqual(want.slice(from - 1, from + 9));
    }
  });

  it('does not deflate a member that cannot fit what the budget has left, but counts its lines', async () => {
    const log = Array.from({ length: 40_000 }, (_, i) => line(i)).join('\n');
    const file = join(dir, 'too-big.tar.gz');
    await writeFile(file, gzipSync(await makeTar([
      // About 3.6 MB of log lines: more than 20 times the room.
      { name: 'n/var/log/big.log', content: `${log}\n` },
      // A rotated log whose gzip alone is larger than the room.
      { name: 'n/var/log/messages-1.gz', content: gzipSync(Buffer.from(`${Array.from({ length: 5000 }, () => randomBytes(60).toString('base64')).join('\n')}\n`)) },
    ])));
    const budget = new StoreBudget(128 * 1024);
    const keeper = new StoreKeeper(budget);
    const store = ArchiveStore.of(file, await keepPass(file, keeper), budget);
    expect(store.members.map((m) => [m.notKept, m.lines])).toEqual([['over-budget', 40_000], ['over-budget', 5000]]);
    // Nothing was deflated into the arenas only to be dropped (before, the first member filled its room in a 4 MiB arena).
    expect(keeper.arenaPeak).toBe(0);
    expect(budget.used).toBe(0);
  });
});
