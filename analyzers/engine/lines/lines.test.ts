import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLine, looksBinary } from './decode.js';
import type { MemberRef, SourceLine } from './lines.js';
import { documentEvidence, evidenceOf, LineScanner, MAX_LINE_BYTES, splitDocument } from './lines.js';

const member: MemberRef = { path: 'var/log/lifekeeper.log', input: 'lifekeeper-log', mtime: null };

function scan(chunks: Buffer[], keywords: string[] | null): { seen: SourceLine[]; scanner: LineScanner } {
  const seen: SourceLine[] = [];
  const scanner = new LineScanner(member, [{ keywords: keywords?.map((k) => Buffer.from(k)) ?? null, onLine: (l) => seen.push(l) }]);
  for (const c of chunks) scanner.write(c);
  scanner.end();
  return { seen, scanner };
}

/** Every way to cut a buffer into two chunks. */
function everySplit(text: string): Buffer[][] {
  const b = Buffer.from(text);
  return Array.from({ length: b.length + 1 }, (_, i) => [b.subarray(0, i), b.subarray(i)]);
}

describe('LineScanner', () => {
  const text = 'alpha\r\nbeta 104009 x\nno\n\ngamma 007046\nlast 104009';

  it('numbers lines from 1, strips CR, keeps a last line without newline', () => {
    const { seen, scanner } = scan([Buffer.from(text)], null);
    expect(seen.map((l) => `${l.line}:${l.text}`)).toEqual(['1:alpha', '2:beta 104009 x', '3:no', '4:', '5:gamma 007046', '6:last 104009']);
    expect(scanner.stats.lines).toBe(6);
  });

  it('records every encoding of the lines it hands over, in whatever order they come (added only when it changes)', () => {
    const sjis = Buffer.from([0x82, 0xa0, 0x20, 0x31, 0x30, 0x34, 0x30, 0x30, 0x39]); // あ 104009 in Shift_JIS
    for (const order of [['a 104009', sjis, 'b 104009'], [sjis, 'a 104009', sjis], ['a 104009', 'b 104009']] as const) {
      const bytes = Buffer.concat(order.flatMap((l) => [typeof l === 'string' ? Buffer.from(l) : l, Buffer.from('\n')]));
      const { scanner } = scan([bytes], ['104009']);
      expect([...scanner.stats.encodings].sort()).toEqual(order.some((l) => typeof l !== 'string') ? ['shift_jis', 'utf-8'] : ['utf-8']);
    }
  });

  it('hands a keyword watcher only its lines, with the right numbers, however the chunks fall', () => {
    for (const chunks of everySplit(text)) {
      const { seen } = scan(chunks, ['104009', '007046']);
      expect(seen.map((l) => `${l.line}:${l.text}`)).toEqual(['2:beta 104009 x', '5:gamma 007046', '6:last 104009']);
    }
  });

  it('finds many keywords (the regex path) as the native search does, however the chunks fall', () => {
    const many = ['104009', '007046', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'x.y'];
    for (const chunks of everySplit(`${text}\nzz x.y\nzz xzy\n`)) {
      const { seen } = scan(chunks, many);
      expect(seen.map((l) => l.line)).toEqual([2, 5, 6, 7]);
    }
  });

  it('keeps exactly the lines holding a keyword, with their context, for any mix of short (native) and long (multi-pattern) keywords and any chunking', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', ':', '0', '1', ' '), minLength: 1, maxLength: 9 });
    fc.assert(fc.property(
      fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ':', '0', '1', ' '), maxLength: 40 }), { maxLength: 30 }),
      fc.uniqueArray(word, { minLength: 1, maxLength: 8 }),
      fc.array(fc.nat(), { maxLength: 5 }),
      (lines, keywords, cuts) => {
        const joined = lines.join('\n');
        const bytes = Buffer.from(joined);
        // A final newline ends the last line; it does not start another.
        lines = joined === '' ? [] : (joined.endsWith('\n') ? joined.slice(0, -1) : joined).split('\n');
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
        const chunks = [0, ...at].map((start, i) => bytes.subarray(start, at[i] ?? bytes.length));
        const expected = lines.flatMap((l, i) => (keywords.some((k) => l.includes(k)) ? [{ line: i + 1, before: lines.slice(Math.max(0, i - 2), i), after: lines.slice(i + 1, i + 3) }] : []));
        expect(scan(chunks, keywords).seen.map((l) => ({ line: l.line, before: l.context.before, after: l.context.after }))).toEqual(expected);
      },
    ), { numRuns: 1000 });
  });

  it('gives each watcher its own keywords when several share a member', () => {
    const a: number[] = [];
    const b: number[] = [];
    const s = new LineScanner(member, [
      { keywords: [Buffer.from('104009')], onLine: (l) => a.push(l.line) },
      { keywords: [Buffer.from('gamma')], onLine: (l) => b.push(l.line) },
    ]);
    s.write(Buffer.from(text));
    s.end();
    expect(a).toEqual([2, 6]);
    expect(b).toEqual([5]);
  });

  it('cuts an overlong line at the bound and counts it', () => {
    const long = 'x'.repeat(MAX_LINE_BYTES * 3);
    const chunks = [Buffer.from(`a\n${long.slice(0, 1000)}`), Buffer.from(long.slice(1000)), Buffer.from('\nb\n')];
    const { seen, scanner } = scan(chunks, null);
    expect(seen.map((l) => l.text.length)).toEqual([1, MAX_LINE_BYTES, 1]);
    expect(seen[2]?.line).toBe(3);
    expect(scanner.stats.truncatedLines).toBe(1);
  });

  it('shows at most 2 KiB of a line as evidence, saying how many bytes of the line as read were left out', () => {
    const long = 'x'.repeat(MAX_LINE_BYTES * 3);
    // Carried over two chunks (the whole line's length is counted), and whole in one chunk.
    const { seen } = scan([Buffer.from(`a\n${long.slice(0, 1000)}`), Buffer.from(long.slice(1000)), Buffer.from(`\n${'y'.repeat(5000)}\nb\n`)], null);
    expect(evidenceOf(seen[1] as SourceLine).text).toBe(`${'x'.repeat(2048)}… (+${(MAX_LINE_BYTES * 3 - 2048).toLocaleString('en-US')} bytes)`);
    expect(evidenceOf(seen[2] as SourceLine).text).toBe(`${'y'.repeat(2048)}… (+2,952 bytes)`);
    expect(evidenceOf(seen[3] as SourceLine).text).toBe('b');
    const doc = { path: 'cmd/x', lines: ['a'.repeat(600), 'b'.repeat(3000), 'c'] };
    expect(documentEvidence(doc, 1)).toEqual({ path: 'cmd/x', line: 2, text: `${'b'.repeat(2048)}… (+952 bytes)`, before: [`${'a'.repeat(512)}… (+88 bytes)`], after: ['c'] });
  });

  it('stops handing lines over once the examined-lines bound closes, and only counts the rest', () => {
    let left = 2;
    const seen: SourceLine[] = [];
    const scanner = new LineScanner(member, [{ keywords: [Buffer.from('104009')], onLine: (l) => seen.push(l) }], true, () => left-- > 0);
    for (let i = 0; i < 3; i++) scanner.write(Buffer.from('x 104009\nquiet\n'.repeat(2)));
    scanner.end();
    expect(seen.map((l) => l.line)).toEqual([1, 3]);
    expect(scanner.stats.lines).toBe(12);
    expect(scanner.stats.unexamined).toBe(8);
  });

  it('splits a whole document the same way', () => {
    expect(splitDocument(Buffer.from('a\r\nb\n')).lines).toEqual(['a', 'b']);
  });
});

describe('decodeLine', () => {
  it('keeps UTF-8 as it is', () => {
    expect(decodeLine(Buffer.from('リソース ISP'))).toEqual({ text: 'リソース ISP', encoding: 'utf-8' });
  });

  it('decodes Shift_JIS and EUC-JP lines', () => {
    const sjis = Buffer.from([0x83, 0x8a, 0x83, 0x5c, 0x81, 0x5b, 0x83, 0x58]); // リソース
    const euc = Buffer.from([0xa5, 0xea, 0xa5, 0xbd, 0xa1, 0xbc, 0xa5, 0xb9]); // リソース
    expect(decodeLine(sjis)).toEqual({ text: 'リソース', encoding: 'shift_jis' });
    expect(decodeLine(euc)).toEqual({ text: 'リソース', encoding: 'euc-jp' });
  });

  it('keeps an undecodable line, with replacement characters, instead of losing it', () => {
    const d = decodeLine(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x80]));
    expect(d.encoding).toBe('invalid');
    expect(d.text.startsWith('a')).toBe(true);
  });

  it('shows NUL runs as one visible mark', () => {
    expect(decodeLine(Buffer.from('a\0\0\0b')).text).toBe('a\u2400b');
  });

  it('turns any bytes into text with an encoding, never throwing, and keeps valid UTF-8 as it is', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      const d = decodeLine(bytes);
      expect(['utf-8', 'shift_jis', 'euc-jp', 'invalid']).toContain(d.encoding);
      expect(typeof d.text).toBe('string');
    }), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }).filter((t) => !t.includes('\0')), (t) => {
      expect(decodeLine(Buffer.from(t))).toEqual({ text: t, encoding: 'utf-8' });
    }), { numRuns: 1000 });
  });

  it('decodes a 64 KiB line of lead bytes in linear time', () => {
    for (const b of [0x81, 0x8e, 0xa1, 0xff]) {
      const t = performance.now();
      decodeLine(Buffer.alloc(MAX_LINE_BYTES, b));
      expect(performance.now() - t).toBeLessThan(500);
    }
  });
});

describe('looksBinary', () => {
  it('tells ELF and random bytes from text, and from logs with NUL runs', () => {
    expect(looksBinary(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]))).toBe(true);
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) & 0xff));
    expect(looksBinary(random)).toBe(true);
    expect(looksBinary(Buffer.from('May 20 10:13:20 host prog[1]: text\n'.repeat(50)))).toBe(false);
    expect(looksBinary(Buffer.concat([Buffer.alloc(100), Buffer.from('text line\n'.repeat(40))]))).toBe(false);
    expect(looksBinary(Buffer.from('a\u0001b\u0001c\n'))).toBe(false);
    expect(looksBinary(Buffer.alloc(4096))).toBe(true);
  });
});

describe('context lines', () => {
  const log = ['l1', 'l2', 'l3 104009', 'l4', 'l5', 'l6', 'l7 104009', 'l8'].join('\n');
  it('keeps two lines before and after each kept line, however the chunks fall', () => {
    for (const chunks of everySplit(log)) {
      const { seen } = scan(chunks, ['104009']);
      expect(seen.map((l) => [l.line, l.context.before, l.context.after]), chunks.map((c) => c.toString()).join('|')).toEqual([
        [3, ['l1', 'l2'], ['l4', 'l5']],
        [7, ['l5', 'l6'], ['l8']],
      ]);
    }
  });
  it('has no before context for the first line and none after the last', () => {
    const { seen } = scan([Buffer.from('104009 first\nx\n')], ['104009']);
    expect(seen[0]?.context).toEqual({ before: [], after: ['x'] });
  });
});

describe('lines between hits, counted rather than walked', () => {
  it('numbers and gives context to sparse hits in long texts as walking every line would, with CR, empty and unfinished lines, however the chunks fall', () => {
    // Two long keywords, so the multi-keyword search (which counts the lines it skips) is what runs.
    const keywords = ['needle', 'pin:00'];
    const plain = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '0', ':', '\r'), maxLength: 30 });
    const hit = fc.constantFrom('a needle', 'needle', 'pin:00 x', 'x pin:00\r', 'needle pin:00');
    fc.assert(fc.property(
      // Lines without a keyword, and a few hits put in at any places: hundreds of lines apart, next to each other, first, last.
      fc.array(plain, { maxLength: 600, size: 'max' }),
      fc.array(fc.tuple(fc.nat(), hit), { maxLength: 6 }),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 6 }),
      (plainLines, hits, finalNewline, cuts) => {
        const ls = [...plainLines];
        for (const [at, h] of hits) ls.splice(at % (ls.length + 1), 0, h);
        const joined = ls.join('\n') + (finalNewline && ls.length > 0 ? '\n' : '');
        const bytes = Buffer.from(joined);
        const lines = joined === '' ? [] : (joined.endsWith('\n') ? joined.slice(0, -1) : joined).split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
        const chunks = [0, ...at].map((start, i) => bytes.subarray(start, at[i] ?? bytes.length));
        const expected = lines.flatMap((l, i) => (keywords.some((k) => l.includes(k)) ? [{ line: i + 1, text: l, before: lines.slice(Math.max(0, i - 2), i), after: lines.slice(i + 1, i + 3) }] : []));
        const { seen, scanner } = scan(chunks, keywords);
        expect(seen.map((l) => ({ line: l.line, text: l.text, before: l.context.before, after: l.context.after }))).toEqual(expected);
        expect(scanner.stats.lines).toBe(lines.length);
      },
    ), { numRuns: 1500 });
  });
});
