// A PDF printer that keeps its Chromium running between exports, for a host
// that lives for a session (`lkanalyze serve`): starting Chromium, and even a
// new browser context (0.4 s to 0.7 s on a loaded machine), is most of a PDF
// export's time, so the second export of a session pays neither: it prints on
// the page the first one used, one export at a time. The browser is closed
// once idle for a while, and when the host stops.
import type { Browser, Page } from 'playwright-core';
import type { PdfPrinter } from './export.js';
import { launchChromium, printingPage, printOnPage } from './export.js';

/** How long a Chromium with nothing to print is kept. */
export const PRINTER_IDLE_MS = 5 * 60_000;

export class WarmPrinter {
  private browser: Promise<Browser> | null = null;
  private page: Promise<Page> | null = null;
  /** Prints one after another on the one page. */
  private queue: Promise<unknown> = Promise.resolve();
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
      const turn = this.queue.then(async () => printOnPage(await this.printing(), html, header, footer));
      this.queue = turn.catch(() => undefined);
      return await turn;
    } catch (err) {
      // A page that failed may be in any state: the next export gets a new one.
      this.page = null;
      throw err;
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
    this.page = null;
    if (running) await running.then((b) => b.close()).catch(() => undefined);
  }

  /** For good: the host is stopping. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }

  private printing(): Promise<Page> {
    this.page ??= this.started().then(printingPage);
    const page = this.page;
    page.catch(() => {
      if (this.page === page) this.page = null;
    });
    return page;
  }

  private started(): Promise<Browser> {
    if (!this.browser) {
      const starting = this.launch();
      this.browser = starting;
      // A Chromium that crashed or failed to start is not kept: the next print starts a fresh one.
      starting.then(
        (b) => b.on('disconnected', () => {
          if (this.browser === starting) {
            this.browser = null;
            this.page = null;
          }
        }),
        () => {
          if (this.browser === starting) this.browser = null;
        },
      );
    }
    return this.browser;
  }
}
