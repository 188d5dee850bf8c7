import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Report } from '../analyzers/engine/report/report.js';
import { exitCode, main } from './main.js';
import { safe } from './format-text.js';

class Sink extends Writable {
  data = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.data += chunk.toString();
    cb();
  }
}

async function run(args: string[], tty = false, env: NodeJS.ProcessEnv = {}) {
  const stdout = new Sink(tty);
  const stderr = new Sink(false);
  const code = await main(args, { stdout, stderr, env });
  return { code, out: stdout.data, err: stderr.data };
}

const SAMPLE = 'samples/healthy-shared-disk-node1.tar.gz';

describe('lkanalyze', () => {
  it('prints a ten-second summary: node, LifeKeeper version, OS, kernel, findings', async () => {
    const { code, out, err } = await run([SAMPLE, '--format', 'text', '--lang', 'en']);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('■ lk-node1');
    expect(out).toMatch(/LifeKeeper\s+9\.6\.2 \(steeleye-lk-9\.6\.2-7047\)/);
    expect(out).toMatch(/OS\s+Red Hat Enterprise Linux 8\.4 \(Ootpa\)/);
    expect(out).toMatch(/Kernel\s+4\.18\.0-305\.el8\.x86_64/);
    expect(out).toMatch(/Findings\s+0 critical · 0 warning · 0 info/);
    expect(out).not.toContain('\u001b[');
  });

  it('says when a summary counts only the entries a bounded fact kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-cli-'));
    try {
      const { makeTar } = await import('../analyzers/engine/plugin/testing.js');
      const { gzipSync } = await import('node:zlib');
      const resync = (i: number) => `May 20 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} n mirror_action[1]: INFO:dr:resume:datarep-x:104009:/dev/md0: bitmap merged, resyncing 1.0 MB`;
      const many = join(dir, 'many.tar.gz');
      await writeFile(many, gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log', content: `${Array.from({ length: 4100 }, (_, i) => resync(i)).join('\n')}\n` }])));
      const { out } = await run([many, '--format', 'text', '--lang', 'en']);
      expect(out).toMatch(/Resyncs\s+4000 partial .*\(of the entries kept: see Partly checked\)/);
      expect(out).toMatch(/Partly checked resync-history: 4100 resyncs in the logs: kept the first 2000 and the last 2000 read, counted the other 100/);
      const few = await run([SAMPLE, '--format', 'text', '--lang', 'en']);
      expect(few.out).not.toContain('of the entries kept');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sets an earlier archive of the same node apart instead of taking it for a second node', async () => {
    const { code, out } = await run([SAMPLE, SAMPLE, 'samples/healthy-shared-disk-node2.tar.gz', '--format', 'text', '--lang', 'en']);
    expect(code).toBe(0);
    expect(out).toContain('◆ Cluster lk-node1 + lk-node2');
    expect(out).toContain(`earlier archive of lk-node1: ${SAMPLE} (collected 2024-05-20 10:20:01), analyzed on its own; the cluster compares the latest`);
    expect(out).toMatch(/Findings\s+0 critical · 0 warning · 0 info/);
  });

  it('speaks Japanese with --lang ja or a Japanese LANG', async () => {
    const ja = await run([SAMPLE, '--format', 'text', '--lang', 'ja']);
    expect(ja.out).toContain('カーネル');
    // One node of a pair: never an all-clear, the missing peer named among what could not run.
    expect(ja.out).toContain('確認できた範囲では問題は見つかりませんでしたが');
    expect(ja.out).toContain('対向ノード lk-node2 のアーカイブがないため');
    const env = await run([SAMPLE, '--format', 'text'], false, { LANG: 'ja_JP.UTF-8' });
    expect(env.out).toContain('採取日時');
  });

  it('colours only on a terminal, and never with NO_COLOR', async () => {
    expect((await run([SAMPLE, '--lang', 'en'], true)).out).toContain('\u001b[');
    expect((await run([SAMPLE, '--lang', 'en'], true, { NO_COLOR: '1' })).out).not.toContain('\u001b[');
  });

  it('writes JSON when not on a terminal, and to --out', async () => {
    const piped = await run([SAMPLE]);
    const report = JSON.parse(piped.out) as Report;
    expect(report.schema).toBe('lkanalyze/report@4');
    expect(report.nodes[0]?.hostname).toBe('lk-node1');
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-cli-'));
    try {
      const out = join(dir, 'r.json');
      const r = await run([SAMPLE, '--format', 'json', '--out', out]);
      expect(r.out).toBe('');
      expect((JSON.parse(await readFile(out, 'utf8')) as Report).nodes).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps argument order for several archives', async () => {
    const { out } = await run(['samples/datakeeper-node1.tar.gz', SAMPLE]);
    expect((JSON.parse(out) as Report).nodes.map((n) => n.hostname)).toEqual(['dk-node1', 'lk-node1']);
  });

  it('exits 2 with one plain line naming the file when an input is not an archive, and analyzes the rest', async () => {
    const { code, out, err } = await run(['package.json', SAMPLE, '--format', 'text', '--lang', 'en']);
    expect(code).toBe(2);
    expect(err).toBe('lkanalyze: package.json: it is neither a .tar.gz nor a .tar file (unknown content)\n');
    expect(out).toContain('■ lk-node1');
    expect(out).toContain('Unreadable');
  });

  it('writes one self-contained HTML file with no script and no network reference', async () => {
    const { code, out } = await run([SAMPLE, '--format', 'html', '--lang', 'ja']);
    expect(code).toBe(0);
    expect(out).toMatch(/^<!doctype html>/);
    expect(out).toContain('lk-node1');
    // A source is a link the reader may follow (https, a new tab), never something the page loads.
    const withoutSourceLinks = out.replace(/<a href="https:\/\/[^"\s<>]+" target="_blank" rel="noopener noreferrer">/g, '<a>');
    expect(withoutSourceLinks).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|@import|url\(/i);
  });

  it('takes a case number and a timeline scope for HTML and PDF, and refuses them for other formats or with bad values', async () => {
    const { code, out } = await run([SAMPLE, '--format', 'html', '--lang', 'en', '--case', 'SR-4711', '--timeline', 'none']);
    expect(code).toBe(0);
    expect(out).toContain('<title>Case SR-4711 — LifeKeeper Support Analyzer — lk-node1</title>');
    expect(out).toContain('Timeline: not in this export');
    expect((await run([SAMPLE, '--format', 'html', '--lang', 'en'])).out).toContain('Timeline: warnings and critical events only');
    for (const [args, message] of [
      [['--format', 'html', '--timeline', 'info'], /--timeline must be all, warnings or none, not "info"/],
      [['--format', 'json', '--timeline', 'all'], /--timeline goes with --format html or pdf/],
      [['--format', 'text', '--case', 'SR-1'], /--case goes with --format html or pdf/],
      [['--format', 'html', '--case', '<b>'], /--case: a case number is/],
    ] as const) {
      const r = await run([SAMPLE, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
  });

  it('needs --out for PDF', async () => {
    const { code, err } = await run([SAMPLE, '--format', 'pdf']);
    expect(code).toBe(2);
    expect(err).toMatch(/--format pdf needs --out FILE/);
  });

  it('rejects bad options with exit 2 and a hint', async () => {
    for (const args of [[], [SAMPLE, '--lang', 'fr'], [SAMPLE, '--fail-on', 'info'], [SAMPLE, '--bogus']]) {
      const { code, err } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(err).toMatch(/^lkanalyze: .*\nTry 'lkanalyze --help'\.\n$/);
    }
  });

  it('--fail-on turns findings at or above a severity into exit 1', () => {
    const finding = (severity: 'critical' | 'warning' | 'info') => ({ severity }) as Report['findings'][number];
    const report = (sev: Array<'critical' | 'warning' | 'info'>) => ({ archives: [], findings: sev.map(finding) }) as unknown as Report;
    expect(exitCode(report(['warning']), 'critical')).toBe(0);
    expect(exitCode(report(['warning']), 'warning')).toBe(1);
    expect(exitCode(report(['critical']), 'warning')).toBe(1);
    expect(exitCode(report(['info']), 'warning')).toBe(0);
    expect(exitCode(report(['critical']), null)).toBe(0);
  });

  it('prints archive text as text: terminal control and bidi characters are shown, not obeyed', () => {
    expect(safe('a\u001b[2Jb\u202ec')).toBe('a\\u001b[2Jb\\u202ec');
  });

  it('runs a rule pack given with --rules, lists it in the report, and names a broken rule file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-rules-'));
    try {
      await writeFile(join(dir, 'pack.json'), JSON.stringify({ name: 'site-pack', version: '7' }));
      await writeFile(join(dir, 'site-lkscsid-start.json'), JSON.stringify({
        id: 'site-lkscsid-start', kind: 'log', severity: 'info', input: 'lifekeeper-log', keywords: ['007046'],
        pattern: 'lkscsid daemon pid:(?<pid>\\d+)',
        title: { en: 'lkscsid started (pid {pid})', ja: 'lkscsid 起動 (pid {pid})' },
        summary: { en: 'seen {count} time(s)', ja: '{count} 回' }, remediation: { en: 'none', ja: 'なし' }, action: { en: 'none', ja: 'なし' },
        references: [{ source: 'site', title: { en: 'site rule', ja: 'サイトのルール' } }],
        samples: { match: ['lkscsid[1]: INFO:lkscsid:::007046:lkscsid daemon pid:1 mlock:1'], noMatch: ['other'] },
      }));
      await writeFile(join(dir, 'broken.json'), '{');
      const { code, out, err } = await run([SAMPLE, '--rules', dir]);
      expect(code).toBe(0);
      // A broken file is skipped; a rule whose reference has no https link is loaded, with a warning.
      expect(err).toMatch(/^lkanalyze: rule pack site-pack: .*broken\.json: .*\(skipped\)\nlkanalyze: rule pack site-pack: .*site-lkscsid-start\.json: warning: reference "site" is not one a reader can follow: it has no URL\n$/);
      const report = JSON.parse(out) as Report;
      expect(report.rulePacks.map((p) => `${p.name}@${p.version}:${p.rules.length}:${p.errors.length}`)).toEqual([expect.stringMatching(/^lkanalyze-built-in@1:\d+:0$/), 'site-pack@7:1:1']);
      const site = report.findings.filter((f) => f.id === 'site-lkscsid-start');
      expect(site.map((f) => [f.severity, f.summary.en, f.evidence.length])).toEqual([['info', 'seen 2 time(s)', 2]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs as a command from the checkout', async () => {
    const { stdout } = await promisify(execFile)('node', ['bin/lkanalyze', SAMPLE, '--format', 'text', '--lang', 'en']);
    expect(stdout).toContain('■ lk-node1');
    const err = await promisify(execFile)('node', ['bin/lkanalyze', 'nope.tar.gz']).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2, stderr: 'lkanalyze: nope.tar.gz: no such file\n' });
  });
});

/** Runs bin/lkanalyze with `input` (a file's bytes, or null for none) on standard input; killed after `ms` so a test can never hang. */
async function runBin(args: string[], input: Buffer | null, ms = 20_000): Promise<{ code: number | null; stderr: string; ms: number; killed: boolean }> {
  const { spawn } = await import('node:child_process');
  const started = Date.now();
  const child = spawn(process.execPath, ['bin/lkanalyze', ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  // A closed pipe (the CLI refused the input before reading it) is not this test's failure.
  child.stdin.on('error', () => undefined);
  child.stdin.end(input ?? undefined);
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, ms);
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  clearTimeout(timer);
  return { code, stderr, ms: Date.now() - started, killed };
}

describe('lkanalyze inputs (issue 14)', () => {
  it('names each input it cannot open with its reason, analyzes the others, and exits 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-inputs-'));
    try {
      const { execFileSync } = await import('node:child_process');
      const fifo = join(dir, 'node.fifo');
      execFileSync('mkfifo', [fifo]);
      const file = join(dir, 'notes.txt');
      await writeFile(file, 'a file, not a folder\n');
      const out = join(dir, 'report.json');
      const r = await runBin([fifo, dir, join(dir, 'nope.tar.gz'), join(file, 'node.tar.gz'), SAMPLE, '--format', 'json', '--out', out], null);
      // Opening the FIFO would wait for a writer for ever: it is refused before it is opened.
      expect(r.killed, 'the run hung').toBe(false);
      expect(r.ms).toBeLessThan(15_000);
      expect(r.code).toBe(2);
      const report = JSON.parse(await readFile(out, 'utf8')) as Report;
      expect(report.archives.map((a) => [a.status, a.problem?.en ?? null])).toEqual([
        ['unreadable', 'it is not a regular file (a FIFO, socket or device)'],
        ['unreadable', 'it is not a regular file (a folder)'],
        ['unreadable', 'no such file'],
        ['unreadable', 'no such file (a part of its path is a file, not a folder)'],
        ['read', null],
      ]);
      expect(report.archives.every((a) => a.status === 'read' || a.problem?.ja)).toBe(true);
      expect(report.nodes.map((n) => n.hostname)).toEqual(['lk-node1']);
      expect(r.stderr).toContain(`${fifo}: it is not a regular file`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it.skipIf(process.getuid?.() === 0)('names a file it has no permission to read, and analyzes the others (skipped as root: root reads a file of mode 000)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-inputs-'));
    try {
      const { chmod, copyFile } = await import('node:fs/promises');
      const locked = join(dir, 'locked.tar.gz');
      await copyFile(SAMPLE, locked);
      await chmod(locked, 0o000);
      const out = join(dir, 'report.json');
      const r = await runBin([locked, SAMPLE, '--format', 'json', '--out', out], null);
      expect(r.code).toBe(2);
      const report = JSON.parse(await readFile(out, 'utf8')) as Report;
      expect(report.archives[0]?.problem?.en).toMatch(/^permission denied/);
      expect(report.archives[1]?.status).toBe('read');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('maps an open that fails for want of permission to its own reason', async () => {
    const { openErrorReason } = await import('../analyzers/engine/archive/archive.js');
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(openErrorReason(denied).reason.en).toBe('permission denied (it cannot be read by this user)');
    expect(openErrorReason(denied).reason.ja).toContain('読み取り権限');
  });

  it('"-" reads a .tar.gz or a .tar piped to standard input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-inputs-'));
    try {
      const { gunzipSync } = await import('node:zlib');
      const gz = await readFile(SAMPLE);
      for (const bytes of [gz, gunzipSync(gz)]) {
        const out = join(dir, 'report.json');
        const r = await runBin(['-', '--format', 'json', '--out', out], bytes);
        expect(r.code, r.stderr).toBe(0);
        const report = JSON.parse(await readFile(out, 'utf8')) as Report;
        expect(report.archives).toMatchObject([{ file: '(standard input)', status: 'read', format: bytes === gz ? 'tar+gzip' : 'tar' }]);
        expect(report.nodes.map((n) => n.hostname)).toEqual(['lk-node1']);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('"-" refuses a zip on a pipe (it needs seeking), empty input, and "-" twice, with the other inputs still analyzed', async () => {
    const { makeZip } = await import('../analyzers/engine/plugin/testing.js');
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-inputs-'));
    try {
      const out = join(dir, 'report.json');
      const zip = makeZip([{ name: 'node1.tar.gz', content: await readFile(SAMPLE) }]);
      const r = await runBin(['-', SAMPLE, '--format', 'json', '--out', out], zip);
      expect(r.code).toBe(2);
      const report = JSON.parse(await readFile(out, 'utf8')) as Report;
      expect(report.archives[0]).toMatchObject({ file: '(standard input)', status: 'unreadable' });
      expect(report.archives[0]?.problem?.en).toMatch(/zip archive, which cannot be read from standard input .*needs seeking/);
      expect(report.archives[1]?.status).toBe('read');
      const empty = await runBin(['-', '--format', 'json', '--out', out], Buffer.alloc(0));
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('standard input is empty');
      const twice = await runBin(['-', '-'], Buffer.alloc(0));
      expect(twice.code).toBe(2);
      expect(twice.stderr).toContain('"-" (standard input) can be given only once');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
