// The words of a failover-cause finding, in English and Japanese: the title
// names the cause class, the summary walks the chain of lines in order and
// says how sure it is and what is missing, the remediation is the class's.
// One module for the node rule and the cross-node rule, so that a failover
// reads the same whichever way it was analyzed.
import type { Text } from '../engine/plugin/text.js';
import { text } from '../engine/plugin/text.js';
import type { CauseEvent, FailoverCause } from './failover-cause.js';
import { COLLECT, COMM_PATH, FAILOVER, HEARTBEAT, PEER_NODE, SWITCHOVER } from './glossary.js';
import { logTime } from './when.js';

/** Chain lines quoted in the summary; the evidence holds them all. */
const MAX_CHAIN_IN_SUMMARY = 6;

export interface CauseTexts {
  title: Text;
  summary: Text;
  remediation: Text;
  action: Text;
}

/** What the cluster knows that one node does not: when each archive was collected, and how far each clock was corrected. */
export interface ClusterContextForText {
  /** Per node: when its archive was collected, on the events' common clock (null: unknown). */
  collectedAt: ReadonlyMap<string, { at: number; time: string } | null>;
  /** Per node: milliseconds subtracted from its times to put them on the common clock (0 or absent: none). */
  skewMs: ReadonlyMap<string, number>;
  /** The node whose clock the others were corrected to. */
  reference: string;
}

function hierarchyOf(c: FailoverCause): Text {
  const [root, ...rest] = c.tags;
  if (!root) return text('the hierarchy', '階層');
  if (rest.length === 0) return text(`"${root}"`, `"${root}"`);
  return text(`"${root}" (with ${rest.length} more resource${rest.length === 1 ? '' : 's'})`, `"${root}"(ほか ${rest.length} リソース)`);
}

/** What happened, as a headline: which node took what over when, and the cause class. */
function headline(c: FailoverCause): Text {
  const when = { en: logTime(c.start.time, 'en'), ja: logTime(c.start.time, 'ja') };
  const h = hierarchyOf(c);
  const from = c.from ?? '?';
  const fromJa = c.from ?? '対向ノード';
  if (c.to === null) {
    return c.cause === 'quorum-loss'
      ? text(`${from} lost quorum at ${when.en} and gave up its resources`, `${when.ja} ${from} がクォーラムを喪失し、リソースを手放しました`)
      : text(`${h.en} failed over away from ${from} at ${when.en}: it failed its check and could not be recovered locally`, `${when.ja} ${h.ja} が ${from} から${FAILOVER.ja}: 監視で障害を検出し、ローカルリカバリーに失敗`);
  }
  const lead = c.cause === 'manual'
    ? text(`Switchover of ${h.en} to ${c.to} at ${when.en}`, `${when.ja} ${h.ja} の ${c.to} への${SWITCHOVER.ja}`)
    : c.cause === 'undetermined'
      ? text(`Failover or switchover of ${h.en} to ${c.to} at ${when.en}`, `${when.ja} ${h.ja} の ${c.to} への${FAILOVER.ja}または${SWITCHOVER.ja}`)
      : text(`Failover of ${h.en} to ${c.to} at ${when.en}`, `${when.ja} ${h.ja} の ${c.to} への${FAILOVER.ja}`);
  const cause: Record<FailoverCause['cause'], Text> = {
    'peer-failed': text(`${from} failed (${HEARTBEAT.en}s lost on every ${COMM_PATH.en}, then machine-failure recovery; ${from} restarted)`, `${from} の障害(全${COMM_PATH.ja}で${HEARTBEAT.ja}が途絶 → マシン障害リカバリー、${from} は再起動)`),
    'peer-alive': c.detail === 'starved'
      ? text(`${from} was alive but starved (${HEARTBEAT.en}s missed while its own messages continue)`, `${from} は稼働中だったが高負荷で応答不能(${HEARTBEAT.ja}が途絶えた間も自身のログは継続)`)
      : c.detail === 'network'
        ? text(`${from} was alive; both nodes lost each other's ${HEARTBEAT.en}s at once (the ${COMM_PATH.en}s failed)`, `${from} は稼働中、両ノードが同時に互いの${HEARTBEAT.ja}を喪失(${COMM_PATH.ja}の障害)`)
        : text(`${from} was alive but missed ${HEARTBEAT.en}s (its own messages continue)`, `${from} は稼働中だったが${HEARTBEAT.ja}が途絶(自身のログは継続)`),
    'peer-unreachable': text(`${HEARTBEAT.en}s from ${from} lost on every ${COMM_PATH.en}; whether it failed or was starved is not determined`, `全${COMM_PATH.ja}で ${fromJa} の${HEARTBEAT.ja}が途絶。障害か高負荷かは未確定`),
    'quorum-loss': text(`${from} lost quorum${c.detail === 'reboot' ? ' and restarted' : c.detail === 'removed-here' ? ' and took its resources out of service' : ''}`, `${from} のクォーラム喪失${c.detail === 'reboot' ? '(再起動)' : c.detail === 'removed-here' ? '(リソースを停止)' : ''}`),
    'resource-failure': text(`a resource failed its check on ${from} and could not be recovered locally`, `${from} でリソースが監視で障害を検出し、ローカルリカバリーに失敗`),
    manual: c.detail === 'shutdown'
      ? text(`manual: LifeKeeper was stopped on ${from}`, `手動操作: ${from} で LifeKeeper を停止`)
      : c.detail === 'named'
        ? text('manual, as logged', '手動操作(ログに記録あり)')
        : text(`manual: ${from} released it cleanly, with no failure logged`, `手動操作: 障害の記録がないまま ${from} が正常に停止`),
    undetermined: text('cause not determined', '原因は未確定'),
  };
  return text(`${lead.en}: ${cause[c.cause].en}`, `${lead.ja}: ${cause[c.cause].ja}`);
}

function chainLine(e: CauseEvent, many: boolean): Text {
  const where = many ? `${e.node} ` : '';
  return text(`${where}${logTime(e.time, 'en')} ${e.title.en}`, `${where}${logTime(e.time, 'ja')} ${e.title.ja}`);
}

const SURE: Record<FailoverCause['sure'], Text> = {
  high: text('How sure: high, the lines below show each step.', '確度: 高(下の各行が各段階を示しています)。'),
  medium: text('How sure: medium, part of the chain is inferred (see the rule\'s notes) or seen from one side only.', '確度: 中(一部は推定、または片側のノードのみから確認)。'),
  low: text('How sure: low, the chain breaks (see what is missing).', '確度: 低(因果の連鎖が途切れています。不足している情報を参照してください)。'),
};

/** The finding's texts for one failover; `cluster` when the archives of several nodes were read together. */
export function causeTexts(c: FailoverCause, cluster: ClusterContextForText | null): CauseTexts {
  const many = cluster !== null;
  const steps = c.chain.slice(0, MAX_CHAIN_IN_SUMMARY).map((e) => chainLine(e, many));
  const more = c.chain.length > MAX_CHAIN_IN_SUMMARY ? text(`; ${c.chain.length - MAX_CHAIN_IN_SUMMARY} more below`, `。ほか ${c.chain.length - MAX_CHAIN_IN_SUMMARY} 行は下に記載`) : text('', '');
  const chain = text(`In order: ${steps.map((s) => s.en).join('; ')}${more.en}.`, `時系列: ${steps.map((s) => s.ja).join('、')}${more.ja}。`);
  const parts: Text[] = [chain];
  if (c.failedRestores.length > 0) {
    const tags = c.failedRestores.map((e) => `"${e.tag ?? '?'}"`).join(', ');
    parts.push(text(
      `The takeover did not complete: the restore of ${tags} failed on ${c.to ?? '?'}.`,
      `引き継ぎは完了していません: ${c.to ?? '?'} で ${tags} の起動に失敗しました。`,
    ));
  }
  if (cluster) {
    const skewed = [...new Set(c.chain.map((e) => e.node))].filter((n) => Math.abs(cluster.skewMs.get(n) ?? 0) >= 1000);
    for (const n of skewed) {
      const ms = cluster.skewMs.get(n) ?? 0;
      const secs = Math.round(Math.abs(ms) / 1000);
      parts.push(text(
        `${n}'s clock was ${secs} s ${ms > 0 ? 'ahead of' : 'behind'} ${cluster.reference}'s (estimated from communication failures both logged): the order above is corrected for it; the times are as each node logged them.`,
        `${n} の時計は ${cluster.reference} より ${secs} 秒${ms > 0 ? '進んで' : '遅れて'}いました(両ノードが記録した通信障害から推定)。上の順序はこれを補正したもので、時刻は各ノードの記録どおりです。`,
      ));
    }
    // A node whose archive was collected before the takeover: its logs stop short of it and its status is of before.
    for (const [n, collected] of cluster.collectedAt) {
      if (n === c.to || !c.to || !collected || collected.at >= c.start.at) continue;
      parts.push(text(
        `${n}'s archive was collected at ${logTime(collected.time, 'en')}, before this failover: its logs stop short of it, and its status shows the hierarchy where it was before, so the two archives can show it in service on both nodes without a split brain.`,
        `${n} のアーカイブは${FAILOVER.ja}前の ${logTime(collected.time, 'ja')} に${COLLECT.ja}されています。そのログには${FAILOVER.ja}までの経緯が含まれず、状態表示は${FAILOVER.ja}前のものです。2 つのアーカイブで両ノードが稼働中に見えても、スプリットブレインではありません。`,
      ));
    }
  }
  if (c.missing) parts.push(text(`What is missing: ${c.missing.en}.`, `不足している情報: ${c.missing.ja}。`));
  parts.push(SURE[c.sure]);
  return {
    title: headline(c),
    summary: text(parts.map((p) => p.en).join(' '), parts.map((p) => p.ja).join('')),
    remediation: remediationOf(c),
    action: actionOf(c),
  };
}

function remediationOf(c: FailoverCause): Text {
  const from = c.from ?? 'the peer node';
  const fromJa = c.from ?? PEER_NODE.ja;
  switch (c.cause) {
    case 'peer-failed':
      return text(
        `LifeKeeper did what it should: ${from} stopped answering on every ${COMM_PATH.en} and restarted. Find why ${from} went down at that time in its own messages and console before the restart (power, kernel panic, hardware, a hang that was reset), fix it, then switch the hierarchy back when ${from} is healthy.`,
        `LifeKeeper は想定どおり動作しました: ${fromJa} が全${COMM_PATH.ja}で応答しなくなり、再起動しています。${fromJa} の再起動前の messages やコンソールで停止の原因(電源、カーネルパニック、ハードウェア、リセットされたハングなど)を確認して解消し、${fromJa} が正常になってから階層を戻してください。`,
      );
    case 'peer-alive':
      return c.detail === 'network'
        ? text(
          `Both nodes were up and lost each other at the same moment: the ${COMM_PATH.en}s failed, not a node. Check the networks that carry them (switches, NICs, bonding, a firewall on port 7365), keep two independent ${COMM_PATH.en}s, and use quorum/witness so a partition does not fail over. Make sure the hierarchy is in service on one node only.`,
          `両ノードとも稼働しており、同時に互いを見失っています: 障害はノードではなく${COMM_PATH.ja}です。${COMM_PATH.ja}のネットワーク(スイッチ、NIC、ボンディング、ポート 7365 のファイアウォール)を確認し、独立した 2 本の${COMM_PATH.ja}を維持し、ネットワーク分断で${FAILOVER.ja}しないようクォーラム/ウィットネスを使用してください。階層が 1 ノードでのみ稼働していることを確認してください。`,
        )
        : text(
          `${from} was alive but did not answer in time: check its load at that moment (CPU, I/O, memory; the hung-task or soft-lockup lines, sar). Reduce the load, or raise LCMHBEATTIME / LCMNUMHBEATS, equally on all nodes. With both nodes alive, make sure the hierarchy is in service on one node only.`,
          `${fromJa} は稼働していましたが、時間内に応答できませんでした: その時点の負荷(CPU、I/O、メモリー、カーネルの警告、性能統計)を確認してください。負荷を下げるか、LCMHBEATTIME / LCMNUMHBEATS を全ノードで同じ値に引き上げてください。両ノードが稼働しているため、階層が 1 ノードでのみ稼働していることを確認してください。`,
        );
    case 'peer-unreachable':
      return text(
        `Analyze ${from}'s archive together with this one: a restart after the ${HEARTBEAT.en}s were lost means it failed; messages that continue mean it was alive but starved or cut off. Then follow the remedy of that cause.`,
        `${fromJa} のアーカイブをこのアーカイブと一緒に解析してください: ${HEARTBEAT.ja}途絶の後に再起動があれば障害、ログが継続していれば高負荷またはネットワーク分断です。その原因に応じて対処してください。`,
      );
    case 'quorum-loss':
      return text(
        `${from} lost quorum and took the action of QUORUM_LOSS_ACTION (fastkill halts, fastboot reboots, osu takes resources out of service). Find why it lost contact with the other nodes and the witness (the ${COMM_PATH.en}s, the witness host), fix it, then switch the hierarchy back if needed.`,
        `${fromJa} はクォーラムを喪失し、QUORUM_LOSS_ACTION に設定されたアクション(ノードの停止、再起動、またはリソースの停止)を実行しました。他のノードやウィットネスと通信できなくなった原因(${COMM_PATH.ja}、ウィットネスのホスト)を確認して解消し、必要であれば階層を戻してください。`,
      );
    case 'resource-failure':
      return text(
        `Read ${from}'s log just before the failed quickCheck and recovery (the context lines below) for why the resource failed there, fix it, then bring the hierarchy back when ${from} is ready.`,
        `失敗した quickCheck とリカバリーの直前の ${fromJa} のログ(下の前後行)で、リソースの障害の原因を確認して解消し、${fromJa} の準備ができてから階層を戻してください。`,
      );
    case 'manual':
      return text(
        `No failure caused it: the hierarchy was switched over by hand${c.detail === 'shutdown' ? ' (LifeKeeper stopped on the node that held it)' : ''}. Nothing to fix if it was planned; otherwise ask who ran it.`,
        `障害によるものではなく、手動で${SWITCHOVER.ja}されています${c.detail === 'shutdown' ? '(稼働ノードで LifeKeeper を停止)' : ''}。計画どおりであれば対処は不要です。そうでなければ実施者を確認してください。`,
      );
    case 'undetermined':
      return text(
        `Analyze the archives of every node of the cluster together (lkanalyze with all of them) so the chain can be followed across nodes, and read the lines before the takeover on each.`,
        `クラスターの全ノードのアーカイブを一緒に解析し (lkanalyze にすべて指定)、ノードをまたいで経緯を追えるようにしてください。各ノードで引き継ぎ前の行を確認してください。`,
      );
  }
}

function actionOf(c: FailoverCause): Text {
  const from = c.from ?? 'the peer node';
  const fromJa = c.from ?? PEER_NODE.ja;
  switch (c.cause) {
    case 'peer-failed':
      return text(`Find why ${from} went down (its messages before the restart).`, `${fromJa} が停止した原因を再起動前のログで確認してください。`);
    case 'peer-alive':
      return c.detail === 'network'
        ? text(`Check the networks of the ${COMM_PATH.en}s; keep the hierarchy on one node.`, `${COMM_PATH.ja}のネットワークを確認し、階層を 1 ノードで稼働させてください。`)
        : text(`Check ${from}'s load at that time; keep the hierarchy on one node.`, `その時点の ${fromJa} の負荷を確認し、階層を 1 ノードで稼働させてください。`);
    case 'peer-unreachable':
      return text(`Analyze ${from}'s archive with this one to tell a failure from a hang.`, `${fromJa} のアーカイブを一緒に解析し、障害か高負荷かを確認してください。`);
    case 'quorum-loss':
      return text(`Find why ${from} lost contact with the other nodes and the witness.`, `${fromJa} が他ノードやウィットネスと通信できなくなった原因を確認してください。`);
    case 'resource-failure':
      return text(`Find why the resource failed on ${from} (log lines before the failure).`, `${fromJa} でリソースが失敗した原因を直前のログで確認してください。`);
    case 'manual':
      return text('None if the switchover was planned.', `計画どおりの${SWITCHOVER.ja}であれば対処は不要です。`);
    case 'undetermined':
      return text('Analyze the archives of all nodes together to follow the chain.', '全ノードのアーカイブを一緒に解析して経緯を確認してください。');
  }
}
