import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { literalCapture } from './pattern-rules.js';

const PATTERNS = join(import.meta.dirname, '../../patterns');
const builtIn = readdirSync(PATTERNS)
  .filter((f) => f.endsWith('.json') && f !== 'pack.json')
  .map((f) => JSON.parse(readFileSync(join(PATTERNS, f), 'utf8')) as { pattern?: string; flags?: string })
  .flatMap((r) => (r.pattern === undefined ? [] : [{ pattern: r.pattern, flags: r.flags ?? '' }]));

/** Texts made of the pattern's own pieces (its literal parts cut anywhere, the stop character) and a little noise. */
function texts(pattern: string): fc.Arbitrary<string> {
  const literals = pattern.split(/\(\?<[^>]*>\[\^.\]\*\)/).filter((p) => p !== '');
  const cuts = literals.flatMap((l) => [l, l.slice(0, Math.ceil(l.length / 2)), l.slice(Math.floor(l.length / 2)), l.slice(1)]);
  const stop = /\[\^(.)\]\*/.exec(pattern)?.[1] ?? '"';
  return fc.array(fc.oneof(fc.constantFrom(...cuts, stop, stop + stop), fc.string({ maxLength: 5 })), { maxLength: 10 }).map((parts) => parts.join(''));
}

describe('pattern rules matched without the regex', () => {
  it('takes the plain `prefix(?<name>[^C]*)suffix` patterns of the built-in pack, and no other shape', () => {
    expect(builtIn.filter((r) => literalCapture(r.pattern, r.flags)).length).toBeGreaterThanOrEqual(5);
    expect(literalCapture('a(?<x>[^"]*)"b', 'i')).toBeNull();
    expect(literalCapture('a.(?<x>[^"]*)"b', '')).toBeNull();
    expect(literalCapture('a(?<x>[^"]*)b"', '')).toBeNull();
    expect(literalCapture('a(?<x>[^"]+)"b', '')).toBeNull();
    expect(literalCapture('(?<x>[^"]*)"b', '')).toBeNull();
    expect(literalCapture('a(?<x>[^"]*)"b\\d', '')).toBeNull();
    expect(literalCapture('a(?<x>[^"]*)"b', '')?.capture('xa1"a2"b')).toBe('2');
  });

  it('captures what the regex captures, on any text made of the pattern\'s pieces', () => {
    const shapes = [...builtIn.filter((r) => literalCapture(r.pattern, r.flags)).map((r) => r.pattern), ':(?<t>[^:]*):124011:', 'ab(?<v>[^b]*)bab', 'x"(?<p>[^"]*)"'];
    for (const pattern of shapes) {
      const fast = literalCapture(pattern, '');
      expect(fast).not.toBeNull();
      const re = new RegExp(pattern);
      fc.assert(fc.property(texts(pattern), (text) => {
        expect(fast?.capture(text)).toBe(re.exec(text)?.groups?.[fast?.name ?? ''] ?? null);
      }), { numRuns: 3000 });
    }
  });
});
