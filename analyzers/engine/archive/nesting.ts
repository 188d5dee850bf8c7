// The one nesting policy: which members of an archive are opened as archives
// inside it, how deep, and why one is not. The analysis (run/engine.ts), the
// walk of `lkanalyze ls|cat|grep` and of the app's Members view and search
// (lognav/walk.ts) all ask here, so they open the same archives and list the
// same members; the bound itself is MAX_NESTING_DEPTH in run/budget.ts.
import type { MemberHeader } from './archive.js';
import { isNestedArchiveName } from './archive-names.js';
import type { Budget } from '../run/budget.js';
import { MAX_NESTING_DEPTH, tooDeepReason, tooManyReason } from '../run/budget.js';
import type { Text } from '../plugin/text.js';

/** An archive inside that is not opened (listed as a member, with the reason, and drained unread). */
export interface NotOpened {
  notOpened: 'too-deep' | 'too-many';
  reason: Text;
}

/**
 * Whether a member is an archive inside by its header: a file named as a node
 * archive (.tar.gz, .tgz, .tar; archive-names.ts says why not .zip) whose path
 * can be shown. An absolute path is only a name inside the archive, as for
 * any member; a path that climbs out or is longer than any Linux path is not
 * opened (it is listed as skipped).
 */
export function isArchiveMember(h: Pick<MemberHeader, 'type' | 'path' | 'pathProblem'>): boolean {
  return h.type === 'file' && h.pathProblem !== 'parent' && h.pathProblem !== 'too-long' && isNestedArchiveName(h.path);
}

/**
 * What to do with member `h` of an archive `depth` levels inside the one
 * given (0: the archive given, or a zip given, whose entries are level 1):
 * null when it is not an archive (read it as a member), 'open', or why it is
 * not opened (recorded in `budget` for the container's record). `name`: the
 * member's name after those of the archives around it ("a.tar.gz » b.tar"),
 * as the container's record names it.
 */
export function openNested(h: Pick<MemberHeader, 'type' | 'path' | 'pathProblem'>, depth: number, budget: Budget, name: string = h.path): 'open' | NotOpened | null {
  if (!isArchiveMember(h)) return null;
  if (depth + 1 > MAX_NESTING_DEPTH) {
    budget.nestedTooDeep(name);
    return { notOpened: 'too-deep', reason: tooDeepReason() };
  }
  if (!budget.nestedArchive(name)) return { notOpened: 'too-many', reason: tooManyReason(budget.limits.maxNestedArchives) };
  return 'open';
}

/** A nested reader's answer that is not a reader. */
export const isNotOpened = (x: unknown): x is NotOpened => typeof x === 'object' && x !== null && 'notOpened' in x;
