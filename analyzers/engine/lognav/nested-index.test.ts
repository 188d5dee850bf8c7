// Members of archives inside the archive and of zip containers, past the log
// view's budget, read again through an index of every level (issue 18): a
// node .tar.gz in a .tar.gz, node archives in a zip (deflated, stored, with a
// data descriptor, zip64 sizes, a local extra field of its own), a plain .tar
// in a zip, three levels deep; what the index costs; and a zip whose
// offsets, lengths or CRC lie, or a nested gzip cut short, say so or leave
// the member unindexed, never throw or hang.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource } from '../archive/gzip-index.js';
import type { ZipTestEntry } from '../plugin/testing.js';
import { hexNoise, makeTar, makeZip } from '../plugin/testing.js';
import { ArchiveStore, StoreBudget, keepArchive } from './member-store.js';
import type { ArchiveIndex } from './member-index.js';
import { LevelReader, levelsBytes } from './member-index.js';
import { walkArchive } from './walk.js';

let dir: string;
/** About 8 MB of log per node: past the 4 MiB between checkpoints. */
const N = 70_000;
const M = 60_000;
const at = (i: number): string => {
  const s = Math.floor(i / 2);
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
/** Hex that deflate cannot shrink much: the logs stay past a budget of a MiB or two. */
const noise = (i: number, node: number): string => hexNoise(i, node, 3);
const logLine = (node: number, i: number): string => `May 20 ${at(i)} lk-node${node} lcm[1402]: ${i % 6007 === 6006 ? 'ERROR' : 'INFO'}:lcm:::000000:line ${i + 1} ${'x'.repeat(i % 61)} ${noise(i, node)}`;
const rotLine = (node: number, i: number): string => `May 19 ${at(i)} lk-node${node} kernel: rotated ${i + 1} ${'y'.repeat(i % 37)} ${noise(i, node + 7)}`;
const MTIME = new Date('2024-05-21T00:00:00Z');

async function nodeTar(node: number): Promise<Buffer> {
  return makeTar([
    { name: `node${node}/var/log/lifekeeper.log`, content: `${Array.from({ length: N }, (_, i) => logLine(node, i)).join('\n')}\n`, mtime: MTIME },
    { name: `node${node}/var/log/messages.1.gz`, content: gzipSync(`${Array.from({ length: M }, (_, i) => rotLine(node, i)).join('\n')}\n`), mtime: MTIME },
    { name: `node${node}/cmd/hostname`, content: `lk-node${node}\n` },
  ]);
}

/** A zip with deflated (the default here) or stored entries, descriptors, zip64 sizes, and lies where asked. */
const zipOf = (entries: ReadonlyArray<Omit<ZipTestEntry, 'content'> & { data: Buffer }>): Buffer =>
  makeZip(entries.map(({ data, ...e }) => ({ method: 8, ...e, content: data })));

const nodes: Buffer[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-nested-index-'));
  for (const n of [1, 2, 3]) nodes.push(await nodeTar(n));
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A store kept within `bytes` (blocks and index), its bytes charged as LogNav charges them. */
async function storeOf(name: string, bytes: Buffer, budget = 1.5 * 2 ** 20): Promise<{ store: ArchiveStore; index: ArchiveIndex | null; held: number }> {
  const file = join(dir, name);
  await writeFile(file, bytes);
  const made = await keepArchive(file, budget);
  const account = new StoreBudget(budget);
  expect(account.hold(made.held)).toBe(true);
  return { store: ArchiveStore.of(file, made, account), index: made.index ?? null, held: made.held };
}

const find = (store: ArchiveStore, name: string): number => {
  const i = store.members.findIndex((m) => m.name === name);
  expect(i, name).toBeGreaterThanOrEqual(0);
  return i;
};

/** Any line of a node's two logs, read from the store, is the line written. */
function expectReadable(store: ArchiveStore, prefix: string, node: number): void {
  const lk = find(store, `${prefix}node${node}/var/log/lifekeeper.log`);
  const rot = find(store, `${prefix}node${node}/var/log/messages.1.gz`);
  expect(store.members[lk]).toMatchObject({ indexed: true, lines: N, notKept: 'over-budget' });
  expect(store.members[rot]).toMatchObject({ indexed: true, lines: M });
  expect(store.isKept(lk)).toBe(false);
  expect(store.isViewable(lk)).toBe(true);
  for (const from of [1, 33_333, 50_001, N - 2]) expect(store.lines(lk, from, 3).map((l) => l.text)).toEqual([0, 1, 2].map((k) => logLine(node, from - 1 + k)));
  for (const from of [1, 45_678, M]) expect(store.lines(rot, from, 1).map((l) => l.text)).toEqual([rotLine(node, from - 1)]);
  expect(store.nextProblem(lk, 1, 1)).toBe(6007);
  expect(store.nextProblem(lk, 60_000, -1)).toBe(9 * 6007);
  // 05:00:00 is second 18,000: line 36,001.
  expect(store.lineAtTime(lk, Date.UTC(2024, 4, 20, 5, 0, 0))).toBe(36_001);
}

describe('members of archives inside, past the budget, read again through every level of the index', () => {
  it('a node .tar.gz inside a .tar.gz (a ticket of node archives): any line, next error, line at a time', async () => {
    const outer = gzipSync(await makeTar([
      { name: 'ticket/node1.tar.gz', content: gzipSync(nodes[0] as Buffer, { level: 6 }) },
      { name: 'ticket/node2.tar.gz', content: gzipSync(nodes[1] as Buffer, { level: 1 }) },
    ]), { level: 6 });
    const { store, index } = await storeOf('ticket.tar.gz', outer);
    expectReadable(store, 'ticket/node1.tar.gz » ', 1);
    expectReadable(store, 'ticket/node2.tar.gz » ', 2);
    // The tar stream, then each node archive's gzip in it.
    expect(index?.levels.map((l) => l.parent)).toEqual([-1, 0, 0]);
  }, 120_000);

  it('node archives in a zip: deflated, stored, with a data descriptor, zip64 sizes and a local extra field of its own', async () => {
    const zip = zipOf([
      { name: 'node1.tar.gz', data: gzipSync(nodes[0] as Buffer), method: 8, descriptor: true },
      { name: 'node2.tar.gz', data: gzipSync(nodes[1] as Buffer), method: 0, localExtra: 28 },
      { name: 'node3.tar', data: nodes[2] as Buffer, method: 8, zip64: true },
    ]);
    const { store, index } = await storeOf('ticket.zip', zip);
    expectReadable(store, 'node1.tar.gz » ', 1);
    expectReadable(store, 'node2.tar.gz » ', 2);
    expectReadable(store, 'node3.tar » ', 3);
    // The file; per deflated entry its deflate level and the node's gzip level (a stored entry: its bytes; a .tar: no gzip).
    const levels = index?.levels ?? [];
    expect(levels.map((l) => l.parent)).toEqual([-1, 0, 1, 0, 3, 0, 5]);
    expect(levels.map((l) => l.index !== null)).toEqual([false, true, true, false, true, true, false]);
  }, 120_000);

  it('three levels deep: a node .tar.gz in a .tar.gz in a zip entry deflated', async () => {
    const ticket = gzipSync(await makeTar([{ name: 'inner/node1.tar.gz', content: gzipSync(nodes[0] as Buffer) }]));
    const { store, index } = await storeOf('deep.zip', zipOf([{ name: 'ticket.tar.gz', data: ticket, method: 8 }]));
    expectReadable(store, 'ticket.tar.gz » inner/node1.tar.gz » ', 1);
    expect(index?.levels.map((l) => l.parent)).toEqual([-1, 0, 1, 2]);
  }, 120_000);

  it('keeps the index of every level small, its checkpoints pruned to those the indexed members need', async () => {
    const zip = zipOf(nodes.map((n, i) => ({ name: `node${i + 1}.tar.gz`, data: gzipSync(n), method: 8 as const })));
    const { index, held } = await storeOf('three.zip', zip);
    expect(index).not.toBeNull();
    const bytes = levelsBytes(index as ArchiveIndex);
    // Three nodes of ~13 MB of tar each: a few checkpoints a level (a 32 KiB window each, deflated).
    expect(bytes).toBeLessThan(600 * 1024);
    expect(held).toBeLessThanOrEqual(1.5 * 2 ** 20);
  }, 120_000);

  it('reads through two levels with the sources it made, at most four held at once', async () => {
    const zip = zipOf(nodes.map((n, i) => ({ name: `node${i + 1}.tar.gz`, data: gzipSync(n), method: 8 as const })));
    const { index } = await storeOf('reader.zip', zip);
    const file = fileSource(join(dir, 'reader.zip'), (index as ArchiveIndex).fileBytes);
    const reader = new LevelReader(index as ArchiveIndex, file, () => undefined);
    // Levels 2, 4 and 6: each node's tar stream, through its zip entry's deflate.
    for (const level of [2, 4, 6, 2, 6]) {
      const tar = reader.source(level);
      expect(tar.read(0, 6).toString('latin1')).toMatch(/^node\d/);
      expect(reader.held).toBeLessThanOrEqual(4);
    }
    reader.release(false);
    expect(reader.held).toBe(0);
  }, 120_000);
});

describe('a zip or an archive inside that lies or is cut: said, or not indexed; never thrown', () => {
  it('an entry whose CRC-32 does not match its bytes: its members are not indexed, the others are', async () => {
    const zip = zipOf([
      { name: 'node1.tar.gz', data: gzipSync(nodes[0] as Buffer), method: 8, crc: 0x12345678 },
      { name: 'node2.tar.gz', data: gzipSync(nodes[1] as Buffer), method: 8 },
    ]);
    const { store } = await storeOf('crc.zip', zip);
    const bad = store.members.findIndex((m) => m.name.startsWith('node1.tar.gz » ') && m.name.endsWith('lifekeeper.log'));
    if (bad >= 0) expect(store.members[bad]?.indexed).toBe(false);
    expectReadable(store, 'node2.tar.gz » ', 2);
  }, 120_000);

  it('an entry whose local header is not where the directory points, or whose data runs past the end: named, the others read', async () => {
    const good = { name: 'node2.tar.gz', data: gzipSync(nodes[1] as Buffer), method: 8 as const };
    for (const lie of [{ offset: 7 }, { offset: 0x7fffff00 }, { compressed: 0x7ffffff0 }]) {
      const zip = zipOf([{ name: 'node1.tar.gz', data: gzipSync(nodes[0] as Buffer), method: 8, ...lie }, good]);
      const file = join(dir, 'lie.zip');
      await writeFile(file, zip);
      const walked = await walkArchive(file, { member: () => null, nested: (_h, content) => ({ content, name: _h.path, done: () => undefined }), zipEntry: () => null });
      expect(walked.problem?.en ?? '').toMatch(/node1\.tar\.gz/);
      const { store } = await storeOf('lie.zip', zip);
      expect(store.members.some((m) => m.name.startsWith('node1.tar.gz » ') && m.indexed)).toBe(false);
      expectReadable(store, 'node2.tar.gz » ', 2);
    }
  }, 120_000);

  it('a node archive inside cut short: the members read whole before the cut are not indexed either, nothing thrown', async () => {
    const gz = gzipSync(nodes[0] as Buffer);
    const outer = gzipSync(await makeTar([
      { name: 'ticket/node1.tar.gz', content: gz.subarray(0, Math.floor(gz.length * 0.9)) },
      { name: 'ticket/node2.tar.gz', content: gzipSync(nodes[1] as Buffer) },
    ]));
    const { store } = await storeOf('cut.tar.gz', outer);
    expect(store.members.some((m) => m.name.startsWith('ticket/node1.tar.gz » ') && m.indexed)).toBe(false);
    expectReadable(store, 'ticket/node2.tar.gz » ', 2);
  }, 120_000);
});

describe('a rotated log followed by bytes that are not gzip (gzip: "decompression OK, trailing garbage ignored")', () => {
  it('is read whole, kept or indexed past the budget, and says how many bytes were ignored, in the words of the report', async () => {
    const tail = Buffer.from('GARBAGE\n'.repeat(10));
    const R = 2 * M;
    const said = { en: '80 bytes after the end of the gzip data were ignored (as gzip does); everything before them was read' };
    const archive = gzipSync(await makeTar([
      { name: 'node1/var/log/messages.1.gz', content: Buffer.concat([gzipSync(`${Array.from({ length: R }, (_, i) => rotLine(1, i)).join('\n')}\n`), tail]), mtime: MTIME },
      { name: 'node1/var/log/messages.2.gz', content: Buffer.concat([gzipSync(`${rotLine(2, 0)}\n`), Buffer.alloc(3), tail]), mtime: MTIME },
      { name: 'node1/var/log/messages.3.gz', content: Buffer.concat([gzipSync(`${rotLine(3, 0)}\n`), Buffer.alloc(300)]), mtime: MTIME },
      { name: 'node1/cmd/hostname', content: 'lk-node1\n' },
    ]));
    // A budget the large one passes (read again through the index) and one it fits in (kept by the analysis pass).
    for (const [budget, indexed] of [[2 ** 20, true], [64 * 2 ** 20, false]] as const) {
      const { store } = await storeOf(`trailing-${indexed}.tar.gz`, archive, budget);
      const big = find(store, 'node1/var/log/messages.1.gz');
      expect(store.members[big], `budget ${budget}`).toMatchObject({ lines: R, indexed, problem: said });
      expect(store.isViewable(big)).toBe(true);
      for (const from of [1, R]) expect(store.lines(big, from, 1).map((l) => l.text)).toEqual([rotLine(1, from - 1)]);
      const small = find(store, 'node1/var/log/messages.2.gz');
      expect(store.members[small]).toMatchObject({ lines: 1, problem: { en: said.en.replace('80', '83') } });
      expect(store.lines(small, 1, 1).map((l) => l.text)).toEqual([rotLine(2, 0)]);
      // Zeros after the data are padding: nothing to say.
      expect(store.members[find(store, 'node1/var/log/messages.3.gz')]).toMatchObject({ lines: 1, problem: null });
    }
  }, 120_000);
});
