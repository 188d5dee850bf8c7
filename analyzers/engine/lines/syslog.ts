// Parses one log line: BSD syslog (`May 20 10:13:20 host prog[pid]: msg`, no
// year) or RFC 3339 (`2024-05-20T10:13:20.123+09:00 host prog[pid]: msg`), and
// the LifeKeeper payload `SEVERITY:component:action:tag:msgid:text` inside it.

export type LkSeverity = 'EMERG' | 'FATAL' | 'ERROR' | 'WARN' | 'NOTIFY' | 'INFO' | 'DEBUG';

export interface LkPayload {
  severity: LkSeverity;
  component: string;
  action: string;
  tag: string;
  /** Six digits, zero-padded, as logged. */
  msgid: string;
  /** Free text; may itself contain colons. */
  text: string;
}

/** Read-only: lines of one second share one LogTime. */
export interface LogTime {
  /** Local wall-clock time as logged, ISO 8601 without zone: `2024-05-20T10:13:20`. */
  readonly local: string;
  /** The same wall-clock time as milliseconds, read as if UTC: for ordering within a node. */
  readonly sortKey: number;
  /** Offset as logged by RFC 3339 lines (`+09:00`, `Z`); null for BSD lines. */
  readonly offset: string | null;
  /** True when the year was inferred (BSD syslog lines carry none). */
  readonly yearInferred: boolean;
}

export interface LogLine {
  /** Null for a LifeKeeper line copied without its syslog header (formats.md §2.14): an event without a time. */
  time: LogTime | null;
  host: string;
  program: string;
  pid: number | null;
  message: string;
  lk: LkPayload | null;
}

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

// Bounded quantifiers and no nested repetition: these run on every line of
// hostile input and must stay linear. The BSD header and the `prog[pid]: `
// part are read by hand (parseBsd, parseProgram), as these would match them:
//   BSD     /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\S{1,255}) (.*)$/
//   PROGRAM /^([^\s:[]{1,128})(?:\[([^\]\s]{1,16})\])?: ?(.*)$/ (the pid a number when it is 1 to 10 digits, else null)
// (syslog.test.ts holds them and checks the hand-written readers against them on random lines).
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})? (\S{1,255}) (.*)$/;

/** MONTHS by the character codes of their lowercase names, `(c0 << 16) | (c1 << 8) | c2`: no string made per line. */
const MONTH_OF_CODES = new Map(Object.entries(MONTHS).map(([name, m]) => [(name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2), m]));

/** "01" to "31": the two-digit forms of months and days, made once (padding per line showed in profiles). */
const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

/**
 * The year of a BSD timestamp: the latest year that does not put the line
 * more than a day after the reference (the member's mtime or the collection
 * time). A log that spans New Year gets December in the earlier year, and a
 * "Jan  1" line in a file dated 31 December the year after (written in the
 * minutes before the file's date was taken, or under a clock a little ahead).
 */
export function inferYear(month: number, day: number, reference: Date): number {
  const refYear = reference.getUTCFullYear();
  const latest = reference.getTime() + 86_400_000;
  if (Date.UTC(refYear + 1, month, day) <= latest) return refYear + 1;
  return Date.UTC(refYear, month, day) > latest ? refYear - 1 : refYear;
}

const SEVERITIES: readonly LkSeverity[] = ['EMERG', 'FATAL', 'ERROR', 'WARN', 'NOTIFY', 'INFO', 'DEBUG'];

export function parseLkPayload(message: string): LkPayload | null {
  // Split on the first five colons only: the text keeps its own. Found by index, and the
  // severity and message id checked before anything is cut out (most lines are no payload).
  const c1 = message.indexOf(':');
  if (c1 < 4 || c1 > 6) return null;
  const c2 = message.indexOf(':', c1 + 1);
  if (c2 < 0) return null;
  const c3 = message.indexOf(':', c2 + 1);
  if (c3 < 0) return null;
  const c4 = message.indexOf(':', c3 + 1);
  if (c4 < 0) return null;
  const c5 = message.indexOf(':', c4 + 1);
  if (c5 !== c4 + 7) return null;
  for (let i = c4 + 1; i < c5; i++) if (!isDigit(message.charCodeAt(i))) return null;
  // The severity as one of the constants, not a new string per line.
  let severity: LkSeverity | null = null;
  for (const known of SEVERITIES) {
    if (known.length === c1 && message.startsWith(known)) {
      severity = known;
      break;
    }
  }
  if (severity === null) return null;
  return {
    severity,
    component: message.slice(c1 + 1, c2),
    action: message.slice(c2 + 1, c3),
    tag: message.slice(c3 + 1, c4),
    msgid: message.slice(c4 + 1, c5),
    text: message.slice(c5 + 1),
  };
}

/**
 * The syslog line as written, and failing that a LifeKeeper line without its
 * syslog header (`host prog[pid]: payload`, `prog[pid]: payload` or the
 * payload alone, as KB articles and tickets quote them): accepted only when the
 * payload is a LifeKeeper one (severity and six-digit message id), so that
 * other headerless text stays noise.
 */
export function parseAnyLogLine(line: string, reference: Date): LogLine | null {
  return parseLogLine(line, reference) ?? parseHeaderless(line);
}

// `host prog[pid]: ` or `prog[pid]: ` before the payload; the pid may be a placeholder (`<PID>`) in published text.
const HEADERLESS = /^(?:(\S{1,255}) )?([^\s:[\]]{1,128})\[([^\]\s]{1,16})\]: ?(.*)$/;

export function parseHeaderless(line: string): LogLine | null {
  const m = HEADERLESS.exec(line);
  const message = m ? (m[4] ?? '') : line;
  const lk = parseLkPayload(message);
  if (!lk) return null;
  const pid = m?.[3] && /^\d{1,10}$/.test(m[3]) ? Number(m[3]) : null;
  return { time: null, host: m?.[1] ?? '', program: m?.[2] ?? '', pid, message, lk };
}

/** Line terminators other than the newline the scanner splits on: `.` does not match them, so the regexes above fail on a line holding one. */
function hasTerminator(line: string): boolean {
  // Four native searches took half the time of one test of the class /[\n\r\u2028\u2029]/ over the line.
  return line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0 || line.indexOf('\u2028') >= 0 || line.indexOf('\u2029') >= 0;
}

/** `\s` of a regular expression, for one UTF-16 code unit. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The day a BSD timestamp falls on, kept for the lines that follow: a log
 * holds thousands of lines a day, and the year, the day's milliseconds and
 * the date part of `local` are the same for all of them.
 */
interface BsdDay {
  year: number;
  month: number;
  day: number;
  reference: number;
  /** Date.UTC of the day at midnight. */
  base: number;
  /** `2024-05-20T`. */
  prefix: string;
}
let lastDay: BsdDay | null = null;

function bsdDay(month: number, day: number, reference: Date): BsdDay {
  const ref = reference.getTime();
  const d = lastDay;
  if (d && d.month === month && d.day === day && d.reference === ref) return d;
  const year = inferYear(month, day, reference);
  const next = { year, month, day, reference: ref, base: Date.UTC(year, month, day), prefix: `${year}-${TWO_DIGITS[month + 1]}-${TWO_DIGITS[day] ?? day}T` };
  lastDay = next;
  return next;
}

/** Largest time value a Date holds (ECMA-262 TimeClip): near it, Date.UTC itself decides. */
const MAX_TIME = 8.64e15;

/**
 * The BSD syslog header, read by hand: what the BSD expression above
 * matches, with its groups, without the array of eight substrings each match
 * made (the parse was a tenth of an event-heavy log, a third of it garbage).
 * Returns the time, the host and where the `prog[pid]: ` part starts; null
 * when the line is not BSD (the RFC 3339 form is tried next); an `undefined`
 * time when the three letters are no month (the line is then no log line).
 */
function parseBsd(line: string, reference: Date): { time: LogTime | undefined; host: string; after: number } | null {
  const n = line.length;
  // `Mmm` then one or two spaces, one or two digits, a space.
  if (n < 17) return null;
  const m0 = line.charCodeAt(0);
  const m1 = line.charCodeAt(1);
  const m2 = line.charCodeAt(2);
  if (m0 < 65 || m0 > 90 || m1 < 97 || m1 > 122 || m2 < 97 || m2 > 122 || line.charCodeAt(3) !== 32) return null;
  let i = 4;
  if (line.charCodeAt(i) === 32) i++;
  if (!isDigit(line.charCodeAt(i))) return null;
  let day = line.charCodeAt(i++) - 48;
  if (isDigit(line.charCodeAt(i))) day = day * 10 + line.charCodeAt(i++) - 48;
  if (line.charCodeAt(i++) !== 32) return null;
  // hh:mm:ss
  const t = i;
  if (!(isDigit(line.charCodeAt(t)) && isDigit(line.charCodeAt(t + 1)) && line.charCodeAt(t + 2) === 58 &&
    isDigit(line.charCodeAt(t + 3)) && isDigit(line.charCodeAt(t + 4)) && line.charCodeAt(t + 5) === 58 &&
    isDigit(line.charCodeAt(t + 6)) && isDigit(line.charCodeAt(t + 7)))) return null;
  i = t + 8;
  // An optional fraction of one to six digits.
  let ms = 0;
  if (line.charCodeAt(i) === 46) {
    let j = i + 1;
    while (j < n && j - i <= 6 && isDigit(line.charCodeAt(j))) j++;
    const digits = j - i - 1;
    if (digits === 0 || line.charCodeAt(j) !== 32) return null;
    for (let k = 0; k < 3; k++) ms = ms * 10 + (k < digits ? line.charCodeAt(i + 1 + k) - 48 : 0);
    i = j;
  }
  const timeEnd = i;
  if (line.charCodeAt(i++) !== 32) return null;
  // The host: 1 to 255 characters that are not white space, then a space.
  const hostStart = i;
  while (i < n && !isSpace(line.charCodeAt(i))) i++;
  if (i === hostStart || i - hostStart > 255 || i >= n || line.charCodeAt(i) !== 32) return null;
  // `.*$`: no line terminator anywhere in the rest (nor, then, in the line).
  if (hasTerminator(line)) return null;
  const month = MONTH_OF_CODES.get(((m0 + 32) << 16) | (m1 << 8) | m2);
  if (month === undefined) return { time: undefined, host: '', after: -1 };
  const d = bsdDay(month, day, reference);
  // The time of the line before, when it is the same second of the same day (on an event-heavy log seven
  // event lines in ten share their second with the one before): one LogTime, not one per line.
  let time = lastTime;
  if (time === null || lastTimeDay !== d || lastTimeText.length !== timeEnd - t || !line.startsWith(lastTimeText, t)) {
    const hh = (line.charCodeAt(t) - 48) * 10 + line.charCodeAt(t + 1) - 48;
    const mm = (line.charCodeAt(t + 3) - 48) * 10 + line.charCodeAt(t + 4) - 48;
    const ss = (line.charCodeAt(t + 6) - 48) * 10 + line.charCodeAt(t + 7) - 48;
    let sortKey = d.base + hh * 3_600_000 + mm * 60_000 + ss * 1000 + ms;
    if (!(Math.abs(d.base) < MAX_TIME - 400_000_000)) sortKey = Date.UTC(d.year, month, day, hh, mm, ss, ms);
    // The time of day and its fraction as written: `local` is the day's prefix and that part of the line.
    lastTimeText = line.slice(t, timeEnd);
    time = { local: d.prefix + lastTimeText, sortKey, offset: null, yearInferred: true };
    lastTime = time;
    lastTimeDay = d;
  }
  // The host of the line before, when it is the same (a log's lines name one host): one string, not one per line.
  const hostLength = i - hostStart;
  if (lastHost.length !== hostLength || !line.startsWith(lastHost, hostStart)) lastHost = line.slice(hostStart, i);
  return { time, host: lastHost, after: i + 1 };
}

let lastHost = '';
/** The last BSD time made, its day and its `hh:mm:ss[.frac]` as written (see parseBsd). */
let lastTime: LogTime | null = null;
let lastTimeDay: BsdDay | null = null;
let lastTimeText = '';

/**
 * The `prog[pid]: message` part (PROGRAM above) read by hand from `from`:
 * a program of 1 to 128 characters that are not white space, `:` or `[`, an
 * optional pid of 1 to 10 digits in brackets (or a placeholder of up to 16
 * characters that are not space or `]`, read as no pid), a colon and an
 * optional space.
 */
function parseProgram(s: string, from: number, time: LogTime, host: string): LogLine {
  const n = s.length;
  let i = from;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 58 || c === 91 || isSpace(c)) break;
  }
  const progEnd = i;
  let pid: number | null = null;
  if (progEnd > from && progEnd - from <= 128 && i < n) {
    if (s.charCodeAt(i) === 91) {
      let j = i + 1;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      const digits = j - i - 1;
      if (digits >= 1 && digits <= 10 && s.charCodeAt(j) === 93 && s.charCodeAt(j + 1) === 58) {
        // Ten digits at most: exact as a number, and no substring to read it from.
        pid = 0;
        for (let k = i + 1; k < j; k++) pid = pid * 10 + s.charCodeAt(k) - 48;
        i = j + 1;
      } else {
        // A placeholder for the pid, as SIOS's KB articles publish lines (`recover[BBBBB]:`, `quickCheck[<PID>]:`):
        // up to 16 characters that are neither space nor `]`, read as no pid (parseHeaderless takes the same).
        while (j < n && j - i - 1 < 16 && s.charCodeAt(j) !== 93 && !isSpace(s.charCodeAt(j))) j++;
        if (j > i + 1 && s.charCodeAt(j) === 93 && s.charCodeAt(j + 1) === 58) i = j + 1;
      }
    }
    if (s.charCodeAt(i) === 58) {
      i++;
      if (s.charCodeAt(i) === 32) i++;
      const message = s.slice(i);
      return { time, host, program: s.slice(from, progEnd), pid, message, lk: parseLkPayload(message) };
    }
  }
  // Not that shape: the whole rest is the message.
  return { time, host, program: '', pid: null, message: s.slice(from), lk: null };
}

export function parseLogLine(line: string, reference: Date): (LogLine & { time: LogTime }) | null {
  const bsd = parseBsd(line, reference);
  if (bsd) return bsd.time ? parseProgram(line, bsd.after, bsd.time, bsd.host) as LogLine & { time: LogTime } : null;
  // The message part as a slice of the line: joining host and message again, as this did, made
  // a string that each regex below first had to copy flat (a fifth of parse time on event-heavy logs).
  const rfc = RFC3339.exec(line);
  if (!rfc) return null;
  const frac = rfc[7] ?? '';
  const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
  const time: LogTime = {
    local: `${rfc[1]}-${rfc[2]}-${rfc[3]}T${rfc[4]}:${rfc[5]}:${rfc[6]}${frac ? '.' + frac : ''}`,
    sortKey: Date.UTC(Number(rfc[1]), Number(rfc[2]) - 1, Number(rfc[3]), Number(rfc[4]), Number(rfc[5]), Number(rfc[6]), ms),
    offset: rfc[8] ?? null,
    yearInferred: false,
  };
  return parseProgram(rfc[10] ?? '', 0, time, rfc[9] ?? '') as LogLine & { time: LogTime };
}
