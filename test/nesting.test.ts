// One nesting policy for every reader (issue 18): a ticket's zip holding a
// tar.gz of a case folder, node archives two and three levels inside it, and
// one archive four levels deep. The analysis, `lkanalyze ls|cat|grep` and the
// app (its Members view and search, kept from the analysis pass) see the same
// members and the same hits, and the archive past MAX_NESTING_DEPTH is listed
// with "not opened: nested deeper than 3 levels", in English and Japanese,
// and named in the archive's record: never read as a binary, never silent.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepingTee } from '../analyzers/engine/lognav/keep.js';
import { StoreBudget, StoreKeeper } from '../analyzers/engine/lognav/member-store.js';
import { compileMatcher } from '../analyzers/engine/lognav/matcher.js';
import type { Matcher } from '../analyzers/engine/lognav/matcher.js';
import { grepArchive, listArchive, readMemberLines } from '../analyzers/engine/lognav/search.js';
import { clusterNode, fixtureMembers, makeTar, makeZip } from '../analyzers/engine/plugin/testing.js';
import { loadAnalyzers } from '../analyzers/registry.js';
import { MAX_NESTING_DEPTH } from '../analyzers/engine/run/budget.js';
import { analyze } from '../analyzers/engine/run/engine.js';
import { channelTable, dispatch } from '../app/host/channels.js';
import { LogNav } from '../app/host/lognav.js';
import { Session } from '../app/host/session.js';
import { runCli } from '../cli/run-in-test.js';

const { analyzers, clusterRules } = await loadAnalyzers();
const NOW = new Date('2026-01-01T00:00:00Z');
const needle = (where: string): string => `May 20 10:00:00 lk-x app[1]: NEEDLE ERROR:app:::000001:in ${where}\n`;

async function nodeArchive(host: string, peer: string): Promise<Buffer> {
  return gzipSync(await makeTar([
    ...fixtureMembers(clusterNode({ host, peer, state: 'ISP' })),
    { name: `${host}/var/log/app.log`, content: needle(host) },
  ]));
}

/** Level 4, inside level 3: not opened. Its log holds the needle too: a reader that opened it would find one more hit. */
async function deepest(): Promise<Buffer> {
  return gzipSync(await makeTar([{ name: 'deepest/var/log/messages', content: needle('level 4') }]));
}

/**
 * The case folder, tarred again: level 1 in a zip (its members are level 1's),
 * node-a at level 2, a plain tar at level 2 holding node-b (level 3) and
 * deeper.tar.gz (level 3), which holds deepest.tar.gz (level 4).
 */
async function caseArchive(): Promise<Buffer> {
  const deeper = gzipSync(await makeTar([
    { name: 'deeper/var/log/messages', content: needle('level 3') },
    { name: 'deeper/deepest.tar.gz', content: await deepest() },
  ]));
  const again = await makeTar([
    { name: 'node-b.tar.gz', content: await nodeArchive('node-b', 'node-a') },
    { name: 'deeper.tar.gz', content: deeper },
  ]);
  return gzipSync(await makeTar([
    { name: 'case/notes.txt', content: needle('level 1') },
    { name: 'case/node-a.tar.gz', content: await nodeArchive('node-a', 'node-b') },
    { name: 'case/again.tar', content: again },
  ]));
}

const DEEPEST = 'case.tar.gz » case/again.tar » deeper.tar.gz » deeper/deepest.tar.gz';
const TOO_DEEP = { en: `not opened: nested deeper than ${MAX_NESTING_DEPTH} levels`, ja: `開いていません: 入れ子が ${MAX_NESTING_DEPTH} 階層を超えています` };
/** The text members every reader must see, by name (the zip's entry first). */
const TEXT_WITH_NEEDLE = [
  'case.tar.gz » case/notes.txt',
  'case.tar.gz » case/node-a.tar.gz » node-a/var/log/app.log',
  'case.tar.gz » case/again.tar » node-b.tar.gz » node-b/var/log/app.log',
  'case.tar.gz » case/again.tar » deeper.tar.gz » deeper/var/log/messages',
];

let dir: string;
let zip: string;
let tgz: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-nesting-'));
  zip = join(dir, 'ticket.zip');
  tgz = join(dir, 'ticket.tar.gz');
  const inner = await caseArchive();
  await writeFile(zip, makeZip([{ name: 'case.tar.gz', content: inner }]));
  // The same case folder in a tar.gz instead of a zip: every level one deeper would be too deep, so it is the same tree.
  await writeFile(tgz, gzipSync(await makeTar([{ name: 'case.tar.gz', content: inner }])));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const matcher = (): Matcher => {
  const m = compileMatcher({ pattern: 'NEEDLE', regex: false, ignoreCase: false });
  if ('refused' in m) throw new Error(m.refused.en);
  return m;
};

describe(`archives inside archives, to ${MAX_NESTING_DEPTH} levels, for every reader`, () => {
  it('the analysis takes node archives two and three levels inside as nodes, and names the archive it did not open in the record', async () => {
    for (const file of [zip, tgz]) {
      const r = await analyze([file], { analyzers, clusterRules, now: NOW });
      expect(r.nodes.map((n) => n.hostname), file).toEqual(['node-a', 'node-b']);
      const base = file.endsWith('.zip') ? 'ticket.zip' : 'ticket.tar.gz';
      const records = r.archives.map((a) => a.file.slice(a.file.lastIndexOf(base)));
      expect(records).toContain(`${base} » case.tar.gz » case/node-a.tar.gz`);
      expect(records).toContain(`${base} » case.tar.gz » case/again.tar » node-b.tar.gz`);
      const top = r.archives[0];
      expect(top?.status).toBe('partial');
      expect(top?.problem?.en).toBe(`1 archive(s) inside nested deeper than ${MAX_NESTING_DEPTH} levels: not opened (${DEEPEST})`);
      expect(top?.problem?.ja).toBe(`入れ子が ${MAX_NESTING_DEPTH} 階層を超える内部のアーカイブ 1 個は開いていません (${DEEPEST})`);
      expect(r.clusters.map((c) => c.nodes)).toEqual([['node-a', 'node-b']]);
    }
  });

  it('ls lists the same members as the analysis pass sees (what the app keeps), the one too deep as not opened with why', async () => {
    const { members } = await listArchive(zip);
    const names = (members ?? []).map((m) => m.name);
    for (const name of TEXT_WITH_NEEDLE) expect(names).toContain(name);
    expect(names.filter((n) => n.startsWith(`${DEEPEST} » `))).toEqual([]);
    expect(members?.find((m) => m.name === DEEPEST)).toMatchObject({ kind: 'skipped', skipped: 'not-opened', notOpened: TOO_DEEP });
    // The app's Members view is made from the analysis pass itself (keepingTee): the same names, the same refusal.
    const keeper = new StoreKeeper(new StoreBudget(64 * 2 ** 20));
    await analyze([zip], { analyzers, clusterRules, now: NOW, tee: keepingTee(keeper) });
    const kept = (await keeper.finish()).kept.map((k) => k.info);
    expect(kept.map((k) => k.name).sort()).toEqual([...names].sort());
    expect(kept.find((k) => k.name === DEEPEST)).toMatchObject({ kind: 'skipped', skipped: 'not-opened', problem: TOO_DEEP });
  });

  it('grep finds the needle in every member to the third level, not in the fourth, and says which archive it did not open', async () => {
    for (const file of [zip, tgz]) {
      const hits: string[] = [];
      const { matches, read } = await grepArchive(file, { matcher: matcher(), context: 0, members: null }, { line: (member) => hits.push(member), gap: () => undefined });
      expect(matches).toBe(TEXT_WITH_NEEDLE.length);
      expect(hits.sort()).toEqual([...TEXT_WITH_NEEDLE].sort());
      expect(read.problem?.en).toContain(`nested deeper than ${MAX_NESTING_DEPTH} levels: not opened (${DEEPEST})`);
    }
  });

  it('cat reads a member three levels inside, and names the archive not opened when asked for it or for a member in it', async () => {
    const lines: string[] = [];
    const got = await readMemberLines(zip, TEXT_WITH_NEEDLE[3] ?? '', null, (_n, t) => lines.push(t));
    expect(got.found).toBe(true);
    expect(lines).toEqual([needle('level 3').trimEnd()]);
    const refused = await readMemberLines(zip, `${DEEPEST} » deepest/var/log/messages`, null, () => undefined);
    expect(refused.found).toBe(false);
    expect(refused.notOpened).toEqual([{ name: DEEPEST, reason: TOO_DEEP }]);
  });

  it('the CLI says it: ls in brackets (en and ja), cat exit 2 with the reason, grep on standard error', async () => {
    const ls = await runCli(['ls', zip], { LANG: 'C' });
    expect(ls.code).toBe(0);
    expect(ls.out).toMatch(new RegExp(`^skipped .*  ${DEEPEST} \\[${TOO_DEEP.en}\\]$`, 'm'));
    expect(ls.err).toContain(`not opened (${DEEPEST})`);
    const lsJa = await runCli(['ls', zip], { LANG: 'ja_JP.UTF-8' });
    expect(lsJa.out).toContain(`${DEEPEST} [${TOO_DEEP.ja}]`);
    const cat = await runCli(['cat', zip, `${DEEPEST} » deepest/var/log/messages`], { LANG: 'C' });
    expect(cat.code).toBe(2);
    expect(cat.err).toContain(`it is inside ${DEEPEST} (${TOO_DEEP.en})`);
    const catJa = await runCli(['cat', zip, DEEPEST], { LANG: 'ja_JP.UTF-8' });
    expect(catJa.code).toBe(2);
    expect(catJa.err).toContain(TOO_DEEP.ja);
    const grep = await runCli(['grep', 'NEEDLE', zip], { LANG: 'C' });
    expect(grep.code).toBe(0);
    expect(grep.out.trim().split('\n')).toHaveLength(TEXT_WITH_NEEDLE.length);
    expect(grep.err).toContain(`not opened (${DEEPEST})`);
  });

  it('ls and grep name an archive inside that cannot be read, as the analysis does, instead of passing over it in silence', async () => {
    const file = join(dir, 'corrupt-inner.tar');
    await writeFile(file, await makeTar([
      { name: 'bad.tar.gz', content: 'this is not gzip at all' },
      { name: 'good.tar.gz', content: gzipSync(await makeTar([{ name: 'g/var/log/messages', content: needle('good') }])) },
    ]));
    const said = 'bad.tar.gz: the gzip data is corrupt (incorrect header check): found after reading 0% of the file';
    const analysis = await analyze([file], { analyzers, clusterRules, now: NOW });
    expect(analysis.archives.find((a) => a.file.endsWith('» bad.tar.gz'))?.problem?.en).toBe(said.slice('bad.tar.gz: '.length));
    const ls = await runCli(['ls', file], { LANG: 'C' });
    expect(ls.code).toBe(0);
    expect(ls.err).toBe(`lkanalyze ls: ${file}: ${said}\n`);
    const grep = await runCli(['grep', 'NEEDLE', file], { LANG: 'C' });
    expect(grep.code).toBe(0);
    expect(grep.err).toContain(said);
    expect(grep.out).toContain('good.tar.gz » g/var/log/messages:1:');
  });

  it("the app's Members view and search (after the analysis) see the same members and hits as ls and grep", async () => {
    const session = new Session({ version: 'test' });
    const [ref] = await session.add([zip]);
    const table = channelTable(session, { openArchives: { available: false, why: { en: '', ja: '' } }, deliverExport: async () => ({ ok: false, error: { code: 'failed', message: { en: '', ja: '' } } }), pushProgress: () => undefined });
    const archive = ref?.id ?? '';
    const analyzed = await dispatch(table, 'archive:analyze', { ids: [archive] });
    expect(analyzed.ok && analyzed.value.nodes.map((n) => n.hostname)).toEqual(['node-a', 'node-b']);
    const list = await dispatch(table, 'members:list', { archive });
    if (!list.ok) throw new Error(list.error.message.en);
    const { members } = await listArchive(zip);
    expect(list.value.members.map((m) => m.name).sort()).toEqual((members ?? []).map((m) => m.name).sort());
    expect(list.value.members.find((m) => m.name === DEEPEST)).toMatchObject({ kind: 'skipped', skipped: 'not-opened', problem: TOO_DEEP });
    const started = await dispatch(table, 'search:start', { archives: [archive], pattern: 'NEEDLE', regex: false, ignoreCase: false, context: 0 });
    if (!started.ok) throw new Error(started.error.message.en);
    let results = await dispatch(table, 'search:results', { search: started.value, from: 0 });
    for (let i = 0; i < 200 && results.ok && !results.value.done; i++) {
      await new Promise((r) => setTimeout(r, 20));
      results = await dispatch(table, 'search:results', { search: started.value, from: 0 });
    }
    if (!results.ok) throw new Error(results.error.message.en);
    expect(results.value.done).toBe(true);
    expect(results.value.hits.map((h) => h.name).sort()).toEqual([...TEXT_WITH_NEEDLE].sort());
  });

  it("the app's search over members it does not hold (a pass of its own over the archive) finds the same hits", async () => {
    // 1,000 bytes: nothing is kept, every member is searched by a pass over the archive (grepMembers).
    const nav = new LogNav((id) => (id === 'a1' ? zip : null), () => null, new StoreBudget(1000));
    const list = await nav.members('a1');
    if (!list.ok) throw new Error(list.error.message.en);
    expect(list.value.members.find((m) => m.name === DEEPEST)).toMatchObject({ skipped: 'not-opened', problem: TOO_DEEP });
    const started = await nav.startSearch({ archives: ['a1'], pattern: 'NEEDLE', regex: false, ignoreCase: false, context: 0, member: null });
    if (!started.ok) throw new Error(started.error.message.en);
    let results = nav.results(started.value, 0);
    for (let i = 0; i < 200 && results.ok && !results.value.done; i++) {
      await new Promise((r) => setTimeout(r, 20));
      results = nav.results(started.value, 0);
    }
    if (!results.ok) throw new Error(results.error.message.en);
    expect(results.value.notSearched).toBe(0);
    expect(results.value.hits.map((h) => h.name).sort()).toEqual([...TEXT_WITH_NEEDLE].sort());
  });
});
