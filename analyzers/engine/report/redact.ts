// Redaction of a report before it leaves the site: names and addresses become stable pseudonyms.
//
// Host and domain names, IPv4 and IPv6 addresses, MAC addresses, user names, e-mail mailboxes and device
// serials (WWIDs) are replaced the same way everywhere in one report, across all its nodes: node facts,
// clusters, finding titles, summaries and remediation, evidence lines and their before/after context, member
// paths, archive names, object keys. IPv4 addresses stay valid IPv4 addresses and one /24 stays one pseudo
// /24 (IPv6: one /64, one pseudo /64 in 2001:db8::/32), so a redacted report reads the same. The mapping is
// returned to the caller to keep locally; it is never part of the report.
//
// How. A first pass over every string learns names, a second replaces them; addresses are replaced by their
// shape as they are met. The shapes are in redact-shapes.ts; every regex there is linear, and known names are
// matched by a trie walk (NameTrie), not a regex, so that neither hostile lines nor 100,000 names slow it down
// (test/redaction.test.ts times each regex on 64 KiB hostile lines: all under 20 ms, the whole redactor under
// 100 ms a line).
//
// What is covered:
// - hosts from the fields that hold them (hostname, peer, primaryServer, node, cluster nodes and comm path
//   ends, node-identity's other names, last_owner) and from text: syslog host fields; lcdstatus `machine=`,
//   `BACKUP node x:`, equivalency `on "x"`, the -q/-e tables; 004217 `Communication failure … "x"`,
//   `destination system "x"`, `on system "x"` and kin; `host=`/`peer=`/`rhost=` fields; `uname -a`; shell
//   prompts; URL hosts; /etc/hosts, hostname, UNAME and sys_list lines quoted as evidence;
// - domains: any dotted word whose last label is an IANA top-level domain that is no file extension
//   (`.fr`, `.ru`, `.edu`, `.co.jp`…, but not `.sh`, `.pid`, `.target`, `.pub`…), a private suffix
//   (`.local`, `.corp`, `.internal`…), or a private domain a host field named (`sales.acmecorp`); the
//   domains of URLs and e-mail addresses whatever their TLD. A domain keeps one pseudonym, and an FQDN is its
//   host's pseudonym under it (`node-3.domain-1.example`);
// - users: `/home/x` (and mail and cron spools), `user=`, `USER=`, `ruser=`, `logname=`, `acct=`,
//   `uid=1000(x)`, sshd/su/sudo/cron phrases, prompts, URL user info; e-mail local parts (before `@`);
// - IPv4 after `_` or `-` too (`IP_192.168.10.51`, `IP-192.168.10.50`), leading zeros read as decimal (so
//   `192.168.010.052` is `192.168.10.52`); IPv6 compressed, full, zoned, bracketed, prefixed; MACs with
//   colons, dashes or Cisco dots, and eight-byte EUI-64/WWNs (one MAC written three ways, one pseudonym);
//   hex runs of 16 to 40 digits (WWIDs).
// Kept on purpose, as analysis needs them and they identify nobody: loopback, link-local IPv4 (OCI's iSCSI
// target), masks, multicast, `::1`; four-part package versions (`utils-6.2.1.2-1.el8`); system and cloud
// image accounts (root, postgres, opc…); vendors' domains (sios.com, redhat.com…, named in remediation);
// versions, kernel releases, message ids, tags, sizes and times (none has a shape above).
//
// Compared with sos clean (sos/cleaner) and SUSE's supportutils-scrub, which clean whole archives:
// - Like both: hosts and domains (sos learns them from hostname and /etc/hosts and then matches names under
//   those domains; we also take any dotted word with a real TLD, as supportutils does with its TLD list),
//   IPv4 by subnet, IPv6 by network, MACs, user names (sos only from lastlog/last/lslogins and --usernames;
//   supportutils also from log phrases, as we do). Unlike supportutils' default, private IPv4 is redacted.
// - Like supportutils, not sos: e-mail addresses, serials (supportutils takes dmidecode's fields; we take
//   WWID-shaped hex runs, the serials LifeKeeper's disk resources show).
// - Deliberately not: user-given keywords (sos and supportutils --keywords: a customer's word that is no
//   host, user or domain stays), passwords (also in `user:password@` URLs), cloud tokens, SSH keys, LDAP DNs,
//   SAP SIDs (no LifeKeeper analyzer quotes the files that hold them); UUIDs, 12-digit MACs without
//   separators and sos's `xxxx:xxxx:xxxx:xxxx` MAC form (the shapes of ids analysis needs); FQDNs written with
//   `_` for `.` in file names (sos matches those); the bare short name of an FQDN that text gives only whole
//   when that name is all letters (`time.acme.fr` is replaced whole, but the word `time` alone is not: every
//   such word would blank ordinary words; a name with a digit or `-`, `db7`, is replaced alone too).
// - Not applicable: pcap rewriting and archive files (only the report leaves the site).
import { parseAnyLogLine } from '../lines/syslog.js';
import {
  DOTTED_WORD, EMAIL, HOST_PATTERNS, IPV4, IPV6_CANDIDATE, MAC_DOTTED, MAC_SEPARATED, SERIAL, URL_AUTHORITY, USER_PATTERNS,
  domainOf, formatIpv6, formatMacLike, isUnknownTld, parseIpv6,
} from './redact-shapes.js';
import type { DomainName } from './redact-shapes.js';

export type RedactionKind = 'host' | 'domain' | 'ipv4' | 'ipv6' | 'mac' | 'user' | 'email' | 'serial';

export interface RedactionMap {
  /** original → pseudonym, by kind. */
  entries: Array<{ kind: RedactionKind; original: string; pseudonym: string }>;
}

export interface RedactionSummary {
  redacted: true;
  /** How many values of each kind were replaced (the values themselves are not here). */
  counts: Record<RedactionKind, number>;
}

/** Names that identify nothing and that analysis relies on; also words the user patterns catch by accident. */
const KEEP_USERS = new Set([
  'root', 'daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'uucp', 'proxy', 'www-data', 'backup', 'list', 'nobody',
  'nfsnobody', 'adm', 'halt', 'shutdown', 'operator', 'ftp', 'postfix', 'chrony', 'ntp', 'dbus', 'systemd', 'sshd', 'rpc', 'rpcuser',
  'polkitd', 'tss', 'avahi', 'colord', 'gdm', 'rtkit', 'pulse', 'saslauth', 'sssd', 'unbound', 'qemu', 'tcpdump', 'apache', 'nginx',
  'mysql', 'postgres', 'oracle', 'grid', 'invalid', 'unknown', 'illegal', 'none', 'null', 'user', 'username', 'name', 'the', 'a', 'an',
  // Accounts every install or cloud image has, named after a role, not a person.
  'admin', 'administrator', 'guest', 'test', 'ec2-user', 'cloud-user', 'centos', 'ubuntu', 'opc', 'azureuser', 'lkadmin', 'lkoper', 'lkguest',
]);
const KEEP_HOSTS = new Set(['localhost', 'localhost.localdomain', 'localdomain', 'localhost6', '------', '-', '', '(none)', 'none', 'unknown', 'n/a', 'null', 'undefined']);
/** Labels that name a service, not a machine: `www.acme.fr` keeps `www` (sos skips the same). */
const SERVICE_LABELS = new Set(['www', 'api', 'mail', 'smtp', 'imap', 'pop', 'ftp', 'ns', 'dns', 'ntp', 'ldap', 'vpn', 'portal', 'support', 'docs', 'wiki', 'git']);

/** Only the host of a log line is read here, so any reference year will do. */
const LOG_REFERENCE = new Date(0);

function keepIpv4(a: number, b: number): boolean {
  // Loopback, link-local (OCI's iSCSI target 169.254.2.x is the same everywhere), masks, multicast, unspecified.
  return a === 127 || a === 0 || a >= 224 || (a === 169 && b === 254) || a === 255;
}

/** A host name part that is a name: letters in it (`db1` is one, hex or not), nothing the tools print for "no name". */
function hostLike(name: string): boolean {
  return /[A-Za-z]/.test(name) && !KEEP_HOSTS.has(name.toLowerCase()) && /^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$/.test(name);
}

interface NameEntry {
  kind: 'host' | 'domain' | 'user';
  pseudonym: string;
  /** Replaced wherever it stands as a word; false for a short name known only inside one FQDN. */
  word: boolean;
}

/**
 * Known names, matched in text by walking a trie of their lower-case characters: linear in the text whatever
 * the number of names (a regex alternation of 100,000 names is "too large" for V8), and longest name first
 * (`lk-node1.acme.fr` before `lk-node1`).
 */
class NameTrie {
  private readonly root: TrieNode = { next: new Map(), value: null };
  size = 0;

  add(word: string, value: string): void {
    let n = this.root;
    for (let i = 0; i < word.length; i++) {
      const c = lowerCode(word.charCodeAt(i));
      let child = n.next.get(c);
      if (!child) n.next.set(c, (child = { next: new Map(), value: null }));
      n = child;
    }
    if (n.value === null) this.size++;
    n.value = value;
  }

  /**
   * Every known name in `text` that stands as a word of its own (`startOk` says which character may come
   * before it, `endOk` which may come after), replaced by its pseudonym.
   */
  replace(text: string, startOk: (code: number) => boolean, endOk: (code: number) => boolean): string {
    if (this.size === 0) return text;
    let out = '';
    let copied = 0;
    for (let i = 0; i < text.length; i++) {
      if (i > 0 && !startOk(text.charCodeAt(i - 1))) continue;
      let n: TrieNode | undefined = this.root;
      let found = -1;
      let value = '';
      for (let j = i; j < text.length; j++) {
        n = n.next.get(lowerCode(text.charCodeAt(j)));
        if (!n) break;
        if (n.value !== null && (j + 1 === text.length ? endOk(-1) : endOk(text.charCodeAt(j + 1)))) [found, value] = [j + 1, n.value];
      }
      if (found < 0) continue;
      out += text.slice(copied, i) + value;
      copied = found;
      i = found - 1;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }
}

interface TrieNode {
  next: Map<number, TrieNode>;
  value: string | null;
}

const lowerCode = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** Before a name: anything but a letter or digit (so `-`, `_`, `.`, `/`: `datarep-lk-node1`, `IP_host`). */
const wordStart = (c: number): boolean => !isAlnum(c);
/** After a name: the same, or the end of the text. */
const wordEnd = (c: number): boolean => c < 0 || !isAlnum(c);
/** Before a mailbox: nothing an e-mail local part may hold (`._%+-`). */
const mailboxStart = (c: number): boolean => !isAlnum(c) && c !== 46 && c !== 95 && c !== 37 && c !== 43 && c !== 45;
/** After a mailbox: its `@`. */
const mailboxEnd = (c: number): boolean => c === 64;

export class Redactor {
  /** Host names (short and FQDN), domains and users, by lower-case original. */
  private readonly names = new Map<string, NameEntry>();
  /** E-mail local parts, by lower-case original: replaced only before `@` unless also a user. */
  private readonly mailboxes = new Map<string, string>();
  private readonly subnets = new Map<string, string>();
  private readonly ipv6Nets = new Map<string, { index: number; hosts: Map<string, string> }>();
  private readonly ipv6 = new Map<string, string>();
  private readonly macs = new Map<string, { original: string; index: number }>();
  private readonly serials = new Map<string, string>();
  private readonly counts: Record<RedactionKind, number> = { host: 0, domain: 0, ipv4: 0, ipv6: 0, mac: 0, user: 0, email: 0, serial: 0 };
  private readonly numbers = { host: 0, domain: 0, user: 0, linkLocal: 0 };
  /** Learned domains whose TLD text shapes do not know (`sales.acmecorp`): dotted words under them are names too. */
  private readonly privateDomains = new Set<string>();
  /** Built when first needed after learning, and again if learning goes on. */
  private tries: { words: NameTrie; boxes: NameTrie } | null = null;

  private hostPseudonym(short: string, word: boolean): string {
    const key = short.toLowerCase();
    const e = this.names.get(key);
    if (e) {
      if (word && !e.word) {
        e.word = true;
        this.tries = null;
      }
      return e.pseudonym;
    }
    this.counts.host++;
    const pseudonym = `node-${++this.numbers.host}`;
    this.names.set(key, { kind: 'host', pseudonym, word });
    this.tries = null;
    return pseudonym;
  }

  private domain(labels: readonly string[]): string {
    const key = labels.join('.');
    const e = this.names.get(key);
    if (e) return e.pseudonym;
    this.counts.domain++;
    const pseudonym = `domain-${++this.numbers.domain}.example`;
    this.names.set(key, { kind: 'domain', pseudonym, word: true });
    if (isUnknownTld(key)) this.privateDomains.add(key);
    this.tries = null;
    return pseudonym;
  }

  /** A domain name found by its shape: as a bare domain, or host label and domain. */
  private domainName(d: DomainName, structural: boolean): void {
    if (d.public) return;
    const { labels, suffix } = d;
    const full = labels.join('.');
    if (labels.length <= suffix + 1) {
      this.domain(labels);
      return;
    }
    if (this.names.get(full)?.kind === 'host') return;
    const [label = '', ...rest] = labels;
    const dom = this.domain(rest);
    let host: string;
    if (SERVICE_LABELS.has(label) || !hostLike(label)) host = label;
    // A label with a digit or a hyphen is a machine's name (db7, lk-node3) wherever it stands; a plain word
    // (time, zeus) only inside this FQDN, unless a host field names it.
    else host = this.hostPseudonym(label, structural || /[\d-]/.test(label));
    this.names.set(full, { kind: 'host', pseudonym: `${host}.${dom}`, word: true });
    this.tries = null;
  }

  /** Registers a host name that a field or a log header states (and, for an FQDN, its short name and domain). */
  host(name: string): void {
    // A trailing dot is the DNS root or a sentence's full stop; a trailing dash or underscore, a field's separator.
    const n = name.trim().replace(/[._-]+$/, '');
    if (n.length < 2 || n.length > 253 || KEEP_HOSTS.has(n.toLowerCase()) || /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(n) || n.includes(':')) return;
    if (!n.includes('.')) {
      if (hostLike(n)) this.hostPseudonym(n, true);
      return;
    }
    const [short = ''] = n.split('.');
    const d = domainOf(n, 'any');
    if (!d) {
      if (hostLike(short)) this.hostPseudonym(short, true);
      return;
    }
    if (d.labels.length > d.suffix + 1) {
      if (hostLike(short)) this.hostPseudonym(short, true);
      this.domainName(d, true);
    } else if (isUnknownTld(d.labels.join('.')) && hostLike(short) && !d.public) {
      // `lk-node1.acmecorp` in a host field: a host in a private one-label domain, not the domain `acmecorp` of a registry.
      const host = this.hostPseudonym(short, true);
      const dom = this.domain(d.labels.slice(1));
      this.names.set(d.labels.join('.'), { kind: 'host', pseudonym: `${host}.${dom}`, word: true });
    } else {
      this.domainName(d, true);
    }
  }

  user(name: string): void {
    // A sentence's full stop or a field's dash after the name is not part of it (`for user alice.`).
    const key = name.replace(/[.-]+$/, '').toLowerCase();
    if (KEEP_USERS.has(key) || key.startsWith('systemd-') || !/[A-Za-z]/.test(key)) return;
    const e = this.names.get(key);
    if (e) {
      if (!e.word) {
        e.word = true;
        this.tries = null;
      }
      return;
    }
    this.counts.user++;
    const pseudonym = this.mailboxes.get(key) ?? `user-${++this.numbers.user}`;
    this.names.set(key, { kind: 'user', pseudonym, word: true });
    this.tries = null;
  }

  private mailbox(local: string): void {
    const key = local.toLowerCase();
    if (this.mailboxes.has(key) || KEEP_USERS.has(key)) return;
    const asUser = this.names.get(key);
    this.counts.email++;
    this.mailboxes.set(key, asUser?.kind === 'user' ? asUser.pseudonym : `user-${++this.numbers.user}`);
    this.tries = null;
  }

  /** Finds the names a string shows by their shapes: log host fields, LifeKeeper's host phrases, users, URLs, e-mail, domains. */
  learn(text: string): void {
    if (text.length < 3) return;
    if (text.includes(':')) {
      const log = parseAnyLogLine(text, LOG_REFERENCE);
      if (log && log.host && !/[/\\]/.test(log.host)) this.host(log.host);
    }
    const lower = text.toLowerCase();
    for (const p of HOST_PATTERNS) {
      if (!p.hints.some((h) => lower.includes(h))) continue;
      for (const m of text.matchAll(p.re)) for (const g of m.slice(1)) if (g) this.host(g);
    }
    for (const p of USER_PATTERNS) {
      if (!p.hints.some((h) => lower.includes(h))) continue;
      for (const m of text.matchAll(p.re)) for (const g of m.slice(1)) if (g) this.user(g);
    }
    // eqv_list: `system ^A tag ^A peer ^A peer tag ^A kind ^A priority`.
    if (text.includes('\x01')) {
      const f = text.split('\x01');
      if (f.length >= 5 && /^[A-Z]{3,12}$/.test(f[4] ?? '')) for (const h of [f[0], f[2]]) if (h) this.host(h);
    }
    if (text.includes('://')) this.learnUrls(text);
    if (text.includes('@')) this.learnEmail(text);
    if (text.includes('.')) this.learnDotted(text);
  }

  private learnUrls(text: string): void {
    for (const m of text.matchAll(URL_AUTHORITY)) {
      const authority = m[1] ?? '';
      const at = authority.lastIndexOf('@');
      if (at > 0) {
        const user = authority.slice(0, at).split(':')[0] ?? '';
        if (/^[A-Za-z_][A-Za-z0-9._-]{0,31}$/.test(user)) this.user(user);
      }
      const hostPort = authority.slice(at + 1);
      if (hostPort.startsWith('[')) continue;
      const host = hostPort.split(':')[0] ?? '';
      if (!host.includes('.')) {
        if (hostLike(host)) this.hostPseudonym(host, true);
        continue;
      }
      const d = domainOf(host, 'any');
      if (d) this.domainName(d, false);
    }
  }

  private learnEmail(text: string): void {
    for (const m of text.matchAll(EMAIL)) {
      const [local = '', domainPart = ''] = [m[1], m[2]];
      const d = domainOf(domainPart.replace(/[.-]+$/, ''), 'any');
      if (!d || d.public) continue;
      if (/[A-Za-z]/.test(local) && !/^[.-]|[.-]$/.test(local)) this.mailbox(local);
      this.domainName(d, false);
    }
  }

  private learnDotted(text: string): void {
    const known = this.privateDomains.size ? (n: string): boolean => this.privateDomains.has(n) : undefined;
    for (const m of text.matchAll(DOTTED_WORD)) {
      const d = domainOf(m[0], 'known', known);
      if (d) this.domainName(d, false);
    }
  }

  /** Names under a private domain (`db7.sales.acmecorp`) once host fields have taught the domain; a second pass over the strings. */
  learnUnderPrivateDomains(text: string): void {
    if (this.privateDomains.size === 0 || !text.includes('.')) return;
    const lower = text.toLowerCase();
    for (const d of this.privateDomains) {
      if (lower.includes(d)) {
        this.learnDotted(text);
        return;
      }
    }
  }

  get needsSecondPass(): boolean {
    return this.privateDomains.size > 0;
  }

  private ipv4(all: string, a: string, b: string, c: string, d: string, offset: number, text: string): string {
    const [x, y, z, w] = [a, b, c, d].map(Number) as [number, number, number, number];
    if ([x, y, z, w].some((o) => o > 255) || keepIpv4(x, y)) return all;
    // A package's version of four parts (`libfoo-2.4.1.3-1.el8`), not an address: after a `-`, before `-` or `.el8`.
    const after = text.slice(offset + all.length, offset + all.length + 2);
    if (text[offset - 1] === '-' && (after.startsWith('-') || /^\.[A-Za-z]/.test(after))) return all;
    // What changed says a package's versions alone (`6.2.1.2-1.gitfa2c3a7.el8`, a set joined by `, `): kept as its line is.
    if (VERSION_SET.test(text)) return all;
    const net = `${x}.${y}.${z}`;
    let pseudoNet = this.subnets.get(net);
    if (!pseudoNet) {
      const k = this.subnets.size + 1;
      pseudoNet = `10.${100 + (k >> 8)}.${k & 255}`;
      this.subnets.set(net, pseudoNet);
      this.counts.ipv4++;
    }
    return `${pseudoNet}.${w}`;
  }

  private ipv6Address(candidate: string): string {
    const trailing = candidate.endsWith(':') && !candidate.endsWith('::') ? ':' : '';
    const g = parseIpv6(candidate);
    if (!g) return candidate;
    const [g0 = 0] = g;
    const zero = g.every((x) => x === 0);
    const loopback = g.slice(0, 7).every((x) => x === 0) && g[7] === 1;
    if (zero || loopback || (g0 & 0xff00) === 0xff00) return candidate;
    const key = formatIpv6(g);
    let pseudonym = this.ipv6.get(key);
    if (!pseudonym) {
      if ((g0 & 0xffc0) === 0xfe80) {
        // Link-local: the prefix says nothing, the interface id is the MAC.
        pseudonym = `fe80::${(++this.numbers.linkLocal).toString(16)}`;
      } else {
        const netKey = g.slice(0, 4).join(':');
        let net = this.ipv6Nets.get(netKey);
        if (!net) this.ipv6Nets.set(netKey, (net = { index: this.ipv6Nets.size + 1, hosts: new Map() }));
        const hostPart = g.slice(4).every((x) => x === 0) ? '' : (net.hosts.size + 1).toString(16);
        pseudonym = `2001:db8:${net.index.toString(16)}::${hostPart}`;
        if (hostPart) net.hosts.set(key, pseudonym);
      }
      this.ipv6.set(key, pseudonym);
      this.counts.ipv6++;
    }
    return pseudonym + trailing;
  }

  private mac(m: string): string {
    const hex = m.replace(/[^0-9A-Fa-f]/g, '').toLowerCase();
    if (/^(?:0+|f+)$/.test(hex)) return m;
    let e = this.macs.get(hex);
    if (!e) {
      this.counts.mac++;
      e = { original: (hex.match(/.{2}/g) ?? []).join(':'), index: this.macs.size + 1 };
      this.macs.set(hex, e);
    }
    const bytes = hex.length === 16 ? [2, 0, 0, 0, 0, 0, (e.index >> 8) & 255, e.index & 255] : [2, 0, 0, 0, (e.index >> 8) & 255, e.index & 255];
    return formatMacLike(m, bytes);
  }

  private serial(m: string): string {
    const key = m.toLowerCase();
    if (/^(.)\1*$/.test(key)) return m;
    let p = this.serials.get(key);
    if (!p) {
      this.counts.serial++;
      const i = this.serials.size + 1;
      p = `${'0'.repeat(Math.max(0, m.length - 8))}${i.toString(16).padStart(8, '0')}`.slice(-m.length);
      this.serials.set(key, p);
    }
    return p;
  }

  /** The string with every known name and every recognisable address replaced. */
  apply(text: string): string {
    let out = text;
    const { words, boxes } = this.nameTries();
    // Names first: the address patterns cannot match a name's pseudonym (node-1, domain-1.example, user-1).
    out = boxes.replace(out, mailboxStart, mailboxEnd);
    out = words.replace(out, wordStart, wordEnd);
    if (out.includes('.')) out = out.replace(IPV4, (all: string, a: string, b: string, c: string, d: string, offset: number, s: string) => this.ipv4(all, a, b, c, d, offset, s));
    if (out.includes(':')) out = out.replace(IPV6_CANDIDATE, (m: string) => this.ipv6Address(m));
    if (out.includes(':') || out.includes('-')) out = out.replace(MAC_SEPARATED, (m: string) => this.mac(m));
    if (out.includes('.')) out = out.replace(MAC_DOTTED, (m: string) => this.mac(m));
    return out.replace(SERIAL, (m: string) => this.serial(m));
  }

  /** Known names as whole words (a name inside a tag, `datarep-lk-node1`, counts; inside a longer word, `lk-node10`, not); mailboxes before `@`. */
  private nameTries(): { words: NameTrie; boxes: NameTrie } {
    if (this.tries) return this.tries;
    const words = new NameTrie();
    for (const [k, e] of this.names) if (e.word) words.add(k, e.pseudonym);
    const boxes = new NameTrie();
    for (const [k, p] of this.mailboxes) boxes.add(k, p);
    this.tries = { words, boxes };
    return this.tries;
  }

  summary(): RedactionSummary {
    return { redacted: true, counts: { ...this.counts } };
  }

  mapping(): RedactionMap {
    const entries: RedactionMap['entries'] = [];
    for (const [original, e] of this.names) entries.push({ kind: e.kind, original, pseudonym: e.pseudonym });
    for (const [original, pseudonym] of this.mailboxes) entries.push({ kind: 'email', original, pseudonym });
    for (const [net, pseudo] of this.subnets) entries.push({ kind: 'ipv4', original: `${net}.0/24`, pseudonym: `${pseudo}.0/24` });
    for (const [original, pseudonym] of this.ipv6) entries.push({ kind: 'ipv6', original, pseudonym });
    for (const e of this.macs.values()) {
      const bytes = e.original.length > 17 ? [2, 0, 0, 0, 0, 0, (e.index >> 8) & 255, e.index & 255] : [2, 0, 0, 0, (e.index >> 8) & 255, e.index & 255];
      entries.push({ kind: 'mac', original: e.original, pseudonym: formatMacLike(e.original, bytes) });
    }
    for (const [original, pseudonym] of this.serials) entries.push({ kind: 'serial', original, pseudonym });
    return { entries };
  }
}

/**
 * A value that is nothing but package versions, `[E:]V-R` joined by `, `, each
 * release holding a letter (`el8`, `git…`): an address range (`10.0.0.1-10.0.0.9`) is not one.
 */
const EVR = String.raw`(?:\d+:)?\d[\w.+~^]*-(?=[\w.+~^]*[A-Za-z])[\w.+~^]+`;
const VERSION_SET = new RegExp(`^${EVR}(?:, ${EVR})*$`);

/** Keys whose string value is a version (a package's `6.2.1.4` is no address): never replaced. */
const VERSION_KEYS = new Set(['version']);

/** Public sources cited by rules: nothing of the site is in them. */
const PUBLIC_KEYS = new Set(['references']);

/** Every string of a value, object keys included (some maps are keyed by host name: a hierarchy's state per node). */
function strings(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, visit);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (PUBLIC_KEYS.has(k)) continue;
      visit(k);
      if (VERSION_KEYS.has(k) && typeof v === 'string') continue;
      strings(v, visit);
    }
  }
}

/** Maps every string, object keys included. */
function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), PUBLIC_KEYS.has(k) || (VERSION_KEYS.has(k) && typeof v === 'string') ? v : mapStrings(v, f)])) as T;
  }
  return value;
}

/** Fields whose string values are host names, wherever they are in a report. */
const HOST_KEYS = new Set(['hostname', 'peer', 'primaryServer', 'node', 'nodes', 'system', 'inService', 'missingPeers']);

/** Evidence from files that hold nothing but host names, one a line; and /etc/hosts. */
const NAME_FILES = /(?:^|[/_])(?:hostname(?:_-[fs])?|uname_-n|UNAME|sys_list)(?:\.(?:out|txt))?$/;
const HOSTS_FILE = /(?:^|[/_])hosts(?:\.(?:out|txt))?$/;
const HOSTS_LINE = /^\s{0,16}(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9A-Fa-f:]{2,39})\s/;

/** Names a report states as names: node names, peers, cluster members, last_owner contents, lines of name files. */
function knownNames(report: unknown, r: Redactor): void {
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (HOST_KEYS.has(key)) r.host(v);
      return;
    }
    if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o['kind'] === 'last_owner' && typeof o['content'] === 'string') r.host(o['content']);
      // node-identity: the names other sources gave (`{ name, source, evidence }`).
      if (Array.isArray(o['otherNames'])) for (const c of o['otherNames'] as unknown[]) if (c && typeof c === 'object' && typeof (c as { name?: unknown }).name === 'string') r.host((c as { name: string }).name);
      // A cluster's comm path names its two ends `a` and `b`.
      if ('stateA' in o) for (const k of ['a', 'b']) if (typeof o[k] === 'string') r.host(o[k]);
      if (typeof o['path'] === 'string' && typeof o['text'] === 'string') evidenceNames(o['path'], [o['text'], ...lines(o['before']), ...lines(o['after'])], r);
      for (const [k, x] of Object.entries(o)) {
        if (PUBLIC_KEYS.has(k)) continue;
        walk(x, k);
      }
    }
  };
  walk(report, '');
}

const lines = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function evidenceNames(path: string, texts: readonly string[], r: Redactor): void {
  if (NAME_FILES.test(path)) {
    for (const t of texts) if (/^\s*\S{2,253}\s*$/.test(t)) r.host(t.trim());
  } else if (HOSTS_FILE.test(path)) {
    for (const t of texts) {
      if (!HOSTS_LINE.test(t)) continue;
      const names = (t.split('#')[0] ?? '').trim().split(/\s+/).slice(1);
      for (const n of names) r.host(n);
    }
  }
}

/** Strings up to this length are learned and replaced once however often they occur. */
const SHORT = 64;

/** A redacted copy of a report (or any JSON value), the mapping to keep locally, and a summary for the report. */
export function redact<T>(report: T, redactor = new Redactor()): { value: T; map: RedactionMap; summary: RedactionSummary } {
  knownNames(report, redactor);
  // Keys and short values repeat thousands of times (`path`, `utf-8`, analyzer ids): each is looked at once.
  // Long strings are not remembered, so that the memory this takes stays small beside the report's own.
  const seen = new Set<string>();
  const once = (f: (s: string) => void) => (s: string): void => {
    if (s.length <= SHORT) {
      if (seen.has(s)) return;
      seen.add(s);
    }
    f(s);
  };
  strings(report, once((s) => redactor.learn(s)));
  seen.clear();
  if (redactor.needsSecondPass) strings(report, once((s) => redactor.learnUnderPrivateDomains(s)));
  const done = new Map<string, string>();
  const value = mapStrings(report, (s) => {
    if (s.length > SHORT) return redactor.apply(s);
    let out = done.get(s);
    if (out === undefined) done.set(s, (out = redactor.apply(s)));
    return out;
  });
  return { value, map: redactor.mapping(), summary: redactor.summary() };
}

/** A redacted copy of a report, marked as redacted. */
export function redactReport<R extends { redaction?: RedactionSummary | null }>(report: R, redactor = new Redactor()): { report: R; map: RedactionMap } {
  const { value, map, summary } = redact(report, redactor);
  return { report: { ...value, redaction: summary }, map };
}
