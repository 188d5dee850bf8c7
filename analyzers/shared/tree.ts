// Resource trees (the resource-hierarchy fact): a resource shared by two
// parents is whole once and a `{ ref }` elsewhere. Pure: core and analyzers both walk them.

/** Every node of the tree once, in tree order (references skipped). */
export function inTreeOrder<T extends { children: ReadonlyArray<T | { ref: string }> }>(roots: ReadonlyArray<T | { ref: string }>): T[] {
  const out: T[] = [];
  const walk = (nodes: ReadonlyArray<T | { ref: string }>): void => {
    for (const n of nodes) {
      if ('ref' in n) continue;
      out.push(n);
      walk(n.children);
    }
  };
  walk(roots);
  return out;
}
