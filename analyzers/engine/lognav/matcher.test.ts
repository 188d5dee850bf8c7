// What a search accepts: an ASCII literal is a byte search, anything else a
// regex; a regex that backtracks catastrophically is refused by the check
// rule packs get, and the patterns people type into a search are not.
import { describe, expect, it } from 'vitest';
import { compileMatcher } from './matcher.js';

const compile = (pattern: string, regex = true, ignoreCase = false) => compileMatcher({ pattern, regex, ignoreCase });

describe('compileMatcher', () => {
  it('searches an ASCII literal as bytes, and a literal with -i or Japanese as a regex over decoded text', () => {
    expect(compile('Communication failure', false)).toMatchObject({ kind: 'bytes' });
    expect(compile('a.b', false, true)).toMatchObject({ kind: 'regex' });
    const ja = compile('エラー (1)', false);
    expect(ja).toMatchObject({ kind: 'regex' });
    if ('line' in ja) expect(ja.line.test('x エラー (1) y')).toBe(true);
  });

  it('refuses a regex that backtracks catastrophically, and says why', () => {
    for (const p of ['(a+)+$', '(\\w+\\s?)+$', '([a-z]+)*=', '(x+x+)+y']) {
      const m = compile(p);
      expect('refused' in m ? m.refused.en : 'accepted', p).toMatch(/backtracks/);
    }
  });

  it('refuses what the short runs let through: a counted or non-capturing repeat, a small exponential base', () => {
    // Each of these passed the check and then held grep on one line of 60,000 "a"s (or "ab"s) for more than a minute.
    for (const [p, why] of [['(a{1,30}){1,30}b', /backtracks:/], ['(?:a+){2,}b', /backtracks:/], ['((ab)*)*c', /backtracks:/]] as const) {
      const m = compile(p);
      expect('refused' in m ? m.refused.en : 'accepted', p).toMatch(why);
      if ('refused' in m) expect(m.refused.ja, p).toMatch(/バックトラック/);
    }
  });

  it('accepts the patterns a search is made of, quadratic ones over runs of their own letters included', () => {
    for (const p of ['foo.*bar', 'ERROR.*app-web', 'comm.*DEAD', '\\d{4}-\\d\\d-\\d\\d', '(WARN|ERROR):lcm', '^May \\d+', 'R\\w+ h', 'ERROR \\w+ failed']) {
      expect(compile(p), p).not.toHaveProperty('refused');
    }
  });

  // An alternation under a repeat whose branches can start alike: (a|ab)*c passed the timings (quadratic on their
  // short lines) and held a 64 KiB line of "a" for about 30 s.
  const ALTERNATIONS: Array<[pattern: string, ignoreCase: boolean, refused: RegExp | null]> = [
    ['(a|ab)*c', false, /branches "a" and "ab" of \(a\|ab\) can both start with "a"/],
    ['(ab|a)*c', false, /can both start with "a"/],
    ['(a|aa)+b', false, /can both start with "a"/],
    ['(?:x|x)*y', false, /can both start with "x"/],
    ['(\\w|\\d)+!', false, /branches "\\w" and "\\d" .* can both start with "0"/],
    ['(foo|f\\w+)*!', false, /can both start with "f"/],
    ['(?:a|[a-c])*d', false, /can both start with "a"/],
    ['((a|ab)x)+', false, /can both start with "a"/],
    ['(a|ab){2,}c', false, /can both start with "a"/],
    ['(a|ab){1,40}c', false, /can both start with "a"/],
    ['(?<word>a|ab)*c', false, /can both start with "a"/],
    ['(A|ab)*c', true, /can both start with "A"/],
    ['(a|)*b', false, /has an empty branch/],
    ['(a|b?)+c', false, /a branch that can match nothing \("a" or "b\?"\)/],
    ['(.|\\s)*x', false, /can both start with "\\u0009"/],
    // Accepted: no repeat, or branches that start apart, or a small repeat.
    ['(ERROR|WARN)', false, null],
    ['(foo|bar)+', false, null],
    ['\\d+', false, null],
    ['lk[a-z]+d', false, null],
    ['(WARN|ERROR):lcm', false, null],
    ['((ERROR|WARN) \\w+ )+', false, null],
    ['(\\s|,)+', false, null],
    ['(a|ab)c', false, null],
    ['(a|ab){2}c', false, null],
    ['((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}', false, null],
    ['(A|ab)*c', false, null],
    ['(?:[a-f]|[g-z])+!', false, null],
    ['(?=a|ab)+x', false, null],
    ['(x|\\(|\\))+', false, null],
    ['([|]|a)+b', false, null],
  ];

  it('refuses an alternation under a repeat whose branches can start alike, with the branches and the character named, and accepts the safe ones', () => {
    for (const [p, ignoreCase, refused] of ALTERNATIONS) {
      const m = compile(p, true, ignoreCase);
      if (refused === null) {
        expect(m, p).not.toHaveProperty('refused');
        continue;
      }
      expect('refused' in m ? m.refused.en : 'accepted', p).toMatch(refused);
      expect('refused' in m ? m.refused.en : '', p).toMatch(/^the regular expression can backtrack badly/);
      expect('refused' in m ? m.refused.ja : '', p).toMatch(/^正規表現が過度なバックトラックを起こすおそれがあるため実行しません。/);
    }
  });

  it('says the shared character and the branches in Japanese too', () => {
    const m = compile('(a|ab)*c');
    expect('refused' in m ? m.refused.ja : '').toContain('(a|ab) の選択肢「a」と「ab」はどちらも「a」で始まり');
  });

  it('refuses an empty pattern, a newline and an invalid regex', () => {
    expect(compile('', false)).toHaveProperty('refused');
    expect(compile('a\nb', false)).toHaveProperty('refused');
    expect(compile('(unclosed')).toHaveProperty('refused');
  });

  it('looks lines one by one when the pattern looks around (a lookahead could see past its line in a block)', () => {
    expect(compile('ok(?! now)')).toMatchObject({ perLine: true });
    expect(compile('ok now')).toMatchObject({ perLine: false });
  });
});
