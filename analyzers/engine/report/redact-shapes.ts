// The shapes that site names and addresses take in archive text, for redact.ts: which dotted word is a domain,
// which run of hex and colons is an IPv6 address, how a MAC is written. Pure functions and the regexes they
// use, kept apart so that each can be tested, and timed on hostile lines, on its own.
//
// Every regex here runs on every string of a report, lines of up to 64 KiB of hostile input included, so each
// is linear: character classes with bounded counts, lookarounds of one character, no quantifier inside a
// quantified group, and a lookbehind that lets a match start only where a run of its characters starts.
import { IANA_TLDS } from './redact-tlds.js';

/** One-character-class label of a host name: what is allowed between the dots. */
const HOST_CHARS = 'A-Za-z0-9._-';
/** A host name token as logs write it (names with underscores exist on Windows-managed networks). */
export const HOST = `[A-Za-z0-9][${HOST_CHARS}]{0,252}`;
/** A user name as useradd, sssd and AD accept it in logs (no spaces, at most 32 characters). */
export const USER = '[A-Za-z_][A-Za-z0-9._-]{0,31}';

/**
 * TLDs that are also file extensions or dotted identifiers in Linux logs (`lkstart.sh`, `lkscsid.pid`,
 * `multi-user.target`, `Makefile.in`, `app.map`): a dotted word ending in one is not a domain by its shape
 * alone. A domain under one of them is still learned where its context says it is a name (an e-mail
 * address, a URL, a host field), and `co.in`-style names keep theirs through SECOND_LEVEL.
 */
const TLD_LOOKALIKES = new Set([
  'sh', 'py', 'pl', 'pm', 'so', 'md', 'rs', 'cc', 'in', 'am', 'ac', 'ps', 'mk', 'mo', 'zip', 'mov', 'app', 'java', 'new',
  'save', 'data', 'pid', 'run', 'live', 'link', 'host', 'target', 'services', 'docs', 'cab', 'arpa', 'map', 'name', 'next',
  'open', 'fail', 'now', 'top', 'one', 'win', 'call', 'case', 'click', 'id', 'oracle', 'sap', 'ibm', 'dell', 'zone', 'day', 'date',
  'pub', 'properties', 'email', 'stream', 'download', 'page',
]);

/** Suffixes no registry delegates but sites use for their own networks (RFC 6762 `.local`, `.lan`, AD's `.corp`). */
const PRIVATE_TLDS = new Set(['local', 'lan', 'internal', 'intranet', 'intra', 'corp', 'home', 'private', 'priv', 'localnet', 'ad']);

/** Second-level labels under a country code that make a public suffix of two labels (`co.jp`, `com.au`, `ac.uk`). */
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'ac', 'ad', 'ed', 'go', 'gr', 'lg', 'ne', 'or', 'gov', 'edu', 'mil', 'nic', 'ltd', 'plc', 'sch', 'gen', 'biz', 'info', 'nom']);

/** Last labels of file names, dropped before a dotted word is looked at (`db1.acme.fr.log` names `db1.acme.fr`). */
const FILE_EXTENSIONS = new Set([
  'log', 'out', 'txt', 'conf', 'cfg', 'bak', 'old', 'orig', 'gz', 'tgz', 'tar', 'xz', 'bz2', 'zst', 'zip', 'json', 'xml', 'yaml', 'yml',
  'pem', 'crt', 'key', 'csr', 'pub', 'repo', 'rules', 'lock', 'pid', 'tmp', 'swp', 'rpmnew', 'rpmsave', 'new', 'save', 'sh', 'html', 'csv', 'err',
]);

/** systemd unit types: `getty@tty1.service` and `user@1000.service` are units, not e-mail addresses. */
const UNIT_TYPES = new Set(['service', 'socket', 'target', 'mount', 'automount', 'timer', 'device', 'scope', 'slice', 'path', 'swap']);

/** Vendors' and projects' own domains, named in remediation text and package metadata: nothing of the site. */
const PUBLIC_DOMAINS = new Set([
  'sios.com', 'sios.jp', 'steeleye.com', 'redhat.com', 'centos.org', 'fedoraproject.org', 'suse.com', 'suse.de', 'opensuse.org',
  'oracle.com', 'kernel.org', 'ubuntu.com', 'canonical.com', 'debian.org', 'gnu.org', 'github.com', 'microsoft.com', 'google.com',
  'example.com', 'example.net', 'example.org', 'iana.org', 'ietf.org', 'rfc-editor.org', 'postgresql.org', 'mysql.com', 'sap.com',
]);

function isLabel(l: string): boolean {
  if (l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-')) return false;
  for (let i = 0; i < l.length; i++) {
    const c = l.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
    if (!ok) return false;
  }
  return true;
}

const isDigits = (s: string): boolean => s.length > 0 && [...s].every((c) => c >= '0' && c <= '9');
const isLetters = (s: string): boolean => s.length >= 2 && [...s].every((c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

export interface DomainName {
  /** Lower-case labels, the top-level domain last. */
  labels: string[];
  /** How many labels at the end are a public suffix (1, or 2 for `co.jp`-style names). */
  suffix: number;
  /** Its registrable domain (one label and the suffix) is a vendor's or a project's. */
  public: boolean;
}

/**
 * The domain name a dotted word is, or null. `tld` says which last labels make one: 'known' for text at
 * large (an IANA top-level domain that is no file extension, or a private one), 'any' where the context
 * already says it is a name (after `@`, in a URL); `knownDomain` accepts a private suffix learned from a
 * host field (`sales.acmecorp` makes `db7.sales.acmecorp` a name in text too).
 */
export function domainOf(word: string, tld: 'known' | 'any', knownDomain?: (name: string) => boolean): DomainName | null {
  if (word.length > 253) return null;
  let labels = word.split('.');
  // A word cut by `..` keeps what follows; a trailing dot (the DNS root) or a sentence's full stop goes.
  const empty = labels.lastIndexOf('', labels.length - 2);
  if (empty >= 0) labels = labels.slice(empty + 1);
  if (labels[labels.length - 1] === '') labels.pop();
  for (let k = 0; k < 3 && labels.length > 2; k++) {
    const last = (labels[labels.length - 1] ?? '').toLowerCase();
    if (!FILE_EXTENSIONS.has(last) && !isDigits(last)) break;
    labels.pop();
  }
  if (labels.length < 2) return null;
  // Labels from the end while they are labels: `x_y.acme.fr` names `acme.fr`.
  let first = labels.length;
  while (first > 0 && isLabel(labels[first - 1] ?? '')) first--;
  labels = labels.slice(first);
  if (labels.length < 2) return null;
  const top = labels[labels.length - 1] ?? '';
  const lower = labels.map((l) => l.toLowerCase());
  const name = lower.join('.');
  // A capitalised last label is a sentence run together (`stopped.It`), not a domain; all capitals is a name shouted.
  const cased = top === top.toLowerCase() || top === top.toUpperCase();
  const tl = top.toLowerCase();
  let ok: boolean;
  if (!isLetters(top) && !(tld === 'any' && tl.startsWith('xn--'))) ok = false;
  else if (tld === 'any') ok = !UNIT_TYPES.has(tl);
  else ok = cased && ((IANA_TLDS.has(tl) && !TLD_LOOKALIKES.has(tl)) || PRIVATE_TLDS.has(tl));
  if (!ok && knownDomain) {
    for (let i = 1; i < lower.length - 1 && !ok; i++) ok = knownDomain(lower.slice(i).join('.'));
    ok ||= knownDomain(name);
  }
  // A two-label public suffix wins over the look-alike rule: `acme.co.in` is a name even though `.in` alone is not.
  const sld = lower.length >= 3 && tl.length === 2 && SECOND_LEVEL.has(lower[lower.length - 2] ?? '');
  if (!ok && sld && cased && IANA_TLDS.has(tl)) ok = true;
  if (!ok) return null;
  const suffix = sld ? 2 : 1;
  if (lower.length <= suffix) return null;
  if (lower.slice(0, lower.length - 1).every(isDigits)) return null;
  const registrable = lower.slice(-(suffix + 1)).join('.');
  return { labels: lower, suffix, public: PUBLIC_DOMAINS.has(registrable) };
}

/** Whether a private suffix like `acmecorp` is one text shapes never find (so host fields must teach it). */
export function isUnknownTld(domain: string): boolean {
  const tl = domain.slice(domain.lastIndexOf('.') + 1).toLowerCase();
  return !(IANA_TLDS.has(tl) && !TLD_LOOKALIKES.has(tl)) && !PRIVATE_TLDS.has(tl);
}

// ---- IPv6 ----

/**
 * A run of hex digits and colons that may be an IPv6 address; parseIpv6 decides. It starts only where such a
 * run starts (not after a letter, digit, colon or dot: not inside `std::string`, a MAC or a time) and ends
 * before a letter or digit or an IPv4 tail's dot (that tail is an IPv4 address, redacted as one).
 */
export const IPV6_CANDIDATE = /(?<![0-9A-Za-z:.])[0-9A-Fa-f:]{2,39}(?![0-9A-Za-z:]|\.\d)/g;

/** The eight 16-bit groups of an IPv6 address as written, or null when it is not one. */
export function parseIpv6(text: string): number[] | null {
  let s = text;
  // A sentence's colon after the address (`fe80::1: no route`).
  if (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
  if (s.includes(':::')) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const part = (h: string): string[] | null => {
    if (h === '') return [];
    const groups = h.split(':');
    return groups.every((g) => g.length >= 1 && g.length <= 4) ? groups : null;
  };
  const head = part(halves[0] ?? '');
  const tail = halves.length === 2 ? part(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  const n = head.length + tail.length;
  if (halves.length === 1 ? n !== 8 : n > 7) return null;
  // Eight two-digit groups are an EUI-64 or a Fibre Channel WWN, redacted as a MAC.
  if (halves.length === 1 && head.every((g) => g.length === 2)) return null;
  // `DB::`, `A::B`: a word of hex letters around `::` in program text; an address has a digit or three groups.
  if (n < 3 && !/\d/.test(s)) return null;
  const groups = [...head, ...Array<string>(8 - n).fill('0'), ...tail].map((g) => parseInt(g, 16));
  return groups;
}

/** The RFC 5952 text of an address: lower case, the longest run of zero groups as `::`. */
export function formatIpv6(groups: readonly number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

// ---- MAC ----

const H2 = '[0-9A-Fa-f][0-9A-Fa-f]';
const H4 = `${H2}${H2}`;
/** `00:50:56:ab:cd:ef` and `00-50-56-AB-CD-EF` (one separator throughout), and the eight-byte EUI-64/WWN forms. */
export const MAC_SEPARATED = new RegExp(`(?<![0-9A-Za-z:-])${H2}([:-])${H2}\\1${H2}\\1${H2}\\1${H2}\\1${H2}(?:\\1${H2}\\1${H2})?(?![0-9A-Za-z:-])`, 'g');
/** Cisco's `0050.56ab.cdef`. */
export const MAC_DOTTED = new RegExp(`(?<![0-9A-Za-z.])${H4}\\.${H4}\\.${H4}(?![0-9A-Za-z]|\\.[0-9A-Za-z])`, 'g');

/** A MAC written like `original` (separator, grouping, case) with the bytes of `bytes`. */
export function formatMacLike(original: string, bytes: readonly number[]): string {
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  const upper = /[A-F]/.test(original) && !/[a-f]/.test(original);
  let out: string;
  if (original.includes('.')) out = hex.match(/.{4}/g)?.join('.') ?? hex;
  else out = hex.match(/.{2}/g)?.join(original.includes('-') ? '-' : ':') ?? hex;
  return upper ? out.toUpperCase() : out;
}

// ---- IPv4 ----

/**
 * Dotted quads, leading zeros too (`192.168.010.051`), after anything but a letter, digit or dot (so after `_`
 * and `-`: `IP_192.168.10.51`, LifeKeeper's `IP-192.168.10.50`), and not followed by one more `.digit`
 * (a version of five parts is not an address).
 */
export const IPV4 = /(?<![0-9A-Za-z.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![0-9A-Za-z]|\.\d)/g;

/** WWIDs and similar device serials: long hex runs (a serial is at least 16 hex digits here). */
export const SERIAL = /(?<![0-9A-Fa-f])[0-9A-Fa-f]{16,40}(?![0-9A-Fa-f])/g;

// ---- names in text ----

/** A dotted word that may be a domain name (domainOf decides); it starts where a run of name characters starts. */
export const DOTTED_WORD = /(?<![A-Za-z0-9.-])[A-Za-z0-9][A-Za-z0-9-]{0,62}\.[A-Za-z0-9.-]{1,250}/g;
/** `local@domain`: the local part, and the domain as far as it goes. */
export const EMAIL = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9][A-Za-z0-9.-]{0,252})/g;
/** `scheme://authority`: the authority (user, host, port) up to the path. */
export const URL_AUTHORITY = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,15}:\/\/([^\s/?#"'<>\\]{1,300})/g;

/** A pattern that finds names, and the lower-case words one of which a line must hold for it to be tried at all (most lines hold none). */
export interface NamePattern {
  name: string;
  hints: readonly string[];
  re: RegExp;
}

/** Where a log line or command output names a host: the capture groups are host names. */
export const HOST_PATTERNS: readonly NamePattern[] = [
  // LifeKeeper's 004217 and its kin: `Communication failure: destination system "lk-node2" is out of service`.
  { name: 'communication-failure', hints: ['communication'], re: new RegExp(`Communication (?:failure|to|with)[^"\\n]{0,200}"(${HOST})"`, 'gi') },
  // `destination system "x"`, `on system "x"` (the data_corrupt flag message), `server "x"`, `node "x"`.
  { name: 'quoted-system', hints: ['system', 'server', 'node', 'host', 'machine', 'peer'], re: new RegExp(`(?<![A-Za-z0-9_])(?:system|server|node|host|hostname|machine|peer)\\s{1,3}"(${HOST})"`, 'gi') },
  // lcdstatus: `SHARED equivalency with "app-web" on "lk-node2", priority = 10`.
  { name: 'equivalency', hints: ['equivalency'], re: new RegExp(`equivalency with "[^"\\n]{0,256}" on "(${HOST})"`, 'gi') },
  // lcdstatus: `machine=lk-node2 state=ALIVE`, `to machine=lk-node2 type=TCP`; and other `host=` fields.
  { name: 'host-field', hints: ['machine=', 'host=', 'hostname=', 'server=', 'peer=', 'node=', 'system=', 'srv='], re: new RegExp(`(?<![A-Za-z0-9_])(?:machine|host|hostname|server|rhost|peer|node|system|remote_?host|srv)=["']?(${HOST})`, 'gi') },
  // lcdstatus: `BACKUP node lk-node2:`.
  { name: 'backup-node', hints: [' node '], re: new RegExp(`(?<![A-Za-z0-9_])(?:BACKUP|PRIMARY|LOCAL|REMOTE) node (${HOST}):`, 'g') },
  // lcdstatus -q, the comm path table: `lk-node2  TCP  192.168.10.11/192.168.10.12  DEAD  1`.
  { name: 'lcdstatus-machine', hints: ['alive', 'dead', 'unknown'], re: new RegExp(`^\\s{0,8}(${HOST})\\s{1,64}(?:TCP|TTY|DISK|SCSI)\\s{1,64}\\S{1,300}\\s{1,64}(?:ALIVE|DEAD|UNKNOWN)\\b`, 'g') },
  // lcdstatus -q/-e, the resource table: the LOCAL/BACKUP column and the PRIMARY column.
  { name: 'lcdstatus-resource', hints: ['isp', 'isu', 'osu', 'osf', 'oss', 'illstate'], re: new RegExp(`^\\s{0,8}(${HOST})\\s{1,64}\\S{1,256}\\s{1,64}\\S{1,256}\\s{1,64}(?:ISP|ISU|OSU|OSF|OSS|ILLSTATE)\\s{1,64}\\d{1,6}\\s{1,64}(${HOST})\\s{0,64}$`, 'g') },
  // uname -a: `Linux lk-node1 4.18.0-305.el8.x86_64 #1 SMP …`.
  { name: 'uname', hints: ['linux '], re: new RegExp(`^Linux (${HOST}) \\d[^\\s]{0,100} #\\d`, 'g') },
  // A shell prompt: `[root@lk-node1 ~]#`.
  { name: 'prompt', hints: ['['], re: new RegExp(`\\[${USER}@(${HOST})[\\s\\]:]`, 'g') },
];

/** Where text names a user: the capture group is a user name. */
export const USER_PATTERNS: readonly NamePattern[] = [
  // Home, mail and cron directories: `/home/alice/.bash_history`, `/var/spool/cron/crontabs/alice`.
  { name: 'home', hints: ['/home/', '/users/', '/mail/', '/cron/'], re: new RegExp(`/(?:home|export/home|Users|var/spool/mail|var/mail|var/spool/cron/crontabs|var/spool/cron)/(${USER})`, 'g') },
  // `user=alice` (PAM, audit), `USER=alice` (sudo), `ruser=`, `logname=`, `acct="alice"`, `user: alice`; not
  // `ruser= rhost=…`, where PAM left the field empty.
  { name: 'user-field', hints: ['user', 'logname', 'acct'], re: new RegExp(`(?<![A-Za-z0-9_])(?:r?user|user_?name|logname|acct|auid_name)(?:=|\\s?:\\s?)["']?(${USER})`, 'gi') },
  // `uid=1000(alice)`.
  { name: 'uid-name', hints: ['uid='], re: new RegExp(`(?<![A-Za-z0-9_])uid=\\d{1,10}\\((${USER})\\)`, 'gi') },
  // sshd, su, PAM: `for user alice`, `of user alice`, `for invalid user alice`, `by user alice`.
  { name: 'for-user', hints: [' user '], re: new RegExp(`(?<![A-Za-z0-9_])(?:for|of|by) (?:invalid |illegal )?user "?(${USER})`, 'gi') },
  // sshd: `Accepted publickey for alice from`, `Failed password for alice from`, `Invalid user alice from`.
  { name: 'sshd', hints: [' from'], re: new RegExp(`(?:(?:Accepted|Failed) [a-z-]{1,32} for|Invalid user) (${USER}) from(?![A-Za-z0-9_])`, 'g') },
  // su: `(to alice)`; sudo: `alice : TTY=pts/0 ; PWD=…`; cron: `(alice) CMD (…)`.
  { name: 'su-sudo-cron', hints: ['(to ', ' : tty=', ') cmd'], re: new RegExp(`\\(to (${USER})\\)|(?:^|: )(${USER}) : TTY=|(?:^|: )\\((${USER})\\) CMD\\b`, 'g') },
  // A shell prompt: `[alice@lk-node1 ~]$`.
  { name: 'prompt-user', hints: ['['], re: new RegExp(`\\[(${USER})@${HOST}[\\s\\]:]`, 'g') },
];

/** Every regex of this module by name, for the test that times each on hostile lines. */
export function redactionRegexes(): Array<{ name: string; re: RegExp }> {
  return [
    { name: 'ipv4', re: IPV4 },
    { name: 'ipv6', re: IPV6_CANDIDATE },
    { name: 'mac-separated', re: MAC_SEPARATED },
    { name: 'mac-dotted', re: MAC_DOTTED },
    { name: 'serial', re: SERIAL },
    { name: 'dotted-word', re: DOTTED_WORD },
    { name: 'email', re: EMAIL },
    { name: 'url', re: URL_AUTHORITY },
    ...HOST_PATTERNS.map((p) => ({ name: `host:${p.name}`, re: p.re })),
    ...USER_PATTERNS.map((p) => ({ name: `user:${p.name}`, re: p.re })),
  ];
}
