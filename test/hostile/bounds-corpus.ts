// The archives of issue 14: small downloads that made the analyzer exhaust
// memory or work, and structures that broke recursion or grew quadratically.
// Each case says what running the CLI on it must stay within: time, peak RSS,
// exit code, report size, and the note that names what was not read and why.
// Generated (never checked in): `buildBoundsCorpus(dir)`.
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';

/** The parts of a report the checks read (the report as parsed from the CLI's JSON). */
export interface ReportShape {
  archives: Array<{ status: string; problem: { en: string } | null }>;
  nodes: Array<Record<string, unknown> & { members: { read: Array<{ path: string; unread?: { lines: number } }> } }>;
}

export interface BoundsCase {
  name: string;
  file: string;
  /** What the issue saw, for the record. */
  before: string;
  /** Limits to run it with in-process in the quick suite (the CLI always runs with the defaults). */
  quickLimits?: { maxArchiveInflated?: number; maxReadRatio?: number };
  /** Whether it is cheap enough at the default bounds for the quick suite (the rest runs with LKANALYZE_HOSTILE_FULL=1). */
  quick: boolean;
  bound: {
    ms: number;
    rssMiB: number;
    exit: number;
    /** The report must be smaller than this. */
    reportBytes: number;
    /** What the report must say (an archive or member problem, a skipped member, a node or analyzer note). */
    note: RegExp;
  };
  /** What else the report must hold: null when it does, else what is wrong. */
  check?: (report: ReportShape) => string | null;
}

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const MTIME = new Date('2024-05-20T10:20:00Z');
const LOG = 'May 20 10:13:20 n lkscsid[1]: INFO:lkscsid:::007046:lkscsid daemon pid:1 mlock:1 nice:-10\n';

interface Entry {
  name: string;
  content?: Buffer;
  type?: 'file' | 'symlink';
  linkname?: string;
}

/** Writes a .tar.gz entry by entry, so that a corpus of hundreds of MB is never held whole. */
async function writeTarGz(file: string, entries: Iterable<Entry>, level = 6): Promise<void> {
  const pack = tar.pack();
  const written = pipeline(pack, createGzip({ level, chunkSize: MiB }), createWriteStream(file));
  for (const e of entries) {
    await new Promise<void>((resolve, reject) => {
      const header = { name: e.name, type: e.type ?? 'file', mtime: MTIME, ...(e.linkname ? { linkname: e.linkname } : {}) };
      const cb = (err?: Error | null): void => (err ? reject(err) : resolve());
      if (e.content) pack.entry(header, e.content, cb);
      else pack.entry(header, cb);
    });
  }
  pack.finalize();
  await written;
}

/** `count` copies of one gzip member, concatenated: a valid gzip (gunzip reads every member) of count × its content, made in no time. */
function repeatedGzip(content: Buffer, count: number): Buffer {
  const one = gzipSync(content, { level: 9 });
  return Buffer.concat(Array.from({ length: count }, () => one));
}

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(buf: Uint8Array): number {
  let c = -1;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/**
 * A zip of one stored node archive and a central directory of `entries`
 * entries that all point at it, each under its own name: the trick that made
 * 65,535 nodes of a 4 MB file.
 */
function zipPointingAtOne(data: Buffer, entries: number): Buffer {
  const crc = crc32(data);
  const firstName = Buffer.from('node-00000.tar.gz');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0, 6);
  local.writeUInt16LE(0, 8); // stored
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(firstName.length, 26);
  const central: Buffer[] = [];
  for (let i = 0; i < entries; i++) {
    const name = Buffer.from(`node-${String(i).padStart(5, '0')}.tar.gz`);
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(20, 6);
    h.writeUInt16LE(0, 10);
    h.writeUInt32LE(crc, 16);
    h.writeUInt32LE(data.length, 20);
    h.writeUInt32LE(data.length, 24);
    h.writeUInt16LE(name.length, 28);
    h.writeUInt32LE(0, 42); // every entry's local header: the first one
    central.push(h, name);
  }
  const cd = Buffer.concat(central);
  const cdOffset = local.length + firstName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries, 0xffff), 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, firstName, data, cd, end]);
}

/** A lifekeeper.log of `count` events, each line padded to `bytes`: every one a distinct timeline event. */
function paddedEvents(count: number, bytes: number): Buffer {
  const lines: Buffer[] = [];
  const pad = 'x'.repeat(bytes);
  for (let i = 0; i < count; i++) {
    const at = `May 20 ${String(10 + Math.floor(i / 3600) % 10).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} n`;
    const head = i % 2 === 0
      ? `${at} lcm[1]: ERROR:lcd:::004217:Communication failure: destination system "peer${i}" is out of service `
      : `${at} quickCheck[9]: NOTIFY:RKActionHandler:quickCheck:fs-${i}:001047:END failed quickCheck of "fs-${i}" due to a "ALRM" signal. `;
    lines.push(Buffer.from(`${head}${pad.slice(0, Math.max(0, bytes - head.length - 1))}\n`));
  }
  return Buffer.concat(lines);
}

/** ins_list and dep_list of a chain of `depth` resources, each depending on the next. */
function chainLists(depth: number): { ins: Buffer; dep: Buffer } {
  const ins: string[] = [];
  const dep: string[] = [];
  for (let i = 0; i < depth; i++) {
    ins.push(['gen', 'filesys', `fs-${i}`, `/data/${i}`, '-', 'AUTORES_ISP', 'ISP'].join('\u0001'));
    if (i > 0) dep.push([`fs-${i - 1}`, `fs-${i}`].join('\u0001'));
  }
  return { ins: Buffer.from(`${ins.join('\n')}\n`), dep: Buffer.from(`${dep.join('\n')}\n`) };
}

/** lcdstatus -q with `count` comm paths to one peer. */
function manyCommPaths(count: number): Buffer {
  const rows = ['LOCAL     TAG          ID        STATE     PRIO  PRIMARY', 'lk-node1  ip-web      IP-192.168.10.50  ISP  1  lk-node1', '', 'MACHINE   NETWORK ADDRESSES/DEVICE             STATE     PRIO'];
  for (let i = 0; i < count; i++) {
    const a = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    rows.push(`lk-node2  TCP     ${a}/172.16.0.1  ALIVE  ${i + 1}`);
  }
  return Buffer.from(`${rows.join('\n')}\n`);
}

/** Resyncs of absurd sizes among ordinary ones. */
function absurdResyncs(): Buffer {
  const line = (t: string, size: string): string => `May 20 10:${t} n mirror_action[2005]: INFO:dr:resume:datarep-x:104009:/dev/md0: bitmap merged, resyncing ${size}`;
  return Buffer.from(`${[
    line('10:00', '2.9 GB'),
    line('11:00', `1${'0'.repeat(400)} TB`),
    line('12:00', '-5 GB'),
    line('13:00', '99999999999999 TB'),
    line('14:00', '662.2 MB'),
  ].join('\n')}\n`);
}

export async function buildBoundsCorpus(dir: string, sample = 'samples/healthy-shared-disk-node1.tar.gz'): Promise<BoundsCase[]> {
  const cases: BoundsCase[] = [];
  const at = (name: string): string => join(dir, name);
  const node = 'lksupport-n-20240520';

  // Thirty 16 MiB `rpm -qa` outputs of 3-byte lines: 0.5 MB gzipped, 5.6 million lines each.
  const threeByteLines = Buffer.from('ab\n'.repeat(16 * MiB / 3));
  await writeTarGz(at('rpm-qa-3-byte-lines.tar.gz'), (function* () {
    yield { name: `${node}/var/log/lifekeeper.log`, content: Buffer.from(LOG) };
    for (let i = 0; i < 30; i++) yield { name: `${node}/cmd${i}/rpm_-qa.out`, content: threeByteLines };
  })(), 9);
  cases.push({
    name: 'rpm-qa-3-byte-lines.tar.gz', file: at('rpm-qa-3-byte-lines.tar.gz'), quick: true,
    before: 'out of heap after 5 minutes at 4.6 GB',
    bound: { ms: 60_000, rssMiB: 1024, exit: 0, reportBytes: MiB, note: /documents of this archive already fill the 64\.0 MiB/ },
  });

  // Forty 16 MiB documents of ordinary lines.
  const ordinaryLines = Buffer.from('/dev/sdb1        10321208  2289468   7507452  24% /data/one/two\n'.repeat(16 * MiB / 64));
  await writeTarGz(at('forty-16mib-documents.tar.gz'), (function* () {
    yield { name: `${node}/var/log/lifekeeper.log`, content: Buffer.from(LOG) };
    for (let i = 0; i < 40; i++) yield { name: `${node}/cmd${i}/df_-k.out`, content: ordinaryLines };
  })(), 9);
  cases.push({
    name: 'forty-16mib-documents.tar.gz', file: at('forty-16mib-documents.tar.gz'), quick: true,
    before: '3 GB',
    bound: { ms: 60_000, rssMiB: 1024, exit: 0, reportBytes: MiB, note: /documents of this archive already fill/ },
  });

  // A hundred links whose targets are 4 MiB each.
  // Just under tar-stream's own bound on a pax header (4 MiB), which refuses the archive past it.
  const target = `/${'t'.repeat(4 * MiB - 64)}`;
  await writeTarGz(at('links-of-4mib-targets.tar.gz'), (function* (): Generator<Entry> {
    yield { name: `${node}/var/log/lifekeeper.log`, content: Buffer.from(LOG) };
    for (let i = 0; i < 100; i++) yield { name: `${node}/etc/link${i}`, type: 'symlink', linkname: target };
  })(), 9);
  cases.push({
    name: 'links-of-4mib-targets.tar.gz', file: at('links-of-4mib-targets.tar.gz'), quick: true,
    before: 'exit 3, "Invalid string length", 3 GB',
    bound: { ms: 60_000, rssMiB: 1024, exit: 0, reportBytes: MiB, note: /symbolic link to "\/t+… \(\+4,19\d,\d{3} chars\)"/ },
  });

  // 5,000 events whose lines are 64 KiB each.
  await writeTarGz(at('events-of-64kib-lines.tar.gz'), [{ name: `${node}/var/log/lifekeeper.log`, content: paddedEvents(5000, 64 * 1024) }], 9);
  cases.push({
    name: 'events-of-64kib-lines.tar.gz', file: at('events-of-64kib-lines.tar.gz'), quick: true,
    before: 'a 614 MB JSON report; serve answered 500',
    bound: { ms: 60_000, rssMiB: 1024, exit: 0, reportBytes: 32 * MiB, note: /… \(\+6\d,\d{3} bytes\)/ },
  });

  // Seventeen .gz logs of 4 GiB each (repeated gzip members of 1 MiB of quiet log lines).
  const quiet = Buffer.from('May 20 10:13:20 n app[1]: all is quiet on this node today\n'.repeat(MiB / 58));
  const bomb = repeatedGzip(quiet, Math.ceil((4 * GiB) / quiet.length));
  await writeTarGz(at('seventeen-4gib-gz-logs.tar.gz'), (function* () {
    for (let i = 1; i <= 17; i++) yield { name: `${node}/var/log/lifekeeper.log.${i}.gz`, content: bomb };
  })(), 9);
  cases.push({
    name: 'seventeen-4gib-gz-logs.tar.gz', file: at('seventeen-4gib-gz-logs.tar.gz'), quick: false,
    // The in-process check is of the archive's byte bound: the file's own (1,100 times its 0.35 MB read: MAX_READ_RATIO) is set aside.
    quickLimits: { maxArchiveInflated: GiB, maxReadRatio: Number.POSITIVE_INFINITY },
    before: '68 GiB inflated for 100 s, no note',
    bound: { ms: 60_000, rssMiB: 1024, exit: 0, reportBytes: MiB, note: /decompressed data across the archive, its compressed members and the archives inside it/ },
  });

  // 100 MB of lkscsid start lines, every line one analyzers examine (1 GiB of them took 213 s), as a plain log:
  // compressed once (1,000 times), within the file's bound of logs read (MAX_READ_RATIO), so the examined-lines
  // bound is what cuts it.
  await writeTarGz(at('event-lines-100mb.tar.gz'), [{ name: `${node}/var/log/lifekeeper.log`, content: Buffer.from(LOG.repeat(1_150_000)) }], 9);
  cases.push({
    name: 'event-lines-100mb.tar.gz', file: at('event-lines-100mb.tar.gz'), quick: true,
    before: '213 s for 1 GiB of them (found while bounding the issue\'s cases)',
    bound: { ms: 60_000, rssMiB: 1024, exit: 0, reportBytes: 16 * MiB, note: /analyzers had examined 500,000 lines of this archive \(the limit for one archive\): the last 650,000 lines of this log were counted, not examined/ },
  });

  // 1 GiB of them in 7.6 KB: a rotated log the tar.gz around it compresses again, past the file's bound of logs read.
  const events = repeatedGzip(Buffer.from(LOG.repeat(Math.floor(MiB / LOG.length))), 1024);
  await writeTarGz(at('event-lines-1gib-rotated.tar.gz'), [{ name: `${node}/var/log/lifekeeper.log.1.gz`, content: events }], 9);
  cases.push({
    name: 'event-lines-1gib-rotated.tar.gz', file: at('event-lines-1gib-rotated.tar.gz'), quick: true,
    before: '213 s; then 500,000 lines examined and 11 million counted, 8 s',
    bound: { ms: 60_000, rssMiB: 1024, exit: 0, reportBytes: 16 * MiB, note: /reading stopped after 256\.0 MiB of logs and documents, .* \(the limit against gzip bombs for a file of [\d.]+ KiB: logs compressed once are at most about 1,100 times their compressed size\)/ },
  });

  // A zip whose 65,535 directory entries all point at one node archive.
  await writeFile(at('zip-65535-entries-one-archive.zip'), zipPointingAtOne(await readFile(sample), 65_535));
  cases.push({
    name: 'zip-65535-entries-one-archive.zip', file: at('zip-65535-entries-one-archive.zip'), quick: true,
    before: '65,535 nodes, 3.2 GB RSS and a 1.8 GB report after 7 minutes',
    bound: { ms: 60_000, rssMiB: 1024, exit: 0, reportBytes: MiB, note: /65534 entries point at data another entry already holds/ },
    check: (r) => (r.nodes.length === 1 ? null : `${r.nodes.length} nodes`),
  });

  // A dependency chain 20,000 resources deep.
  const chain = chainLists(20_000);
  await writeTarGz(at('chain-20000-deep.tar.gz'), [
    { name: `${node}/var/log/lifekeeper.log`, content: Buffer.from(LOG) },
    { name: `${node}/cmd/ins_list.out`, content: chain.ins },
    { name: `${node}/cmd/dep_list.out`, content: chain.dep },
  ]);
  cases.push({
    name: 'chain-20000-deep.tar.gz', file: at('chain-20000-deep.tar.gz'), quick: true,
    before: '2,000 deep: invalid JSON and exit 3; the HTML export failed at 1,500',
    bound: { ms: 30_000, rssMiB: 1024, exit: 0, reportBytes: 40 * MiB, note: /hang more than 64 levels deep/ },
  });

  // 50,000 comm paths to one peer.
  await writeTarGz(at('comm-paths-50000-to-one-peer.tar.gz'), [
    { name: `${node}/var/log/lifekeeper.log`, content: Buffer.from(LOG) },
    { name: `${node}/cmd/lcdstatus_-q.out`, content: manyCommPaths(50_000) },
  ]);
  cases.push({
    name: 'comm-paths-50000-to-one-peer.tar.gz', file: at('comm-paths-50000-to-one-peer.tar.gz'), quick: true,
    before: '200 s',
    bound: { ms: 30_000, rssMiB: 1024, exit: 0, reportBytes: 4 * MiB, note: /more than 1000 communication paths: kept the first 1000, counted 49000 more/ },
  });

  // Resyncs of 10^400 TB, of a negative size and of more bytes than a number holds exactly.
  await writeTarGz(at('resync-absurd-sizes.tar.gz'), [{ name: `${node}/var/log/lifekeeper.log`, content: absurdResyncs() }]);
  cases.push({
    name: 'resync-absurd-sizes.tar.gz', file: at('resync-absurd-sizes.tar.gz'), quick: true,
    before: '"Infinity" printed, height="NaN" in the chart',
    bound: { ms: 30_000, rssMiB: 1024, exit: 0, reportBytes: MiB, note: /resyncing -5 GB/ },
    check: (r) => {
      const node = r.nodes[0];
      const bytes = (node?.['resync-history'] as Array<{ bytes: number | null }> | undefined)?.map((x) => x.bytes) ?? [];
      if (bytes.some((b) => b !== null && !Number.isSafeInteger(b)) || bytes.filter((b) => b === null).length !== 3) return `bytes ${JSON.stringify(bytes)}`;
      const unread = node?.members.read.find((m) => m.path.endsWith('lifekeeper.log'))?.unread?.lines;
      return unread === 3 ? null : `${unread ?? 0} unread lines, not 3`;
    },
  });
  return cases;
}
