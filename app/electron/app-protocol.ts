// The renderer's own origin, app://renderer/: which URLs belong to it, which
// file under the renderer build each one names, and which requests the window
// may make at all. No Electron here, so it is tested where Electron cannot run;
// main.ts registers the scheme and serves the files with these answers.
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, posix, relative, resolve, sep, win32 } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX = `${APP_ORIGIN}/index.html`;

/**
 * Registered before `ready`. Standard (an origin of its own, relative URLs
 * resolve), secure (like https: so 'self' and module scripts work), fetch for
 * the module loader. Not corsEnabled (no other origin may read it), not
 * bypassCSP, no service workers, no streaming.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The content type a renderer file is served with; anything unknown is opaque bytes (and nosniff keeps it so). */
export function contentType(file: string): string {
  const dot = file.lastIndexOf('.');
  return (dot >= 0 ? TYPES[file.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A URL of the app's own origin: scheme app:, host renderer, no user, password or port. */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.hostname === APP_HOST && u.port === '' && u.username === '' && u.password === '';
}

/**
 * The file under `rendererDir` an app:// URL names, or null. The path is
 * decoded once; refused are encoded or literal backslashes, encoded slashes, a
 * `%` left after decoding, control characters, empty, `.` and `..` segments,
 * drive letters and colons (Windows streams), and anything that resolves
 * outside the folder. `/` is index.html. Query and fragment are ignored.
 */
export function appUrlToFile(url: string, rendererDir: string): string | null {
  // A URL as Chromium hands it over never holds raw white space; the URL parser would silently drop tabs and newlines.
  if (/\s/.test(url) || !isAppUrl(url)) return null;
  // The raw spelling, before a URL parser folds `..` or `%2e%2e` away: a traversal attempt is refused, not repaired.
  const afterHost = url.slice(url.indexOf(APP_HOST, `${APP_SCHEME}://`.length) + APP_HOST.length);
  const rawPath = afterHost.split(/[?#]/, 1)[0] ?? '';
  if (rawPath === '' || rawPath === '/') return resolve(rendererDir, 'index.html');
  if (!rawPath.startsWith('/') || /%2f|%5c|\\/i.test(rawPath)) return null;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f%\\:]/.test(path)) return null;
  const segments = path.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || posix.isAbsolute(s) || win32.isAbsolute(s))) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, ...segments);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || !file.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return file;
}

/**
 * What the window's session lets through: the app's own origin, data: (the
 * PDF printer's page, and images the CSP allows), and DevTools' own pages. Not
 * file: (the renderer is no longer loaded from it), not blob:, not http(s):.
 */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  const u = parse(url);
  return u !== null && (u.protocol === 'data:' || u.protocol === 'devtools:');
}

/** The answer to one request for an app:// URL: status, body and content type; main.ts adds the headers of appHeaders(). */
export interface AppFileAnswer {
  status: 200 | 404 | 405;
  body: Buffer | string;
  type: string;
}

/**
 * Reads the renderer file an app:// request names. Only GET;
 * only a regular file whose real path (links resolved) is still under the
 * renderer folder; everything else is 404, saying no more.
 */
export async function readAppFile(url: string, method: string, rendererDir: string): Promise<AppFileAnswer> {
  const notFound: AppFileAnswer = { status: 404, body: 'not found', type: 'text/plain; charset=utf-8' };
  if (method !== 'GET') return { status: 405, body: 'method not allowed', type: 'text/plain; charset=utf-8' };
  const file = appUrlToFile(url, rendererDir);
  if (!file) return notFound;
  try {
    const [root, real] = await Promise.all([realpath(rendererDir), realpath(file)]);
    if (!real.startsWith(root.endsWith(sep) ? root : root + sep) || !(await stat(real)).isFile()) return notFound;
    return { status: 200, body: await readFile(real), type: contentType(real) };
  } catch {
    return notFound;
  }
}

/** Headers of every app:// response, the 404s too: the window's CSP travels with the page itself. */
export function appHeaders(type: string, csp: string): Record<string, string> {
  return { 'content-type': type, 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
}
