// `lkanalyze serve`: the renderer in a browser, with the bridge over HTTP to
// the same engine. For end-to-end tests and headless servers. Binds loopback
// only; every request needs the random token of this run (page and SSE: in the
// URL; API calls: in a header, so another page cannot forge them).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostCapabilities } from '../host/channels.js';
import { channelTable, dispatch } from '../host/channels.js';
import { exportBytes } from '../host/export.js';
import type { AnalysisProgress } from '../host/ipc-contract.js';
import { PROGRESS_EVENT } from '../host/ipc-contract.js';
import { Session } from '../host/session.js';
import { BadRequest, isChannel } from '../host/validate.js';

/** The client build of the renderer: two folders up from this file in dist/ (dist/app/serve/), or in dist/ when this runs from source. */
const RENDERER_DIR = [new URL('../../renderer/', import.meta.url), new URL('../../dist/renderer/', import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((p) => existsSync(join(p, 'assets'))) ?? fileURLToPath(new URL('../../renderer/', import.meta.url));
const MAX_BODY = 64 * 1024;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export interface ServeOptions {
  archives: readonly string[];
  version: string;
  port?: number;
  rulePackDirs?: readonly string[];
  token?: string;
}

export interface Served {
  url: string;
  token: string;
  server: Server;
  session: Session;
  close(): Promise<void>;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...extra });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

async function body(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw new BadRequest('request too large', 'リクエストが大きすぎます');
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? (JSON.parse(text) as unknown) : {};
  } catch {
    throw new BadRequest('the body is not JSON', '本文が JSON ではありません');
  }
}

export async function serve(options: ServeOptions): Promise<Served> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const session = new Session({ version: options.version, rulePackDirs: options.rulePackDirs ?? [] });
  await session.add(options.archives);
  const listeners = new Set<ServerResponse>();
  const downloads = new Map<string, { fileName: string; mime: string; content: Buffer }>();
  const push = (p: AnalysisProgress): void => {
    for (const res of listeners) res.write(`event: progress\ndata: ${JSON.stringify(p)}\n\n`);
  };

  // What the browser host cannot do (open files), and where its exports go: a download by id.
  const host: HostCapabilities = {
    openArchives: {
      available: false,
      why: { en: 'the browser host cannot open files: give archives on the lkanalyze serve command line', ja: 'ブラウザー版ではファイルを開けません。lkanalyze serve のコマンドラインでアーカイブを指定してください' },
    },
    async deliverExport(file) {
      // The browser fetches the file whole; the pseudonym table is not kept by this host.
      const content = await exportBytes(file);
      const id = randomBytes(12).toString('hex');
      downloads.set(id, { fileName: file.fileName, mime: file.mime, content });
      return { ok: true, value: { path: null, downloadId: id, fileName: file.fileName, bytes: content.length } };
    },
    pushProgress: push,
  };
  const table = channelTable(session, host);

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname;
      const queryToken = url.searchParams.get('token');
      if (path.startsWith('/api/')) {
        const name = decodeURIComponent(path.slice(5));
        if (name === 'events' && req.method === 'GET') {
          if (!sameToken(queryToken, token)) return json(res, 403, { ok: false, error: { code: 'bad-request', message: { en: 'forbidden', ja: '拒否しました' } } });
          res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream' });
          res.write(`: ${PROGRESS_EVENT}\n\n`);
          listeners.add(res);
          req.on('close', () => listeners.delete(res));
          return;
        }
        if (name.startsWith('download/') && req.method === 'GET') {
          const file = downloads.get(name.slice('download/'.length));
          if (!sameToken(queryToken, token) || !file) return send(res, 404, 'not found', 'text/plain');
          return send(res, 200, file.content, file.mime, { 'content-disposition': `attachment; filename="${file.fileName}"` });
        }
        if (!sameToken(req.headers['x-lkanalyze-token'] as string | undefined, token)) {
          return json(res, 403, { ok: false, error: { code: 'bad-request', message: { en: 'forbidden: this request lacks the session token', ja: '拒否しました: セッショントークンがありません' } } });
        }
        if (req.method !== 'POST' || !isChannel(name)) return json(res, 404, { ok: false, error: { code: 'bad-request', message: { en: 'unknown channel', ja: '不明なチャネルです' } } });
        let args: unknown;
        try {
          args = await body(req);
        } catch (err) {
          if (err instanceof BadRequest) return json(res, 400, { ok: false, error: err.error });
          throw err;
        }
        const answer = await dispatch(table, name, args);
        return json(res, !answer.ok && answer.error.code === 'bad-request' ? 400 : 200, answer);
      }
      // Static renderer files: the token is required for the page itself; assets are public build output.
      if (path === '/' || path === '/index.html') {
        if (!sameToken(queryToken, token)) return send(res, 403, 'forbidden: open the URL lkanalyze serve printed (it carries the token)', 'text/plain; charset=utf-8');
      }
      const rel = normalize(path === '/' ? 'index.html' : decodeURIComponent(path.slice(1)));
      const full = join(RENDERER_DIR, rel);
      if (rel.startsWith('..') || !full.startsWith(RENDERER_DIR.endsWith(sep) ? RENDERER_DIR : RENDERER_DIR + sep)) return send(res, 404, 'not found', 'text/plain');
      const content = await readFile(full).catch(() => null);
      if (!content) return send(res, 404, 'not found', 'text/plain');
      return send(res, 200, content, TYPES[extname(full)] ?? 'application/octet-stream');
    })().catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { ok: false, error: { code: 'failed', message: { en: String(err), ja: String(err) } } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    server,
    session,
    close: () =>
      new Promise((resolve) => {
        for (const res of listeners) res.end();
        server.close(() => resolve());
      }),
  };
}
