// Fact: the communication paths to each peer (type, addresses or device,
// state, priority, #comm_downs), from lcdstatus long and short forms; the long
// form wins where they disagree.
import { documentEvidence } from '../../engine/lines/lines.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { linuxStatusDocuments, parseLongStatus, parseShortStatus, WINDOWS_STATUS_REASON } from '../../shared/formats/lcdstatus.js';
import { text } from '../../engine/plugin/text.js';
import { MAX_COMM_PATHS, MAX_EVIDENCE_PER_ITEM } from '../../engine/run/budget.js';

export interface CommPath {
  peer: string;
  /** TCP or TTY. */
  type: string;
  /** `local/remote` for TCP. */
  localAddress: string | null;
  remoteAddress: string | null;
  device: string | null;
  /** ALIVE or DEAD. */
  state: string;
  priority: number | null;
  /** Only the long form gives it. */
  commDowns: number | null;
  evidence: Evidence[];
}

/** Paths grouped by the peer they lead to, in order. */
export function pathsByPeer(paths: readonly CommPath[]): Map<string, CommPath[]> {
  const byPeer = new Map<string, CommPath[]>();
  for (const p of paths) {
    // Appended in place: copying the list for each path was quadratic (50,000 paths to one peer took 200 s).
    const list = byPeer.get(p.peer);
    if (list) list.push(p);
    else byPeer.set(p.peer, [p]);
  }
  return byPeer;
}

function key(p: { peer: string; type: string; addresses?: string | null; device?: string | null }): string {
  return `${p.peer}|${p.type}|${p.addresses ?? p.device ?? ''}`;
}

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'comm-paths': CommPath[];
  }
}

export default defineAnalyzer({
  meta: {
    id: 'comm-paths',
    kind: 'fact',
    title: { en: 'Communication paths', ja: 'コミュニケーションパス' },
    inputs: ['lcdstatus', 'lcdstatus-q', 'lcdstatus-e'],
    version: '1',
  },
  run(ctx) {
    const paths = new Map<string, CommPath>();
    // Paths past MAX_COMM_PATHS, counted (by key, once each) but not kept; their keys are bounded by the documents' budget.
    const dropped = new Set<string>();
    const add = (p: { peer: string; type: string; addresses: string | null; device: string | null; state: string; priority: number | null; commDowns: number | null }, e: Evidence, wins: boolean): void => {
      const k = key(p);
      const old = paths.get(k);
      if (old) {
        if (old.evidence.length < MAX_EVIDENCE_PER_ITEM) old.evidence.push(e);
        if (wins) Object.assign(old, { state: p.state, priority: p.priority, commDowns: p.commDowns ?? old.commDowns });
        return;
      }
      if (paths.size >= MAX_COMM_PATHS) {
        dropped.add(k);
        return;
      }
      const [local, remote] = p.type === 'TCP' && p.addresses ? p.addresses.split('/') : [];
      paths.set(k, {
        peer: p.peer, type: p.type, localAddress: local ?? null, remoteAddress: remote ?? null, device: p.device,
        state: p.state, priority: p.priority, commDowns: p.commDowns, evidence: [e],
      });
    };
    for (const doc of ctx.documents('lcdstatus')) {
      for (const c of parseLongStatus(doc.lines).commPaths) add(c, documentEvidence(doc, c.lineIndex), true);
    }
    const short = linuxStatusDocuments([...ctx.documents('lcdstatus-q'), ...ctx.documents('lcdstatus-e')]);
    if (short.windows) ctx.foreign(WINDOWS_STATUS_REASON);
    for (const doc of short.linux) {
      for (const c of parseShortStatus(doc.lines).commPaths) {
        add({ ...c, commDowns: null }, documentEvidence(doc, c.lineIndex), false);
      }
    }
    if (paths.size === 0) {
      if (short.windows && short.linux.length === 0 && ctx.documents('lcdstatus').length === 0) return notChecked(WINDOWS_STATUS_REASON);
      const any = ['lcdstatus', 'lcdstatus-q', 'lcdstatus-e'].some((i) => ctx.documents(i as 'lcdstatus').length > 0);
      return any
        ? []
        : notChecked(text('no lcdstatus output in the archive', 'アーカイブに lcdstatus の出力がありません'));
    }
    if (dropped.size > 0) {
      ctx.note(text(
        `the status output lists more than ${MAX_COMM_PATHS} communication paths: kept the first ${MAX_COMM_PATHS}, counted ${dropped.size} more`,
        `ステータス出力のコミュニケーションパスが ${MAX_COMM_PATHS} 本を超えています。最初の ${MAX_COMM_PATHS} 本を保持し、残り ${dropped.size} 本は件数のみ数えました`,
      ));
    }
    return [...paths.values()].sort((a, b) => a.peer.localeCompare(b.peer) || (a.priority ?? 99) - (b.priority ?? 99));
  },
});
