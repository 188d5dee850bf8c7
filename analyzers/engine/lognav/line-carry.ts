// The unfinished last line of a chunk, carried into the next: kept up to
// MAX_LINE_BYTES, the bytes past that counted, so one endless line holds
// memory bounded whatever its length.
import { MAX_LINE_BYTES } from '../lines/lines.js';

export class LineCarry {
  private parts: Buffer[] = [];
  private bytes = 0;
  /** Bytes of the carried line past MAX_LINE_BYTES: counted, not kept. */
  private dropped = 0;

  /** Whether a line is being carried. */
  get pending(): boolean {
    return this.bytes > 0 || this.dropped > 0;
  }

  add(part: Buffer): void {
    const room = MAX_LINE_BYTES - this.bytes;
    if (part.length > room) {
      this.dropped += part.length - Math.max(room, 0);
      part = part.subarray(0, Math.max(room, 0));
    }
    if (part.length === 0) return;
    // Copied: the stream reuses a chunk's memory once the write returns.
    this.parts.push(Buffer.from(part));
    this.bytes += part.length;
  }

  /** The carried line (its kept bytes, and how many were cut), and the carry emptied. */
  take(): { line: Buffer; dropped: number } {
    const taken = { line: Buffer.concat(this.parts, this.bytes), dropped: this.dropped };
    this.parts = [];
    this.bytes = 0;
    this.dropped = 0;
    return taken;
  }

}
