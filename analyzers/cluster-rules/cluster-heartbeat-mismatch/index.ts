// Cross-node rule (tuning-the-lifekeeper-heartbeat, Params-9.8.1): LCMHBEATTIME,
// LCMNUMHBEATS and LCMPORT must be the same on all nodes; an absent key counts
// as its default (5, 3, 0), but only in a /etc/default/LifeKeeper that the
// archive holds: a node whose archive lacks the file is left out, not taken
// for one with every default.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import type { SettingsFact } from '../../facts/settings/index.js';
import { COMM_PATH, FAILOVER, PEER_NODE } from '../../shared/glossary.js';

const KEYS: Record<string, string> = { LCMHBEATTIME: '5', LCMNUMHBEATS: '3', LCMPORT: '0' };

export default defineAnalyzer({
  meta: {
    id: 'cluster-heartbeat-mismatch',
    kind: 'cluster-rule',
    title: { en: 'Heartbeat settings differ between the nodes', ja: 'ノード間でハートビートの設定が異なる' },
    severity: 'warning',
    references: [SOURCES.heartbeat, SOURCES.params981],
    action: { en: 'Set the same heartbeat settings on every node (stop LifeKeeper on all nodes to change them).', ja: '全ノードの LifeKeeper を停止し、ハートビートの設定を全ノードで同じ値にしてください。' },
    version: '2',
  },
  run(ctx) {
    const nodes = [...ctx.nodes]
      .filter(([, n]) => n.members.read.some((m) => m.input === 'lifekeeper-defaults'))
      .map(([host, n]) => ({ host, settings: n['settings'] as SettingsFact | undefined }))
      .filter((x) => x.settings);
    if (nodes.length < 2) return;
    for (const [key, def] of Object.entries(KEYS)) {
      const values = nodes.map(({ host, settings }) => {
        const s = settings?.lifekeeper.find((x) => x.key === key);
        return { host, value: s?.value ?? def, set: Boolean(s), evidence: s ? { node: host, ...s.evidence } : undefined };
      });
      if (new Set(values.map((v) => String(Number(v.value) || v.value))).size < 2) continue;
      const list = values.map((v) => `${v.host} ${key}=${v.value}${v.set ? '' : ' (default)'}`).join(', ');
      const evidence: Evidence[] = values.flatMap((v) => (v.evidence ? [v.evidence] : []));
      if (evidence.length === 0) continue;
      ctx.report({
        title: { en: `${key} differs between nodes: ${list}`, ja: `ノード間で ${key} が異なります: ${list}` },
        summary: {
          en: `${list}. The nodes check each other's heartbeats with these values; different values make one side declare the other dead while it is alive (comm paths going up and down, false failovers)${key === 'LCMPORT' ? ', and a different LCMPORT keeps the nodes from talking at all' : ''}.`,
          ja: `${list}。ノードはこれらの値で互いのハートビートを確認するため、値が異なると一方が稼働中の${PEER_NODE.ja}を停止と判断します(${COMM_PATH.ja}の切断と回復の繰り返し、誤った${FAILOVER.ja})${key === 'LCMPORT' ? '。LCMPORT が異なるとノード間で通信できません' : ''}。`,
        },
        action: {
          en: `Set the same ${key} on every node (stop LifeKeeper on all nodes to change it).`,
          ja: `全ノードの LifeKeeper を停止し、${key} を全ノードで同じ値にしてください。`,
        },
        remediation: {
          en: `Set the same ${key} in /etc/default/LifeKeeper on every node (stop LifeKeeper on all nodes, change, start again).`,
          ja: `全ノードの /etc/default/LifeKeeper で ${key} を同じ値にしてください(全ノードの LifeKeeper を停止して変更し、再起動)。`,
        },
        evidence,
      });
    }
  },
});
