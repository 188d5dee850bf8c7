// Rule (linux-configuration 9.9.0, known-issues §3): the running kernel is not
// the certified kernel of the OS minor release. Only the RHEL 7/8/9 (and
// CentOS 7) part of the table was readable; other distributions are not
// checked. A newer z-stream of the certified build is fine; another build
// (an older kernel left running after an OS update, or a kernel of another
// minor) is reported as info.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { parseKernelRelease } from '../../shared/versions.js';

/** RHEL minor → certified kernel `version-build` (SIOS 9.9.0 linux-configuration). */
export const CERTIFIED: Readonly<Record<string, string>> = {
  '7.0': '3.10.0-123', '7.1': '3.10.0-229', '7.2': '3.10.0-327', '7.3': '3.10.0-514', '7.4': '3.10.0-693', '7.5': '3.10.0-862',
  '7.6': '3.10.0-957', '7.7': '3.10.0-1062', '7.8': '3.10.0-1127', '7.9': '3.10.0-1160',
  '8.0': '4.18.0-80', '8.1': '4.18.0-147', '8.2': '4.18.0-193', '8.3': '4.18.0-240', '8.4': '4.18.0-305', '8.5': '4.18.0-348',
  '8.6': '4.18.0-372', '8.7': '4.18.0-425', '8.8': '4.18.0-477', '8.9': '4.18.0-513', '8.10': '4.18.0-553',
  '9.0': '5.14.0-70', '9.1': '5.14.0-162', '9.2': '5.14.0-284', '9.3': '5.14.0-362', '9.4': '5.14.0-427',
};

export default defineAnalyzer({
  meta: {
    id: 'kernel-not-certified',
    kind: 'rule',
    title: { en: 'Kernel is not the certified kernel of the OS release', ja: 'カーネルが OS リリースの認定カーネルではありません' },
    severity: 'info',
    inputs: [],
    needs: ['kernel', 'os-release'],
    references: [SOURCES.linuxConfig],
    action: { en: 'Reboot into the certified kernel of the OS release, or check SIOS\'s supported kernels.', ja: 'OS リリースの認定カーネルで再起動するか、SIOS のサポートカーネル一覧を確認してください。' },
    version: '1',
  },
  run(ctx) {
    const os = ctx.fact('os-release');
    const kernel = ctx.fact('kernel');
    if (!os || !kernel || !(os.id === 'rhel' || (os.id === 'centos' && os.version.startsWith('7')))) return;
    const minor = os.version.split('.').slice(0, 2).join('.');
    const certified = CERTIFIED[minor];
    const k = parseKernelRelease(kernel.release);
    if (!certified || !k) return;
    const build = `${k.version}-${/^\d+/.exec(k.release)?.[0] ?? ''}`;
    if (build === certified) return;
    ctx.report({
      summary: {
        en: `The node runs kernel ${kernel.release} on ${os.prettyName ?? `${os.name} ${os.version}`}, whose certified kernel is ${certified} (SIOS's 9.9.0 table). An older kernel still running after an OS update, or a kernel of another minor release, is outside what SIOS certified for this release.`,
        ja: `このノードは ${os.prettyName ?? `${os.name} ${os.version}`} でカーネル ${kernel.release} を使用していますが、このリリースの認定カーネルは ${certified} です(SIOS 9.9.0 の表)。OS 更新後に古いカーネルのまま稼働している場合や、別のマイナーリリースのカーネルは、このリリースで SIOS が認定した範囲外です。`,
      },
      remediation: {
        en: 'Reboot into the kernel of the installed OS release, or check SIOS\'s supported-kernel list for your LifeKeeper version before staying on this one.',
        ja: 'インストール済み OS リリースのカーネルで再起動するか、このカーネルを使い続ける前にご使用の LifeKeeper バージョンのサポートカーネル一覧を確認してください。',
      },
      title: { en: `Kernel ${kernel.release} is not the certified kernel of ${os.name} ${minor}`, ja: `カーネル ${kernel.release} は ${os.name} ${minor} の認定カーネルではありません` },
      evidence: [kernel.evidence, ...os.evidence.slice(0, 1)],
    });
  },
});
