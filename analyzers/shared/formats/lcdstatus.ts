// Parsers for `lcdstatus` output: the long form (resource blocks, known
// machines, comm paths, flags) and the short forms `-q` / `-e` (an indented
// resource table and a comm path table). Defensive: lines that do not fit are
// counted as unparsed, never thrown on. Keywords are matched case-insensitively
// and both straight and curly quotes are accepted (the one public screenshot
// went through a word processor).

export interface LongResource {
  tag: string;
  id: string;
  app: string;
  type: string;
  state: string;
  initialize: string | null;
  info: string | null;
  reason: string | null;
  dependsOn: string[];
  localPriority: number | null;
  equivalencies: Array<{ peer: string; peerTag: string; priority: number | null; kind: string; failover: 'allowed' | 'inhibited' | null; lineIndex: number }>;
  lineIndex: number;
}

export interface CommPathLine {
  peer: string;
  type: string;
  addresses: string | null;
  device: string | null;
  state: string;
  priority: number | null;
  commDowns: number | null;
  lineIndex: number;
}

export interface LongStatus {
  /** "LifeKeeper does not appear to be running." and the like. */
  notRunning: boolean;
  /** `Resource hierarchies for machine "<host>":`, the first line: the node that printed it (formats.md §2.3). */
  machine: { name: string; lineIndex: number } | null;
  resources: LongResource[];
  machines: Array<{ name: string; state: string; lineIndex: number }>;
  commPaths: CommPathLine[];
  flags: Array<{ flag: string; lineIndex: number }>;
  shutdownStrategy: string | null;
  unparsed: number;
  /** Line indexes of the lines counted in `unparsed`, in order. */
  unparsedLines: number[];
}

const Q = `["“”']`;
const unquote = (s: string): string => s.replace(/^["“”']|["“”']$/g, '');
const num = (s: string | undefined): number | null => (s !== undefined && /^-?\d+$/.test(s) ? Number(s) : null);

/** `<tag>: id=<id> app=<app> type=<type> state=<STATE>`, found by its keywords from the right (ids may hold spaces). */
function parseResourceLine(line: string): Pick<LongResource, 'tag' | 'id' | 'app' | 'type' | 'state'> | null {
  const lower = line.toLowerCase();
  const st = lower.lastIndexOf(' state=');
  const ty = lower.lastIndexOf(' type=', st);
  const ap = lower.lastIndexOf(' app=', ty);
  const idm = /:\s+id=/i.exec(line);
  if (!idm || st < 0 || ty < 0 || ap < 0 || idm.index >= ap || idm.index === 0) return null;
  const word = (from: number, to: number): string => line.slice(from, to).trim();
  const state = word(st + 7, line.length);
  if (/\s/.test(state)) return null;
  return {
    tag: line.slice(0, idm.index),
    id: word(idm.index + idm[0].length, ap),
    app: word(ap + 5, ty),
    type: word(ty + 6, st),
    state: state.toUpperCase(),
  };
}
const MACHINE_LINE = new RegExp(`^Resource hierarchies for machine\\s+${Q}?([^\\s"“”':]{1,255})${Q}?\\s*:?$`, 'i');
const EQUIV = new RegExp(`^\\s*(\\w+)\\s+equivalency\\s+with\\s+${Q}(.{0,1000}?)${Q}\\s+on\\s+${Q}(.{0,255}?)${Q},?\\s*priority\\s*=\\s*(\\d+)`, 'i');
/** `key=value` pairs of a comm path or machine line (values hold no spaces there). Split, not matched: linear on any line. */
function keyValues(line: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const token of line.split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) out.set(token.slice(0, eq).toLowerCase(), unquote(token.slice(eq + 1)));
  }
  return out;
}

export function parseCommPathLine(line: string, lineIndex: number): CommPathLine | null {
  if (!/^\s*to\s+machine=/i.test(line)) return null;
  const kv = keyValues(line);
  const peer = kv.get('machine');
  if (!peer) return null;
  const type = (kv.get('type') ?? '').toUpperCase();
  const addresses = kv.get('addresses') ?? null;
  return {
    peer,
    type,
    addresses,
    device: kv.get('device') ?? (type === 'TTY' ? addresses : null),
    state: (kv.get('state') ?? '').toUpperCase(),
    priority: num(kv.get('priority')),
    commDowns: num(kv.get('#comm_downs')),
    lineIndex,
  };
}

export function parseLongStatus(lines: readonly string[]): LongStatus {
  const out: LongStatus = { notRunning: false, machine: null, resources: [], machines: [], commPaths: [], flags: [], shutdownStrategy: null, unparsed: 0, unparsedLines: [] };
  const skip = (i: number): void => {
    out.unparsed++;
    out.unparsedLines.push(i);
  };
  let section: 'resources' | 'machines' | 'flags' | null = null;
  let current: LongResource | null = null;
  for (const [i, raw] of lines.entries()) {
    const line = raw.trimEnd();
    const t = line.trim();
    if (!t) continue;
    if (/does not appear to be running/i.test(t)) {
      out.notRunning = true;
      continue;
    }
    const machine = MACHINE_LINE.exec(t);
    if (machine?.[1]) {
      out.machine ??= { name: machine[1], lineIndex: i };
      continue;
    }
    if (/^ROOT of RESOURCE HIERARCHY/i.test(t)) {
      section = 'resources';
      current = null;
      continue;
    }
    if (/^BACKUP node/i.test(t)) continue;
    if (/^The following LifeKeeper machines are known/i.test(t)) {
      section = 'machines';
      current = null;
      continue;
    }
    if (/^The following LifeKeeper flags are on/i.test(t)) {
      section = 'flags';
      continue;
    }
    const strategy = /^The shutdown strategy is set to:\s*(.{1,100}?)\.?$/i.exec(t);
    if (strategy?.[1]) {
      out.shutdownStrategy = strategy[1];
      section = null;
      continue;
    }
    const comm = parseCommPathLine(line, i);
    if (comm) {
      out.commPaths.push(comm);
      continue;
    }
    // TTY paths print their statistics (wrpid, #NAKs, #chksumerr, ...) on the lines after them (SPS8-PDF p.74).
    if (out.commPaths.length > 0 && /^\s/.test(line) && /^(?:\S+=\S*\s*)+$/.test(t)) continue;
    if (section === 'machines') {
      const kv = keyValues(t);
      const name = kv.get('machine');
      if (name) out.machines.push({ name, state: (kv.get('state') ?? '').toUpperCase(), lineIndex: i });
      else skip(i);
      continue;
    }
    if (section === 'flags') {
      out.flags.push({ flag: t, lineIndex: i });
      continue;
    }
    const res = /^\s/.test(line) ? null : parseResourceLine(t);
    if (res) {
      current = { ...res, initialize: null, info: null, reason: null, dependsOn: [], localPriority: null, equivalencies: [], lineIndex: i };
      out.resources.push(current);
      section = 'resources';
      continue;
    }
    if (!current) {
      skip(i);
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = /^initialize=\(?([^)\s]*)\)?\s*(.*)$/i.exec(t))) current.initialize = m[1] ?? null;
    else if ((m = /^info=(.*)$/i.exec(t))) current.info = m[1] ?? '';
    else if ((m = /^reason=(.*)$/i.exec(t))) current.reason = m[1] ?? '';
    else if ((m = /^depends on resources:\s*(.*)$/i.exec(t))) current.dependsOn.push(...(m[1] ?? '').split(/[\s,]+/).filter(Boolean));
    else if (/^these resources are dependent:/i.test(t)) continue;
    else if ((m = /^Local priority\s*=\s*(\d+)/i.exec(t))) current.localPriority = Number(m[1]);
    else if ((m = EQUIV.exec(t))) {
      current.equivalencies.push({ kind: (m[1] ?? '').toUpperCase(), peerTag: m[2] ?? '', peer: m[3] ?? '', priority: num(m[4]), failover: null, lineIndex: i });
    } else if (/^FAILOVER\s+(ALLOWED|INHIBITED)/i.test(t)) {
      const last = current.equivalencies[current.equivalencies.length - 1];
      if (last) last.failover = /INHIBITED/i.test(t) ? 'inhibited' : 'allowed';
    } else skip(i);
  }
  return out;
}

export interface ShortResource {
  /** First column: the local host (-q) or the backup system (-e, "------" when none). */
  system: string;
  tag: string;
  id: string;
  state: string;
  priority: number | null;
  primary: string;
  /** Levels below the hierarchy's root (0 for a root), from the indentation relative to the rows above. */
  depth: number;
  lineIndex: number;
}

export interface ShortStatus {
  form: 'q' | 'e' | null;
  resources: ShortResource[];
  commPaths: Array<{ peer: string; type: string; addresses: string | null; device: string | null; state: string; priority: number | null; lineIndex: number }>;
  /** Windows' status display (`|—-` before child tags, `ADDRESSES/DISK`): not LifeKeeper for Linux (formats.md §2.15). */
  windows: boolean;
  unparsed: number;
  /** Line indexes of the rows counted in `unparsed`, in order. */
  unparsedLines: number[];
}

/** Resource states as lcdstatus prints them (formats.md §2.4). */
const STATE_WORD = /^(ISP|ISU|OSF|OSU|ILLSTATE|UNKNOWN)$/i;
const PRIO_WORD = /^(\d+|--)$/;

/**
 * `<system> <indent><tag> <id...> <STATE> <PRIO> <PRIMARY>`: split on spaces,
 * so hostile lines stay linear. The state is found from the right (ids may
 * hold spaces; a row copied from a write-up may carry a note after PRIMARY);
 * `column` is where the tag starts, the row's indentation.
 */
function parseShortResourceLine(line: string): (Omit<ShortResource, 'lineIndex' | 'depth'> & { column: number }) | null {
  const tokens = [...line.matchAll(/\S+/g)];
  const n = tokens.length;
  if (n < 6) return null;
  const at = (k: number): string => tokens[k]?.[0] ?? '';
  let k = n - 3;
  if (!PRIO_WORD.test(at(k + 1))) {
    // A note after PRIMARY: the rightmost state word followed by a priority.
    k = -1;
    for (let j = n - 3; j >= 3; j--) {
      if (STATE_WORD.test(at(j)) && PRIO_WORD.test(at(j + 1))) {
        k = j;
        break;
      }
    }
    if (k < 0) return null;
  }
  const prio = at(k + 1);
  if (!PRIO_WORD.test(prio) || k < 3) return null;
  return {
    system: at(0),
    tag: at(1),
    id: tokens.slice(2, k).map((t) => t[0]).join(' '),
    state: at(k).toUpperCase(),
    priority: num(prio),
    primary: at(k + 2),
    column: tokens[1]?.index ?? 0,
  };
}
const SHORT_COMM = /^(\S+)\s+(TCP|TTY|[A-Z]{2,8})\s+(\S+)\s+(\S+)\s+(\d+|--)(\s.*)?$/;

/**
 * Depth from indentation relative to the rows above: a stack of the
 * indentations of the current row's ancestors. Any width per level works
 * (the 9.x docs indent one column per level, v8-era output two), rows at equal
 * indentation are siblings, and a row indented between two levels becomes a
 * child of the nearest shallower row; a blank line starts a new hierarchy.
 */
class IndentStack {
  private readonly columns: number[] = [];

  depthOf(column: number): number {
    while (this.columns.length > 0 && (this.columns[this.columns.length - 1] ?? 0) >= column) this.columns.pop();
    this.columns.push(column);
    return this.columns.length - 1;
  }

  reset(): void {
    this.columns.length = 0;
  }
}

export function parseShortStatus(lines: readonly string[]): ShortStatus {
  const out: ShortStatus = { form: null, resources: [], commPaths: [], windows: false, unparsed: 0, unparsedLines: [] };
  const skip = (i: number): void => {
    out.unparsed++;
    out.unparsedLines.push(i);
  };
  let table: 'res' | 'comm' | null = null;
  const indent = new IndentStack();
  for (const [i, raw] of lines.entries()) {
    const line = raw.trimEnd();
    if (!line.trim()) {
      indent.reset();
      continue;
    }
    if (/^\s*(LOCAL|BACKUP)\s+TAG\s+ID\s+STATE/i.test(line)) {
      out.form = /^\s*LOCAL/i.test(line) ? 'q' : 'e';
      table = 'res';
      indent.reset();
      continue;
    }
    if (/^\s*MACHINE\s+(NETWORK|TYPE)\s+ADDRESSES/i.test(line)) {
      if (/ADDRESSES\/DISK/i.test(line)) out.windows = true;
      table = 'comm';
      continue;
    }
    if (table === 'comm') {
      const m = SHORT_COMM.exec(line.trim());
      if (!m) {
        skip(i);
        continue;
      }
      const type = (m[2] ?? '').toUpperCase();
      out.commPaths.push({
        peer: m[1] ?? '', type, addresses: type === 'TTY' ? null : m[3] ?? null, device: type === 'TTY' ? m[3] ?? null : null,
        state: (m[4] ?? '').toUpperCase(), priority: num(m[5]), lineIndex: i,
      });
      continue;
    }
    if (table === 'res') {
      if (/\|[—–-]{1,3}/.test(line)) out.windows = true;
      const r = /^\s/.test(line) ? null : parseShortResourceLine(line);
      if (!r) {
        skip(i);
        continue;
      }
      const { column, ...row } = r;
      out.resources.push({ ...row, depth: indent.depthOf(column), lineIndex: i });
      continue;
    }
    skip(i);
  }
  return out;
}

/** Why a status document is not LifeKeeper for Linux output, or null when it may be (formats.md §2.15). */
export const WINDOWS_STATUS_REASON = {
  en: 'This archive holds the status output of SIOS Protection Suite / LifeKeeper for Windows (child tags printed after "|—-", a comm path table headed ADDRESSES/DISK), not of LifeKeeper for Linux: it is not a Linux lksupport archive, and no resource or comm path is read from it.',
  ja: 'このアーカイブには SIOS Protection Suite / LifeKeeper for Windows のステータス出力(子タグの前に「|—-」、コミュニケーションパス表の見出しが ADDRESSES/DISK)が含まれています。LifeKeeper for Linux の出力ではないため Linux の lksupport アーカイブではなく、リソースやコミュニケーションパスは読み取りません。',
} as const;

/** The status documents that are LifeKeeper for Linux output, and whether any was Windows output. */
export function linuxStatusDocuments<D extends { lines: readonly string[] }>(docs: readonly D[]): { linux: D[]; windows: boolean } {
  const linux = docs.filter((d) => !parseShortStatus(d.lines).windows);
  return { linux, windows: linux.length < docs.length };
}
