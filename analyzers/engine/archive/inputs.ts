// The one table that maps logical inputs to archive members: name patterns
// (path mirror, flattened path, command output) and a content signature.
// Analyzers and their tests name logical inputs only, never a path.
import { compressionOfName, stripCompressionSuffix } from './archive-format.js';

/**
 * - `log`: streamed line by line to watchers, never held whole (lifekeeper.log, messages).
 * - `document`: small text, held whole up to a bound and parsed after the pass.
 * - `listing`: only the member's name, size and type matter (core files); never read.
 */
export type InputKind = 'log' | 'document' | 'listing';

export type InputId =
  | 'lifekeeper-log'
  | 'syslog'
  | 'lifekeeper-defaults'
  | 'os-release'
  | 'distro-release'
  | 'uname'
  | 'hostname'
  | 'lifekeeper-uname'
  | 'date'
  | 'rpm-qa'
  | 'df'
  | 'lcdstatus'
  | 'lcdstatus-q'
  | 'lcdstatus-e'
  | 'ins-list'
  | 'dep-list'
  | 'eqv-list'
  | 'flg-list'
  | 'net-list'
  | 'sys-list'
  | 'mdstat'
  | 'mirror-status'
  | 'iscsid-conf'
  | 'mounts'
  | 'fstab'
  | 'mdadm-conf'
  | 'netraid-flag'
  | 'core-file';

export interface InputSpec {
  id: InputId;
  kind: InputKind;
  /** Tested against the member path (already stripped of .gz), case-insensitively. */
  names: RegExp[];
  /**
   * When several inputs match a name, the first whose signature matches the
   * start of the content wins; an input without a signature is the fallback.
   */
  signature?: RegExp;
}

const EXT = String.raw`(?:\.(?:out|txt|log))?`;

/** A file at a known absolute path, as a path mirror (`x/etc/hosts`) or flattened (`etc_hosts`). */
function file(path: string, tail = EXT): RegExp {
  const parts = path.split('/').map(escape);
  return new RegExp(String.raw`(?:^|[/_])${parts.join('[/_]')}${tail}$`, 'i');
}

/**
 * A command output named after the command, with or without options,
 * separators and an extension: `uname -a`, `uname_-a`, `uname-a.out`, `uname.txt`,
 * `_opt_LifeKeeper_bin_lcdstatus_-q`. `options` is a regex of the accepted option letters.
 */
function command(name: string, options = String.raw`[a-z]+`): RegExp {
  return new RegExp(
    String.raw`(?:^|[/_])${escape(name)}(?:[ _]*-{0,2}(?:${options}))*${EXT}$`,
    'i',
  );
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Rotated syslog-style names: `x`, `x.1`, `x-20240520`, `x.2024-05-20`. */
const ROTATION = String.raw`(?:[.-]\d+(?:[.-]\d+)*)?`;

export const INPUTS: readonly InputSpec[] = [
  {
    id: 'lifekeeper-log',
    kind: 'log',
    names: [new RegExp(String.raw`(?:^|[/_])lifekeeper\.log${ROTATION}${EXT}$`, 'i')],
  },
  {
    id: 'syslog',
    kind: 'log',
    names: [
      new RegExp(String.raw`(?:^|[/_])(?:messages|syslog|localmessages)${ROTATION}${EXT}$`, 'i'),
    ],
  },
  { id: 'lifekeeper-defaults', kind: 'document', names: [file('etc/default/LifeKeeper')] },
  { id: 'os-release', kind: 'document', names: [file('os-release')] },
  {
    id: 'distro-release',
    kind: 'document',
    names: [
      /(?:^|[/_])(?:redhat|centos|oracle|rocky|almalinux|system|SuSE|SUSE|lsb)[-_]release(?:\.(?:out|txt))?$/i,
    ],
  },
  // The node name LifeKeeper uses ([GUESS] formats.md §1.2: the file exists; its content is assumed to be the name).
  // Before `uname`, whose command pattern also matches a file named UNAME.
  { id: 'lifekeeper-uname', kind: 'document', names: [file('opt/LifeKeeper/config/UNAME', '')] },
  { id: 'uname', kind: 'document', names: [command('uname', '[amnrsvpio]+')] },
  {
    id: 'hostname',
    kind: 'document',
    names: [command('hostname', '[sfa]|fqdn|short'), file('etc/hostname')],
  },
  { id: 'date', kind: 'document', names: [command('date', '[uR]')] },
  {
    id: 'rpm-qa',
    kind: 'document',
    names: [
      command('rpm', String.raw`qa|q|a|last|steeleye|[a-z]+`),
      /(?:^|[/_])installed[-_]rpms(?:\.(?:out|txt))?$/i,
    ],
  },
  { id: 'df', kind: 'document', names: [command('df', '[a-zA-Z]+')] },
  // The three lcdstatus forms share names; the content decides. A short form
  // without resources still has the comm path table.
  {
    id: 'lcdstatus-e',
    kind: 'document',
    names: [command('lcdstatus')],
    signature: /^\s*BACKUP\s+TAG\s+ID\s+STATE\b/m,
  },
  {
    id: 'lcdstatus-q',
    kind: 'document',
    names: [command('lcdstatus')],
    signature: /^\s*LOCAL\s+TAG\s+ID\s+STATE\b|^\s*MACHINE\s+NETWORK\s+ADDRESSES/m,
  },
  { id: 'lcdstatus', kind: 'document', names: [command('lcdstatus')] },
  { id: 'ins-list', kind: 'document', names: [command('ins_list')] },
  { id: 'dep-list', kind: 'document', names: [command('dep_list')] },
  { id: 'eqv-list', kind: 'document', names: [command('eqv_list')] },
  { id: 'flg-list', kind: 'document', names: [command('flg_list')] },
  { id: 'net-list', kind: 'document', names: [command('net_list')] },
  { id: 'sys-list', kind: 'document', names: [command('sys_list')] },
  { id: 'mdstat', kind: 'document', names: [file('proc/mdstat'), /(?:^|[/_])mdstat(?:\.(?:out|txt))?$/i] },
  {
    id: 'mirror-status',
    kind: 'document',
    names: [/(?:^|[/_])mirror_status(?:[ _.-]+[\w.-]*?)?(?:\.(?:out|txt))?$/i],
  },
  { id: 'iscsid-conf', kind: 'document', names: [file('etc/iscsi/iscsid.conf', ''), /(?:^|[/_])iscsid\.conf$/i] },
  // What is mounted: /proc/mounts, /etc/mtab, or the `mount` command's output (formats differ: parsed for both).
  // Not /proc/self/mountinfo, whose format is another.
  {
    id: 'mounts',
    kind: 'document',
    names: [
      /(?:^|[/_])proc[/_](?:self[/_])?mounts(?:\.(?:out|txt))?$/i,
      file('etc/mtab', ''),
      /(?:^|[/_])mount(?:[ _-]+-{0,2}[lv]+)?(?:\.(?:out|txt))?$/i,
    ],
  },
  { id: 'fstab', kind: 'document', names: [file('etc/fstab', '')] },
  { id: 'mdadm-conf', kind: 'document', names: [file('etc/mdadm.conf', ''), file('etc/mdadm/mdadm.conf', '')] },
  {
    id: 'netraid-flag',
    kind: 'document',
    names: [/subsys[/_]scsi[/_]resources[/_]netraid[/_](?:[^/]*_data_corrupt|[^/]*last_owner)$/i],
  },
  {
    id: 'core-file',
    kind: 'listing',
    names: [
      /(?:^|\/)(?:core|vmcore)(?:[.-][\w.-]+)?$/i,
      /(?:^|\/)[\w.-]+\.core$/i,
    ],
  },
];

const BY_ID = new Map(INPUTS.map((spec) => [spec.id, spec]));

export function inputSpec(id: InputId): InputSpec {
  const spec = BY_ID.get(id);
  if (!spec) throw new Error(`unknown logical input ${id}`);
  return spec;
}

/** Inputs whose names match the member path, in table order. */
export function candidateInputs(path: string): InputSpec[] {
  return INPUTS.filter((spec) => spec.names.some((re) => re.test(path)));
}

/** The inputs a member may be by its name read as its content's (`lifekeeper.log.2.gz` as `lifekeeper.log.2`, a compressed log as the log). */
export function inputsOfName(path: string): InputSpec[] {
  return candidateInputs(compressionOfName(path) ? stripCompressionSuffix(path) : path);
}

/** Picks among name candidates by content signature; the first signature-less candidate is the fallback. */
export function chooseBySignature(candidates: readonly InputSpec[], head: string): InputSpec | undefined {
  const signed = candidates.find((c) => c.signature?.test(head));
  return signed ?? candidates.find((c) => !c.signature);
}

/**
 * Where the lksupport tree a member belongs to starts, from the member's own
 * path: `root` is the folder its tree sits in ('' at the top of the archive,
 * else ending in '/'), or null when the path alone does not say.
 *
 * - strong: the tree's own LifeKeeper files, one per tree: `<root>etc/default/LifeKeeper`
 *   or the current `<root>var/log/lifekeeper.log`, as a path mirror or flattened
 *   (`<root>etc_default_LifeKeeper`, `<root>var_log_lifekeeper.log`, root the file's folder).
 * - weak: the first folder of a path mirror below the root (`var/`, `etc/`, `opt/`,
 *   `proc/`, `usr/`, `sys/`, or the command output folders the samples vary: `cmd/`,
 *   `commands/`, `info/`), or a flattened name (`var_log_messages`, `etc_os-release`).
 *
 * The layout of an lksupport tree is not published (knowledge/formats.md §0):
 * these are the layouts the samples vary, and run/trees.ts uses them only to
 * tell several trees in one archive apart.
 */
export interface TreeAnchor {
  root: string;
  strong: boolean;
}

const STRONG_MIRROR = /^((?:[^/]*\/)*)(?:etc\/default\/LifeKeeper|var\/log\/lifekeeper\.log)$/i;
const STRONG_FLAT = /^(?:etc_default_LifeKeeper|var_log_lifekeeper\.log)$/i;
const MIRROR_FOLDERS = new Set(['var', 'etc', 'opt', 'proc', 'usr', 'sys', 'cmd', 'commands', 'info']);
const FLAT_NAME = /^(?:var|etc|opt|proc|usr|sys)_/i;

export function treeAnchor(path: string, directory = false): TreeAnchor | null {
  const slash = path.lastIndexOf('/');
  const folder = slash < 0 ? '' : path.slice(0, slash + 1);
  const base = path.slice(slash + 1);
  if (!directory) {
    const mirror = STRONG_MIRROR.exec(path);
    if (mirror) return { root: mirror[1] ?? '', strong: true };
    if (STRONG_FLAT.test(base)) return { root: folder, strong: true };
  }
  // The first folder of a path mirror: its parent is the root (a folder entry's own name counts).
  const parts = path.split('/');
  const last = directory ? parts.length : parts.length - 1;
  for (let i = 0; i < last; i++) {
    if (MIRROR_FOLDERS.has((parts[i] ?? '').toLowerCase())) return { root: i === 0 ? '' : `${parts.slice(0, i).join('/')}/`, strong: false };
  }
  if (!directory && FLAT_NAME.test(base)) return { root: folder, strong: false };
  return null;
}
