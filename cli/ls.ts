// lkanalyze ls: lists the members of an archive with their kind and size, in
// one streamed pass (a text-named member whose first bytes are binary is
// listed as binary). Exit 0, or 2 when the archive cannot be read.
import { parseArgs } from 'node:util';
import { listArchive } from '../analyzers/engine/lognav/search.js';
import type { ListedMember } from '../analyzers/engine/lognav/search.js';
import { formatBytes } from '../analyzers/engine/report/units.js';
import { MAX_NESTING_DEPTH } from '../analyzers/engine/run/budget.js';
import { safe } from '../presentation/sanitize.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';
import { defaultLang } from './locale.js';
import { LineOutput, LognavUsageError, readProblem, shownName } from './lognav-output.js';
import type { Io } from './main.js';

export const LS_USAGE = `Usage: lkanalyze ls ARCHIVE [--redact]

Lists the members of an lksupport archive, one a line: kind, size, modification time
and name. Kinds: log, command (a command's output), document, binary, skipped (a
folder, a link, a device, a sparse file, a path with "..", an unsupported
compression, an archive inside that is not opened; why in brackets). Archives inside the archive
(a .zip, .tar or .tar.gz of node archives) are listed too, their members named
"inner.tar.gz » path" (what "lkanalyze cat" and "grep --member" take), to
${MAX_NESTING_DEPTH} levels deep, as the analysis reads them: an archive nested deeper is
listed as "not opened: nested deeper than ${MAX_NESTING_DEPTH} levels". A zip's own files (an lksupport
tree or loose logs zipped) are listed by their paths.`;

function row(m: ListedMember, lang: Lang): string {
  // An archive inside that is not opened says why in words (nested too deep, past the count), not by a code.
  const why = m.notOpened ? ` [${m.notOpened[lang]}]` : m.skipped ? ` [${m.skipped}${m.linkTarget ? ` → ${shownName(m.linkTarget)}` : ''}]` : '';
  const when = m.mtime ? m.mtime.toISOString().slice(0, 16).replace('T', ' ') : '-'.padEnd(16);
  return `${m.kind.padEnd(8)} ${(m.bytes === null ? '-' : formatBytes(m.bytes)).padStart(9)}  ${when}  ${shownName(m.name)}${why}`;
}

export async function lsCommand(argv: string[], io: Io): Promise<number> {
  const lang = defaultLang(io.env);
  let archive: string;
  let redact = false;
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { redact: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      io.stdout.write(`${LS_USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new LognavUsageError('ls needs one ARCHIVE');
    archive = positionals[0] ?? '';
    redact = Boolean(values.redact);
  } catch (err) {
    io.stderr.write(`lkanalyze ls: ${safe(err instanceof Error ? err.message : String(err))}\nTry 'lkanalyze ls --help'.\n`);
    return 2;
  }
  const out = new LineOutput(io, redact);
  try {
    const { read } = await listArchive(archive, { signal: out.signal }, (m) => out.line(row(m, lang)));
    out.flush();
    if (read.problem) io.stderr.write(`lkanalyze ls: ${safe(archive)}: ${safe(read.problem[lang])}\n`);
    return 0;
  } catch (err) {
    // The reader went away (… | head): end quietly.
    if (out.closed) return 0;
    out.flush();
    io.stderr.write(readProblem(archive, err, lang).replace(/^lkanalyze:/, 'lkanalyze ls:'));
    return 2;
  }
}
