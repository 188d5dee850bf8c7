// Version ordering as versions really order: rpm's rpmvercmp for package
// versions and kernel releases (`4.12.14-95.51` > `4.12.14-95.6`, `.el8_2`,
// `~rc`, `^post`), and LifeKeeper versions (`9.10.0` > `9.5.1`).

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isAlpha(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
function isAlnum(c: string): boolean {
  return isDigit(c) || isAlpha(c);
}

/** rpm's rpmvercmp: -1, 0 or 1. Segments of digits compare as numbers, letters as strings; digits beat letters. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(a[i] ?? '') && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j] ?? '') && b[j] !== '~' && b[j] !== '^') j++;
    // Tilde sorts before everything, even the end of the string.
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    // Caret sorts after the end of the string but before anything else.
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(a[i] ?? '');
    const take = (s: string, k: number): [string, number] => {
      let e = k;
      while (e < s.length && (numeric ? isDigit(s[e] ?? '') : isAlpha(s[e] ?? ''))) e++;
      return [s.slice(k, e), e];
    };
    const [sa, ni] = take(a, i);
    const [sb, nj] = take(b, j);
    i = ni;
    j = nj;
    // A numeric segment is newer than an alphabetic one.
    if (sb.length === 0) return numeric ? 1 : -1;
    if (numeric) {
      const x = sa.replace(/^0+/, '');
      const y = sb.replace(/^0+/, '');
      if (x.length !== y.length) return x.length > y.length ? 1 : -1;
      if (x !== y) return x > y ? 1 : -1;
    } else if (sa !== sb) return sa > sb ? 1 : -1;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** LifeKeeper versions `9.5.1`, `9.10.0`: numeric by dotted part. */
export function compareLifeKeeperVersions(a: string, b: string): number {
  return rpmvercmp(a, b);
}

export function lifeKeeperInRange(version: string, min: string | null, max: string | null): boolean {
  return (min === null || compareLifeKeeperVersions(version, min) >= 0) && (max === null || compareLifeKeeperVersions(version, max) <= 0);
}

export interface KernelRelease {
  /** `4.12.14` */
  version: string;
  /** `95.51`, `193.28.1.el8_2`, `2025.400.8.el7uek` */
  release: string;
  /** `default` on SUSE, `uek` on Oracle's Unbreakable Enterprise Kernel */
  flavor: string | null;
  arch: string | null;
}

/** Splits `uname -r` output: `4.18.0-193.28.1.el8_2.x86_64`, `4.12.14-95.51-default`, `5.4.17-2136.307.3.1.el8uek.x86_64`. */
export function parseKernelRelease(release: string): KernelRelease | null {
  let rest = release.trim();
  let arch: string | null = null;
  const a = /\.(x86_64|aarch64|ppc64le|s390x|i[3-6]86)$/.exec(rest);
  if (a) {
    arch = a[1] ?? null;
    rest = rest.slice(0, a.index);
  }
  let flavor: string | null = null;
  const f = /-(default|azure|rt|xen|pae|bigsmp|kdump|trace|debug|preempt)$/.exec(rest);
  if (f) {
    flavor = f[1] ?? null;
    rest = rest.slice(0, f.index);
  }
  const dash = rest.indexOf('-');
  if (dash <= 0) return /^\d+\.\d+/.test(rest) ? { version: rest, release: '', flavor, arch } : null;
  const version = rest.slice(0, dash);
  const rel = rest.slice(dash + 1);
  if (!/^\d+(\.\d+)+$/.test(version)) return null;
  if (/uek/.test(rel)) flavor ??= 'uek';
  return { version, release: rel, flavor, arch };
}

/** Compares two kernel releases the way rpm orders the kernel packages: version, then release. */
export function compareKernelReleases(a: string, b: string): number {
  const x = parseKernelRelease(a);
  const y = parseKernelRelease(b);
  if (!x || !y) return rpmvercmp(a, b);
  return rpmvercmp(x.version, y.version) || rpmvercmp(x.release, y.release);
}
