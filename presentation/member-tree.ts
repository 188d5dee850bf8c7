// The Members view's tree: an archive's members (named "folder/file", or
// "inner.tar.gz » folder/file" inside an archive within it) as folders that
// open and close, each with the bytes of everything under it, and the rows
// the view shows: only those under open folders, so that a tree of 100,000
// members costs the page what is on screen (the view renders a window of them).
/** What the tree needs of a member (the host's MemberInfo). */
export interface TreeMember {
  name: string;
  bytes: number;
  skipped: string | null;
}

export interface TreeNode<M extends TreeMember = TreeMember> {
  /** The path down to it: unique in the archive, the key of its open state. */
  key: string;
  /** What the row shows: a folder's or a file's own name, or an inner archive's. */
  name: string;
  depth: number;
  /** A file's size; a folder's, what it holds. */
  bytes: number;
  /** Members under a folder (1 for a file). */
  members: number;
  /** The member a row opens (a file; for a folder, its own directory entry when the archive has one). */
  member: M | null;
  /** Null for a file. */
  children: Array<TreeNode<M>> | null;
}

/** A path's steps: an inner archive is a step of its own, then its folders. */
function steps(name: string): string[] {
  const out: string[] = [];
  const parts = name.split(' » ');
  parts.forEach((part, i) => {
    if (i < parts.length - 1) out.push(`${part} »`);
    else out.push(...part.split('/').filter((s) => s !== ''));
  });
  return out.length ? out : [name];
}

export function buildTree<M extends TreeMember>(members: readonly M[]): TreeNode<M> {
  const root: TreeNode<M> = { key: '', name: '', depth: -1, bytes: 0, members: 0, member: null, children: [] };
  const folders = new Map<string, TreeNode<M>>([['', root]]);
  const folder = (parent: TreeNode<M>, key: string, name: string): TreeNode<M> => {
    let f = folders.get(key);
    if (!f) {
      f = { key, name, depth: parent.depth + 1, bytes: 0, members: 0, member: null, children: [] };
      folders.set(key, f);
      parent.children?.push(f);
    }
    return f;
  };
  for (const m of members) {
    const path = steps(m.name);
    const isFolder = m.skipped === 'directory';
    let at = root;
    const chain: Array<TreeNode<M>> = [root];
    let key = '';
    for (let i = 0; i < path.length - (isFolder ? 0 : 1); i++) {
      key += `${path[i]}\u0000`;
      at = folder(at, key, path[i] as string);
      chain.push(at);
    }
    if (isFolder) {
      at.member = m;
      continue;
    }
    // A file and a folder of one name (a tar may hold both): the file gets a key of its own.
    const own = `${key}${path[path.length - 1]}\u0001`;
    at.children?.push({ key: own, name: path[path.length - 1] as string, depth: at.depth + 1, bytes: m.bytes, members: 1, member: m, children: null });
    for (const f of chain) {
      f.bytes += m.bytes;
      f.members += 1;
    }
  }
  return root;
}

/** The rows under the open folders, in order. */
export function visibleRows<M extends TreeMember>(root: TreeNode<M>, open: ReadonlySet<string>): Array<TreeNode<M>> {
  const rows: Array<TreeNode<M>> = [];
  const walk = (n: TreeNode<M>): void => {
    for (const c of n.children ?? []) {
      rows.push(c);
      if (c.children && open.has(c.key)) walk(c);
    }
  };
  walk(root);
  return rows;
}

/** Folders open at first: down a chain of single folders, and every level while the rows stay few. */
export function initiallyOpen(root: TreeNode, maxRows = 400): Set<string> {
  const open = new Set<string>();
  let level = root.children ?? [];
  let rows = level.length;
  while (level.length) {
    const folders = level.filter((n) => n.children);
    const next = folders.flatMap((n) => n.children ?? []);
    if (rows + next.length > maxRows && !(folders.length === 1 && level.length === 1)) break;
    for (const f of folders) open.add(f.key);
    rows += next.length;
    level = next;
  }
  return open;
}
