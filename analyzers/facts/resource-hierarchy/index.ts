// Fact: the resource hierarchies, as root resources with nested children.
import { defineAnalyzer, notChecked } from '../../engine/plugin/analyzer.js';
import { text } from '../../engine/plugin/text.js';
import { clipName, MAX_RESOURCES, MAX_TREE_DEPTH } from '../../engine/run/budget.js';
import type { Resource } from './build.js';
import { buildHierarchy } from './build.js';
import { linuxStatusDocuments, WINDOWS_STATUS_REASON } from '../../shared/formats/lcdstatus.js';
import { HIERARCHY } from '../../shared/glossary.js';
import { counted } from '../../shared/plural.js';

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
    title: { en: 'Resource hierarchies', ja: HIERARCHY.ja },
    inputs: ['lcdstatus', 'lcdstatus-q', 'lcdstatus-e', 'ins-list', 'dep-list', 'eqv-list'],
    version: '1',
  },
  run(ctx) {
    const short = linuxStatusDocuments([...ctx.documents('lcdstatus-q'), ...ctx.documents('lcdstatus-e')]);
    if (short.windows) ctx.foreign(WINDOWS_STATUS_REASON);
    const h = buildHierarchy({
      long: ctx.documents('lcdstatus'),
      short: short.linux,
      ins: ctx.documents('ins-list'),
      dep: ctx.documents('dep-list'),
      eqv: ctx.documents('eqv-list'),
    });
    for (const u of h.unread) ctx.unread(u.doc, u.lines);
    if (h.dropped > 0) {
      ctx.note(text(
        `the archive lists more than ${MAX_RESOURCES} resources: the first ${MAX_RESOURCES} are in the hierarchy, ${h.dropped} more were counted, not shown`,
        `アーカイブのリソースが ${MAX_RESOURCES} 個を超えています。最初の ${MAX_RESOURCES} 個を階層に示し、残り ${h.dropped} 個は件数のみ数えました`,
      ));
    }
    if (h.reRooted.length > 0) {
      const first = h.reRooted.slice(0, 3).map((t) => clipName(t, 64)).join(', ');
      ctx.note(text(
        `${counted(h.reRooted.length, 'resource')} ${h.reRooted.length === 1 ? 'hangs' : 'hang'} more than ${MAX_TREE_DEPTH} levels deep (${first}${h.reRooted.length > 3 ? ', …' : ''}): each is shown as the root of a tree of its own, referenced where it hangs`,
        `${h.reRooted.length} 個のリソースが ${MAX_TREE_DEPTH} 階層より深くにあります (${first}${h.reRooted.length > 3 ? '、…' : ''})。それぞれ独立したツリーのルートとして示し、元の位置では参照として示します`,
      ));
    }
    if (h.sources.length === 0) {
      if (short.windows) return notChecked(WINDOWS_STATUS_REASON);
      // Say which of three different things it was: nothing to read, LifeKeeper stopped, or rows that could not be read.
      if (h.notRunning) {
        return notChecked(text('lcdstatus says LifeKeeper was not running: it printed no resources', 'lcdstatus によると LifeKeeper は停止しており、リソースは出力されていません'));
      }
      const unreadRows = h.unread.reduce((n, u) => n + u.lines.length, 0);
      if (unreadRows > 0) {
        return notChecked(text(
          `the status output is there, but none of its resource rows could be read (${counted(unreadRows, 'line')} not understood: see what could not be read)`,
          `ステータス出力はありますが、リソースの行を読み取れませんでした(解釈できない行 ${unreadRows} 行: 「読み込めなかったもの」を参照)`,
        ));
      }
      return notChecked(h.statusDocuments > 0
        ? text('the status output lists no resources (no hierarchy is defined)', 'ステータス出力にリソースがありません(階層が定義されていません)')
        : text('no lcdstatus output or LCDI lists in the archive', 'アーカイブに lcdstatus の出力や LCDI リストがありません'));
    }
    return h.roots;
  },
});
