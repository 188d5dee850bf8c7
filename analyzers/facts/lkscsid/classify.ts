// Tells lkscsid starts that belong to a LifeKeeper startup from restarts of a
// daemon that died (KB-lkscsid): normally 007046 follows 010021 ("LifeKeeper
// starting to initialize") or 010462 ("LCD daemon is now available"); when
// lkscsid dies it is restarted and 007046 appears on its own, with a new pid.

/** How long after a startup marker lkscsid's start still counts as part of it. */
export const STARTUP_WINDOW_MS = 10 * 60 * 1000;

export interface Marker {
  sortKey: number;
}

export interface Start {
  sortKey: number;
  pid: number | null;
}

export interface Classified<S extends Start> {
  start: S;
  duringStartup: boolean;
  previousPid: number | null;
}

/**
 * Markers close together (010021 then 010462) form one startup. Each startup
 * accounts for one lkscsid start from its first marker until the window after
 * its last; every other start is a restart. Input need not be sorted.
 */
export function classifyStarts<S extends Start>(starts: readonly S[], markers: readonly Marker[]): Array<Classified<S>> {
  const startups: Array<{ from: number; to: number; used: boolean }> = [];
  for (const m of [...markers].map((x) => x.sortKey).sort((a, b) => a - b)) {
    const last = startups[startups.length - 1];
    if (last && m - last.to <= STARTUP_WINDOW_MS) last.to = m;
    else startups.push({ from: m, to: m, used: false });
  }
  let previousPid: number | null = null;
  return [...starts]
    .sort((a, b) => a.sortKey - b.sortKey)
    .map((start) => {
      const startup = startups.find((g) => !g.used && start.sortKey >= g.from && start.sortKey <= g.to + STARTUP_WINDOW_MS);
      if (startup) startup.used = true;
      const c = { start, duringStartup: Boolean(startup), previousPid };
      previousPid = start.pid ?? previousPid;
      return c;
    });
}

/** The pid of lkscsid from `lkscsid daemon pid:6847 ...`, else the syslog pid. */
export function lkscsidPid(text: string, syslogPid: number | null): number | null {
  // What /\bpid:(\d+)/ finds, without a match array per start line: the first "pid:" that starts a word and is followed by digits.
  for (let i = text.indexOf('pid:'); i >= 0; i = text.indexOf('pid:', i + 1)) {
    if (i > 0 && isWordCharacter(text.charCodeAt(i - 1))) continue;
    let end = i + 4;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    if (end > i + 4) return Number(text.slice(i + 4, end));
  }
  return syslogPid;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** `\w` of a regular expression (without the u flag). */
function isWordCharacter(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** The pid in a core file's name (`core.lkscsid.6847`, `core-lkscsid-6847-...`, `core.6847`). */
export function corePid(path: string): number | null {
  const base = path.replace(/^.*\//, '');
  const m = /(?:^|[.-])(\d{2,10})(?=$|[.-])/.exec(base.replace(/^core[.-]lkscsid/i, 'core'));
  return m?.[1] ? Number(m[1]) : null;
}
