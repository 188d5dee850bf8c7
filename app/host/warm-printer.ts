// A PDF printer that keeps its Chromium running between exports, for a host
// that lives for a session (`lkanalyze serve`): starting Chromium is most of a
// PDF export's time, so the second export of a session does not pay it again.
// The browser is closed once idle for a while, and when the host stops.
import type { Browser } from 'playwright-core';
import type { PdfPrinter } from './export.js';
import { launchChromium, printOn } from './export.js';

/** How long a Chromium with nothing to print is kept. */
export const PRINTER_IDLE_MS = 5 * 60_000;

export class WarmPrinter {
  private browser: Promise<Browser> | null = null;
  private busy = 0;
  private idle: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly idleMs = PRINTER_IDLE_MS,
    private readonly launch: () => Promise<Browser> = launchChromium,
  ) {}

  /** Whether a Chromium is running (or starting) now. */
  get warm(): boolean {
    return this.browser !== null;
  }

  readonly print: PdfPrinter = async (html, header, footer) => {
    if (this.closed) throw new Error('the printer was closed');
    this.busy++;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    try {
      const browser = await this.started();
      return await printOn(browser, html, header, footer);
    } finally {
      this.busy--;
      if (this.busy === 0 && !this.closed) {
        this.idle = setTimeout(() => void this.stop(), this.idleMs);
        this.idle.unref();
      }
    }
  };

  /** Closes the Chromium now, if one runs; the next print starts another. */
  async stop(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const running = this.browser;
    this.browser = null;
    if (running) await running.then((b) => b.close()).catch(() => undefined);
  }

  /** For good: the host is stopping. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }

  private started(): Promise<Browser> {
    if (!this.browser) {
      const starting = this.launch();
      this.browser = starting;
      // A Chromium that crashed or failed to start is not kept: the next print starts a fresh one.
      starting.then(
        (b) => b.on('disconnected', () => {
          if (this.browser === starting) this.browser = null;
        }),
        () => {
          if (this.browser === starting) this.browser = null;
        },
      );
    }
    return this.browser;
  }
}
