// The log view's store made from the analysis pass itself is the store a pass
// of its own makes (same members, same names inside a container, same
// lines), the analysis' report is unchanged by it, and an analysis without a
// tee keeps nothing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAnalyzers } from '../../registry.js';
import { makeTar } from '../plugin/testing.js';
import { analyzeArchive } from '../run/engine.js';
import { keepingTee } from './keep.js';
import { ArchiveStore, StoreBudget, StoreKeeper } from './member-store.js';

let dir: string;
let container: string;
const NOW = new Date('2026-01-01T00:00:00Z');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-keep-'));
  const node = async (host: string): Promise<Buffer> => gzipSync(await makeTar([
    { name: `${host}/var/log/lifekeeper.log`, content: Array.from({ length: 3000 }, (_, i) => `May 20 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} ${host} lcm[1]: ${i === 2000 ? 'ERROR' : 'INFO'}:lcm:::000000:line ${i + 1}`).join('\n') },
    { name: `${host}/var/log/lifekeeper.log.1.gz`, content: gzipSync('May 19 01:00:00 x lcm[9]: ERROR:lcm:::000002:older failure\n') },
    { name: `${host}/etc/default/LifeKeeper`, content: 'LKROOT=/opt/LifeKeeper\n' },
    { name: `${host}/notes.txt`, content: 'a file no analyzer reads\n' },
    { name: `${host}/core`, content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(100)]) },
  ]));
  container = join(dir, 'ticket.tar');
  await writeFile(container, await makeTar([
    { name: 'node1.tar.gz', content: await node('lk-node1') },
    { name: 'node2.tar.gz', content: await node('lk-node2') },
  ]));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('keeping from the analysis pass', () => {
  it('keeps what a pass of its own keeps, inside a container too, and leaves the analysis as it was', async () => {
    const { analyzers } = await loadAnalyzers();
    const alone = await ArchiveStore.build(container, new StoreBudget());
    const budget = new StoreBudget();
    const keeper = new StoreKeeper(budget);
    const plain = await analyzeArchive(container, { analyzers, now: NOW });
    const teed = await analyzeArchive(container, { analyzers, now: NOW, tee: keepingTee(keeper) });
    expect(JSON.stringify(teed)).toBe(JSON.stringify(plain));
    const made = await keeper.finish();
    const kept = ArchiveStore.of(container, made, budget);
    const view = (s: ArchiveStore): string[] => s.members.map((m) => `${m.kind}:${m.name}:${m.lines}:${m.notKept}`);
    expect(view(kept)).toEqual(view(alone));
    expect(kept.members.map((m) => m.name)).toContain('node2.tar.gz » lk-node2/notes.txt');
    const log = kept.members.findIndex((m) => m.name === 'node1.tar.gz » lk-node1/var/log/lifekeeper.log');
    expect(kept.lines(log, 2001, 1)[0]).toMatchObject({ line: 2001, severity: 'ERROR', problem: true });
    expect(kept.nextProblem(log, 1, 1)).toBe(2001);
    // Charged once, to the keeper's budget; the arenas hold nothing past their blocks.
    expect(budget.used).toBe(made.held);
    expect(made.arenas.reduce((n, a) => n + a.byteLength, 0)).toBe(made.held);
  });

  it('gives a member back to the budget whole when it does not fit, and keeps the ones after it', async () => {
    const { analyzers } = await loadAnalyzers();
    const keeper = new StoreKeeper(new StoreBudget(200));
    await analyzeArchive(container, { analyzers, now: NOW, tee: keepingTee(keeper) });
    const made = await keeper.finish();
    const store = ArchiveStore.of(container, made, new StoreBudget());
    expect(store.members.find((m) => m.name.endsWith('lk-node1/var/log/lifekeeper.log'))?.notKept).toBe('over-budget');
    expect(store.members.find((m) => m.name.endsWith('lk-node1/notes.txt'))).toMatchObject({ notKept: null, lines: 1 });
    expect(made.arenas.reduce((n, a) => n + a.byteLength, 0)).toBe(made.held);
  });

  it('says why a member could not be read: a rotated log whose gzip is broken is listed with its problem and no lines', async () => {
    const broken = join(dir, 'broken.tar.gz');
    const good = gzipSync('May 19 01:00:00 x lcm[9]: ERROR:lcm:::000002:older failure\n');
    await writeFile(broken, gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log.1.gz', content: Buffer.concat([good.subarray(0, 10), Buffer.from('not deflate data at all')]) },
      { name: 'n/var/log/lifekeeper.log', content: 'May 20 10:00:00 x lcm[1]: INFO:lcm:::000000:fine\n' },
    ])));
    const { analyzers } = await loadAnalyzers();
    const keeper = new StoreKeeper(new StoreBudget());
    await analyzeArchive(broken, { analyzers, now: NOW, tee: keepingTee(keeper) });
    const store = ArchiveStore.of(broken, await keeper.finish(), new StoreBudget());
    const rotated = store.members.find((m) => m.name.endsWith('lifekeeper.log.1.gz'));
    expect(rotated?.problem?.en).toBeTruthy();
    expect(rotated?.problem?.ja).toBeTruthy();
    expect(rotated?.lines ?? 0).toBe(0);
    expect(store.members.find((m) => m.name.endsWith('lifekeeper.log'))).toMatchObject({ problem: null, lines: 1 });
  });
});
