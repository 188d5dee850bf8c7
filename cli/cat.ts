// lkanalyze cat: prints one member of an archive (or a range of its lines),
// decompressing a rotated .gz log, decoding Shift_JIS or EUC-JP as the
// analyzers do; nothing extracted. Exit 0, or 2 when the archive cannot be
// read, the member is not in it, or it is not text.
import { parseArgs } from 'node:util';
import { damageWords } from '../analyzers/engine/lognav/member-store.js';
import { readMemberLines } from '../analyzers/engine/lognav/search.js';
import type { LineRange } from '../analyzers/engine/lognav/search.js';
import { safe } from '../presentation/sanitize.js';
import { defaultLang } from './locale.js';
import { LineOutput, LognavUsageError, notOpenedProblem, readProblem, shownName } from './lognav-output.js';
import type { Io } from './main.js';

export const CAT_USAGE = `Usage: lkanalyze cat ARCHIVE MEMBER [--lines A-B] [-n] [--redact]

Prints one member of an lksupport archive, named as "lkanalyze ls" names it (a member
of an archive inside it as "inner.tar.gz » path"), in one streamed pass: a rotated
.gz log is decompressed, Shift_JIS and EUC-JP are decoded, control characters are
shown as \\uXXXX. A line longer than 64 KiB is shown cut, with its length.

Options:
  --lines A-B          only lines A to B (1-based; "A-" to the end, "A" one line)
  -n, --number         put the line number before each line
  --redact             replace host and domain names, addresses, users and serials
                       by pseudonyms (learned as lines pass)
  -h, --help           this help

Exit status: 0 printed, 2 the archive unreadable, the member missing, binary or a sparse file
(not read: the archive stores its data without its holes), or bad options.`;

/** "A-B", "A-" or "A" as a range of lines. */
export function parseRange(s: string): LineRange {
  const m = /^(\d+)(?:(-)(\d*))?$/.exec(s.trim());
  if (!m) throw new LognavUsageError(`--lines takes A-B, A- or A (line numbers from 1), not "${s}"`);
  const from = Number(m[1]);
  const to = m[2] ? (m[3] ? Number(m[3]) : null) : from;
  if (from < 1 || (to !== null && to < from)) throw new LognavUsageError(`--lines ${s}: lines are numbered from 1, and B is not before A`);
  return { from, to };
}

export async function catCommand(argv: string[], io: Io): Promise<number> {
  const lang = defaultLang(io.env);
  let archive: string;
  let member: string;
  let range: LineRange | null = null;
  let redact = false;
  let number = false;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { lines: { type: 'string' }, number: { type: 'boolean', short: 'n' }, redact: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.stdout.write(`${CAT_USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 2) throw new LognavUsageError('cat needs an ARCHIVE and a MEMBER');
    [archive = '', member = ''] = positionals;
    if (values.lines !== undefined) range = parseRange(values.lines);
    redact = Boolean(values.redact);
    number = Boolean(values.number);
  } catch (err) {
    io.stderr.write(`lkanalyze cat: ${safe(err instanceof Error ? err.message : String(err))}\nTry 'lkanalyze cat --help'.\n`);
    return 2;
  }
  const out = new LineOutput(io, redact);
  try {
    // The name as the archive spells it, or as ls printed it (line breaks and control characters as \uXXXX).
    const wanted = (name: string): boolean => name === member || shownName(name) === member;
    const { found, binary, unread, read, notOpened, damage } = await readMemberLines(archive, wanted, range, (line, text) => out.line(number ? `${String(line).padStart(6)}\t${text}` : text, text), { signal: out.signal });
    out.flush();
    // An archive inside that was not opened (nested too deep), or a member in one: said, not "no member".
    const refused = notOpenedProblem(member, notOpened, lang);
    if (refused) {
      io.stderr.write(`lkanalyze cat: ${shownName(member)}: ${safe(refused)}\n`);
      return 2;
    }
    if (!found) {
      // Not in what could be read: the member may lie past the damage, and the damage is why it is not found.
      const problem = read?.problem ? safe(read.problem[lang]) : null;
      io.stderr.write(lang === 'ja'
        ? `lkanalyze cat: ${safe(archive)}: メンバー "${shownName(member)}" は${problem ? `アーカイブの読めた部分に` : ''}ありません(一覧は lkanalyze ls ${safe(archive)} で表示できます)${problem ? `。アーカイブの問題: ${problem}` : ''}\n`
        : `lkanalyze cat: ${safe(archive)}: no member "${shownName(member)}"${problem ? ' in what could be read of the archive' : ''} (lkanalyze ls ${safe(archive)} lists them)${problem ? `; the archive's problem: ${problem}` : ''}\n`);
      return 2;
    }
    if (binary) {
      io.stderr.write(`lkanalyze cat: ${safe(member)}: binary content, not shown\n`);
      return 2;
    }
    if (unread) {
      io.stderr.write(`lkanalyze cat: ${shownName(member)}: ${safe(unread[lang])}\n`);
      return 2;
    }
    // The member's own damage first: where its lines stop and why (the archive's problem may name another place).
    if (damage) {
      const why = damageWords(damage.problem, damage.stoppedAt)[lang];
      const lines = damage.lines.toLocaleString('en-US');
      io.stderr.write(lang === 'ja'
        ? `lkanalyze cat: ${shownName(member)}: 一部のみ読み込み(${lines} 行まで): ${safe(why)}\n`
        : `lkanalyze cat: ${shownName(member)}: read in part, up to line ${lines}: ${safe(why)}\n`);
    }
    // What the archive says of the rest of it (an archive inside not opened, damage after this member): once,
    // as about the rest, after saying that this member was read to its end (its own damage is said above).
    if (read?.problem && !damage) {
      io.stderr.write(lang === 'ja'
        ? `lkanalyze cat: ${shownName(member)} は最後まで読み込みました。${safe(archive)} のほかの部分について: ${safe(read.problem.ja)}\n`
        : `lkanalyze cat: ${shownName(member)} was read to its end; elsewhere in ${safe(archive)}: ${safe(read.problem.en)}\n`);
    } else if (read?.problem) {
      io.stderr.write(lang === 'ja'
        ? `lkanalyze cat: ${safe(archive)} 全体について: ${safe(read.problem.ja)}\n`
        : `lkanalyze cat: ${safe(archive)} as a whole: ${safe(read.problem.en)}\n`);
    }
    return 0;
  } catch (err) {
    // The reader went away (… | head): end quietly.
    if (out.closed) return 0;
    out.flush();
    io.stderr.write(readProblem(archive, err, lang).replace(/^lkanalyze:/, 'lkanalyze cat:'));
    return 2;
  }
}
