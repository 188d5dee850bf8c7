// Japanese as a support engineer at a Japanese vendor writes it (issue 16): every sample rendered in Japanese
// (the CLI text, the HTML export, the app's own view) says everything of ours in Japanese, with the glossary's
// terms, and with Japanese punctuation. What came from the archive (host names, tags, paths, versions, log text,
// settings) is replaced by a placeholder first, so that only the engine's and the outputs' own words are checked.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { Report } from '../analyzers/engine/report/report.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';
import { loadAnalyzers } from '../analyzers/registry.js';
import { glossaryViolations } from '../presentation/glossary.js';
import { LABEL_KEYS, label } from '../presentation/labels.js';
import { formatText } from '../cli/format-text.js';
import { pdfHeaderFooter, renderHtml } from '../app/host/export.js';

/** Stands for a string that came from the archive: no Latin letter, no Japanese punctuation. */
const HOLE = '〓';

/**
 * Keys whose string values the engine sets from a fixed set of its own (never
 * archive text). They are kept, so that an output showing such a value as it
 * is (a timeline component, a resync kind, a skew's basis) is checked too.
 * Only lower-case kebab values count: the same keys hold archive text elsewhere
 * (a mirror's status "Fully Operational", an equivalency kind "SHARED").
 */
const OUR_KEYS = new Set(['severity', 'kind', 'status', 'component', 'basis', 'code', 'input', 'typeSource', 'hostnameSource', 'collectedAtSource', 'seenBy', 'format', 'schema', 'encodings',
  // The changes section (issue 19): what kind of row, what change, which property, how ordered.
  'group', 'change', 'field', 'orderedBy', 'missingIn']);

function isText(v: unknown): v is { en: string; ja: string } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && typeof (v as Record<string, unknown>)['en'] === 'string' && typeof (v as Record<string, unknown>)['ja'] === 'string';
}

const ours = (key: string, value: string): boolean => OUR_KEYS.has(key) && (/^[a-z][a-z0-9-]*$/.test(value) || key === 'basis');

/** The lines of evidence an object carries (a finding's, an event's): text quoted from them in its texts is log text. */
function quotedLines(o: Record<string, unknown>): string[] {
  const ev = o['evidence'];
  const list: unknown[] = Array.isArray(ev) ? ev : ev && typeof ev === 'object' ? Object.values(ev) : [];
  return list.flatMap((e) => (e && typeof e === 'object' && typeof (e as Record<string, unknown>)['text'] === 'string' ? [String((e as Record<string, unknown>)['text'])] : []));
}

const words = (s: string): string[] => s.match(/[A-Za-z0-9_./-]+/g) ?? [];

/**
 * A run of Latin text with the parts it quotes from `log` (two words or more in
 * a row, as a log message is quoted after its severity and message id, or
 * across the two lines it spans) replaced by HOLE; null when it quotes nothing.
 */
function quotedOut(text: string, log: string): string | null {
  const run = words(text);
  const out: string[] = [];
  let quoted = false;
  for (let i = 0; i < run.length; ) {
    let j = run.length;
    while (j - i >= 2 && !log.includes(` ${run.slice(i, j).join(' ')} `)) j--;
    if (j - i >= 2) {
      out.push(HOLE);
      quoted = true;
      i = j;
    } else out.push(run[i++] ?? '');
  }
  // Its spaces at either end are kept: a space before 。 is a fault of the text around it.
  return quoted ? `${/^\s*/.exec(text)?.[0] ?? ''}${out.join(' ')}${/\s*$/.exec(text)?.[0] ?? ''}` : null;
}

/**
 * The report with every string that came from the archive (or names a thing by
 * identifier) replaced by HOLE, in the values and inside our own texts, which
 * quote them (a host, a tag, a path, a log message): only our words are left.
 */
function neutralize(report: Report): Report {
  const archive = new Set<string>();
  const collect = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      if (!ours(key, value) && value.trim()) archive.add(value);
    } else if (Array.isArray(value)) value.forEach((v) => collect(v, key));
    else if (value && typeof value === 'object' && !isText(value)) for (const [k, v] of Object.entries(value)) collect(v, k);
  };
  collect(report, '');

  // Whole words only, longest first.
  // A product's name read from the archive (LifeKeeper, in LKSYSLOGTAG) stays, so that "LifeKeeper for Linux" stays whole.
  const escaped = [...archive].filter((v) => v.length <= 400 && !ALLOWED_WORDS.has(v)).sort((a, b) => b.length - a.length).map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const patterns: RegExp[] = [];
  for (let i = 0; i < escaped.length; i += 500) patterns.push(new RegExp(`(?<![A-Za-z0-9_])(?:${escaped.slice(i, i + 500).join('|')})(?![A-Za-z0-9_])`, 'g'));
  const rewrite = (s: string, quoted: readonly string[]): string => {
    // First the log text a text quotes from its own evidence (a message may span two of its lines), then the archive's values.
    const log = ` ${words(quoted.join(' ')).join(' ')} `;
    let out = s.replace(/[\x20-\x7e]{4,}/g, (run) => quotedOut(run, log) ?? run);
    for (const re of patterns) out = out.replace(re, HOLE);
    return out;
  };

  const strip = (value: unknown, key: string, quoted: readonly string[]): unknown => {
    if (typeof value === 'string') return ours(key, value) ? value : HOLE;
    if (isText(value)) return { en: value.en, ja: rewrite(value.ja, quoted) };
    if (Array.isArray(value)) return value.map((v) => strip(v, key, quoted));
    if (value && typeof value === 'object') {
      const here = quotedLines(value as Record<string, unknown>);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v, k, here.length ? here : quoted)]));
    }
    return value;
  };
  return strip(report, '', []) as Report;
}

/** Spelt as they are in a Japanese text: product, command, file and setting names, units, log and GUI words quoted as they appear. */
const ALLOWED_WORDS = new Set([
  // Products, protocols and the sites SIOS publishes on
  'LifeKeeper', 'DataKeeper', 'SIOS', 'Linux', 'Windows', 'Oracle', 'Cloud', 'iSCSI', 'STONITH', 'TechHarmony',
  // Commands, daemons and files, as they are typed or named (lower case where the command is)
  'lkanalyze', 'lksupport', 'lcdstatus', 'lkstart', 'lkstop', 'lkscsid', 'lkcheck', 'lcm', 'lcd', 'ttymonlcm', 'lkguiserver', 'lkvmhad', 'iscsid', 'lkping',
  'rpm', 'mdadm', 'uname', 'hostname', 'syslog', 'messages', 'btrfs', 'systemctl', 'journalctl', 'mount', 'chrony', 'ntpd', 'mdstat', 'md', 'raid', 'quickCheck',
  // mirror_action's and perform_action's own arguments, as the commands spell them
  'pause', 'resume', 'force', 'fullresync', 'restore', 'remove',
  // Values of settings and mount options, as /etc/default/LifeKeeper, mdadm, chrony and fstab spell them
  'majority', 'storage', 'tcp_remote', 'none', 'nolock', 'switchover', 'intelligent', 'True', 'false', 'filesys', 'homehost', 'linear', 'nobarrier', 'makestep',
  // Words of LifeKeeper's own output quoted in a text: lkscsid's "hung", LKWMC's server state
  'hung', 'Warning',
  // Recovery kits' own names and words, as the kits' Japanese pages keep them (Apache kit: PidFile, httpd; the file system kit: forceumount)
  'Apache', 'httpd', 'PidFile', 'forceumount', 'lkbackup',
  // Units and keys
  'GiB', 'MiB', 'KiB', 'TiB', 'Enter',
]);

/** Phrases kept as LifeKeeper and SIOS write them (the product's names, its GUI, its logs, mirror_status): SIOS's Japanese documents keep them in English too. */
const ALLOWED_PHRASES = [
  'LifeKeeper for Linux', 'LifeKeeper for Windows', 'SIOS Protection Suite', 'Active Directory', 'Secure Boot', 'Red Hat', 'PSC No.',
  'Force Mirror Online', 'Force In Service', 'Fully Operational', 'Communication failure', 'Standby Node Health Check',
];

/** The Latin words of `s` that are neither identifiers nor allowed. */
export function englishWords(s: string): string[] {
  let t = s;
  for (const p of ALLOWED_PHRASES) t = t.split(p).join(' ');
  const out: string[] = [];
  for (const raw of t.match(/[A-Za-z0-9_\-./#=@~+:!$<>'%]+/g) ?? []) {
    // Sentence punctuation around a word is not part of it; an option (-t), a placeholder (<tag>) or a path (/etc) keeps its mark.
    const token = raw.replace(/[.:!'%]+$/g, '').replace(/^[:'%]+/g, '');
    if (!/[A-Za-z]/.test(token)) continue;
    // Identifiers, paths, versions, message ids, settings, options: anything with more than letters.
    if (!/^[A-Za-z']+$/.test(token)) {
      if (/'/.test(token)) out.push(token);
      continue;
    }
    // State codes, acronyms and units: ISP, OSU, DEAD, TCP, MB, OS, UTC.
    if (/^[A-Z]+$/.test(token)) continue;
    if (ALLOWED_WORDS.has(token)) continue;
    out.push(token);
  }
  return out;
}

/** Punctuation: no half-width space after 。 or 、, none before Japanese punctuation, no 。 and 、 in a row (a sentence put in a list whole). */
export function punctuationProblems(s: string): string[] {
  return [...s.matchAll(/.{0,12}(?:[。、] |[ \u3000][。、」』）]|[。、][。、])/g)].map((m) => m[0]);
}

/** Every place a check fails, as `where: text` lines (empty when all is well). */
function problems(where: string, lines: Iterable<string>): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const words = englishWords(line);
    if (words.length) out.push(`${where}: English ${JSON.stringify(words)} in ${JSON.stringify(line.slice(0, 160))}`);
    for (const p of punctuationProblems(line)) out.push(`${where}: space at ${JSON.stringify(p)}`);
    for (const v of glossaryViolations(line)) out.push(`${where}: "${v.found}" where the glossary says "${v.use}" in ${JSON.stringify(line.slice(0, 160))}`);
  }
  return out;
}

/** The text of an HTML page as a reader sees it, a line per text node, with the attributes read aloud or shown on hover. */
function htmlText(html: string): string[] {
  const decode = (s: string): string => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  // Code spans are commands, shown as they are typed.
  const body = html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<!--[\s\S]*?-->/g, '').replace(/<code>[\s\S]*?<\/code>/g, HOLE);
  const attrs = [...body.matchAll(/\s(?:aria-label|title|placeholder|alt)="([^"]*)"/g)].map((m) => decode(m[1] ?? ''));
  const texts = body.split(/<[^>]*>/).map((s) => decode(s).trim()).filter(Boolean);
  return [...texts, ...attrs];
}

const GOLDEN = 'samples/golden';
const goldens = readdirSync(GOLDEN).filter((f) => f.endsWith('.json')).sort();
const SSR = 'dist/renderer-ssr/export.js';

interface SsrModule {
  renderReportHtml(report: Report, lang: Lang, options?: { interactive?: boolean }): string;
}

describe('every sample in Japanese', () => {
  it('there are golden reports and the renderer is built (npm run build)', () => {
    expect(goldens.length).toBeGreaterThan(20);
    expect(existsSync(SSR)).toBe(true);
  });

  for (const file of goldens) {
    describe(file, () => {
      const report = neutralize(JSON.parse(readFileSync(join(GOLDEN, file), 'utf8')) as Report);

      it('the CLI text says everything of ours in Japanese', () => {
        // No width: a line wrapped at the terminal's edge would cut a word in two.
        const text = formatText(report, { lang: 'ja', color: false });
        expect(problems('text', text.split('\n'))).toEqual([]);
      });

      it('the HTML export says everything of ours in Japanese', async () => {
        const html = await renderHtml(report, 'ja');
        expect(problems('html', htmlText(html))).toEqual([]);
      });

      it('the app view (filters, buttons, charts) says everything of ours in Japanese', async () => {
        const mod = (await import(pathToFileURL(SSR).href)) as SsrModule;
        const html = mod.renderReportHtml(report, 'ja', { interactive: true });
        expect(problems('app', htmlText(html))).toEqual([]);
      });

      it('the PDF header and footer are in Japanese', () => {
        const { header, footer } = pdfHeaderFooter(report, 'ja');
        expect(problems('pdf', [...htmlText(header), ...htmlText(footer)])).toEqual([]);
      });
    });
  }
});

describe('every text of ours in Japanese, whether a sample shows it or not', () => {
  it('the labels', () => {
    expect(problems('labels', LABEL_KEYS.filter((k) => k !== 'language').map((k) => label(k, 'ja')))).toEqual([]);
  });

  it("the analyzers' titles and actions, the pattern rules' texts and the sources' titles", async () => {
    const { analyzers, clusterRules, packs } = await loadAnalyzers();
    const texts: string[] = [];
    for (const a of [...analyzers, ...clusterRules]) {
      texts.push(a.meta.title.ja, a.meta.action?.ja ?? '', ...(a.meta.references ?? []).map((r) => r.title.ja));
    }
    for (const r of packs.flatMap((p) => p.rules)) texts.push(...[r.title, r.summary, r.remediation, r.action, ...r.references.map((x) => x.title)].map((t) => t.ja));
    // A pattern rule's {placeholders} are filled with archive text; code spans are commands, shown as they are typed.
    expect(problems('meta', texts.map((t) => t.replace(/\{\w+\}/g, HOLE).replace(/`[^`\n]+`/g, HOLE)))).toEqual([]);
  });
});

/** Every .ts file under these folders but tests (and the glossary, which lists the spellings to avoid). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') && !path.endsWith('shared/glossary.ts') ? [path] : [];
  });
}

/** The text of every string and template literal of a source file that holds Japanese (a template's ${…} as HOLE), with its line. */
function japaneseLiterals(file: string): Array<{ line: number; text: string }> {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Array<{ line: number; text: string }> = [];
  const visit = (n: ts.Node): void => {
    let t: string | null = null;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) t = n.text;
    else if (ts.isTemplateExpression(n)) t = n.head.text + n.templateSpans.map((x) => HOLE + x.literal.text).join('');
    if (t !== null && /[\u3040-\u30ff\u4e00-\u9fff]/.test(t)) out.push({ line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1, text: t });
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('every Japanese string in the sources, whether an output shows it or not', () => {
  it('keeps to the glossary and to Japanese punctuation', () => {
    const found: string[] = [];
    for (const file of ['analyzers', 'presentation', 'cli', 'app', 'renderer/src'].flatMap(sources)) {
      for (const { line, text } of japaneseLiterals(file)) {
        for (const v of glossaryViolations(text)) found.push(`${file}:${line}: "${v.found}" where the glossary says "${v.use}"`);
        for (const p of punctuationProblems(text)) found.push(`${file}:${line}: space at ${JSON.stringify(p)}`);
        // A sentence appended to another (" ただし…。") gives 「。 ただし」: in Japanese it starts without a space.
        if (/^ /.test(text) && /。$/.test(text)) found.push(`${file}:${line}: a sentence that starts with a space: ${JSON.stringify(text.slice(0, 40))}`);
      }
    }
    expect(found).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('find English words but pass identifiers, commands, state codes, units and product names', () => {
    expect(englishWords('lk-node2 へのすべてのコミュニケーションパスが DEAD')).toEqual([]);
    expect(englishWords('mirror_action datarep1 fullresync を実行 (2.9 GiB、ISP、/etc/default/LifeKeeper の LKDR_ASYNC_LIMIT)')).toEqual([]);
    expect(englishWords('lifekeeper-flags を特定できなかったため確認していません')).toEqual([]);
    expect(englishWords('needs lifekeeper-flags, which could not be determined')).toEqual(['needs', 'which', 'could', 'not', 'be', 'determined']);
    expect(englishWords('flag file (empty)')).toEqual(['flag', 'file', 'empty']);
    expect(englishWords("lk-node2's clock")).toEqual(["lk-node2's", 'clock']);
    expect(englishWords('約 2 s')).toEqual(['s']);
  });

  it('find a half-width space after 。 and 、 and before Japanese punctuation', () => {
    expect(punctuationProblems('停止しました。 次に')).toHaveLength(1);
    expect(punctuationProblems('ISP、 OSU')).toHaveLength(1);
    expect(punctuationProblems('DEAD 。')).toHaveLength(1);
    expect(punctuationProblems('読み取りません。、アーカイブに')).toHaveLength(1);
    expect(punctuationProblems('停止しました。次に')).toEqual([]);
  });

  it('find the words the glossary replaces', () => {
    expect(problems('x', ['通信パスが DEAD'])).toHaveLength(1);
    expect(problems('x', ['部分同期が 2 回'])).toHaveLength(1);
    expect(problems('x', ['部分再同期が 2 回'])).toEqual([]);
  });

  it('replace what came from the archive, in values and inside our texts', () => {
    const r = neutralize({ nodes: [{ hostname: 'lk-node1', analyzers: [{ id: 'x', kind: 'fact', status: 'ran', reason: { en: 'on lk-node1', ja: 'lk-node1 で確認' } }] }] } as unknown as Report);
    expect(r.nodes[0]?.hostname).toBe(HOLE);
    expect(r.nodes[0]?.analyzers[0]?.status).toBe('ran');
    expect(r.nodes[0]?.analyzers[0]?.reason?.ja).toBe(`${HOLE} で確認`);
  });
});
