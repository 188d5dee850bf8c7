// What changed on the command line: `lkanalyze diff OLD NEW`, the changes block
// of the text report, and `--format csv` (redacted with --redact).
import { describe, expect, it } from 'vitest';
import { runCli } from './run-in-test.js';

const run = (args: string[]) => runCli(args);

const BEFORE = 'samples/healthy-shared-disk-node2.tar.gz';
const AFTER = 'samples/upgrade-after-node2.tar.gz';
const PEER = 'samples/healthy-shared-disk-node1.tar.gz';

describe('lkanalyze diff', () => {
  it('says what changed, oldest first whatever the order given, with the lines of both archives', async () => {
    const { code, out } = await run(['diff', AFTER, BEFORE, '--format', 'text', '--lang', 'en']);
    expect(code).toBe(0);
    expect(out).toContain(`◇ What changed  lk-node2: ${BEFORE} (collected 2024-05-20 10:21:30) → ${AFTER} (collected 2024-06-03 09:00:00)`);
    expect(out).toMatch(/LifeKeeper {2}upgraded version: 9\.6\.2-7047 → 9\.7\.0-7188/);
    expect(out).toMatch(/LCMNUMHBEATS {2}changed: 3 → 5 {2}\(default 3\)/);
    expect(out).toContain('Before: lksupport/etc_default_LifeKeeper:8  LCMNUMHBEATS=3');
    expect(out).toContain('After: lksupport/etc_default_LifeKeeper:8  LCMNUMHBEATS=5');
    expect(out).toMatch(/ip-admin {2}added: comm\/ip OSU/);
    expect(out).toContain('Events between the two collections');
    // Only the changes: no findings list, no node sections.
    expect(out).not.toContain('■ lk-node2');
  });

  it('in Japanese', async () => {
    const { out } = await run(['diff', BEFORE, AFTER, '--format', 'text', '--lang', 'ja']);
    expect(out).toContain('◇ 変更点');
    expect(out).toMatch(/LCMNUMHBEATS {2}変更: 3 → 5 {2}\(デフォルト 3\)/);
  });

  it('two archives of one moment of one node: nothing changed, said so', async () => {
    const { out } = await run(['diff', BEFORE, BEFORE, '--format', 'text', '--lang', 'en']);
    expect(out).toContain('Nothing changed in what both archives show.');
  });

  it('lists the LifeKeeper kits, then the other packages grouped with their counts and the lines of both archives', async () => {
    const { out } = await run(['diff', BEFORE, AFTER, '--format', 'text', '--lang', 'en']);
    const kits = out.indexOf('LifeKeeper kits and components  2 upgraded');
    const others = out.indexOf('Other packages  1 installed, 1 removed, 3 upgraded, 1 downgraded');
    expect(kits).toBeGreaterThan(0);
    expect(others).toBeGreaterThan(kits);
    expect(out).toMatch(/openssl-libs {2}upgraded version: 1:1\.1\.1g-15\.el8_3 → 1:1\.1\.1k-5\.el8_5/);
    expect(out).toMatch(/tzdata {2}downgraded version: 2024a-1\.el8 → 2023c-1\.el8/);
    expect(out).toContain('Before: lksupport/rpm-qa.out:2  bash-4.4.19-14.el8.x86_64');
  });

  it('wraps every line of the block to the terminal width, under itself, in both languages', async () => {
    const { formatChanges } = await import('./format-text.js');
    const { readFileSync } = await import('node:fs');
    const report = JSON.parse(readFileSync(new URL('../samples/golden/cluster-upgrade-over-time.json', import.meta.url), 'utf8')) as Parameters<typeof formatChanges>[0];
    const cols = (l: string): number => [...l].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
    for (const lang of ['en', 'ja'] as const) {
      for (const width of [80, 100]) {
        const lines = formatChanges(report, { lang, color: false, width }).split('\n');
        for (const l of lines) expect(cols(l), `${lang} ${width}: ${l}`).toBeLessThanOrEqual(width);
        // The heading's archive names go on under the heading, not from the margin.
        const heading = lines.findIndex((l) => l.startsWith('◇'));
        expect(lines[heading + 1], `${lang} ${width}`).toMatch(/^ {2}\S/);
      }
    }
    // Without a width (a file, a pipe) nothing is wrapped.
    expect(formatChanges(report, { lang: 'en', color: false }).split('\n').some((l) => l.length > 100)).toBe(true);
  });

  it('wants exactly two archives', async () => {
    const { code, err } = await run(['diff', BEFORE]);
    expect(code).toBe(2);
    expect(err).toContain('diff compares two archives');
  });

  it('the full text report has the changes block too, and the rows of the side-by-side table that differ, linked to their rules', async () => {
    const { out } = await run([AFTER, PEER, BEFORE, '--format', 'text', '--lang', 'en']);
    expect(out).toContain('◇ What changed');
    expect(out).toMatch(/◇ Nodes side by side {2}lk-node1 \| lk-node2/);
    expect(out).toMatch(/LCMNUMHBEATS: lk-node1 3 {2}lk-node2 5 {2}← cluster-heartbeat-mismatch/);
    // Active on one node and standby on the other is no difference.
    expect(out).not.toMatch(/app-web: lk-node1 ISP/);
  });
});

describe('lkanalyze --format csv', () => {
  it('writes the side-by-side table as CSV, with a byte order mark and CRLF', async () => {
    const { code, out } = await run([AFTER, PEER, '--format', 'csv', '--lang', 'en']);
    expect(code).toBe(0);
    expect(out.startsWith('\uFEFFcluster,group,key,node1,node2,differs,findings\r\n')).toBe(true);
    expect(out).toContain('lk-node1+lk-node2,LifeKeeper,LifeKeeper,9.6.2-7047,9.7.0-7188,differs,cluster-version-mix\r\n');
    expect(out).toContain('lk-node1+lk-node2,Settings (/etc/default/LifeKeeper),LCMNUMHBEATS,3,5,differs,cluster-heartbeat-mismatch\r\n');
  });

  it('--redact applies to it: no host name or address of the archives is left', async () => {
    const { out } = await run([AFTER, PEER, '--format', 'csv', '--redact']);
    expect(out).not.toMatch(/lk-node[12]/);
    expect(out).not.toContain('192.168.10');
    expect(out).toContain('LCMNUMHBEATS');
  });

  it('--redact applies to the JSON changes section too', async () => {
    const { out } = await run([AFTER, PEER, BEFORE, '--format', 'json', '--redact']);
    const changes = JSON.stringify((JSON.parse(out) as { changes: unknown }).changes);
    expect(changes).toContain('LCMNUMHBEATS');
    expect(changes).not.toMatch(/lk-node[12]|192\.168\.10\./);
  });
});
