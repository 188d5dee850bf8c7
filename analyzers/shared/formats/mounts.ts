// What is mounted and how: /proc/mounts, /etc/mtab and /etc/fstab
// (`device mountpoint type options dump pass`, `#` comments, spaces in paths
// as `\040`) and the `mount` command's output (`device on mountpoint type
// fstype (options)`); and the ARRAY lines of mdadm.conf. Real outputs vary:
// a line that is none of these is counted as unread by the caller.

export interface MountEntry {
  device: string;
  mountPoint: string;
  fsType: string;
  options: string[];
  lineIndex: number;
}

/** `\040` and the other octal escapes of the mount tables. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Entries of a mount table or of `mount` output; `unread` are the non-blank, non-comment lines that are neither. */
export function parseMounts(lines: readonly string[]): { entries: MountEntry[]; unread: number[] } {
  const entries: MountEntry[] = [];
  const unread: number[] = [];
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const cmd = /^(\S+) on (\S+) type (\S+) \(([^)]*)\)/.exec(line);
    if (cmd) {
      entries.push({ device: cmd[1] ?? '', mountPoint: unescapeMount(cmd[2] ?? ''), fsType: cmd[3] ?? '', options: (cmd[4] ?? '').split(','), lineIndex: i });
      continue;
    }
    const f = line.split(/\s+/);
    if (f.length >= 4 && ((f[1] ?? '').startsWith('/') || f[1] === 'none')) {
      entries.push({ device: f[0] ?? '', mountPoint: unescapeMount(f[1] ?? ''), fsType: f[2] ?? '', options: (f[3] ?? '').split(','), lineIndex: i });
      continue;
    }
    unread.push(i);
  }
  return { entries, unread };
}

export const isNfs = (fsType: string): boolean => /^nfs\d?$/i.test(fsType);

export interface MdadmArray {
  /** As /proc/mdstat names it: `/dev/md/0` and `/dev/md0` are both `/dev/md0`. */
  device: string;
  lineIndex: number;
}

/** The uncommented ARRAY lines of mdadm.conf (a commented one is how LifeKeeper's entries should look). */
export function parseMdadmArrays(lines: readonly string[]): MdadmArray[] {
  const out: MdadmArray[] = [];
  for (const [i, raw] of lines.entries()) {
    const m = /^\s*ARRAY\s+(\S+)/.exec(raw);
    if (!m || m[1] === '<ignore>') continue;
    out.push({ device: mdDevice(m[1] ?? ''), lineIndex: i });
  }
  return out;
}

/** `/dev/md/0`, `/dev/md0`, `md0` → `/dev/md0`; a named array `/dev/md/data` stays `/dev/md/data`. */
export function mdDevice(name: string): string {
  const n = /^(?:\/dev\/)?md\/?(\d+)$/.exec(name);
  return n ? `/dev/md${n[1]}` : name.startsWith('/') ? name : `/dev/${name}`;
}
