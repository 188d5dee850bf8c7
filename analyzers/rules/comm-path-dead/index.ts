// Rule (SPS8-PDF p73): a communication path DEAD when the archive was
// collected. Critical when every path to that peer is dead (the nodes cannot
// see each other), warning when some redundancy is lost.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { pathsByPeer } from '../../facts/comm-paths/index.js';
import { commPathAddress } from '../../shared/comm-path-address.js';
import { COLLECT, COMM_PATH } from '../../shared/glossary.js';
import { counted } from '../../shared/plural.js';

export default defineAnalyzer({
  meta: {
    id: 'comm-path-dead',
    kind: 'rule',
    title: { en: 'Communication path DEAD', ja: `${COMM_PATH.ja}が DEAD` },
    severity: 'critical',
    inputs: [],
    needs: ['comm-paths'],
    references: [SOURCES.statusDisplay, SOURCES.kbLogLevel, SOURCES.commonCauses],
    action: { en: 'Repair the DEAD communication paths on both nodes (link, switch, firewall on port 7365).', ja: `両ノードで DEAD の${COMM_PATH.ja}(リンク、スイッチ、7365 番ポートの通信)を復旧してください。` },
    version: '1',
  },
  run(ctx) {
    for (const [peer, paths] of pathsByPeer(ctx.fact('comm-paths') ?? [])) {
      const dead = paths.filter((p) => p.state === 'DEAD');
      if (dead.length === 0) continue;
      const all = dead.length === paths.length;
      const list = dead.map((p) => `${p.type} ${commPathAddress(p)}`).join(', ');
      const downs = dead.map((p) => p.commDowns).filter((n): n is number => n !== null);
      const downsEn = downs.length ? ` #comm_downs: ${downs.join(', ')}.` : '';
      ctx.report({
        severity: all ? 'critical' : 'warning',
        title: all
          ? { en: `Every communication path to ${peer} is DEAD`, ja: `${peer} へのすべての${COMM_PATH.ja}が DEAD` }
          : { en: `${dead.length} of ${paths.length} communication paths to ${peer} DEAD`, ja: `${peer} への${COMM_PATH.ja} ${paths.length} 本中 ${dead.length} 本が DEAD` },
        summary: all
          ? { en: `When the archive was collected this node could not reach ${peer} on any path (${list}).${downsEn} LifeKeeper treats that as a failure of ${peer}: if ${peer} is in fact running, both nodes may hold the same resources (split brain).`, ja: `${COLLECT.ja}時、このノードはどのパス (${list}) でも ${peer} に到達できませんでした。${downs.length ? `#comm_downs: ${downs.join(', ')}。` : ''}LifeKeeper はこれを ${peer} の障害として扱います。${peer} が実際には稼働している場合、両ノードが同じリソースを持つ(スプリットブレイン)可能性があります。` }
          : { en: `When the archive was collected ${counted(dead.length, 'path')} to ${peer} ${dead.length === 1 ? 'was' : 'were'} DEAD (${list}).${downsEn} The cluster runs without comm path redundancy: one more failure and the nodes cannot see each other.`, ja: `${COLLECT.ja}時、${peer} へのパスのうち ${dead.length} 本 (${list}) が DEAD でした。${downs.length ? `#comm_downs: ${downs.join(', ')}。` : ''}${COMM_PATH.ja}の冗長性がない状態で、もう 1 本障害になるとノード間で互いを認識できません。` },
        ...(all ? { action: {
          en: 'Make sure the resources are in service on one node only, then repair the DEAD paths.',
          ja: 'リソースが 1 ノードでのみ稼働していることを確認してから、DEAD のパスを復旧してください。',
        } } : {}),
        remediation: {
          en: `Check the network of each dead path (link, switch, firewall on port 7365) on both nodes and the log around "Communication failure" (004217). ${all ? `Before bringing anything back, make sure the resources are in service on one node only.` : ''}`.trim(),
          ja: `両ノードで DEAD のパスのネットワーク(リンク、スイッチ、7365 番ポートのファイアウォール)と、"Communication failure" (004217) 前後のログを確認してください。${all ? 'リソースを戻す前に、リソースが 1 ノードでのみ稼働していることを確認してください。' : ''}`,
        },
        evidence: dead.flatMap((p) => p.evidence.slice(0, 1)),
      });
    }
  },
});
