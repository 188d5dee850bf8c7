// The CLI's bundle (dist/bundle/, bundle.config.js), as bin/lkanalyze runs it: built from the compiled code as it
// is now, every sample's report byte for byte its golden report, the cluster samples read by worker threads
// started from the bundle's own entries, `--version`, the rule catalogue, an HTML export, and `serve` (its page,
// an analysis in its worker and a search in the grep worker) answering as the compiled modules answer.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Served } from '../app/serve/serve.js';
import { makeZip } from '../analyzers/engine/plugin/testing.js';
import { loadScenario, scenarioNames } from '../samples/build-samples.js';

const BUNDLE = 'dist/bundle';
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const clusterSamples = (JSON.parse(readFileSync('samples/clusters.json', 'utf8')) as { clusters: Array<{ name: string; archives: string[] }> }).clusters;

/**
 * Loaded before the CLI (--import): wraps worker_threads' Worker so that the file each worker starts from is
 * written to stderr when the process exits, on a line of its own.
 */
const WORKER_SPY = `import wt from 'node:worker_threads';
import { syncBuiltinESMExports } from 'node:module';
const started = [];
const Original = wt.Worker;
wt.Worker = class extends Original { constructor(file, options) { super(file, options); started.push(String(file)); } };
syncBuiltinESMExports();
process.on('exit', () => process.stderr.write('workers-started: ' + JSON.stringify(started) + '\\n'));
`;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  workers: string[];
}

let dir: string;
let spy: string;

/** bin/lkanalyze with `args`, the worker spy loaded first; stderr without the spy's line, and the workers it saw. */
function lkanalyze(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(spy).href, 'bin/lkanalyze', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    // Bytes kept whole and decoded at the end: a chunk may end inside a character.
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise(split(code, Buffer.concat(stdout).toString(), Buffer.concat(stderr).toString())));
  });
}

function split(code: number | null, stdout: string, stderr: string): Ran {
  const line = /^workers-started: (.*)\n/m.exec(stderr);
  return { code, stdout, stderr: stderr.replace(/^workers-started: .*\n/m, ''), workers: line?.[1] ? (JSON.parse(line[1]) as string[]) : [] };
}

/**
 * The CLI's JSON report with the two fields the golden reports fix (the generator's version and the time of the
 * report) set to theirs; every other byte is as the CLI wrote it.
 */
function asGolden(text: string, golden: string): string {
  const head = /^\{\n {2}"schema": "[^"]+",\n {2}"generator": \{\n {4}"name": "lkanalyze",\n {4}"version": "([^"]*)"\n/;
  const at = /\n {2}"generatedAt": "([^"]*)",\n/;
  expect(head.exec(text)?.[1]).toBe(pkg.version);
  expect(text.match(new RegExp(at.source, 'g'))).toHaveLength(1);
  return text.replace(head, (m, v: string) => m.replace(`"version": "${v}"`, '"version": "golden"')).replace(at, `\n  "generatedAt": "${at.exec(golden)?.[1] ?? ''}",\n`);
}

const bundled = (name: string): string => resolve(BUNDLE, name);

/** Where two texts first differ, by line, to say in a failure. */
function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const i = x.findIndex((l, n) => l !== y[n]);
  return i < 0 ? (x.length === y.length ? 'none' : `lengths ${x.length} and ${y.length}`) : `line ${i + 1}: ${JSON.stringify(x[i])} against ${JSON.stringify(y[i])}`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-bundle-'));
  spy = join(dir, 'worker-spy.mjs');
  await writeFile(spy, WORKER_SPY);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the bundle', () => {
  it('is built (npm run build), with the CLI, the rule catalogue and every worker entry the engine starts', () => {
    for (const entry of ['run.js', 'rules-doc.js', 'archive-worker.js', 'grep-worker.js', 'watch-worker.js', 'modules.json']) {
      expect(existsSync(join(BUNDLE, entry)), `${BUNDLE}/${entry} is missing: run "npm run build"`).toBe(true);
    }
    expect(readFileSync('bin/lkanalyze', 'utf8')).toContain("import('../dist/bundle/run.js')");
  });

  it('is made of the compiled modules as they are now (run "npm run build" when this fails)', () => {
    const modules = JSON.parse(readFileSync(join(BUNDLE, 'modules.json'), 'utf8')) as Record<string, string>;
    for (const m of ['dist/cli/run.js', 'dist/cli/main.js', 'dist/analyzers/registry.js', 'dist/app/serve/serve.js', 'dist/analyzers/engine/workers/archive-worker.js']) expect(Object.keys(modules)).toContain(m);
    const stale = Object.entries(modules).filter(([file, sha]) => !existsSync(file) || createHash('sha256').update(readFileSync(file)).digest('hex') !== sha).map(([file]) => file);
    expect(stale, 'compiled since the bundle was built').toEqual([]);
  });

  it('finds every file it names from import.meta.url: each worker entry beside its chunk, the renderer\'s builds in dist/', () => {
    const named = new Set<string>();
    for (const chunk of readdirSync(BUNDLE).filter((f) => f.endsWith('.js'))) {
      for (const m of readFileSync(join(BUNDLE, chunk), 'utf8').matchAll(/new URL\("([^"]+)", import\.meta\.url\)/g)) if (m[1]) named.add(m[1]);
    }
    // A worker's entry is one name, beside the chunk that starts it: the bundle is flat.
    const workers = [...named].filter((n) => n.startsWith('./'));
    expect(workers.sort()).toEqual(['./archive-worker.js', './grep-worker.js', './watch-worker.js']);
    for (const w of workers) expect(existsSync(join(BUNDLE, w)), w).toBe(true);
    // The renderer's builds are each looked for in a few places, one for each layout (serve.ts knows the client's
    // by its assets/ folder): from the bundle, the one found is dist/'s.
    for (const [built, marker] of [['renderer/', 'assets'], ['renderer-ssr/export.js', '']] as const) {
      const found = [...named].filter((n) => n.endsWith(built) && existsSync(join(resolve(BUNDLE, n), marker)));
      expect(found.map((n) => resolve(BUNDLE, n)), built).toEqual([resolve('dist', built)]);
    }
  });

  it('loads serve, ls, cat, grep and the changes only when asked: an analysis\'s chunks import none of them', () => {
    /** The chunks a file imports statically, and theirs, and the chunks it imports with import(). */
    const imports = (file: string): { static: string[]; dynamic: string[] } => {
      const text = readFileSync(join(BUNDLE, file), 'utf8');
      return {
        static: [...text.matchAll(/^(?:import|export) (?:[^;]*? from )?"\.\/([^"]+)";?$/gm)].map((m) => m[1] ?? ''),
        dynamic: [...text.matchAll(/\bimport\("\.\/([^"]+)"\)/g)].map((m) => m[1] ?? ''),
      };
    };
    const closure = (roots: string[]): Set<string> => {
      const seen = new Set<string>();
      const visit = (f: string): void => {
        if (seen.has(f)) return;
        seen.add(f);
        imports(f).static.forEach(visit);
      };
      roots.forEach(visit);
      return seen;
    };
    // run.js imports the CLI's main chunk with import() (after the heap is tuned): an analysis loads both and theirs.
    const analysis = closure(['run.js', ...imports('run.js').dynamic]);
    const lazy = [...analysis].flatMap((f) => imports(f).dynamic).filter((f) => !analysis.has(f));
    for (const name of ['serve', 'ls', 'cat', 'grep', 'changes']) {
      expect([...analysis].filter((f) => f.startsWith(`${name}-`)), `${name} is loaded by every analysis`).toEqual([]);
      expect(lazy.filter((f) => f.startsWith(`${name}-`)), `${name} is a chunk of its own`).toHaveLength(1);
    }
  });

  it('prints the version of package.json', async () => {
    const ran = await lkanalyze(['--version']);
    expect(ran).toMatchObject({ code: 0, stdout: `lkanalyze ${pkg.version}\n`, stderr: '' });
  });

  it('writes the rule catalogue that docs/rules.md holds', async () => {
    const { BEGIN, END, rulesTable } = (await import(pathToFileURL(bundled('rules-doc.js')).href)) as typeof import('../cli/rules-doc.js');
    const page = readFileSync('docs/rules.md', 'utf8');
    expect(await rulesTable()).toBe(page.slice(page.indexOf(BEGIN), page.indexOf(END) + END.length));
  });
});

describe.concurrent('bin/lkanalyze on every sample: the golden report, byte for byte', () => {
  const names = scenarioNames();
  it.each(names)('%s', async (name) => {
    const golden = readFileSync(join('samples/golden', `${name}.json`), 'utf8');
    const ran = await lkanalyze([join('samples', loadScenario(name).archive), '--format', 'json']);
    expect(ran.stderr).toBe('');
    expect(ran.workers).toEqual([]);
    const text = asGolden(ran.stdout, golden);
    expect(text === golden, firstDifference(text, golden)).toBe(true);
  });
});

describe.concurrent('bin/lkanalyze on every cluster sample with LKANALYZE_THREADS=2: a worker from the bundle reads an archive, the golden report byte for byte', () => {
  it.each(clusterSamples.map((c) => [c.name, c.archives] as const))('%s', async (name, archives) => {
    const golden = readFileSync(join('samples/golden', `cluster-${name}.json`), 'utf8');
    const ran = await lkanalyze([...archives.map((a) => join('samples', a)), '--format', 'json'], { LKANALYZE_THREADS: '2' });
    // A worker that cannot start is said on stderr and its archive read in this thread: nothing must be said.
    expect(ran.stderr).toBe('');
    expect(ran.workers).toEqual([pathToFileURL(bundled('archive-worker.js')).href]);
    const text = asGolden(ran.stdout, golden);
    expect(text === golden, firstDifference(text, golden)).toBe(true);
  });
});

describe.concurrent('bin/lkanalyze with LKANALYZE_ANALYSIS_THREAD=1: the analysis thread from the bundle, the golden report byte for byte', () => {
  it.each(['advisory-lkscsid-restart', 'datakeeper-node1', 'hana-secondary-node2'])('%s', async (name) => {
    const golden = readFileSync(join('samples/golden', `${name}.json`), 'utf8');
    const ran = await lkanalyze([join('samples', loadScenario(name).archive), '--format', 'json'], { LKANALYZE_ANALYSIS_THREAD: '1' });
    expect(ran.stderr).toBe('');
    expect(ran.workers).toEqual([pathToFileURL(bundled('watch-worker.js')).href]);
    const text = asGolden(ran.stdout, golden);
    expect(text === golden, firstDifference(text, golden)).toBe(true);
  });
});

it('bin/lkanalyze reads a ticket zip (yauzl, bundled) as the compiled modules read it, a stored and a deflated entry', async () => {
  const zip = join(dir, 'ticket.zip');
  await writeFile(zip, makeZip([
    { name: 'ticket/split-brain-node1.tar.gz', content: readFileSync('samples/split-brain-node1.tar.gz') },
    { name: 'ticket/split-brain-node2.tar.gz', content: readFileSync('samples/split-brain-node2.tar.gz'), method: 8 },
  ]));
  const ran = await lkanalyze([zip, '--format', 'json']);
  expect(ran.stderr).toBe('');
  const modules = await new Promise<string>((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['dist/cli/run.js', zip, '--format', 'json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.on('error', reject);
    child.on('close', () => resolvePromise(Buffer.concat(out).toString()));
  });
  const at = (text: string): string => text.replace(/\n {2}"generatedAt": "[^"]*",\n/, '\n  "generatedAt": "the time of the report",\n');
  const report = JSON.parse(ran.stdout) as { nodes: unknown[]; clusters: unknown[] };
  expect([report.nodes.length, report.clusters.length]).toEqual([2, 1]);
  expect(at(ran.stdout) === at(modules), firstDifference(at(ran.stdout), at(modules))).toBe(true);
});

it('bin/lkanalyze exports HTML through the renderer\'s server build (dist/renderer-ssr/)', async () => {
  const out = join(dir, 'report.html');
  const ran = await lkanalyze(['samples/datakeeper-node1.tar.gz', '--format', 'html', '--out', out]);
  expect(ran).toMatchObject({ code: 0, stderr: '' });
  const html = await readFile(out, 'utf8');
  expect(html).toMatch(/^<!doctype html>/i);
  expect(html).toContain('dk-node1');
});

describe('lkanalyze serve from the bundle', () => {
  const SAMPLE = 'samples/healthy-shared-disk-node1.tar.gz';
  let child: ReturnType<typeof spawn>;
  let url: URL;
  let stderr = '';
  let closed: Promise<Ran>;
  let modules: Served | undefined;

  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', pathToFileURL(spy).href, 'bin/lkanalyze', 'serve', SAMPLE], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (c: string) => (stderr += c));
    let stdout = '';
    closed = new Promise((r) => child.on('close', (code) => r(split(code, stdout, stderr))));
    url = await new Promise<URL>((r, reject) => {
      child.stdout?.on('data', (c: string) => {
        stdout += c;
        const m = /open (http:\S+)/.exec(stdout);
        if (m?.[1]) r(new URL(m[1]));
      });
      child.on('close', () => reject(new Error(`serve ended: ${stderr}`)));
    });
    // The same server from the compiled modules (dist/app/serve/serve.js), to answer the same requests.
    const { serve } = (await import(pathToFileURL(resolve('dist/app/serve/serve.js')).href)) as typeof import('../app/serve/serve.js');
    modules = await serve({ archives: [SAMPLE], version: pkg.version });
  }, 60_000);
  afterAll(async () => {
    child?.kill('SIGTERM');
    await modules?.close();
  });

  /** Calls `channel` on the server at `base` (its page's URL, with the token). */
  async function call<T>(base: URL, channel: string, args: unknown): Promise<T> {
    const res = await fetch(new URL(`/api/${channel}`, base), { method: 'POST', headers: { 'content-type': 'application/json', 'x-lkanalyze-token': base.searchParams.get('token') ?? '' }, body: JSON.stringify(args) });
    const answer = (await res.json()) as { ok: boolean; value: T; error?: unknown };
    expect(answer.ok, JSON.stringify(answer.error)).toBe(true);
    return answer.value;
  }

  /** The archive analyzed, then a search of its text members, every hit (the session's random archive id written ARCHIVE). */
  async function analyzeAndSearch(base: URL): Promise<{ report: unknown; hits: unknown[] }> {
    const [archive] = await call<Array<{ id: string }>>(base, 'archive:list', {});
    const report = await call<{ generatedAt: string }>(base, 'archive:analyze', { ids: [archive?.id] });
    const search = await call<string>(base, 'search:start', { archives: [archive?.id], pattern: 'LifeKeeper', regex: false, ignoreCase: true, context: 1 });
    const hits: unknown[] = [];
    for (let from = 0; ;) {
      const r = await call<{ hits: unknown[]; next: number; done: boolean }>(base, 'search:results', { search, from });
      hits.push(...r.hits);
      from = r.next;
      if (r.done) break;
      await new Promise((w) => setTimeout(w, 20));
    }
    const id = archive?.id ?? '';
    expect(id).not.toBe('');
    return JSON.parse(JSON.stringify({ report: { ...report, generatedAt: 'the time of the report' }, hits }).replaceAll(id, 'ARCHIVE')) as { report: unknown; hits: unknown[] };
  }

  it('serves its page (the renderer\'s build in dist/renderer/)', async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<script[^>]+src="\.\/assets\//);
  });

  it('analyzes in a worker and searches in the grep worker, both from the bundle, and finds what the compiled modules find', async () => {
    const fromBundle = await analyzeAndSearch(url);
    const fromModules = await analyzeAndSearch(new URL(modules?.url ?? 'http://127.0.0.1/'));
    expect(fromBundle.hits.length).toBeGreaterThan(10);
    expect(fromBundle).toEqual(fromModules);
    child.kill('SIGTERM');
    const ran = await closed;
    expect(ran.stderr).toBe('');
    expect(new Set(ran.workers)).toEqual(new Set([pathToFileURL(bundled('archive-worker.js')).href, pathToFileURL(bundled('grep-worker.js')).href]));
  });
});
