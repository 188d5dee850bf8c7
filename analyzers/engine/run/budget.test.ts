// One budget per archive given: each bound cuts what it must, and the report says what was not read and why.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defineAnalyzer } from '../plugin/analyzer.js';
import { makeTar, makeZip, withArchive } from '../plugin/testing.js';
import { Budget, clipLine, clipName, MAX_RECORDED_MEMBERS } from './budget.js';
import type { ArchiveAnalysis } from './engine.js';
import { analyzeArchive } from './engine.js';

declare module '../plugin/facts.js' {
  interface Facts {
    'held-documents': number;
  }
}

const LOG = 'May 20 10:13:20 n lkscsid[1]: INFO:lkscsid:::007046:lkscsid daemon pid:1 mlock:1 nice:-10\n';
const docs = defineAnalyzer({
  meta: { id: 'held-documents', kind: 'fact', title: { en: 't', ja: 't' }, inputs: ['df'], version: '1' },
  run: (ctx) => ctx.documents('df').length,
});
const analyzeBytes = (bytes: Buffer, name: string, limits = {}): Promise<ArchiveAnalysis> =>
  withArchive(bytes, name, (file) => analyzeArchive(file, { analyzers: [docs], limits }));
const said = (r: ArchiveAnalysis): string => [
  r.archive.problem?.en ?? '',
  ...(r.node?.notes.map((n) => n.en) ?? []),
  ...(r.node?.members.read.map((m) => m.problem?.en ?? '') ?? []),
  ...(r.node?.members.skipped.map((s) => `${s.code}: ${s.reason.en}`) ?? []),
].join('\n');

describe('clipLine and clipName', () => {
  it('leave a short line alone and cut a long one on a character boundary, saying how much was cut', () => {
    expect(clipLine('short')).toBe('short');
    const long = 'é'.repeat(3000); // 6,000 bytes of UTF-8
    const cut = clipLine(long);
    expect(cut).toMatch(/^é+… \(\+3,952 bytes\)$/);
    expect(Buffer.byteLength(cut.slice(0, cut.indexOf('…')))).toBe(2048);
    // A line cut while reading says its length as read.
    expect(clipLine('x'.repeat(70_000), 1_000_000)).toMatch(/… \(\+997,952 bytes\)$/);
    expect(clipName('t'.repeat(300))).toBe(`${'t'.repeat(256)}… (+44 chars)`);
  });
});

describe('Budget', () => {
  it('charges inflated bytes, members, nested archives and held documents, and says which bound ended the read', () => {
    const b = new Budget({ maxArchiveInflated: 100, maxMembers: 2, maxNestedArchives: 1, maxDocumentHeld: 10 });
    expect(b.inflate(60)).toBe(true);
    expect(b.inflate(60)).toBe(false);
    expect(b.exhausted?.en).toMatch(/reading stopped after 100 B of decompressed data across the archive/);
    expect([b.member(), b.member(), b.member()]).toEqual([true, true, false]);
    expect([b.nestedArchive(), b.nestedArchive()]).toEqual([true, false]);
    expect([b.hold(6), b.hold(6), b.fits(4)]).toEqual([true, false, true]);
    b.release(6);
    expect(b.hold(10)).toBe(true);
  });
});

describe('the engine within one budget', () => {
  it('holds documents while they fit and skips the rest whole as over-budget, lines counted', async () => {
    const doc = Buffer.from('ab\n'.repeat(100_000)); // 300 KB, 100,000 lines: 4.3 MB as held
    const bytes = gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: LOG },
      ...Array.from({ length: 5 }, (_, i) => ({ name: `n/c${i}/df_-k.out`, content: doc })),
    ]));
    const r = await analyzeBytes(bytes, 'docs.tar.gz', { maxDocumentHeld: 10 * 2 ** 20 });
    expect((r.node as unknown as Record<string, unknown>)['held-documents']).toBe(2);
    const over = r.node?.members.skipped.filter((s) => s.code === 'over-budget') ?? [];
    expect(over.map((s) => s.path)).toEqual(['n/c2/df_-k.out', 'n/c3/df_-k.out', 'n/c4/df_-k.out']);
    expect(over[0]?.reason.en).toBe('df: the documents of this archive already fill the 10.0 MiB they may hold in memory (counted with their lines): not read');
  });

  it('shortens link targets and refuses paths longer than any Linux path', async () => {
    const bytes = gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: LOG },
      { name: 'n/etc/link', type: 'symlink', linkname: `/${'t'.repeat(10_000)}` },
      { name: `n/${'d/'.repeat(2100)}lifekeeper.log`, content: LOG },
    ]));
    const r = await analyzeBytes(bytes, 'links.tar.gz');
    expect(said(r)).toContain(`link: symbolic link to "/${'t'.repeat(255)}… (+9,745 chars)": recorded, never followed`);
    expect(said(r)).toMatch(/unsafe-path: a path of 4,216 characters, longer than any path on Linux \(4096\): recorded, not read/);
    expect(r.node?.members.read.map((m) => m.path)).toEqual(['n/var/log/lifekeeper.log']);
  });

  it('stops at its member bound and counts members past the listed ones in a note', async () => {
    const links = Array.from({ length: MAX_RECORDED_MEMBERS + 10 }, (_, i) => ({ name: `n/l${i}`, type: 'symlink' as const, linkname: '/x' }));
    const bytes = gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log', content: LOG }, ...links]));
    const listed = await analyzeBytes(bytes, 'many.tar.gz');
    expect(listed.node?.members.skipped).toHaveLength(MAX_RECORDED_MEMBERS);
    expect(said(listed)).toContain(`10 more skipped members past the first ${MAX_RECORDED_MEMBERS} are counted, not listed`);
    const cut = await analyzeBytes(bytes, 'many.tar.gz', { maxMembers: 100 });
    expect(cut.archive.status).toBe('partial');
    expect(cut.archive.problem?.en).toBe('reading stopped after 100 members (the limit for one archive, the archives inside it included); the rest was not analyzed');
  });

  it('shares one inflate budget between the archive, its .gz members and the archives inside it', async () => {
    const inner = gzipSync(await makeTar([{ name: 'm/var/log/lifekeeper.log', content: LOG.repeat(20_000) }])); // 1.8 MB inflated
    const outer = gzipSync(await makeTar([
      { name: 'ticket/a.tar.gz', content: inner },
      { name: 'ticket/b.tar.gz', content: inner },
      { name: 'ticket/c.tar.gz', content: inner },
    ]));
    const r = await analyzeBytes(outer, 'ticket.tar.gz', { maxArchiveInflated: 4 * 2 ** 20 });
    // Two inner archives fit; the third (and the outer stream with it) stops at the shared bound, before its first member.
    expect(r.nested.map((n) => n.archive.status)).toEqual(['read', 'read', 'unreadable']);
    expect(r.nested[2]?.archive.problem?.en).toMatch(/^reading stopped after 4\.0 MiB of decompressed data across the archive/);
    expect(r.archive.status).toBe('partial');
    expect(r.archive.problem?.en).toMatch(/^reading stopped after 4\.0 MiB/);
  });

  it('reads at most its bound of node archives from a container, naming the rest', async () => {
    const inner = gzipSync(await makeTar([{ name: 'm/var/log/lifekeeper.log', content: LOG }]));
    const outer = await makeTar(Array.from({ length: 4 }, (_, i) => ({ name: `t/n${i}.tar.gz`, content: inner })));
    const r = await analyzeBytes(outer, 'ticket.tar', { maxNestedArchives: 2 });
    expect(r.nested).toHaveLength(2);
    expect(r.archive.status).toBe('partial');
    expect(r.archive.problem?.en).toBe('2 node archive(s) past the first 2 (the limit for one input): not read (t/n2.tar.gz, t/n3.tar.gz)');
  });

  it('refuses zip entries that point at data another entry already holds', async () => {
    const inner = gzipSync(await makeTar([{ name: 'm/var/log/lifekeeper.log', content: LOG }]));
    const zip = makeZip([{ name: 'a.tar.gz', content: inner }, { name: 'b.tar.gz', content: inner }]);
    // A third directory entry pointing at a.tar.gz's local header: the central directory starts after the two members.
    const eocd = zip.length - 22;
    const cdStart = zip.readUInt32LE(eocd + 16);
    const first = zip.subarray(cdStart, cdStart + 46 + 'a.tar.gz'.length);
    const dup = Buffer.from(first);
    dup.write('c', 46, 'latin1'); // c.tar.gz, same data
    const cd = Buffer.concat([zip.subarray(cdStart, eocd), dup]);
    const end = Buffer.from(zip.subarray(eocd));
    end.writeUInt16LE(3, 8);
    end.writeUInt16LE(3, 10);
    end.writeUInt32LE(cd.length, 12);
    const bytes = Buffer.concat([zip.subarray(0, cdStart), cd, end]);
    const r = await analyzeBytes(bytes, 'ticket.zip');
    expect(r.nested.map((n) => n.archive.file.replace(/^.*» /, ''))).toEqual(['a.tar.gz', 'b.tar.gz']);
    expect(r.archive.status).toBe('partial');
    expect(r.archive.problem?.en).toBe('1 entry points at data another entry already holds (a zip made to multiply its content): refused, not read (c.tar.gz (over a.tar.gz))');
  });

  it('gives back the room of a node\'s documents once it is analyzed', async () => {
    const doc = Buffer.from('ab\n'.repeat(100_000));
    const inner = gzipSync(await makeTar([{ name: 'm/var/log/lifekeeper.log', content: LOG }, { name: 'm/df_-k.out', content: doc }]));
    const outer = await makeTar([{ name: 't/a.tar.gz', content: inner }, { name: 't/b.tar.gz', content: inner }, { name: 't/c.tar.gz', content: inner }]);
    const r = await analyzeBytes(outer, 'ticket.tar', { maxDocumentHeld: 6 * 2 ** 20 });
    expect(r.nested.map((n) => (n.node as unknown as Record<string, unknown> | null)?.['held-documents'])).toEqual([1, 1, 1]);
  });
});
