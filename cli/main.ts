// lkanalyze: analyze lksupport archives from a shell. Exit 0 when analyzed,
// 1 when --fail-on is met, 2 when an input cannot be read as an archive or the
// command line is wrong, 3 on an internal error.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { analyze } from '../analyzers/core/engine.js';
import type { Severity } from '../analyzers/core/findings.js';
import { severityRank } from '../analyzers/core/findings.js';
import type { Report } from '../analyzers/core/report.js';
import type { Lang } from '../analyzers/core/text.js';
import { isLang } from '../analyzers/core/text.js';
import { loadAnalyzers } from '../analyzers/registry.js';
import { formatText, safe } from './format-text.js';
import { ProgressLine } from './progress.js';
import { VERSION } from './version.js';

export const USAGE = `Usage: lkanalyze <archive.tar.gz>... [options]

Analyzes SIOS LifeKeeper for Linux support archives (lksupport) offline.

Options:
  --format text|json   text on a terminal, json otherwise (html: not available yet)
  --out FILE           write the report to FILE instead of standard output
  --lang en|ja         language of the text report (default: from LANG)
  --fail-on critical|warning
                       exit 1 when a finding at or above this severity exists
  --rules DIR          also run the pattern rules of the rule pack in DIR (repeatable)
  --no-color           no colours even on a terminal
  -h, --help           this help
  -V, --version        the version

Exit status: 0 analyzed, 1 --fail-on met, 2 an input could not be read as an
archive (or bad options), 3 internal error.`;

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

function defaultLang(env: NodeJS.ProcessEnv): Lang {
  const loc = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return /^ja/i.test(loc) ? 'ja' : 'en';
}

interface Parsed {
  files: string[];
  format: 'text' | 'json';
  out: string | null;
  lang: Lang;
  failOn: Severity | null;
  color: boolean;
  rules: string[];
}

function parse(argv: string[], io: Io): Parsed | 'help' | 'version' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
      lang: { type: 'string' },
      'fail-on': { type: 'string' },
      rules: { type: 'string', multiple: true },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
    },
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  const format = values.format ?? (io.stdout.isTTY ? 'text' : 'json');
  if (format === 'html' || format === 'pdf') {
    throw new UsageError(`--format ${format} is not available yet: it arrives with the desktop app's report view. Use --format text or --format json.`);
  }
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const lang = values.lang ?? defaultLang(io.env);
  if (!isLang(lang)) throw new UsageError(`--lang must be en or ja, not "${lang}"`);
  const failOn = values['fail-on'] ?? null;
  if (failOn !== null && failOn !== 'critical' && failOn !== 'warning') {
    throw new UsageError(`--fail-on must be critical or warning, not "${failOn}"`);
  }
  if (positionals.length === 0) throw new UsageError('give at least one archive (.tar.gz or .tar)');
  const out = values.out ?? null;
  const color = !values['no-color'] && out === null && Boolean(io.stdout.isTTY) && !io.env['NO_COLOR'];
  return { files: positionals, format, out, lang, failOn, color, rules: values.rules ?? [] };
}

export function exitCode(report: Report, failOn: Severity | null): number {
  if (report.archives.some((a) => a.status === 'unreadable')) return 2;
  if (failOn && report.findings.some((f) => severityRank(f.severity) <= severityRank(failOn))) return 1;
  return 0;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv, io);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`lkanalyze: ${message}\nTry 'lkanalyze --help'.\n`);
    return 2;
  }
  if (parsed === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed === 'version') {
    io.stdout.write(`lkanalyze ${VERSION}\n`);
    return 0;
  }
  const { analyzers, packs } = await loadAnalyzers(parsed.rules);
  for (const pack of packs) {
    for (const e of pack.errors) io.stderr.write(`lkanalyze: rule pack ${safe(pack.name)}: ${safe(e.file)}: ${safe(e.reason)} (skipped)\n`);
  }
  const progress = new ProgressLine(io.stderr, parsed.lang);
  let report: Report;
  try {
    report = await analyze(parsed.files, {
      analyzers,
      rulePacks: packs,
      version: VERSION,
      onProgress: (file, p) => progress.update(file, p),
    });
  } finally {
    progress.clear();
  }
  for (const a of report.archives) {
    if (a.status === 'unreadable') io.stderr.write(`lkanalyze: ${safe(a.file)}: ${safe(a.problem?.[parsed.lang] ?? 'unreadable')}\n`);
    else if (a.status === 'partial') io.stderr.write(`lkanalyze: ${safe(a.file)}: ${safe(a.problem?.[parsed.lang] ?? '')} (analyzed what was read)\n`);
  }
  const body = parsed.format === 'json'
    ? `${JSON.stringify(report, null, 2)}\n`
    : formatText(report, { lang: parsed.lang, color: parsed.color });
  if (parsed.out) await writeFile(parsed.out, body);
  else io.stdout.write(body);
  return exitCode(report, parsed.failOn);
}
