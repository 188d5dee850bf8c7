// The language of the CLI's messages and text report when --lang is not given: from the locale.
import type { Lang } from '../analyzers/engine/plugin/text.js';

export function defaultLang(env: NodeJS.ProcessEnv): Lang {
  const loc = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return /^ja/i.test(loc) ? 'ja' : 'en';
}
