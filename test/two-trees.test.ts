// Two nodes' extracted lksupport trees in one archive (a ticket's zip, a tar
// of both): each tree is its own node, exactly as if each had been given as an
// archive of its own: the same nodes, facts, findings, clusters and changes,
// but for the input names, whatever the order the members of the trees come in.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestMember } from '../analyzers/engine/plugin/testing.js';
import { clusterNode, fixtureMembers, makeTar, makeZip } from '../analyzers/engine/plugin/testing.js';
import { loadAnalyzers } from '../analyzers/registry.js';
import { analyze } from '../analyzers/engine/run/engine.js';
import type { Report } from '../analyzers/engine/report/report.js';
import { runCli } from '../cli/run-in-test.js';

const { analyzers, clusterRules } = await loadAnalyzers();
const NOW = new Date('2026-01-01T00:00:00Z');

/** The members of a sample's tar.gz, as they are in it (a small ustar reader: the samples' names are short). */
function membersOf(file: string): TestMember[] {
  const tar = gunzipSync(readFileSync(file));
  const out: TestMember[] = [];
  for (let at = 0; at + 512 <= tar.length;) {
    const h = tar.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    const field = (from: number, len: number): string => h.subarray(from, from + len).toString('utf8').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const mtime = new Date(parseInt(field(136, 12).trim(), 8) * 1000);
    const type = field(156, 1);
    const content = tar.subarray(at + 512, at + 512 + size);
    out.push(type === '5' ? { name, type: 'directory', mtime } : { name, content: Buffer.from(content), mtime });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** When the engineer unpacked the two archives: the time their folders have once packed again (the files keep theirs). */
const UNPACKED = new Date('2025-12-31T09:00:00Z');

/**
 * Tree after tree, or one member of each in turn, each tree in a folder of its own (`node1/`, `node2/`), as an
 * engineer unpacks two nodes' archives and packs the folders again: every folder has the time of the unpacking.
 */
function packed(a: TestMember[], b: TestMember[], order: 'tree after tree' | 'interleaved'): TestMember[] {
  const unpacked = (m: TestMember): TestMember => (m.type === 'directory' ? { ...m, mtime: UNPACKED } : m);
  const one = [{ name: 'node1/', type: 'directory' as const }, ...a.map((m) => ({ ...m, name: `node1/${m.name}` }))].map(unpacked);
  const two = [{ name: 'node2/', type: 'directory' as const }, ...b.map((m) => ({ ...m, name: `node2/${m.name}` }))].map(unpacked);
  if (order === 'tree after tree') return [...one, ...two];
  const out: TestMember[] = [];
  for (let i = 0; i < Math.max(one.length, two.length); i++) out.push(...[one[i], two[i]].filter((m): m is TestMember => m !== undefined));
  return out;
}

/** The report as it must read the same either way: input names left out, member paths without the ticket's folder. */
function comparable(r: Report): unknown {
  const nodes = [...r.nodes].sort((a, b) => (a.hostname ?? '').localeCompare(b.hostname ?? ''));
  // The count of members is compared apart (below): the folder a tree without a top folder was unpacked into is its own.
  const text = JSON.stringify({ nodes: nodes.map((n) => ({ ...n, archive: null, members: { ...n.members, total: null } })), findings: r.findings, clusters: r.clusters, changes: r.changes }).replace(/"node[12]\//g, '"');
  return JSON.parse(text);
}

let dir: string;
const PAIRS = [
  // A path mirror (`<top>/var/log/...`, `<top>/cmd/...`, the top folder in the tar) beside a flattened tree with no folder entries
  // (`lksupport/var_log_lifekeeper.log`, `lksupport/date.txt`, coming first).
  { a: 'samples/failover-failed-node1.tar.gz', b: 'samples/failover-failed-node2.tar.gz', trees: ['node1/lksupport-lk-node1-20240520-102001', 'node2/lksupport'] },
  // Two path mirrors whose command outputs have no extension (`cmd/date`), DataKeeper mirrors on both.
  { a: 'samples/mirror-switch-node1.tar.gz', b: 'samples/mirror-switch-node2.tar.gz', trees: ['node1/lksupport_dk-web1_20210409', 'node2/lksupport_dk-web2_20210409'] },
  // No top folder (`_bin_date`, `var_log_lifekeeper.log` at the top of the archive) beside a generic one (`lksupport-out/cmds/`).
  { a: 'samples/no-top-folder-node1.tar.gz', b: 'samples/generic-folder-node2.tar.gz', trees: ['node1', 'node2/lksupport-out'] },
] as const;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-two-trees-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('two extracted lksupport trees in one archive', () => {
  for (const [p, pair] of PAIRS.entries()) {
    for (const order of ['tree after tree', 'interleaved'] as const) {
      for (const kind of ['tar.gz', 'zip'] as const) {
        it(`reads a ${kind} of both trees of ${pair.a.replace(/^.*\//, '')} and ${pair.b.replace(/^.*\//, '')} (${order}) as the two nodes the two archives are, with the same findings`, async () => {
          const members = packed(membersOf(pair.a), membersOf(pair.b), order);
          const file = join(dir, `both-${p}-${order.replace(/ /g, '-')}.${kind}`);
          await writeFile(file, kind === 'zip'
            ? makeZip(members.map((m) => ({ name: m.type === 'directory' ? `${m.name.replace(/\/$/, '')}/` : m.name, content: m.content ?? '', ...(m.mtime ? { mtime: m.mtime } : {}) })))
            : gzipSync(await makeTar(members)));
          const both = await analyze([file], { analyzers, clusterRules, now: NOW });
          // In the order each tree is first known in the archive: a cluster's facts follow the order its nodes come in, so the
          // two archives are given in that order too.
          const trees = both.nodes.map((n) => n.archive.replace(`${file} » `, ''));
          expect([...trees].sort()).toEqual([...pair.trees]);
          const separate = await analyze(trees[0] === pair.trees[0] ? [pair.a, pair.b] : [pair.b, pair.a], { analyzers, clusterRules, now: NOW });
          expect(both.nodes.map((n) => n.hostname)).toEqual(separate.nodes.map((n) => n.hostname));
          expect(both.archives.map((a) => [a.file, a.node])).toEqual([[file, null], ...trees.map((t, i) => [`${file} » ${t}`, i])]);
          expect(both.nodes.flatMap((n) => n.notes)).toEqual(separate.nodes.flatMap((n) => n.notes));
          expect(both.findings.length).toBeGreaterThan(0);
          expect(comparable(both)).toEqual(comparable(separate));
          // Each member counted in its own tree; the folders the trees were unpacked into in none, but where the tree had no top
          // folder of its own (no-top-folder: `node1/` is where its files start), in that tree.
          expect(both.nodes.map((n, i) => n.members.total - (separate.nodes[i]?.members.total ?? 0))).toEqual(trees.map((t) => (t === 'node1' ? 1 : 0)));
        });
      }
    }
  }

  it('names the members of each tree as ls, cat and grep do, by their paths in the archive', async () => {
    const file = join(dir, 'both-for-ls.tar.gz');
    await writeFile(file, gzipSync(await makeTar(packed(membersOf(PAIRS[0].a), membersOf(PAIRS[0].b), 'interleaved'))));
    const both = await analyze([file], { analyzers, clusterRules, now: NOW });
    const ls = await runCli(['ls', file], { LANG: 'C' });
    // Every member a node read is one ls lists, and cat prints it.
    const listed = new Set(ls.out.split('\n').map((l) => l.replace(/^\S+ +\S+ \S+ +\S+ \S+ {2}/, '')));
    for (const node of both.nodes) for (const m of node.members.read) expect(listed.has(m.path), m.path).toBe(true);
    const evidence = both.findings.flatMap((f) => f.evidence)[0];
    expect(evidence?.path).toMatch(/^node[12]\//);
    expect((await runCli(['cat', file, evidence?.path ?? ''], { LANG: 'C' })).code).toBe(0);
  });

  it('takes a tree\'s collection time from its files, not from folders of the unpacking\'s time (a tree deep in tmp/lksupport/, no date output)', async () => {
    const LOG = (host: string): string => `May 20 00:59:00 ${host} lcm[1]: INFO:lcm:::000000:up\n`;
    const a = fixtureMembers(clusterNode({ host: 'lk-a', peer: 'lk-b', log: LOG('lk-a') }));
    const b = fixtureMembers(clusterNode({ host: 'lk-b', peer: 'lk-a', state: 'OSU', log: LOG('lk-b') }));
    const folders = (...names: string[]): TestMember[] => names.map((name) => ({ name, type: 'directory', mtime: UNPACKED }));
    const file = join(dir, 'deep.tar.gz');
    await writeFile(file, gzipSync(await makeTar([
      ...folders('n1/', 'n1/lk-a/'), ...a.map((m) => ({ ...m, name: `n1/lk-a/${m.name}` })),
      ...folders('n2/', 'n2/tmp/', 'n2/tmp/lksupport/', 'n2/tmp/lksupport/lk-b/'), ...b.map((m) => ({ ...m, name: `n2/tmp/lksupport/lk-b/${m.name}` })),
    ])));
    const r = await analyze([file], { analyzers, clusterRules, now: NOW });
    expect(r.nodes.map((n) => [n.archive.replace(`${file} » `, ''), n.hostname, n.collectedAt, n['node-identity']?.collectedAtSource])).toEqual([
      ['n1/lk-a', 'lk-a', '2024-05-20T01:00:00', 'member-mtime'],
      ['n2/tmp/lksupport/lk-b', 'lk-b', '2024-05-20T01:00:00', 'member-mtime'],
    ]);
    expect(r.clusters).toHaveLength(1);
  });

  it('reads ONE tree packed from a folder whose own path has folders named as a tree\'s (var/tmp/case/), its messages before its lifekeeper.log, as one node', async () => {
    const members = membersOf(PAIRS[0].a).filter((m) => m.type !== 'directory');
    // messages first (a weak guess: `var/` at the top of the path), then the rest, lifekeeper.log among it.
    const first = members.filter((m) => /\/var\/log\/messages/.test(m.name));
    expect(first.length).toBeGreaterThan(0);
    const inCase = [...first, ...members.filter((m) => !first.includes(m))].map((m) => ({ ...m, name: `var/tmp/case/${m.name}` }));
    const folders = (...names: string[]): TestMember[] => names.map((name) => ({ name, type: 'directory', mtime: UNPACKED }));
    const file = join(dir, 'one-in-var-tmp.tar.gz');
    await writeFile(file, gzipSync(await makeTar([...folders('var/', 'var/tmp/', 'var/tmp/case/'), ...inCase])));
    const r = await analyze([file], { analyzers, clusterRules, now: NOW });
    const alone = await analyze([PAIRS[0].a], { analyzers, clusterRules, now: NOW });
    expect(r.nodes.map((n) => n.hostname)).toEqual(alone.nodes.map((n) => n.hostname));
    expect(r.findings.map((f) => f.id)).toEqual(alone.findings.map((f) => f.id));
  });

  it('says which log went with another tree when nothing before it says where its tree starts, on both nodes', async () => {
    const a = fixtureMembers(clusterNode({ host: 'lk-a', peer: 'lk-b' }));
    const b = fixtureMembers(clusterNode({ host: 'lk-b', peer: 'lk-a', state: 'OSU' }));
    const file = join(dir, 'stray.zip');
    // node2's log has a name of its own only (logs/lifekeeper.log) and comes before node2's LifeKeeper files.
    await writeFile(file, makeZip([
      ...a.map((m) => ({ name: `node1/lk-a/${m.name}`, content: m.content ?? '' })),
      { name: 'node2/lk-b/logs/lifekeeper.log', content: 'May 20 00:59:00 lk-b lcm[1]: INFO:lcm:::000000:up\n' },
      ...b.map((m) => ({ name: `node2/lk-b/${m.name}`, content: m.content ?? '' })),
    ]));
    const r = await analyze([file], { analyzers, clusterRules, now: NOW });
    expect(r.nodes.map((n) => n.hostname)).toEqual(['lk-a', 'lk-b']);
    for (const node of r.nodes) {
      expect(node.notes.map((n) => n.en)).toContainEqual(expect.stringMatching(/^the log "node2\/lk-b\/logs\/lifekeeper\.log" of the tree "node2\/lk-b" came in the archive before any file that says where that tree starts/));
    }
  });
});


describe('an archive of more trees than a ticket holds (the hostile set)', () => {
  it(`reads the first MAX_TREES trees as nodes and the files of the rest with the first, saying so`, async () => {
    const { MAX_TREES } = await import('../analyzers/engine/run/budget.js');
    const members: TestMember[] = [];
    for (let i = 0; i < MAX_TREES + 6; i++) members.push({ name: `t${i}/etc/default/LifeKeeper`, content: 'LCMHBEATTIME=5\n' }, { name: `t${i}/cmd/hostname.out`, content: `host${i}\n` });
    const file = join(dir, 'many.tar.gz');
    await writeFile(file, gzipSync(await makeTar(members)));
    const r = await analyze([file], { analyzers, clusterRules, now: NOW });
    expect(r.nodes).toHaveLength(MAX_TREES);
    expect(r.nodes[0]?.notes.map((n) => n.en)).toContainEqual(`this archive holds more than ${MAX_TREES} lksupport trees (the limit for one archive): the files of those past the first ${MAX_TREES} ("t${MAX_TREES}", "t${MAX_TREES + 1}", "t${MAX_TREES + 2}", …) were read with this node, so its facts may mix nodes`);
    expect(r.nodes[1]?.notes).toEqual([]);
  });
});
