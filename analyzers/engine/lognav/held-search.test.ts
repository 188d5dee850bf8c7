// The search of the blocks the log view holds finds what `lkanalyze grep`
// finds in the same members (line numbers, context, "--" between groups),
// whatever the blocks are batched into; stops at the search's room; and, in
// this thread, collects its garbage every so many bytes it inflated.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTar } from '../plugin/testing.js';
import type { HeldBlock, HeldSearchJob } from './held-search.js';
import { HeldSearcher, searchHeldHere } from './held-search.js';
import { compileMatcher } from './matcher.js';
import { ArchiveStore, StoreBudget } from './member-store.js';
import type { GrepHit } from './search.js';
import { grepArchive } from './search.js';

let dir: string;
let archive: string;
const line = (i: number, every: number): string => `May 20 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} n app[1]: ${i % every === 7 ? 'ERROR needle' : 'INFO'} line ${i} ${'x'.repeat(i % 70)}`;
const log = (count: number, every: number): string => `${Array.from({ length: count }, (_, i) => line(i, every)).join('\n')}\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-held-'));
  archive = join(dir, 'a.tar.gz');
  await writeFile(archive, gzipSync(await makeTar([
    { name: 'n/var/log/big.log', content: log(40_000, 997) },
    { name: 'n/core', content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(100)]) },
    { name: 'n/var/log/small.log', content: log(30, 9) },
    { name: 'n/cmds/x.out', content: 'needle in a command\nno\nneedle again' },
    { name: 'n/var/log/messages.1.gz', content: gzipSync(log(20_000, 499)) },
  ])));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const job = (pattern: string, regex: boolean, context: number, room = { maxLines: 1e9, maxChars: 1e12 }): HeldSearchJob => ({ pattern, regex, ignoreCase: false, context, ...room });

/** Each member's output as grep -n prints it, "--" for gaps. */
function printed(names: readonly { name: string }[], hits: GrepHit[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const h of hits) {
    const out = by.get(names[h.member]?.name ?? '') ?? by.set(names[h.member]?.name ?? '', []).get(names[h.member]?.name ?? '') ?? [];
    if (h.gap) out.push('--');
    out.push(`${h.line}${h.match ? ':' : '-'}${h.text}`);
  }
  return by;
}

async function grepped(pattern: string, regex: boolean, context: number): Promise<Map<string, string[]>> {
  const matcher = compileMatcher({ pattern, regex, ignoreCase: false });
  if ('refused' in matcher) throw new Error(matcher.refused.en);
  const by = new Map<string, string[]>();
  await grepArchive(archive, { matcher, context, members: null }, {
    line: (m, l) => (by.get(m) ?? by.set(m, []).get(m))?.push(`${l.line}${l.match ? ':' : '-'}${l.text}`),
    gap: (m) => by.get(m)?.push('--'),
  });
  return by;
}

describe('the search of the held blocks', () => {
  it('finds what lkanalyze grep finds in the same members, context and gaps included, however its blocks are batched', async () => {
    const store = await ArchiveStore.build(archive, new StoreBudget());
    for (const [pattern, regex, context] of [['needle', false, 0], ['needle', false, 2], ['ERROR ne+dle', true, 1]] as const) {
      const expected = await grepped(pattern, regex, context);
      const hits: GrepHit[] = [];
      await searchHeldHere(() => store.heldBlocks(() => true), job(pattern, regex, context), { onHits: (h) => hits.push(...h) });
      expect(printed(store.members, hits)).toEqual(expected);
      // Batched differently: one block at a time through a searcher of its own, flushed after each.
      const matcher = compileMatcher({ pattern, regex, ignoreCase: false });
      if ('refused' in matcher) throw new Error('refused');
      const one: GrepHit[] = [];
      const searcher = new HeldSearcher(matcher, job(pattern, regex, context), (h) => one.push(...h));
      for (const b of store.heldBlocks(() => true)) {
        searcher.block(b);
        searcher.flush();
      }
      searcher.end();
      expect(one).toEqual(hits);
    }
  });

  it('reads only the members asked for, and stops at its room (lines, then characters)', async () => {
    const store = await ArchiveStore.build(archive, new StoreBudget());
    const onlySmall = (_i: number, m: { name: string }): boolean => m.name.endsWith('small.log');
    const blocks: HeldBlock[] = [...store.heldBlocks(onlySmall)];
    expect(new Set(blocks.map((b) => store.members[b.member]?.name))).toEqual(new Set(['n/var/log/small.log']));
    expect(blocks.at(-1)?.last).toBe(true);
    const byLines: GrepHit[] = [];
    expect(await searchHeldHere(() => store.heldBlocks(() => true), job('INFO', false, 0, { maxLines: 1234, maxChars: 1e12 }), { onHits: (h) => byLines.push(...h) })).toEqual({ cut: true });
    expect(byLines).toHaveLength(1234);
    const byChars: GrepHit[] = [];
    expect(await searchHeldHere(() => store.heldBlocks(() => true), job('INFO', false, 0, { maxLines: 1e9, maxChars: 10_000 }), { onHits: (h) => byChars.push(...h) })).toEqual({ cut: true });
    const chars = byChars.reduce((n, h) => n + h.text.length, 0);
    expect(chars).toBeGreaterThanOrEqual(10_000);
    expect(chars - (byChars.at(-1)?.text.length ?? 0)).toBeLessThan(10_000);
  });

  it('in this thread, collects its garbage every so many bytes it inflates, and stops when its signal aborts', async () => {
    const store = await ArchiveStore.build(archive, new StoreBudget());
    let collected = 0;
    const hits: GrepHit[] = [];
    await searchHeldHere(() => store.heldBlocks((_i, m) => m.name.endsWith('big.log')), job('needle', false, 0), { onHits: (h) => hits.push(...h) }, { bytes: 256 * 1024, collect: () => collected++ });
    expect(hits.map((h) => h.line)).toEqual(Array.from({ length: 41 }, (_, i) => 8 + i * 997));
    // About 3.4 MB of text in blocks of 128 KiB: a collection every second block.
    expect(collected).toBeGreaterThanOrEqual(10);
    const stopped = new AbortController();
    stopped.abort();
    const none: GrepHit[] = [];
    await searchHeldHere(() => store.heldBlocks(() => true), job('needle', false, 0), { signal: stopped.signal, onHits: (h) => none.push(...h) });
    expect(none).toEqual([]);
  });
});
