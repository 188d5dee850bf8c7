// The Members tree: folders with summed sizes, inner archives as folders,
// only the rows under open folders, and 100,000 members built at once.
import { describe, expect, it } from 'vitest';
import { buildTree, initiallyOpen, visibleRows } from './member-tree.js';

interface Member { name: string; bytes: number; skipped: string | null; kind: string }
const m = (name: string, bytes = 10, extra: Partial<Member> = {}): Member => ({ name, kind: 'log', bytes, skipped: null, ...extra });

describe('member tree', () => {
  it('nests members in folders, inner archives included, with each folder holding the sum of its bytes', () => {
    const root = buildTree([
      m('n/', 0, { kind: 'skipped', skipped: 'directory' }),
      m('n/var/log/messages', 100),
      m('n/var/log/lifekeeper.log', 50),
      m('n/etc/hosts', 7),
      m('inner.tar.gz » x/var/log/messages', 30),
    ]);
    const [n, inner] = root.children ?? [];
    expect(n).toMatchObject({ name: 'n', bytes: 157, members: 3 });
    expect(n?.member?.skipped).toBe('directory');
    expect(inner).toMatchObject({ name: 'inner.tar.gz »', bytes: 30, members: 1 });
    const rows = visibleRows(root, new Set([n?.key ?? '']));
    expect(rows.map((r) => `${r.depth}:${r.name}`)).toEqual(['0:n', '1:var', '1:etc', '0:inner.tar.gz »']);
    const all = visibleRows(root, initiallyOpen(root));
    expect(all.filter((r) => !r.children).map((r) => r.member?.name)).toEqual(['n/var/log/messages', 'n/var/log/lifekeeper.log', 'n/etc/hosts', 'inner.tar.gz » x/var/log/messages']);
  });

  it('shows a tree of 100,000 members as its top folders only, not as 100,000 rows', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => m(`n/d${i % 100}/f${i}.log`));
    const root = buildTree(many);
    expect(root.members).toBe(100_000);
    const rows = visibleRows(root, initiallyOpen(root));
    expect(rows.length).toBeLessThanOrEqual(401);
    expect(rows.length).toBeGreaterThan(1);
  });
});
