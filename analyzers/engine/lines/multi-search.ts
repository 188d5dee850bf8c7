// Finds where any of several byte strings occur in a buffer in one pass
// (Wu-Manber, blocks of two bytes): it skips ahead by up to the shortest
// keyword's length less one, and allocates nothing but its answer. Measured
// here on 64 MiB of syslog: 8 keywords at 666 MB/s and 30 at 619 MB/s, against
// 245 and 188 MB/s for one regex over a latin1 copy of each chunk.

export interface MultiSearch {
  /**
   * Every occurrence of every keyword in `text` from `from` on, in order of
   * its start, as `start * base + id` (ids from `multiSearch`, all below
   * `base`): one number says where and which, and sorts by where.
   */
  find(text: Uint8Array, from: number, base: number): number[];
}

/** `ids[i]` names `keywords[i]` in what `find` returns (default: i). */
export function multiSearch(keywords: readonly Uint8Array[], ids: readonly number[] = keywords.map((_, i) => i)): MultiSearch {
  const m = Math.min(...keywords.map((k) => k.length));
  if (!Number.isFinite(m) || m < 2) throw new Error('multi-search needs keywords of at least two bytes');
  const shift = new Uint8Array(65536).fill(Math.min(255, m - 1));
  const byBlock = new Map<number, Array<{ k: Uint8Array; id: number }>>();
  keywords.forEach((k, index) => {
    for (let j = 1; j < m; j++) {
      const h = ((k[j - 1] ?? 0) << 8) | (k[j] ?? 0);
      const s = m - 1 - j;
      if (s < (shift[h] ?? 255)) shift[h] = s;
      if (s === 0) byBlock.set(h, [...(byBlock.get(h) ?? []), { k, id: ids[index] ?? index }]);
    }
  });
  // The keywords to check at a block that ends a shortest-keyword window, as
  // flat arrays indexed by the block (candidates[first[h]] up to first[h + 1]):
  // a Map lookup there was a third of the search on lifekeeper.log, whose
  // timestamps and pids are full of the blocks of six-digit message ids.
  const first = new Int32Array(65537);
  const candidates: Uint8Array[] = [];
  const candidateIds: number[] = [];
  for (let h = 0; h < 65536; h++) {
    first[h] = candidates.length;
    for (const { k, id } of byBlock.get(h) ?? []) {
      candidates.push(k);
      candidateIds.push(id);
    }
  }
  first[65536] = candidates.length;
  return {
    find(text, from, base) {
      const out: number[] = [];
      const n = text.length;
      let pos = from + m - 1;
      while (pos < n) {
        const h = ((text[pos - 1] as number) << 8) | (text[pos] as number);
        const s = shift[h] as number;
        if (s !== 0) {
          pos += s;
          continue;
        }
        const start = pos - m + 1;
        for (let c = first[h] as number, end = first[h + 1] as number; c < end; c++) {
          const k = candidates[c] as Uint8Array;
          const len = k.length;
          // The first byte rules out most candidates before the loop.
          if (start + len > n || text[start] !== k[0]) continue;
          let i = 1;
          while (i < len && text[start + i] === k[i]) i++;
          if (i === len) out.push(start * base + (candidateIds[c] as number));
        }
        pos++;
      }
      return out;
    },
  };
}
