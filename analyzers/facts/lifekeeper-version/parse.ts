// Reads installed packages from `rpm -qa` output (one NEVRA a line, optionally
// followed by `--last` dates) and picks out LifeKeeper's.

export interface RpmPackage {
  name: string;
  version: string;
  release: string;
  arch: string | null;
  lineIndex: number;
}

const ARCHES = new Set(['x86_64', 'noarch', 'i386', 'i486', 'i586', 'i686', 'aarch64', 'ppc64le', 's390x']);

/** Splits `name-version-release.arch` from the right; names may contain dashes. */
export function parseNevra(token: string): Omit<RpmPackage, 'lineIndex'> | null {
  let rest = token.trim();
  let arch: string | null = null;
  const dot = rest.lastIndexOf('.');
  if (dot > 0 && ARCHES.has(rest.slice(dot + 1))) {
    arch = rest.slice(dot + 1);
    rest = rest.slice(0, dot);
  }
  const r = rest.lastIndexOf('-');
  if (r <= 0) return null;
  const v = rest.lastIndexOf('-', r - 1);
  if (v <= 0) return null;
  const name = rest.slice(0, v);
  const version = rest.slice(v + 1, r).replace(/^\d+:/, '');
  const release = rest.slice(r + 1);
  if (!/^\d/.test(version) || !release) return null;
  return { name, version, release, arch };
}

export function parseRpmList(lines: readonly string[]): RpmPackage[] {
  const out: RpmPackage[] = [];
  for (const [i, line] of lines.entries()) {
    const token = line.trim().split(/\s+/)[0];
    if (!token || token.startsWith('#')) continue;
    const p = parseNevra(token);
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
