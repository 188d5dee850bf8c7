// Builds the resource tree from whichever lcdstatus forms and LCDI lists the
// archive holds. The long form wins where the sources disagree; the short
// forms add the primary server; ins_list adds app and type, which -q lacks.
import { documentEvidence } from '../../engine/lines/lines.js';
import type { Document } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { parseDepList, parseEqvList, parseInsList } from '../../shared/formats/lcdi.js';
import { parseLongStatus, parseShortStatus } from '../../shared/formats/lcdstatus.js';
import { inTreeOrder } from '../../shared/tree.js';

export interface Equivalency {
  peer: string;
  peerTag: string;
  priority: number | null;
  kind: string;
  failover: 'allowed' | 'inhibited' | null;
}

export interface Resource {
  tag: string;
  id: string | null;
  app: string | null;
  type: string | null;
  /** Where app and type come from: lcdstatus long form or ins_list, or inferred from the id and tag (`-q` has neither). */
  typeSource: 'lcdstatus' | 'ins_list' | 'inferred' | null;
  /** ISP, ISU, OSF, OSU, ILLSTATE as printed. */
  state: string | null;
  localPriority: number | null;
  primaryServer: string | null;
  initialize: string | null;
  reason: string | null;
  equivalencies: Equivalency[];
  children: ResourceChild[];
  evidence: Evidence[];
}

/** A child shared by several parents is given whole once; elsewhere it is referenced by tag. */
export type ResourceChild = Resource | { ref: string };

interface Flat extends Omit<Resource, 'children'> {
  childTags: string[];
}

const ev = (doc: Document, index: number): Evidence => (documentEvidence(doc, index));

function blank(tag: string): Flat {
  return {
    tag, id: null, app: null, type: null, typeSource: null, state: null, localPriority: null, primaryServer: null,
    initialize: null, reason: null, equivalencies: [], childTags: [], evidence: [],
  };
}

/**
 * App and type from the shapes of ids and tags, for archives with only
 * `lcdstatus -q` (which prints neither). Inferred, and marked so:
 * DataKeeper's default tag style is `datarep-<name>` with a /dev id
 * (formats.md §2.7; v8-era `datarep1`); file systems have a mount point as id;
 * IP resources `IP-<address>` or the bare address; SCSI disk ids are a WWID with a partition suffix (`...-1`)
 * and device ids the bare WWID (our reading of the samples in the knowledge).
 */
export function inferType(tag: string, id: string | null): { app: string; type: string } | null {
  if (id === null) return null;
  // `datarep-<name>` is the default; v8-era hierarchies also carry `datarep1` (sources/004).
  if (/^datarep/i.test(tag) && id.startsWith('/dev/')) return { app: 'scsi', type: 'netraid' };
  // `IP-<address>`, or the bare address as v8-era output prints it (`ip1  192.168.0.1`, sources/004).
  if (/^(?:IP-)?\d{1,3}(\.\d{1,3}){3}$/i.test(id) || /^IP-[0-9a-f:]+$/i.test(id) || /^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$/i.test(id)) return { app: 'comm', type: 'ip' };
  if (id.startsWith('/') && !id.startsWith('/dev/')) return { app: 'gen', type: 'filesys' };
  if (/^[0-9a-f]{16,64}-\d+$/i.test(id)) return { app: 'scsi', type: 'disk' };
  if (/^[0-9a-f]{16,64}$/i.test(id)) return { app: 'scsi', type: 'device' };
  return null;
}

export interface SourceDocs {
  long: readonly Document[];
  short: readonly Document[];
  ins: readonly Document[];
  dep: readonly Document[];
  eqv: readonly Document[];
}

export interface Hierarchy {
  roots: Resource[];
  /** Which inputs the tree was built from. */
  sources: string[];
  /** Lines of each document the parsers could not use. */
  unread: Array<{ doc: Document; lines: number[] }>;
  /** Whether any status document was there at all (with or without rows that could be read). */
  statusDocuments: number;
  /** lcdstatus said LifeKeeper was not running. */
  notRunning: boolean;
}

export function buildHierarchy(docs: SourceDocs): Hierarchy {
  const flat = new Map<string, Flat>();
  const order: string[] = [];
  const sources = new Set<string>();
  const unread: Hierarchy['unread'] = [];
  let notRunning = false;
  const get = (tag: string): Flat => {
    let r = flat.get(tag);
    if (!r) {
      r = blank(tag);
      flat.set(tag, r);
      order.push(tag);
    }
    return r;
  };
  const addChild = (parent: Flat, child: string): void => {
    if (child !== parent.tag && !parent.childTags.includes(child)) parent.childTags.push(child);
  };

  // Long form first: it wins where sources disagree.
  for (const doc of docs.long) {
    const long = parseLongStatus(doc.lines);
    notRunning ||= long.notRunning;
    if (long.unparsedLines.length) unread.push({ doc, lines: long.unparsedLines });
    if (long.resources.length) sources.add(doc.input);
    for (const lr of long.resources) {
      const r = get(lr.tag);
      Object.assign(r, {
        id: lr.id, app: lr.app, type: lr.type, typeSource: 'lcdstatus', state: lr.state, localPriority: lr.localPriority,
        initialize: lr.initialize, reason: lr.reason,
        equivalencies: lr.equivalencies.map(({ lineIndex: _, ...e }) => e),
      });
      r.evidence.push(ev(doc, lr.lineIndex));
      for (const c of lr.dependsOn) addChild(r, c);
    }
  }
  const fromLong = new Set(flat.keys());
  for (const doc of docs.short) {
    const short = parseShortStatus(doc.lines);
    if (short.unparsedLines.length) unread.push({ doc, lines: short.unparsedLines });
    if (short.resources.length) sources.add(doc.input);
    const stack: Flat[] = [];
    for (const sr of short.resources) {
      const r = get(sr.tag);
      r.primaryServer ??= sr.primary;
      if (!fromLong.has(sr.tag)) {
        r.id ??= sr.id;
        r.state ??= sr.state;
        r.localPriority ??= doc.input === 'lcdstatus-q' ? sr.priority : r.localPriority;
        if (!r.evidence.some((e) => e.path === doc.path)) r.evidence.push(ev(doc, sr.lineIndex));
      }
      stack.length = Math.min(stack.length, sr.depth);
      const parent = stack[stack.length - 1];
      if (parent && !fromLong.has(parent.tag)) addChild(parent, sr.tag);
      stack.push(r);
    }
  }
  for (const doc of docs.ins) {
    const ins = parseInsList(doc.lines);
    if (ins.unparsedLines.length) unread.push({ doc, lines: ins.unparsedLines });
    if (ins.records.length) sources.add(doc.input);
    for (const rec of ins.records) {
      const r = get(rec.tag);
      if (r.type === null && rec.type) {
        r.app = rec.app;
        r.type = rec.type;
        r.typeSource = 'ins_list';
      }
      r.id ??= rec.id;
      r.state ??= rec.state;
      r.initialize ??= rec.initialize;
      if (!fromLong.has(rec.tag)) r.evidence.push(ev(doc, rec.lineIndex));
    }
  }
  for (const doc of docs.dep) {
    for (const d of parseDepList(doc.lines)) if (!fromLong.has(d.parent)) addChild(get(d.parent), d.child);
  }
  for (const doc of docs.eqv) {
    for (const e of parseEqvList(doc.lines)) {
      const r = flat.get(e.tag);
      if (r && !fromLong.has(e.tag) && !r.equivalencies.some((x) => x.peer === e.peer)) {
        r.equivalencies.push({ peer: e.peer, peerTag: e.peerTag, priority: e.peerPriority, kind: e.kind, failover: null });
      }
    }
  }

  for (const r of flat.values()) {
    if (r.type !== null) continue;
    const guess = inferType(r.tag, r.id);
    if (guess) Object.assign(r, { ...guess, typeSource: 'inferred' });
  }

  const isChild = new Set([...flat.values()].flatMap((r) => r.childTags));
  const emitted = new Set<string>();
  const toTree = (tag: string, path: Set<string>): ResourceChild => {
    if (emitted.has(tag) || path.has(tag)) return { ref: tag };
    emitted.add(tag);
    const f = flat.get(tag) ?? blank(tag);
    const { childTags, ...rest } = f;
    const inner = new Set(path).add(tag);
    return { ...rest, children: childTags.map((c) => toTree(c, inner)) };
  };
  const roots = order.filter((t) => !isChild.has(t)).map((t) => toTree(t, new Set()) as Resource);
  // Resources only reachable through a cycle still appear once.
  for (const t of order) if (!emitted.has(t)) roots.push(toTree(t, new Set()) as Resource);
  return { roots, sources: [...sources], unread, statusDocuments: docs.long.length + docs.short.length + docs.ins.length, notRunning };
}

/** Every resource of the tree once, in tree order (references skipped). */
export function allResources(roots: readonly ResourceChild[]): Resource[] {
  return inTreeOrder<Resource>(roots);
}
