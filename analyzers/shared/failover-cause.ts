// Why did it fail over? Finds each failover or switchover in timeline events
// (one node's, or a cluster's on one skew-corrected clock) and follows the
// chain of events before it to the cause class SIOS documents: the peer
// failed, the peer was alive but starved (or cut off), quorum loss, a resource
// that failed and could not be recovered locally, or a manual switchover; or
// says what is missing when the chain breaks. The node rule failover-cause and
// the cross-node rule cluster-failover-cause share it, so one failover reads
// the same whichever way it is analyzed.
import type { Evidence, Severity } from '../engine/plugin/findings.js';
import type { Text } from '../engine/plugin/text.js';
import { text } from '../engine/plugin/text.js';

/** One timeline event as the explainer reads it. */
export interface CauseEvent {
  node: string;
  /** Milliseconds on one clock for every node: a node's own sort key, or the cluster's skew-corrected one. */
  at: number;
  /** Local wall-clock time as the node logged it. */
  time: string;
  kind: string;
  severity: Severity;
  tag: string | null;
  title: Text;
  evidence: Evidence[];
}

export type CauseClass = 'peer-failed' | 'peer-alive' | 'peer-unreachable' | 'quorum-loss' | 'resource-failure' | 'manual' | 'undetermined';

/** What more the chain says of its class: how the peer was alive, what quorum loss did, what made a switchover manual. */
export type CauseDetail = 'starved' | 'network' | 'reboot' | 'removed-here' | 'named' | 'shutdown' | 'peer-removed' | null;

export interface FailoverCause {
  /** The node that took the hierarchy over; null when only the node that lost it is in the archives. */
  to: string | null;
  /** The node it came from, when the chain names it. */
  from: string | null;
  /** The first event of the takeover (or, with `to` null, of the loss). */
  start: CauseEvent;
  /** The tags restored, in order; the last one restored is the hierarchy's root. */
  tags: string[];
  cause: CauseClass;
  detail: CauseDetail;
  /** The lines that show it, in order (the clock the events share). */
  chain: CauseEvent[];
  /** What is missing where the chain breaks or stops short (null: nothing). */
  missing: Text | null;
  /** Restores of this takeover that failed: the failover did not complete. */
  failedRestores: CauseEvent[];
  sure: 'high' | 'medium' | 'low';
}

/** How far back a cause may lie. Assumed: the LCM declares a peer dead within seconds (5 s × 3 heartbeats by default) and local recovery gives up within minutes. */
export const LOOKBACK_MS = 10 * 60_000;
/** Clocks corrected by an estimated skew are still a little apart: a cause may show up to this long after the takeover began. */
const SLACK_MS = 60_000;
/** Restores further apart than this are two takeovers. */
const GROUP_GAP_MS = 3 * 60_000;
/** Restores this soon after LifeKeeper or the system started are the start-up bringing hierarchies in service, not a failover. */
const STARTUP_MS = 15 * 60_000;
/** Two clocks corrected for skew still differ by a few seconds: the peer's line this close to the loss may be on either side of it. */
const SLOP_MS = 5000;
/** How far back the peer's last event before it went silent is still worth quoting. */
const LAST_WORDS_MS = 30 * 60_000;
/** A peer that logs within this long after it was declared dead was alive. */
const ALIVE_MS = 10 * 60_000;

const STARTS = new Set(['lifekeeper-start', 'lifekeeper-ready', 'system-boot']);
const failed = (e: CauseEvent): boolean => e.severity !== 'info';
const isFailedRecover = (e: CauseEvent): boolean => e.kind === 'recover' && failed(e);
const within = (e: CauseEvent, from: number, to: number): boolean => e.at >= from && e.at <= to;

/** The machine a v7.5 "FAILOVER RECOVERY OF MACHINE <system>" line names. */
function machineOf(e: CauseEvent): string | null {
  return /RECOVERY OF MACHINE (\S{1,255})/i.exec(e.title.en)?.[1] ?? null;
}

interface Takeover {
  node: string;
  events: CauseEvent[];
}

/** Restores, and failover or switchover lines, on one node, grouped by time; those right after a start are the start-up. */
function takeovers(mine: readonly CauseEvent[]): Takeover[] {
  const out: Takeover[] = [];
  let open: Takeover | null = null;
  let lastStart = Number.NEGATIVE_INFINITY;
  for (const e of mine) {
    if (STARTS.has(e.kind)) {
      lastStart = e.at;
      continue;
    }
    if (e.kind !== 'restore' && e.kind !== 'failover' && e.kind !== 'switchover') continue;
    const last = open?.events[open.events.length - 1];
    if (open && last && e.at - last.at <= GROUP_GAP_MS) {
      open.events.push(e);
      continue;
    }
    // A restore group that begins soon after a start is the start-up's; a line naming a failover or switchover never is.
    if (e.kind === 'restore' && e.at - lastStart <= STARTUP_MS) {
      open = null;
      continue;
    }
    open = { node: e.node, events: [e] };
    out.push(open);
  }
  return out;
}

const restores = (t: Takeover): boolean => t.events.some((e) => e.kind === 'restore');

/** A failover or switchover line with no restore of its own, just before another node's restores, is that takeover's cause, not one more. */
function withoutMarkersOf(all: readonly Takeover[]): Takeover[] {
  return all.filter((t) => {
    if (restores(t)) return true;
    const at = (t.events[0] as CauseEvent).at;
    return !all.some((o) => o !== t && o.node !== t.node && restores(o) && (o.events[0] as CauseEvent).at - at <= LOOKBACK_MS && (o.events[0] as CauseEvent).at - at >= -SLACK_MS);
  });
}

function tagsOf(events: readonly CauseEvent[]): string[] {
  const tags: string[] = [];
  for (const e of events) if (e.kind === 'restore' && e.tag && !tags.includes(e.tag)) tags.push(e.tag);
  // The last tag restored is the root (a failover restores bottom-up; an in-service request ends with its root).
  const lastRestore = [...events].reverse().find((e) => e.kind === 'restore' && e.tag);
  if (lastRestore?.tag) {
    tags.splice(tags.indexOf(lastRestore.tag), 1);
    tags.unshift(lastRestore.tag);
  }
  return tags;
}

/** The events given, once each, in time order. */
function ordered(events: ReadonlyArray<CauseEvent | undefined | null>): CauseEvent[] {
  const unique = [...new Set(events.filter((e): e is CauseEvent => Boolean(e)))];
  return unique.sort((a, b) => a.at - b.at);
}

class Explainer {
  /** Events some finding already tells: a source-side failure explained by a takeover is not told again. */
  readonly used = new Set<CauseEvent>();
  private readonly byNode = new Map<string, CauseEvent[]>();

  constructor(private readonly events: readonly CauseEvent[], private readonly archives: ReadonlySet<string>) {
    // One list per node, appended to in place: copying it for every event was quadratic (151 MB on the event-heavy bench).
    for (const e of events) {
      const list = this.byNode.get(e.node);
      if (list) list.push(e);
      else this.byNode.set(e.node, [e]);
    }
  }

  of(node: string): CauseEvent[] {
    return this.byNode.get(node) ?? [];
  }

  private around(from: number, to: number, pred: (e: CauseEvent) => boolean): CauseEvent[] {
    return this.events.filter((e) => within(e, from, to) && pred(e));
  }

  /** Local recovery that failed on `node` in the window, with the quickCheck failure before it and the removes after it. */
  private resourceFailure(node: string | null, from: number, to: number, except: string): { chain: CauseEvent[]; node: string; recovered: boolean } | null {
    const recovers = this.around(from, to, (e) => e.node !== except && (node === null || e.node === node) && isFailedRecover(e));
    const checks = this.around(from, to, (e) => e.node !== except && (node === null || e.node === node) && e.kind === 'quickcheck-failed');
    const failure = recovers[recovers.length - 1];
    const check = failure ? [...checks].reverse().find((c) => c.node === failure.node && c.at <= failure.at) : checks[checks.length - 1];
    const where = failure?.node ?? check?.node;
    if (!where) return null;
    // A failed check whose local recovery then succeeded caused nothing.
    if (!failure && check && this.of(where).some((e) => e.kind === 'recover' && !failed(e) && e.tag === check.tag && e.at >= check.at)) return null;
    const anchor = failure ?? check;
    const removed = anchor ? this.of(where).find((e) => e.kind === 'remove' && e.at >= anchor.at && e.at - anchor.at <= LOOKBACK_MS) : undefined;
    return { chain: ordered([check, failure, removed]), node: where, recovered: Boolean(failure) };
  }

  /** What a node did after it lost quorum: restarted, took its resources out of service, or nothing logged. */
  private quorumAction(q: CauseEvent): { event: CauseEvent | undefined; detail: CauseDetail } {
    const after = this.of(q.node).filter((e) => e.at >= q.at && e.at - q.at <= STARTUP_MS);
    const start = after.find((e) => STARTS.has(e.kind));
    const remove = after.find((e) => e.kind === 'remove');
    if (remove && (!start || remove.at < start.at)) return { event: remove, detail: 'removed-here' };
    if (start) return { event: start, detail: 'reboot' };
    return { event: undefined, detail: null };
  }

  explainTakeover(t: Takeover): FailoverCause {
    const c = this.causeOf(t);
    const end = c.failedRestores[0] ?? t.events[t.events.length - 1];
    return { ...c, chain: ordered([...c.chain, end]) };
  }

  private causeOf(t: Takeover): FailoverCause {
    const n = t.node;
    const first = t.events[0] as CauseEvent;
    const t0 = first.at;
    const tags = tagsOf(t.events);
    const failedRestores = t.events.filter((e) => e.kind === 'restore' && failed(e));
    const base = { to: n, start: first, tags, failedRestores };
    const from = t0 - LOOKBACK_MS;
    const to = t0 + SLACK_MS;

    const resource = this.resourceFailure(null, from, to, n);
    if (resource) {
      for (const e of resource.chain) this.used.add(e);
      const missing = resource.recovered ? null : text(
        `no failed local recovery of the resource is logged on ${resource.node}`,
        `${resource.node} にリソースのローカルリカバリー失敗が記録されていません`,
      );
      return { ...base, from: resource.node, cause: 'resource-failure', detail: null, chain: ordered([...resource.chain, first]), missing, sure: resource.recovered ? 'high' : 'medium' };
    }

    const comm = [...this.around(from, t0 + 1000, (e) => e.node === n && (e.kind === 'comm-failure' || (e.kind === 'failover' && machineOf(e) !== null)))].pop();
    const quorum = this.around(from, to, (e) => e.node !== n && e.kind === 'quorum-loss')[0];
    if (quorum) return this.quorumCause(base, quorum, comm ?? null, first);
    if (comm) return this.heartbeatCause(base, comm, first);

    // The other node's clean removes of the hierarchy: how a switchover looks from the node that gave it up.
    const removed = this.around(from, to, (e) => e.node !== n && e.kind === 'remove' && !failed(e) && (e.tag === null || tags.includes(e.tag) || tags.length === 0))[0];
    const named = this.around(from, to, (e) => e.kind === 'switchover')[0] ?? t.events.find((e) => e.kind === 'switchover');
    if (named) return { ...base, from: removed?.node ?? (named.node === n ? null : named.node), cause: 'manual', detail: 'named', chain: ordered([named, first, removed]), missing: null, sure: 'high' };

    const stop = this.around(from, to, (e) => e.node !== n && e.kind === 'lifekeeper-stop')[0];
    if (stop) return { ...base, from: stop.node, cause: 'manual', detail: 'shutdown', chain: ordered([stop, removed, first]), missing: null, sure: 'medium' };

    if (removed) return { ...base, from: removed.node, cause: 'manual', detail: 'peer-removed', chain: ordered([first, removed]), missing: null, sure: 'medium' };

    const missing = this.archives.size < 2
      ? text(
        `${n} logged no communication failure, quorum loss or switchover before it; a resource failure on the peer node or a manual switchover leaves no line here, so the peer node's archive is needed to tell them apart`,
        `${n} にはその前の通信障害、クォーラム喪失、スイッチオーバーの記録がありません。対向ノードでのリソース障害も手動のスイッチオーバーもこのノードには記録を残さないため、区別には対向ノードのアーカイブが必要です`,
      )
      : text(
        `no node logged a communication failure, quorum loss, resource failure, switchover or removal of the hierarchy in the ${LOOKBACK_MS / 60_000} minutes before it`,
        `その前の ${LOOKBACK_MS / 60_000} 分間に、どのノードにも通信障害、クォーラム喪失、リソース障害、スイッチオーバー、階層の停止の記録がありません`,
      );
    return { ...base, from: null, cause: 'undetermined', detail: null, chain: [first], missing, sure: 'low' };
  }

  private quorumCause(base: Pick<FailoverCause, 'to' | 'start' | 'tags' | 'failedRestores'>, quorum: CauseEvent, comm: CauseEvent | null, first: CauseEvent | null): FailoverCause {
    const action = this.quorumAction(quorum);
    this.used.add(quorum);
    const missing = action.event ? null : text(
      `${quorum.node} logged nothing after it lost quorum: the action it took (QUORUM_LOSS_ACTION fastkill halts the node) is not shown`,
      `${quorum.node} はクォーラム喪失後に何も記録していません: 実行されたアクション (QUORUM_LOSS_ACTION、fastkill ではノード停止) は確認できません`,
    );
    return { ...base, from: quorum.node, cause: 'quorum-loss', detail: action.detail, chain: ordered([comm, quorum, action.event, first]), missing, sure: base.to && action.event ? 'high' : 'medium' };
  }

  /** Heartbeats lost on every path to the peer: did the peer fail, starve, lose quorum or stay up? Its own archive says. */
  private heartbeatCause(base: Pick<FailoverCause, 'to' | 'start' | 'tags' | 'failedRestores'>, comm: CauseEvent, first: CauseEvent): FailoverCause {
    const n = comm.node;
    const peer = comm.kind === 'comm-failure' ? comm.tag : machineOf(comm);
    const tc = comm.at;
    if (!peer || !this.archives.has(peer)) {
      const who = text(peer ?? 'the peer node', peer ?? '対向ノード');
      return {
        ...base, from: peer, cause: 'peer-unreachable', detail: null, chain: ordered([comm, first]), sure: 'medium',
        missing: text(
          `${who.en}'s archive: only it shows whether ${who.en} failed (a restart follows) or was alive but starved (its messages continue)`,
          `${who.ja} のアーカイブ: ${who.ja} が障害で停止した(その後に再起動がある)のか、稼働していたが応答できなかった(ログが継続している)のかは、そのアーカイブでしか分かりません`,
        ),
      };
    }
    const theirs = this.of(peer);
    const quorum = theirs.find((e) => e.kind === 'quorum-loss' && within(e, tc - LOOKBACK_MS, tc + LOOKBACK_MS));
    if (quorum) return this.quorumCause(base, quorum, comm, first);
    const restart = theirs.find((e) => STARTS.has(e.kind) && e.at >= tc - SLACK_MS);
    const starved = theirs.filter((e) => e.kind === 'system-starved' && within(e, tc - LOOKBACK_MS, tc + LOOKBACK_MS));
    const alive = theirs.find((e) => !STARTS.has(e.kind) && e.kind !== 'comm-path-dead' && within(e, tc - SLOP_MS, tc + ALIVE_MS) && (!restart || e.at < restart.at));
    const lostUs = theirs.find((e) => e.kind === 'comm-failure' && e.tag === n && within(e, tc - LOOKBACK_MS, tc + ALIVE_MS));
    if (starved.length > 0 && (!restart || (starved[0] as CauseEvent).at < restart.at)) {
      return { ...base, from: peer, cause: 'peer-alive', detail: 'starved', chain: ordered([starved[0], comm, first, alive]), missing: null, sure: 'high' };
    }
    if (alive) {
      return { ...base, from: peer, cause: 'peer-alive', detail: lostUs ? 'network' : null, chain: ordered([comm, lostUs, alive, first]), missing: null, sure: lostUs ? 'high' : 'medium' };
    }
    if (restart) {
      // The peer's last event before it went silent, when it is recent enough to belong to the story.
      const before = [...theirs].reverse().find((e) => e.at < tc - SLOP_MS && e.at >= tc - LAST_WORDS_MS && !STARTS.has(e.kind));
      return { ...base, from: peer, cause: 'peer-failed', detail: null, chain: ordered([before, comm, first, restart]), missing: null, sure: 'high' };
    }
    return {
      ...base, from: peer, cause: 'peer-unreachable', detail: null, chain: ordered([comm, first]), sure: 'low',
      missing: text(
        `${peer}'s logs have no line from ${comm.time.replace('T', ' ').slice(0, 19)} on: neither the restart that follows a failure nor messages that show it alive`,
        `${peer} のログには ${comm.time.replace('T', ' ').slice(0, 19)} 以降の行がなく、障害後の再起動も、稼働を示すメッセージも確認できません`,
      ),
    };
  }

  /** Failures that took a hierarchy off a node with no takeover in these archives: local recovery failed, or quorum was lost. */
  sourceSide(): FailoverCause[] {
    const out: FailoverCause[] = [];
    for (const e of this.events) {
      if (this.used.has(e)) continue;
      if (isFailedRecover(e)) {
        const r = this.resourceFailure(e.node, e.at - LOOKBACK_MS, e.at + LOOKBACK_MS, '');
        // Only a failure that took the hierarchy out of service here is a failover away from this node.
        if (!r || !r.chain.some((x) => x.kind === 'remove')) continue;
        for (const x of this.around(e.at, e.at + LOOKBACK_MS, (x) => x.node === e.node && (isFailedRecover(x) || x.kind === 'quickcheck-failed'))) this.used.add(x);
        for (const x of r.chain) this.used.add(x);
        out.push({
          to: null, from: e.node, start: r.chain[0] ?? e, tags: e.tag ? [e.tag] : [], cause: 'resource-failure', detail: null, chain: r.chain, failedRestores: [], sure: 'medium',
          missing: this.takeoverMissing(e.node),
        });
      } else if (e.kind === 'quorum-loss') {
        const q = this.quorumCause({ to: null, start: e, tags: [], failedRestores: [] }, e, null, null);
        out.push({ ...q, missing: q.missing ?? this.takeoverMissing(e.node), sure: 'medium' });
      }
    }
    return out;
  }

  private takeoverMissing(node: string): Text {
    return [...this.archives].some((a) => a !== node)
      ? text('no other node in these archives logged restoring the hierarchy: the failover may not have completed', 'これらのアーカイブのどのノードにも階層の起動の記録がありません: フェイルオーバーが完了しなかった可能性があります')
      : text(`the archive of the node that took the hierarchy over (only ${node}'s is here)`, `階層を引き継いだノードのアーカイブ(ここにあるのは ${node} のもののみ)`);
  }
}

/**
 * Every failover or switchover in `events` (sorted or not; timed events only)
 * with its cause. `archives`: the nodes whose archives are given (a peer
 * outside it is a node whose side of the story is missing).
 */
export function explainFailovers(events: readonly CauseEvent[], archives: readonly string[]): FailoverCause[] {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const x = new Explainer(sorted, new Set(archives));
  const found: FailoverCause[] = [];
  const all = archives.flatMap((node) => takeovers(x.of(node)));
  for (const t of withoutMarkersOf(all)) found.push(x.explainTakeover(t));
  found.push(...x.sourceSide());
  return found.sort((a, b) => a.start.at - b.start.at);
}

/** A failover caused by a failure is a warning; a manual switchover, or one whose cause is not determined, is info. */
export function severityOf(c: FailoverCause): Severity {
  return c.cause === 'manual' || c.cause === 'undetermined' ? 'info' : 'warning';
}
