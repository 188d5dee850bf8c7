// Builds samples/<name>.tar.gz from samples/scenarios/<name>/: the files under
// files/ become archive members as they are (so the scenario reads like the
// archive), scenario.json adds what cannot be a readable file (timestamps,
// gzip-compressed members, binary core files, links). Same input, same bytes.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, gunzipSync } from 'node:zlib';
import * as tar from 'tar-stream';

export interface Scenario {
  description: string;
  /** Output file name, next to this script. */
  archive: string;
  /** Top directory inside the archive ("" for none). */
  root: string;
  /** Default mtime of members (ISO 8601, UTC). */
  mtime: string;
  /** Per-member mtime overrides, by path under files/. */
  mtimes?: Record<string, string>;
  /** Members stored gzip-compressed inside the tar, with ".gz" appended to their name. */
  gzip?: string[];
  /** Binary members made here: core files are large and unreadable by design. */
  generated?: Array<{ path: string; bytes: number; kind: 'elf-core' | 'zeros' }>;
  symlinks?: Array<{ path: string; target: string }>;
  /** The findings this sample must produce, by rule id and severity (exactly these). */
  expect: {
    findings: Array<{ id: string; severity: 'critical' | 'warning' | 'info' }>;
    /** For an archive that must be refused (not LifeKeeper for Linux): a pattern of the note that must lead the node's notes. */
    notRecognized?: string;
  };
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
/** samples/, whether this runs from the source tree or from dist/samples/. */
export const SAMPLES_DIR = /[/\\]dist[/\\]samples[/\\]$/.test(HERE) ? join(HERE, '../../samples/') : HERE;

export function scenarioNames(dir = join(SAMPLES_DIR, 'scenarios')): string[] {
  return readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()).sort();
}

export function loadScenario(name: string, dir = join(SAMPLES_DIR, 'scenarios')): Scenario {
  return JSON.parse(readFileSync(join(dir, name, 'scenario.json'), 'utf8')) as Scenario;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

function generatedContent(kind: 'elf-core' | 'zeros', bytes: number): Buffer {
  const buf = Buffer.alloc(bytes);
  if (kind === 'elf-core') {
    // An ELF header saying ET_CORE, then a repeating pattern: binary, compresses well.
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(buf, 0);
    buf.writeUInt16LE(4, 16);
    for (let i = 64; i < bytes; i++) buf[i] = (i * 31) & 0xff;
  }
  return buf;
}

/** The uncompressed tar of a scenario. */
export async function buildTar(name: string, dir = join(SAMPLES_DIR, 'scenarios')): Promise<Buffer> {
  const scenario = loadScenario(name, dir);
  const filesDir = join(dir, name, 'files');
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', () => resolve());
    pack.on('error', (e: Error) => reject(e));
  });
  const prefix = scenario.root ? `${scenario.root}/` : '';
  const when = (path: string): Date => new Date(scenario.mtimes?.[path] ?? scenario.mtime);
  const common = { uid: 0, gid: 0, uname: 'root', gname: 'root' };
  const add = (header: tar.Header extends infer H ? Partial<H> & { name: string } : never, body?: Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      const cb = (err?: Error | null): void => (err ? reject(err) : resolve());
      if (body) pack.entry(header, body, cb);
      else pack.entry(header, cb);
    });
  if (prefix) await add({ ...common, name: prefix, type: 'directory', mode: 0o755, mtime: new Date(scenario.mtime) });
  for (const file of walk(filesDir)) {
    const rel = relative(filesDir, file).split('\\').join('/');
    let body = readFileSync(file);
    let member = rel;
    if (scenario.gzip?.includes(rel)) {
      body = gzipSync(body, { level: 9 });
      member = `${rel}.gz`;
    }
    await add({ ...common, name: prefix + member, mode: 0o644, mtime: when(rel), size: body.length }, body);
  }
  for (const g of scenario.generated ?? []) {
    const body = generatedContent(g.kind, g.bytes);
    await add({ ...common, name: prefix + g.path, mode: 0o600, mtime: when(g.path), size: body.length }, body);
  }
  for (const s of scenario.symlinks ?? []) {
    await add({ ...common, name: prefix + s.path, type: 'symlink', linkname: s.target, mode: 0o777, mtime: when(s.path) });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function buildSample(name: string): Promise<{ path: string; bytes: Buffer }> {
  const scenario = loadScenario(name);
  const tarBytes = await buildTar(name);
  return { path: join(SAMPLES_DIR, scenario.archive), bytes: gzipSync(tarBytes, { level: 9 }) };
}

/** The tar inside a built sample, to compare with a fresh build (zlib versions may differ in gzip bytes). */
export function tarOf(gz: Buffer): Buffer {
  return gunzipSync(gz);
}

async function buildAll(): Promise<void> {
  for (const name of scenarioNames()) {
    const { path, bytes } = await buildSample(name);
    writeFileSync(path, bytes);
    process.stdout.write(`${relative(process.cwd(), path)}  ${bytes.length} bytes\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildAll().catch((err: unknown) => {
    process.stderr.write(`build-samples: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
