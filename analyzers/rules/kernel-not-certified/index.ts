// Rule (linux-configuration 9.2 and 9.9.0; support-matrix §1): the running
// kernel is not the certified kernel of the OS minor release. The kernels are
// those of SIOS's tables (analyzers/shared/support-matrix.ts): RHEL 5 to 9,
// CentOS 7 and 8, Oracle Linux 7 with the Red Hat compatible kernel; other
// distributions, minors the readable part of the tables lacks, and Oracle's
// UEK kernels (their rows were not readable) are not judged. A newer z-stream
// of the certified build is fine; another build (an older kernel left running
// after an OS update, or a kernel of another minor) is reported as info.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { parseKernelRelease } from '../../shared/versions.js';
import { certifiedKernel, osMinor } from '../../shared/support-matrix.js';

export default defineAnalyzer({
  meta: {
    id: 'kernel-not-certified',
    kind: 'rule',
    title: { en: 'Kernel is not the certified kernel of the OS release', ja: 'カーネルが OS リリースの認定カーネルではありません' },
    severity: 'info',
    inputs: [],
    needs: ['kernel', 'os-release'],
    references: [SOURCES.linuxConfig, SOURCES.linuxConfig92],
    action: { en: 'Reboot into the certified kernel of the OS release, or check SIOS\'s supported kernels.', ja: 'OS リリースの認定カーネルで再起動するか、SIOS のサポートカーネル一覧を確認してください。' },
    version: '2',
  },
  run(ctx) {
    const os = ctx.fact('os-release');
    const kernel = ctx.fact('kernel');
    if (!os || !kernel || /uek/i.test(kernel.release)) return;
    const minor = osMinor(os.version);
    const certified = certifiedKernel(os.id, minor);
    const k = parseKernelRelease(kernel.release);
    if (!certified || !k) return;
    const build = `${k.version}-${/^\d+/.exec(k.release)?.[0] ?? ''}`;
    if (build === certified) return;
    ctx.report({
      summary: {
        en: `The node runs kernel ${kernel.release} on ${os.prettyName ?? `${os.name} ${os.version}`}, whose certified kernel is ${certified} (SIOS's tables of certified kernels). An older kernel still running after an OS update, or a kernel of another minor release, is outside what SIOS certified for this release.`,
        ja: `このノードは ${os.prettyName ?? `${os.name} ${os.version}`} でカーネル ${kernel.release} を使用していますが、このリリースの認定カーネルは ${certified} です(SIOS の認定カーネルの表)。OS 更新後に古いカーネルのまま稼働している場合や、別のマイナーリリースのカーネルは、このリリースで SIOS が認定した範囲外です。`,
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
