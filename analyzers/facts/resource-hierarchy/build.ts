// Builds the resource tree from whichever lcdstatus forms and LCDI lists the
// archive holds. The long form wins where the sources disagree; the short
// forms add the primary server; ins_list adds app and type, which -q lacks.
import { documentEvidence } from '../../engine/lines/lines.js';
import type { Document } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { parseDepList, parseEqvList, parseInsList } from '../../shared/formats/lcdi.js';
import { parseLongStatus, parseShortStatus } from '../../shared/formats/lcdstatus.js';
import { inTreeOrder } from '../../shared/tree.js';
import { MAX_EQUIVALENCIES, MAX_EVIDENCE_PER_ITEM, MAX_RESOURCES, MAX_TREE_DEPTH } from '../../engine/run/budget.js';

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
  /** childTags as a set: a parent may list 50,000 children, and looking each up in the list was quadratic. */
  childSet: Set<string>;
}

const ev = (doc: Document, index: number): Evidence => (documentEvidence(doc, index));

function blank(tag: string): Flat {
  return {
    tag, id: null, app: null, type: null, typeSource: null, state: null, localPriority: null, primaryServer: null,
    initialize: null, reason: null, equivalencies: [], childTags: [], childSet: new Set(), evidence: [],
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
  /** Resources deeper than MAX_TREE_DEPTH: referenced where they hang, and each the root of a tree of its own. */
  reRooted: string[];
  /** Resources past MAX_RESOURCES: counted, not in the tree. */
  dropped: number;
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
  const addEvidence = (r: Flat, e: Evidence): void => {
    if (r.evidence.length < MAX_EVIDENCE_PER_ITEM) r.evidence.push(e);
  };
  // Peers of each resource's equivalencies, to add each once without searching the list (a tag may list thousands).
  const eqvPeers = new Map<string, Set<string>>();
  const addChild = (parent: Flat, child: string): void => {
    if (child === parent.tag || parent.childSet.has(child)) return;
    parent.childSet.add(child);
    parent.childTags.push(child);
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
      addEvidence(r, ev(doc, lr.lineIndex));
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
        if (!r.evidence.some((e) => e.path === doc.path)) addEvidence(r, ev(doc, sr.lineIndex));
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
      if (!fromLong.has(rec.tag)) addEvidence(r, ev(doc, rec.lineIndex));
    }
  }
  for (const doc of docs.dep) {
    for (const d of parseDepList(doc.lines)) if (!fromLong.has(d.parent)) addChild(get(d.parent), d.child);
  }
  for (const doc of docs.eqv) {
    for (const e of parseEqvList(doc.lines)) {
      const r = flat.get(e.tag);
      if (!r || fromLong.has(e.tag)) continue;
      let peers = eqvPeers.get(e.tag);
      if (!peers) {
        peers = new Set(r.equivalencies.map((x) => x.peer));
        eqvPeers.set(e.tag, peers);
      }
      if (!peers.has(e.peer) && r.equivalencies.length < MAX_EQUIVALENCIES) {
        peers.add(e.peer);
        r.equivalencies.push({ peer: e.peer, peerTag: e.peerTag, priority: e.peerPriority, kind: e.kind, failover: null });
      }
    }
  }

  for (const r of flat.values()) {
    if (r.type !== null) continue;
    const guess = inferType(r.tag, r.id);
    if (guess) Object.assign(r, { ...guess, typeSource: 'inferred' });
  }

  const isChild = new Set<string>();
  for (const r of flat.values()) for (const c of r.childTags) isChild.add(c);
  const emitted = new Set<string>();
  const reRooted: string[] = [];
  const node = (tag: string): Resource => {
    emitted.add(tag);
    const { childTags: _c, childSet: _s, ...rest } = flat.get(tag) ?? blank(tag);
    return { ...rest, children: [] };
  };
  /**
   * One tree, depth first with an explicit stack (a chain 20,000 resources
   * deep is 20,000 levels, more than the call stack holds). A resource met
   * again is a `{ ref }`, as is one that would hang deeper than
   * MAX_TREE_DEPTH: that one starts a tree of its own later, so that the
   * fact, its JSON and every view of it stay a bounded number of levels deep.
   */
  const toTree = (tag: string): Resource => {
    const root = node(tag);
    const stack: Array<{ resource: Resource; childTags: readonly string[]; next: number; depth: number }> = [
      { resource: root, childTags: flat.get(tag)?.childTags ?? [], next: 0, depth: 1 },
    ];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as (typeof stack)[number];
      if (top.next >= top.childTags.length) {
        stack.pop();
        continue;
      }
      const c = top.childTags[top.next++] as string;
      if (emitted.has(c)) {
        top.resource.children.push({ ref: c });
      } else if (emitted.size >= MAX_RESOURCES) {
        // Past the bound: left out whole (counted below), never a reference to a resource that is nowhere.
      } else if (top.depth >= MAX_TREE_DEPTH) {
        top.resource.children.push({ ref: c });
        reRooted.push(c);
      } else {
        const child = node(c);
        top.resource.children.push(child);
        stack.push({ resource: child, childTags: flat.get(c)?.childTags ?? [], next: 0, depth: top.depth + 1 });
      }
    }
    return root;
  };
  const roots: Resource[] = [];
  const addRoot = (t: string): void => {
    if (!emitted.has(t) && emitted.size < MAX_RESOURCES) roots.push(toTree(t));
  };
  for (const t of order) if (!isChild.has(t)) addRoot(t);
  // Resources cut off by the depth bound, in the order met (a re-rooted tree may cut off more); one reached meanwhile by a shorter way is already in place.
  let cut = 0;
  const reRoot = (): void => {
    for (; cut < reRooted.length; cut++) addRoot(reRooted[cut] as string);
  };
  reRoot();
  // Resources only reachable through a cycle still appear once.
  for (const t of order) {
    if (emitted.has(t) || emitted.size >= MAX_RESOURCES) continue;
    addRoot(t);
    reRoot();
  }
  const known = new Set([...flat.keys(), ...isChild]);
  return {
    roots, sources: [...sources], unread, statusDocuments: docs.long.length + docs.short.length + docs.ins.length, notRunning,
    reRooted: [...new Set(reRooted)].filter((t) => emitted.has(t)), dropped: known.size - emitted.size,
  };
}

/** Every resource of the tree once, in tree order (references skipped). */
export function allResources(roots: readonly ResourceChild[]): Resource[] {
  return inTreeOrder<Resource>(roots);
}
