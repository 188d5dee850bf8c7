// Fact: the resource hierarchies, as root resources with nested children.
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import { text } from '../../engine/plugin/text.js';
import type { Resource } from './build.js';
import { buildHierarchy } from './build.js';

export type { Resource, ResourceChild, Equivalency } from './build.js';
export { allResources } from './build.js';

declare module '../../engine/plugin/facts.js' {
  interface Facts {
    'resource-hierarchy': Resource[];
  }
}

export default defineAnalyzer({
  meta: {
    id: 'resource-hierarchy',
    kind: 'fact',
    title: { en: 'Resource hierarchies', ja: 'リソース階層' },
    inputs: ['lcdstatus', 'lcdstatus-q', 'lcdstatus-e', 'ins-list', 'dep-list', 'eqv-list'],
    version: '1',
  },
  run(ctx) {
    const h = buildHierarchy({
      long: ctx.documents('lcdstatus'),
      short: [...ctx.documents('lcdstatus-q'), ...ctx.documents('lcdstatus-e')],
      ins: ctx.documents('ins-list'),
      dep: ctx.documents('dep-list'),
      eqv: ctx.documents('eqv-list'),
    });
    if (h.sources.length === 0) {
      return notChecked(text(
        'no lcdstatus output or LCDI lists with resources in the archive (or LifeKeeper was not running)',
        'リソースを含む lcdstatus の出力や LCDI リストがアーカイブにありません(または LifeKeeper が停止していました)',
      ));
    }
    return h.roots;
  },
});
