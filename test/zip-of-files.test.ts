// A zip of plain files (issue 18): a ticket zip whose entries are a node's
// lksupport tree (extracted and zipped again, as Windows users send it) or
// loose logs, not node .tar.gz archives. ls lists it, grep and the app search
// it, the log view opens its large members at any line (each entry a level
// of the index), and when its files are one node's lksupport tree the
// analysis takes the zip as that node, as it takes the same files in a tar.gz.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMatcher } from '../analyzers/engine/lognav/matcher.js';
import { grepArchive, listArchive, readMemberLines } from '../analyzers/engine/lognav/search.js';
import { StoreBudget } from '../analyzers/engine/lognav/member-store.js';
import type { TestMember } from '../analyzers/engine/plugin/testing.js';
import { clusterNode, fixtureMembers, makeTar, makeZip } from '../analyzers/engine/plugin/testing.js';
import { loadAnalyzers } from '../analyzers/registry.js';
import { analyze } from '../analyzers/engine/run/engine.js';
import { LogNav } from '../app/host/lognav.js';
import { runCli } from '../cli/run-in-test.js';

const { analyzers, clusterRules } = await loadAnalyzers();
const NOW = new Date('2026-01-01T00:00:00Z');
const MTIME = new Date('2024-05-21T00:00:00Z');

/** A zip whose entries are deflated (as zip tools write them), folders included, each with the time zip tools give it. */
function deflatedZip(members: ReadonlyArray<{ name: string; content: Buffer | string | null }>): Buffer {
  return makeZip(members.map((m) => (m.content === null
    ? { name: m.name.endsWith('/') ? m.name : `${m.name}/`, content: '', mtime: MTIME }
    : { name: m.name, content: m.content, method: 8, mtime: MTIME })));
}

const logLine = (i: number): string => `May 20 10:${String(Math.floor(i / 6000) % 60).padStart(2, '0')}:${String(Math.floor(i / 100) % 60).padStart(2, '0')} lk-a lcm[9]: ${i % 9000 === 8999 ? 'ERROR' : 'INFO'}:lcm:::000000:line ${i + 1} ${(i * 2654435761) % 1000003} ${'w'.repeat(i % 47)}`;
const BIG = 120_000;

/** One node's lksupport tree, as a tar.gz holds it: LifeKeeper's own files, a rotated .gz log, a large log. */
function tree(): TestMember[] {
  return [
    { name: 'lk-a.20240521/', type: 'directory', mtime: MTIME },
    ...fixtureMembers(clusterNode({ host: 'lk-a', peer: 'lk-b', state: 'ISP' })).map((m) => ({ ...m, name: `lk-a.20240521/${m.name}`, mtime: MTIME })),
    { name: 'lk-a.20240521/var/log/lifekeeper.log.1.gz', content: gzipSync('May 19 01:00:00 lk-a lcm[9]: ERROR:lcm:::000002:older NEEDLE failure\n'), mtime: MTIME },
    { name: 'lk-a.20240521/var/log/messages', content: `${Array.from({ length: BIG }, (_, i) => logLine(i)).join('\n')}\n`, mtime: MTIME },
  ];
}

let dir: string;
let zip: string;
let tgz: string;
let loose: string;
let mixed: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-zip-files-'));
  zip = join(dir, 'ticket.zip');
  tgz = join(dir, 'lk-a.tar.gz');
  loose = join(dir, 'loose.zip');
  mixed = join(dir, 'mixed.zip');
  const members = tree();
  await writeFile(zip, deflatedZip(members.map((m) => ({ name: m.name, content: m.type === 'directory' ? null : m.content as Buffer | string }))));
  await writeFile(tgz, gzipSync(await makeTar(members)));
  await writeFile(loose, makeZip([
    { name: 'messages', content: 'May 20 10:00:00 web1 httpd[1]: NEEDLE in a loose log\n' },
    { name: 'notes.txt', content: 'the customer says NEEDLE\n' },
  ]));
  await writeFile(mixed, makeZip([
    { name: 'case/notes.txt', content: 'failed over twice, NEEDLE\n' },
    { name: 'case/node-b.tar.gz', content: gzipSync(await makeTar(fixtureMembers(clusterNode({ host: 'lk-b', peer: 'lk-a', state: 'OSU' })))) },
  ]));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const needle = (): Parameters<typeof grepArchive>[1]['matcher'] => {
  const m = compileMatcher({ pattern: 'NEEDLE', regex: false, ignoreCase: false });
  if ('refused' in m) throw new Error(m.refused.en);
  return m;
};

const withoutFile = (r: Awaited<ReturnType<typeof analyze>>, file: string): string => JSON.stringify(r.nodes).split(JSON.stringify(file).slice(1, -1)).join('ARCHIVE');

describe('a zip of plain files', () => {
  it("takes a zip of one node's lksupport tree as that node, with the report the same files give in a tar.gz", async () => {
    const fromZip = await analyze([zip], { analyzers, clusterRules, now: NOW });
    const fromTgz = await analyze([tgz], { analyzers, clusterRules, now: NOW });
    expect(fromZip.nodes.map((n) => [n.hostname, n.recognized])).toEqual([['lk-a', true]]);
    expect(fromZip.archives).toEqual([{ file: zip, bytes: expect.any(Number), format: 'zip', status: 'read', problem: null, node: 0 }]);
    expect(withoutFile(fromZip, zip)).toBe(withoutFile(fromTgz, tgz));
    expect(fromZip.findings.map((f) => f.id)).toEqual(fromTgz.findings.map((f) => f.id));
    expect(fromZip.nodes[0]?.notes).toEqual([]);
  });

  it('reads the files of two nodes zipped together as the two nodes, each named after its folder and by its own files', async () => {
    const a = tree();
    const b = fixtureMembers(clusterNode({ host: 'lk-b', peer: 'lk-a', state: 'OSU', log: 'May 20 10:00:00 lk-b lcm[1]: INFO:lcm:::000000:up\n' })).map((m) => ({ ...m, name: `tmp/lksupport/lk-b/${m.name}` }));
    const both = join(dir, 'both.zip');
    await writeFile(both, deflatedZip([...a, ...b].filter((m) => m.type !== 'directory').map((m) => ({ name: m.name, content: m.content as Buffer | string }))));
    const r = await analyze([both], { analyzers, clusterRules, now: NOW });
    expect(r.nodes.map((n) => [n.archive, n.hostname, n.recognized, n.notes])).toEqual([
      [`${both} » lk-a.20240521`, 'lk-a', true, []],
      [`${both} » tmp/lksupport/lk-b`, 'lk-b', true, []],
    ]);
    expect(r.archives.map((x) => [x.file, x.format, x.node])).toEqual([[both, 'zip', null], [`${both} » lk-a.20240521`, 'zip', 0], [`${both} » tmp/lksupport/lk-b`, 'zip', 1]]);
    expect(r.clusters.map((c) => c.nodes)).toEqual([['lk-a', 'lk-b']]);
  });

  it('lists its files as ls lists the same files in a tar.gz, greps them, and cat reads a rotated .gz in it', async () => {
    const fromZip = (await listArchive(zip)).members ?? [];
    const fromTgz = (await listArchive(tgz)).members ?? [];
    const files = (l: typeof fromZip): unknown[] => l.filter((m) => m.skipped !== 'directory').map((m) => [m.name, m.kind, m.bytes]);
    expect(files(fromZip)).toEqual(files(fromTgz));
    expect(fromZip[0]).toMatchObject({ name: 'lk-a.20240521', kind: 'skipped', skipped: 'directory' });
    const hits: string[] = [];
    const g = await grepArchive(zip, { matcher: needle(), context: 0, members: null }, { line: (member, l) => hits.push(`${member}:${l.line}`), gap: () => undefined });
    expect(g.matches).toBe(1);
    expect(hits).toEqual(['lk-a.20240521/var/log/lifekeeper.log.1.gz:1']);
    const lines: string[] = [];
    await readMemberLines(zip, 'lk-a.20240521/var/log/lifekeeper.log.1.gz', null, (_n, t) => lines.push(t));
    expect(lines).toEqual(['May 19 01:00:00 lk-a lcm[9]: ERROR:lcm:::000002:older NEEDLE failure']);
  });

  it('says of a file whose zip sizes lie that its own data could not be read to its end, not that the archive stopped, and reads the rest', async () => {
    const log = `${Array.from({ length: 3000 }, (_, i) => logLine(i)).join('\n')}\n`;
    const lying = join(dir, 'lying-sizes.zip');
    await writeFile(lying, makeZip([
      ...tree().filter((m) => m.type !== 'directory' && !m.name.endsWith('/messages')).map((m) => ({ name: m.name, content: m.content as Buffer | string, method: 8, mtime: MTIME })),
      // Its directory says 1,000 bytes: the zip reader stops it there ("too many bytes").
      { name: 'lk-a.20240521/var/log/messages', content: log, method: 8, uncompressed: 1000, mtime: MTIME },
      // A rotated log whose deflate data is cut: the directory says it is shorter than its data was.
      { name: 'lk-a.20240521/var/log/messages.1.gz', content: gzipSync(log), method: 8, compressed: 600, mtime: MTIME },
    ]));
    const r = await analyze([lying], { analyzers, clusterRules, now: NOW });
    expect(r.archives[0]).toMatchObject({ status: 'read', problem: null });
    const read = r.nodes[0]?.members.read ?? [];
    expect(read.find((m) => m.path.endsWith('/messages'))?.problem?.en).toBe('its data in the zip could not be read to its end (too many bytes in the stream. expected 1000. got at least 16384); the lines before were read');
    expect(read.find((m) => m.path.endsWith('/messages'))?.problem?.ja).toBe('zip 内のデータを最後まで読めませんでした (too many bytes in the stream. expected 1000. got at least 16384)。それより前の行は読み込みました');
    expect(read.find((m) => m.path.endsWith('/messages.1.gz'))?.problem?.en).toMatch(/^its data in the zip could not be read to its end \(.+\); the lines before were read$/);
    // The other files are read whole, and the finding they make is made.
    expect(read.filter((m) => m.problem === null).map((m) => m.path)).toContain('lk-a.20240521/var/log/lifekeeper.log.1.gz');
    const cat = await runCli(['cat', lying, 'lk-a.20240521/var/log/messages'], { LANG: 'C' });
    expect(cat.err).toMatch(/messages: read in part, up to line \d+: its data in the zip could not be read to its end \(too many bytes in the stream/);
  });

  it('lists and searches a zip of loose files that are no lksupport tree; the analysis says it holds no node, and why', async () => {
    const ls = await runCli(['ls', loose], { LANG: 'C' });
    expect(ls.code).toBe(0);
    expect(ls.out).toMatch(/^log .* messages$/m);
    expect(ls.out).toMatch(/^document .* notes\.txt$/m);
    const grep = await runCli(['grep', 'NEEDLE', loose], { LANG: 'C' });
    expect(grep.code).toBe(0);
    expect(grep.out).toBe(`${loose} » messages:1:May 20 10:00:00 web1 httpd[1]: NEEDLE in a loose log\n${loose} » notes.txt:1:the customer says NEEDLE\n`);
    const r = await analyze([loose], { analyzers, clusterRules, now: NOW });
    expect(r.archives[0]).toMatchObject({ format: 'zip', status: 'unreadable', problem: {
      en: 'it is a zip that holds no lksupport archive (.tar.gz, .tgz or .tar), and its 2 file(s) are no lksupport tree either (no lifekeeper.log, lcdstatus, /etc/default/LifeKeeper or LifeKeeper package)',
      ja: 'lksupport アーカイブ (.tar.gz, .tgz, .tar) を含まない zip で、含まれる 2 個のファイルも lksupport の内容ではありません(lifekeeper.log、lcdstatus、/etc/default/LifeKeeper、LifeKeeper パッケージのいずれもありません)',
    } });
    expect(r.nodes).toEqual([]);
  });

  it('a zip whose directory breaks after files that are no lksupport tree is unreadable with both reasons, not partly read', async () => {
    const z = makeZip([{ name: 'notes.txt', content: 'hello\n' }, { name: 'more.txt', content: 'again\n' }]);
    // The second directory record's signature broken: yauzl stops after the first entry.
    const dirStart = z.readUInt32LE(z.length - 22 + 16);
    z[dirStart + 46 + 'notes.txt'.length] = 0;
    const file = join(dir, 'broken-files.zip');
    await writeFile(file, z);
    const r = await analyze([file], { analyzers, clusterRules, now: NOW });
    expect(r.nodes).toEqual([]);
    expect(r.archives[0]?.status).toBe('unreadable');
    expect(r.archives[0]?.problem?.en).toMatch(/^it is a zip that holds no lksupport archive .*, and its 1 file\(s\) are no lksupport tree either .*; the zip file is corrupt after 1 members/);
  });

  it('lists and searches the files beside the node archives of a ticket zip; the node archives stay the nodes', async () => {
    const { members } = await listArchive(mixed);
    expect((members ?? []).map((m) => m.name)).toContain('case/notes.txt');
    const hits: string[] = [];
    await grepArchive(mixed, { matcher: needle(), context: 0, members: null }, { line: (member) => hits.push(member), gap: () => undefined });
    expect(hits).toEqual(['case/notes.txt']);
    const r = await analyze([mixed], { analyzers, clusterRules, now: NOW });
    expect(r.nodes.map((n) => n.hostname)).toEqual(['lk-b']);
    expect(r.archives.map((a) => [a.file.slice(dir.length + 1), a.status, a.node])).toEqual([['mixed.zip', 'read', null], ['mixed.zip » case/node-b.tar.gz', 'read', 0]]);
  });

  it("opens a deflated file of the zip past the log view's budget at any line, read again through the index", async () => {
    // 1.2 MiB: the 5 MB messages (about 1.5 MiB deflated in blocks) is past it.
    const nav = new LogNav((id) => (id === 'a1' ? zip : null), () => null, new StoreBudget(1.2 * 2 ** 20));
    const list = await nav.members('a1');
    if (!list.ok) throw new Error(list.error.message.en);
    const log = list.value.members.find((m) => m.name === 'lk-a.20240521/var/log/messages');
    expect(log).toMatchObject({ lines: BIG, notKept: null, indexed: true });
    const got = await nav.lines(log?.id ?? '', 77_777, 3);
    expect(got.ok && got.value.lines.map((l) => l.text)).toEqual([logLine(77_776), logLine(77_777), logLine(77_778)]);
    expect(await nav.seek(log?.id ?? '', 10_000, 'next-problem', null)).toEqual({ ok: true, value: 18_000 });
  });
});
