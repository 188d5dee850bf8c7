// Builds the hostile corpus: archives that attack or break the reader. Each
// case says what the report must say about it. Written to a folder given by
// the caller (a temporary one in tests; `npm run hostile-corpus -- DIR` to keep it).
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { makeTar, makeZip } from '../../analyzers/engine/plugin/testing.js';

export interface HostileCase {
  name: string;
  file: string;
  /** What the archive record must say. */
  status: 'read' | 'partial' | 'unreadable';
  /** The reason shown for it (archive problem, a member problem or a skipped member). */
  reason?: RegExp;
  /** Members the node must have seen (all of them: nothing after the damage is lost). */
  members?: number;
  /** Node archives inside (a container) that must still be analyzed. */
  analyzed?: number;
  /** Lines that members (by path) must have been read to: nothing before the damage or the odd bytes lost. */
  lines?: Record<string, number>;
}

const LOG = 'May 20 10:13:20 n lkscsid[1]: INFO:lkscsid:::007046:lkscsid daemon pid:1 mlock:1 nice:-10\n';

/** A tar whose one member declares more bytes than follow. */
async function oversizedDeclaration(): Promise<Buffer> {
  const t = await makeTar([{ name: 'n/var/log/lifekeeper.log', content: Buffer.alloc(4096, 0x61) }]);
  const header = Buffer.from(t.subarray(0, 512));
  header.write('00000000144', 124, 'ascii'); // declared size 100 (octal 144)... set much larger below
  header.write('00077777777', 124, 'ascii'); // 8 MiB - 1
  // recompute the checksum
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return Buffer.concat([header, t.subarray(512, 512 + 4096)]);
}

/** The same tar with V7 (pre-ustar) headers: no magic, version, owner names or prefix; each checksum recomputed. */
function toV7(t: Buffer, members: number): Buffer {
  const out = Buffer.from(t);
  let at = 0;
  for (let i = 0; i < members; i++) {
    const header = out.subarray(at, at + 512);
    const size = parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/, '').trim() || '0', 8);
    header.fill(0, 257, 512);
    header.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** Lines in the event flood: each one an event that several analyzers keep. */
export const FLOOD_LINES = 120_000;

/**
 * A log in which every line is an event: resyncs, lkscsid starts under new
 * pids, LifeKeeper startups, comm failures to ever new peers, quickCheck
 * timeouts. Facts must stay bounded and counts exact.
 */
function eventFlood(lines: number): Buffer {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const at = `May 20 ${String(10 + Math.floor(i / 3600) % 10).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} n`;
    switch (i % 5) {
      case 0: out.push(`${at} mirror_action[2005]: INFO:dr:resume:datarep-x:104009:/dev/md0: bitmap merged, resyncing 2.9 GB`); break;
      case 1: out.push(`${at} lkscsid[${1000 + i}]: INFO:lkscsid:::007046:lkscsid daemon pid:${1000 + i} mlock:1 nice:-10`); break;
      case 2: out.push(`${at} lk-start-stop[6749]: NOTIFY:startup:::010021:LifeKeeper starting to initialize`); break;
      case 3: out.push(`${at} lcm[1]: ERROR:lcd:::004217:Communication failure: destination system "peer${i}" is out of service`); break;
      default: out.push(`${at} quickCheck[9]: NOTIFY:RKActionHandler:quickCheck:fs-data:001047:END failed quickCheck of "fs-data" due to a "ALRM" signal.`);
    }
  }
  return Buffer.from(`${out.join('\n')}\n`);
}

async function manyMembers(n: number): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (let i = 0; i < n; i++) pack.entry({ name: `n/many/f${i}.txt`, size: 2 }, 'x\n');
  pack.entry({ name: 'n/var/log/lifekeeper.log', size: LOG.length }, LOG);
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks), { level: 1 });
}

/** A zip of node archives, each entry's method and flags as given (the bytes of one a reader cannot open written as they are). */
const zipOf = (entries: ReadonlyArray<{ name: string; data: Buffer; method?: number; encrypted?: boolean }>): Buffer =>
  makeZip(entries.map(({ data, ...e }) => ({ ...e, content: data })));

/**
 * A gzip member written field by field: the optional header fields (FEXTRA,
 * FNAME, FCOMMENT, FHCRC) that gzip(1) never writes but other tools do, and
 * the deflate stream made with the level and strategy given (level 0: only
 * stored blocks; Z_FIXED: only fixed-Huffman blocks).
 */
export function gzipMember(data: Buffer, o: { level?: number; strategy?: number; extra?: Buffer; name?: string; comment?: string; hcrc?: boolean | 'wrong' } = {}): Buffer {
  const flags = (o.hcrc ? 2 : 0) | (o.extra ? 4 : 0) | (o.name ? 8 : 0) | (o.comment ? 16 : 0);
  const parts: Buffer[] = [Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3])];
  if (o.extra) {
    const len = Buffer.alloc(2);
    len.writeUInt16LE(o.extra.length);
    parts.push(len, o.extra);
  }
  if (o.name) parts.push(Buffer.from(`${o.name}\0`, 'latin1'));
  if (o.comment) parts.push(Buffer.from(`${o.comment}\0`, 'latin1'));
  if (o.hcrc) {
    const crc = Buffer.alloc(2);
    // 'wrong': the header damaged after its CRC was taken (zlib and gzip refuse it).
    crc.writeUInt16LE((crc32(Buffer.concat(parts)) ^ (o.hcrc === 'wrong' ? 0x0100 : 0)) & 0xffff);
    parts.push(crc);
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(data.length >>> 0, 4);
  return Buffer.concat([...parts, deflateRawSync(data, { level: o.level ?? 6, strategy: o.strategy ?? constants.Z_DEFAULT_STRATEGY }), trailer]);
}

/** A zip whose end record counts more entries than its directory holds: the directory "ends" in the middle of nothing. */
function lyingEntryCount(zip: Buffer, count: number): Buffer {
  const out = Buffer.from(zip);
  const end = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  out.writeUInt16LE(count, end + 8);
  out.writeUInt16LE(count, end + 10);
  return out;
}

export async function buildCorpus(dir: string, sample = 'samples/advisory-lkscsid-restart.tar.gz'): Promise<HostileCase[]> {
  const cases: HostileCase[] = [];
  const add = async (name: string, bytes: Buffer, status: HostileCase['status'], reason?: RegExp, members?: number, analyzed?: number, lines?: Record<string, number>): Promise<void> => {
    const file = join(dir, name);
    await writeFile(file, bytes);
    cases.push({ name, file, status, ...(reason ? { reason } : {}), ...(members === undefined ? {} : { members }), ...(analyzed === undefined ? {} : { analyzed }), ...(lines ? { lines } : {}) });
  };
  const tgz = async (members: Parameters<typeof makeTar>[0]): Promise<Buffer> => gzipSync(await makeTar(members));

  await add('path-traversal.tar.gz', await tgz([{ name: '../../../../tmp/lkanalyze-escape', content: LOG }, { name: 'n/var/log/lifekeeper.log', content: LOG }]), 'read', /climbs out of the archive/);
  await add('absolute-paths.tar.gz', await tgz([{ name: '/tmp/lkanalyze-abs/var/log/lifekeeper.log', content: LOG }]), 'read', /absolute path/);
  await add('links-to-outside.tar.gz', await tgz([
    { name: 'n/var/log/lifekeeper.log', type: 'symlink', linkname: '/etc/shadow' },
    { name: 'n/etc/default/LifeKeeper', type: 'link', linkname: '../../../../etc/passwd' },
    { name: 'n/var/log/messages', content: LOG },
  ]), 'read', /never followed/);
  await add('device-files.tar.gz', await tgz([{ name: 'n/dev/sda', type: 'character-device' }, { name: 'n/pipe', type: 'fifo' }, { name: 'n/var/log/lifekeeper.log', content: LOG }]), 'read', /not a file/);
  await add('gzip-bomb-member.tar.gz', await tgz([{ name: 'n/var/log/lifekeeper.log-1.gz', content: gzipSync(Buffer.alloc(64 * 2 ** 20, 0x61), { level: 9 }) }]), 'read', /limit against gzip bombs/);
  await add('gzip-bomb-archive.tar.gz', gzipSync(Buffer.concat([await makeTar([{ name: 'n/var/log/lifekeeper.log', content: LOG }]).then((t) => t.subarray(0, 1024)), Buffer.alloc(320 * 2 ** 20)]), { level: 9 }), 'partial', /limit against gzip bombs/);
  await add('declared-size-too-large.tar', await oversizedDeclaration(), 'partial', /truncated/);
  const whole = readFileSync(sample);
  for (let pct = 10; pct < 100; pct += 10) {
    const cut = whole.subarray(0, Math.floor((whole.length * pct) / 100));
    cases.push({ name: `truncated-${pct}pct.tar.gz`, file: join(dir, `truncated-${pct}pct.tar.gz`), status: 'partial', reason: /truncated|corrupt/ });
    await writeFile(join(dir, `truncated-${pct}pct.tar.gz`), cut);
  }
  const crc = Buffer.from(whole);
  crc[crc.length - 6] = (crc[crc.length - 6] ?? 0) ^ 0xff;
  await add('corrupt-crc.tar.gz', crc, 'partial', /corrupt|check/);
  const t = await makeTar([{ name: 'n/var/log/lifekeeper.log', content: LOG.repeat(50) }]);
  await add('concatenated-gzip.tar.gz', Buffer.concat([gzipSync(t.subarray(0, 1536)), gzipSync(t.subarray(1536))]), 'read');
  // Issue 14: bytes after the gzip data (gzip: "trailing garbage ignored") lost the members inflated with them; all are read, the note says what was ignored.
  const TRAILING = /trailing bytes were ignored/;
  await add('trailing-garbage.tar.gz', Buffer.concat([whole, Buffer.from('JUNK')]), 'read', TRAILING);
  await add('trailing-gzip-magic.tar.gz', Buffer.concat([whole, Buffer.from([0x1f, 0x8b, 0x00, 0x42])]), 'read', TRAILING);
  await add('trailing-half-header.tar.gz', Buffer.concat([whole, Buffer.from([0x1f])]), 'read', TRAILING);
  await add('trailing-zero-padding.tar.gz', Buffer.concat([whole, Buffer.alloc(10240)]), 'read');
  await add('5000-members-trailing-garbage.tar.gz', Buffer.concat([await manyMembers(5000), Buffer.from('JUNK')]), 'read', TRAILING, 5001);
  await add('concatenated-gzip-trailing-garbage.tar.gz', Buffer.concat([gzipSync(t.subarray(0, 1536)), gzipSync(t.subarray(1536)), Buffer.from('garbage\n')]), 'read', TRAILING);
  // Issue 14: in a zip each entry stands alone; one that cannot be read is named with its reason and the others are analyzed.
  const node = { name: 'ticket/node-a.tar.gz', data: whole };
  const opaque = Buffer.from('compressed bytes this reader never inflates');
  await add('zip-deflate64-entry.zip', zipOf([{ name: 'ticket/node-b.tar.gz', data: opaque, method: 9 }, node]), 'partial', /node-b\.tar\.gz: compressed with Deflate64 \(method 9\)/, undefined, 1);
  await add('zip-bzip2-entry.zip', zipOf([node, { name: 'ticket/node-b.tar.gz', data: opaque, method: 12 }]), 'partial', /node-b\.tar\.gz: compressed with bzip2 \(method 12\)/, undefined, 1);
  await add('zip-encrypted-entry.zip', zipOf([node, { name: 'ticket/node-b.tar.gz', data: opaque, method: 8, encrypted: true }]), 'partial', /node-b\.tar\.gz: encrypted/, undefined, 1);
  await add('zip-every-entry-unreadable.zip', zipOf([
    { name: 'node-a.tar.gz', data: opaque, method: 9 },
    { name: 'node-b.tar.gz', data: opaque, method: 8, encrypted: true },
    { name: 'node-c.tar.gz', data: opaque, method: 95 },
  ]), 'unreadable', /none of the lksupport archives.*3 node archives.*node-a\.tar\.gz: compressed with Deflate64.*node-b\.tar\.gz: encrypted.*node-c\.tar\.gz: compressed with xz/, undefined, 0);
  // Issue 14: a V7 tar is recognised by its checksum and read like any other.
  const v7 = toV7(await makeTar([{ name: 'n/var/log/lifekeeper.log', content: LOG.repeat(20) }, { name: 'n/etc/hostname', content: 'n\n' }]), 2);
  await add('v7.tar', v7, 'read', undefined, 2);
  await add('v7.tar.gz', gzipSync(v7), 'read', undefined, 2);
  await add('empty-file.tar.gz', Buffer.alloc(0), 'unreadable', /empty/);
  await add('empty-archive.tar.gz', gzipSync(await makeTar([])), 'unreadable', /no members/);
  await add('a-zip.zip', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)]), 'unreadable', /zip/);
  await add('a-7z.7z', Buffer.concat([Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), Buffer.alloc(200, 2)]), 'unreadable', /7-Zip/);
  await add('random-bytes.bin', Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 2654435761) >>> 24)), 'unreadable', /neither/);
  await add('log-with-nul.tar.gz', await tgz([{ name: 'n/var/log/lifekeeper.log', content: Buffer.concat([Buffer.from(LOG), Buffer.alloc(3000), Buffer.from(LOG)]) }]), 'read');
  await add('line-of-100mb.tar.gz', gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log', content: Buffer.concat([Buffer.alloc(100 * 2 ** 20, 0x61), Buffer.from(`\n${LOG}`)]) }]), { level: 1 }), 'read');
  await add('invalid-utf8.tar.gz', await tgz([{ name: 'n/var/log/lifekeeper.log', content: Buffer.concat([Buffer.from('May 20 10:13:20 n x[1]: ERROR:lcd:::004217:'), Buffer.from([0xff, 0xfe, 0x80, 0xc3]), Buffer.from('\n')]) }]), 'read');
  await add('shift-jis.tar.gz', await tgz([{ name: 'n/var/log/messages', content: Buffer.concat([Buffer.from('May 20 10:13:20 n app[1]: '), Buffer.from([0x83, 0x8a, 0x83, 0x5c, 0x81, 0x5b, 0x83, 0x58]), Buffer.from('\n')]) }]), 'read');
  await add('100000-members.tar.gz', await manyMembers(100_000), 'read');
  // Gzip as other tools write it (the log view's index reads the same stream through zlib's own handle).
  const plain = await makeTar([{ name: 'n/var/log/lifekeeper.log', content: LOG.repeat(400) }, { name: 'n/var/log/messages', content: LOG }]);
  await add('gzip-header-fields.tar.gz', gzipMember(plain, { extra: Buffer.concat([Buffer.from('AB\u0004\u0000xyzw'), Buffer.alloc(4096, 0xff)]), name: 'n.tar', comment: 'made \u001b[31melsewhere', hcrc: true }), 'read', undefined, 2);
  await add('stored-blocks-only.tar.gz', gzipMember(plain, { level: 0 }), 'read', undefined, 2);
  await add('fixed-huffman-only.tar.gz', gzipMember(plain, { strategy: constants.Z_FIXED }), 'read', undefined, 2);
  const tiny: Buffer[] = [gzipSync(Buffer.alloc(0))];
  for (let at = 0; at < plain.length; at += 1000) tiny.push(gzipSync(plain.subarray(at, at + 1000)), gzipSync(Buffer.alloc(0)));
  await add('tiny-and-empty-gzip-members.tar.gz', Buffer.concat(tiny), 'read', undefined, 2);
  await add('inner-gz-odd-members.tar.gz', await tgz([
    { name: 'n/var/log/lifekeeper.log', content: LOG },
    { name: 'n/var/log/lifekeeper.log-1.gz', content: gzipMember(Buffer.from(LOG.repeat(5)), { name: 'lifekeeper.log', comment: 'c', extra: Buffer.from('ZZ\u0000\u0000'), hcrc: true }) },
    { name: 'n/var/log/lifekeeper.log-2.gz', content: Buffer.concat([gzipSync(Buffer.alloc(0)), gzipSync(LOG), gzipSync(Buffer.alloc(0)), gzipSync(LOG)]) },
    { name: 'n/var/log/lifekeeper.log-3.gz', content: Buffer.alloc(0) },
    { name: 'n/var/log/lifekeeper.log-4.gz', content: Buffer.from('this is not gzip at all\n') },
  ]), 'read', undefined, 5);
  // Issue 18: a rotated log followed by bytes that are not gzip is read whole, as gzip reads it ("trailing garbage
  // ignored"), and says how many it ignored; zeros after the data are padding, said nothing of.
  const rotated = gzipSync(LOG.repeat(3000));
  await add('inner-gz-trailing-garbage.tar.gz', await tgz([
    { name: 'n/var/log/lifekeeper.log', content: LOG },
    { name: 'n/var/log/lifekeeper.log-1.gz', content: Buffer.concat([rotated, Buffer.from('GARBAGE\n'.repeat(10))]) },
    { name: 'n/var/log/lifekeeper.log-2.gz', content: Buffer.concat([rotated, Buffer.alloc(1), Buffer.from('after a zero')]) },
    { name: 'n/var/log/lifekeeper.log-3.gz', content: Buffer.concat([rotated, Buffer.alloc(4096)]) },
  ]), 'read', /^(?=.*80 bytes after the end of the gzip data were ignored)(?=.*13 bytes after the end of the gzip data were ignored)/, 4, undefined,
  { 'n/var/log/lifekeeper.log-1.gz': 3000, 'n/var/log/lifekeeper.log-2.gz': 3000, 'n/var/log/lifekeeper.log-3.gz': 3000 });
  // A gzip header whose CRC (FHCRC) does not match it is damage, as zlib and gzip say: the archive's, or a rotated log's.
  await add('gzip-wrong-header-crc.tar.gz', gzipMember(plain, { name: 'n.tar', hcrc: 'wrong' }), 'unreadable', /gzip data is corrupt .*header crc mismatch/);
  await add('inner-gz-wrong-header-crc.tar.gz', await tgz([
    { name: 'n/var/log/lifekeeper.log', content: LOG },
    { name: 'n/var/log/lifekeeper.log-1.gz', content: gzipMember(Buffer.from(LOG.repeat(5)), { name: 'lifekeeper.log', hcrc: 'wrong' }) },
  ]), 'read', /compressed data is corrupt or truncated \(header crc mismatch\)/, 2);
  // Member names that forge output (a line break, a terminal sequence, a bidi override), and one 600 characters long (a PAX name).
  await add('names-that-forge-output.tar.gz', await tgz([
    { name: 'n/var/log/x\nlog          1 B  2024-05-20 00:00  n/var/log/forged.log', content: LOG },
    { name: 'n/var/log/esc\u001b[2Jred.log', content: LOG },
    { name: 'n/var/log/\u202egol.srekeefil', content: LOG },
    { name: `n/${'d'.repeat(60)}/`.repeat(10).replace(/\/n\//g, '/') + 'lifekeeper.log', content: LOG },
    { name: 'n/var/log/messages', content: LOG },
  ]), 'read', undefined, 5);
  // Tar inside tar inside tar, ten levels: each level a node archive holding the next. Three are opened
  // (MAX_NESTING_DEPTH); the fourth is named in the record, not opened.
  let nested = await tgz([{ name: 'n/var/log/lifekeeper.log', content: LOG }]);
  for (let i = 0; i < 10; i++) nested = await tgz([{ name: `level${i}/node${i}.tar.gz`, content: nested }, { name: `level${i}/var/log/messages`, content: LOG }]);
  await add('nested-ten-deep.tar.gz', nested, 'partial', /archive\(s\) inside nested deeper than 3 levels: not opened \(level9\/node9\.tar\.gz » level8\/node8\.tar\.gz » level7\/node7\.tar\.gz » level6\/node6\.tar\.gz\)/);
  // A zip whose end record counts 60,000 entries: the two node archives of its directory are read, the damage named.
  const zipped = zipOf([{ name: 'ticket/node-a.tar.gz', data: whole }, { name: 'ticket/node-b.tar.gz', data: whole }]);
  await add('zip-entry-count-lies.zip', lyingEntryCount(zipped, 60_000), 'partial', /corrupt after 2 members/, undefined, 2);
  await add('event-flood.tar.gz', await tgz([{ name: 'n/var/log/lifekeeper.log', content: eventFlood(FLOOD_LINES) }]), 'read');
  return cases;
}
