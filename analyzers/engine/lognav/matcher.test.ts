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
