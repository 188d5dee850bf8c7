// Reads the node's name and the time lksupport ran from `hostname`, `uname -a`,
// `date` and, failing those, the archive's own name.

export interface WallTime {
  /** Local wall-clock time, ISO 8601 without zone. */
  local: string;
  /** Zone as printed (JST, UTC, +0900), if any. */
  zone: string | null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number | string): string => String(n).padStart(2, '0');

function wall(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string | null): WallTime | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  return { local: `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`, zone };
}

/** `date` output in the C or en_US locale, en_GB's day-month order, `date -R`, a Japanese locale, or ISO form. */
export function parseDateOutput(line: string): WallTime | null {
  const t = line.trim();
  const c = /^[A-Za-z]{3},? +([A-Za-z]{3}) +(\d{1,2}),? +(\d{1,2}):(\d{2}):(\d{2})(?: +(AM|PM))?(?: +([A-Za-z][A-Za-z0-9+-]{0,9}|[+-]\d{4}))? +(\d{4})$/.exec(t);
  if (c) {
    const mo = MONTHS.indexOf((c[1] ?? '').toLowerCase()) + 1;
    let h = Number(c[3]);
    if (c[6] === 'PM' && h < 12) h += 12;
    if (c[6] === 'AM' && h === 12) h = 0;
    return wall(Number(c[8]), mo, Number(c[2]), h, Number(c[4]), Number(c[5]), c[7] ?? null);
  }
  // Day before month: `date -R` (`Mon, 20 May 2024 13:00:00 +0900`) and en_GB's `Mon 20 May 13:00:00 JST 2024`.
  const dm = /^[A-Za-z]{3},? +(\d{1,2}) +([A-Za-z]{3}) +(?:(\d{4}) +)?(\d{1,2}):(\d{2}):(\d{2})(?: +([A-Za-z][A-Za-z0-9+-]{0,9}|[+-]\d{4}))?(?: +(\d{4}))?$/.exec(t);
  if (dm && (dm[3] ?? dm[8])) {
    const mo = MONTHS.indexOf((dm[2] ?? '').toLowerCase()) + 1;
    return wall(Number(dm[3] ?? dm[8]), mo, Number(dm[1]), Number(dm[4]), Number(dm[5]), Number(dm[6]), dm[7] ?? null);
  }
  // ja_JP: `2024年  5月 20日 月曜日 13:00:00 JST` (date's default there), or `%c`'s `2024年05月20日 13時00分00秒`.
  const ja = /^(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日(?:\s*\S+曜日)?\s+(\d{1,2})[:時](\d{2})[:分](\d{2})秒?(?:\s+([A-Za-z][A-Za-z0-9+-]{0,9}))?/.exec(t);
  if (ja) return wall(Number(ja[1]), Number(ja[2]), Number(ja[3]), Number(ja[4]), Number(ja[5]), Number(ja[6]), ja[7] ?? null);
  const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?$/.exec(t);
  if (iso) return wall(Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6]), iso[7] ?? null);
  return null;
}

/** A `hostname` output line: one name, no spaces. */
export function parseHostnameOutput(line: string): string | null {
  const t = line.trim();
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(t) ? t : null;
}

/**
 * lksupport's archive name is not documented; names like
 * `lksupport-node1-20240520-102001.tar.gz` or `node1.20240520_102001/` are
 * assumed: a host part, then a date with an optional time.
 */
export function parseArchiveName(name: string): { host: string | null; time: WallTime | null } {
  // A node archive inside a container is named `ticket.zip » node1.tar.gz`: the inner name is the archive's.
  const base = name.replace(/^.*»\s*/, '').replace(/^.*[/\\]/, '').replace(/\.(tar\.gz|tgz|tar|zip)$/i, '');
  const stamp = /(?:^|[._-])(\d{4})(\d{2})(\d{2})(?:[._-]?(\d{2})(\d{2})(\d{2})?)?(?=$|[._-])/.exec(base);
  const time = stamp ? wall(Number(stamp[1]), Number(stamp[2]), Number(stamp[3]), Number(stamp[4] ?? 0), Number(stamp[5] ?? 0), Number(stamp[6] ?? 0), null) : null;
  let host = stamp ? base.slice(0, stamp.index) : base;
  host = host.replace(/^lksupport[._-]?/i, '').replace(/[._-]?lksupport$/i, '').replace(/[._-]+$/, '');
  const named = parseHostnameOutput(host);
  return { host: named && !isGenericName(named) ? named : null, time };
}

/**
 * Folder and file names that say nothing of the node: where an archive has no
 * top folder its members start at `var/`, `etc/`, `opt/`; a generic top folder
 * such as `lksupport-out/` or `tmp/` is no better (formats.md §0, §2.13).
 */
const GENERIC = /^(?:var|etc|opt|usr|tmp|temp|root|home|proc|sys|run|srv|out|output|outputs|export|exports|data|dump|logs?|files?|support|archives?|collect(?:ed|ion)?|report|reports|results?|bundle|case|ticket|node|host|server|localhost|lksupport\w*|sos\w*|supportconfig\w*|untitled|new(?:[ _-]?folder)?|\d+)$/i;

export function isGenericName(name: string): boolean {
  return GENERIC.test(name);
}
