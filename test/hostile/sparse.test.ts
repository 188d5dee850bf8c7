// Sparse files in the tar (GNU tar --sparse: GNU's 'S' headers, pax formats
// 0.0, 0.1 and 1.0): the tar holds a sparse file's data without its holes, so
// its bytes there are not the file. Every surface refuses it with the same
// reason, in English and Japanese (the analysis, ls, cat, grep, the log view),
// and the member after it is read whole: the framing is right. Archives are
// made by GNU tar where it is installed, and by hand as the breaker made them
// (a header that says its map goes on when it does not).
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-in-test.js';
import { keepArchive } from '../../analyzers/engine/lognav/member-store.js';
import { analyzeArchive } from '../../analyzers/engine/run/engine.js';
import { loadAnalyzers } from '../../analyzers/registry.js';

const AFTER = 'May 20 10:00:09 n lcm[1]: INFO:lcm:::000000:after the sparse file\n';
const REASON = /^sparse file of 3\.0 MiB: not read \(the archive stores its data without its holes/;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-sparse-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const gnuTar = ((): boolean => {
  try {
    return /GNU tar/.test(execFileSync('tar', ['--version']).toString());
  } catch {
    return false;
  }
})();

/** n/var/log/messages (3 MiB, seven lines among holes) and n/var/log/lifekeeper.log after it, by GNU tar in the format asked, gzipped. */
function gnuSparse(format: string[]): string {
  const root = join(dir, format.join('_').replace(/[^a-z0-9_.]/gi, ''));
  mkdirSync(join(root, 'n/var/log'), { recursive: true });
  const fd = openSync(join(root, 'n/var/log/messages'), 'w');
  ftruncateSync(fd, 3 * 2 ** 20);
  for (let k = 0; k < 7; k++) writeSync(fd, Buffer.from(`May 20 10:00:0${k} n kernel: chunk ${k}\n`), 0, undefined, k * 400_000);
  closeSync(fd);
  writeFileSync(join(root, 'n/var/log/lifekeeper.log'), AFTER);
  const out = `${root}.tar`;
  execFileSync('tar', ['--sparse', ...format, '-C', root, '-cf', out, 'n/var/log/messages', 'n/var/log/lifekeeper.log']);
  writeFileSync(`${out}.gz`, gzipSync(readFileSync(out)));
  return `${out}.gz`;
}

/** A GNU 'S' header (its map in the header: data at 0 and at 10 MiB) with `extended` set though no map block follows. */
function lyingSparseHeader(size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write('n/var/log/messages', 0, 'latin1');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write('14630331640\0', 136, 'latin1');
  h[156] = 'S'.charCodeAt(0);
  h.write('ustar  \0', 257, 'latin1');
  h.write('00000000000\0', 386, 'latin1');
  h.write('00000001000\0', 398, 'latin1');
  h[482] = 1;
  h.write('00014000000\0', 483, 'latin1');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

async function handMade(): Promise<string> {
  const { makeTar } = await import('../../analyzers/engine/plugin/testing.js');
  const after = await makeTar([{ name: 'n/var/log/lifekeeper.log', content: AFTER }]);
  const file = join(dir, 'lying-extended.tar.gz');
  writeFileSync(file, gzipSync(Buffer.concat([lyingSparseHeader(512), Buffer.alloc(512, 0x78), after])));
  return file;
}

const FORMATS = [['--format=gnu'], ['--format=posix', '--sparse-version=0.0'], ['--format=posix', '--sparse-version=0.1'], ['--format=posix', '--sparse-version=1.0']];

async function archives(): Promise<Array<{ what: string; file: string; size: string }>> {
  const made = gnuTar ? FORMATS.map((f) => ({ what: f.join(' '), file: gnuSparse(f), size: '3.0 MiB' })) : [];
  return [...made, { what: 'a GNU header whose map is said to go on and does not', file: await handMade(), size: '3.0 MiB' }];
}

describe('a sparse file in the archive is refused with its reason everywhere, and the member after it is read', () => {
  it('the analysis: skipped as unreadable, with the reason in English and Japanese; lifekeeper.log after it read', async () => {
    const { analyzers } = await loadAnalyzers();
    for (const { what, file, size } of await archives()) {
      const r = await analyzeArchive(file, { analyzers });
      expect(r.archive.status, what).toBe('read');
      const skipped = r.node?.members.skipped.find((s) => s.path === 'n/var/log/messages');
      expect(skipped?.code, what).toBe('unreadable');
      expect(skipped?.reason.en, what).toMatch(new RegExp(REASON.source.replace('3\\.0 MiB', size.replace('.', '\\.'))));
      expect(skipped?.reason.ja, what).toMatch(/^スパースファイル.*のため読み込んでいません/);
      expect(r.node?.members.read.find((m) => m.path === 'n/var/log/lifekeeper.log')?.lines, what).toBe(1);
      expect(r.node?.members.read.some((m) => m.path === 'n/var/log/messages'), what).toBe(false);
    }
  }, 60_000);

  it('ls marks it [sparse], cat refuses it (exit 2) with the reason, grep says it did not search it; the next member is printed', async () => {
    for (const { what, file } of await archives()) {
      const ls = await runCli(['ls', file], { LANG: 'C' });
      expect(ls.out, what).toMatch(/^skipped .* n\/var\/log\/messages \[sparse\]$/m);
      const cat = await runCli(['cat', file, 'n/var/log/messages'], { LANG: 'C' });
      expect([cat.code, cat.out], what).toEqual([2, '']);
      expect(cat.err, what).toMatch(/^lkanalyze cat: n\/var\/log\/messages: sparse file of [\d.]+ MiB: not read/);
      const ja = await runCli(['cat', file, 'n/var/log/messages'], { LANG: 'ja_JP.UTF-8' });
      expect(ja.err, what).toMatch(/スパースファイル.*のため読み込んでいません/);
      expect((await runCli(['cat', file, 'n/var/log/lifekeeper.log'], { LANG: 'C' })).out, what).toBe(AFTER);
      const grep = await runCli(['grep', 'n', file], { LANG: 'C' });
      expect(grep.err, what).toMatch(/» n\/var\/log\/messages: sparse file of [\d.]+ MiB: not read/);
      expect(grep.out, what).toContain('n/var/log/lifekeeper.log:1:May 20 10:00:09');
      expect(grep.out, what).not.toContain('chunk');
    }
  }, 60_000);

  it('the log view: a skipped member, said to be sparse, nothing of it kept; the next one kept', async () => {
    for (const { what, file } of await archives()) {
      const made = await keepArchive(file, 16 * 2 ** 20);
      const info = (name: string) => made.kept.find((k) => k.info.name === name)?.info;
      expect(info('n/var/log/messages'), what).toMatchObject({ kind: 'skipped', skipped: 'sparse', lines: null });
      expect(info('n/var/log/lifekeeper.log'), what).toMatchObject({ kind: 'log', lines: 1, problem: null });
    }
  }, 60_000);
});
