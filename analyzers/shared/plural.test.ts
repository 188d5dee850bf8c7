import { describe, expect, it } from 'vitest';
import { counted } from './plural.js';

describe('counted', () => {
  it('says one thing in the singular and any other number in the plural', () => {
    expect(counted(1, 'time')).toBe('1 time');
    expect(counted(0, 'time')).toBe('0 times');
    expect(counted(2, 'partial resync', 'partial resyncs')).toBe('2 partial resyncs');
  });
});
