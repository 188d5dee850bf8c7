// Redaction of a report before it leaves the site: hostnames, domain names,
// IP and MAC addresses, user names and device serials (WWIDs) become stable
// pseudonyms, the same everywhere in the report and across all nodes of one
// case (inside evidence lines, tags, paths and file names too). IPv4 addresses
// stay valid IPv4 addresses, and addresses of one /24 stay in one pseudo /24,
// so a redacted report reads the same. The mapping is returned to the caller
// to keep locally; it is never part of the report.
import { parseLogLine } from '../lines/syslog.js';

export type RedactionKind = 'host' | 'domain' | 'ipv4' | 'mac' | 'user' | 'serial';

export interface RedactionMap {
  /** original → pseudonym, by kind. */
  entries: Array<{ kind: RedactionKind; original: string; pseudonym: string }>;
}

export interface RedactionSummary {
  redacted: true;
  /** How many values of each kind were replaced (the values themselves are not here). */
  counts: Record<RedactionKind, number>;
}

const IPV4 = /(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)/g;
const MAC = /(?<![0-9a-f:])([0-9a-f]{2}(?::[0-9a-f]{2}){5})(?![0-9a-f:])/gi;
/** WWIDs and similar device serials: long hex runs (a serial is at least 16 hex digits here). */
const SERIAL = /(?<![0-9a-f])([0-9a-f]{16,40})(?![0-9a-f])/gi;
const FQDN = /(?<![\w.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|local|lan|corp|internal|intra|jp|co\.jp|ne\.jp|or\.jp|example|test|io|cloud|biz|info|de|uk|cn|kr|tw|sg|in|au|us|eu))(?![\w-])/gi;
const USER_PATTERNS = [/\bfor (?:invalid user )?([A-Za-z_][\w.-]{0,31}) from\b/g, /\bof user ([A-Za-z_][\w.-]{0,31})\b/g, /\buser[= ]([A-Za-z_][\w.-]{0,31})\b/g, /^\(([A-Za-z_][\w.-]{0,31})\) CMD\b/g];
/** Names that identify nothing and that analysis relies on. */
const KEEP_USERS = new Set(['root', 'daemon', 'bin', 'sys', 'nobody', 'adm', 'lp', 'mail', 'postfix', 'chrony', 'ntp', 'dbus', 'systemd', 'sshd', 'rpc', 'polkitd', 'invalid', 'unknown']);
const KEEP_HOSTS = new Set(['localhost', 'localhost.localdomain', '------', '-', '']);

function keepIpv4(a: number, b: number): boolean {
  // Loopback, link-local (OCI's iSCSI target 169.254.2.x is the same everywhere), masks, multicast, unspecified.
  return a === 127 || a === 0 || a >= 224 || (a === 169 && b === 254) || a === 255;
}

export class Redactor {
  private readonly map = new Map<string, { kind: RedactionKind; pseudonym: string }>();
  private readonly subnets = new Map<string, string>();
  private readonly counts: Record<RedactionKind, number> = { host: 0, domain: 0, ipv4: 0, mac: 0, user: 0, serial: 0 };
  private literal: RegExp | null = null;

  private add(kind: RedactionKind, original: string, make: (n: number) => string): string {
    const key = kind === 'host' || kind === 'domain' || kind === 'mac' || kind === 'serial' ? original.toLowerCase() : original;
    const existing = this.map.get(key);
    if (existing) return existing.pseudonym;
    this.counts[kind]++;
    const pseudonym = make(this.counts[kind]);
    this.map.set(key, { kind, pseudonym });
    this.literal = null;
    return pseudonym;
  }

  /** Registers a host name (and, for an FQDN, its short name and domain). */
  host(name: string): void {
    const n = name.trim();
    if (KEEP_HOSTS.has(n.toLowerCase()) || n.length < 2 || /^\d+(\.\d+){3}$/.test(n)) return;
    const [short, ...rest] = n.split('.');
    if (!short) return;
    const pseudo = this.add('host', short, (i) => `node-${i}`);
    if (rest.length) {
      const domain = rest.join('.');
      const d = this.add('domain', domain, (i) => `domain-${i}.example`);
      this.add('host', n, () => `${pseudo}.${d}`);
    }
  }

  user(name: string): void {
    if (!KEEP_USERS.has(name.toLowerCase())) this.add('user', name, (i) => `user-${i}`);
  }

  /** Finds the names a string shows by its form: log host fields, users, FQDNs. */
  learn(text: string): void {
    const log = parseLogLine(text, new Date());
    if (log) {
      this.host(log.host);
      for (const re of USER_PATTERNS) for (const m of log.message.matchAll(re)) if (m[1]) this.user(m[1]);
    }
    for (const m of text.matchAll(FQDN)) if (m[1] && !/\.example$/i.test(m[1])) this.host(m[1]);
  }

  private ipv4(a: string, b: string, c: string, d: string): string {
    const [x, y, z, w] = [a, b, c, d].map(Number) as [number, number, number, number];
    if ([x, y, z, w].some((o) => o > 255) || keepIpv4(x, y)) return `${a}.${b}.${c}.${d}`;
    const net = `${x}.${y}.${z}`;
    let pseudoNet = this.subnets.get(net);
    if (!pseudoNet) {
      const k = this.subnets.size + 1;
      pseudoNet = `10.${100 + (k >> 8)}.${k & 255}`;
      this.subnets.set(net, pseudoNet);
      this.counts.ipv4++;
      this.map.set(`${net}.0/24`, { kind: 'ipv4', pseudonym: `${pseudoNet}.0/24` });
    }
    return `${pseudoNet}.${w}`;
  }

  /** The string with every known and recognisable value replaced. */
  apply(text: string): string {
    let out = text.replace(IPV4, (all, a: string, b: string, c: string, d: string) => this.ipv4(a, b, c, d));
    out = out.replace(MAC, (m: string) => this.add('mac', m, (i) => `02:00:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`));
    out = out.replace(SERIAL, (m: string) => this.add('serial', m, (i) => `${'0'.repeat(Math.max(0, m.length - 8))}${i.toString(16).padStart(8, '0')}`.slice(-m.length)));
    const literal = this.literalPattern();
    if (literal) {
      out = out.replace(literal, (m: string) => {
        const e = this.map.get(m) ?? this.map.get(m.toLowerCase());
        return e && (e.kind === 'host' || e.kind === 'domain' || e.kind === 'user') ? e.pseudonym : m;
      });
    }
    return out;
  }

  /** Known names as whole words: a name inside a tag (`datarep-lk-node1`) counts, inside a longer word (`node10`) does not. */
  private literalPattern(): RegExp | null {
    if (this.literal) return this.literal;
    const names = [...this.map.entries()].filter(([, e]) => e.kind === 'host' || e.kind === 'domain' || e.kind === 'user').map(([k]) => k).sort((a, b) => b.length - a.length);
    if (names.length === 0) return null;
    const esc = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.literal = new RegExp(`(?<![A-Za-z0-9])(?:${esc.join('|')})(?![A-Za-z0-9])`, 'gi');
    return this.literal;
  }

  summary(): RedactionSummary {
    return { redacted: true, counts: { ...this.counts } };
  }

  mapping(): RedactionMap {
    return { entries: [...this.map.entries()].map(([original, e]) => ({ kind: e.kind, original, pseudonym: e.pseudonym })) };
  }
}

/** Public sources cited by rules: nothing of the site is in them. */
const PUBLIC_KEYS = new Set(['references']);

function strings(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, visit);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (!PUBLIC_KEYS.has(k)) strings(v, visit);
}

/** Maps every string, object keys included: some maps are keyed by host name (a hierarchy's state per node). */
function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), PUBLIC_KEYS.has(k) ? v : mapStrings(v, f)])) as T;
  }
  return value;
}

/** Names a report states as names: node names, peers, machines, last_owner contents. */
function knownNames(report: unknown, r: Redactor): void {
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (['hostname', 'peer', 'primaryServer', 'node', 'system'].includes(key)) r.host(v);
      return;
    }
    if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o['kind'] === 'last_owner' && typeof o['content'] === 'string') r.host(o['content']);
      for (const [k, x] of Object.entries(o)) walk(x, k);
    }
  };
  walk(report, '');
}

/** A redacted copy of a report (or any JSON value), the mapping to keep locally, and a summary for the report. */
export function redact<T>(report: T, redactor = new Redactor()): { value: T; map: RedactionMap; summary: RedactionSummary } {
  knownNames(report, redactor);
  strings(report, (s) => redactor.learn(s));
  const value = mapStrings(report, (s) => redactor.apply(s));
  return { value, map: redactor.mapping(), summary: redactor.summary() };
}

/** A redacted copy of a report, marked as redacted. */
export function redactReport<R extends { redaction?: RedactionSummary | null }>(report: R, redactor = new Redactor()): { report: R; map: RedactionMap } {
  const { value, map, summary } = redact(report, redactor);
  return { report: { ...value, redaction: summary }, map };
}
