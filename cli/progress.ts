// A one-line progress display on stderr, only on a terminal and only once
// reading has taken more than a second.
import type { Progress } from '../analyzers/engine/archive/archive.js';
import type { Lang } from '../analyzers/engine/plugin/text.js';

const DELAY_MS = 1000;
const INTERVAL_MS = 100;

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
    const name = file.replace(/^.*[/\\]/, '');
    const line = `${verb} ${name} ${pct}% (${mb(p.bytesRead)}/${mb(p.totalBytes)} MB) ${p.member ?? ''}`;
    const width = (this.stream.columns ?? 80) - 1;
    this.stream.write(`\r${line.slice(0, width).padEnd(width)}`);
  }

  clear(): void {
    if (!this.shown) return;
    const width = (this.stream.columns ?? 80) - 1;
    this.stream.write(`\r${' '.repeat(width)}\r`);
    this.shown = false;
  }
}
