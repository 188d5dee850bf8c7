import type { Browser } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { WarmPrinter } from './warm-printer.js';

/** A stand-in for Chromium: counts launches, contexts, prints at once and closes; each print gives "%PDF-<n>". */
function fakeChromium() {
  const state = {
    launches: 0,
    closed: 0,
    contexts: 0,
    prints: 0,
    printing: 0,
    mostAtOnce: 0,
    launch: async (): Promise<Browser> => {
      state.launches++;
      const page = {
        route: async () => undefined,
        setContent: async () => {
          state.printing++;
          state.mostAtOnce = Math.max(state.mostAtOnce, state.printing);
          await new Promise((r) => setTimeout(r, 5));
        },
        pdf: async () => {
          state.printing--;
          return Buffer.from(`%PDF-${++state.prints}`);
        },
      };
      const browser = {
        on: () => browser,
        close: async () => void state.closed++,
        newContext: async () => {
          state.contexts++;
          return { newPage: async () => page };
        },
      };
      return browser as unknown as Browser;
    },
  };
  return state;
}

describe('the printer lkanalyze serve keeps warm', () => {
  it('starts Chromium once for several exports and prints them one at a time on one page', async () => {
    const chromium = fakeChromium();
    const printer = new WarmPrinter(60_000, chromium.launch);
    const [a, b] = await Promise.all([printer.print('<p>1', 'h', 'f'), printer.print('<p>2', 'h', 'f')]);
    const c = await printer.print('<p>3', 'h', 'f');
    expect([a, b, c].map((x) => x.toString())).toEqual(['%PDF-1', '%PDF-2', '%PDF-3']);
    expect([chromium.launches, chromium.contexts, chromium.mostAtOnce]).toEqual([1, 1, 1]);
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
    expect([chromium.launches, chromium.contexts]).toEqual([2, 2]);
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
