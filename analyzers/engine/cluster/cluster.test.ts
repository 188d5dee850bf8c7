// Which archives are the same node: only those whose identities agree. A
// folder name is no identity: archives with no top folder (members start at
// var/) or a generic one (lksupport-out/) must never be merged into one node.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadAnalyzers } from '../../registry.js';
import type { TestMember } from '../plugin/testing.js';
import { makeTar } from '../plugin/testing.js';
import type { Report } from '../report/report.js';
import { analyze } from '../run/engine.js';

const log = (host: string, peer: string): string =>
  `May 20 10:00:00 ${host} flg_create[3110]: ERROR:lcd.mes:::004217:Communication failure: destination system "${peer}" is out of service.\n`;

async function analyzeArchives(archives: ReadonlyArray<{ file: string; members: TestMember[] }>): Promise<Report> {
  const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-cluster-'));
  try {
    const files: string[] = [];
    for (const [i, a] of archives.entries()) {
      // The same file name in two folders: like two attachments of one ticket.
      const file = join(dir, String(i), a.file);
      await mkdir(join(dir, String(i)));
      await writeFile(file, gzipSync(await makeTar(a.members)));
      files.push(file);
    }
    const { analyzers, clusterRules } = await loadAnalyzers();
    return await analyze(files, { analyzers, clusterRules, now: new Date('2026-01-01T00:00:00Z') });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('node identity across archives', () => {
  it('two archives with no top folder, of two hosts, are two nodes named by their logs, not "var"', async () => {
    const r = await analyzeArchives([
      { file: 'lksupport.tar.gz', members: [{ name: 'var/log/lifekeeper.log', content: log('db1', 'db2') }] },
      { file: 'lksupport.tar.gz', members: [{ name: 'var/log/lifekeeper.log', content: log('db2', 'db1') }] },
    ]);
    expect(r.nodes.map((n) => n.hostname)).toEqual(['db1', 'db2']);
    expect(r.nodes.map((n) => n['node-identity']?.hostnameSource)).toEqual(['lifekeeper-log', 'lifekeeper-log']);
    expect(r.clusters.flatMap((c) => c.earlierArchives)).toEqual([]);
  });

  it('archives under a generic top folder with nothing naming them stay two unnamed nodes, never one', async () => {
    const r = await analyzeArchives([
      { file: 'lksupport.tar.gz', members: [{ name: 'lksupport-out/etc/default/LifeKeeper', content: 'LCMHBEATTIME=5\n' }] },
      { file: 'lksupport.tar.gz', members: [{ name: 'lksupport-out/etc/default/LifeKeeper', content: 'LCMHBEATTIME=6\n' }] },
    ]);
    expect(r.nodes.map((n) => n.hostname)).toEqual([null, null]);
    expect(r.clusters.flatMap((c) => c.earlierArchives)).toEqual([]);
  });
});
