// lkanalyze: analyze lksupport archives from a shell. Exit 0 when analyzed,
// 1 when --fail-on is met, 2 when an input cannot be read as an archive or the
// command line is wrong, 3 on an internal error.
import { writeFile } from 'node:fs/promises';
import { fstatSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { StreamInput } from '../analyzers/engine/archive/archive.js';
import { analyze } from '../analyzers/engine/run/engine.js';
import type { Severity } from '../analyzers/engine/plugin/findings.js';
import { severityRank } from '../analyzers/engine/plugin/findings.js';
import type { Report } from '../analyzers/engine/report/report.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';
import { isLang } from '../analyzers/engine/plugin/text.js';
import { loadAnalyzers } from '../analyzers/registry.js';
import { releaseYoungGeneration, WORKER_HEAP_LIMITS } from '../analyzers/engine/workers/heap-tuning.js';
import { WorkerPool, workersAvailable } from '../analyzers/engine/workers/in-worker.js';
import { lanes, lanesFor } from '../analyzers/engine/workers/lanes.js';
import { analysisThreadFor, WatchThread, watchThreadAvailable } from '../analyzers/engine/workers/watch-thread.js';
import { prepareReport, renderExport, saveExport, writeExport } from '../app/host/export.js';
import type { TimelineScope } from '../app/host/ticket.js';
import { DEFAULT_TIMELINE_SCOPE, isTimelineScope, readCaseId } from '../app/host/ticket.js';
import { sideBySideCsv } from '../presentation/changes.js';
import { formatChanges, formatText, safe } from './format-text.js';
import { defaultLang } from './locale.js';
import { ProgressLine } from './progress.js';
import { VERSION } from './version.js';

export const USAGE = `Usage: lkanalyze <archive.tar.gz | ->... [options]
       lkanalyze diff <older.tar.gz> <newer.tar.gz> [options]
       lkanalyze serve [archive.tar.gz...] [--port N] [--rules DIR]
       lkanalyze ls ARCHIVE | cat ARCHIVE MEMBER | grep PATTERN ARCHIVE...  (each with --help)

Analyzes SIOS LifeKeeper for Linux support archives (lksupport) offline. Give the
archives of all nodes of a cluster together, or the .zip, .tar or .tar.gz that holds
them: nodes are grouped into clusters by the peers they name. "-" reads a .tar.gz or
.tar from standard input (a zip cannot be read from a pipe: give its file).
"diff" shows only what changed between two archives of one node (compared in the order
they were collected, whatever the order given), or two nodes side by side.
"serve" shows the report UI in a browser, on 127.0.0.1 only, behind a random token; its
page opens more archives (Open..., or a drop), kept privately until the server stops.

Options:
  --format text|json|html|pdf|csv
                       text on a terminal, json otherwise; html is one self-contained
                       file, pdf is printed from it by Chromium (/usr/bin/chromium);
                       csv is the nodes of each cluster side by side, for a spreadsheet
  --out FILE           write the report to FILE instead of standard output
  --lang en|ja         language of the text report (default: from LANG)
  --fail-on critical|warning
                       exit 1 when a finding at or above this severity exists
  --rules DIR          also run the pattern rules of the rule pack in DIR (repeatable)
  --redact             replace host and domain names, IP and MAC addresses, user names and
                       device serials by stable pseudonyms (node-1, 10.100.1.5, ...)
  --redaction-map FILE with --redact: write the pseudonym table to FILE (keep it on site)
  --timeline all|warnings|none
                       html and pdf: which timeline events are printed (default: warnings,
                       i.e. warning and critical events; info events are left out)
  --case ID            html and pdf: the ticket's case number, in the page header, the
                       title and the default file name
  --brief              text: leave out the one-line remedy under each finding
  --no-color           no colours even on a terminal
  -h, --help           this help
  -V, --version        the version

Exit status: 0 analyzed, 1 --fail-on met, 2 an input could not be read as an
archive (missing, not a regular file, permission denied, not an archive; the
others are still analyzed) or bad options, 3 internal error.`;

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** What "-" reads; the process's standard input when not given. */
  stdin?: Readable & { isTTY?: boolean };
}

class UsageError extends Error {}

interface Parsed {
  files: string[];
  format: 'text' | 'json' | 'html' | 'pdf' | 'csv';
  out: string | null;
  lang: Lang;
  failOn: Severity | null;
  color: boolean;
  brief: boolean;
  rules: string[];
  redact: boolean;
  redactionMap: string | null;
  timeline: TimelineScope;
  caseId: string | null;
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
      redact: { type: 'boolean' },
      'redaction-map': { type: 'string' },
      timeline: { type: 'string' },
      case: { type: 'string' },
      'no-color': { type: 'boolean' },
      brief: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
    },
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  const format = values.format ?? (io.stdout.isTTY ? 'text' : 'json');
  if (format !== 'text' && format !== 'json' && format !== 'html' && format !== 'pdf' && format !== 'csv') throw new UsageError(`--format must be text, json, html, pdf or csv, not "${format}"`);
  if (format === 'pdf' && !values.out) throw new UsageError('--format pdf needs --out FILE');
  const lang = values.lang ?? defaultLang(io.env);
  if (!isLang(lang)) throw new UsageError(`--lang must be en or ja, not "${lang}"`);
  const failOn = values['fail-on'] ?? null;
  if (failOn !== null && failOn !== 'critical' && failOn !== 'warning') {
    throw new UsageError(`--fail-on must be critical or warning, not "${failOn}"`);
  }
  if (positionals.length === 0) throw new UsageError('give at least one archive (.tar.gz or .tar, or a .zip holding them)');
  const out = values.out ?? null;
  const color = !values['no-color'] && out === null && Boolean(io.stdout.isTTY) && !io.env['NO_COLOR'];
  if (values['redaction-map'] && !values.redact) throw new UsageError('--redaction-map goes with --redact');
  const timeline = values.timeline ?? DEFAULT_TIMELINE_SCOPE;
  if (!isTimelineScope(timeline)) throw new UsageError(`--timeline must be all, warnings or none, not "${timeline}"`);
  const exported = format === 'html' || format === 'pdf';
  if (values.timeline !== undefined && !exported) throw new UsageError('--timeline goes with --format html or pdf');
  if (values.case !== undefined && !exported) throw new UsageError('--case goes with --format html or pdf');
  let caseId: string | null;
  try {
    caseId = readCaseId(values.case);
  } catch (err) {
    throw new UsageError(`--case: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { files: positionals, format, out, lang, failOn, color, brief: Boolean(values.brief), rules: values.rules ?? [], redact: Boolean(values.redact), redactionMap: values['redaction-map'] ?? null, timeline, caseId };
}

/**
 * What "-" reads. Standard input redirected from a file is read as that file
 * (/dev/stdin: a zip in it can be read, its size is known); a pipe is read as
 * a stream; a terminal is refused.
 */
function stdinInput(io: Io): string | StreamInput {
  const stdin = io.stdin ?? process.stdin;
  if (stdin.isTTY) throw new UsageError('"-" reads an archive from standard input, which is a terminal here: pipe or redirect one into it (lkanalyze - < node1.tar.gz)');
  if (stdin === process.stdin) {
    try {
      if (fstatSync(0).isFile()) return '/dev/stdin';
    } catch {
      // No descriptor 0 to look at: read it as a stream.
    }
  }
  return { name: '(standard input)', stream: stdin, bytes: null };
}

export function exitCode(report: Report, failOn: Severity | null): number {
  if (report.archives.some((a) => a.status === 'unreadable')) return 2;
  if (failOn && report.findings.some((f) => severityRank(f.severity) <= severityRank(failOn))) return 1;
  return 0;
}

async function serveCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { port: { type: 'string' }, rules: { type: 'string', multiple: true } },
  });
  // Analyses run in workers here: the young-generation cap (a process-wide flag) would hold theirs at its first size.
  releaseYoungGeneration();
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  // Loaded when asked for: the server and the log navigator's commands are a fifth of the modules an analysis would load.
  const { serve } = await import('../app/serve/serve.js');
  const served = await serve({ archives: positionals, version: VERSION, port, rulePackDirs: values.rules ?? [] });
  io.stdout.write(`lkanalyze serve: open ${served.url}\n(only on this machine; Ctrl-C stops it)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await served.close();
  return 0;
}

/** The log navigator's subcommands, each in its own module. */
const SUBCOMMANDS: Record<string, () => Promise<(argv: string[], io: Io) => Promise<number>>> = {
  ls: async () => (await import('./ls.js')).lsCommand,
  cat: async () => (await import('./cat.js')).catCommand,
  grep: async () => (await import('./grep.js')).grepCommand,
};

export async function main(argv: string[], io: Io): Promise<number> {
  const sub = argv[0] !== undefined && Object.hasOwn(SUBCOMMANDS, argv[0]) ? SUBCOMMANDS[argv[0]] : undefined;
  if (sub) return (await sub())(argv.slice(1), io);
  if (argv[0] === 'serve') {
    try {
      return await serveCommand(argv.slice(1), io);
    } catch (err) {
      io.stderr.write(`lkanalyze: ${err instanceof Error ? err.message : String(err)}\nTry 'lkanalyze --help'.\n`);
      return 2;
    }
  }
  // `diff OLD NEW`: the same analysis, its text output the changes section only.
  const diff = argv[0] === 'diff';
  if (diff) argv = argv.slice(1);
  let parsed: ReturnType<typeof parse>;
  let inputs: Array<string | StreamInput> = [];
  try {
    parsed = parse(argv, io);
    if (diff && typeof parsed !== 'string' && parsed.files.length !== 2) throw new UsageError('diff compares two archives: lkanalyze diff <older.tar.gz> <newer.tar.gz>');
    if (typeof parsed !== 'string') inputs = parsed.files.map((f) => (f === '-' ? stdinInput(io) : f));
    if (typeof parsed !== 'string' && parsed.files.filter((f) => f === '-').length > 1) throw new UsageError('"-" (standard input) can be given only once');
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
  // Several archives: one on each core, this thread's and workers' (lanes.ts); the workers start
  // loading now, while this thread loads its own analyzers and reads the first archive.
  const files = inputs.filter((i) => typeof i === 'string').length;
  const threads = workersAvailable() ? lanesFor(files, io.env['LKANALYZE_THREADS']) : 1;
  // Workers read archives too: the young-generation cap (a process-wide flag) would hold theirs at its first size.
  if (threads > 1) releaseYoungGeneration();
  const pool = threads > 1 ? new WorkerPool(threads - 1, undefined, WORKER_HEAP_LIMITS) : null;
  pool?.prestart(threads - 1, parsed.rules);
  try {
    return await analyzeAndWrite(parsed, inputs, io, diff, pool, threads);
  } finally {
    await pool?.close();
  }
}

/** Analyzes, on `threads` threads (this one and the pool's), and writes the report in the format asked. */

async function analyzeAndWrite(parsed: Parsed, inputs: Array<string | StreamInput>, io: Io, diff: boolean, pool: WorkerPool | null, threads: number): Promise<number> {
  // Read on one thread: with LKANALYZE_ANALYSIS_THREAD=1 the watchers and analyzers run in a thread beside it (watch-thread.ts), loading now as this one loads.
  const watching = threads === 1 && watchThreadAvailable() && analysisThreadFor(io.env['LKANALYZE_ANALYSIS_THREAD']) ? new WatchThread(parsed.rules) : null;
  const { analyzers, clusterRules, packs } = await loadAnalyzers(parsed.rules);
  for (const pack of packs) {
    for (const e of pack.errors) io.stderr.write(`lkanalyze: rule pack ${safe(pack.name)}: ${safe(e.file)}: ${safe(e.reason)} (skipped)\n`);
    for (const w of pack.warnings) io.stderr.write(`lkanalyze: rule pack ${safe(pack.name)}: ${safe(w.file)}: warning: ${safe(w.reason)}\n`);
  }
  const progress = new ProgressLine(io.stderr, parsed.lang);
  let report: Report;
  try {
    report = await analyze(inputs, {
      analyzers,
      clusterRules,
      rulePacks: packs,
      version: VERSION,
      ...(pool ? { runArchive: lanes(pool, parsed.rules), concurrency: threads } : {}),
      ...(watching ? { analysisThread: watching } : {}),
      onProgress: (file, p) => progress.update(file, p),
    });
  } finally {
    progress.clear();
    // Their memory is the report's now: the workers' work is done.
    await pool?.close();
    await watching?.close();
  }
  // The export pipeline's first step for every format, text too: one redaction, and the table kept only where asked.
  const prepared = prepareReport(report, parsed.redact);
  report = prepared.report;
  if (prepared.redactionMap && parsed.redactionMap) await writeFile(parsed.redactionMap, `${JSON.stringify(prepared.redactionMap, null, 2)}\n`, { mode: 0o600 });
  for (const a of report.archives) {
    if (a.status === 'unreadable') io.stderr.write(`lkanalyze: ${safe(a.file)}: ${safe(a.problem?.[parsed.lang] ?? 'unreadable')}\n`);
    else if (a.status === 'partial') io.stderr.write(`lkanalyze: ${safe(a.file)}: ${safe(a.problem?.[parsed.lang] ?? '')} (analyzed what was read)\n`);
  }
  if (parsed.format === 'text') {
    // Wrapped to the terminal it is shown on; a file or a pipe gets whole lines.
    const columns = parsed.out === null && io.stdout.isTTY ? (io.stdout as { columns?: number }).columns : undefined;
    const options = { lang: parsed.lang, color: parsed.color, brief: parsed.brief, ...(columns ? { width: columns } : {}) };
    const body = diff ? formatChanges(report, options) : formatText(report, options);
    if (parsed.out) await writeFile(parsed.out, body);
    else io.stdout.write(body);
    return exitCode(report, parsed.failOn);
  }
  if (parsed.format === 'csv') {
    // Made from the prepared (redacted when asked) report, like every other format.
    const csv = sideBySideCsv(report, parsed.lang);
    if (parsed.out) await writeFile(parsed.out, csv);
    else io.stdout.write(csv);
    return exitCode(report, parsed.failOn);
  }
  // JSON, HTML and PDF as the app exports them; JSON is streamed in pieces, never held as one string.
  const file = await renderExport(prepared, { format: parsed.format, lang: parsed.lang, timeline: parsed.timeline, caseId: parsed.caseId });
  if (parsed.out) await saveExport(file, parsed.out);
  else await writeExport(file, io.stdout);
  return exitCode(report, parsed.failOn);
}
