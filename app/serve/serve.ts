// `lkanalyze serve`: the renderer in a browser, with the bridge over HTTP to
// the same engine. For end-to-end tests and headless servers. Binds loopback
// only; every request needs the random token of this run (page and SSE: in the
// URL; API calls: in a header, so another page cannot forge them), names this
// server in its Host and, if it has an Origin, this origin (app/serve/guard.ts).
// Archives come from its command line, or from the page (app/serve/uploads.ts).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostCapabilities } from '../host/channels.js';
import { channelTable, dispatch } from '../host/channels.js';
import { exportBytes } from '../host/export.js';
import { JSON_BATCH_UNITS, writeJson } from '../host/json-stream.js';
import type { AnalysisProgress } from '../host/ipc-contract.js';
import { PROGRESS_EVENT } from '../host/ipc-contract.js';
import { Session } from '../host/session.js';
import { collectGarbage } from '../../analyzers/engine/workers/collect.js';
import { WarmPrinter } from '../host/warm-printer.js';
import type { UploadLimits } from './uploads.js';
import { Uploads } from './uploads.js';
import { BadRequest, isChannel } from '../host/validate.js';
import { allowedHost, allowedOrigin, readTarget } from './guard.js';

/**
 * The client build of the renderer: two folders up from this file in dist/ (dist/app/serve/), or in dist/ when
 * this runs from source or from the CLI's bundle (dist/bundle/, two folders below the root as app/serve/ is).
 */
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

/** How long an export waits for its download, and how many may wait at once (each is held in memory). */
const DOWNLOAD_TTL_MS = 5 * 60_000;
const MAX_DOWNLOADS = 16;

export interface ServeOptions {
  archives: readonly string[];
  version: string;
  port?: number;
  rulePackDirs?: readonly string[];
  token?: string;
  /** How long an export can be downloaded (once); 5 minutes unless given. */
  downloadTtlMs?: number;
  /** How long the printing Chromium is kept with nothing to print (app/host/warm-printer.ts); 5 minutes unless given. */
  printerIdleMs?: number;
  /** Bounds of the archives the page sends (app/serve/uploads.ts): 8 GiB each, 64 in all, unless given. */
  uploadLimits?: UploadLimits;
}

export interface Served {
  url: string;
  token: string;
  server: Server;
  session: Session;
  /** The Chromium that prints PDFs, kept warm between exports. */
  printer: WarmPrinter;
  /** The archives the page sent, in a private temporary folder removed by close(). */
  uploads: Uploads;
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

/**
 * A channel's answer as JSON, the same bytes as JSON.stringify(value),
 * written in batches as the socket drains (jsonBatches) instead of made as
 * one string first: the answer to an analysis of the large bench archive is
 * 21 MB of JSON holding Japanese, so one string of 42 MB (two bytes a
 * character, built by JSON.stringify from parts of as much again) and 21 MB
 * of UTF-8 for the socket, at the host's peak (docs/performance.md).
 */
async function answerJson(res: ServerResponse, status: number, value: unknown): Promise<void> {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  await writeJson(value, res, JSON_BATCH_UNITS, { compact: true });
  if (!res.destroyed) res.end();
}

/** The envelope every refusal carries: a code and a sentence in both languages, never an error's own text. */
function refuse(res: ServerResponse, status: number, en: string, ja: string): void {
  json(res, status, { ok: false, error: { code: status >= 500 ? 'failed' : 'bad-request', message: { en, ja } } });
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

interface Download {
  fileName: string;
  mime: string;
  content: Buffer;
  timer: NodeJS.Timeout;
}

export async function serve(options: ServeOptions): Promise<Served> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const ttl = options.downloadTtlMs ?? DOWNLOAD_TTL_MS;
  // The report's copies are collected once its answer is written (below), not when the session hands it over:
  // the answer is then still being written.
  const session = new Session({ version: options.version, rulePackDirs: options.rulePackDirs ?? [], collectGarbage: () => undefined });
  await session.add(options.archives);
  // A second PDF export in a session does not start Chromium again.
  const printer = new WarmPrinter(options.printerIdleMs);
  const uploads = new Uploads(options.uploadLimits);
  const listeners = new Set<ServerResponse>();
  const downloads = new Map<string, Download>();
  /** The response an analysis will answer, while it runs: when its client goes away, so does the analysis. */
  let analysisClient: ServerResponse | null = null;
  const push = (p: AnalysisProgress): void => {
    for (const res of listeners) res.write(`event: progress\ndata: ${JSON.stringify(p)}\n\n`);
  };
  const forget = (id: string): Download | undefined => {
    const d = downloads.get(id);
    if (d) {
      clearTimeout(d.timer);
      downloads.delete(id);
    }
    return d;
  };

  // What the browser host cannot do (open files), and where its exports go: a download by id, once, for a while.
  const host: HostCapabilities = {
    openArchives: {
      available: false,
      // The page has no file dialog of the host: it picks files itself and sends them (api/upload).
      why: { en: 'the browser host has no file dialog: the page sends the files it opens (Open…, or drop them on the page)', ja: 'ブラウザー版にはホストのファイルダイアログがありません。ページで選んだファイルを送ります(「開く…」、またはページへのドロップ)' },
    },
    async deliverExport(file) {
      // The browser fetches the file whole; the pseudonym table is not kept by this host.
      const content = await exportBytes(file);
      const id = randomBytes(12).toString('hex');
      // Oldest first out: Map keeps insertion order.
      while (downloads.size >= MAX_DOWNLOADS) forget(downloads.keys().next().value as string);
      const timer = setTimeout(() => forget(id), ttl);
      timer.unref();
      downloads.set(id, { fileName: file.fileName, mime: file.mime, content, timer });
      return { ok: true, value: { path: null, downloadId: id, fileName: file.fileName, bytes: content.length } };
    },
    pushProgress: push,
    printPdf: printer.print,
  };
  const table = channelTable(session, host);
  let port = 0;

  const server = createServer((req, res) => {
    void (async () => {
      // A page of another site, or a DNS name rebound to 127.0.0.1, reaches this server with a foreign Host or Origin.
      const hostHeader = req.headers.host;
      if (!allowedHost(hostHeader, port)) return refuse(res, 403, 'forbidden: unknown Host', '拒否しました: 不明な Host です');
      if (!allowedOrigin(req.headers.origin, hostHeader ?? '')) return refuse(res, 403, 'forbidden: foreign Origin', '拒否しました: 別のオリジンからの要求です');
      const target = readTarget(req.url);
      if (!target.ok) return refuse(res, target.status, target.en, target.ja);
      const { path, query } = target;
      const queryToken = query.get('token');
      if (path.startsWith('/api/')) {
        const name = path.slice('/api/'.length);
        if (name === 'events' && req.method === 'GET') {
          if (!sameToken(queryToken, token)) return refuse(res, 403, 'forbidden', '拒否しました');
          res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream' });
          res.write(`: ${PROGRESS_EVENT}\n\n`);
          listeners.add(res);
          res.on('close', () => {
            listeners.delete(res);
            // Nobody is left to see the progress or the report: stop the analysis.
            if (listeners.size === 0 && analysisClient) session.cancel();
          });
          return;
        }
        if (name.startsWith('download/') && req.method === 'GET') {
          if (!sameToken(queryToken, token)) return refuse(res, 404, 'not found', '見つかりません');
          // One use: the id is gone once asked for.
          const file = forget(name.slice('download/'.length));
          if (!file) return refuse(res, 404, 'not found (a download can be fetched once, within minutes of the export)', '見つかりません(ダウンロードはエクスポート後数分以内に一度だけ可能です)');
          return send(res, 200, file.content, file.mime, { 'content-disposition': `attachment; filename="${file.fileName}"` });
        }
        if (!sameToken(req.headers['x-lkanalyze-token'] as string | undefined, token)) {
          return refuse(res, 403, 'forbidden: this request lacks the session token', '拒否しました: セッショントークンがありません');
        }
        if (name === 'upload' && req.method === 'POST') {
          // An archive the page opened (Open… or a drop), streamed to a private file, then known to the session by id like any other.
          const got = await uploads.receive(req, query.get('name'));
          if (!got.ok) {
            if (got.status === 0) return;
            if (got.close) res.on('finish', () => req.socket.destroy());
            return send(res, got.status, JSON.stringify({ ok: false, error: { code: 'bad-request', message: got.message } }), 'application/json; charset=utf-8', got.close ? { connection: 'close' } : {});
          }
          const [ref] = await session.add([got.path]);
          return json(res, 200, { ok: true, value: ref });
        }
        if (req.method !== 'POST' || !isChannel(name)) return refuse(res, 404, 'unknown channel', '不明なチャネルです');
        let args: unknown;
        try {
          args = await body(req);
        } catch (err) {
          if (err instanceof BadRequest) return json(res, 400, { ok: false, error: err.error });
          throw err;
        }
        // The session runs one analysis at a time; this request owns it when none runs yet.
        const owns = name === 'archive:analyze' && analysisClient === null;
        if (owns) {
          analysisClient = res;
          res.on('close', () => {
            if (!res.writableEnded && analysisClient === res) session.cancel();
          });
        }
        let answer: Awaited<ReturnType<typeof dispatch>>;
        try {
          answer = await dispatch(table, name, args);
        } finally {
          if (owns) analysisClient = null;
        }
        if (res.destroyed) return;
        await answerJson(res, !answer.ok && answer.error.code === 'bad-request' ? 400 : 200, answer);
        // What the session's report was copied into to be written (and the answer itself) is garbage now (collect.ts).
        if (owns) collectGarbage();
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed', '許可されていないメソッドです');
      // Static renderer files: the token is required for the page itself; assets are public build output.
      if (path === '/' || path === '/index.html') {
        if (!sameToken(queryToken, token)) return send(res, 403, 'forbidden: open the URL lkanalyze serve printed (it carries the token)', 'text/plain; charset=utf-8');
      }
      const rel = path === '/' ? 'index.html' : path.slice(1);
      const full = join(RENDERER_DIR, rel);
      if (!full.startsWith(RENDERER_DIR.endsWith(sep) ? RENDERER_DIR : RENDERER_DIR + sep)) return send(res, 404, 'not found', 'text/plain');
      const content = await readFile(full).catch(() => null);
      if (!content) return send(res, 404, 'not found', 'text/plain');
      return send(res, 200, content, TYPES[extname(full)] ?? 'application/octet-stream');
    })().catch((err: unknown) => {
      // The client gets no error text or stack; the operator's terminal gets the message.
      process.stderr.write(`lkanalyze serve: ${req.method ?? '?'} request failed: ${err instanceof Error ? err.message : String(err)}\n`);
      if (!res.headersSent) refuse(res, 500, 'internal error', '内部エラーです');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    server,
    session,
    printer,
    uploads,
    close: async () => {
      session.cancel();
      for (const id of [...downloads.keys()]) forget(id);
      for (const res of listeners) res.end();
      await Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
        printer.close(),
        uploads.close(),
      ]);
    },
  };
}
