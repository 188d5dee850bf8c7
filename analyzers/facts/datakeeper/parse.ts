// Parses /proc/mdstat (standard md syntax; DataKeeper mirrors are raid1 of a
// local disk and an nbd device) and `mirror_status` output, whose format is
// not public: the field names below are [GUESS] in formats.md §2.7, so every
// field is optional and unknown lines are ignored.

export interface MdArray {
  device: string;
  state: string;
  level: string;
  members: Array<{ device: string; role: number | null; failed: boolean; nbd: boolean }>;
  /** `[UU]`, `[U_]` as printed. */
  health: string | null;
  degraded: boolean;
  resync: { action: string; percent: number; speedKBps: number | null; finish: string | null } | null;
  bitmap: { file: string | null; chunk: string | null; pages: string | null } | null;
  lineIndex: number;
}

export function parseMdstat(lines: readonly string[]): MdArray[] {
  const arrays: MdArray[] = [];
  let cur: MdArray | null = null;
  for (const [i, raw] of lines.entries()) {
    const line = raw.trimEnd();
    const head = /^(md\w+)\s*:\s*(\S+)\s+(?:\((?:auto-)?read-only\)\s+)?(raid\d+|linear|multipath)\s+(.*)$/.exec(line);
    if (head) {
      // `nbd10[2] sdb1[0](F)`: split on spaces first, so odd lines stay linear.
      const members = (head[4] ?? '').split(/\s+/).flatMap((token) => {
        const m = /^(.+)\[(\d{1,4})\](\([FSWR]\))?$/.exec(token);
        return m ? [{ device: m[1] ?? '', role: Number(m[2]), failed: m[3] === '(F)', nbd: /^nbd\d+/.test(m[1] ?? '') }] : [];
      });
      cur = { device: `/dev/${head[1]}`, state: head[2] ?? '', level: head[3] ?? '', members, health: null, degraded: false, resync: null, bitmap: null, lineIndex: i };
      arrays.push(cur);
      continue;
    }
    if (!cur || !/^\s/.test(line)) {
      if (!/^\s/.test(line)) cur = null;
      continue;
    }
    const health = /\[(\d+)\/(\d+)\]\s*\[([U_]+)\]/.exec(line);
    if (health) {
      cur.health = `[${health[3]}]`;
      cur.degraded = (health[3] ?? '').includes('_') || health[1] !== health[2];
    }
    const sync = /(resync|recovery|check|repair)\s*=\s*(\d+(?:\.\d+)?)%/.exec(line);
    if (sync) {
      const finish = /finish=(\S+)/.exec(line)?.[1] ?? null;
      const speed = /speed=(\d+)K\/sec/.exec(line)?.[1];
      cur.resync = { action: sync[1] ?? '', percent: Number(sync[2]), finish, speedKBps: speed ? Number(speed) : null };
    }
    const bitmap = /bitmap:\s*(\S+ pages)?[^,]*(?:,\s*(\S+) chunk)?(?:,\s*file:\s*(\S+))?/.exec(line);
    if (bitmap) cur.bitmap = { pages: bitmap[1] ?? null, chunk: bitmap[2] ?? null, file: bitmap[3] ?? null };
  }
  return arrays;
}

export interface MirrorStatus {
  source: string | null;
  targets: string[];
  status: string | null;
  percent: number | null;
  type: string | null;
  speed: string | null;
  bitmap: { bits: number | null; dirty: number | null; dirtyPercent: number | null; none: boolean } | null;
  lineIndex: number;
  /** Non-blank lines none of the fields above could be read from. */
  unparsedLines: number[];
}

/** A count as printed, with or without thousands separators. */
const count = (s: string | undefined): number => Number((s ?? '').replace(/,/g, ''));

export function parseMirrorStatus(lines: readonly string[]): MirrorStatus | null {
  const out: MirrorStatus = { source: null, targets: [], status: null, percent: null, type: null, speed: null, bitmap: null, lineIndex: 0, unparsedLines: [] };
  let seen = false;
  for (const [i, line] of lines.entries()) {
    const t = line.trim();
    let m: RegExpExecArray | null;
    if ((m = /^\[.\]\s*(\S+)\s*->\s*(.+)$/.exec(t))) {
      out.source = m[1] ?? null;
      out.targets = (m[2] ?? '').split(/[\s,]+/).filter(Boolean);
      seen = true;
    } else if ((m = /^Status:\s*(.+)$/i.exec(t))) {
      out.status = m[1]?.trim() ?? null;
      out.lineIndex = i;
      seen = true;
    } else if ((m = /\]\s*(\d{1,3})%/.exec(t))) {
      out.percent = Number(m[1]);
      const speed = /Resync Speed:\s*(\S+)/i.exec(t);
      if (speed) out.speed = speed[1] ?? null;
    } else if ((m = /^Resync Speed:\s*(\S+)/i.exec(t))) {
      // The speed on a line of its own, under the progress bar (the layout is a GUESS either way).
      out.speed = m[1] ?? null;
    } else if ((m = /^Type:\s*(.+)$/i.exec(t))) out.type = m[1]?.trim() ?? null;
    else if ((m = /^Bitmap:\s*(.+)$/i.exec(t))) {
      const v = m[1] ?? '';
      // Counts may be printed with thousands separators (`9,193,195 bits`): read as the whole number, not its last group.
      const bits = /(\d{1,3}(?:,\d{3})+|\d+)\s*bits/.exec(v);
      const dirty = /(\d{1,3}(?:,\d{3})+|\d+)\s*dirty\s*\((\d+(?:\.\d+)?)%\)/.exec(v);
      out.bitmap = {
        bits: bits ? count(bits[1]) : null, dirty: dirty ? count(dirty[1]) : null, dirtyPercent: dirty ? Number(dirty[2]) : null,
        none: /\bnone\b/i.test(v),
      };
    } else if (t) out.unparsedLines.push(i);
  }
  return seen ? out : null;
}

/** `datarep-data_data_corrupt` → `datarep-data`; `datarep-data_last_owner` / `last_owner` → tag or null. */
export function flagOf(path: string): { kind: 'data_corrupt' | 'last_owner'; tag: string | null } | null {
  const base = path.replace(/^.*[/]/, '').replace(/^.*subsys_scsi_resources_netraid_/i, '');
  const corrupt = /^(.+)_data_corrupt$/.exec(base);
  if (corrupt) return { kind: 'data_corrupt', tag: corrupt[1] ?? null };
  const owner = /^(?:(.+)_)?last_owner$/.exec(base);
  if (owner) return { kind: 'last_owner', tag: owner[1] ?? null };
  return null;
}
