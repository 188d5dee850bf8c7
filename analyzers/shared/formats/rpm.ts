// Reads one line of an installed-package list as `rpm -qa` prints it, in the
// forms support archives hold: the default `name-version-release.arch`, with
// an epoch (`name-E:version-release.arch`, `E:name-version-release.arch`),
// without the arch (`--queryformat '%{NAME}-%{VERSION}-%{RELEASE}'`), followed
// by `--last`'s install date, or as columns (`--queryformat '%{NAME} %{VERSION}
// %{RELEASE} %{ARCH}'`, with or without `%{EPOCH}`, which prints `(none)`).

export interface Nevra {
  name: string;
  /** The epoch when the line gives one (`(none)` and none at all are null). */
  epoch: string | null;
  version: string;
  release: string;
  arch: string | null;
}

/** rpm's architectures: a dot suffix in this set is the arch, anything else belongs to the release (`el8_4.1`). */
const ARCH = /^(?:x86_64|noarch|i[3-6]86|athlon|aarch64|arm\w*|ppc(?:64)?(?:le|p7|iseries|pseries)?|s390x?|ia64|sparc\w*|alpha\w*|mips\w*|riscv64|loongarch64|src|nosrc)$/;

const NAME = /^[A-Za-z0-9_+][A-Za-z0-9_+.-]*$/;
/** A version or release: rpm allows letters, digits and . _ + ~ ^; we also want a digit, which no header word has. */
const VR = /^(?=[^-]*\d)[A-Za-z0-9._+~^]+$/;
const EPOCH = /^(?:\d+|\(none\))$/;

const epochOf = (e: string): string | null => (e === '(none)' ? null : e);

function valid(n: Nevra): Nevra | null {
  return NAME.test(n.name) && VR.test(n.version) && VR.test(n.release) && (n.epoch === null || /^\d+$/.test(n.epoch)) ? n : null;
}

/** `name-[E:]version-release[.arch]` or `E:name-version-release[.arch]`, split from the right: names may hold dashes. */
export function parseNevraToken(token: string): Nevra | null {
  let rest = token;
  let epoch: string | null = null;
  const lead = /^(\d+):(?=[A-Za-z])/.exec(rest);
  if (lead) {
    epoch = lead[1] ?? null;
    rest = rest.slice(lead[0].length);
  }
  let arch: string | null = null;
  const dot = rest.lastIndexOf('.');
  if (dot > 0 && ARCH.test(rest.slice(dot + 1))) {
    arch = rest.slice(dot + 1);
    rest = rest.slice(0, dot);
  }
  const r = rest.lastIndexOf('-');
  if (r <= 0) return null;
  const v = rest.lastIndexOf('-', r - 1);
  if (v <= 0) return null;
  let version = rest.slice(v + 1, r);
  const colon = version.indexOf(':');
  if (colon >= 0) {
    if (epoch !== null || !EPOCH.test(version.slice(0, colon))) return null;
    epoch = epochOf(version.slice(0, colon));
    version = version.slice(colon + 1);
  }
  return valid({ name: rest.slice(0, v), epoch, version, release: rest.slice(r + 1), arch });
}

/** Columns: `name version release [arch]` or `name epoch version release [arch]`. */
function parseColumns(t: readonly string[]): Nevra | null {
  const [name = '', ...more] = t;
  const hasArch = more.length > 0 && ARCH.test(more[more.length - 1] ?? '');
  const vals = hasArch ? more.slice(0, -1) : more;
  const arch = hasArch ? (more[more.length - 1] ?? null) : null;
  if (vals.length === 2) return valid({ name, epoch: null, version: vals[0] ?? '', release: vals[1] ?? '', arch });
  if (vals.length === 3 && EPOCH.test(vals[0] ?? '')) return valid({ name, epoch: epochOf(vals[0] ?? ''), version: vals[1] ?? '', release: vals[2] ?? '', arch });
  return null;
}

/** `--last`'s date starts with a weekday or a day number; a column list's second field is a version or an epoch. */
const looksLikeDate = (s: string): boolean => /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b|^\d{4}[-年]/i.test(s);

/**
 * One installed package from one line, or null for a line that is none (a
 * header, a warning of rpm's, a cut line). Blank and `#` lines are not
 * packages either; the caller tells them from junk.
 */
export function parseRpmLine(line: string): Nevra | null {
  const tokens = line.trim().split(/\s+/).filter((t) => t !== '');
  const first = tokens[0];
  if (first === undefined) return null;
  if (tokens.length === 1) return parseNevraToken(first);
  // `name-version-release.arch  Tue 01 Jun 2021 …` (--last): the first token is the package.
  if (looksLikeDate(tokens.slice(1).join(' '))) return parseNevraToken(first);
  return parseColumns(tokens) ?? parseNevraToken(first);
}

/** `[E:]version-release` as a package's version is shown and compared. */
export function evrText(p: Pick<Nevra, 'epoch' | 'version' | 'release'>): string {
  return `${p.epoch !== null && p.epoch !== '0' ? `${p.epoch}:` : ''}${p.version}-${p.release}`;
}

/**
 * LifeKeeper's RPMs are `steeleye-lk*` (core `steeleye-lk`, GUI, recovery
 * kits) and `sios-*`: the lifekeeper-version fact reads them as kits, and the
 * comparison of other packages leaves them to it.
 */
export function isLifeKeeperPackage(name: string): boolean {
  return /^steeleye-lk/i.test(name) || /^sios-/i.test(name);
}
