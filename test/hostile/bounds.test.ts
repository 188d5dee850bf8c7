// Issue 14: archives made to exhaust memory or work run through the real CLI
// (the built one, as a user runs it) within their bounds: time, peak RSS,
// exit code, report size, and a note naming what was not read and why. The
// cases that take the whole default budget to reach their cut (16 GiB
// inflated) run in-process with a smaller budget here, and through the CLI
// at the defaults with LKANALYZE_HOSTILE_FULL=1.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeArchive } from '../../analyzers/engine/run/engine.js';
import { loadAnalyzers } from '../../analyzers/registry.js';
import type { BoundsCase, ReportShape } from './bounds-corpus.js';
import { buildBoundsCorpus } from './bounds-corpus.js';

const FULL = Boolean(process.env['LKANALYZE_HOSTILE_FULL']);
/** The CLI's own entry, run in a child that prints its peak RSS on exit (bench/measure.ts). */
const MEASURE = resolve('dist/bench/measure.js');

let dir: string;
let cases: BoundsCase[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-bounds-'));
  cases = await buildBoundsCorpus(dir);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  ms: number;
  rssMiB: number;
  exit: number;
  stderr: string;
  reportBytes: number;
  report: unknown;
}

async function runCli(file: string, out: string): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [MEASURE, file, '--format', 'json', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    if (stderr.length < 10_000) stderr += c.toString();
  });
  const exit = await new Promise<number>((done) => child.on('close', (code) => done(code ?? -1)));
  const ms = Date.now() - started;
  const rssKb = Number(/maxRssKb=(\d+)/.exec(stdout)?.[1] ?? 0);
  const reportBytes = existsSync(out) ? (await stat(out)).size : 0;
  // Parsing it proves the report is valid JSON, whatever it held.
  const report: unknown = reportBytes > 0 ? JSON.parse(await readFile(out, 'utf8')) : null;
  return { ms, rssMiB: rssKb / 1024, exit, stderr, reportBytes, report };
}

/** Every text the report shows (English side) and every evidence line: where a note must be found. */
function said(report: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [report];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'en' || k === 'text') && typeof x === 'string') out.push(x);
      else stack.push(x);
    }
  }
  return out.join('\n');
}

describe('issue 14: bounded memory and work, whatever the archive', () => {
  it('runs each case through the CLI within its time, peak RSS, exit code and report size, with its note', async () => {
    expect(existsSync(MEASURE), 'build first (npm run build): the CLI runs from dist/').toBe(true);
    const lines: string[] = [];
    for (const c of cases.filter((x) => x.quick || FULL)) {
      const r = await runCli(c.file, join(dir, `${c.name}.json`));
      lines.push(`${c.name}: exit ${r.exit} in ${(r.ms / 1000).toFixed(1)} s, peak RSS ${r.rssMiB.toFixed(0)} MiB, report ${(r.reportBytes / 2 ** 20).toFixed(2)} MiB (before: ${c.before})`);
      expect(r.exit, `${c.name}: ${r.stderr}`).toBe(c.bound.exit);
      expect(r.ms, `${c.name} took too long`).toBeLessThan(c.bound.ms);
      expect(r.rssMiB, `${c.name} peak RSS`).toBeLessThan(c.bound.rssMiB);
      expect(r.reportBytes, `${c.name} report size`).toBeLessThan(c.bound.reportBytes);
      expect(said(r.report), c.name).toMatch(c.bound.note);
      expect(c.check?.(r.report as ReportShape) ?? null, c.name).toBeNull();
      await rm(join(dir, `${c.name}.json`), { force: true });
    }
    console.info(lines.join('\n'));
  }, FULL ? 1_200_000 : 240_000);

  it('cuts a bomb of .gz logs at the archive budget, inflating no more than it allows (in-process, a smaller budget)', async () => {
    const { analyzers } = await loadAnalyzers();
    for (const c of cases.filter((x) => !x.quick)) {
      const started = Date.now();
      const r = await analyzeArchive(c.file, { analyzers, limits: c.quickLimits ?? {} });
      const text = said({ archive: r.archive, node: r.node });
      expect(Date.now() - started, c.name).toBeLessThan(c.bound.ms);
      expect(r.archive.status, c.name).toBe('partial');
      expect(text, c.name).toMatch(c.bound.note);
      // The member where the budget ran out says so too.
      expect(r.node?.members.read.map((m) => m.problem?.en ?? '').join('\n'), c.name).toMatch(/budget of 1\.0 GiB of decompressed data/);
    }
  }, 120_000);
});
