// The one label table: every string in both languages.
import { describe, expect, it } from 'vitest';
import { LANGS } from '../analyzers/engine/plugin/text.js';
import { LABEL_KEYS, SENTENCES, componentLabel, inlineLabel, label, listOf, resyncKindLabel, skewBasisLabel } from './labels.js';

describe('labels', () => {
  it('have a non-empty text in every language', () => {
    for (const key of LABEL_KEYS) for (const lang of LANGS) expect(label(key, lang).trim(), `${key} (${lang})`).not.toBe('');
  });
  it('lower the first letter inside an English sentence only', () => {
    expect(inlineLabel('partlyChecked', 'en')).toBe('partly checked');
    expect(inlineLabel('kits', 'en')).toBe('kits');
    expect(inlineLabel('partlyChecked', 'ja')).toBe('一部のみ確認');
  });
  it('build every sentence in both languages, each with its values', () => {
    for (const lang of LANGS) {
      expect(SENTENCES.resyncSummary[lang](3, 2, '1.0 KiB', '2024-05-20 10:20:01', '')).toMatch(/3.*2.*1\.0 KiB.*2024-05-20 10:20:01/);
      expect(SENTENCES.lkscsidRestarts[lang](4, '2024-05-20 10:20:01', '')).toMatch(/4.*2024-05-20 10:20:01/);
      expect(SENTENCES.missingPeers[lang]('peer-a')).toContain('peer-a');
      expect(SENTENCES.earlierArchive[lang]('n1', 'old.tar.gz', 'unknown')).toMatch(/n1.*old\.tar\.gz.*unknown/);
      expect(SENTENCES.notSearched[lang](14)).toMatch(/14/);
      expect(SENTENCES.searchingRest[lang]('node1.tar.gz', 42)).toMatch(/node1\.tar\.gz.*42/);
    }
    expect(SENTENCES.notSearched.en(1)).toBe('1 member could not be read and was not searched: the archive ends or is damaged before it.');
    expect(SENTENCES.notSearched.en(14)).toMatch(/^14 members .* were not searched/);
    expect(SENTENCES.searchingRest.ja('a.tar.gz', 42)).toBe('メモリに保持していないメンバーを検索しています(a.tar.gz の 42% を読み込み済み)');
  });
  it('put a count after its noun in Japanese, with its counter word, and say "more" as さらに', () => {
    const counts = [{ label: label('critical', 'ja'), count: 1 }, { label: label('warning', 'ja'), count: 0 }];
    expect(SENTENCES.severityCounts.ja(counts)).toBe('重大 1 件・警告 0 件');
    expect(SENTENCES.severityCounts.en([{ label: 'Critical', count: 1 }, { label: 'Warning', count: 0 }])).toBe('1 critical · 0 warning');
    expect(SENTENCES.severityBadge.ja('重大', 3)).toBe('重大 3 件');
    expect(SENTENCES.moreEvidence.ja(1)).toBe('(該当箇所はほかに 1 行あります)');
    expect(SENTENCES.moreEvidence.en(5)).toBe('(+5 more lines of evidence)');
    expect(SENTENCES.showMore.ja(300)).toBe('さらに 300 件を表示');
    expect(SENTENCES.showMore.en(300)).toBe('+300 more');
    expect(SENTENCES.showEarlier.ja(1000)).toBe('それより前の 1000 件を表示');
    expect(SENTENCES.eventCount.ja(12)).toBe('(12 件)');
    expect(SENTENCES.membersRead.ja(15, 16, 0)).toBe('16 メンバー中 15 件 (うち未使用 0 件)');
  });
  it('name the timeline components, resync kinds and skew bases in Japanese, and keep an unknown one as it is', () => {
    expect(componentLabel('comm', 'ja')).toBe('コミュニケーションパス');
    expect(componentLabel('resource', 'ja')).toBe('リソース');
    expect(componentLabel('constructor', 'ja')).toBe('constructor');
    expect(resyncKindLabel('partial', 'ja')).toBe('部分再同期');
    expect(resyncKindLabel('full', 'ja')).toBe('完全再同期');
    expect(skewBasisLabel('communication failures logged by both sides', 2, 'ja')).toBe('両ノードが記録した通信障害 2 件から推定');
    expect(skewBasisLabel('reference node', 0, 'en')).toBe('reference node');
    expect(listOf(['a', 'b'], 'ja')).toBe('a、b');
  });
  it('join the reasons a check could not run as a list, without a sentence\'s 。 before the 、', () => {
    expect(SENTENCES.coveragePartial.ja(2, 0, 3, ['A がありません。', 'B がありません'], 0)).toBe('2 件のチェックを実行し、0 件で問題を検出しました。3 件は実行できませんでした(A がありません、B がありません)。');
  });
});
