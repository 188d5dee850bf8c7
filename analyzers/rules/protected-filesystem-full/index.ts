// Rule (file-system-health-monitoring): a file system protected by
// LifeKeeper at or above FILESYSFULLWARN (90%) or FILESYSFULLERROR (95%).
import { documentEvidence } from '../../engine/lines/lines.js';
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { allResources } from '../../facts/resource-hierarchy/index.js';
import { COLLECT, MIRROR } from '../../shared/glossary.js';

/** `df` / `df -h` / `df -k` data lines: use% and mount point are the last two columns. */
export function parseDf(lines: readonly string[]): Array<{ mount: string; usePercent: number; lineIndex: number }> {
  const out: Array<{ mount: string; usePercent: number; lineIndex: number }> = [];
  for (const [i, line] of lines.entries()) {
    const f = line.trim().split(/\s+/);
    const use = f[f.length - 2] ?? '';
    const mount = f[f.length - 1] ?? '';
    if (f.length >= 5 && /^\d{1,3}%$/.test(use) && mount.startsWith('/')) out.push({ mount, usePercent: Number(use.slice(0, -1)), lineIndex: i });
  }
  return out;
}

export default defineAnalyzer({
  meta: {
    id: 'protected-filesystem-full',
    kind: 'rule',
    title: { en: 'A protected file system is nearly full', ja: '保護対象のファイルシステムの空きが不足' },
    severity: 'critical',
    inputs: ['df'],
    needs: ['resource-hierarchy'],
    uses: ['settings'],
    references: [SOURCES.fsHealth, SOURCES.resourceStates],
    action: { en: 'Free space on the file system or grow it before applications fail to write.', ja: 'アプリケーションが書き込みに失敗する前に、空き容量を確保するかファイルシステムを拡張してください。' },
    version: '1',
  },
  run(ctx) {
    const settings = ctx.fact('settings')?.lifekeeper ?? [];
    const num = (k: string, d: number): number => Number(settings.find((s) => s.key === k)?.value ?? d) || d;
    const warn = num('FILESYSFULLWARN', 90);
    const error = num('FILESYSFULLERROR', 95);
    const mounts = new Map(allResources(ctx.fact('resource-hierarchy') ?? []).filter((r) => r.type === 'filesys' && r.id).map((r) => [r.id as string, r]));
    for (const doc of ctx.documents('df')) {
      for (const d of parseDf(doc.lines)) {
        const r = mounts.get(d.mount);
        if (!r || d.usePercent < warn) continue;
        const full = d.usePercent >= error;
        ctx.report({
          severity: full ? 'critical' : 'warning',
          title: { en: `Protected file system ${d.mount} is ${d.usePercent}% full`, ja: `保護対象のファイルシステム ${d.mount} の使用率が ${d.usePercent}%` },
          summary: {
            en: `${d.mount} (resource ${r.tag}) was ${d.usePercent}% full when the archive was collected, at or above LifeKeeper's ${full ? `error threshold FILESYSFULLERROR (${error}%)` : `warning threshold FILESYSFULLWARN (${warn}%)`}. Applications on it may fail to write.`,
            ja: `${COLLECT.ja}時、${d.mount}(リソース ${r.tag})の使用率は ${d.usePercent}% で、LifeKeeper の${full ? `エラーしきい値 FILESYSFULLERROR (${error}%)` : `警告しきい値 FILESYSFULLWARN (${warn}%)`}以上です。アプリケーションが書き込みに失敗する可能性があります。`,
          },
          remediation: {
            en: 'Free space or grow the file system (on both nodes\' storage for a mirror). The notification script /opt/LifeKeeper/events/filesys/diskfull/notify can alert on it.',
            ja: `空き容量を確保するかファイルシステムを拡張してください(${MIRROR.ja}の場合は両ノードのストレージ)。通知スクリプト /opt/LifeKeeper/events/filesys/diskfull/notify で通知できます。`,
          },
          evidence: [documentEvidence(doc, d.lineIndex), ...r.evidence.slice(0, 1)],
        });
      }
    }
  },
});
