// Reads the distribution from /etc/os-release and from the older release
// files (redhat-release, SuSE-release, oracle-release, centos-release ...).

export interface OsInfo {
  /** os-release ID: rhel, centos, ol, sles, rocky, almalinux ... */
  id: string;
  /** os-release VERSION_ID as written (e.g. "8.2", "12.4", or only "8" on CentOS). */
  versionId: string;
  name: string;
  prettyName: string | null;
  /** The most precise version known (from a release file when os-release gives only the major). */
  version: string;
  lineIndex: number;
}

function unquote(v: string): string {
  const t = v.trim();
  const m = /^"(.*)"$/.exec(t) ?? /^'(.*)'$/.exec(t);
  return (m ? (m[1] ?? '') : t).replace(/\\(["$`\\])/g, '$1');
}

export function parseOsRelease(lines: readonly string[]): OsInfo | null {
  const kv = new Map<string, { value: string; index: number }>();
  for (const [i, line] of lines.entries()) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) kv.set(m[1], { value: unquote(m[2]), index: i });
  }
  const id = kv.get('ID');
  if (!id) return null;
  const versionId = kv.get('VERSION_ID')?.value ?? '';
  return {
    id: id.value.toLowerCase(),
    versionId,
    name: kv.get('NAME')?.value ?? id.value,
    prettyName: kv.get('PRETTY_NAME')?.value ?? null,
    version: versionId,
    lineIndex: (kv.get('VERSION_ID') ?? id).index,
  };
}

const RELEASE_FILES: ReadonlyArray<[RegExp, string, string]> = [
  [/^Red Hat Enterprise Linux\b.*?release (\d+(?:\.\d+)*)/i, 'rhel', 'Red Hat Enterprise Linux'],
  [/^CentOS(?: Linux| Stream)? release (\d+(?:\.\d+)*)/i, 'centos', 'CentOS Linux'],
  [/^Oracle Linux Server release (\d+(?:\.\d+)*)/i, 'ol', 'Oracle Linux Server'],
  [/^Rocky Linux release (\d+(?:\.\d+)*)/i, 'rocky', 'Rocky Linux'],
  [/^AlmaLinux release (\d+(?:\.\d+)*)/i, 'almalinux', 'AlmaLinux'],
  [/^Miracle Linux release (\d+(?:\.\d+)*)/i, 'miraclelinux', 'MIRACLE LINUX'],
];

/** redhat-release style one-liners, and SuSE-release with VERSION/PATCHLEVEL lines. */
export function parseReleaseFile(lines: readonly string[]): OsInfo | null {
  for (const [i, line] of lines.entries()) {
    for (const [re, id, name] of RELEASE_FILES) {
      const m = re.exec(line.trim());
      if (m?.[1]) return { id, versionId: m[1], name, prettyName: line.trim(), version: m[1], lineIndex: i };
    }
  }
  const first = lines[0]?.trim() ?? '';
  if (/^SUSE Linux Enterprise Server/i.test(first)) {
    const version = lines.map((l) => /^VERSION\s*=\s*(\d+)/.exec(l)?.[1]).find(Boolean);
    const patch = lines.map((l) => /^PATCHLEVEL\s*=\s*(\d+)/.exec(l)?.[1]).find(Boolean);
    if (version) {
      const v = patch && patch !== '0' ? `${version}.${patch}` : version;
      return { id: 'sles', versionId: v, name: 'SLES', prettyName: first, version: v, lineIndex: 0 };
    }
  }
  return null;
}
