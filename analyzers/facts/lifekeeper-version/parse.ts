// Reads installed packages from `rpm -qa` output with the shared reader of its
// lines (analyzers/shared/formats/rpm.ts) and picks out LifeKeeper's.
import type { Nevra } from '../../shared/formats/rpm.js';
import { parseNevraToken, parseRpmLine } from '../../shared/formats/rpm.js';

export interface RpmPackage {
  name: string;
  version: string;
  release: string;
  arch: string | null;
  lineIndex: number;
}

/** `name-version-release.arch` split as the installed-packages fact splits it (analyzers/shared/formats/rpm.ts), without the epoch. */
export function parseNevra(token: string): Omit<RpmPackage, 'lineIndex'> | null {
  return withoutEpoch(parseNevraToken(token.trim()));
}

/** A LifeKeeper version starts with a digit: a key's hex "version" (gpg-pubkey) is no package of ours. */
function withoutEpoch(p: Nevra | null): Omit<RpmPackage, 'lineIndex'> | null {
  return p && /^\d/.test(p.version) ? { name: p.name, version: p.version, release: p.release, arch: p.arch } : null;
}

/** Every package of an `rpm -qa` list in any of its forms (--last, --queryformat columns), with its line. */
export function parseRpmList(lines: readonly string[]): RpmPackage[] {
  const out: RpmPackage[] = [];
  for (const [i, line] of lines.entries()) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const p = withoutEpoch(parseRpmLine(trimmed));
    if (p) out.push({ ...p, lineIndex: i });
  }
  return out;
}

/**
 * LifeKeeper's RPMs are `steeleye-lk*` (core `steeleye-lk`, GUI, recovery
 * kits). The kit names beyond steeleye-lk, -lkGUI and -lkQWK are our reading
 * of SIOS's naming ([GUESS] in the knowledge files); unknown ones are listed
 * under their package name.
 */
export const KIT_NAMES: Readonly<Record<string, string>> = {
  'steeleye-lkGUI': 'GUI',
  'steeleye-lkIP': 'IP',
  'steeleye-lkDR': 'DataKeeper',
  'steeleye-lkQWK': 'Quorum/Witness',
  'steeleye-lkSCSI3': 'SCSI-3 Persistent Reservations',
  'steeleye-lkDMMP': 'Device Mapper Multipath',
  'steeleye-lkLVM': 'LVM',
  'steeleye-lkMD': 'Software RAID (md)',
  'steeleye-lkNFS': 'NFS Server',
  'steeleye-lkAPA': 'Apache',
  'steeleye-lkORA': 'Oracle',
  'steeleye-lkPGSQL': 'PostgreSQL',
  'steeleye-lkMYSQL': 'MySQL',
  'steeleye-lkSAP': 'SAP',
  'steeleye-lkHANA': 'SAP HANA',
  'steeleye-lkSAPDB': 'SAP MaxDB',
  'steeleye-lkEC2': 'Amazon EC2',
  'steeleye-lkQSP': 'Quick Service Protection',
};

export { isLifeKeeperPackage } from '../../shared/formats/rpm.js';
