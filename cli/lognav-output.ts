// What ls, cat and grep print: archive text made safe for a terminal (control
// and bidi characters shown as \uXXXX), redacted with --redact, and written in
// blocks rather than a write per line. On Linux, writes to a pipe or a file
// are synchronous, so a slow reader holds the search back instead of the
// output piling up in memory.
import { ArchiveError } from '../analyzers/engine/archive/archive.js';
import type { Lang, Text } from '../analyzers/engine/plugin/text.js';
import { Redactor } from '../analyzers/engine/report/redact.js';
import { safe } from '../presentation/sanitize.js';
import type { Io } from './main.js';

const FLUSH_AT = 64 * 1024;

export class LineOutput {
  private buffered: string[] = [];
  private size = 0;
  private readonly redactor: Redactor | null;
  private readonly stop = new AbortController();

  /**
   * Aborted once the standard output is closed (`lkanalyze grep … | head`):
   * the reading stops there, and the command ends quietly, as grep does,
   * instead of reading on to the end and dying of an unhandled EPIPE with a
   * stack trace.
   */
  readonly signal: AbortSignal = this.stop.signal;

  constructor(private readonly io: Io, redact: boolean) {
    this.redactor = redact ? new Redactor() : null;
    io.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (!this.stop.signal.aborted && err.code !== 'EPIPE') io.stderr.write(`lkanalyze: the output cannot be written: ${safe(err.message)}\n`);
      this.stop.abort();
    });
  }

  /** The output was closed (a reader that went away): nothing more is written. */
  get closed(): boolean {
    return this.stop.signal.aborted;
  }

  /**
   * One line of output (without its newline); archive text in it is made safe
   * here. `text`: the archive's line within it, which redaction learns names
   * from (a log line's host field is found where the line starts).
   */
  line(s: string, text = s): void {
    if (this.closed) return;
    let out = s;
    if (this.redactor) {
      // Names are learned as lines pass: a name first seen on a later line is replaced from there on.
      this.redactor.learn(text);
      out = this.redactor.apply(out);
    }
    // Made safe a block at a time (flush): one pass of the expression over 64 KiB instead of one per line.
    this.buffered.push(out);
    this.size += out.length + 1;
    if (this.size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.buffered.length === 0 || this.closed) return;
    this.io.stdout.write(`${safe(this.buffered.join('\n'))}\n`);
    this.buffered = [];
    this.size = 0;
  }
}

/**
 * A member's name (or a link's target) as ls, cat and grep print it: made
 * safe like any archive text, and its line breaks and tabs shown as \\uXXXX
 * too. A tar member may be named "x\\nlog 1 KiB  fake/member": printed as it
 * is, one member would read as two lines of ls, or a grep hit would seem to
 * come from another member. cat takes the name back in this form.
 */
export function shownName(name: string): string {
  return safe(name).replace(/[\t\n\r]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A usage problem: exit 2 with the message and a pointer to --help. */
export class LognavUsageError extends Error {}

/** Why an archive could not be read, in the user's language, made safe for the terminal. */
export function readProblem(file: string, err: unknown, lang: Lang): string {
  const why = err instanceof ArchiveError ? err.reason[lang] : err instanceof Error ? err.message : String(err);
  return `lkanalyze: ${safe(file)}: ${safe(why)}\n`;
}

/**
 * Why `member` cannot be shown when it is, or lies in, an archive inside that
 * was not opened (nested deeper than the bound, past the count: archive/nesting.ts),
 * in the user's language; null otherwise. `member` as the user gave it: the
 * name as listed, or as ls printed it.
 */
export function notOpenedProblem(member: string, notOpened: ReadonlyArray<{ name: string; reason: Text }>, lang: Lang): string | null {
  for (const a of notOpened) {
    for (const name of [a.name, shownName(a.name)]) {
      if (member === name) return a.reason[lang];
      if (member.startsWith(`${name} » `)) {
        return lang === 'ja'
          ? `${shownName(a.name)} の中にあるため表示できません(${a.reason.ja})`
          : `it is inside ${shownName(a.name)} (${a.reason.en})`;
      }
    }
  }
  return null;
}
