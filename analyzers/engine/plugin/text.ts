// Bilingual strings: every user-facing text of the engine exists in English and Japanese.

export type Lang = 'en' | 'ja';
export const LANGS: readonly Lang[] = ['en', 'ja'];

export interface Text {
  en: string;
  ja: string;
}

export function text(en: string, ja: string): Text {
  return { en, ja };
}

/** Picks the language of a bilingual text. */
export function pick(t: Text, lang: Lang): string {
  return t[lang];
}

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'ja';
}
