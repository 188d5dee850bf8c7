// Rule (SIOS KB 360037887931; known-issues-2 #10): every communication path
// to the peer was lost on a cluster with shared SCSI storage, and the kernel
// logged SCSI reservation conflicts or device/bus resets soon after. With all
// heartbeats gone both nodes start a communication failover: the standby tries
// to RESERVE the disks, then BUS_DEVICE_RESET, then BUS_RESET; if it takes the
// reservation the active node sees it lost and is forcibly rebooted.
// [INFERRED] The KB describes the sequence, not its log lines: the rule ties a
// 004217 "out of service" (or every path DEAD) to kernel "reservation
// conflict" / reset lines within half an hour, and says how sure it is.
import { evidenceOf } from '../../engine/lines/lines.js';
import { text } from '../../engine/plugin/text.js';
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { pathsByPeer } from '../../facts/comm-paths/index.js';
import { logTime } from '../../shared/when.js';
import { COMM_PATH, FAILOVER, HEARTBEAT, RESERVATION } from '../../shared/glossary.js';
import { counted } from '../../shared/plural.js';

/** A reservation line this long after the communication failure belongs to it. */
const WITHIN_MS = 30 * 60 * 1000;
/** Lines kept per kind; the rest are counted. */
const KEEP = 4;

interface Hit { kind: 'conflict' | 'reset'; sortKey: number | null; evidence: Evidence }
interface Seen { hits: Hit[]; counts: { conflict: number; reset: number } }

const CONFLICT = /reservation conflict/i;
const RESET = /\b(?:bus|device|host) reset\b|BUS_DEVICE_RESET|BUS_RESET/i;

export default defineAnalyzer<Seen>({
  meta: {
    id: 'all-heartbeats-lost-shared-storage',
    kind: 'rule',
    title: { en: 'All heartbeats lost with shared SCSI storage: the nodes fought for the disk reservation', ja: `共有ディスク構成で全${HEARTBEAT.ja}が途絶: ノード間で${RESERVATION.ja}の奪い合いが発生` },
    severity: 'critical',
    inputs: ['syslog'],
    needs: ['timeline'],
    uses: ['comm-paths'],
    references: [SOURCES.kbAllHbLost, SOURCES.commonCauses],
    action: { en: 'Find why every communication path failed; add an independent path and a quorum/witness.', ja: `全${COMM_PATH.ja}が途絶した原因を調査し、独立したパスとクォーラム/ウィットネスを追加してください。` },
    version: '1',
  },
  watch: {
    inputs: ['syslog'],
    keywords: ['reservation conflict', 'RESERVATION CONFLICT', 'reset', 'RESET'],
    init: () => ({ hits: [], counts: { conflict: 0, reset: 0 } }),
    onLine(seen, line, ctx) {
      const kind = CONFLICT.test(line.text) ? 'conflict' : RESET.test(line.text) ? 'reset' : null;
      if (!kind) return;
      seen.counts[kind]++;
      if (seen.hits.filter((h) => h.kind === kind).length < KEEP) seen.hits.push({ kind, sortKey: ctx.parse(line)?.time?.sortKey ?? null, evidence: evidenceOf(line) });
    },
  },
  run(ctx) {
    // The reservation conflicts are the kernel's, in messages: without it this sequence cannot be seen.
    if (ctx.streamed('syslog').length === 0) return notChecked(text('no messages/syslog in the archive', 'アーカイブに messages(syslog)がありません'));
    const { hits, counts } = ctx.watched;
    if (counts.conflict === 0) return;
    const losses = (ctx.fact('timeline')?.events ?? []).filter((e) => e.kind === 'comm-failure');
    const dead = [...pathsByPeer(ctx.fact('comm-paths') ?? [])].filter(([, paths]) => paths.length > 0 && paths.every((p) => p.state === 'DEAD'));
    // A conflict line from shortly before the loss up to WITHIN_MS after it.
    const near = losses.find((e) => hits.some((h) => h.kind === 'conflict' && (h.sortKey === null || (h.sortKey >= e.sortKey - 60_000 && h.sortKey <= e.sortKey + WITHIN_MS))));
    if (!near && dead.length === 0) return;
    const peer = near?.tag ?? dead[0]?.[0] ?? '?';
    const when = near ? { en: ` at ${logTime(near.time, 'en')}`, ja: `(${logTime(near.time, 'ja')})` } : { en: '', ja: '' };
    const how = near
      ? { en: 'LifeKeeper logged the peer out of service (004217) and the kernel logged SCSI reservation conflicts within 30 minutes', ja: 'LifeKeeper が対向ノードのサービス停止 (004217) を記録し、その 30 分以内にカーネルが SCSI リザベーションの競合を記録しています' }
      : { en: `every communication path to ${peer} was DEAD when the archive was collected and the kernel logged SCSI reservation conflicts`, ja: `採取時に ${peer} へのすべての${COMM_PATH.ja}が DEAD で、カーネルが SCSI リザベーションの競合を記録しています` };
    const resets = counts.reset > 0 ? { en: ` and ${counted(counts.reset, 'device or bus reset line')}`, ja: `、デバイスまたはバスのリセット ${counts.reset} 行` } : { en: '', ja: '' };
    ctx.report({
      title: { en: `All heartbeats to ${peer} lost${when.en}, then SCSI reservation conflicts`, ja: `${peer} との全${HEARTBEAT.ja}が途絶${when.ja}し、SCSI リザベーションの競合が発生` },
      summary: {
        en: `${how.en} (${counted(counts.conflict, 'conflict line')}${resets.en}). SIOS describes this sequence: when every heartbeat is lost with shared storage, both nodes run a communication ${FAILOVER.en}; the standby tries to RESERVE the disks, then sends BUS_DEVICE_RESET and BUS_RESET, and if it takes the reservation the active node detects the loss and is forcibly rebooted to protect the data. The link between the two sets of lines is our inference from their times (the KB quotes no log lines).`,
        ja: `${how.ja}(競合 ${counts.conflict} 行${resets.ja})。SIOS は次の動作を説明しています: 共有ディスク構成で全${HEARTBEAT.ja}が途絶えると両ノードが通信障害による${FAILOVER.ja}を実行し、待機系は対象 LU の RESERVE を試み、続いて BUS_DEVICE_RESET、BUS_RESET を実行します。待機系が RESERVE を奪うと、稼働系は RESERVE が奪われたことを検知して、データ保護のため強制再起動されます。両者の行の関連は時刻からの推定です(KB はログ行を示していません)。`,
      },
      remediation: {
        en: `The reboot is LifeKeeper protecting the data, as designed. Find why every ${COMM_PATH.en} failed at that time (network, switch, NIC, an overloaded node), give the cluster at least two independent paths (one on a private network), and consider a quorum/witness so that one side stops instead of both fighting for the disks.`,
        ja: `強制再起動はデータ保護のための設計どおりの動作です。その時刻にすべての${COMM_PATH.ja}が途絶した原因(ネットワーク、スイッチ、NIC、ノードの高負荷)を調査し、独立した 2 本以上のパス(1 本はプライベートネットワーク)を用意してください。両ノードがディスクを奪い合わないよう、クォーラム/ウィットネスの導入も検討してください。`,
      },
      evidence: [...(near?.evidence.slice(0, 2) ?? dead[0]?.[1].flatMap((p) => p.evidence.slice(0, 1)) ?? []), ...hits.map((h) => h.evidence)],
    });
  },
});
