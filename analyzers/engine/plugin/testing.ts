// Runs one analyzer on inputs given by logical name, through the real archive
// reader and engine: what a test proves is what the CLI does. Tests never
// spell archive paths; this table does, once.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import type { AnyAnalyzer } from './analyzer.js';
import { analyzeArchive } from '../run/engine.js';
import type { Finding } from './findings.js';
import type { InputId } from '../archive/inputs.js';
import type { AnalyzerStatus, NodeReport } from '../report/report.js';

/** Where each logical input is put in a test archive. */
const TEST_PATHS: Record<InputId, string> = {
  'lifekeeper-log': 'var/log/lifekeeper.log',
  syslog: 'var/log/messages',
  'lifekeeper-defaults': 'etc/default/LifeKeeper',
  'os-release': 'etc/os-release',
  'distro-release': 'etc/redhat-release',
  uname: 'cmd/uname_-a.out',
  hostname: 'cmd/hostname.out',
  'lifekeeper-uname': 'opt/LifeKeeper/config/UNAME',
  date: 'cmd/date.out',
  'rpm-qa': 'cmd/rpm_-qa.out',
  df: 'cmd/df_-k.out',
  lcdstatus: 'cmd/lcdstatus.out',
  'lcdstatus-q': 'cmd/lcdstatus_-q.out',
  'lcdstatus-e': 'cmd/lcdstatus_-e.out',
  'ins-list': 'cmd/ins_list.out',
  'dep-list': 'cmd/dep_list.out',
  'eqv-list': 'cmd/eqv_list.out',
  'flg-list': 'cmd/flg_list.out',
  'net-list': 'cmd/net_list.out',
  'sys-list': 'cmd/sys_list.out',
  mdstat: 'proc/mdstat',
  'mirror-status': 'cmd/mirror_status.out',
  'iscsid-conf': 'etc/iscsi/iscsid.conf',
  mounts: 'proc/mounts',
  fstab: 'etc/fstab',
  'mdadm-conf': 'etc/mdadm.conf',
  'netraid-flag': 'opt/LifeKeeper/subsys/scsi/resources/netraid/',
  'core-file': 'var/crash/',
};

/** One input's content, or several members of it by file name (a `.gz` name is stored gzipped). */
export type FixtureInput = string | Buffer | Record<string, string | Buffer>;

export interface Fixture {
  inputs?: Partial<Record<InputId, FixtureInput>>;
  facts?: Record<string, unknown>;
  /** mtime of every member: the reference year for BSD syslog lines. */
  mtime?: Date;
}

export interface AnalyzerRun {
  fact: unknown;
  findings: Finding[];
  status: AnalyzerStatus;
  node: NodeReport;
}

export interface TestMember {
  name: string;
  content?: string | Buffer;
  type?: 'file' | 'symlink' | 'link' | 'directory' | 'character-device' | 'fifo';
  linkname?: string;
  mtime?: Date;
}

/** Packs members into a tar; tests use it for hostile archives too. */
export async function makeTar(members: readonly TestMember[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const m of members) {
    const body = m.content === undefined ? undefined : Buffer.isBuffer(m.content) ? m.content : Buffer.from(m.content);
    await new Promise<void>((resolve, reject) => {
      const header = {
        name: m.name,
        type: m.type ?? 'file',
        mtime: m.mtime ?? new Date('2024-05-20T00:00:00Z'),
        ...(m.linkname ? { linkname: m.linkname } : {}),
      };
      const cb = (err?: Error | null): void => (err ? reject(err) : resolve());
      if (body) pack.entry(header, body, cb);
      else pack.entry(header, cb);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export function fixtureMembers(fixture: Fixture): TestMember[] {
  const mtime = fixture.mtime ?? new Date('2024-05-20T01:00:00Z');
  // A member no analyzer reads, so that a fixture without inputs is still an archive.
  const members: TestMember[] = [{ name: 'README.fixture', content: 'test archive\n', mtime }];
  for (const [input, value] of Object.entries(fixture.inputs ?? {}) as Array<[InputId, FixtureInput]>) {
    const path = TEST_PATHS[input];
    if (typeof value === 'string' || Buffer.isBuffer(value)) {
      members.push({ name: path.endsWith('/') ? `${path}${input}` : path, content: value, mtime });
      continue;
    }
    const dir = path.endsWith('/') ? path : path.replace(/[^/]*$/, '');
    for (const [name, content] of Object.entries(value)) {
      const body = name.endsWith('.gz') ? gzipSync(content) : content;
      members.push({ name: `${dir}${name}`, content: body, mtime });
    }
  }
  return members;
}

/** Writes a temporary archive (tests only), runs the analyzers, removes it. */
export async function withArchive<T>(bytes: Buffer, name: string, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-test-'));
  const file = join(dir, name);
  try {
    await writeFile(file, bytes);
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `analyzer` (with `providers`, the fact analyzers it needs, unless the
 * fixture gives those facts) on the fixture.
 */
export async function runAnalyzer(analyzer: AnyAnalyzer, fixture: Fixture, providers: readonly AnyAnalyzer[] = []): Promise<AnalyzerRun> {
  const bytes = gzipSync(await makeTar(fixtureMembers(fixture)));
  return withArchive(bytes, 'fixture.tar.gz', async (file) => {
    const result = await analyzeArchive(file, {
      analyzers: [...providers, analyzer],
      facts: fixture.facts ?? {},
      now: new Date('2026-01-01T00:00:00Z'),
    });
    const node = result.node;
    if (!node) throw new Error(`fixture archive unreadable: ${result.archive.problem?.en ?? ''}`);
    const status = node.analyzers.find((a) => a.id === analyzer.meta.id);
    if (!status) throw new Error(`${analyzer.meta.id} did not run`);
    return { fact: (node as unknown as Record<string, unknown>)[analyzer.meta.id], findings: result.findings, status, node };
  });
}

/** Analyzes several fixture archives together (one per node) with every analyzer and cross-node rule. */
export async function runCase(nodes: readonly Fixture[]): Promise<import('../report/report.js').Report> {
  const { analyze } = await import('../run/engine.js');
  const { loadAnalyzers } = await import('../../registry.js');
  const { analyzers, clusterRules } = await loadAnalyzers();
  const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-case-'));
  try {
    const files: string[] = [];
    for (const [i, f] of nodes.entries()) {
      const file = join(dir, `node${i + 1}.tar.gz`);
      await writeFile(file, gzipSync(await makeTar(fixtureMembers(f))));
      files.push(file);
    }
    return await analyze(files, { analyzers, clusterRules, now: new Date('2026-01-01T00:00:00Z') });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A node of a two-node cluster for cross-node rule tests: its name, peer, version, resource state and settings. */
export function clusterNode(o: { host: string; peer: string; version?: string; state?: string; defaults?: string; pathState?: string; log?: string }): Fixture {
  const [a, b] = o.host < o.peer ? ['10.0.0.1', '10.0.0.2'] : ['10.0.0.2', '10.0.0.1'];
  return {
    inputs: {
      hostname: `${o.host}\n`,
      'rpm-qa': `steeleye-lk-${o.version ?? '9.6.2'}-7047.x86_64\n`,
      'lcdstatus-q': `LOCAL TAG ID STATE PRIO PRIMARY\n${o.host} app1 app1 ${o.state ?? 'ISP'} 1 ${o.host}\n\nMACHINE NETWORK ADDRESSES/DEVICE STATE PRIO\n${o.peer} TCP ${a}/${b} ${o.pathState ?? 'ALIVE'} 1\n`,
      'lifekeeper-defaults': o.defaults ?? 'LCMHBEATTIME=5\n',
      ...(o.log ? { 'lifekeeper-log': o.log } : {}),
    },
  };
}

/**
 * One entry of a test zip: stored by default; deflated, with a data
 * descriptor, zip64 sizes or a local extra field of its own, or with the
 * directory lying, where asked.
 */
export interface ZipTestEntry {
  name: string;
  content: Buffer | string;
  /**
   * 0 stored (the default) or 8 deflated here; any other method (9 Deflate64,
   * 12 bzip2, 95 xz, …) is written with the bytes as given, never compressed,
   * as an encrypted entry's are.
   */
  method?: number;
  /** The encryption flag (bit 0) set. */
  encrypted?: boolean;
  /** Sizes and CRC-32 after the data (bit 3), zeros in the local header. */
  descriptor?: boolean;
  /** The directory's sizes as 0xffffffff, the real ones in a zip64 extra field. */
  zip64?: boolean;
  /** A local extra field of this many bytes the directory does not have: the data starts where the local header says. */
  localExtra?: number;
  /** Lies told by the directory: the CRC-32, the local header's offset, the compressed size. */
  crc?: number;
  offset?: number;
  compressed?: number;
  /** A lie told by the directory and the local header: the uncompressed size. */
  uncompressed?: number;
  /** The entry's time, written as zip tools write it (DOS date and time, local time, to 2 seconds); none by default. */
  mtime?: Date;
}

/** A time as a zip entry's DOS time and date fields (local time; a DOS date starts in 1980). */
function dosDateTime(t: Date): { time: number; date: number } {
  return {
    time: (t.getHours() << 11) | (t.getMinutes() << 5) | Math.floor(t.getSeconds() / 2),
    date: ((t.getFullYear() - 1980) << 9) | ((t.getMonth() + 1) << 5) | t.getDate(),
  };
}

/** A zip of the entries (UTF-8 names); the one zip writer of the tests, no zip writer dependency. */
export function makeZip(entries: readonly ZipTestEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content);
    const method = e.method ?? 0;
    const body = method === 8 && !e.encrypted ? deflateRawSync(data, { level: 6 }) : data;
    const crc = e.crc ?? crc32(data);
    const flags = 0x800 | (e.encrypted ? 1 : 0) | (e.descriptor ? 8 : 0);
    const extra = Buffer.alloc(e.localExtra ?? 0, 0);
    if (extra.length >= 4) {
      extra.writeUInt16LE(0xcafe, 0);
      extra.writeUInt16LE(extra.length - 4, 2);
    }
    const dos = e.mtime ? dosDateTime(e.mtime) : { time: 0, date: 0 };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(dos.time, 10);
    local.writeUInt16LE(dos.date, 12);
    if (!e.descriptor) {
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(e.uncompressed ?? data.length, 22);
    }
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const descriptor = Buffer.alloc(e.descriptor ? 16 : 0);
    if (e.descriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(body.length, 8);
      descriptor.writeUInt32LE(data.length, 12);
    }
    const z64 = Buffer.alloc(e.zip64 ? 20 : 0);
    if (e.zip64) {
      z64.writeUInt16LE(1, 0);
      z64.writeUInt16LE(16, 2);
      z64.writeBigUInt64LE(BigInt(data.length), 4);
      z64.writeBigUInt64LE(BigInt(e.compressed ?? body.length), 12);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.zip64 ? 45 : 20, 4);
    central.writeUInt16LE(e.zip64 ? 45 : 20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(dos.time, 12);
    central.writeUInt16LE(dos.date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.zip64 ? 0xffffffff : (e.compressed ?? body.length), 20);
    central.writeUInt32LE(e.zip64 ? 0xffffffff : (e.uncompressed ?? data.length), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(z64.length, 30);
    central.writeUInt32LE(e.offset ?? offset, 42);
    locals.push(local, name, extra, body, descriptor);
    centrals.push(central, name, z64);
    offset += local.length + name.length + extra.length + body.length + descriptor.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Hex that deflate cannot shrink much, `words` groups of 8 digits (xorshift
 * of the line number and a seed): test logs that stay past a log view's
 * budget once compressed.
 */
export function hexNoise(line: number, seed: number, words: number): string {
  let s = (line * 2654435761 + seed * 40503 + 1) >>> 0;
  let out = '';
  for (let k = 0; k < words; k++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out += s.toString(16).padStart(8, '0');
  }
  return out;
}

/**
 * `bytes` cut at the given places (each taken modulo its length + 1, so any
 * number a property test draws is a place): how a reader is handed a stream
 * in pieces it did not choose.
 */
export function cutAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    if (c > from) out.push(bytes.subarray(from, c));
    from = Math.max(from, c);
  }
  return out;
}
