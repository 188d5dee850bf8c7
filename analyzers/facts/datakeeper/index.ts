// Fact: DataKeeper mirrors (md raid1 over nbd) from /proc/mdstat and
// mirror_status, the netraid resources they belong to, and the flag files
// (`<tag>_data_corrupt`, `last_owner`) with their paths.
import { documentEvidence } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { text } from '../../engine/plugin/text.js';
import { allResources } from '../resource-hierarchy/index.js';
import type { MdArray, MirrorStatus } from './parse.js';
import { flagOf, parseMdstat, parseMirrorStatus } from './parse.js';
import { MIRROR } from '../../shared/glossary.js';

export interface Mirror extends Omit<MdArray, 'lineIndex'> {
  /** The netraid resource tag, when it can be told. */
  tag: string | null;
  status: Omit<MirrorStatus, 'lineIndex' | 'unparsedLines'> | null;
  evidence: Evidence[];
}

export interface DataKeeperFlag {
  kind: 'data_corrupt' | 'last_owner';
  tag: string | null;
  path: string;
  /** The file's content (last_owner names a node). */
  content: string;
  evidence: Evidence;
}

export interface DataKeeperFact {
  mirrors: Mirror[];
  /** mirror_status outputs that could not be matched to an md device. */
  unmatchedStatus: Array<{ tag: string | null; status: Omit<MirrorStatus, 'lineIndex' | 'unparsedLines'>; evidence: Evidence }>;
  netraid: Array<{ tag: string; id: string | null; state: string | null }>;
  flags: DataKeeperFlag[];
}

/**
 * Every mirror the archive tells of: those of /proc/mdstat, then those known
 * from mirror_status alone (no md device: `device` is ''), so that rules on a
 * mirror's state see both.
 */
export function allMirrors(dk: DataKeeperFact): Mirror[] {
  return [
    ...dk.mirrors,
    ...dk.unmatchedStatus.map((u): Mirror => ({
      device: '', state: '', level: 'raid1', members: [], health: null, degraded: false, resync: null, bitmap: null,
      tag: u.tag, status: u.status, evidence: [u.evidence],
    })),
  ];
}

/** `mirror_status_datarep-data.out` → `datarep-data`. */
function tagFromName(path: string): string | null {
  const m = /mirror_status[ _.-]+(.+?)(?:\.(?:out|txt))?$/.exec(path.replace(/^.*\//, ''));
  return m?.[1] ?? null;
}

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'datakeeper': DataKeeperFact;
  }
}

export default defineAnalyzer({
  meta: {
    id: 'datakeeper',
    kind: 'fact',
    title: { en: 'DataKeeper mirrors and flags', ja: `DataKeeper の${MIRROR.ja}とフラグ` },
    inputs: ['mdstat', 'mirror-status', 'netraid-flag'],
    uses: ['resource-hierarchy'],
    version: '2',
  },
  run(ctx) {
    const netraid = allResources(ctx.fact('resource-hierarchy') ?? [])
      .filter((r) => r.type === 'netraid')
      .map((r) => ({ tag: r.tag, id: r.id, state: r.state }));
    const mirrors: Mirror[] = [];
    for (const doc of ctx.documents('mdstat')) {
      for (const a of parseMdstat(doc.lines)) {
        if (a.level !== 'raid1') continue;
        // A netraid resource's id is the mirror's local device (formats.md §2.7).
        const owner = netraid.find((n) => n.id !== null && a.members.some((m) => `/dev/${m.device}` === n.id));
        // Other raid1 arrays (the OS's own software RAID) are not DataKeeper's.
        const dataKeeperLike = owner || a.members.some((m) => m.nbd) || (a.bitmap?.file ?? '').startsWith('/opt/LifeKeeper/');
        if (!dataKeeperLike) continue;
        const { lineIndex, ...rest } = a;
        mirrors.push({ ...rest, tag: owner?.tag ?? null, status: null, evidence: [documentEvidence(doc, lineIndex)] });
      }
    }
    // One netraid resource and one mirror left unmatched: they are each other's.
    const unowned = mirrors.filter((m) => m.tag === null);
    const unclaimed = netraid.filter((n) => !mirrors.some((m) => m.tag === n.tag));
    if (unowned.length === 1 && unclaimed.length === 1 && unowned[0]) unowned[0].tag = unclaimed[0]?.tag ?? null;
    const unmatchedStatus: DataKeeperFact['unmatchedStatus'] = [];
    for (const doc of ctx.documents('mirror-status')) {
      const st = parseMirrorStatus(doc.lines);
      if (!st) {
        // Recognised by its name, but not one status line in it: every non-blank line is unread.
        ctx.unread(doc, doc.lines.flatMap((l, i) => (l.trim() ? [i] : [])));
        continue;
      }
      const { lineIndex, unparsedLines, ...status } = st;
      ctx.unread(doc, unparsedLines);
      const tag = tagFromName(doc.path);
      const evidence = documentEvidence(doc, lineIndex);
      const target = mirrors.find((m) => tag !== null && m.tag === tag) ?? (mirrors.length === 1 && (tag === null || mirrors[0]?.tag === null) ? mirrors[0] : undefined);
      if (target) {
        target.status = status;
        target.tag ??= tag;
        target.evidence.push(evidence);
      } else unmatchedStatus.push({ tag, status, evidence });
    }
    const flags: DataKeeperFlag[] = ctx.documents('netraid-flag').flatMap((doc) => {
      const f = flagOf(doc.path);
      if (!f) return [];
      const content = doc.lines.join('\n').trim();
      // The evidence is the flag file itself (line 0: the outputs say "the file itself" in the reader's language): its content as
      // read, or its size when it is empty, so that no word of ours in one language stands among the archive's lines.
      return [{ ...f, path: doc.path, content, evidence: { path: doc.path, line: 0, text: content ? content.split('\n').join(' ') : '(0 B)' } }];
    });
    if (mirrors.length === 0 && unmatchedStatus.length === 0 && flags.length === 0 && netraid.length === 0) {
      if (ctx.documents('mdstat').length === 0) return notChecked(text('no /proc/mdstat or mirror_status in the archive', 'アーカイブに /proc/mdstat も mirror_status もありません'));
    }
    return { mirrors, unmatchedStatus, netraid, flags };
  },
});
