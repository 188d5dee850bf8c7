// The one label table: every string in both languages.
import { describe, expect, it } from 'vitest';
import { LANGS } from '../analyzers/engine/plugin/text.js';
import { LABEL_KEYS, SENTENCES, inlineLabel, label } from './labels.js';

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
    }
  });
});
