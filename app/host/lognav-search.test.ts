// The app's search across every text member (issue 18): the members the log
// view's store does not hold are read by a pass over the archive with
// `lkanalyze grep`'s engine, their hits merged into the same results, with
// the same line numbers as grep's; the search's bounds hold across both.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreBudget } from '../../analyzers/engine/lognav/member-store.js';
import { compileMatcher } from '../../analyzers/engine/lognav/matcher.js';
import type { GrepMembersJob, GrepMembersOptions } from '../../analyzers/engine/lognav/search.js';
import { grepArchive, grepMembers } from '../../analyzers/engine/lognav/search.js';
import { makeTar, makeZip } from '../../analyzers/engine/plugin/testing.js';
import type { SearchResults } from './lognav.js';
import { LogNav, MAX_SEARCH_CHARS, MAX_SEARCH_LINES } from './lognav.js';

const logLine = (i: number, word: string): string => `May 20 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} n app[1]: ${word} line ${i} of a generated log\n`;
const lines = (count: number, every: number, word = 'needle'): string => Array.from({ length: count }, (_, i) => logLine(i, i % every === 7 ? `${word} ERROR` : 'INFO')).join('');

/** Runs a search to its end (at most 20 s), noting what results() said on the way. */
async function searchToEnd(nav: LogNav, pattern: string, options: { regex?: boolean; ignoreCase?: boolean; context?: number; member?: string } = {}): Promise<{ results: SearchResults; seen: SearchResults[] }> {
  const started = await nav.startSearch({ archives: ['a1'], pattern, regex: options.regex ?? false, ignoreCase: options.ignoreCase ?? false, context: options.context ?? 0, member: options.member ?? null });
  if (!started.ok) throw new Error(started.error.message.en);
  const seen: SearchResults[] = [];
  const hits: SearchResults['hits'] = [];
  for (let i = 0; i < 2000; i++) {
    const page = nav.results(started.value, hits.length);
    if (!page.ok) throw new Error(page.error.message.en);
    seen.push(page.value);
    hits.push(...page.value.hits);
    if (page.value.done) return { results: { ...page.value, hits }, seen };
    if (!page.value.hits.length) await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the search did not end');
}

/** What `lkanalyze grep` finds: `member:line:text` of each line, by member. */
async function grepLines(file: string, pattern: string, context = 0, ignoreCase = false, regex = false): Promise<Map<string, string[]>> {
  const matcher = compileMatcher({ pattern, regex, ignoreCase });
  if ('refused' in matcher) throw new Error(matcher.refused.en);
  const by = new Map<string, string[]>();
  await grepArchive(file, { matcher, context, members: null }, {
    line: (member, l) => (by.get(member) ?? by.set(member, []).get(member))?.push(`${l.line}:${l.match ? '' : '-'}${l.text}`),
    gap: () => undefined,
  });
  return by;
}

const byMember = (hits: SearchResults['hits']): Map<string, string[]> => {
  const by = new Map<string, string[]>();
  for (const h of hits) (by.get(h.name) ?? by.set(h.name, []).get(h.name))?.push(`${h.line}:${h.match ? '' : '-'}${h.text}`);
  return by;
};

describe('the app search across every text member', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lkanalyze-search-'));
    file = join(dir, 'node.tar.gz');
    await writeFile(file, gzipSync(await makeTar([
      { name: 'n/var/log/small.log', content: lines(40, 20) },
      { name: 'n/var/log/big.log', content: lines(60_000, 997) },
      { name: 'n/var/log/core.bin', content: Buffer.from([0, 1, 2, 3, 0, 0, 0, 255, 254]) },
      { name: 'n/cmds/lcdstatus.out', content: 'needle in a command\nnothing\nneedle again\n' },
      { name: 'n/var/log/messages.1.gz', content: gzipSync(lines(30_000, 1499)) },
      { name: 'n/var/log/tail.log', content: lines(30, 10) },
    ])));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const nav = (budget: number): LogNav => new LogNav((id) => (id === 'a1' ? file : null), () => null, new StoreBudget(budget));

  it('finds the hits of the members not kept, with the line numbers lkanalyze grep gives, and reads them all', async () => {
    const n = nav(64 * 1024);
    const list = await n.members('a1');
    if (!list.ok) throw new Error(list.error.message.en);
    const notKept = list.value.members.filter((m) => m.notKept === 'over-budget').map((m) => m.name);
    // The store held some members and not others: both ways of searching are used.
    expect(notKept).toEqual(['n/var/log/big.log', 'n/var/log/messages.1.gz']);
    for (const context of [0, 2]) {
      const { results, seen } = await searchToEnd(n, 'needle', { context });
      expect(results).toMatchObject({ done: true, truncated: false, notSearched: 0, rest: null, error: null });
      expect(byMember(results.hits)).toEqual(await grepLines(file, 'needle', context));
      // Grouped by member: the members held first, then the others in archive order, each member's lines together.
      const order = results.hits.map((h) => h.name).filter((name, i, all) => all[i - 1] !== name);
      expect(order).toEqual(['n/var/log/small.log', 'n/cmds/lcdstatus.out', 'n/var/log/tail.log', 'n/var/log/big.log', 'n/var/log/messages.1.gz']);
      // Each hit names its member by id, the one the Members view lists under that name.
      for (const h of results.hits) expect(list.value.members.find((m) => m.id === h.member)?.name).toBe(h.name);
      // While the rest was read, results said how far the pass over the archive was.
      expect(seen.some((s) => s.rest !== null && s.rest.archive === 'a1' && s.rest.totalBytes > 0)).toBe(true);
      if (context) expect(results.hits.some((h) => h.gap && h.name === 'n/var/log/big.log')).toBe(true);
    }
    // A regex ignoring case, and a member glob that leaves out the rotated log.
    const { results } = await searchToEnd(n, 'NEEDLE (error|warn)', { regex: true, ignoreCase: true, member: '*.log' });
    const expected = await grepLines(file, 'NEEDLE (error|warn)', 0, true, true);
    expected.delete('n/var/log/messages.1.gz');
    expected.delete('n/cmds/lcdstatus.out');
    expect(byMember(results.hits)).toEqual(expected);
  });

  it('stops at its bounds across the members held and the rest: lines, then characters', async () => {
    const bounds = join(dir, 'bounds.tar.gz');
    const long = `needle ${'x'.repeat(1500)}\n`;
    await writeFile(bounds, gzipSync(await makeTar([
      { name: 'n/var/log/a.log', content: 'needle\n'.repeat(5000) },
      { name: 'n/var/log/b.log', content: Array.from({ length: 30_000 }, (_, i) => `needle ${i * 7919 % 30011}\n`).join('') },
      { name: 'n/var/log/c.log', content: long.repeat(7000) },
    ]), { level: 1 }));
    const n = new LogNav((id) => (id === 'a1' ? bounds : null), () => null, new StoreBudget(16 * 1024));
    const list = await n.members('a1');
    expect(list.ok && list.value.members.map((m) => m.notKept)).toEqual([null, 'over-budget', 'over-budget']);
    const { results } = await searchToEnd(n, 'needle');
    expect(results.hits.length).toBe(MAX_SEARCH_LINES);
    expect(results.truncated).toBe(true);
    expect(results.notSearched).toBe(0);
    expect(results.hits.at(-1)).toMatchObject({ name: 'n/var/log/b.log', line: MAX_SEARCH_LINES - 5000 });
    const chars = await searchToEnd(n, 'x', { member: 'c.log' });
    const total = chars.results.hits.reduce((s, h) => s + h.text.length, 0);
    expect(chars.results.truncated).toBe(true);
    expect(total).toBeGreaterThanOrEqual(MAX_SEARCH_CHARS);
    expect(total - (chars.results.hits.at(-1)?.text.length ?? 0)).toBeLessThan(MAX_SEARCH_CHARS);
  });

  it('counts as not searched only the members the pass could not reach', async () => {
    const cut = join(dir, 'cut.tar.gz');
    const whole = gzipSync(await makeTar([
      { name: 'n/var/log/big.log', content: lines(60_000, 997) },
      { name: 'n/var/log/after.log', content: lines(60_000, 991) },
    ]));
    const n = new LogNav((id) => (id === 'a1' ? cut : null), () => null, new StoreBudget(1024));
    await writeFile(cut, whole);
    expect((await n.members('a1')).ok).toBe(true);
    // The archive changed under the session: its second half is gone.
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 3)));
    const { results } = await searchToEnd(n, 'needle');
    expect(results.notSearched).toBe(1);
    expect(results.hits.length).toBeGreaterThan(0);
  });

  it('reads the members not kept of node archives inside a zip or a tar as lkanalyze grep names them', async () => {
    const node = async (host: string): Promise<Buffer> => gzipSync(await makeTar([
      { name: `${host}/var/log/lifekeeper.log`, content: lines(20_000, 499) },
      { name: `${host}/var/log/messages`, content: lines(20_000, 701) },
    ]));
    const zip = join(dir, 'ticket.zip');
    await writeFile(zip, makeZip([{ name: 'node1.tar.gz', content: await node('n1') }, { name: 'readme.txt', content: 'not read' }, { name: 'node2.tar.gz', content: await node('n2') }]));
    const tarOfNodes = join(dir, 'ticket.tar.gz');
    await writeFile(tarOfNodes, gzipSync(await makeTar([{ name: 'case/node1.tar.gz', content: await node('n1') }, { name: 'case/node2.tar.gz', content: await node('n2') }])));
    for (const f of [zip, tarOfNodes]) {
      const n = new LogNav((id) => (id === 'a1' ? f : null), () => null, new StoreBudget(40 * 1024));
      const list = await n.members('a1');
      expect(list.ok && list.value.members.filter((m) => m.notKept === 'over-budget').length).toBeGreaterThan(0);
      const { results } = await searchToEnd(n, 'needle', { context: 1 });
      expect(results.notSearched).toBe(0);
      expect(byMember(results.hits)).toEqual(await grepLines(f, 'needle', 1));
    }
  });

  it('stops the pass when cancelled, and the pass stops by itself once the members wanted are read', async () => {
    let passes = 0;
    let signal: AbortSignal | undefined;
    let finished: Promise<unknown> = Promise.resolve();
    const n = nav(64 * 1024);
    n.grepPass = (f: string, job: GrepMembersJob, options: GrepMembersOptions) => {
      passes++;
      signal = options.signal;
      const p = grepMembers(f, job, options);
      finished = p.catch((err: unknown) => err);
      return p;
    };
    expect((await n.members('a1')).ok).toBe(true);
    const started = await n.startSearch({ archives: ['a1'], pattern: 'needle', regex: false, ignoreCase: false, context: 0, member: null });
    if (!started.ok) throw new Error(started.error.message.en);
    for (let i = 0; i < 500 && passes === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(n.cancelSearch(started.value)).toBe(true);
    expect(signal?.aborted).toBe(true);
    expect(await finished).toBeInstanceOf(Error);
    expect(n.results(started.value, 0)).toMatchObject({ ok: true, value: { truncated: false } });
    // Past the last member wanted the archive is not read on: the 8 MiB that follow are passed by.
    const early = join(dir, 'early.tar.gz');
    await writeFile(early, gzipSync(await makeTar([{ name: 'n/var/log/small.log', content: lines(40, 20) }, { name: 'n/core', content: randomBytes(8 * 2 ** 20) }])));
    const progress: number[] = [];
    const got = await grepMembers(early, { pattern: 'needle', regex: false, ignoreCase: false, context: 0, members: [{ name: 'n/var/log/small.log', nth: 0 }], maxLines: 100, maxChars: 1e6 }, { onHits: () => undefined, onProgress: (p) => progress.push(p.bytesRead) });
    expect(got).toEqual({ unread: 0, cut: false });
    expect(Math.max(0, ...progress)).toBeLessThan(4 * 2 ** 20);
  });
});
