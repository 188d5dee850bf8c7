// Rule (SPS8-PDF p73, formats.md §2.4): resources OSF (out of service,
// failed) or ILLSTATE. An OSF resource will not be brought in service by a
// failover; on the standby it can come from Standby Node Health Check (OSU
// resource monitoring), which then stops monitoring it until `retstate`.
// SAP HANA resources are left to hana-resource-osf-hsr-state, which says what
// the kit's OSF means.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { allResources } from '../../facts/resource-hierarchy/index.js';
import { COLLECT, FAILOVER } from '../../shared/glossary.js';
import { isHanaResource } from '../../shared/hana.js';
import { counted } from '../../shared/plural.js';

export default defineAnalyzer({
  meta: {
    id: 'resource-failed-state',
    kind: 'rule',
    title: { en: 'Resources in a failed state (OSF, ILLSTATE)', ja: '障害状態のリソース (OSF、ILLSTATE)' },
    severity: 'warning',
    inputs: [],
    needs: ['resource-hierarchy'],
    uses: ['node-identity'],
    references: [SOURCES.resourceStates, SOURCES.statusDisplay, SOURCES.osuMonitoring],
    action: { en: 'Fix the cause found in lifekeeper.log, then `perform_action -t <tag> -a restore`.', ja: 'lifekeeper.log で原因を確認して解消し、`perform_action -t <tag> -a restore` で起動してください。' },
    version: '2',
  },
  run(ctx) {
    const bad = allResources(ctx.fact('resource-hierarchy') ?? []).filter((r) => r.state === 'ILLSTATE' || (r.state === 'OSF' && !isHanaResource(r)));
    if (bad.length === 0) return;
    const ill = bad.some((r) => r.state === 'ILLSTATE');
    const list = bad.map((r) => `${r.tag} (${r.state}${r.reason ? `: ${r.reason}` : ''})`).join(', ');
    const one = bad.length === 1 ? bad[0]?.tag : undefined;
    // An OSF resource whose hierarchy another node has in service (the PRIMARY column): this node is its standby,
    // where OSF comes from OSU resource monitoring and retstate returns it (osu-resource-monitoring).
    const host = ctx.fact('node-identity')?.hostname ?? null;
    const standby = bad.length === 1 && bad[0]?.state === 'OSF' && host !== null && bad[0].primaryServer !== null && bad[0].primaryServer !== host;
    ctx.report({
      severity: ill ? 'critical' : 'warning',
      ...(one ? { action: standby
        ? {
            en: `On this standby, fix the cause, then \`/opt/LifeKeeper/lkadm/bin/retstate ${one}\`.`,
            ja: `この待機ノードで原因を解消し、\`/opt/LifeKeeper/lkadm/bin/retstate ${one}\` で状態を戻してください。`,
          }
        : {
            en: `Fix the cause found in lifekeeper.log, then \`perform_action -t ${one} -a restore\`.`,
            ja: `lifekeeper.log で原因を確認して解消し、\`perform_action -t ${one} -a restore\` で起動してください。`,
          } } : {}),
      title: { en: `${counted(bad.length, 'resource')} in a failed state: ${bad.map((r) => r.tag).join(', ')}`, ja: `障害状態のリソースが ${bad.length} 個: ${bad.map((r) => r.tag).join('、')}` },
      summary: {
        en: `When the archive was collected these resources were out of service after a failure or in an illegal state: ${list}. A failed resource is not brought in service by a failover, so its hierarchy is not protected on this node until the cause is fixed.`,
        ja: `${COLLECT.ja}時、次のリソースが障害によるサービス停止状態または不正な状態でした: ${list}。障害状態のリソースは${FAILOVER.ja}で起動されないため、原因を解消するまでこのノードでは階層が保護されません。`,
      },
      remediation: {
        en: 'Find why each one failed in lifekeeper.log (the last restore or quickCheck of the tag), fix the cause, then bring it back with perform_action -t <tag> -a restore (or remove, to return it to OSU). On a standby node, a failed check of OSU resource monitoring (Standby Node Health Check: SNHC_IPCHECK, SNHC_DISKCHECK) also sets OSF, and that resource is no longer monitored from then on: fix the cause, then return it with /opt/LifeKeeper/lkadm/bin/retstate <tag>.',
        ja: 'lifekeeper.log で各リソースが失敗した原因(そのタグの直近の restore や quickCheck)を確認して解消し、perform_action -t <tag> -a restore で起動してください(OSU に戻す場合は remove)。待機ノードでは、OSU リソース監視(Standby Node Health Check: SNHC_IPCHECK、SNHC_DISKCHECK)のチェック失敗でも OSF になり、以後そのリソースは監視されなくなります。原因を解消してから /opt/LifeKeeper/lkadm/bin/retstate <タグ> で状態を戻してください。',
      },
      evidence: bad.flatMap((r) => r.evidence.slice(0, 1)),
    });
  },
});
