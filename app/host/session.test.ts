import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../analyzers/engine/report/report.js';
import { makeTar } from '../../analyzers/engine/plugin/testing.js';
import { KeptReport, Session } from './session.js';
import { collectGarbage } from '../../analyzers/engine/workers/collect.js';
import { youngGrowthPaused } from '../../analyzers/engine/workers/heap-tuning.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-session-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the session both hosts share', () => {
  it('runs the rule packs it is set to, and says so in the report', async () => {
    const pack = join(dir, 'pack');
    await import('node:fs/promises').then((fs) => fs.mkdir(pack));
    await writeFile(join(pack, 'pack.json'), JSON.stringify({ name: 'desk-pack', version: '3' }));
    const session = new Session({ version: 'test' });
    session.setRulePackDirs([pack]);
    const [ref] = await session.add(['samples/healthy-shared-disk-node1.tar.gz']);
    const r = await session.analyze([ref?.id ?? ''], () => undefined);
    expect(r.ok && r.value.rulePacks.map((p) => p.name)).toEqual(['lkanalyze-built-in', 'desk-pack']);
    // Names, not the host's paths, go to the renderer.
    expect(r.ok && r.value.archives[0]?.file).toBe('healthy-shared-disk-node1.tar.gz');
  });

  it('stops an analysis when cancelled, and refuses a second one while one runs', async () => {
    const big = join(dir, 'big.tar.gz');
    const line = 'May 20 10:13:20 n x[1]: INFO:lcd:::000000:filler line of a long log to keep the reader busy\n';
    await writeFile(big, gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log', content: line.repeat(600_000) }]), { level: 1 }));
    const session = new Session({ version: 'test', progressIntervalMs: 0 });
    const [ref] = await session.add([big]);
    let progressed = 0;
    const running = session.analyze([ref?.id ?? ''], () => {
      progressed++;
    });
    const second = await session.analyze([ref?.id ?? ''], () => undefined);
    expect(second).toMatchObject({ ok: false, error: { code: 'busy' } });
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    expect(session.cancel()).toBe(true);
    const r = await running;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(progressed).toBeGreaterThan(0);
    expect(session.cancel()).toBe(false);
  });

  it('keeps the last report as deflated text, read back whole for an export, and collects the copies once it is handed over', async () => {
    let collected = 0;
    const session = new Session({ version: 'test', collectGarbage: () => collected++ });
    const [ref] = await session.add(['samples/split-brain-node1.tar.gz']);
    const r = await session.analyze([ref?.id ?? ''], () => undefined);
    if (!r.ok) throw new Error(r.error.message.en);
    // Not collected while the host may still be sending the report (it has it only once analyze returns).
    expect(collected).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(collected).toBe(1);
    const kept = session.report;
    expect(kept).toEqual(JSON.parse(JSON.stringify(r.value)));
    // Not the object the analysis made: the session holds none.
    expect(kept).not.toBe(r.value);
    expect(new KeptReport(r.value).bytes).toBeLessThan(JSON.stringify(r.value).length / 3);
  });

  it('keeps a large report without making one string of any field, and reads it back as the same JSON', () => {
    const events = Array.from({ length: 20_000 }, (_, i) => ({ kind: 'quickcheck-timeout', title: { en: `quickCheck of "fs-${i}" timed out`, ja: `"fs-${i}" の quickCheck がタイムアウト` }, evidence: [{ path: 'var/log/lifekeeper.log', line: i + 1, text: 'x'.repeat(80) }] }));
    const report = { schema: 'lkanalyze/report@4', nodes: [{ hostname: 'n', timeline: { events, dropped: 0 } }], findings: [], notes: undefined } as unknown as Report;
    const whole = JSON.stringify(report);
    const stringify = JSON.stringify.bind(JSON);
    let longest = 0;
    const spy = vi.spyOn(JSON, 'stringify').mockImplementation((...args: Parameters<typeof JSON.stringify>) => {
      const out = stringify(...args) as string | undefined;
      longest = Math.max(longest, out?.length ?? 0);
      return out as string;
    });
    let kept: KeptReport;
    try {
      kept = new KeptReport(report);
    } finally {
      spy.mockRestore();
    }
    expect(whole.length).toBeGreaterThan(4_000_000);
    expect(longest).toBeLessThan(100_000);
    expect(JSON.stringify(kept.read())).toBe(whole);
    expect(kept.bytes).toBeLessThan(whole.length / 10);
  });

  it("holds the young generation's size once a large archive is read, and after it until the next analysis; not after a small one", async () => {
    // The sample counts as large here (it is 100 MB and more in the app).
    const analyzed = async (session: Session): Promise<{ first: boolean; seen: boolean[]; after: boolean; later: boolean }> => {
      const [ref] = await session.add(['samples/split-brain-node1.tar.gz']);
      const seen: boolean[] = [];
      const running = session.analyze([ref?.id ?? ''], (p) => {
        if (p.done === p.of) seen.push(youngGrowthPaused());
      });
      // As it starts (before its first await), before any archive is read.
      const first = youngGrowthPaused();
      const r = await running;
      expect(r.ok).toBe(true);
      // Held while the host sends the report (it has it only once analyze returns), and after a large archive, held on.
      const after = youngGrowthPaused();
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { first, seen, after, later: youngGrowthPaused() };
    };
    const session = new Session({ version: 'test', progressIntervalMs: 0, collectGarbage: () => undefined, largeArchiveBytes: 1 });
    const large = await analyzed(session);
    expect(large.seen.length).toBeGreaterThan(0);
    expect(large.seen.every(Boolean)).toBe(true);
    expect([large.after, large.later]).toEqual([true, true]);
    // The next analysis reads with the young generation V8 gives it: the hold ends when it starts.
    const again = await analyzed(session);
    expect(again.first).toBe(false);
    expect(again.later).toBe(true);
    const small = new Session({ version: 'test', progressIntervalMs: 0, collectGarbage: () => undefined, largeArchiveBytes: 2 ** 40 });
    // Still held by the first session (the flag is the process's): let go here.
    (session as unknown as { heldYoung: (() => void) | null }).heldYoung?.();
    const done = await analyzed(small);
    expect([done.first, ...done.seen, done.after, done.later].some(Boolean)).toBe(false);
  });

  it('can collect garbage in this process', () => {
    expect(collectGarbage()).toBe(true);
  });
});
