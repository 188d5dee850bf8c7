// Rule (SPS for Linux v8 known issues, LifeKeeper core; known-issues-2 #8): a
// resource instance shared by two root hierarchies. In a cascading or
// resource failover such resources may be removed in the wrong order; SIOS's
// solution is a common root (a gen/app whose restore and remove always
// succeed) with the current roots as its children.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import type { Resource } from '../../facts/resource-hierarchy/index.js';
import { allResources } from '../../facts/resource-hierarchy/index.js';
import { FAILOVER, HIERARCHY } from '../../shared/glossary.js';

/** Each resource's tag → the tags of the real roots whose trees reach it. */
export function rootsOf(roots: readonly Resource[]): Map<string, Set<string>> {
  const all = allResources(roots);
  const byTag = new Map(all.map((r) => [r.tag, r]));
  // A resource referenced as a child somewhere is not a real root, even when shown as one (a tree cut at its depth bound).
  const referenced = new Set<string>();
  for (const r of all) for (const c of r.children) referenced.add('ref' in c ? c.ref : c.tag);
  const reach = new Map<string, Set<string>>();
  for (const root of roots.filter((r) => !referenced.has(r.tag))) {
    const seen = new Set<string>();
    const stack: string[] = [root.tag];
    while (stack.length > 0) {
      const tag = stack.pop() as string;
      if (seen.has(tag)) continue;
      seen.add(tag);
      const set = reach.get(tag) ?? new Set<string>();
      set.add(root.tag);
      reach.set(tag, set);
      for (const c of byTag.get(tag)?.children ?? []) stack.push('ref' in c ? c.ref : c.tag);
    }
  }
  return reach;
}

export default defineAnalyzer({
  meta: {
    id: 'shared-child-multiple-roots',
    kind: 'rule',
    title: { en: 'A resource is shared by two root hierarchies: it may be removed in the wrong order', ja: 'リソースが 2 つのルート階層で共有されています: 誤った順序で停止される場合があります' },
    severity: 'warning',
    inputs: [],
    needs: ['resource-hierarchy'],
    references: [SOURCES.ki962],
    action: { en: 'Create a common root (gen/app, /bin/true) and make the current roots its children.', ja: '共通のルート (gen/app、/bin/true) を作成し、現在のルートをその子にしてください。' },
    version: '1',
  },
  run(ctx) {
    const roots = ctx.fact('resource-hierarchy') ?? [];
    const byTag = new Map(allResources(roots).map((r) => [r.tag, r]));
    const shared = [...rootsOf(roots)].filter(([, rs]) => rs.size >= 2);
    // Report the topmost shared resources: their children are shared by the same roots and add nothing.
    const sharedTags = new Set(shared.map(([t]) => t));
    const top = shared.filter(([tag, rs]) => ![...byTag.values()].some((p) => sharedTags.has(p.tag) && p.tag !== tag && p.children.some((c) => ('ref' in c ? c.ref : c.tag) === tag) && rootsOfEqual(rs, shared.find(([t]) => t === p.tag)?.[1])));
    if (top.length === 0) return;
    const list = top.map(([tag, rs]) => `${tag} (${[...rs].join(', ')})`).join('; ');
    const listJa = top.map(([tag, rs]) => `${tag} (${[...rs].join('、')})`).join('。');
    ctx.report({
      title: { en: `Shared by several root hierarchies: ${top.map(([t]) => t).join(', ')}`, ja: `複数のルート階層で共有されているリソース: ${top.map(([t]) => t).join('、')}` },
      summary: {
        en: `These resources hang under more than one root hierarchy (the roots in brackets): ${list}. SIOS lists as a known issue that when a ${HIERARCHY.en} shares a common resource instance with another root hierarchy, resources are sometimes removed in the wrong order during a cascading or resource ${FAILOVER.en}.`,
        ja: `次のリソースは複数のルート階層の下にあります(括弧内はルート): ${listJa}。SIOS は既知の問題として、${HIERARCHY.ja}が共通のリソースインスタンスを別のルート階層と共有している場合、カスケードやリソースの${FAILOVER.ja}の際にリソースが誤った順序で停止されることがあるとしています。`,
      },
      remediation: {
        en: 'Create a common root: a gen/app resource whose restore and remove scripts always succeed (for example /bin/true), and make the current root hierarchies its children, so that removals always run from the top down.',
        ja: '共通のルートを作成してください。restore と remove のスクリプトが常に成功する gen/app リソース(例: /bin/true)を作成し、現在のルート階層をその子にすることで、停止が常に上から順に行われます。',
      },
      evidence: top.flatMap(([tag]) => byTag.get(tag)?.evidence.slice(0, 1) ?? []),
    });
  },
});

function rootsOfEqual(a: ReadonlySet<string>, b: ReadonlySet<string> | undefined): boolean {
  return b !== undefined && a.size === b.size && [...a].every((x) => b.has(x));
}
