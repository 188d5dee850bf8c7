// Keeps the documentation honest: the README still opens with the two
// commands a new user types and stays one screen; every relative link in the
// README and docs/ reaches a file (and a heading, when it names one); every
// repository path docs/developing.md names in backticks exists. A path with a
// placeholder (`analyzers/rules/<id>/README.md`) or a glob (`samples/*.tar.gz`)
// must have at least one instance, the same placeholder standing for the same
// name throughout.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCS = join(ROOT, 'docs');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const isDir = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();
const docPages = (): string[] => readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);

/** The text outside fenced code blocks (``` or ~~~), line for line. */
export function prose(md: string): string {
  let fence: string | null = null;
  return md
    .split('\n')
    .map((line) => {
      const m = /^\s*(`{3,}|~{3,})/.exec(line);
      if (m?.[1] && (fence === null || m[1].startsWith(fence))) {
        fence = fence === null ? m[1] : null;
        return '';
      }
      return fence === null ? line : '';
    })
    .join('\n');
}

/** Inline code spans outside fenced blocks: `x` and ``x``. */
export function codeSpans(md: string): string[] {
  return [...prose(md).matchAll(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)].map((m) => (m[2] ?? '').trim());
}

/**
 * Whether a code span names a file or folder of this repository: no spaces or
 * punctuation of commands, URLs, schema ids or package names, not a path
 * outside the repository (`~/...`, `/usr/...`), and a `/` or a source file ending.
 */
export function isRepoPath(span: string): boolean {
  if (/[\s:@|{}()=,;'"\\]/.test(span) || /^(?:~|\/|\$|-|\.\.?\/)/.test(span)) return false;
  return span.includes('/') || /\.(?:ts|cts|js|mjs|json|md|svelte|yml)$/.test(span);
}

function segmentPattern(segment: string): { re: RegExp; names: string[] } {
  const names: string[] = [];
  const source = segment
    .split(/(<[^>]+>|\*)/)
    .filter((part) => part !== '')
    .map((part) => {
      if (part === '*') return '[^/]*';
      if (part.startsWith('<')) {
        names.push(part);
        return '(.+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { re: new RegExp(`^${source}$`), names };
}

const SKIP_IN_GLOBSTAR = new Set(['node_modules', 'dist', '.git']);

function resolves(dir: string, segments: readonly string[], bound: ReadonlyMap<string, string>, wantDir: boolean): boolean {
  const [segment, ...rest] = segments;
  if (segment === undefined) return !wantDir || isDir(dir);
  if (segment === '**') {
    if (resolves(dir, rest, bound, wantDir)) return true;
    return readdirSync(dir).some((d) => !SKIP_IN_GLOBSTAR.has(d) && isDir(join(dir, d)) && resolves(join(dir, d), segments, bound, wantDir));
  }
  if (!/[<*]/.test(segment)) {
    const path = join(dir, segment);
    return existsSync(path) && (rest.length === 0 || isDir(path)) && resolves(path, rest, bound, wantDir);
  }
  const { re, names } = segmentPattern(segment);
  for (const entry of readdirSync(dir)) {
    const m = re.exec(entry);
    if (!m) continue;
    const next = new Map(bound);
    const consistent = names.every((name, i) => {
      const value = m[i + 1] ?? '';
      if (next.has(name) && next.get(name) !== value) return false;
      next.set(name, value);
      return true;
    });
    const path = join(dir, entry);
    if (consistent && (rest.length === 0 || isDir(path)) && resolves(path, rest, next, wantDir)) return true;
  }
  return false;
}

/** Whether a repository path exists; a placeholder or glob needs one instance; a trailing `/` needs a folder. */
export function pathExists(path: string, root = ROOT): boolean {
  const wantDir = path.endsWith('/');
  return resolves(root, path.split('/').filter((s) => s !== ''), new Map(), wantDir);
}

/** The repository paths a page names in backticks that do not exist. */
export function missingPaths(md: string, root = ROOT): string[] {
  return [...new Set(codeSpans(md).filter(isRepoPath))].filter((p) => !pathExists(p, root));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2 … */
export function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose(md).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (m[1] ?? '').toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').trim().replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Relative links of a page, as [target file from ROOT, anchor] pairs. */
function links(page: string): Array<{ link: string; file: string; anchor: string | null }> {
  const md = read(page);
  return [...prose(md).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? '')
    .filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link))
    .map((link) => {
      const [target = '', anchor = null] = link.split('#');
      const file = target === '' ? page : relative(ROOT, join(ROOT, dirname(page), decodeURIComponent(target)));
      return { link, file, anchor };
    });
}

function brokenLinks(page: string): string[] {
  return links(page).flatMap(({ link, file, anchor }) => {
    if (!existsSync(join(ROOT, file))) return [`${link} (no file ${file})`];
    if (anchor !== null && file.endsWith('.md') && !anchors(read(file)).has(anchor)) return [`${link} (no heading #${anchor} in ${file})`];
    return [];
  });
}

describe('the checks themselves', () => {
  it('find a missing path, a placeholder with no instance, and a placeholder bound to two names', () => {
    expect(missingPaths('See `analyzers/no-such-file.ts` and `docs/`.')).toEqual(['analyzers/no-such-file.ts']);
    expect(missingPaths('`analyzers/rules/<id>/index.ts` `analyzers/rules/<id>/<id>.test.ts`')).toEqual([]);
    expect(missingPaths('`analyzers/rules/<id>/<id>.nothing.ts`')).toEqual(['analyzers/rules/<id>/<id>.nothing.ts']);
    expect(missingPaths('`analyzers/facts/<id>/<other>.test.ts` `analyzers/<kind>/comm-paths/<id>.test.ts`')).toEqual([]);
    expect(missingPaths('`analyzers/rules/<id>/index.ts/`')).toEqual(['analyzers/rules/<id>/index.ts/']);
    expect(missingPaths('`samples/*.tar.gz` `analyzers/**/meta.test.ts` `samples/*.zip`')).toEqual(['samples/*.zip']);
  });

  it('take commands, URLs, schema ids and paths outside the repository for what they are', () => {
    for (const span of ['npm run samples', 'lkanalyze/report@2', '~/.cache/lkanalyze-bench', '/usr/bin/chromium', 'node:fs/promises', 'https://example.invalid/x.md', '{ ok, value }']) {
      expect(isRepoPath(span), span).toBe(false);
    }
    for (const span of ['analyzers/registry.ts', 'docs/', 'package.json', '.ci/run']) expect(isRepoPath(span), span).toBe(true);
  });

  it('skip fenced code and make GitHub anchors', () => {
    expect(codeSpans('a `x/y` b\n```sh\n`not/this`\n```\n``c/d``')).toEqual(['x/y', 'c/d']);
    expect([...anchors('# The desktop app and `lkanalyze serve`\n## From report@1 to report@2\n## A\n## A')]).toEqual([
      'the-desktop-app-and-lkanalyze-serve', 'from-report1-to-report2', 'a', 'a-1',
    ]);
  });
});

describe('README.md', () => {
  const readme = read('README.md');

  it('opens with the two commands a new user types on a fresh machine, on a sample that exists', () => {
    const lines = readme.split('\n');
    expect(lines[0], 'README.md starts with a ```sh block').toBe('```sh');
    const end = lines.indexOf('```', 1);
    const block = lines.slice(1, end);
    expect(block, 'the first block holds exactly the two commands').toHaveLength(2);
    const analyze = /^npm ci && npm run analyze -- (samples\/\S+)$/.exec(block[0] ?? '');
    expect(analyze, 'first command: npm ci && npm run analyze -- samples/<archive>').not.toBeNull();
    expect(existsSync(join(ROOT, analyze?.[1] ?? 'missing')), `${analyze?.[1] ?? ''} exists`).toBe(true);
    expect(block[1]).toBe('npm test');
  });

  it('stays one screen and links every page in docs/', () => {
    expect(readme.trimEnd().split('\n').length, 'README.md is one screen: move detail to docs/').toBeLessThanOrEqual(40);
    const linked = new Set(links('README.md').map((l) => l.file));
    expect(docPages().filter((p) => !linked.has(p)), 'docs pages the README does not link').toEqual([]);
  });
});

describe('links', () => {
  for (const page of ['README.md', ...docPages()]) {
    it(`every relative link in ${page} reaches its file and heading`, () => {
      expect(brokenLinks(page)).toEqual([]);
    });
  }
});

describe('docs/developing.md', () => {
  const md = read('docs/developing.md');

  it('names only paths that exist (fix the page, or the path, when this fails)', () => {
    expect(missingPaths(md)).toEqual([]);
  });

  it('says which files each kind of change touches', () => {
    const rows = prose(md).split('\n').filter((l) => l.startsWith('|')).map((l) => l.split('|')[1]?.trim().toLowerCase() ?? '');
    for (const kind of ['pattern rule', 'logic rule', 'cross-node rule', 'fact shown in the report', 'new input']) {
      expect(rows.some((r) => r.startsWith(kind)), `a row for "${kind}" in the table of changes`).toBe(true);
    }
  });
});
