// What the main process accepts from the renderer's drop channel: the preload
// sends paths of dropped File objects, but the renderer is not trusted, so the
// main process checks them again here. Pure but for the stat it is given, so it
// is tested where Electron cannot run.
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { Result } from '../host/ipc-contract.js';
import { fail } from '../host/ipc-contract.js';

/** More files than anyone drops at once for one case. */
export const MAX_DROPPED = 64;
/** Longer than any path a file system gives (PATH_MAX is 4096 on Linux). */
const MAX_PATH = 4096;

/**
 * The dropped paths that name existing regular files, in the order dropped.
 * The call is refused (bad-request) when it is not an array of at most
 * MAX_DROPPED strings, or when a string is empty, relative, too long or holds
 * a NUL: the preload never sends such things, so a renderer that does is not
 * to be served. Paths that are fine as strings but are not regular files
 * (missing, folders, FIFOs, sockets, devices, links to folders) are left out:
 * a user may drop a folder by mistake. `stat` follows links, so a link to a
 * regular file is that file.
 */
export async function validateDropped(raw: unknown, statPath: (path: string) => Promise<Stats> = stat): Promise<Result<string[]>> {
  if (!Array.isArray(raw)) return fail('bad-request', 'dropped files must be a list of paths', 'ドロップされたファイルはパスの一覧である必要があります');
  if (raw.length > MAX_DROPPED) return fail('bad-request', `at most ${MAX_DROPPED} files can be dropped at once`, `一度にドロップできるファイルは ${MAX_DROPPED} 個までです`);
  if (!raw.every((p): p is string => typeof p === 'string' && p.length > 0 && p.length <= MAX_PATH && !p.includes('\0') && isAbsolute(p))) {
    return fail('bad-request', 'a dropped path is not an absolute path', 'ドロップされたパスが絶対パスではありません');
  }
  const kept: string[] = [];
  for (const p of new Set(raw)) {
    const s = await statPath(p).catch(() => null);
    if (s?.isFile()) kept.push(p);
  }
  return { ok: true, value: kept };
}
