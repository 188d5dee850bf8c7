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

export interface LogTime {
  /** Local wall-clock time as logged, ISO 8601 without zone: `2024-05-20T10:13:20`. */
  local: string;
  /** The same wall-clock time as milliseconds, read as if UTC: for ordering within a node. */
  sortKey: number;
  /** Offset as logged by RFC 3339 lines (`+09:00`, `Z`); null for BSD lines. */
  offset: string | null;
  /** True when the year was inferred (BSD syslog lines carry none). */
  yearInferred: boolean;
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
// hostile input and must stay linear.
const BSD = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\S{1,255}) (.*)$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})? (\S{1,255}) (.*)$/;
const PROGRAM = /^([^\s:[]{1,128})(?:\[(\d{1,10})\])?: ?(.*)$/;
const LK_SEVERITY = /^(EMERG|FATAL|ERROR|WARN|NOTIFY|INFO|DEBUG)$/;

/** "01" to "31": the two-digit forms of months and days, made once (padding per line showed in profiles). */
const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

/**
 * The year of a BSD timestamp: the latest year that does not put the line
 * more than a day after the reference (the member's mtime or the collection
 * time). A log that spans New Year gets December in the earlier year.
 */
export function inferYear(month: number, day: number, reference: Date): number {
  const refYear = reference.getUTCFullYear();
  const candidate = Date.UTC(refYear, month, day);
  return candidate > reference.getTime() + 86_400_000 ? refYear - 1 : refYear;
}

export function parseLkPayload(message: string): LkPayload | null {
  // Split on the first five colons only: the text keeps its own.
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const c = message.indexOf(':', start);
    if (c < 0) return null;
    parts.push(message.slice(start, c));
    start = c + 1;
  }
  const [severity, component, action, tag, msgid] = parts as [string, string, string, string, string];
  if (!LK_SEVERITY.test(severity) || !/^\d{6}$/.test(msgid)) return null;
  return { severity: severity as LkSeverity, component, action, tag, msgid, text: message.slice(start) };
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

export function parseLogLine(line: string, reference: Date): (LogLine & { time: LogTime }) | null {
  let time: LogTime;
  let host: string;
  // The message part as a slice of the line: joining host and message again, as this did, made
  // a string that each regex below first had to copy flat (a fifth of parse time on event-heavy logs).
  let after: string;
  const bsd = BSD.exec(line);
  if (bsd) {
    const month = MONTHS[(bsd[1] ?? '').toLowerCase()];
    if (month === undefined) return null;
    const day = Number(bsd[2]);
    const year = inferYear(month, day, reference);
    // Hours, minutes and seconds are matched as two digits: they go into `local` as written.
    const [hh = '00', mm = '00', ss = '00'] = [bsd[3], bsd[4], bsd[5]];
    const frac = bsd[6] ?? '';
    const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
    time = {
      local: `${year}-${TWO_DIGITS[month + 1]}-${TWO_DIGITS[day] ?? day}T${hh}:${mm}:${ss}${frac ? '.' + frac : ''}`,
      sortKey: Date.UTC(year, month, day, Number(hh), Number(mm), Number(ss), ms),
      offset: null,
      yearInferred: true,
    };
    host = bsd[7] ?? '';
    after = bsd[8] ?? '';
  } else {
    const rfc = RFC3339.exec(line);
    if (!rfc) return null;
    const frac = rfc[7] ?? '';
    const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
    time = {
      local: `${rfc[1]}-${rfc[2]}-${rfc[3]}T${rfc[4]}:${rfc[5]}:${rfc[6]}${frac ? '.' + frac : ''}`,
      sortKey: Date.UTC(Number(rfc[1]), Number(rfc[2]) - 1, Number(rfc[3]), Number(rfc[4]), Number(rfc[5]), Number(rfc[6]), ms),
      offset: rfc[8] ?? null,
      yearInferred: false,
    };
    host = rfc[9] ?? '';
    after = rfc[10] ?? '';
  }
  const prog = PROGRAM.exec(after);
  if (!prog) return { time, host, program: '', pid: null, message: after, lk: null };
  const message = prog[3] ?? '';
  return {
    time,
    host,
    program: prog[1] ?? '',
    pid: prog[2] ? Number(prog[2]) : null,
    message,
    lk: parseLkPayload(message),
  };
}
