import { afterEach, describe, expect, it, vi } from 'vitest';
import { warmIcuCaches } from './icu-warm.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ICU's caches made at a worker's start", () => {
  it('uses the collator, the en-US number format and the local time zone once', () => {
    const compare = vi.spyOn(String.prototype, 'localeCompare');
    const format = vi.spyOn(Number.prototype, 'toLocaleString');
    const zone = vi.spyOn(Date.prototype, 'getTimezoneOffset');
    warmIcuCaches();
    expect(compare).toHaveBeenCalledTimes(1);
    expect(format).toHaveBeenCalledWith('en-US');
    expect(zone).toHaveBeenCalledTimes(1);
  });
});
