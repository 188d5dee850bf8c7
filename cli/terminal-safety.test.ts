// Archive text reaches a terminal as text: escape sequences (OSC, CSI, BEL)
// in any field of a report, or in a member name shown by the progress line,
// are printed visibly and never interpreted; and a terminal that reports zero
// columns does not break the progress line.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { makeTar } from '../analyzers/engine/plugin/testing.js';
import { main } from './main.js';
import type { Report } from '../analyzers/engine/report/report.js';
import { formatText } from './format-text.js';
import { ProgressLine } from './progress.js';

/** A title change (OSC), a colour (CSI), a bell, a cursor move and C1 CSI: what a hostile archive would plant. */
const ATTACK = '\u001b]0;pwned\u0007\u001b[31mred\u001b[2J\u0007\u009b31m';

/** Fields the engine itself sets from a closed list (the report's schema): not archive text. */
const ENGINE_ENUMS = new Set(['severity', 'status', 'kind', 'code', 'schema', 'input', 'hostnameSource', 'collectedAtSource', 'seenBy', 'typeSource', 'encodings']);

/** Every string of the report that archive text can reach, with the attack appended. */
function poison<T>(value: T, key = ''): T {
  if (ENGINE_ENUMS.has(key)) return value;
  if (typeof value === 'string') return `${value}${ATTACK}` as T;
  if (Array.isArray(value)) return value.map((v) => poison(v, key)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, k)])) as T;
  return value;
}

const golden = (name: string): Report => JSON.parse(readFileSync(new URL(`../samples/golden/${name}.json`, import.meta.url), 'utf8')) as Report;

/** Only our own colours may be escape sequences: ESC [ digits m. */
function rawControls(out: string): string[] {
  // eslint-disable-next-line no-control-regex
  return [...out.matchAll(/\u001b(?!\[\d{1,2}m)|[\u0007\u0080-\u009f]|[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f]/g)].map((m) => JSON.stringify(m[0]));
}

describe('terminal safety', () => {
  for (const name of ['split-brain-node1', 'datakeeper-node1', 'two-line-104086-node1', 'headerless-log-node1', 'windows-status-refused']) {
    it(`every field of a report (${name}) with escape sequences prints them as text, in colour and without, in both languages`, () => {
      const report = poison(golden(name));
      for (const lang of ['en', 'ja'] as const) {
        for (const color of [false, true]) {
          const out = formatText(report, { lang, color });
          expect(rawControls(out), `${lang} color=${color}`).toEqual([]);
          expect(out).toContain('\\u001b]0;pwned');
        }
      }
    });
  }

  it('the progress line shows a hostile member name as text, and survives a terminal of zero columns', () => {
    vi.useFakeTimers();
    try {
      for (const columns of [0, undefined, 5, 120]) {
        const written: string[] = [];
        const stream = { isTTY: true, columns, write: (s: string) => written.push(s) > 0 } as unknown as NodeJS.WritableStream & { isTTY: boolean; columns?: number };
        const line = new ProgressLine(stream, 'en');
        vi.advanceTimersByTime(2000);
        line.update(`/tmp/x${ATTACK}.tar.gz`, { bytesRead: 10, totalBytes: 100, member: `var/log/${ATTACK}` });
        line.clear();
        const out = written.join('');
        expect(out.length, `columns=${columns}`).toBeGreaterThan(0);
        expect(rawControls(out.replaceAll('\r', '')), `columns=${columns}`).toEqual([]);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('ls, cat and grep print hostile member names and lines as text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lkanalyze-safety-'));
    try {
      const archive = join(dir, 'hostile.tar.gz');
      const name = `n/var/log/x${ATTACK}.log`;
      await writeFile(archive, gzipSync(await makeTar([{ name, content: `line with ${ATTACK} inside\n` }])));
      for (const args of [['ls', archive], ['cat', archive, name], ['grep', '-C', '2', 'line', archive], ['grep', '-E', 'l.ne', archive]]) {
        let out = '';
        const stdout = new Writable({ write: (c: Buffer, _e, cb) => { out += c.toString(); cb(); } });
        const code = await main(args, { stdout, stderr: stdout, env: {} });
        expect(code, args.join(' ')).toBe(0);
        expect(rawControls(out), args.join(' ')).toEqual([]);
        expect(out, args.join(' ')).toContain('\\u001b]0;pwned');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
