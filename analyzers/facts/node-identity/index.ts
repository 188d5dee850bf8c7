// Fact: which node this archive comes from and when it was collected, with the
// evidence of each. The name comes from LifeKeeper's own words first
// (formats.md §2.13): the LOCAL column of `lcdstatus -q`, the first line of
// the long form, config/UNAME; then `hostname` / `uname -n`; then the host
// that wrote most of lifekeeper.log; only then the archive's or its top
// folder's name, never a generic one (`var`, `out`, `tmp`, `lksupport…`).
// Every source that names a node is kept: when they disagree, the fact says so.
import { documentEvidence, evidenceOf } from '../../engine/lines/lines.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import type { Document } from '../../engine/plugin/analyzer.js';
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { linuxStatusDocuments, parseLongStatus, parseShortStatus } from '../../shared/formats/lcdstatus.js';
import { parseUname } from '../kernel/parse.js';
import type { WallTime } from './parse.js';
import { parseArchiveName, parseDateOutput, parseHostnameOutput } from './parse.js';
import { COLLECT } from '../../shared/glossary.js';

/** Where a node's name was read, most trusted first. */
export const NAME_SOURCES = ['lcdstatus-q', 'lcdstatus', 'lifekeeper-uname', 'hostname', 'uname', 'lifekeeper-log', 'archive-name'] as const;
export type NameSource = (typeof NAME_SOURCES)[number];

export interface NameClaim {
  name: string;
  source: NameSource;
  evidence: Evidence[];
}

export interface IdentityFact {
  hostname: string | null;
  hostnameSource: NameSource | null;
  /** Names other sources gave that differ from `hostname` (short names compared, case ignored); absent when all agree. */
  otherNames?: NameClaim[];
  /** Local wall-clock time of collection, ISO 8601 without zone. */
  collectedAt: string | null;
  collectedAtZone: string | null;
  collectedAtSource: 'date' | 'archive-name' | 'member-mtime' | null;
  evidence: Evidence[];
}

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'node-identity': IdentityFact;
  }
}

/** Distinct log hosts counted; past this a log names too many to say which node wrote it. */
const MAX_LOG_HOSTS = 64;

interface LogHosts {
  counts: Map<string, { count: number; first: Evidence }>;
  overflow: number;
}

/** A name as nodes are compared: the short host name, in lower case (`hostname -f` and LifeKeeper's name may differ only so). */
export function sameNode(a: string, b: string): boolean {
  const short = (s: string): string => s.split('.')[0]?.toLowerCase() ?? s.toLowerCase();
  return short(a) === short(b);
}

function fromShortStatus(docs: readonly Document[]): NameClaim | null {
  for (const doc of docs) {
    const s = parseShortStatus(doc.lines);
    const row = s.form === 'q' ? s.resources.find((r) => parseHostnameOutput(r.system)) : undefined;
    if (row) return { name: row.system, source: 'lcdstatus-q', evidence: [documentEvidence(doc, row.lineIndex)] };
  }
  return null;
}

function fromLongStatus(docs: readonly Document[]): NameClaim | null {
  for (const doc of docs) {
    const m = parseLongStatus(doc.lines).machine;
    if (m && parseHostnameOutput(m.name)) return { name: m.name, source: 'lcdstatus', evidence: [documentEvidence(doc, m.lineIndex)] };
  }
  return null;
}

function fromOneNameFile(docs: readonly Document[], source: 'lifekeeper-uname' | 'hostname'): NameClaim | null {
  const names = docs.flatMap((doc) =>
    doc.lines.flatMap((l, i) => {
      const h = parseHostnameOutput(l);
      return h ? [{ h, e: documentEvidence(doc, i) }] : [];
    }),
  );
  // `hostname` and `hostname -f` may both be there: the short name is what LifeKeeper uses.
  names.sort((a, b) => Number(a.h.includes('.')) - Number(b.h.includes('.')));
  const first = names[0];
  return first ? { name: first.h, source, evidence: [first.e] } : null;
}

function fromUname(docs: readonly Document[]): NameClaim | null {
  for (const doc of docs) {
    const u = parseUname(doc.lines);
    if (u?.nodename && parseHostnameOutput(u.nodename)) return { name: u.nodename, source: 'uname', evidence: [documentEvidence(doc, u.lineIndex)] };
  }
  return null;
}

function fromLog(hosts: LogHosts): NameClaim | null {
  let best: { host: string; count: number; first: Evidence } | null = null;
  for (const [host, v] of hosts.counts) if (!best || v.count > best.count) best = { host, ...v };
  return best && parseHostnameOutput(best.host) ? { name: best.host, source: 'lifekeeper-log', evidence: [best.first] } : null;
}

export default defineAnalyzer<'node-identity', LogHosts>({
  meta: {
    id: 'node-identity',
    kind: 'fact',
    title: { en: 'Node name and collection time', ja: `ノード名と${COLLECT.ja}日時` },
    inputs: ['lcdstatus-q', 'lcdstatus', 'lifekeeper-uname', 'hostname', 'uname', 'date', 'lifekeeper-log'],
    version: '2',
  },
  watch: {
    inputs: ['lifekeeper-log'],
    // Keywords the timeline already searches for: counting their hosts costs no second search.
    keywords: ['EMERG:', 'FATAL:', 'ERROR:', '010021', 'restore of', 'remove of'],
    init: () => ({ counts: new Map(), overflow: 0 }),
    onLine(hosts, line, ctx) {
      const host = ctx.parse(line)?.host;
      if (!host) return;
      const seen = hosts.counts.get(host);
      if (seen) seen.count++;
      else if (hosts.counts.size < MAX_LOG_HOSTS) hosts.counts.set(host, { count: 1, first: evidenceOf(line) });
      else hosts.overflow++;
    },
  },
  run(ctx) {
    const fromArchive = parseArchiveName(ctx.archive.topDirectory ?? ctx.archive.file);
    const fromFile = parseArchiveName(ctx.archive.file);
    const archiveName = fromArchive.host ?? fromFile.host;
    const claims = [
      fromShortStatus(linuxStatusDocuments(ctx.documents('lcdstatus-q')).linux),
      fromLongStatus(ctx.documents('lcdstatus')),
      fromOneNameFile(ctx.documents('lifekeeper-uname'), 'lifekeeper-uname'),
      fromOneNameFile(ctx.documents('hostname'), 'hostname'),
      fromUname(ctx.documents('uname')),
      fromLog(ctx.watched),
    ].filter((c): c is NameClaim => c !== null);
    const chosen = claims[0] ?? (archiveName ? { name: archiveName, source: 'archive-name' as const, evidence: [] } : null);
    const others = chosen ? claims.filter((c) => !sameNode(c.name, chosen.name)) : [];

    const evidence: Evidence[] = [...(chosen?.evidence ?? [])];
    let collected: WallTime | null = null;
    let collectedAtSource: IdentityFact['collectedAtSource'] = null;
    for (const doc of ctx.documents('date')) {
      const i = doc.lines.findIndex((l) => parseDateOutput(l) !== null);
      if (i >= 0) {
        collected = parseDateOutput(doc.lines[i] ?? '');
        collectedAtSource = 'date';
        evidence.push(documentEvidence(doc, i));
        break;
      }
    }
    if (!collected && (fromArchive.time ?? fromFile.time)) {
      collected = fromArchive.time ?? fromFile.time;
      collectedAtSource = 'archive-name';
    }
    if (!collected && ctx.archive.newestMtime) {
      collected = { local: ctx.archive.newestMtime.toISOString().slice(0, 19), zone: 'UTC' };
      collectedAtSource = 'member-mtime';
    }
    return {
      hostname: chosen?.name ?? null,
      hostnameSource: chosen?.source ?? null,
      ...(others.length ? { otherNames: others } : {}),
      collectedAt: collected?.local ?? null,
      collectedAtZone: collected?.zone ?? null,
      collectedAtSource,
      evidence,
    };
  },
});
