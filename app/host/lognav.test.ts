// The log view's channels: members by id, a line range, the next error, a
// search fetched as it comes; ids and ranges checked before anything is read.
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeepPassOptions } from '../../analyzers/engine/lognav/member-store.js';
import { StoreBudget, StoreKeeper, keepArchive, keepPass } from '../../analyzers/engine/lognav/member-store.js';
import { makeTar } from '../../analyzers/engine/plugin/testing.js';
import { channelTable, dispatch } from './channels.js';
import type { MergedLeftOut } from './lognav.js';
import { LogNav, MAX_MERGED_LEFT_OUT } from './lognav.js';
import { Session } from './session.js';

type Table = ReturnType<typeof channelTable>;

async function open(file = 'samples/split-brain-node1.tar.gz') {
  const session = new Session({ version: 'test' });
  const [ref] = await session.add([file]);
  const table = channelTable(session, { openArchives: { available: false, why: { en: '', ja: '' } }, deliverExport: async () => ({ ok: false, error: { code: 'failed', message: { en: '', ja: '' } } }), pushProgress: () => undefined });
  return { table, archive: ref?.id ?? '' };
}

/** Starts a search and fetches its results until it is done (at most 2 s). */
async function searchToEnd(table: Table, args: { archives: string[]; pattern: string; regex: boolean; ignoreCase: boolean; context: number }) {
  const started = await dispatch(table, 'search:start', args);
  if (!started.ok) throw new Error(started.error.message.en);
  let results = await dispatch(table, 'search:results', { search: started.value, from: 0 });
  for (let i = 0; i < 100 && results.ok && !results.value.done; i++) {
    await new Promise((r) => setTimeout(r, 20));
    results = await dispatch(table, 'search:results', { search: started.value, from: 0 });
  }
  if (!results.ok) throw new Error(results.error.message.en);
  return results.value;
}

describe('log view channels', () => {
  it('lists members by id and gives a line range of one, its next error and the line at a time', async () => {
    const { table, archive } = await open();
    const list = await dispatch(table, 'members:list', { archive });
    if (!list.ok) throw new Error(list.error.message.en);
    const log = list.value.members.find((m) => m.name.endsWith('/var/log/lifekeeper.log'));
    expect(log).toMatchObject({ kind: 'log', lines: 24, notKept: null });
    const lines = await dispatch(table, 'member:lines', { member: log?.id ?? '', from: 21, count: 2 });
    expect(lines.ok && lines.value.lines.map((l) => [l.line, l.severity, l.problem ?? false])).toEqual([[21, 'ERROR', true], [22, 'INFO', false]]);
    expect(await dispatch(table, 'member:seek', { member: log?.id ?? '', from: 1, to: 'next-problem' })).toEqual({ ok: true, value: 21 });
    expect(await dispatch(table, 'member:seek', { member: log?.id ?? '', from: 1, to: 'time', time: '2024-05-20T09:00' })).toEqual({ ok: true, value: 21 });
    expect((await dispatch(table, 'members:progress', { archive })).ok).toBe(true);
  });

  it('searches every text member, with the hits fetched as they come, each naming its member by id', async () => {
    const { table, archive } = await open();
    const results = await searchToEnd(table, { archives: [archive], pattern: 'is dead', regex: false, ignoreCase: true, context: 0 });
    expect(results.hits.map((h) => `${h.name.replace(/^.*?\//, '')}:${h.line}`)).toEqual(['var/log/lifekeeper.log:22', 'var/log/lifekeeper.log:23']);
    expect(results.hits[0]?.member).toMatch(new RegExp(`^${archive}m`));
  });

  it('refuses paths, unknown ids, bad ranges and a backtracking regex', async () => {
    const { table, archive } = await open();
    expect(await dispatch(table, 'members:list', { archive: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await dispatch(table, 'members:list', { archive: 'ffff' })).toMatchObject({ ok: false, error: { code: 'unknown-archive' } });
    expect(await dispatch(table, 'member:lines', { member: `${archive}m0`, from: 0, count: 10 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await dispatch(table, 'member:lines', { member: `${archive}m0`, from: 1, count: 100000 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await dispatch(table, 'member:lines', { member: `${archive}mzz`, from: 1, count: 10 })).toMatchObject({ ok: false, error: { code: 'unknown-archive' } });
    expect(await dispatch(table, 'search:start', { archives: [archive], pattern: '(a+)+$', regex: true, ignoreCase: false, context: 0 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it("merges the logs of two nodes by time, each node's clock skew taken off, and filters them", async () => {
    const session = new Session({ version: 'test' });
    const refs = await session.add(['samples/split-brain-node1.tar.gz', 'samples/split-brain-node2.tar.gz']);
    const table = channelTable(session, { openArchives: { available: false, why: { en: '', ja: '' } }, deliverExport: async () => ({ ok: false, error: { code: 'failed', message: { en: '', ja: '' } } }), pushProgress: () => undefined });
    const sources = refs.map((a, i) => ({ archive: a.id, node: `node${i + 1}`, offsetMs: i === 1 ? 2000 : 0 }));
    const all = await dispatch(table, 'logs:merged', { sources, from: '2024-05-20T09:41:00', to: '2024-05-20T09:41:10', problemsOnly: false, component: null });
    if (!all.ok) throw new Error(all.error.message.en);
    const keys = all.value.lines.map((l) => l.corrected);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(new Set(all.value.lines.map((l) => l.node))).toEqual(new Set(['node1', 'node2']));
    // node2's 09:41:09.118 less its 2 s of skew comes at 09:41:07.118, after node1's 09:41:07 lines.
    const errors = await dispatch(table, 'logs:merged', { sources, from: '2024-05-20T09:00:00', to: '2024-05-20T10:00:00', problemsOnly: true, component: 'lcd' });
    expect(errors.ok && errors.value.lines.map((l) => `${l.node} ${new Date(l.corrected).toISOString().slice(11, 23)} ${l.severity}`)).toEqual(['node1 09:41:07.000 ERROR', 'node2 09:41:07.118 ERROR']);
    expect(await dispatch(table, 'logs:merged', { sources, from: 'yesterday', to: '2024-05-20T10:00:00', problemsOnly: true, component: null })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('keeps the members from the analysis pass itself: the report shown, they are ready without another pass', async () => {
    const session = new Session({ version: 'test' });
    const [ref] = await session.add(['samples/split-brain-node1.tar.gz']);
    const id = ref?.id ?? '';
    expect(session.lognav.isReady(id)).toBe(false);
    const analyzed = await session.analyze([id], () => undefined);
    expect(analyzed.ok).toBe(true);
    // Right as the analysis answers: a pass of its own would still be reading.
    expect(session.lognav.isReady(id)).toBe(true);
    const list = await session.lognav.members(id);
    expect(list.ok && list.value.members.find((m) => m.name.endsWith('/var/log/lifekeeper.log'))).toMatchObject({ kind: 'log', lines: 24, notKept: null, input: 'lifekeeper-log' });
    // Used by: the analyzers that read its logical input, with their titles in both languages.
    const readers = list.ok ? list.value.readers['lifekeeper-log'] ?? [] : [];
    expect(readers.length).toBeGreaterThan(3);
    expect(readers.every((r) => r.title.en && r.title.ja)).toBe(true);
  });

  it("keeps a hit's text as the log view shows a line (cut at 2 KiB, the cut marked), not the whole line", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-hits-'));
    try {
      const file = join(dir, 'long.tar.gz');
      await writeFile(file, gzipSync(await makeTar([{ name: 'n/var/log/app.log', content: `short line\nneedle ${'x'.repeat(60_000)}\nend\n` }])));
      const { table, archive } = await open(file);
      for (const regex of [false, true]) {
        const results = await searchToEnd(table, { archives: [archive], pattern: 'needle', regex, ignoreCase: true, context: 1 });
        expect(results.hits.map((h) => [h.line, h.match])).toEqual([[1, false], [2, true], [3, false]]);
        expect(results.hits[1]?.text).toMatch(/^needle x{2041}… \(\+57,959 bytes\)$/);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sets aside for a pass of its own all the budget has left, and gives back what it did not keep', async () => {
    const budget = new StoreBudget(10 * 2 ** 20);
    budget.hold(2 ** 20);
    const asked: number[] = [];
    const nav = new LogNav((id) => (id === 'a1' ? 'samples/split-brain-node1.tar.gz' : null), () => null, budget);
    nav.keepPass = (file: string, bytes: number, options: KeepPassOptions) => {
      asked.push(bytes);
      // While the pass runs, its allowance is held: nothing else may take it.
      expect(budget.used).toBe(10 * 2 ** 20);
      return keepArchive(file, bytes, options);
    };
    const list = await nav.members('a1');
    expect(list.ok && list.value.members.some((m) => m.lines !== null)).toBe(true);
    expect(asked).toEqual([9 * 2 ** 20]);
    expect(budget.used).toBeGreaterThan(2 ** 20);
    expect(budget.used).toBeLessThan(2 * 2 ** 20);
  });

  it('runs one pass of its own at a time: a second archive listed while the first is read is given what the first left, not nothing', async () => {
    const budget = new StoreBudget(10 * 2 ** 20);
    const asked: number[] = [];
    const files: Record<string, string> = { a1: 'samples/split-brain-node1.tar.gz', a2: 'samples/split-brain-node2.tar.gz' };
    const nav = new LogNav((id) => files[id] ?? null, () => null, budget);
    nav.keepPass = (file: string, bytes: number, options: KeepPassOptions) => {
      asked.push(bytes);
      return keepArchive(file, bytes, options);
    };
    const [one, two] = await Promise.all([nav.members('a1'), nav.members('a2')]);
    for (const list of [one, two]) expect(list?.ok && list.value.members.some((m) => m.lines !== null && m.notKept === null)).toBe(true);
    expect(asked[0]).toBe(10 * 2 ** 20);
    // The first kept a little: the second had the rest (it had 0 while the first held its allowance).
    expect(asked[1]).toBeGreaterThan(9 * 2 ** 20);
  });

  it('opens a member past the budget, read again through the archive index, and says so when the file changed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-lognav-'));
    try {
      const file = join(dir, 'large.tar.gz');
      const line = (i: number): string => `May 20 10:${String(Math.floor(i / 6000) % 60).padStart(2, '0')}:${String(Math.floor(i / 100) % 60).padStart(2, '0')} lk-node1 lcm[9]: ${i % 9000 === 8999 ? 'ERROR' : 'INFO'}:lcm:::000000:line ${i + 1} ${(i * 2654435761) % 1000003} ${'w'.repeat(i % 47)}`;
      const n = 120_000;
      await writeFile(file, gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log', content: `${Array.from({ length: n }, (_, i) => line(i)).join('\n')}\n`, mtime: new Date('2024-05-21T00:00:00Z') }])));
      // 1.2 MiB: the log (about 1.5 MiB deflated in blocks) is past the budget.
      const nav = new LogNav((id) => (id === 'a1' ? file : null), () => null, new StoreBudget(1.2 * 2 ** 20));
      const list = await nav.members('a1');
      if (!list.ok) throw new Error(list.error.message.en);
      const log = list.value.members.find((m) => m.name.endsWith('lifekeeper.log'));
      expect(log).toMatchObject({ lines: n, notKept: null, indexed: true });
      const got = await nav.lines(log?.id ?? '', 77_777, 3);
      expect(got.ok && got.value.lines.map((l) => l.text)).toEqual([line(77_776), line(77_777), line(77_778)]);
      expect(await nav.seek(log?.id ?? '', 10_000, 'next-problem', null)).toEqual({ ok: true, value: 18_000 });
      await utimes(file, new Date(), new Date(Date.now() + 60_000));
      expect(await nav.lines(log?.id ?? '', 1, 3)).toMatchObject({ ok: false, error: { code: 'failed', message: { en: expect.stringMatching(/changed since it was read/) } } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('does not adopt an analysis that left members past its allowance: the first open makes a pass of its own that indexes them', async () => {
    const file = 'samples/split-brain-node1.tar.gz';
    const budget = new StoreBudget(4 * 2 ** 20);
    const nav = new LogNav((id) => (id === 'a1' ? file : null), (path) => (path === file ? { archive: 'a1', bytes: 1000 } : null), budget);
    const allowance = nav.keeping.allowance(file);
    expect(allowance).toBeGreaterThan(0);
    // What an analysis kept within 200 bytes: some members past it.
    const kept = await keepPass(file, new StoreKeeper(new StoreBudget(200)));
    expect(kept.kept.some((k) => k.info.notKept === 'over-budget')).toBe(true);
    nav.keeping.adopt(file, kept);
    expect(nav.isReady('a1')).toBe(false);
    expect(budget.used).toBe(0);
    const list = await nav.members('a1');
    if (!list.ok) throw new Error(list.error.message.en);
    expect(list.value.members.filter((m) => m.notKept === 'over-budget')).toEqual([]);
  });

  it('searches the members not kept too (a pass over the archive), so that none is left out', async () => {
    const nav = new LogNav((id) => (id === 'a1' ? 'samples/split-brain-node1.tar.gz' : null), () => null, new StoreBudget(1000));
    const started = await nav.startSearch({ archives: ['a1'], pattern: 'is dead', regex: false, ignoreCase: true, context: 0, member: null });
    if (!started.ok) throw new Error(started.error.message.en);
    let results = nav.results(started.value, 0);
    for (let i = 0; i < 100 && results.ok && !results.value.done; i++) {
      await new Promise((r) => setTimeout(r, 20));
      results = nav.results(started.value, 0);
    }
    if (!results.ok) throw new Error(results.error.message.en);
    const list = await nav.members('a1');
    const overBudget = list.ok ? list.value.members.filter((m) => m.notKept === 'over-budget').map((m) => m.id) : [];
    expect(overBudget.length).toBeGreaterThan(0);
    expect(results.value).toMatchObject({ done: true, notSearched: 0 });
    expect(results.value.hits.map((h) => `${h.name.replace(/^.*?\//, '')}:${h.line}`)).toEqual(['var/log/lifekeeper.log:22', 'var/log/lifekeeper.log:23']);
    expect(overBudget).toContain(results.value.hits[0]?.member);
  });
});

describe('the time-ordered view says which logs of which node it leaves out, and why', () => {
  let dir: string;
  const files: Record<string, string> = {};
  const MTIME = new Date('2024-05-21T00:00:00Z');
  const at = (i: number): string => `${String(10 + Math.floor(i / 3600)).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
  /** Hex a deflate cannot shrink much: a log of n lines stays past a budget of 1.2 MiB. */
  const noisy = (node: string, n: number): string => {
    let x = 2463534242;
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      let hex = '';
      for (let k = 0; k < 6; k++) {
        x ^= x << 13;
        x >>>= 0;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        hex += x.toString(16).padStart(8, '0');
      }
      out.push(`May 20 ${at(i % 36_000)} ${node} lcm[9]: INFO:lcm:::000000:beat ${i + 1} ${hex}`);
    }
    return `${out.join('\n')}\n`;
  };
  const small = (node: string, what: string): string => `${Array.from({ length: 5 }, (_, i) => `May 20 ${at(i)} ${node} lcm[9]: INFO:lcm:::000000:${what} ${i + 1}`).join('\n')}\n`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lkanalyze-merged-'));
    // node1: its lifekeeper.log is merged; its messages is binary, messages.1 a link.
    files['a1'] = join(dir, 'node1.tar.gz');
    await writeFile(files['a1'], gzipSync(await makeTar([
      { name: 'n1/var/log/lifekeeper.log', content: small('node1', 'one'), mtime: MTIME },
      { name: 'n1/var/log/messages', content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(2048, 1)]), mtime: MTIME },
      { name: 'n1/var/log/messages.1', type: 'symlink', linkname: 'messages' },
    ])));
    // node2: its lifekeeper.log.1.gz, past the budget, is the member the archive's cut goes through.
    const whole = gzipSync(await makeTar([
      { name: 'n2/var/log/lifekeeper.log', content: small('node2', 'two'), mtime: MTIME },
      { name: 'n2/var/log/lifekeeper.log.1.gz', content: gzipSync(noisy('node2', 40_000)), mtime: MTIME },
    ]));
    files['a2'] = join(dir, 'node2-cut.tar.gz');
    await writeFile(files['a2'], whole.subarray(0, Math.floor(whole.length * 0.9)));
    // node3: read again from the archive through its index (past the budget); the file then changes.
    files['a3'] = join(dir, 'node3.tar.gz');
    await writeFile(files['a3'], gzipSync(await makeTar([
      { name: 'n3/var/log/messages', content: small('node3', 'three'), mtime: MTIME },
      { name: 'n3/var/log/lifekeeper.log', content: noisy('node3', 40_000), mtime: MTIME },
    ])));
    // node4: not there at all.
    files['a4'] = join(dir, 'node4-missing.tar.gz');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const query = (archives: string[]) => ({ sources: archives.map((a) => ({ archive: a, node: `node${a.slice(1)}`, offsetMs: 0 })), from: '2024-05-20T10:00:00', to: '2024-05-20T10:00:04', problemsOnly: false, component: null });
  const said = (l: MergedLeftOut): string => `${l.node} ${l.name?.replace(/^.*\//, '') ?? '(archive)'} ${l.partly ? 'in part' : 'not included'}: ${l.reason.en}`;

  it('merges what it can read, and names each log it cannot, by node and file, with why', async () => {
    const nav = new LogNav((id) => files[id] ?? null, () => null, new StoreBudget(1.2 * 2 ** 20));
    const got = await nav.merged(query(['a1', 'a2', 'a4']));
    if (!got.ok) throw new Error(got.error.message.en);
    // The lines of node1 and node2 are there: node4's archive failing leaves them.
    expect(got.value.lines.map((l) => `${l.node} ${l.message}`)).toEqual(['node1 lcm:::000000:one 1', 'node2 lcm:::000000:two 1', 'node1 lcm:::000000:one 2', 'node2 lcm:::000000:two 2', 'node1 lcm:::000000:one 3', 'node2 lcm:::000000:two 3', 'node1 lcm:::000000:one 4', 'node2 lcm:::000000:two 4', 'node1 lcm:::000000:one 5', 'node2 lcm:::000000:two 5']);
    const left = got.value.leftOut.map(said);
    expect(left).toEqual([
      'node1 messages not included: its content is not text (binary): nothing to show',
      'node1 messages.1 not included: it is a link, never followed',
      expect.stringMatching(/^node2 lifekeeper\.log\.1\.gz not included: not viewable here: the archive is damaged in this member \(.*the archive file is cut: it ends at byte [\d,]+, in the middle of its compressed data/),
      expect.stringMatching(/^node2 \(archive\) in part: the archive could not be read to its end \(the archive file is cut/),
      'node4 (archive) not included: the archive could not be read: no such file',
    ]);
    expect(got.value.leftOutMore).toBe(0);
    expect(got.value.leftOut.find((l) => l.node === 'node2' && l.name)?.member).toMatch(/^a2m/);
    // In Japanese too.
    expect(got.value.leftOut.every((l) => l.reason.ja.length > 0 && !/[a-z]{4,} [a-z]{4,}/.test(l.reason.ja.replace(/lkanalyze cat|\([^)]*check\)/g, '')))).toBe(true);
  });

  it('names at most MAX_MERGED_LEFT_OUT logs left out and counts the rest; the lines it answers stay the earliest', async () => {
    // 250 links named as rotations of lifekeeper.log: each left out, never followed.
    files['many'] = join(dir, 'many-links.tar.gz');
    await writeFile(files['many'], gzipSync(await makeTar([
      { name: 'n9/var/log/lifekeeper.log', content: small('node9', 'nine'), mtime: MTIME },
      ...Array.from({ length: 250 }, (_, i) => ({ name: `n9/var/log/lifekeeper.log.${i + 1}`, type: 'symlink' as const, linkname: 'lifekeeper.log' })),
    ])));
    const nav = new LogNav((id) => files[id] ?? null, () => null, new StoreBudget(1.2 * 2 ** 20));
    const got = await nav.merged(query(['many']));
    if (!got.ok) throw new Error(got.error.message.en);
    expect(got.value.leftOut).toHaveLength(MAX_MERGED_LEFT_OUT);
    expect(got.value.leftOutMore).toBe(250 - MAX_MERGED_LEFT_OUT);
    expect(got.value.leftOut[0] && said(got.value.leftOut[0])).toBe('nodeany lifekeeper.log.1 not included: it is a link, never followed');
    expect(got.value.lines.map((l) => l.message)).toEqual(['lcm:::000000:nine 1', 'lcm:::000000:nine 2', 'lcm:::000000:nine 3', 'lcm:::000000:nine 4', 'lcm:::000000:nine 5']);
  });

  it('names a log whose read again from the archive fails, and still merges the others', async () => {
    const nav = new LogNav((id) => files[id] ?? null, () => null, new StoreBudget(1.2 * 2 ** 20));
    const list = await nav.members('a3');
    expect(list.ok && list.value.members.find((m) => m.name.endsWith('lifekeeper.log'))).toMatchObject({ indexed: true });
    // (Not merged before the change: the blocks it read would be the store's last read, and answer from memory.)
    await utimes(files['a3'] ?? '', new Date(), new Date(Date.now() + 60_000));
    const after = await nav.merged(query(['a1', 'a3']));
    if (!after.ok) throw new Error(after.error.message.en);
    expect(after.value.lines.map((l) => `${l.node} ${l.name.replace(/^.*\//, '')}`)).toEqual(expect.arrayContaining(['node1 lifekeeper.log', 'node3 messages']));
    expect(after.value.lines.some((l) => l.node === 'node3' && l.name.endsWith('lifekeeper.log'))).toBe(false);
    expect(after.value.leftOut.map(said)).toContain('node3 lifekeeper.log not included: the archive file changed since it was read: open it again');
  });
});

describe("the time-ordered view of a ticket's node archives", () => {
  it('merges each node of a container as a node of its own, by its node archive inside, its own skew taken off', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-ticket-'));
    try {
      const node = async (host: string, second: number): Promise<Buffer> => gzipSync(await makeTar([
        { name: `${host}/var/log/lifekeeper.log`, content: `May 20 10:00:0${second} ${host} lcm[9]: ERROR:lcm:::000000:on ${host}\n` },
        { name: `${host}/var/log/messages`, content: `May 20 10:00:0${second + 1} ${host} kernel: kernel on ${host}\n` },
      ]));
      const file = join(dir, 'ticket.tar.gz');
      await writeFile(file, gzipSync(await makeTar([{ name: 'ticket/lk1.tar.gz', content: await node('lk1', 1) }, { name: 'ticket/lk2.tar.gz', content: await node('lk2', 3) }])));
      const nav = new LogNav((id) => (id === 'a1' ? file : null), () => null, new StoreBudget(8 * 2 ** 20));
      const got = await nav.merged({ sources: [{ archive: 'a1', node: 'lk1', offsetMs: 0, inner: 'ticket/lk1.tar.gz' }, { archive: 'a1', node: 'lk2', offsetMs: 3000, inner: 'ticket/lk2.tar.gz' }], from: '2024-05-20T10:00:00', to: '2024-05-20T10:00:09', problemsOnly: false, component: null });
      if (!got.ok) throw new Error(got.error.message.en);
      // Each line once, under its own node; lk2's 10:00:03 less its 3 s of skew comes first.
      expect(got.value.lines.map((l) => `${new Date(l.corrected).toISOString().slice(17, 19)} ${l.node} ${l.message}`)).toEqual(['00 lk2 lcm:::000000:on lk2', '01 lk1 lcm:::000000:on lk1', '01 lk2 kernel on lk2', '02 lk1 kernel on lk1']);
      expect(got.value.leftOut).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a member past the budget that the damage of the archive went through', () => {
  it('gives its damage as why it cannot be opened, where in the file, not the memory of the log view', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-damage-'));
    try {
      let x = 88172645;
      const hex = (): string => {
        x ^= x << 13;
        x >>>= 0;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        return x.toString(16).padStart(8, '0');
      };
      const rotated = `${Array.from({ length: 40_000 }, (_, i) => `May 19 10:00:00 lk-node1 lcm[9]: INFO:lcm:::000000:beat ${i + 1} ${hex()}${hex()}${hex()}${hex()}${hex()}`).join('\n')}\n`;
      const whole = gzipSync(await makeTar([
        { name: 'n/var/log/lifekeeper.log', content: 'May 20 10:00:00 lk-node1 lcm[9]: INFO:lcm:::000000:one\n' },
        { name: 'n/var/log/lifekeeper.log.1.gz', content: gzipSync(rotated) },
      ]));
      const file = join(dir, 'cut.tar.gz');
      await writeFile(file, whole.subarray(0, Math.floor(whole.length * 0.9)));
      const size = Math.floor(whole.length * 0.9).toLocaleString('en-US');
      const nav = new LogNav((id) => (id === 'a1' ? file : null), () => null, new StoreBudget(1.2 * 2 ** 20));
      const list = await nav.members('a1');
      if (!list.ok) throw new Error(list.error.message.en);
      const rot = list.value.members.find((m) => m.name.endsWith('lifekeeper.log.1.gz'));
      expect(rot).toMatchObject({ notKept: 'over-budget', indexed: false, cut: true });
      expect(rot?.unviewable?.en).toMatch(new RegExp(`^not viewable here: the archive is damaged in this member .*the archive file is cut: it ends at byte ${size}, in the middle`));
      expect(rot?.unviewable?.en).toMatch(/lkanalyze cat shows the [\d,]+ lines read before it/);
      expect(rot?.unviewable?.ja).toContain(`${size} バイト目でファイルが終わっています`);
      expect(list.value.members.find((m) => m.name.endsWith('/lifekeeper.log'))?.unviewable).toBeNull();
      for (const answer of [await nav.lines(rot?.id ?? '', 1, 5), await nav.seek(rot?.id ?? '', 1, 'next-problem', null)]) {
        expect(answer).toMatchObject({ ok: false, error: { code: 'not-available', message: rot?.unviewable } });
        expect(answer.ok ? '' : answer.error.message.en).not.toMatch(/memory set aside/);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
