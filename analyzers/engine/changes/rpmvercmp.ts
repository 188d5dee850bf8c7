// Compares package versions the way rpm does (rpmvercmp in rpmio/rpmvercmp.c):
// an upgrade and a downgrade are told apart as `rpm -U` would tell them, not
// by comparing strings ("9.10.0" is newer than "9.9.1"; "1.0~rc1" is older than "1.0").

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isAlnum = (c: string): boolean => isDigit(c) || isAlpha(c);

/**
 * -1 when `a` is older than `b`, 0 when rpm takes them as equal, 1 when newer.
 * Segments of digits or of ASCII letters are compared in turn, anything else
 * separates them; digits beat letters; `~` sorts before everything (a
 * pre-release), `^` after the version it follows (a snapshot).
 */
export function rpmvercmp(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const at = (s: string, k: number): string => (k < s.length ? s.charAt(k) : '');
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(a.charAt(i)) && a.charAt(i) !== '~' && a.charAt(i) !== '^') i++;
    while (j < b.length && !isAlnum(b.charAt(j)) && b.charAt(j) !== '~' && b.charAt(j) !== '^') j++;
    const x = at(a, i);
    const y = at(b, j);
    if (x === '~' || y === '~') {
      if (x !== '~') return 1;
      if (y !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (x === '^' || y === '^') {
      if (x === '') return -1;
      if (y === '') return 1;
      if (x !== '^') return 1;
      if (y !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (x === '' || y === '') break;
    const numeric = isDigit(x);
    const kind = numeric ? isDigit : isAlpha;
    let ei = i;
    let ej = j;
    while (ei < a.length && kind(a.charAt(ei))) ei++;
    while (ej < b.length && kind(b.charAt(ej))) ej++;
    // b's segment is of the other kind (empty here): a number is newer than letters.
    if (ej === j) return numeric ? 1 : -1;
    let sa = a.slice(i, ei);
    let sb = b.slice(j, ej);
    if (numeric) {
      sa = sa.replace(/^0+/, '');
      sb = sb.replace(/^0+/, '');
      if (sa.length !== sb.length) return sa.length > sb.length ? 1 : -1;
    }
    if (sa !== sb) return sa < sb ? -1 : 1;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** Version, then release, as rpm compares two packages of one name (rpm -qa prints no epoch). */
export function compareVersionRelease(a: { version: string; release: string }, b: { version: string; release: string }): -1 | 0 | 1 {
  return rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}

/** Epoch, version, release, as `rpm -U` orders two packages of one name: no epoch is epoch 0. */
export function compareEvr(a: { epoch: string | null; version: string; release: string }, b: { epoch: string | null; version: string; release: string }): -1 | 0 | 1 {
  const ea = Number(a.epoch ?? 0);
  const eb = Number(b.epoch ?? 0);
  if (ea !== eb) return ea > eb ? 1 : -1;
  return compareVersionRelease(a, b);
}
