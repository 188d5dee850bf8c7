// A ticket often carries the nodes' archives in one tar or tar.gz: each inner
// lksupport archive is read from the stream and becomes its own node.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadAnalyzers } from '../../registry.js';
import { analyze } from '../run/engine.js';
import { clusterNode, fixtureMembers, makeTar, makeZip, withArchive } from '../plugin/testing.js';

const { analyzers, clusterRules } = await loadAnalyzers();
const nodeArchive = async (host: string, peer: string, state: string): Promise<Buffer> =>
  gzipSync(await makeTar(fixtureMembers(clusterNode({ host, peer, state }))));
const run = (file: string) => analyze([file], { analyzers, clusterRules, now: new Date('2026-01-01T00:00:00Z') });

describe('a container of node archives', () => {
  it('reads each inner archive as a node and groups them into a cluster (tar.gz container)', async () => {
    const container = gzipSync(await makeTar([
      { name: 'ticket/notes.txt', content: 'customer says it failed over twice\n' },
      { name: 'ticket/lksupport-a.tar.gz', content: await nodeArchive('node-a', 'node-b', 'ISP') },
      { name: 'ticket/lksupport-b.tgz', content: await nodeArchive('node-b', 'node-a', 'ISP') },
    ]));
    const r = await withArchive(container, 'ticket.tar.gz', run);
    expect(r.nodes.map((n) => n.hostname)).toEqual(['node-a', 'node-b']);
    expect(r.archives.map((a) => [a.file.replace(/^.*ticket\.tar\.gz/, 'ticket.tar.gz'), a.node])).toEqual([
      ['ticket.tar.gz', null],
      ['ticket.tar.gz » ticket/lksupport-a.tar.gz', 0],
      ['ticket.tar.gz » ticket/lksupport-b.tgz', 1],
    ]);
    expect(r.clusters.map((c) => c.nodes)).toEqual([['node-a', 'node-b']]);
    expect(r.findings.map((f) => f.id)).toContain('cluster-split-brain');
  });

  it('reads a plain tar container too', async () => {
    const container = await makeTar([
      { name: 'a.tar.gz', content: await nodeArchive('node-a', 'node-b', 'ISP') },
      { name: 'b.tar.gz', content: await nodeArchive('node-b', 'node-a', 'OSU') },
    ]);
    const r = await withArchive(container, 'ticket.tar', run);
    expect(r.nodes.map((n) => n.hostname)).toEqual(['node-a', 'node-b']);
    expect(r.findings.map((f) => f.id)).not.toContain('cluster-split-brain');
  });

  it('lists a corrupt inner archive with its reason and analyzes the others', async () => {
    const good = await nodeArchive('node-a', 'node-b', 'ISP');
    const truncated = await nodeArchive('node-c', 'node-a', 'OSU');
    const container = await makeTar([
      { name: 'a.tar.gz', content: good },
      { name: 'b.tar.gz', content: Buffer.from('this is not gzip at all, just text that claims to be') },
      { name: 'c.tar.gz', content: truncated.subarray(0, Math.floor(truncated.length / 2)) },
    ]);
    const r = await withArchive(container, 'ticket.tar', run);
    expect(r.nodes[0]?.hostname).toBe('node-a');
    const c = r.archives.find((a) => a.file.endsWith('» c.tar.gz'));
    expect(c?.status).toMatch(/partial|unreadable/);
    expect(c?.problem?.en).toMatch(/truncated/);
    const b = r.archives.find((a) => a.file.endsWith('» b.tar.gz'));
    expect(b?.status).toBe('unreadable');
    expect(b?.problem?.en).toMatch(/gzip/);
    expect(r.clusters.find((cl) => cl.nodes.includes('node-a'))?.missingPeers).toContain('node-b');
  });

  it('a node archive that holds a tarball stays one node', async () => {
    const members = fixtureMembers(clusterNode({ host: 'node-a', peer: 'node-b' }));
    const inner = await makeTar([{ name: 'x/readme', content: 'not a node\n' }]);
    const archive = gzipSync(await makeTar([...members, { name: 'opt/app/backup.tar', content: inner }]));
    const r = await withArchive(archive, 'node-a.tar.gz', run);
    expect(r.nodes.map((n) => n.hostname)).toEqual(['node-a']);
    expect(r.archives).toHaveLength(1);
    expect(r.archives[0]?.node).toBe(0);
  });

  it('an archive of unrelated tarballs is reported as not an lksupport archive, not as nodes', async () => {
    const inner = await makeTar([{ name: 'x/readme', content: 'not a node\n' }]);
    const r = await withArchive(await makeTar([{ name: 'one.tar', content: inner }]), 'misc.tar', run);
    expect(r.archives).toHaveLength(1);
    expect(r.nodes[0]?.recognized).toBe(false);
  });

  it('reads a zip container: each .tar.gz inside is a node; unsafe names and other files are passed over', async () => {
    const zip = makeZip([
      { name: 'case-42/', content: '' },
      { name: 'case-42/node-a.tar.gz', content: await nodeArchive('node-a', 'node-b', 'ISP') },
      { name: 'case-42/node-b.tar.gz', content: await nodeArchive('node-b', 'node-a', 'OSU') },
      { name: '../../escape.tar.gz', content: await nodeArchive('node-x', 'node-a', 'ISP') },
      { name: 'case-42/notes.txt', content: 'not read' },
    ]);
    const r = await withArchive(zip, 'case.zip', run);
    expect(r.archives[0]).toMatchObject({ format: 'zip', status: 'read', node: null });
    expect(r.nodes.map((n) => n.hostname)).toEqual(['node-a', 'node-b']);
    expect(r.archives.slice(1).map((a) => a.file.replace(/^.*case\.zip/, 'case.zip'))).toEqual(['case.zip » case-42/node-a.tar.gz', 'case.zip » case-42/node-b.tar.gz']);
    expect(r.clusters.map((c) => c.nodes)).toEqual([['node-a', 'node-b']]);
  });

  it('a zip without node archives, and a corrupt zip, are unreadable with a reason', async () => {
    const empty = await withArchive(makeZip([{ name: 'notes.txt', content: 'hello' }]), 'notes.zip', run);
    expect(empty.archives[0]?.status).toBe('unreadable');
    expect(empty.archives[0]?.problem?.en).toMatch(/holds no lksupport archive/);
    const corrupt = makeZip([{ name: 'a.tar.gz', content: 'x' }]).subarray(0, 40);
    const bad = await withArchive(corrupt, 'bad.zip', run);
    expect(bad.archives[0]?.status).toBe('unreadable');
    expect(bad.archives[0]?.problem?.en).toMatch(/zip/);
    expect(bad.nodes).toEqual([]);
  });

  it('an entry whose directory record lies about its size past the end of the zip is unreadable, and takes no room from the next', async () => {
    const zip = makeZip([
      { name: 'ticket/node-a.tar.gz', content: await nodeArchive('lk-a', 'lk-b', 'ISP') },
      { name: 'ticket/node-b.tar.gz', content: await nodeArchive('lk-b', 'lk-a', 'OSU') },
    ]);
    // The first central directory record's sizes (a stored entry: both alike): about 4 GiB, so the room it claims covers node-b.
    const directory = zip.readUInt32LE(zip.length - 22 + 16);
    zip.writeUInt32LE(0xfffffff0, directory + 20);
    zip.writeUInt32LE(0xfffffff0, directory + 24);
    const r = await withArchive(zip, 'lying.zip', run);
    expect(r.archives[0]?.status).not.toBe('unreadable');
    expect(r.archives[0]?.problem?.en).toMatch(/node-a\.tar\.gz: its data runs past the end of the zip/);
    expect(r.archives[0]?.problem?.en).not.toMatch(/another entry already holds/);
    expect(r.nodes.map((n) => n.hostname)).toEqual(['lk-b']);
  });
});
