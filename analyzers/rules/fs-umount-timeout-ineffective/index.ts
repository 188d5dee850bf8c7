// Rule (SIOS 9.8.0 ja lifekeeper-core-known-issues-restrictions; known-issues-2
// #7): FS_UMOUNT_TIMEOUT only takes effect when it is larger than the longest
// time forceumount can run, (FS_KERNEL_RETRIES × 3) + 3 × (FS_UMOUNT_RETRIES + 3)
// seconds (192 s with the defaults 60 and 1). With the defaults alone the
// statement is always true, so the rule speaks only when an administrator
// changed FS_UMOUNT_TIMEOUT from its default of 30 and the value still has no
// effect: whoever set it expected a shorter unmount.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import type { Evidence } from '../../engine/plugin/findings.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import { FAILOVER, SWITCHOVER } from '../../shared/glossary.js';

const DEFAULT_TIMEOUT = 30;

/** The longest run of forceumount in seconds, as the known issue gives it. */
export function forceUmountMaxSeconds(kernelRetries: number, umountRetries: number): number {
  return kernelRetries * 3 + 3 * (umountRetries + 3);
}

export default defineAnalyzer({
  meta: {
    id: 'fs-umount-timeout-ineffective',
    kind: 'rule',
    title: { en: 'FS_UMOUNT_TIMEOUT is set but has no effect: it is not above forceumount\'s maximum run time', ja: 'FS_UMOUNT_TIMEOUT が設定されていますが、forceumount の最大実行時間以下のため機能しません' },
    severity: 'info',
    inputs: [],
    needs: ['settings'],
    references: [SOURCES.ki980ja],
    action: { en: 'Set FS_UMOUNT_TIMEOUT above the maximum run time, or lower FS_KERNEL_RETRIES.', ja: 'FS_UMOUNT_TIMEOUT を最大実行時間より大きくするか、FS_KERNEL_RETRIES を小さくしてください。' },
    version: '1',
  },
  run(ctx) {
    const settings = ctx.fact('settings')?.lifekeeper ?? [];
    const get = (key: string): { value: number; evidence: Evidence } | null => {
      const s = settings.find((x) => x.key === key);
      return s && /^\d+$/.test(s.value) ? { value: Number(s.value), evidence: s.evidence } : null;
    };
    const timeout = get('FS_UMOUNT_TIMEOUT');
    if (!timeout || timeout.value === DEFAULT_TIMEOUT) return;
    const kernel = get('FS_KERNEL_RETRIES');
    const umount = get('FS_UMOUNT_RETRIES');
    const max = forceUmountMaxSeconds(kernel?.value ?? 60, umount?.value ?? 1);
    if (timeout.value > max) return;
    const inputs = `FS_KERNEL_RETRIES=${kernel?.value ?? '60 (default)'}, FS_UMOUNT_RETRIES=${umount?.value ?? '1 (default)'}`;
    const inputsJa = `FS_KERNEL_RETRIES=${kernel?.value ?? '60 (既定値)'}、FS_UMOUNT_RETRIES=${umount?.value ?? '1 (既定値)'}`;
    ctx.report({
      title: { en: `FS_UMOUNT_TIMEOUT=${timeout.value} has no effect: forceumount may run up to ${max} s`, ja: `FS_UMOUNT_TIMEOUT=${timeout.value} は機能しません: forceumount は最大 ${max} 秒実行されます` },
      summary: {
        en: `FS_UMOUNT_TIMEOUT was changed to ${timeout.value}, but it only works when larger than forceumount's maximum run time, (FS_KERNEL_RETRIES × 3) + 3 × (FS_UMOUNT_RETRIES + 3) = ${max} s here (${inputs}). Unmounting a busy protected file system can therefore still take minutes, which delays a ${SWITCHOVER.en} or ${FAILOVER.en}.`,
        ja: `FS_UMOUNT_TIMEOUT は ${timeout.value} に変更されていますが、forceumount の最大実行時間 (FS_KERNEL_RETRIES × 3) + 3 × (FS_UMOUNT_RETRIES + 3) より大きくないと機能しません。この設定では最大実行時間は ${max} 秒です(${inputsJa})。そのため使用中の保護対象ファイルシステムのアンマウントに数分かかることがあり、${SWITCHOVER.ja}や${FAILOVER.ja}が遅れます。`,
      },
      remediation: {
        en: `Set FS_UMOUNT_TIMEOUT above ${max} in /etc/default/LifeKeeper, or shorten forceumount by lowering FS_KERNEL_RETRIES (each step down shortens it by 3 s), on every node.`,
        ja: `全ノードの /etc/default/LifeKeeper で FS_UMOUNT_TIMEOUT を ${max} より大きくするか、FS_KERNEL_RETRIES を小さくして forceumount の実行時間を短くしてください(1 減らすごとに 3 秒短くなります)。`,
      },
      evidence: [timeout.evidence, ...(kernel ? [kernel.evidence] : []), ...(umount ? [umount.evidence] : [])],
    });
  },
});
