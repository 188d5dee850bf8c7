// The kernels of the md/raid1 partial-resync advisory (HF-9146 table):
// RHEL/CentOS/OL 8.2 and 8.3 all kernels; SLES 12 SP4 from 4.12.14-95.51;
// SLES 12 SP5 from 4.12.14-122.20; SLES 15 SP1 from 4.12.14-197.37.1;
// SLES 15 SP2 all; OL 7 UEK R5 from 4.14.35-2025.400.8.
import type { Text } from '../../engine/plugin/text.js';
import { compareKernelReleases, lifeKeeperInRange, parseKernelRelease } from '../../shared/versions.js';

export interface OsKernel {
  osId: string;
  /** The most precise OS version known (8.2, 8.2.2004, 12.4, 15.2, 7.9). */
  osVersion: string;
  kernel: string;
}

export interface Affected {
  /** The row of the advisory's table, as a finding names it: "RHEL 8.2 (all kernels)", 「RHEL 8.2 (全カーネル)」. */
  row: Text;
}

/** A row for every kernel of a release, or for the kernels from a build on (the advisory's 「全て」 and 「以降」). */
const allKernels = (os: string): Text => ({ en: `${os} (all kernels)`, ja: `${os} (全カーネル)` });
const fromKernel = (os: string, min: string): Text => ({ en: `${os} from ${min}`, ja: `${os} (${min} 以降)` });

const RHEL_LIKE = new Set(['rhel', 'centos', 'ol']);
/** RHEL 8.2 and 8.3 ship kernel builds 4.18.0-193 and -240: used when the OS minor is not known. */
const RHEL8_BUILDS: Record<string, string> = { '193': '8.2', '240': '8.3' };

const minorOf = (v: string): string => v.split('.').slice(0, 2).join('.');

export function affectedKernel(o: OsKernel): Affected | null {
  const k = parseKernelRelease(o.kernel);
  if (!k) return null;
  const from = (min: string): boolean => compareKernelReleases(o.kernel, min) >= 0;
  if (RHEL_LIKE.has(o.osId)) {
    const build = /^(\d+)/.exec(k.release)?.[1] ?? '';
    const minor = minorOf(o.osVersion).includes('.') ? minorOf(o.osVersion) : k.version === '4.18.0' ? RHEL8_BUILDS[build] ?? '' : '';
    if (minor === '8.2' || minor === '8.3') return { row: allKernels(`${o.osId === 'rhel' ? 'RHEL' : o.osId === 'ol' ? 'OL' : 'CentOS'} ${minor}`) };
    if (o.osId === 'ol' && o.osVersion.startsWith('7') && k.version === '4.14.35' && k.flavor === 'uek' && from('4.14.35-2025.400.8')) {
      return { row: fromKernel('OL 7 UEK R5', '4.14.35-2025.400.8') };
    }
    return null;
  }
  if (o.osId === 'sles') {
    const v = minorOf(o.osVersion);
    if (v === '12.4' && from('4.12.14-95.51')) return { row: fromKernel('SLES 12 SP4', '4.12.14-95.51') };
    if (v === '12.5' && from('4.12.14-122.20')) return { row: fromKernel('SLES 12 SP5', '4.12.14-122.20') };
    if (v === '15.1' && from('4.12.14-197.37.1')) return { row: fromKernel('SLES 15 SP1', '4.12.14-197.37.1') };
    if (v === '15.2') return { row: allKernels('SLES 15 SP2') };
  }
  return null;
}

/** What a node's facts must show for the advisory to apply: a LifeKeeper version, the kernel and the OS. */
export interface ExposureFacts {
  lkVersion: string;
  kernel: string;
  osId: string;
  osVersion: string;
}

/**
 * The advisory applies to LifeKeeper/DataKeeper 9.3.2 to 9.5.1 (fixed in 9.5.2)
 * on a kernel of its table; both the node rule and the cross-node rule ask.
 */
export function exposedToPartialResyncDefect(f: ExposureFacts): Affected | null {
  if (!lifeKeeperInRange(f.lkVersion, '9.3.2', '9.5.1')) return null;
  return affectedKernel({ osId: f.osId, osVersion: f.osVersion, kernel: f.kernel });
}
