import type { Browser } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { WarmPrinter } from './warm-printer.js';

/** A stand-in for Chromium: counts launches, contexts and closes; each print gives "%PDF-<n>". */
function fakeChromium(): { launch: () => Promise<Browser>; launches: number; closed: number; contexts: number; open: number } {
  const state = { launches: 0, closed: 0, contexts: 0, open: 0, launch: async (): Promise<Browser> => {
    state.launches++;
    const browser = {
      on: () => browser,
      close: async () => void state.closed++,
      newContext: async () => {
        const n = ++state.contexts;
        state.open++;
        return {
          newPage: async () => ({ route: async () => undefined, setContent: async () => undefined, pdf: async () => Buffer.from(`%PDF-${n}`) }),
          close: async () => void state.open--,
        };
      },
    };
    return browser as unknown as Browser;
  } };
  return state;
}

describe('the printer lkanalyze serve keeps warm', () => {
  it('starts Chromium once for several exports, each in a context of its own that is closed after', async () => {
    const chromium = fakeChromium();
    const printer = new WarmPrinter(60_000, chromium.launch);
    const [a, b] = await Promise.all([printer.print('<p>1', 'h', 'f'), printer.print('<p>2', 'h', 'f')]);
    const c = await printer.print('<p>3', 'h', 'f');
    expect([a, b, c].map((x) => x.toString()).sort()).toEqual(['%PDF-1', '%PDF-2', '%PDF-3']);
    expect([chromium.launches, chromium.contexts, chromium.open]).toEqual([1, 3, 0]);
    expect(printer.warm).toBe(true);
    await printer.close();
    expect(chromium.closed).toBe(1);
    expect(printer.warm).toBe(false);
    await expect(printer.print('<p>4', 'h', 'f')).rejects.toThrow(/closed/);
  });

  it('closes Chromium when idle, and starts another for the next export', async () => {
    const chromium = fakeChromium();
    const printer = new WarmPrinter(5, chromium.launch);
    await printer.print('<p>1', 'h', 'f');
    await vi.waitFor(() => expect(chromium.closed).toBe(1));
    expect(printer.warm).toBe(false);
    await printer.print('<p>2', 'h', 'f');
    expect(chromium.launches).toBe(2);
    await printer.close();
  });

  it('does not keep a Chromium that failed to start', async () => {
    let calls = 0;
    const printer = new WarmPrinter(60_000, async () => {
      calls++;
      throw new Error('no Chromium');
    });
    await expect(printer.print('<p>', 'h', 'f')).rejects.toThrow('no Chromium');
    await expect(printer.print('<p>', 'h', 'f')).rejects.toThrow('no Chromium');
    expect(calls).toBe(2);
    await printer.close();
  });
});
