// Rule (file-system-health-monitoring): a file system protected by
// LifeKeeper at or above FILESYSFULLWARN (90%) or FILESYSFULLERROR (95%).
// A filesys resource in ISU is the documented alarm for the same (resource
// states: ISU at the threshold, ISP again below it), so without df, or when
// df was taken at another moment, ISU is reported as capacity, not as a
// resource that lost its protection (known-issues-2 §R).
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
    version: '2',
  },
  run(ctx) {
    const settings = ctx.fact('settings')?.lifekeeper ?? [];
    const num = (k: string, d: number): number => Number(settings.find((s) => s.key === k)?.value ?? d) || d;
    const warn = num('FILESYSFULLWARN', 90);
    const error = num('FILESYSFULLERROR', 95);
    const filesys = allResources(ctx.fact('resource-hierarchy') ?? []).filter((r) => r.type === 'filesys' && r.id);
    const mounts = new Map(filesys.map((r) => [r.id as string, r]));
    // Mount points df shows (full or not): for those, df's figure is the finding; ISU is read only where df says nothing.
    const reported = new Set<string>();
    for (const doc of ctx.documents('df')) {
      for (const d of parseDf(doc.lines)) {
        const r = mounts.get(d.mount);
        reported.add(d.mount);
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
    for (const r of filesys.filter((x) => x.state === 'ISU' && !reported.has(x.id as string))) {
      ctx.report({
        severity: 'warning',
        title: { en: `Protected file system ${r.id as string} is in service but unprotected (ISU): at least ${warn}% full`, ja: `保護対象のファイルシステム ${r.id as string} が ISU 状態: 使用率 ${warn}% 以上` },
        summary: {
          en: `The file system resource ${r.tag} (${r.id as string}) was ISU when the archive was collected. For a file system resource this is LifeKeeper's documented alarm that it has reached at least ${warn}% of its capacity (FILESYSFULLWARN); it returns to ISP once usage falls below the threshold. It is a capacity warning, not a lost protection.`,
          ja: `${COLLECT.ja}時、ファイルシステムリソース ${r.tag}(${r.id as string})は ISU 状態でした。ファイルシステムリソースの ISU は、使用率が容量の ${warn}% (FILESYSFULLWARN) 以上に達したことを示す LifeKeeper の警告で、しきい値を下回ると ISP に戻ります。保護が失われたのではなく、容量の警告です。`,
        },
        remediation: {
          en: 'Check the usage with df on this node, then free space or grow the file system before applications fail to write.',
          ja: 'このノードで df により使用率を確認し、アプリケーションが書き込みに失敗する前に空き容量を確保するかファイルシステムを拡張してください。',
        },
        evidence: r.evidence.slice(0, 1),
      });
    }
  },
});
