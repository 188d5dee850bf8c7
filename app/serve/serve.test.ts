import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Result } from '../host/ipc-contract.js';
import { readTarget } from './guard.js';
import type { Served } from './serve.js';
import { serve } from './serve.js';

let s: Served;
beforeAll(async () => {
  s = await serve({ archives: ['samples/healthy-shared-disk-node1.tar.gz'], version: 'test' });
});
afterAll(async () => {
  await s.close();
});

const base = (): string => s.url.replace(/\/\?token=.*$/, '');
const api = (channel: string, body: unknown, token: string | null = s.token) =>
  fetch(`${base()}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { 'x-lkanalyze-token': token } : {}) }, body: JSON.stringify(body) });

describe('lkanalyze serve', () => {
  it('listens on loopback only, behind a long random token', () => {
    const addr = s.server.address();
    expect(typeof addr === 'object' && addr?.address).toBe('127.0.0.1');
    expect(s.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('refuses the page, the API, the event stream and downloads without the token', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(403);
    expect((await fetch(`${base()}/?token=wrong`)).status).toBe(403);
    expect((await api('archive:list', {}, null)).status).toBe(403);
    expect((await api('archive:list', {}, 'x'.repeat(48))).status).toBe(403);
    expect((await fetch(`${base()}/api/events`)).status).toBe(403);
    expect((await fetch(`${base()}/api/download/abc`)).status).toBe(404);
    // The token in a URL is not enough for API calls: another page could forge those.
    expect((await fetch(`${base()}/api/archive:list?token=${s.token}`, { method: 'POST', body: '{}' })).status).toBe(403);
  });

  it('serves the page with its CSP, and the API with the token', async () => {
    const page = await fetch(s.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const list = (await (await api('archive:list', {})).json()) as { ok: boolean; value: Array<{ id: string; name: string }> };
    expect(list.value.map((a) => a.name)).toEqual(['healthy-shared-disk-node1.tar.gz']);
  });

  it('analyzes an archive it was given, by id, and never a path the renderer invents', async () => {
    const list = (await (await api('archive:list', {})).json()) as { value: Array<{ id: string }> };
    const ok = (await (await api('archive:analyze', { ids: [list.value[0]?.id] })).json()) as { ok: boolean; value: { nodes: Array<{ hostname: string; archive: string }> } };
    expect(ok.ok).toBe(true);
    expect(ok.value.nodes[0]).toMatchObject({ hostname: 'lk-node1', archive: 'healthy-shared-disk-node1.tar.gz' });
    const invented = await api('archive:analyze', { ids: ['/etc/passwd'] });
    expect(invented.status).toBe(400);
    const unknown = (await (await api('archive:analyze', { ids: ['0123456789abcdef'] })).json()) as { ok: boolean; error: { code: string } };
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-archive' } });
    const extra = await api('archive:analyze', { ids: [list.value[0]?.id], path: 'samples/advisory-oci-iscsi.tar.gz' });
    expect(extra.status).toBe(400);
  });

  it('writes the answer to an analysis as it goes (no one string of it), the same bytes as JSON.stringify', async () => {
    const list = (await (await api('archive:list', {})).json()) as { value: Array<{ id: string }> };
    const r = await api('archive:analyze', { ids: [list.value[0]?.id] });
    // Chunked: the length is not known before the last batch is written.
    expect(r.headers.get('content-length')).toBeNull();
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await r.text();
    expect(text).toBe(JSON.stringify({ ok: true, value: s.session.report }));
  });

  it('exports the last report as a download', async () => {
    const r = (await (await api('report:export', { format: 'html', lang: 'en' })).json()) as { ok: boolean; value: { downloadId: string; fileName: string } };
    expect(r.ok).toBe(true);
    const file = await fetch(`${base()}/api/download/${r.value.downloadId}?token=${s.token}`);
    expect(file.headers.get('content-disposition')).toContain(r.value.fileName);
    expect(await file.text()).toMatch(/^<!doctype html>/);
  });

  it('refuses files outside the renderer build, unknown channels and oversized bodies', async () => {
    expect((await fetch(`${base()}/..%2f..%2fpackage.json?token=${s.token}`)).status).toBe(404);
    expect((await fetch(`${base()}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    expect((await api('fs:read', {})).status).toBe(404);
    expect((await api('archive:list', { pad: 'x'.repeat(100_000) })).status).toBe(400);
  });
});

const port = (): number => Number(new URL(s.url).port);

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A request exactly as written: fetch would normalise `/./x` and `/a/../x` before sending them, and cannot set Host. */
function raw(path: string, o: { method?: string; headers?: Record<string, string>; body?: string; port?: number } = {}): Promise<Answer> {
  const p = o.port ?? port();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: p, path, method: o.method ?? 'GET', headers: { host: `127.0.0.1:${p}`, ...o.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

const PAGE = /<div id="app">/;

describe('lkanalyze serve: no spelling of a path gets past the token', () => {
  it.each(['/%2Findex.html', '/%2findex.html', '/%69ndex.html', '//index.html', '/./index.html', '/assets/../index.html', '/%2e/index.html', '/assets/%2e%2e/index.html', '/assets%2f..%2findex.html', '/%5cindex.html', '/\\index.html', '/index.html/', '/%252e/index.html'])('%s without the token is refused', async (path) => {
    const r = await raw(path);
    expect([403, 404]).toContain(r.status);
    expect(r.text).not.toMatch(PAGE);
  });

  it('serves the page under its canonical names only, with the token', async () => {
    expect((await raw(`/index.html?token=${s.token}`)).text).toMatch(PAGE);
    // Decoded once and routed by what it decodes to, so the check and the file agree.
    expect((await raw(`/%69ndex.html?token=${s.token}`)).text).toMatch(PAGE);
    expect((await raw(`/./index.html?token=${s.token}`)).status).toBe(404);
  });

  it('answers a malformed URI with 400 and the envelope, naming no JavaScript error', async () => {
    for (const path of ['/%E0%A4%A', '/api/%E0%A4%A', '/%', '/%00index.html']) {
      const r = await raw(path);
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.text), path).toMatchObject({ ok: false, error: { code: 'bad-request', message: { en: 'malformed request URI' } } });
      expect(r.text).not.toMatch(/URIError|Error:|at .*\.ts/);
    }
  });

  it('reads request targets in one canonical form', () => {
    expect(readTarget('/api/archive%3Alist?x=1')).toMatchObject({ ok: true, path: '/api/archive:list' });
    expect(readTarget('/')).toMatchObject({ ok: true, path: '/' });
    expect(readTarget('http://evil.example/index.html')).toMatchObject({ ok: false, status: 400 });
    expect(readTarget('*')).toMatchObject({ ok: false, status: 400 });
    expect(readTarget('/assets/.%2E/index.html')).toMatchObject({ ok: false, status: 404 });
    // One spelling per file: an encoded slash is refused even where it would name a real one.
    expect(readTarget('/assets%2Findex.js')).toMatchObject({ ok: false, status: 404 });
  });
});

describe('lkanalyze serve: only this origin, by its own names', () => {
  it('refuses a Host that is not 127.0.0.1 or localhost on its port (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${port()}`, `127.0.0.1:${port() + 1}`, `127.0.0.1`, `localhost.evil.example:${port()}`]) {
      const r = await raw(`/?token=${s.token}`, { headers: { host } });
      expect(r.status, host).toBe(403);
      expect(r.text).not.toMatch(PAGE);
    }
    const api = await raw('/api/archive:list', { method: 'POST', headers: { host: `rebound.example:${port()}`, 'x-lkanalyze-token': s.token }, body: '{}' });
    expect(api.status).toBe(403);
    expect(JSON.parse(api.text)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect((await raw(`/?token=${s.token}`, { headers: { host: `localhost:${port()}` } })).text).toMatch(PAGE);
  });

  it('refuses an API call from another origin, even with the token, and takes one from its own', async () => {
    const call = (origin: string): Promise<Answer> => raw('/api/archive:list', { method: 'POST', headers: { origin, 'x-lkanalyze-token': s.token, 'content-type': 'application/json' }, body: '{}' });
    for (const origin of ['http://evil.example', `http://evil.example:${port()}`, 'null', `https://127.0.0.1:${port()}`, `http://localhost:${port()}`]) {
      expect((await call(origin)).status, origin).toBe(403);
    }
    const own = await call(`http://127.0.0.1:${port()}`);
    expect(own.status).toBe(200);
    expect(JSON.parse(own.text)).toMatchObject({ ok: true });
  });
});

describe('lkanalyze serve: downloads', () => {
  const exported = async (t: Served): Promise<string> => {
    const list = (await (await fetch(`${t.url.replace(/\/\?token=.*$/, '')}/api/archive:list`, { method: 'POST', headers: { 'x-lkanalyze-token': t.token }, body: '{}' })).json()) as { value: Array<{ id: string }> };
    const post = (channel: string, b: unknown): Promise<Response> => fetch(`${t.url.replace(/\/\?token=.*$/, '')}/api/${channel}`, { method: 'POST', headers: { 'x-lkanalyze-token': t.token }, body: JSON.stringify(b) });
    await post('archive:analyze', { ids: [list.value[0]?.id] });
    const r = (await (await post('report:export', { format: 'json', lang: 'en' })).json()) as { value: { downloadId: string } };
    return r.value.downloadId;
  };

  it('gives a download once', async () => {
    const id = await exported(s);
    const first = await raw(`/api/download/${id}?token=${s.token}`);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toHaveProperty('schema');
    const again = await raw(`/api/download/${id}?token=${s.token}`);
    expect(again.status).toBe(404);
    expect(again.text).not.toContain('schema');
  });

  it('does not spend a download on a request without the token', async () => {
    const id = await exported(s);
    expect((await raw(`/api/download/${id}`)).status).toBe(404);
    expect((await raw(`/api/download/${id}?token=${s.token}`)).status).toBe(200);
  });

  it('forgets a download nobody fetched in time', async () => {
    const t = await serve({ archives: ['samples/healthy-shared-disk-node1.tar.gz'], version: 'test', downloadTtlMs: 200 });
    try {
      const id = await exported(t);
      await new Promise((r) => setTimeout(r, 400));
      expect((await raw(`/api/download/${id}?token=${t.token}`, { port: Number(new URL(t.url).port) })).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});

/**
 * A tar.gz whose lifekeeper.log is 200 MiB of one repeated LifeKeeper event line: every line is decoded
 * and parsed, so its analysis takes many seconds (about 20 s here), and the gzip is 1.4 MB, written in
 * well under a second.
 */
async function bigArchive(file: string): Promise<void> {
  const line = 'May 20 10:13:20 n recover[1]: EMERG:lcd.recover::fs1:004788:failed to remove resource fs1. SYSTEM HALTED.\n';
  const chunk = Buffer.from(line.repeat(Math.floor(2 ** 20 / line.length)));
  const count = 200;
  const size = count * chunk.length;
  const header = Buffer.alloc(512);
  header.write('n/var/log/lifekeeper.log', 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  header.write('14000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  header.write(`${header.reduce((n, b) => n + b, 0).toString(8).padStart(6, '0')}\0 `, 148);
  await pipeline(async function* () {
    yield header;
    for (let i = 0; i < count; i++) yield chunk;
    yield Buffer.alloc(((512 - (size % 512)) % 512) + 1024);
  }, createGzip({ level: 1 }), createWriteStream(file));
}

describe('lkanalyze serve: an analysis nobody waits for stops', () => {
  let dir: string;
  let big: Served;
  let bigPort: number;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lkanalyze-serve-'));
    await bigArchive(join(dir, 'big.tar.gz'));
    big = await serve({ archives: [join(dir, 'big.tar.gz')], version: 'test' });
    bigPort = Number(new URL(big.url).port);
  }, 30_000);
  afterAll(async () => {
    await big?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Opens the event stream; resolves with it once the first progress event arrives. */
  function events(): { opened: Promise<IncomingMessage>; firstProgress: Promise<{ bytesRead: number; totalBytes: number }>; close(): void } {
    let close = (): void => undefined;
    let progressed: (p: { bytesRead: number; totalBytes: number }) => void = () => undefined;
    const firstProgress = new Promise<{ bytesRead: number; totalBytes: number }>((r) => (progressed = r));
    const opened = new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: bigPort, path: `/api/events?token=${big.token}` }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString('utf8');
          const m = /event: progress\ndata: (.*)\n/.exec(text);
          if (m?.[1]) progressed(JSON.parse(m[1]) as { bytesRead: number; totalBytes: number });
        });
        res.on('error', () => undefined);
        resolve(res);
      });
      req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
      req.end();
      close = () => req.destroy();
    });
    return { opened, firstProgress, close: () => close() };
  }

  /** Asks for the analysis of the big archive; the request can be dropped before the answer. */
  async function analyzeBig(): Promise<{ answer: Promise<Answer>; drop(): void }> {
    const list = (await (await fetch(`http://127.0.0.1:${bigPort}/api/archive:list`, { method: 'POST', headers: { 'x-lkanalyze-token': big.token }, body: '{}' })).json()) as { value: Array<{ id: string }> };
    let drop = (): void => undefined;
    const answer = new Promise<Answer>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: bigPort, path: '/api/archive:analyze', method: 'POST', headers: { 'x-lkanalyze-token': big.token, 'content-type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ ids: [list.value[0]?.id] }));
      drop = () => req.destroy();
    });
    return { answer, drop };
  }

  const within = <T>(p: Promise<T>, ms: number): Promise<T | 'timed out'> => Promise.race([p, new Promise<'timed out'>((r) => setTimeout(() => r('timed out'), ms).unref())]);

  it('cancels the analysis when the client that asked for it goes away', async () => {
    const analyze = vi.spyOn(big.session, 'analyze');
    const stream = events();
    await stream.opened;
    const { answer, drop } = await analyzeBig();
    answer.catch(() => undefined);
    const first = await stream.firstProgress;
    expect(first.bytesRead).toBeLessThan(first.totalBytes);
    const running = analyze.mock.results[0]?.value as Promise<Result<unknown>>;
    const dropped = Date.now();
    drop();
    const result = await within(running, 5_000);
    const stoppedMs = Date.now() - dropped;
    stream.close();
    analyze.mockRestore();
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    console.info(`analysis stopped ${stoppedMs} ms after its client went away`);
  }, 30_000);

  it('cancels the analysis when the last event-stream listener goes away, and tells the waiting client', async () => {
    const one = events();
    const two = events();
    await Promise.all([one.opened, two.opened]);
    const { answer } = await analyzeBig();
    await one.firstProgress;
    one.close();
    // One listener is left: the analysis goes on.
    await new Promise((r) => setTimeout(r, 300));
    expect(await within(answer, 0)).toBe('timed out');
    const closed = Date.now();
    two.close();
    const r = await within(answer, 5_000);
    expect(r).not.toBe('timed out');
    expect(JSON.parse((r as Answer).text)).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    console.info(`analysis stopped ${Date.now() - closed} ms after the last event stream closed`);
  }, 30_000);
});
