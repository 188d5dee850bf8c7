// lkanalyze ls, cat and grep on a small archive built here: what they print,
// their exit codes, and that archive text reaches the terminal as text.
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTar, makeZip } from '../analyzers/engine/plugin/testing.js';
import { runCli, Sink } from './run-in-test.js';
import { Writable } from 'node:stream';
import { main } from './main.js';

const run = (args: string[]) => runCli(args, { LANG: 'C' });

const gnuTarHere = ((): boolean => {
  try {
    return /GNU tar/.test(execFileSync('tar', ['--version']).toString());
  } catch {
    return false;
  }
})();

const ATTACK = '\u001b]0;pwned\u0007\u001b[2J\u202e';
const LOG = [
  'May 20 09:41:01 lk-node1 lcm[1402]: INFO:lcm:::000000:started',
  'May 20 09:41:05 lk-node1 lcm[1402]: WARN:lcm:::000001:slow heartbeat',
  'May 20 09:41:07 lk-node1 lcm[1402]: ERROR:lcd.mes:::004217:Communication failure: destination system "lk-node2" is out of service.',
  'May 20 09:41:08 lk-node1 lcm[1402]: INFO:lcm:::000000:path DEAD',
  'May 20 09:41:09 lk-node1 lcm[1402]: INFO:lcm:::000000:recovering',
  'May 20 09:41:10 lk-node1 lcm[1402]: INFO:lcm:::000000:waiting',
  'May 20 09:41:11 lk-node1 lcm[1402]: INFO:lcm:::000000:waiting',
  'May 20 09:41:12 lk-node1 lcm[1402]: error:lcm:::000000:lower case error',
].join('\n');

let dir: string;
let archive: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-lognav-'));
  archive = join(dir, 'node1.tar.gz');
  const huge = Buffer.alloc(24 * 1024 * 1024, 'x');
  huge.write('needle ', 0);
  await writeFile(archive, gzipSync(await makeTar([
    { name: 'n/var/log/lifekeeper.log', content: `${LOG}\n` },
    { name: 'n/var/log/lifekeeper.log.1.gz', content: gzipSync('May 19 01:00:00 lk-node1 lcm[9]: ERROR:lcm:::000002:older failure\n') },
    { name: 'n/var/log/messages', content: `May 20 09:41:07 lk-node1 kernel: hostile ${ATTACK} text\n` },
    { name: 'n/cmd/uname_-a.out', content: 'Linux lk-node1 4.18.0 x86_64 GNU/Linux\n' },
    { name: 'n/core.1402', content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(4096, 1)]) },
    { name: 'n/var/log/huge.log', content: huge },
    { name: 'n/latest', type: 'symlink', linkname: 'var/log/lifekeeper.log' },
  ])));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lkanalyze ls', () => {
  it('lists every member with its kind, size and why a skipped one is skipped', async () => {
    const { code, out } = await run(['ls', archive]);
    expect(code).toBe(0);
    expect(out).toMatch(/^log +\d+ B +2024-05-20 00:00 +n\/var\/log\/lifekeeper\.log$/m);
    expect(out).toMatch(/^log .* n\/var\/log\/lifekeeper\.log\.1\.gz$/m);
    expect(out).toMatch(/^command .* n\/cmd\/uname_-a\.out$/m);
    expect(out).toMatch(/^binary .* n\/core\.1402$/m);
    expect(out).toMatch(/^skipped .* n\/latest \[link → var\/log\/lifekeeper\.log\]$/m);
  });

  it('exits 2 with the reason when the archive cannot be read', async () => {
    const { code, out, err } = await run(['ls', join(dir, 'missing.tar.gz')]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/missing\.tar\.gz: no such file/);
  });
});

describe('lkanalyze cat', () => {
  it('prints a member, a range of its lines, with line numbers when asked', async () => {
    expect((await run(['cat', archive, 'n/var/log/lifekeeper.log'])).out).toBe(`${LOG}\n`);
    const range = await run(['cat', archive, 'n/var/log/lifekeeper.log', '--lines', '2-3', '-n']);
    expect(range.code).toBe(0);
    expect(range.out).toBe(`     2\t${LOG.split('\n')[1]}\n     3\t${LOG.split('\n')[2]}\n`);
    expect((await run(['cat', archive, 'n/var/log/lifekeeper.log', '--lines', '8-'])).out).toBe(`${LOG.split('\n')[7]}\n`);
  });

  it('decompresses a rotated .gz log', async () => {
    expect((await run(['cat', archive, 'n/var/log/lifekeeper.log.1.gz'])).out).toMatch(/^May 19 01:00:00 .*older failure\n$/);
  });

  it('exits 2 for a member that is not there, a binary one, or a bad range', async () => {
    expect((await run(['cat', archive, 'n/nothing'])).code).toBe(2);
    const core = await run(['cat', archive, 'n/core.1402']);
    expect(core.code).toBe(2);
    expect(core.out).toBe('');
    expect(core.err).toMatch(/binary/);
    expect((await run(['cat', archive, 'n/var/log/lifekeeper.log', '--lines', '3-1'])).code).toBe(2);
  });

  it('says of a member the cut of the archive went through where its lines stop and why, in English and Japanese', async () => {
    const rotated = `${Array.from({ length: 30_000 }, (_, i) => `May 19 01:00:00 lk-node1 lcm[9]: INFO:lcm:::000000:beat ${i + 1} ${((i * 2654435761) >>> 0).toString(16)}`).join('\n')}\n`;
    const whole = gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: `${LOG}\n` },
      { name: 'n/var/log/lifekeeper.log.1.gz', content: gzipSync(rotated) },
    ]));
    const cut = join(dir, 'cut.tar.gz');
    const size = Math.floor(whole.length * 0.8);
    await writeFile(cut, whole.subarray(0, size));
    const en = await run(['cat', cut, 'n/var/log/lifekeeper.log.1.gz']);
    const lines = en.out.split('\n').length - 1;
    expect(lines).toBeGreaterThan(1000);
    expect(en.err).toContain(`lkanalyze cat: n/var/log/lifekeeper.log.1.gz: read in part, up to line ${lines.toLocaleString('en-US')}: the archive stopped in the middle of this member`);
    expect(en.err).toContain(`(its reading stopped at byte ${size.toLocaleString('en-US')} of the archive file's ${size.toLocaleString('en-US')})`);
    const ja = await runCli(['cat', cut, 'n/var/log/lifekeeper.log.1.gz'], { LANG: 'ja_JP.UTF-8' });
    expect(ja.err).toContain(`一部のみ読み込み(${lines.toLocaleString('en-US')} 行まで)`);
    expect(ja.err).toContain(`アーカイブファイル ${size.toLocaleString('en-US')} バイトのうち ${size.toLocaleString('en-US')} バイト目で読み込みが止まりました`);
    // A member read whole says nothing of the sort.
    expect((await run(['cat', cut, 'n/var/log/lifekeeper.log'])).err).not.toMatch(/read in part/);
  });

  it('shows a line of 24 MiB cut at 64 KiB, with its length', async () => {
    const { code, out } = await run(['cat', archive, 'n/var/log/huge.log']);
    expect(code).toBe(0);
    expect(out.length).toBeLessThan(70 * 1024);
    expect(out).toMatch(/^needle x+… \(\+25,\d{3},\d{3} bytes\)\n$/);
  });
});

describe('lkanalyze grep', () => {
  it('prints "archive » member:line:text" for each match and exits 0', async () => {
    const { code, out, err } = await run(['grep', 'ERROR', archive]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      `${archive} » n/var/log/lifekeeper.log:3:${LOG.split('\n')[2]}`,
      `${archive} » n/var/log/lifekeeper.log.1.gz:1:May 19 01:00:00 lk-node1 lcm[9]: ERROR:lcm:::000002:older failure`,
      '',
    ]);
  });

  it('exits 1 when nothing matches and 2 when an archive cannot be read', async () => {
    const none = await run(['grep', 'no such text', archive]);
    expect(none).toEqual({ code: 1, out: '', err: '' });
    const bad = await run(['grep', 'ERROR', archive, join(dir, 'missing.tar.gz')]);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('ERROR');
    expect(bad.err).toMatch(/missing\.tar\.gz: no such file/);
    expect((await run(['grep', 'ERROR'])).code).toBe(2);
  });

  it('prints context lines with "-" and sets groups apart with "--"', async () => {
    const { out } = await run(['grep', '-i', '-C', '1', '--member', 'lifekeeper.log', 'rror', archive]);
    const p = `${archive} » n/var/log/lifekeeper.log`;
    const l = LOG.split('\n');
    expect(out.split('\n')).toEqual([`${p}-2-${l[1]}`, `${p}:3:${l[2]}`, `${p}-4-${l[3]}`, '--', `${p}-7-${l[6]}`, `${p}:8:${l[7]}`, '']);
  });

  it('searches only the members a --member glob names', async () => {
    const { out } = await run(['grep', '--member', 'n/var/log/*.gz', 'ERROR', archive]);
    expect(out).toContain('lifekeeper.log.1.gz:1:');
    expect(out).not.toContain('lifekeeper.log:3:');
    expect((await run(['grep', '--member', '**/messages', 'hostile', archive])).code).toBe(0);
    expect((await run(['grep', '--member', 'cmd/*', 'hostile', archive])).code).toBe(1);
  });

  it('ignores case with -i and takes a regular expression with -E', async () => {
    const i = await run(['grep', '-i', 'LOWER CASE', archive]);
    expect(i.out).toContain('lifekeeper.log:8:');
    const e = await run(['grep', '-E', String.raw`(WARN|ERROR):lcm:::\d+`, archive]);
    expect(e.out.trim().split('\n').map((x) => x.replace(/^.*» /, '').replace(/:May.*/, ''))).toEqual(['n/var/log/lifekeeper.log:2', 'n/var/log/lifekeeper.log.1.gz:1']);
    expect((await run(['grep', '-E', '(unclosed', archive])).code).toBe(2);
  });

  it('refuses a regular expression that can backtrack catastrophically, before reading anything', async () => {
    const { code, out, err } = await run(['grep', '-E', '(x+x+)+y', archive]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/the regular expression backtracks/);
  });

  it('prints escape sequences and bidi controls from the archive as text', async () => {
    const { out } = await run(['grep', 'hostile', archive]);
    expect(out).toContain('hostile \\u001b]0;pwned\\u0007\\u001b[2J\\u202e text');
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('keeps a matching line of 24 MiB to its first 64 KiB, with its length', async () => {
    const { code, out } = await run(['grep', 'needle', archive]);
    expect(code).toBe(0);
    expect(out.length).toBeLessThan(70 * 1024);
    expect(out).toMatch(/huge\.log:1:needle x+… \(\+25,\d{3},\d{3} bytes\)\n$/);
  });

  it('replaces host names and addresses with --redact', async () => {
    const { out } = await run(['grep', '--redact', 'Communication', archive]);
    expect(out).toContain('ERROR:lcd.mes');
    expect(out).not.toContain('lk-node1');
    expect(out).not.toContain('lk-node2');
  });
});

describe('lkanalyze grep -m (a member of a million matching lines)', () => {
  let bomb: string;
  const BOMB_LINES = 1_000_000;
  const bombLine = (i: number): string => `May 20 09:41:07 lk-node1 lcm[1402]: ERROR:lcm:::000000:storm ${i}`;

  beforeAll(async () => {
    bomb = join(dir, 'bomb.tar.gz');
    const lines = Array.from({ length: BOMB_LINES }, (_, i) => bombLine(i + 1)).join('\n');
    await writeFile(bomb, gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: `${LOG}\n` },
      { name: 'n/var/log/storm.log', content: `${lines}\n` },
      { name: 'n/var/log/storm.log.1.gz', content: gzipSync(`${lines}\n`, { level: 1 }) },
    ]), { level: 1 }));
  });

  it('prints at most NUM matching lines of each member', async () => {
    const { code, out, err } = await run(['grep', '-m', '2', 'ERROR', bomb]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      `${bomb} » n/var/log/lifekeeper.log:3:${LOG.split('\n')[2]}`,
      `${bomb} » n/var/log/storm.log:1:${bombLine(1)}`,
      `${bomb} » n/var/log/storm.log:2:${bombLine(2)}`,
      `${bomb} » n/var/log/storm.log.1.gz:1:${bombLine(1)}`,
      `${bomb} » n/var/log/storm.log.1.gz:2:${bombLine(2)}`,
      '',
    ]);
    // The long form, with = too.
    expect((await run(['grep', '--max-count', '2', 'ERROR', bomb])).out).toBe(out);
    expect((await run(['grep', '--max-count=2', 'ERROR', bomb])).out).toBe(out);
  });

  it('prints the context after the last match, a matching line in it as context, as GNU grep does', async () => {
    const { out } = await run(['grep', '-m', '1', '-C', '2', '--member', 'storm.log', 'storm', bomb]);
    const p = `${bomb} » n/var/log/storm.log`;
    expect(out.split('\n')).toEqual([`${p}:1:${bombLine(1)}`, `${p}-2-${bombLine(2)}`, `${p}-3-${bombLine(3)}`, '']);
  });

  it('stops past a block: the 30,000th match and its context, far into the member', async () => {
    const { out } = await run(['grep', '-m', '30000', '-C', '1', '--member', 'storm.log', 'storm', bomb]);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(30_001);
    expect(lines.at(-2)).toBe(`${bomb} » n/var/log/storm.log:30000:${bombLine(30_000)}`);
    expect(lines.at(-1)).toBe(`${bomb} » n/var/log/storm.log-30001-${bombLine(30_001)}`);
  });

  it('-m 0 reads nothing and exits 1; a negative NUM is no limit; anything else is refused (exit 2), in English and Japanese', async () => {
    expect(await run(['grep', '-m', '0', 'ERROR', bomb])).toEqual({ code: 1, out: '', err: '' });
    // As parseArgs takes a value starting with a dash: --max-count=-1 or -m-1.
    const all = await run(['grep', '--max-count=-1', '--member', 'lifekeeper.log', 'lcm', bomb]);
    expect(all.out.trim().split('\n')).toHaveLength(LOG.split('\n').length);
    for (const bad of ['x', '1.5', '']) {
      const en = await run(['grep', '-m', bad, 'ERROR', bomb]);
      expect(en, bad).toMatchObject({ code: 2, out: '' });
      expect(en.err).toBe('lkanalyze grep: -m takes a whole number (a negative one: no limit)\n');
    }
    const ja = await runCli(['grep', '-m', 'x', 'ERROR', bomb], { LANG: 'ja_JP.UTF-8' });
    expect(ja.code).toBe(2);
    expect(ja.err).toBe('lkanalyze grep: -m には整数を指定してください(負の数は上限なし)\n');
  });

  it('says in --help how its output is bounded', async () => {
    const { out } = await run(['grep', '--help']);
    expect(out).toContain('-m, --max-count NUM');
    expect(out).toMatch(/-m bounds the output: at\s+most NUM matching lines per member/);
  });
});

describe('ls, cat and grep read containers as the analysis does', () => {
  let ticketTar: string;
  let ticketZip: string;
  let badZip: string;
  const node2Log = 'May 20 09:41:09 lk-node2 lcm[77]: ERROR:lcm:::000003:node2 saw it too';

  beforeAll(async () => {
    const node1 = await readFile(archive);
    const node2 = gzipSync(await makeTar([
      { name: 'm/var/log/lifekeeper.log', content: `May 20 09:41:08 lk-node2 lcm[77]: INFO:lcm:::000000:up\n${node2Log}\nMay 20 09:41:10 lk-node2 kernel: peer ${ATTACK}\n` },
    ]));
    ticketTar = join(dir, 'ticket.tar.gz');
    await writeFile(ticketTar, gzipSync(await makeTar([{ name: 'case/node1.tar.gz', content: node1 }, { name: 'case/node2.tar.gz', content: node2 }])));
    ticketZip = join(dir, 'ticket.zip');
    await writeFile(ticketZip, makeZip([{ name: 'node1.tar.gz', content: node1 }, { name: 'readme.txt', content: 'not read' }, { name: 'node2.tar.gz', content: node2 }]));
    badZip = join(dir, 'bad.zip');
    await writeFile(badZip, makeZip([{ name: 'node1.tar.gz', content: 'this is not gzip at all' }]));
  });

  it('lists the members of each node archive in a .tar.gz and a .zip, named "inner archive » member"', async () => {
    for (const [file, inner] of [[ticketTar, 'case/node2.tar.gz'], [ticketZip, 'node2.tar.gz']] as const) {
      const { code, out, err } = await run(['ls', file]);
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`^log .*  ${inner.replace(/\./g, '\\.')} » m/var/log/lifekeeper\\.log$`, 'm'));
      expect(out).toMatch(/^binary .*node1\.tar\.gz » n\/core\.1402$/m);
    }
    // The zip's own files are listed too (an lksupport tree or loose logs zipped): by their paths.
    expect((await run(['ls', ticketZip])).out).toMatch(/^document .* {2}readme\.txt$/m);
  });

  it('greps across the node archives of a zip, printing "archive » inner archive » member:line:text", exit 0, 1 and 2', async () => {
    const { code, out } = await run(['grep', 'ERROR', ticketZip]);
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      `${ticketZip} » node1.tar.gz » n/var/log/lifekeeper.log:3:${LOG.split('\n')[2]}`,
      `${ticketZip} » node1.tar.gz » n/var/log/lifekeeper.log.1.gz:1:May 19 01:00:00 lk-node1 lcm[9]: ERROR:lcm:::000002:older failure`,
      `${ticketZip} » node2.tar.gz » m/var/log/lifekeeper.log:2:${node2Log}`,
      '',
    ]);
    expect((await run(['grep', 'no such text', ticketZip])).code).toBe(1);
    // A zip none of whose node archives can be read is unreadable, as the analysis says: exit 2, with the reason.
    const bad = await run(['grep', 'ERROR', badZip]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/none of the lksupport archives in it could be read.*node1\.tar\.gz/);
    expect((await run(['ls', badZip])).code).toBe(2);
    expect((await run(['grep', 'ERROR', join(dir, 'missing.zip')])).code).toBe(2);
  });

  it('greps a .tar.gz of node archives with context and a member glob', async () => {
    const { code, out } = await run(['grep', '-C', '1', '--member', '**/m/var/log/*', 'node2 saw', ticketTar]);
    expect(code).toBe(0);
    const p = `${ticketTar} » case/node2.tar.gz » m/var/log/lifekeeper.log`;
    expect(out.split('\n').slice(0, 2)).toEqual([`${p}-1-May 20 09:41:08 lk-node2 lcm[77]: INFO:lcm:::000000:up`, `${p}:2:${node2Log}`]);
  });

  it('cats a member of a node archive inside a zip, its terminal controls shown as text', async () => {
    const { code, out } = await run(['cat', ticketZip, 'node2.tar.gz » m/var/log/lifekeeper.log', '--lines', '3-3']);
    expect(code).toBe(0);
    expect(out).toContain('peer \\u001b]0;pwned\\u0007');
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect((await run(['cat', ticketZip, 'node9.tar.gz » nothing'])).code).toBe(2);
  });
});

describe('a zip whose directory lies (the hostile set)', () => {
  it('lists and greps the node archives read before the directory broke, exit 0 with the damage named, as the analysis reads it partly', async () => {
    const node1 = await readFile(archive);
    const zip = Buffer.from(makeZip([{ name: 'node1.tar.gz', content: node1 }, { name: 'node2.tar.gz', content: node1 }]));
    // The end record says 60,000 entries: the directory ends after two.
    const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    zip.writeUInt16LE(60_000, end + 8);
    zip.writeUInt16LE(60_000, end + 10);
    const lying = join(dir, 'lying-count.zip');
    await writeFile(lying, zip);
    const ls = await run(['ls', lying]);
    expect(ls.code).toBe(0);
    expect(ls.out).toMatch(/node2\.tar\.gz » n\/var\/log\/lifekeeper\.log$/m);
    expect(ls.err).toMatch(/the zip file is corrupt after 2 members/);
    const grep = await run(['grep', 'older failure', lying]);
    expect(grep.code).toBe(0);
    expect(grep.out.trim().split('\n')).toHaveLength(2);
    expect(grep.err).toMatch(/corrupt after 2 members.*\(searched what was read\)/);
  });

  it('says a zip with nothing in it is not one to list, exit 2; a zip of files lists them', async () => {
    const none = join(dir, 'no-node.zip');
    await writeFile(none, makeZip([]));
    const ls = await run(['ls', none]);
    expect(ls.code).toBe(2);
    expect(ls.err).toMatch(/it is a zip that holds no lksupport archive/);
    const files = join(dir, 'files.zip');
    await writeFile(files, makeZip([{ name: 'readme.txt', content: 'nothing here' }]));
    expect(await run(['ls', files])).toMatchObject({ code: 0, out: expect.stringMatching(/^document .* {2}readme\.txt$/m) });
  });
});

describe('member names that would forge output (the hostile set)', () => {
  let named: string;
  const forged = 'n/var/log/x\nlog          1 B  2024-05-20 00:00  n/var/log/forged.log';
  const bidi = 'n/var/log/\u202egol.srekeefil';
  beforeAll(async () => {
    named = join(dir, 'named.tar.gz');
    await writeFile(named, gzipSync(await makeTar([
      { name: forged, content: 'May 20 09:41:07 lk-node1 lcm[1]: ERROR:lcm:::000001:in the forged one\n' },
      { name: bidi, content: 'May 20 09:41:07 lk-node1 lcm[1]: ERROR:lcm:::000001:behind a bidi override\n' },
      { name: 'n/link\nskipped', type: 'symlink', linkname: 'a\nb' },
    ])));
  });

  it('ls prints one line per member: a line break in a name or a link target is shown as \\u000a', async () => {
    const { code, out } = await run(['ls', named]);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/ n\/var\/log\/x\\u000alog {10}1 B {2}2024-05-20 00:00 {2}n\/var\/log\/forged\.log$/);
    expect(lines[1]).toMatch(/ n\/var\/log\/\\u202egol\.srekeefil$/);
    expect(lines[2]).toMatch(/ n\/link\\u000askipped \[link → a\\u000ab\]$/);
  });

  it('grep prints the name as ls does, each hit on one line', async () => {
    const { code, out } = await run(['grep', 'ERROR', named]);
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toEqual([
      `${named} » n/var/log/x\\u000alog          1 B  2024-05-20 00:00  n/var/log/forged.log:1:May 20 09:41:07 lk-node1 lcm[1]: ERROR:lcm:::000001:in the forged one`,
      `${named} » n/var/log/\\u202egol.srekeefil:1:May 20 09:41:07 lk-node1 lcm[1]: ERROR:lcm:::000001:behind a bidi override`,
    ]);
  });

  it('cat takes a member by the name ls printed as well as by its own', async () => {
    const shown = (await run(['ls', named])).out.split('\n').map((l) => l.replace(/^\S+ +\S+ \S+ +\S+ \S+ {2}/, ''));
    for (const name of [shown[0] as string, forged, shown[1] as string, bidi]) {
      const { code, out, err } = await run(['cat', named, name]);
      expect(err, name).toBe('');
      expect(code, name).toBe(0);
      expect(out).toMatch(/ERROR:lcm:::000001:(in the forged one|behind a bidi override)\n$/);
    }
  });
});

describe('an output closed by its reader (lkanalyze grep … | head)', () => {
  /** A pipe whose reader went away after the first write: every write fails with EPIPE, as process.stdout's does. */
  class ClosedPipe extends Writable {
    writes = 0;
    override _write(_chunk: Buffer, _enc: string, cb: (err?: Error | null) => void): void {
      this.writes++;
      cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    }
  }

  it('ends ls, cat and grep quietly with their exit code, no stack trace or unhandled error', async () => {
    for (const args of [['grep', '-C', '1', 'lcm', archive, archive], ['ls', archive], ['cat', archive, 'n/var/log/lifekeeper.log'], ['grep', 'needle', archive]]) {
      const stdout = new ClosedPipe();
      const stderr = new Sink();
      const code = await main(args, { stdout, stderr, env: { LANG: 'C' } });
      expect(code, args.join(' ')).toBe(0);
      expect(stderr.data, args.join(' ')).toBe('');
      expect(stdout.writes, args.join(' ')).toBe(1);
    }
  });
});

describe('what ls and cat say of one member, not of another', () => {
  it('cat of a readable member says once that it was read to its end, and what the archive says elsewhere as about the rest (an archive inside not opened)', async () => {
    // Four archives deep: the innermost is past MAX_NESTING_DEPTH, not opened.
    let inner = gzipSync(await makeTar([{ name: 'd4/var/log/messages', content: 'May 20 09:41:07 lk-node1 kernel: deepest\n' }]));
    for (const level of [3, 2, 1]) inner = gzipSync(await makeTar([{ name: `d${level}/inner${level + 1}.tar.gz`, content: inner }]));
    const deep = join(dir, 'deep.tar.gz');
    await writeFile(deep, gzipSync(await makeTar([{ name: 'top/var/log/messages', content: `${LOG}\n` }, { name: 'top/inner1.tar.gz', content: inner }])));
    for (const [lang, said] of [['C', /^lkanalyze cat: top\/var\/log\/messages was read to its end; elsewhere in .*deep\.tar\.gz: 1 archive\(s\) inside nested deeper than 3 levels: not opened/], ['ja_JP.UTF-8', /^lkanalyze cat: top\/var\/log\/messages は最後まで読み込みました。.*deep\.tar\.gz のほかの部分について: 入れ子が 3 階層を超える/]] as const) {
      const { code, out, err } = await runCli(['cat', deep, 'top/var/log/messages'], { LANG: lang });
      expect(code).toBe(0);
      expect(out).toBe(`${LOG}\n`);
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toMatch(said);
    }
  });

  it('cat of a member not in what could be read of a cut archive says the archive is cut, not only that there is no such member', async () => {
    const whole = await readFile(archive);
    const cut = join(dir, 'cut-for-cat.tar.gz');
    await writeFile(cut, whole.subarray(0, 2000));
    const { code, err } = await run(['cat', cut, 'n/latest-of-all.log']);
    expect(code).toBe(2);
    expect(err).toMatch(/no member "n\/latest-of-all\.log" in what could be read of the archive .*; the archive's problem: .*truncated/);
  });

  it('ls shows no date for a zip entry whose MS-DOS date is 0, not 30 November 1979', async () => {
    const zip = join(dir, 'no-date.zip');
    await writeFile(zip, makeZip([{ name: 'lk/var/log/lifekeeper.log', content: `${LOG}\n` }]));
    const { code, out } = await run(['ls', zip]);
    expect(code).toBe(0);
    expect(out).not.toContain('1979');
    expect(out).toMatch(/^log +\d+ B {2}- {17}lk\/var\/log\/lifekeeper\.log$/m);
  });

  it.skipIf(!gnuTarHere)('ls shows a sparse file with its own size, not the size of the chunks the tar stores', async () => {
    const tree = await mkdtemp(join(tmpdir(), 'lkanalyze-ls-sparse-'));
    try {
      mkdirSync(join(tree, 'n/var/log'), { recursive: true });
      const fd = openSync(join(tree, 'n/var/log/sparse.log'), 'w');
      ftruncateSync(fd, 3 * 2 ** 20);
      writeSync(fd, Buffer.from('May 20 10:00:00 n x[1]: INFO: chunk\n'), 0, undefined, 2 ** 20);
      closeSync(fd);
      const tar = join(tree, 'sparse.tar');
      execFileSync('tar', ['--sparse', '--format=gnu', '-C', tree, '-cf', tar, 'n/var/log/sparse.log']);
      const { code, out } = await run(['ls', tar]);
      expect(code).toBe(0);
      expect(out).toMatch(/^skipped +3\.0 MiB .* n\/var\/log\/sparse\.log \[sparse\]$/m);
    } finally {
      await rm(tree, { recursive: true, force: true });
    }
  });
});
