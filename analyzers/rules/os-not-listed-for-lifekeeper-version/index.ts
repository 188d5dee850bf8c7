// Rule (linux-configuration 9.2 and 9.9.0; support-matrix §1.4): the node's
// OS release is not in SIOS's table of supported distributions for its
// LifeKeeper version. Only two versions' tables could be read, and only
// their start: where the readable part ends inside a distribution's rows, a
// later release is "not listed in the part of the table we have" (info),
// never "unsupported". A release missing from a section that was read whole
// is a warning; a row the table marks (RHEL 6.0 "Not Recommended") is info.
import { defineAnalyzer } from '../../engine/plugin/analyzer.js';
import { SOURCES } from '../../engine/plugin/sources.js';
import type { Text } from '../../engine/plugin/text.js';
import { listing, osMinor, supportTableFor } from '../../shared/support-matrix.js';

export default defineAnalyzer({
  meta: {
    id: 'os-not-listed-for-lifekeeper-version',
    kind: 'rule',
    title: { en: 'OS release not listed for this LifeKeeper version', ja: 'この LifeKeeper バージョンのサポート一覧にない OS リリース' },
    severity: 'warning',
    inputs: [],
    needs: ['lifekeeper-version', 'os-release'],
    references: [SOURCES.linuxConfig, SOURCES.linuxConfig92],
    action: { en: 'Check SIOS\'s supported OS list for this LifeKeeper version; upgrade LifeKeeper or the OS.', ja: 'この LifeKeeper バージョンのサポート OS 一覧を確認し、LifeKeeper または OS を更新してください。' },
    version: '1',
  },
  run(ctx) {
    const lk = ctx.fact('lifekeeper-version');
    const os = ctx.fact('os-release');
    if (!lk?.version || !lk.evidence || !os) return;
    const table = supportTableFor(lk.version);
    if (!table) return;
    const minor = osMinor(os.version);
    const where = listing(table, os.id, minor);
    const name = `${os.name} ${minor}`;
    const base = { lk: `LifeKeeper ${lk.version}`, table: `SIOS's table for LifeKeeper ${table.lifekeeper}` };
    let f: { severity: 'warning' | 'info'; title: Text; summary: Text; action?: Text } | null = null;
    if (where.kind === 'not-listed') {
      f = {
        severity: 'warning',
        title: { en: `${name} is not listed for ${base.lk}`, ja: `${name} は ${base.lk} のサポート一覧にありません` },
        summary: {
          en: `The node runs ${base.lk} on ${name}. ${base.table} of supported distributions lists the ${os.name} releases it certifies, and ${minor} is not among them: the combination is outside what SIOS lists for this version.`,
          ja: `このノードは ${name} 上で ${base.lk} を使用しています。SIOS の ${table.lifekeeper} のサポート一覧は認定した ${os.name} のリリースを挙げていますが、${minor} は含まれていません。この組み合わせは、このバージョンで SIOS が挙げる範囲外です。`,
        },
      };
    } else if (where.kind === 'past-readable-part') {
      f = {
        severity: 'info',
        action: { en: 'Check SIOS\'s current list of supported releases for this LifeKeeper version.', ja: 'この LifeKeeper バージョンのサポート対象リリースを SIOS の最新の一覧で確認してください。' },
        title: { en: `${name} is not listed in the part of the table we have (supported releases for LifeKeeper ${table.lifekeeper})`, ja: `${name} は入手できた範囲の表にはありません(LifeKeeper ${table.lifekeeper} のサポート対象リリース)` },
        summary: {
          en: `The node runs ${base.lk} on ${name}. The part of ${base.table} that could be read lists ${os.name} up to ${where.lastRow} and stops there: ${minor} is not listed in the part of the table we have. That alone says nothing about support: check SIOS's current table.`,
          ja: `このノードは ${name} 上で ${base.lk} を使用しています。SIOS の ${table.lifekeeper} のサポート一覧は、読み取れた範囲では ${os.name} ${where.lastRow} までで途切れており、${minor} は入手できた範囲の表にはありません。サポート対象外という意味ではありません。SIOS の最新の一覧を確認してください。`,
        },
      };
    } else if (where.kind === 'listed' && where.note) {
      f = {
        severity: 'info',
        action: { en: 'Plan a move to a release the table lists without a note.', ja: '注記のない、一覧にあるリリースへの移行を計画してください。' },
        title: { en: `${name} is listed as "${where.note}" for ${base.lk}`, ja: `${name} は ${base.lk} では「${where.note}」とされています` },
        summary: {
          en: `${base.table} lists ${name} with the note "${where.note}".`,
          ja: `SIOS の ${table.lifekeeper} のサポート一覧では、${name} に「${where.note}」と記載されています。`,
        },
      };
    }
    if (!f) return;
    ctx.report({
      ...f,
      remediation: {
        en: `Check SIOS's list of supported distributions and kernels for ${base.lk}. If the OS release is not supported, upgrade LifeKeeper to a version that supports it (at most two versions at a time) or use a supported OS release.`,
        ja: `${base.lk} のサポート対象ディストリビューションとカーネルの一覧を確認してください。サポート対象外の OS リリースの場合は、その OS をサポートする LifeKeeper のバージョンにアップグレードする(一度に 2 バージョン先まで)か、サポート対象の OS リリースを使用してください。`,
      },
      evidence: [lk.evidence, ...os.evidence.slice(0, 1)],
    });
  },
});
