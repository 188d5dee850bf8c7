// Resource trees (the resource-hierarchy fact): a resource shared by two
// parents is whole once and a `{ ref }` elsewhere. Pure: core and analyzers both walk them.

/** Every node of the tree once, in tree order (references skipped). Iterative: a tree's depth costs memory, never the call stack. */
export function inTreeOrder<T extends { children: ReadonlyArray<T | { ref: string }> }>(roots: ReadonlyArray<T | { ref: string }>): T[] {
  const out: T[] = [];
  const stack: Array<{ nodes: ReadonlyArray<T | { ref: string }>; next: number }> = [{ nodes: roots, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    if (top.next >= top.nodes.length) {
      stack.pop();
      continue;
    }
    const n = top.nodes[top.next++] as T | { ref: string };
    if ('ref' in n) continue;
    out.push(n);
    if (n.children.length > 0) stack.push({ nodes: n.children, next: 0 });
  }
  return out;
}
