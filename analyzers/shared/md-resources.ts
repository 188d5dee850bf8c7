// Which md devices LifeKeeper's MD (software RAID) recovery kit protects.
// [GUESS] The kit's resource type and id are not public: a resource counts
// when its type is `md` or its id (or, failing that, its tag) names an md
// device (`/dev/md0`, `/dev/md/0`, `md0`). DataKeeper's netraid resources are
// md devices too but are DataKeeper's, not the MD kit's: left out.
import { mdDevice } from './formats/mounts.js';

interface ResourceLike { tag: string; id: string | null; type: string | null; state: string | null; evidence: ReadonlyArray<{ path: string; line: number; text: string }> }

/** md device → the MD kit resource that protects it. */
export function mdResources<R extends ResourceLike>(resources: readonly R[]): Map<string, R> {
  const out = new Map<string, R>();
  for (const r of resources) {
    if (r.type === 'netraid') continue;
    for (const name of [r.id, r.tag]) {
      if (name && /^(?:\/dev\/)?md\/?\d+$/.test(name)) {
        out.set(mdDevice(name), r);
        break;
      }
    }
  }
  return out;
}
