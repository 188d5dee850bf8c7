// Rule (disabling-reservations 9.5.1, SPS8-PDF p126): RESERVATIONS=none turns
// SCSI-reservation fencing off; SIOS then requires STONITH and/or quorum/
// witness. Fires when no quorum is configured; STONITH's configuration is not
// among the inputs, so the finding says to check it.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { PEER_NODE } from '../../shared/glossary.js';

export default defineAnalyzer({
  meta: {
    id: 'reservations-disabled-without-quorum',
    kind: 'rule',
    title: { en: 'SCSI reservations disabled without quorum/witness', ja: 'クォーラム/ウィットネスなしで SCSI リザベーションを無効化' },
    severity: 'warning',
    inputs: [],
    needs: ['settings', 'lifekeeper-version'],
    references: [SOURCES.disablingReservations],
    action: { en: 'Configure STONITH and a quorum/witness, or enable SCSI reservations again.', ja: 'STONITH とクォーラム/ウィットネスを構成するか、SCSI リザベーションを再度有効にしてください。' },
    version: '1',
  },
  run(ctx) {
    const settings = ctx.fact('settings')?.lifekeeper ?? [];
    const res = settings.find((s) => s.key === 'RESERVATIONS');
    if (!res || res.value.toLowerCase() !== 'none') return;
    const mode = settings.find((s) => s.key === 'QUORUM_MODE')?.value.toLowerCase();
    const qwk = ctx.fact('lifekeeper-version')?.packages.some((p) => p.name === 'steeleye-lkQWK');
    if (qwk && mode !== 'none' && mode !== 'off') return;
    ctx.report({
      summary: {
        en: 'RESERVATIONS=none turns off the SCSI reservations that keep both nodes from writing to the shared disks after a split brain, and no quorum/witness is configured (the Quorum/Witness kit is not installed or QUORUM_MODE is none). Only STONITH, if configured, now protects the data; its configuration (/opt/LifeKeeper/config/stonith.conf) is not read by this tool.',
        ja: 'RESERVATIONS=none により、スプリットブレイン後に両ノードが共有ディスクへ書き込むことを防ぐ SCSI リザベーションが無効になっており、クォーラム/ウィットネスも構成されていません(Quorum/Witness キット未導入または QUORUM_MODE が none)。データを保護するのは STONITH(構成されていれば)だけです。STONITH の設定 (/opt/LifeKeeper/config/stonith.conf) はこのツールでは確認していません。',
      },
      remediation: {
        en: 'Configure STONITH that powers the other node off (not a reboot) and a quorum/witness (and a watchdog): quorum alone does not cover a hung node and a watchdog alone does not cover split brain. Or enable reservations again.',
        ja: `${PEER_NODE.ja}を(再起動ではなく)電源断する STONITH と、クォーラム/ウィットネス(およびウォッチドッグ)を構成してください。クォーラムだけではハングしたノードに、ウォッチドッグだけではスプリットブレインに対応できません。またはリザベーションを再度有効にしてください。`,
      },
      title: { en: 'SCSI reservations disabled without quorum/witness', ja: 'クォーラム/ウィットネスなしで SCSI リザベーションを無効化' },
      evidence: [res.evidence],
    });
  },
});
