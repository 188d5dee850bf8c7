// A one-line progress display on stderr, only on a terminal and only once
// reading has taken more than a second.
import type { Progress } from '../analyzers/engine/archive/archive.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';
import { safe } from '../presentation/sanitize.js';

const DELAY_MS = 1000;
const INTERVAL_MS = 100;
/** Some terminals (`script`, CI) report 0 columns, or none: a line is then drawn this wide. */
const FALLBACK_COLUMNS = 80;
const MIN_COLUMNS = 20;

function widthOf(columns: number | undefined): number {
  const c = columns && Number.isFinite(columns) && columns >= MIN_COLUMNS ? columns : FALLBACK_COLUMNS;
  return Math.floor(c) - 1;
}

function mb(n: number): string {
  return (n / 1e6).toFixed(n < 1e7 ? 1 : 0);
}

export class ProgressLine {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly lang: Lang,
  ) {}

  update(file: string, p: Progress): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.started < DELAY_MS || now - this.last < INTERVAL_MS) return;
    this.last = now;
    this.shown = true;
    const pct = p.totalBytes ? Math.floor((p.bytesRead / p.totalBytes) * 100) : 0;
    const verb = this.lang === 'ja' ? '読込中' : 'reading';
    // File and member names come from the user and the archive: shown as text, never as terminal commands.
    const name = safe(file.replace(/^.*[/\\]/, ''));
    const line = `${verb} ${name} ${pct}% (${mb(p.bytesRead)}/${mb(p.totalBytes)} MB) ${safe(p.member ?? '')}`;
    const width = widthOf(this.stream.columns);
    this.stream.write(`\r${line.slice(0, width).padEnd(width)}`);
  }

  clear(): void {
    if (!this.shown) return;
    const width = widthOf(this.stream.columns);
    this.stream.write(`\r${' '.repeat(width)}\r`);
    this.shown = false;
  }
}
