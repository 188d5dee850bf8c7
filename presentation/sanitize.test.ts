// The terminal and display sanitizers: which characters each passes, and how the others are shown.
import { describe, expect, it } from 'vitest';
import { safe, visible, visibleDeep } from './sanitize.js';

describe('safe (terminal)', () => {
  it('shows escape sequences and bidi controls as \\uXXXX instead of sending them', () => {
    expect(safe('a\u001b[2Jb\u202ec\u2066d')).toBe('a\\u001b[2Jb\\u202ec\\u2066d');
    expect(safe('\u0000\u007f\u0085\u009b')).toBe('\\u0000\\u007f\\u0085\\u009b');
  });
  it('leaves tab, newline, Japanese and markup alone', () => {
    expect(safe('a\tb\nc 日本語 <b>')).toBe('a\tb\nc 日本語 <b>');
  });
  it('is idempotent: text made safe twice reads the same', () => {
    const once = safe('x\u001b\u202e');
    expect(safe(once)).toBe(once);
  });
});

describe('visible (display)', () => {
  it('marks every bidi control, the invisible marks included', () => {
    expect(visible('abc\u202Edef')).toBe('abc⟦U+202E⟧def');
    expect(visible('\u200e\u200f\u061c\u2069')).toBe('⟦U+200E⟧⟦U+200F⟧⟦U+061C⟧⟦U+2069⟧');
  });
  it('leaves control characters to the page, which shows them as text', () => {
    expect(visible('a\u001bb')).toBe('a\u001bb');
  });
  it('makes every string of a report-like value visible, in a copy', () => {
    const value = { a: ['x\u202e', { b: 'y\u2066' }], n: 1, z: null };
    const copy = visibleDeep(value);
    expect(copy).toEqual({ a: ['x⟦U+202E⟧', { b: 'y⟦U+2066⟧' }], n: 1, z: null });
    expect(value.a[0]).toBe('x\u202e');
  });
});
