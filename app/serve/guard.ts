// What `lkanalyze serve` checks on every request before it routes it: the Host
// and Origin (DNS rebinding, other pages) and the request target, decoded once
// into one canonical path so that no spelling of a path can reach a file
// without passing the check its canonical spelling gets.

/** The request target, canonical, or why it is refused: 400 for a target that cannot be decoded, 404 for a spelling the server never produces. */
export type Target =
  | { ok: true; path: string; query: URLSearchParams }
  | { ok: false; status: 400 | 404; en: string; ja: string };

const MALFORMED = { ok: false, status: 400, en: 'malformed request URI', ja: '不正なリクエスト URI です' } as const;
const NOT_FOUND = { ok: false, status: 404, en: 'not found', ja: '見つかりません' } as const;

/**
 * Decodes the path of an origin-form request target (`/a/b?q`) once. Refused:
 * anything but origin form (absolute URLs, `*`), percent-encoded slashes or
 * backslashes, backslashes, control characters, a `%` left after decoding
 * (double encoding), and empty, `.` or `..` segments however they are spelled
 * (`//x`, `/./x`, `/a/../x`, `/%2e%2e/x`). `/` is the one path with an empty segment.
 */
export function readTarget(raw: string | undefined): Target {
  if (!raw || !raw.startsWith('/')) return MALFORMED;
  const q = raw.indexOf('?');
  const rawPath = q < 0 ? raw : raw.slice(0, q);
  const rawQuery = q < 0 ? '' : raw.slice(q + 1);
  if (/%2f|%5c|\\/i.test(rawPath)) return NOT_FOUND;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return MALFORMED;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(path)) return MALFORMED;
  if (path.includes('%') || path.includes('\\')) return NOT_FOUND;
  if (path !== '/' && path.slice(1).split('/').some((s) => s === '' || s === '.' || s === '..')) return NOT_FOUND;
  // URLSearchParams never throws: a malformed escape in the query stays as written, and matches no token.
  return { ok: true, path, query: new URLSearchParams(rawQuery) };
}

/** The Host header names this server: `127.0.0.1:<port>` or `localhost:<port>`, nothing else (a rebound DNS name is refused). */
export function allowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** The Origin header is absent (navigation, same-origin GET) or this very origin, as the browser reached it. */
export function allowedOrigin(origin: string | undefined, host: string): boolean {
  return origin === undefined || origin.toLowerCase() === `http://${host.toLowerCase()}`;
}
