// SIOS's tables of supported distributions and certified kernels, per
// LifeKeeper version, as far as they could be read (support-matrix §1, from
// docs.us.sios.com: 9.2 linux_configuration.htm, 9.9.0 linux-configuration).
// Only the start of each page was readable: a section marked `complete`
// ends inside what we read (the next distribution follows it); otherwise the
// table stops being readable after its last row, and a release past it is
// "not listed in the part of the table we have", never "unsupported".

/** One distribution's rows in one version's table: minor release → certified kernel `version-build`. */
export interface SupportSection {
  /** os-release ID: rhel, centos, ol. */
  os: string;
  kernels: Readonly<Record<string, string>>;
  /** The readable part ends after the last row of this section (the next distribution's rows follow). */
  complete: boolean;
  /** Rows the table marks, such as RHEL 6.0 "Not Recommended" on 9.2. */
  notes?: Readonly<Record<string, string>>;
}

export interface SupportTable {
  /** The LifeKeeper versions (major.minor) the table is for. */
  lifekeeper: string;
  sections: readonly SupportSection[];
}

const range = (prefix: string, kernel: (n: number) => string, builds: readonly number[], first = 0): Record<string, string> =>
  Object.fromEntries(builds.map((b, i) => [`${prefix}.${i + first}`, kernel(b)]));

const EL5 = range('5', (b) => `2.6.18-${b}`, [8, 53, 92, 128, 164, 194, 238, 274, 308, 348, 371, 398]);
const EL6 = range('6', (b) => `2.6.32-${b}`, [71, 131, 220, 279, 358, 431, 504, 573, 642, 696]);
const EL7 = range('7', (b) => `3.10.0-${b}`, [123, 229, 327, 514, 693, 862, 957, 1062, 1127, 1160]);
const EL8 = range('8', (b) => `4.18.0-${b}`, [80, 147, 193, 240, 305, 348, 372, 425, 477, 513, 553]);
const EL9 = range('9', (b) => `5.14.0-${b}`, [70, 162, 284, 362, 427]);
const pick = (rows: Record<string, string>, last: string): Record<string, string> => {
  const keys = Object.keys(rows);
  return Object.fromEntries(keys.slice(0, keys.indexOf(last) + 1).map((k) => [k, rows[k] ?? '']));
};

export const SUPPORT_TABLES: readonly SupportTable[] = [
  {
    lifekeeper: '9.2',
    sections: [
      // RHEL 5, 6 and 7 are followed by SLES 11 in the table: the RHEL rows are whole.
      { os: 'rhel', kernels: { ...EL5, ...EL6, ...pick(EL7, '7.4') }, complete: true, notes: { '6.0': 'Not Recommended' } },
    ],
  },
  {
    lifekeeper: '9.9',
    sections: [
      // The knowledge reads RHEL 9.4 as the last RHEL row but says the table may be cut there: treated as cut.
      { os: 'rhel', kernels: { ...EL7, ...EL8, ...EL9 }, complete: false },
      { os: 'centos', kernels: { ...EL7, ...pick(EL8, '8.3') }, complete: true },
      // Oracle Linux 7 rows are readable up to 7.2 only.
      { os: 'ol', kernels: pick(EL7, '7.2'), complete: false },
    ],
  },
];

/** `7.9.2009` → `7.9`, `5` → `5.0`. */
export function osMinor(version: string): string {
  const [major = '', minor = '0'] = version.split('.');
  return `${major}.${minor}`;
}

/** The table for a LifeKeeper version (by major.minor), or null when none was readable. */
export function supportTableFor(lifekeeperVersion: string): SupportTable | null {
  const mm = lifekeeperVersion.split('.').slice(0, 2).join('.');
  return SUPPORT_TABLES.find((t) => t.lifekeeper === mm) ?? null;
}

/** The certified kernel of an OS minor in any table we have (the build is the distribution's, the same in each table). */
export function certifiedKernel(os: string, minor: string): string | null {
  for (const t of SUPPORT_TABLES) {
    const k = t.sections.find((s) => s.os === os)?.kernels[minor];
    if (k) return k;
  }
  return null;
}

export type Listing =
  | { kind: 'listed'; note: string | null }
  | { kind: 'not-listed' }
  | { kind: 'past-readable-part'; lastRow: string }
  | { kind: 'no-section' };

const cmpMinor = (a: string, b: string): number => {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
};

/** Where an OS minor stands in a table: listed, absent from a whole section, past where a cut section stops, or no section for that distribution. */
export function listing(table: SupportTable, os: string, minor: string): Listing {
  const s = table.sections.find((x) => x.os === os);
  if (!s) return { kind: 'no-section' };
  if (s.kernels[minor]) return { kind: 'listed', note: s.notes?.[minor] ?? null };
  const rows = Object.keys(s.kernels).sort(cmpMinor);
  const last = rows[rows.length - 1] ?? '';
  if (!s.complete && cmpMinor(minor, last) > 0) return { kind: 'past-readable-part', lastRow: last };
  return { kind: 'not-listed' };
}
