// The hostile corpus through every command a user may point at an archive, not
// only the analysis: `ls`, `cat`, `grep` and `diff`, and the text report. Each
// ends with its documented exit code and a reason, prints text only (no
// terminal control sequences from the archive), bounded, and writes nothing.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-in-test.js';
import type { HostileCase } from './corpus.js';
import { buildCorpus } from './corpus.js';

/** What one command may print at most for one of these small archives (the 100 MB line is cut, never printed whole). */
const MAX_OUTPUT = 4 * 2 ** 20;
/**
 * grep prints every matching line, as grep -n does, and diff's report holds the
 * facts of both nodes: both grow with the event flood's 120,000 events, within
 * the bounds the facts keep.
 */
const MAX_LISTING = 32 * 2 ** 20;

/** ls lists every member, like tar -tv: its output grows with the members (themselves bounded by the reader). */
const MAX_MEMBER_LIST = 64 * 2 ** 20;
/** Kept past every bound above, so that an output over its bound is seen over it, not cut to fit. */
const run = (args: string[]) => runCli(args, { LANG: 'C' }, MAX_MEMBER_LIST * 2);

/** C0 controls other than tab and newline, DEL, C1 controls, and bidi overrides/isolates: never from archive text to a terminal. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not be printed
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let dir: string;
let cases: HostileCase[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-hostile-cmd-'));
  cases = await buildCorpus(dir);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const failures: string[] = [];

/** Every problem of every case is collected, so that one run shows them all. */
function checkOutput(name: string, r: { code: number; out: string; err: string }, codes: readonly number[], maxOutput = MAX_OUTPUT): void {
  try {
    check(name, r, codes, maxOutput);
  } catch (err) {
    failures.push(err instanceof Error ? err.message : String(err));
  }
}

function check(name: string, r: { code: number; out: string; err: string }, codes: readonly number[], maxOutput: number): void {
  expect(codes, `${name}: exit ${r.code}, stderr ${r.err.slice(0, 300)}`).toContain(r.code);
  expect(r.out.length + r.err.length, `${name}: output bounded`).toBeLessThan(maxOutput);
  expect(r.out, `${name}: stdout is text`).not.toMatch(UNSAFE);
  expect(r.err, `${name}: stderr is text`).not.toMatch(UNSAFE);
  // A crash shows as a stack trace: every failure must be a sentence instead.
  expect(r.err, `${name}: no stack trace`).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  if (r.code === 2) expect(r.err.trim(), `${name}: exit 2 says why`).not.toBe('');
}

describe('the hostile corpus through ls, cat, grep, diff and the text report', () => {
  it('ends every command with its exit code and a reason, prints only bounded text, and writes nothing', async () => {
    const before = (await readdir(dir)).sort();
    const cwdBefore = (await readdir('.')).sort();
    for (const c of cases) {
      const ls = await run(['ls', c.file]);
      checkOutput(`ls ${c.name}`, ls, [0, 2], MAX_MEMBER_LIST);
      checkOutput(`grep ${c.name}`, await run(['grep', '-C', '2', 'lkscsid', c.file]), [0, 1, 2], MAX_LISTING);
      checkOutput(`grep -i -E ${c.name}`, await run(['grep', '-i', '-E', 'error|fail(ure|ed)', c.file]), [0, 1, 2], MAX_LISTING);
      // cat the first few members ls named (the second column onwards of a line is the path; any member will do).
      const paths = ls.out.split('\n').map((l) => /\S+\/\S+/.exec(l)?.[0]).filter((p): p is string => !!p).slice(0, 3);
      for (const p of paths) checkOutput(`cat ${c.name} ${p}`, await run(['cat', c.file, p, '--lines', '1-200']), [0, 1, 2]);
      checkOutput(`diff ${c.name}`, await run(['diff', 'samples/advisory-lkscsid-restart.tar.gz', c.file, '--format', 'text']), [0, 1, 2, 3], MAX_LISTING);
      checkOutput(`text report ${c.name}`, await run([c.file, '--format', 'text']), [0, 1, 2, 3]);
    }
    expect(failures).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(before);
    expect((await readdir('.')).sort()).toEqual(cwdBefore);
    expect(existsSync('/tmp/lkanalyze-escape')).toBe(false);
    expect(existsSync('/tmp/lkanalyze-abs')).toBe(false);
  }, 600_000);

  it('lists one line per member whatever the names hold, and reads a zip whose directory lies as far as it goes', async () => {
    const named = cases.find((c) => c.name === 'names-that-forge-output.tar.gz');
    const lying = cases.find((c) => c.name === 'zip-entry-count-lies.zip');
    if (!named || !lying) throw new Error('the corpus lacks its cases');
    const ls = await run(['ls', named.file]);
    expect(ls.code).toBe(0);
    // Five members, five lines: a line break in a name is shown as \u000a, never printed.
    expect(ls.out.trim().split('\n')).toHaveLength(5);
    expect(ls.out).not.toMatch(/^log {10}1 B {2}2024-05-20 00:00 {2}n\/var\/log\/forged\.log$/m);
    const listed = await run(['ls', lying.file]);
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toMatch(/node-b\.tar\.gz » /);
    expect(listed.err).toMatch(/corrupt after 2 members/);
  }, 60_000);
});
