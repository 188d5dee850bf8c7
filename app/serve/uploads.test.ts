import { existsSync, readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Served } from './serve.js';
import { serve } from './serve.js';
import { uploadName } from './uploads.js';

const SAMPLE = 'samples/healthy-shared-disk-node1.tar.gz';
let s: Served;
beforeAll(async () => {
  s = await serve({ archives: [], version: 'test', uploadLimits: { maxBytes: 1024 * 1024, maxFiles: 4 } });
});
afterAll(async () => {
  await s.close();
});

const base = (): string => s.url.replace(/\/\?token=.*$/, '');
const upload = (name: string, body: Buffer, token: string | null = s.token) =>
  fetch(`${base()}/api/upload?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...(token ? { 'x-lkanalyze-token': token } : {}) }, body });
const api = async (channel: string, body: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: { en: string } } }> =>
  (await fetch(`${base()}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lkanalyze-token': s.token }, body: JSON.stringify(body) })).json() as never;

/** Every file under a folder, with its mode. */
async function files(dir: string): Promise<Array<{ path: string; mode: number }>> {
  const out: Array<{ path: string; mode: number }> = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) {
      const path = join(e.parentPath, e.name);
      out.push({ path, mode: (await stat(path)).mode & 0o777 });
    }
  }
  return out;
}

describe('archives the page of lkanalyze serve opens', () => {
  it('takes an archive streamed with the token into a private file (folder 0700, file 0600), known by id, analyzed under its own name', async () => {
    const res = await upload('C:\\tickets\\healthy-shared-disk-node1.tar.gz', readFileSync(SAMPLE));
    expect(res.status).toBe(200);
    const ref = ((await res.json()) as { value: { id: string; name: string; bytes: number } }).value;
    expect(ref).toMatchObject({ name: 'healthy-shared-disk-node1.tar.gz', bytes: readFileSync(SAMPLE).length });
    const folder = await s.uploads.folderPath;
    expect(folder).toBeTruthy();
    expect((await stat(folder as string)).mode & 0o777).toBe(0o700);
    expect(await files(folder as string)).toEqual([{ path: expect.stringMatching(/healthy-shared-disk-node1\.tar\.gz$/), mode: 0o600 }]);
    const listed = (await api('archive:list', {})).value as Array<{ id: string }>;
    expect(listed.map((a) => a.id)).toContain(ref.id);
    const report = (await api('archive:analyze', { ids: [ref.id] })).value as { nodes: Array<{ hostname: string; archive: string }> };
    expect(report.nodes[0]).toMatchObject({ hostname: 'lk-node1', archive: 'healthy-shared-disk-node1.tar.gz' });
  });

  it('refuses, saying why, a name that is not an archive\'s, content that is not an archive, an empty file and one over the bound; and nothing without the token', async () => {
    const refusal = async (res: Response): Promise<[number, string]> => [res.status, ((await res.json()) as { error: { message: { en: string } } }).error.message.en];
    expect(await refusal(await upload('notes.txt', Buffer.from('hello')))).toEqual([415, expect.stringMatching(/only lksupport archives are opened: files named \.tar\.gz, \.tgz, \.tar, or the \.zip a ticket came with \(not "notes\.txt"\)/)]);
    const xz = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.alloc(600)]);
    expect(await refusal(await upload('node1.tar.gz', xz))).toEqual([415, expect.stringMatching(/^node1\.tar\.gz: it is xz-compressed data, which is not supported yet/)]);
    expect(await refusal(await upload('node1.tar.gz', Buffer.alloc(0)))).toEqual([415, 'node1.tar.gz: the file is empty']);
    expect(await refusal(await upload('node1.tar.gz', Buffer.from('just text')))).toEqual([415, expect.stringMatching(/neither a \.tar\.gz, a \.tar nor a \.zip/)]);
    expect(await refusal(await upload('big.tar.gz', Buffer.alloc(2 * 1024 * 1024, 0x1f)))).toEqual([413, expect.stringMatching(/^big\.tar\.gz is 2\.0 MiB, over the 1\.0 MiB this page can open/)]);
    expect((await upload(`${'x'.repeat(300)}.tar.gz`, readFileSync(SAMPLE))).status).toBe(415);
    expect((await upload('node1.tar.gz', readFileSync(SAMPLE), null)).status).toBe(403);
    // Nothing refused is kept.
    expect(await files((await s.uploads.folderPath) as string)).toHaveLength(1);
  });

  it('removes the part of an upload whose client went away', async () => {
    const before = (await files((await s.uploads.folderPath) as string)).length;
    await new Promise<void>((resolve) => {
      const url = new URL(`${base()}/api/upload?name=cut.tar.gz`);
      const req = request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'POST', headers: { 'x-lkanalyze-token': s.token, 'content-length': 900_000 } });
      req.on('error', () => resolve());
      req.write(readFileSync(SAMPLE).subarray(0, 4096), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 100));
    });
    await vi.waitFor(async () => expect(await files((await s.uploads.folderPath) as string)).toHaveLength(before));
  });

  it('takes a file name as its last path segment, printable, and nothing that is no name', () => {
    expect(uploadName('/home/u/ticket.zip')).toBe('ticket.zip');
    expect(uploadName('a\u0007b.tar.gz')).toBe('ab.tar.gz');
    // C1 controls (CSI) and bidi controls are taken out too: the name would read as another file's.
    expect(uploadName('node\u202egz.rat\u202c.tar.gz')).toBe('nodegz.rat.tar.gz');
    expect(uploadName('a\u009b2Jb\u2066.tar.gz')).toBe('a2Jb.tar.gz');
    for (const bad of [null, '', '..', 'dir/', 'x'.repeat(201)]) expect(uploadName(bad), String(bad)).toBeNull();
  });

  it('removes the folder and every file in it when the server stops', async () => {
    const own = await serve({ archives: [], version: 'test' });
    const res = await fetch(`${own.url.replace(/\/\?token=.*$/, '')}/api/upload?name=n.tar.gz`, { method: 'POST', headers: { 'x-lkanalyze-token': own.token }, body: readFileSync(SAMPLE) });
    expect(res.status).toBe(200);
    const folder = (await own.uploads.folderPath) as string;
    expect(existsSync(folder)).toBe(true);
    await own.close();
    expect(existsSync(folder)).toBe(false);
  });
});
