// lkanalyze grep: searches the text members of archives, as grep -n does a
// folder, in one streamed pass per archive with nothing extracted. Prints
// "archive » member:line:text" (context lines with "-", groups apart with
// "--"); exit 0 when a line matched, 1 when none did, 2 on an error.
import { parseArgs } from 'node:util';
import { compileMatcher } from '../analyzers/engine/lognav/matcher.js';
import { MAX_CONTEXT_LINES } from '../analyzers/engine/lognav/line-search.js';
import { grepArchive, memberGlob } from '../analyzers/engine/lognav/search.js';
import { safe } from '../presentation/sanitize.js';
import { defaultLang } from './locale.js';
import { LineOutput, LognavUsageError, readProblem, shownName } from './lognav-output.js';
import type { Io } from './main.js';

export const GREP_USAGE = `Usage: lkanalyze grep [-i] [-E] [-C N] [-m NUM] [--member GLOB] [--redact] PATTERN ARCHIVE...

Searches the text members of lksupport archives (logs, rotated .gz logs, command
outputs, documents; not binaries) in one streamed pass, nothing extracted, and
prints each matching line as "archive » member:line:text", like grep -n.
Archives inside an archive are searched too, and a .zip, .tar or .tar.gz of node
archives is read as the analysis reads it ("ticket.zip » node1.tar.gz » member").

Options:
  -E, --regex          PATTERN is a JavaScript regular expression (else a literal
                       string, as grep -F); one that can backtrack catastrophically
                       is refused, as rule packs refuse it
  -i, --ignore-case    ignore case
  -C, --context N      N lines of context around each match (at most ${MAX_CONTEXT_LINES})
  -m, --max-count NUM  stop reading a member after NUM matching lines (the context
                       after the last one is still printed); --max-count=-1: no limit
  --member GLOB        only members matching GLOB (* and ? within a folder, ** across;
                       a GLOB without / is also matched against the file name);
                       repeatable
  --redact             replace host and domain names, addresses, users and serials
                       by pseudonyms (learned as lines pass)
  -h, --help           this help

A line longer than 64 KiB is shown cut, with its length. -m bounds the output: at
most NUM matching lines per member, (2N+1) x NUM lines with -C N (and the "--"
between groups). Without -m it is bounded only by what an archive holds: every
matching line of up to 8 GiB of text read per archive (4 GiB per rotated .gz),
so a member of millions of matching lines prints millions of lines.
Exit status: 0 a line matched, 1 none did, 2 an error (bad options or pattern,
an archive unreadable).`;

/** -m's value: a whole number (negative: no limit, as GNU grep takes it), or null when it is not one. */
export function parseMaxCount(value: string | undefined): number | null {
  if (value === undefined) return Infinity;
  if (!/^[+-]?\d+$/.test(value.trim())) return null;
  const n = Number(value);
  return n < 0 ? Infinity : n;
}

export async function grepCommand(argv: string[], io: Io): Promise<number> {
  const lang = defaultLang(io.env);
  let values: { regex?: boolean; 'ignore-case'?: boolean; context?: string; 'max-count'?: string; member?: string[]; redact?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        regex: { type: 'boolean', short: 'E' },
        'ignore-case': { type: 'boolean', short: 'i' },
        context: { type: 'string', short: 'C' },
        'max-count': { type: 'string', short: 'm' },
        member: { type: 'string', multiple: true },
        redact: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
    if (values.help) {
      io.stdout.write(`${GREP_USAGE}\n`);
      return 0;
    }
    if (positionals.length < 2) throw new LognavUsageError('grep needs a PATTERN and at least one ARCHIVE');
  } catch (err) {
    io.stderr.write(`lkanalyze grep: ${safe(err instanceof Error ? err.message : String(err))}\nTry 'lkanalyze grep --help'.\n`);
    return 2;
  }
  const context = values.context === undefined ? 0 : Number(values.context);
  if (!Number.isInteger(context) || context < 0 || context > MAX_CONTEXT_LINES) {
    io.stderr.write(lang === 'ja' ? `lkanalyze grep: -C には 0 から ${MAX_CONTEXT_LINES} までの整数を指定してください\n` : `lkanalyze grep: -C takes a whole number from 0 to ${MAX_CONTEXT_LINES}\n`);
    return 2;
  }
  const maxCount = parseMaxCount(values['max-count']);
  if (maxCount === null) {
    io.stderr.write(lang === 'ja' ? 'lkanalyze grep: -m には整数を指定してください(負の数は上限なし)\n' : 'lkanalyze grep: -m takes a whole number (a negative one: no limit)\n');
    return 2;
  }
  const [pattern = '', ...archives] = positionals;
  const matcher = compileMatcher({ pattern, regex: Boolean(values.regex), ignoreCase: Boolean(values['ignore-case']) });
  if ('refused' in matcher) {
    io.stderr.write(`lkanalyze grep: ${safe(matcher.refused[lang])}\n`);
    return 2;
  }
  const globs = (values.member ?? []).map(memberGlob);
  const members = globs.length > 0 ? (name: string): boolean => globs.some((g) => g(name)) : null;
  const out = new LineOutput(io, Boolean(values.redact));
  let matched = 0;
  /** A matching line was printed (the count of an archive comes at its end, which a closed output never reaches). */
  let printedMatch = false;
  let failed = false;
  /** The last member printed, and whether anything was: groups of different members are set apart by "--" too. */
  let lastMember: string | null = null;
  /** The member being printed and its name as printed: made once per member, not once per line. */
  let named = { member: '', shown: '' };
  for (const archive of archives) {
    try {
      const { matches, read } = await grepArchive(archive, { matcher, context, members, maxCount, signal: out.signal }, {
        line: (member, l) => {
          if (l.match) printedMatch = true;
          const key = `${archive}\u0000${member}`;
          if (context > 0 && lastMember !== null && lastMember !== key) out.line('--');
          lastMember = key;
          if (named.member !== member) named = { member, shown: shownName(member) };
          out.line(`${archive} » ${named.shown}${l.match ? ':' : '-'}${l.line}${l.match ? ':' : '-'}${l.text}`, l.text);
        },
        gap: () => out.line('--'),
        unread: (member, why) => {
          out.flush();
          io.stderr.write(`lkanalyze grep: ${safe(archive)} » ${shownName(member)}: ${safe(why[lang])}\n`);
        },
      });
      matched += matches;
      if (read.problem) {
        out.flush();
        io.stderr.write(`lkanalyze grep: ${safe(archive)}: ${safe(read.problem[lang])} (searched what was read)\n`);
      }
    } catch (err) {
      // The reader went away (… | head): what it wanted was printed; end quietly.
      if (out.closed) break;
      out.flush();
      io.stderr.write(readProblem(archive, err, lang).replace(/^lkanalyze:/, 'lkanalyze grep:'));
      failed = true;
    }
  }
  out.flush();
  if (failed) return 2;
  return matched > 0 || printedMatch ? 0 : 1;
}
